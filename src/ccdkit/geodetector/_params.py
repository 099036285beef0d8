"""The Geographical Detector's options, declared once (type, default, constraint, meaning).

:class:`GeoDetectorParams` validates the options of :class:`~ccdkit.geodetector.GeoDetector`;
the study config's ``detector`` block is built from the same two option groups
(:class:`DiscretizationOptions` under ``detector.discretization``, :class:`DetectorOptions`
directly under ``detector``), so the library and the config accept the same values with
the same defaults.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..exceptions import ConfigError, DataError
from ._detectors import ECOLOGICAL_RULES
from ._discretize import DISCRETIZATION_METHODS
from ._optimal import SELECTION_RULES, k_values
from ._stats import INTERACTION_RULES, LAMBDA_VARIANCES, SINGLETON_MODES

__all__ = ["DiscretizationOptions", "DetectorOptions", "GeoDetectorParams", "check_params",
           "validated",
           "AUTO_MAX_N", "AUTO_RESAMPLES", "resolve_resampling"]

#: ``permutations="auto"`` / ``bootstrap="auto"``: this many resamples up to AUTO_MAX_N rows
#: with a value of y; none beyond, where the F test's p-value is used (at that N the
#: permutation null of q is tight around (L-1)/(N-1); docs/methods.md, "Scale").
AUTO_RESAMPLES = 999
AUTO_MAX_N = 5_000


def resolve_resampling(value, n: int | None) -> int:
    """The number of resamples an option means for ``n`` rows (None: chunked input, where
    resampling is not available).

    >>> resolve_resampling("auto", 31), resolve_resampling("auto", 100_000), resolve_resampling(99, 31)
    (999, 0, 99)
    """
    if value in ("auto", None):
        return AUTO_RESAMPLES if n is not None and n <= AUTO_MAX_N else 0
    return int(value)


def _choice(names):
    return Literal.__getitem__(tuple(names))


class DiscretizationOptions(BaseModel):
    """How continuous factors are stratified (optimal discretization, OPGD)."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    methods: list[_choice(DISCRETIZATION_METHODS)] = Field(  # type: ignore[valid-type]
        default_factory=lambda: list(DISCRETIZATION_METHODS), min_length=1,
        description="discretization methods tried")
    k: int | list[int] | tuple[int, ...] | dict[str, Any] = Field(
        (3, 8), description="an int, a [min, max] range, 3+ values or {values: [...]}")
    min_stratum: int = Field(2, ge=1, description="smallest stratum a candidate may have")
    select: _choice(SELECTION_RULES) = Field(  # type: ignore[valid-type]
        "max_q", description="max_q (as R GD), max_q_adj (adjusted q) or elbow (the LOESS knee "
                              "of the best q per k; docs/methods.md)")
    bins: int = Field(65_536, ge=16, le=1 << 24,
                      description="chunked input (dask, rasters): a continuous factor with "
                                  "more distinct values than this is binned into this many "
                                  "equal bins for its natural and quantile breaks (bounds "
                                  "reported; q stays exact)")

    @field_validator("k")
    @classmethod
    def _k(cls, v: Any) -> Any:
        try:
            k_values(v)  # the library's one meaning of k
        except DataError as exc:
            raise ValueError(str(exc)) from None
        return v


class DetectorOptions(BaseModel):
    """The detectors' options (METHODS section 6; docs/methods.md)."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    singletons: _choice(SINGLETON_MODES) = Field(  # type: ignore[valid-type]
        "drop", description="strata of one sample dropped (R GD, gdverse) or kept (R "
                            "geodetector) in the factor detector")
    lambda_variance: _choice(LAMBDA_VARIANCES) = Field(  # type: ignore[valid-type]
        "population", description="variance in the F test's non-centrality parameter")
    permutations: Annotated[int, Field(ge=0, le=1_000_000)] | Literal["auto"] = Field(
        "auto", description=f"permutations of the permutation p-values (0: off; auto: "
                            f"{AUTO_RESAMPLES} up to N = {AUTO_MAX_N:,} rows, 0 beyond, where "
                            "the F test is used, and for rasters and dask arrays)")
    bootstrap: Annotated[int, Field(ge=0, le=1_000_000)] | Literal["auto"] | None = Field(
        "auto", description=f"bootstrap resamples of the q interval (0: off; auto or null: "
                            f"{AUTO_RESAMPLES} up to N = {AUTO_MAX_N:,} rows, 0 beyond and for "
                            "rasters and dask arrays)")
    ci_level: float = Field(0.95, gt=0, lt=1, description="level of the q interval")
    seed: int = Field(0, ge=0, le=2**63 - 1,
                      description="seed of the permutations and the bootstrap")
    alpha: float = Field(0.05, gt=0, lt=1, description="significance level (risk and "
                                                       "ecological detectors, figures)")
    ecological: _choice(ECOLOGICAL_RULES) = Field(  # type: ignore[valid-type]
        "paper", description="ecological detector's F test")
    interaction: bool = Field(True, description="run the interaction detector")
    interaction_rule: _choice(INTERACTION_RULES) = Field(  # type: ignore[valid-type]
        "common", description="rows of an interaction: common (q1, q2, q12 on the rows "
                              "with y and both factors; singleton strata kept), common_drop "
                              "(the same minus singleton strata of X1 ∩ X2) or separate "
                              "(as R GD)")
    risk: bool = Field(True, description="run the risk detector")
    ecological_detector: bool = Field(True, description="run the ecological detector")


class GeoDetectorParams(DiscretizationOptions, DetectorOptions):
    """Every option of :class:`~ccdkit.geodetector.GeoDetector`."""


def validated(cls: type[BaseModel], options: dict, where: str = "") -> BaseModel:
    """``cls(**options)``, or a :class:`ConfigError` naming each bad key (prefixed by
    ``where.``) and the value found."""
    try:
        return cls(**options)
    except ValidationError as exc:
        parts = []
        for err in exc.errors(include_url=False):
            key = ".".join(str(p) for p in err["loc"][:1])
            msg = err["msg"].removeprefix("Value error, ")
            parts.append(f"{where + '.' if where else ''}{key}: {msg} (found "
                         f"{err.get('input')!r})")
        raise ConfigError("; ".join(dict.fromkeys(parts))) from None


def check_params(params: dict, what: str = "GeoDetector") -> GeoDetectorParams:
    """Validated options, or a :class:`ConfigError` naming each bad option and value."""
    try:
        return validated(GeoDetectorParams, params)
    except ConfigError as exc:
        raise ConfigError(f"{what}: {exc}") from None
