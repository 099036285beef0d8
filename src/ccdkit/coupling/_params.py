"""The coupling step's options, declared once (type, default, bounds, meaning):
:func:`~ccdkit.coupling.coupling_coordination` takes the same values with the same defaults
(a test checks its signature against this declaration) and the study config's ``coupling``
block is this model plus the systems to couple."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..exceptions import DataError
from ._ccd import COUPLING_MODELS, check_coupling_weights, check_rdd_thresholds

__all__ = ["CouplingOptions"]


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

    @model_validator(mode="after")
    def _check(self) -> "CouplingOptions":
        try:  # the library's own checks, so that validate and run agree
            if self.weights is not None:
                check_coupling_weights(self.weights)
            check_rdd_thresholds(self.rdd_thresholds)
        except DataError as exc:
            raise ValueError(f"coupling {exc}") from None
        return self
