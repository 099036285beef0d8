"""The weighting methods, each declared once: parameter model, function, result type."""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from ...exceptions import DataError
from ...specs import MethodSpec, Params, Registry, register
from ._ahp import RI_TABLES
from ._improved import ahp_hierarchy_weights, improved_entropy_weights
from ._objective import (
    angle_weights,
    critic_weights,
    cv_weights,
    entropy_weights,
    entropy_weights_batch,
    equal_weights,
    std_weights,
    user_weights,
)
from ._result import WeightsResult

__all__ = ["WEIGHTING", "EntropyParams", "ImprovedEntropyParams", "AHPParams", "CriticParams",
           "CVParams", "StdParams", "AngleParams", "EqualParams", "UserParams"]

RIName = Literal[tuple(RI_TABLES)]  # type: ignore[valid-type]
_STANDARDIZE = "min-max the data first (direction-aware) or use it as given"
_SHIFT = "added to the min-max values before the shares (0.0001 and 0.01 are common)"
_HIERARCHY = "nested: judgments within each dimension and between dimensions; flat: one matrix"
_RI = "random-index table of the consistency ratio"


class EntropyParams(Params):
    """Entropy weights (METHODS section 2)."""

    method: Literal["entropy"] = "entropy"
    standardize: Literal["minmax", "none"] = Field("minmax", description=_STANDARDIZE)
    shift: float = Field(0.0, ge=0.0, allow_inf_nan=False, description=_SHIFT)


class ImprovedEntropyParams(Params):
    """Entropy g mapped to AHP 1-9 judgment matrices (METHODS section 3)."""

    method: Literal["improved_entropy"] = "improved_entropy"
    standardize: Literal["minmax", "none"] = Field("minmax", description=_STANDARDIZE)
    shift: float = Field(0.0, ge=0.0, allow_inf_nan=False, description=_SHIFT)
    hierarchy: Literal["nested", "flat"] = Field("nested", description=_HIERARCHY)
    nearest: Literal["log", "linear"] = Field(
        "log", description="how a ratio g_i/g_j is rounded to the 1-9 scale")
    ri: RIName = Field("saaty", description=_RI)


class AHPParams(Params):
    """AHP from user pairwise comparison matrices."""

    method: Literal["ahp"] = "ahp"
    matrix: Any = Field(
        ..., description="group id -> pairwise matrix ('dimensions' between dimensions, "
                         "'all' when flat), or a CSV file, or one matrix (flat)",
        json_schema_extra={"type_text": "mapping, CSV path or matrix"})
    hierarchy: Literal["nested", "flat"] = Field("nested", description=_HIERARCHY)
    ri: RIName = Field("saaty", description=_RI)

    @field_validator("matrix")
    @classmethod
    def _matrix(cls, v: Any) -> Any:
        # a mapping of matrices, a CSV path, or one array-like matrix (checked cell by cell
        # when the weights are computed, with the offending cell named)
        if isinstance(v, (bool, int, float)) or v is None:
            raise ValueError("matrix must map group ids to pairwise matrices, name a CSV file, "
                             "or be one pairwise matrix")
        return v


class CriticParams(Params):
    """CRITIC weights (Diakoulaki et al. 1995)."""

    method: Literal["critic"] = "critic"
    standardize: Literal["minmax", "none"] = Field("minmax", description=_STANDARDIZE)
    correlation: Literal["pearson", "spearman"] = Field(
        "pearson", description="correlation between criteria")


class CVParams(Params):
    """Coefficient-of-variation weights (raw, non-negative data)."""

    method: Literal["cv"] = "cv"


class StdParams(Params):
    """Standard-deviation weights."""

    method: Literal["std"] = "std"
    standardize: Literal["minmax", "none"] = Field("none", description=_STANDARDIZE)


class AngleParams(Params):
    """Angle weights (Shuai et al. 2012; raw, non-negative data)."""

    method: Literal["angle"] = "angle"


class EqualParams(Params):
    """Equal weights 1/n."""

    method: Literal["equal"] = "equal"


class UserParams(Params):
    """Weights given by the user, checked (never silently normalized)."""

    method: Literal["user"] = "user"
    weights: dict[str, float] = Field(..., description="indicator id -> weight, summing to 1",
                                      json_schema_extra={"type_text": "`{id: weight}`"})
    tol: float = Field(1e-6, gt=0.0, description="tolerance of the sum-to-1 check")

    @field_validator("weights")
    @classmethod
    def _valid(cls, w: dict[str, float]) -> dict[str, float]:
        bad = {k: v for k, v in w.items() if not (math.isfinite(v) and v >= 0)}
        if bad:
            raise ValueError(f"weights must be finite and >= 0, found {bad}")
        return w

    @model_validator(mode="after")
    def _sum(self) -> "UserParams":  # with the model's own tolerance
        total = sum(self.weights.values())
        if abs(total - 1.0) > self.tol:
            raise ValueError(f"user weights must sum to 1 (within {self.tol:g}), they sum to "
                             f"{total:.6g}")
        return self


def _ahp(x, *, matrix, hierarchy: str = "nested", ri: str = "saaty", **context) -> WeightsResult:
    return ahp_hierarchy_weights(matrix, x, hierarchy=hierarchy, ri=ri, **context)


def _user(x, *, weights, tol: float = 1e-6, **context) -> WeightsResult:
    if weights is None:
        raise DataError("weighting method 'user' needs weights={indicator: weight}")
    return user_weights(weights, x, tol=tol, **context)


#: The indicator weighting methods. Each is called as ``spec(x, params=..., directions=...,
#: names=..., dimensions=...)`` on the raw units x indicators matrix.
WEIGHTING = register(Registry("weighting", [
    MethodSpec("entropy", EntropyParams, entropy_weights, WeightsResult,
               "entropy weights, w_j = g_j / sum g", batch=entropy_weights_batch),
    MethodSpec("improved_entropy", ImprovedEntropyParams, improved_entropy_weights,
               WeightsResult, "entropy g mapped to AHP 1-9 judgment matrices"),
    MethodSpec("ahp", AHPParams, _ahp, WeightsResult, "AHP from pairwise comparison matrices",
               data_free=True),
    MethodSpec("critic", CriticParams, critic_weights, WeightsResult,
               "CRITIC: contrast times conflict"),
    MethodSpec("cv", CVParams, cv_weights, WeightsResult, "coefficient of variation"),
    MethodSpec("std", StdParams, std_weights, WeightsResult, "standard deviation"),
    MethodSpec("angle", AngleParams, angle_weights, WeightsResult, "angle to the uniform vector"),
    MethodSpec("equal", EqualParams, equal_weights, WeightsResult, "equal weights 1/n",
               data_free=True),
    MethodSpec("user", UserParams, _user, WeightsResult, "weights given by the user",
               data_free=True),
], default="entropy"))
