"""Options of the spatial regression models, declared once (type, default, bounds,
meaning): the library functions take the same names and defaults (a test checks their
signatures) and the study config's ``econometrics`` block is built from these models."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ._covariance import COVARIANCE
from ._likelihood import MODELS

__all__ = ["RegressionOptions", "EffectsOptions", "ChoiceOptions", "FIXED_EFFECT_CHOICES",
           "BIAS_CORRECTIONS", "CHOICE_TESTS"]

#: Fixed effects a model can take (auto: two-way for a panel, none for one year).
FIXED_EFFECT_CHOICES = ("auto", "none", "region", "time", "twoway")
#: Bias corrections of the fixed-effects ML estimator.
BIAS_CORRECTIONS = ("lee-yu", "none")
#: Tests that decide between the spatial Durbin model and its restrictions.
CHOICE_TESTS = ("lr", "wald")


class RegressionOptions(BaseModel):
    """How one spatial regression is estimated (docs/methods.md, "Spatial regression")."""

    model_config = ConfigDict(extra="forbid")

    model: Literal[MODELS] = Field(  # type: ignore[valid-type]
        "sdm", description="ols, slx (spatially lagged X), sar (spatial lag), sem (spatial "
                           "error), sdm (spatial Durbin), sdem (spatial Durbin error) or sac "
                           "(lag and error)")
    fixed_effects: Literal[FIXED_EFFECT_CHOICES] = Field(  # type: ignore[valid-type]
        "auto", description="fixed effects of a panel: region, time, twoway or none (pooled, "
                            "with a constant); auto: twoway for a panel, none for one year")
    bias_correction: Literal[BIAS_CORRECTIONS] = Field(  # type: ignore[valid-type]
        "lee-yu", description="lee-yu: fixed effects removed by the orthonormal "
                              "transformation of Lee and Yu (2010), which corrects the "
                              "direct approach's bias (sigma^2 with region effects; rho, "
                              "beta and sigma^2 with time effects); none: demeaning (direct "
                              "approach, as the stacked within-transformed data)")
    random_effects: bool = Field(
        False, description="region effects random instead of fixed (SAR and SDM, Elhorst "
                           "2003; the time effects of fixed_effects stay fixed)")
    covariance: Literal[COVARIANCE] = Field(  # type: ignore[valid-type]
        "information", description="covariance of the estimates: inverse of the analytical "
                                   "information matrix (as spatialreg with eigenvalues) or "
                                   "of the numerical Hessian of the log-likelihood")


class EffectsOptions(BaseModel):
    """Inference on the direct, indirect and total effects (LeSage and Pace 2009)."""

    model_config = ConfigDict(extra="forbid")

    draws: int = Field(1000, ge=0, le=100_000,
                       description="parameter draws from the estimates' asymptotic normal "
                                   "distribution for the effects' standard errors and "
                                   "intervals (0: delta method only)")
    seed: int = Field(20240601, ge=0, description="seed of the draws")
    alpha: float = Field(0.05, gt=0, lt=1,
                         description="level of the intervals (1 - alpha) and of the tests")


class ChoiceOptions(BaseModel):
    """How the model is chosen (LM tests, then the spatial Durbin model tested against
    its restrictions; Elhorst 2014)."""

    model_config = ConfigDict(extra="forbid")

    choice_test: Literal[CHOICE_TESTS] = Field(  # type: ignore[valid-type]
        "lr", description="test of the SDM against SAR (theta = 0) and SEM (theta = -rho "
                          "beta) that decides the model: likelihood ratio or Wald")
