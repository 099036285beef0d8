"""The coupling step's options, declared once (type, default, bounds, meaning):
:func:`~ccdkit.coupling.coupling_coordination` takes the same values with the same defaults
(a test checks its signature against this declaration) and the study config's ``coupling``
block is this model plus the systems to couple."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..exceptions import DataError
from ._ccd import COUPLING_MODELS, check_coupling_weights, check_rdd_thresholds
from ._dynamic import SPEED_METHODS

__all__ = ["CouplingOptions", "CouplingDiagnosticsOptions", "DynamicCouplingOptions"]


class CouplingDiagnosticsOptions(BaseModel):
    """Thresholds of the validity diagnostics (docs/methods.md, "Coupling diagnostics");
    :func:`~ccdkit.coupling.coupling_diagnostics` takes the same names and defaults."""

    model_config = ConfigDict(extra="forbid")

    high_c: float = Field(0.8, gt=0, le=1, description="a coupling degree C at or above this "
                                                       "is high (Wang et al. 2021: 0.8)")
    low_t: float = Field(0.3, gt=0, le=1, description="pseudo-coupling: C high while the "
                                                      "comprehensive index T is below this")
    saturated_share: float = Field(0.8, gt=0, le=1, description="C does not discriminate when "
                                   "at least this share of it is high ...")
    dominant_t: float = Field(0.95, gt=0, le=1, description="... or when T alone explains at "
                              "least this share of the variation of ln D")
    shift: float = Field(0.01, ge=0, le=0.5, description="standardisation shift whose effect "
                                                         "on C is measured")


class DynamicCouplingOptions(BaseModel):
    """The dynamic coupling model (docs/methods.md, "Dynamic coupling model");
    :func:`~ccdkit.coupling.dynamic_coupling` takes ``speed`` and ``window`` with these
    defaults. It runs on two coupled systems over at least two years."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(True, description="evolution speeds, coupling angle and states "
                                            "(two systems)")
    speed: Literal[SPEED_METHODS] = Field(  # type: ignore[valid-type]
        "difference", description="evolution speed: year-on-year difference or the slope "
                                  "of a centred linear trend")
    window: int = Field(3, ge=3, le=15, description="trend: years of the centred line (odd)")
    vertical: str | None = Field(None, description="the system on the vertical axis of the "
                                 "coupling angle (default: the first coupled system); papers "
                                 "differ, and the states' names follow it")

    @model_validator(mode="after")
    def _odd(self) -> "DynamicCouplingOptions":
        if self.window % 2 == 0:
            raise ValueError(f"window must be odd, got {self.window}")
        return self


class CouplingOptions(BaseModel):
    """Options of the coupling coordination degree (docs/methods.md, "Coupling
    coordination degree"); ``model`` is the library's ``coupling`` argument."""

    model_config = ConfigDict(extra="forbid")

    model: Literal[tuple(COUPLING_MODELS)] = Field(  # type: ignore[valid-type]
        "classic", description="coupling degree model: classic, wang2021 or fan2024")
    weights: list[float] | None = Field(
        None, description="weights of the comprehensive index T (default: equal); finite, "
                          ">= 0, summing to 1 within 1e-6")
    rdd_thresholds: tuple[float, float] = Field(
        (0.8, 1.2), description="relative development E = U1/U2: lags below low, "
                                "synchronized up to high (0 < low < high)")
    strict: bool = Field(False, description="error on a missing system score instead of "
                                            "dropping the row with a warning")
    diagnostics: CouplingDiagnosticsOptions = Field(default_factory=CouplingDiagnosticsOptions,
                                            description="validity diagnostics of C and D")
    dynamic: DynamicCouplingOptions = Field(default_factory=DynamicCouplingOptions,
                                    description="dynamic coupling model (two systems)")

    @model_validator(mode="after")
    def _check(self) -> "CouplingOptions":
        try:  # the library's own checks, so that validate and run agree
            if self.weights is not None:
                check_coupling_weights(self.weights)
            check_rdd_thresholds(self.rdd_thresholds)
        except DataError as exc:
            raise ValueError(f"coupling {exc}") from None
        return self
