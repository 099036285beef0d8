"""Options of the bootstrap and of the sensitivity analysis, declared once: the library
functions validate with them and the study config's ``robustness`` block is built from
them (same names, values and defaults)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..coupling import COUPLING_MODELS
from ..indices import POOLING, SCORING, TOPSIS_MATRICES

__all__ = ["SCHEMES", "INTERVALS", "FACTORS", "DESIGNS", "BootstrapOptions",
           "SensitivityOptions"]

#: Resampling schemes of the bootstrap.
SCHEMES = ("within_year", "cluster")
#: Interval methods of the bootstrap.
INTERVALS = ("percentile", "bca")
#: The methodological choices a sensitivity analysis varies, in order.
FACTORS = ("weighting", "normalization", "scoring", "pooling", "coupling")
#: How the runs of a sensitivity analysis are chosen.
DESIGNS = ("auto", "factorial", "monte_carlo")
#: TOPSIS matrices a sensitivity analysis may try (the declared ones, less raw data, whose
#: units would weigh the indicators).
NORMALIZATIONS = tuple(m for m in TOPSIS_MATRICES if m != "raw")


class BootstrapOptions(BaseModel):
    """Bootstrap of the weights and of everything computed from them (docs/methods.md,
    "Robustness")."""

    model_config = ConfigDict(extra="forbid")

    replicates: int = Field(1000, ge=20, le=100_000, description="bootstrap replicates B")
    scheme: Literal[SCHEMES] = Field(  # type: ignore[valid-type]
        "within_year", description="within_year: regions drawn with replacement in each year "
                                   "separately; cluster: regions drawn with their whole series")
    interval: Literal[INTERVALS] = Field(  # type: ignore[valid-type]
        "percentile", description="percentile, or bca (bias-corrected and accelerated, "
                                  "acceleration from the leave-one-region-out jackknife)")
    level: float = Field(0.95, gt=0.5, lt=1.0, description="confidence level of the intervals")


class SensitivityOptions(BaseModel):
    """Uncertainty and sensitivity analysis over the methodological choices (docs/methods.md,
    "Robustness"). Each list gives the alternatives tried besides the configured choice
    (which is always a level, the baseline)."""

    model_config = ConfigDict(extra="forbid")

    weighting: list[Any] = Field(
        default_factory=lambda: ["entropy", "critic", "equal"],
        description="weighting methods (names or blocks with options), applied to every system")
    normalization: list[Literal[NORMALIZATIONS]] = Field(  # type: ignore[valid-type]
        default_factory=lambda: ["minmax", "vector"],
        description="matrix of TOPSIS (min-max, proportions of min-max values, vector-"
                    "normalized raw data); no effect on weighted sums")
    scoring: list[Literal[tuple(SCORING)]] = Field(  # type: ignore[valid-type]
        default_factory=lambda: list(SCORING), description="scoring methods")
    pooling: list[Literal[POOLING]] = Field(  # type: ignore[valid-type]
        default_factory=lambda: list(POOLING), description="weights pooled or per year")
    coupling: list[Literal[tuple(COUPLING_MODELS)]] = Field(  # type: ignore[valid-type]
        default_factory=lambda: list(COUPLING_MODELS), description="coupling degree formulas")
    runs: int = Field(1000, ge=10, le=1_000_000,
                      description="Monte Carlo runs (a full factorial is used when it has "
                                  "no more combinations than this, unless design says otherwise)")
    design: Literal[DESIGNS] = Field(  # type: ignore[valid-type]
        "auto", description="auto: full factorial when small, else Monte Carlo; factorial; "
                            "monte_carlo (levels drawn independently and uniformly)")
    weight_noise: float = Field(
        0.0, ge=0.0, lt=1.0, description="each run multiplies every weight by a uniform "
                                         "factor in [1 - noise, 1 + noise] and renormalises "
                                         "(0: off); forces the Monte Carlo design")
