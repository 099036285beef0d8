"""Spatial econometrics of a regional panel: spatial regression models (OLS, SLX, SAR,
SEM, SDM, SDEM, SAC) for a cross-section or a balanced panel with fixed effects, by
maximum likelihood; LM tests and the tests of the spatial Durbin model that choose a
model; direct, indirect (spillover) and total effects computed exactly (LeSage and Pace
2009) with simulated and delta-method inference.

Numbers match R ``spatialreg`` (tests/reference/econometrics.json); docs/methods.md,
"Spatial regression", gives every formula and convention.
"""

from ._choice import COMPARED_MODELS, HYPOTHESES, ModelChoice, choose_model, lm_tests
from ._design import FIXED_EFFECTS
from ._weights_matrix import EIGEN_LIMIT, WeightsMatrix, weights_matrix
from ._likelihood import DURBIN_MODELS, ERROR_MODELS, LAG_MODELS, MODELS
from ._lm import LM_TESTS
from ._models import EffectsResult, SpatialRegressionResult, spatial_effects, spatial_regression
from ._random import hausman
from ._params import (
    BIAS_CORRECTIONS,
    CHOICE_TESTS,
    FIXED_EFFECT_CHOICES,
    ChoiceOptions,
    EffectsOptions,
    RegressionOptions,
)

__all__ = [
    "spatial_regression", "spatial_effects", "lm_tests", "choose_model", "hausman",
    "SpatialRegressionResult", "EffectsResult", "ModelChoice",
    "RegressionOptions", "EffectsOptions", "ChoiceOptions",
    "WeightsMatrix", "weights_matrix",
    "MODELS", "LAG_MODELS", "ERROR_MODELS", "DURBIN_MODELS", "COMPARED_MODELS", "LM_TESTS",
    "HYPOTHESES",
    "FIXED_EFFECTS", "FIXED_EFFECT_CHOICES", "BIAS_CORRECTIONS", "CHOICE_TESTS",
    "EIGEN_LIMIT",
]
