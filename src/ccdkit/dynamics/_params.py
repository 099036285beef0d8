"""The dynamics step's options, declared once (type, default, bounds, meaning): the
library functions take the same values with the same defaults (a test checks their
signatures against this declaration) and the study config's ``dynamics`` block is this
model plus what the study adds (the variable, controls)."""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ._convergence import GROWTH
from ._kde import BANDWIDTH_RULES

__all__ = ["RoseOptions", "DynamicsOptions", "FIXED_EFFECTS"]

#: Fixed effects of the panel beta-convergence model.
FIXED_EFFECTS = ("twoway", "region", "none")


class DynamicsOptions(BaseModel):
    """Options of the kernel densities, Markov chains and convergence models
    (docs/methods.md, "Dynamic evolution")."""

    model_config = ConfigDict(extra="forbid")

    bandwidth: Literal[BANDWIDTH_RULES] | float = Field(  # type: ignore[valid-type]
        "silverman", description="kernel density bandwidth: a rule or a number")
    kde_bounds: Literal["auto", "none"] | tuple[float, float] = Field(
        "auto", description="support of the kernel density (reflection at the bounds): "
                            "auto = [0, 1] for D, C, T and system scores, none otherwise")
    classes: Literal["quantile", "types"] = Field(
        "quantile", description="Markov classes: pooled quantiles (k) or the coordination "
                                "types of D (those that occur)")
    k: int = Field(4, ge=2, le=10, description="Markov classes (pooled quantiles)")
    spatial_markov: bool = Field(
        True, description="spatial Markov chain (weights of the spatial block, else queen "
                          "contiguity; needs the spatial extra)")
    growth: Literal[("auto", *GROWTH)] = Field(  # type: ignore[valid-type]
        "auto", description="beta convergence growth: log, difference, or auto (log when "
                            "every value is > 0, else difference)")
    fixed_effects: Literal[FIXED_EFFECTS] = Field(  # type: ignore[valid-type]
        "twoway", description="fixed effects of the panel beta-convergence model")

    @field_validator("bandwidth")
    @classmethod
    def _bandwidth(cls, v: Any) -> Any:
        if not isinstance(v, str) and not (math.isfinite(v) and v > 0):
            raise ValueError(f"bandwidth must be a rule {BANDWIDTH_RULES} or a number > 0, "
                             f"got {v}")
        return v

    @field_validator("kde_bounds")
    @classmethod
    def _bounds(cls, v: Any) -> Any:
        if isinstance(v, tuple) and not (math.isfinite(v[0]) and math.isfinite(v[1])
                                         and v[0] < v[1]):
            raise ValueError(f"kde_bounds must be [low, high] with low < high, got {list(v)}")
        return v


class RoseOptions(BaseModel):
    """The directional rose of the LISA moves (first to last year)."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(True, description="rose of the LISA moves with its permutation test")
    k: int = Field(8, ge=4, le=36, description="sectors of the rose")
    permutations: int = Field(999, ge=0, le=99_999, description="spatial permutations")
    seed: int = Field(0, ge=0, description="seed of the permutations")
