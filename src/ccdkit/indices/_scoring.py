"""How a composite score is formed from indicator weights (METHODS section 4), each method
declared once: TOPSIS closeness or the weighted sum of min-max values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import Field

from ..specs import MethodSpec, Params, Registry, register
from ._standardize import as_index, check_matrix, minmax_or_given
from ._topsis import TOPSIS_MATRICES, TopsisResult, topsis, topsis_batch

__all__ = ["SCORING", "TopsisParams", "WeightedSumParams", "WeightedSumResult",
           "weighted_sum", "weighted_sum_batch"]


@dataclass
class WeightedSumResult:
    """Result of :func:`weighted_sum`: ``scores`` = sum_j w_j x'_ij per unit."""

    scores: np.ndarray
    weights: pd.Series
    index: pd.Index
    options: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"score": self.scores}, index=self.index)


def weighted_sum(x, weights: Sequence[float], *, directions=None,
                 names: Sequence[str] | None = None,
                 index: Sequence[object] | None = None,
                 standardized=None) -> WeightedSumResult:
    """Weighted sum of the direction-aware min-max values, s_i = sum_j w_j x'_ij.

    ``standardized`` is the min-max matrix x' if already computed (else it is computed
    from ``x``).

    >>> weighted_sum([[1, 10], [3, 20], [5, 30]], [0.5, 0.5], directions=["+", "-"]).scores
    array([0.5, 0.5, 0.5])
    """
    a, names = check_matrix(x, names)
    xs = minmax_or_given(a, directions, names, standardized)
    w = np.asarray(weights, dtype=float)
    idx = as_index(index, a.shape[0])
    return WeightedSumResult(xs @ w, pd.Series(w, index=names), idx)


def weighted_sum_batch(x, weights, *, directions=None, names: Sequence[str] | None = None,
                       standardized=None) -> np.ndarray:
    """:func:`weighted_sum` under many weight vectors (rows of ``weights``) at once:
    scores of shape (R, m).

    >>> weighted_sum_batch([[1, 10], [3, 20], [5, 30]], [[0.5, 0.5], [1.0, 0.0]],
    ...                    directions=["+", "-"]).tolist()
    [[0.5, 0.5, 0.5], [0.0, 0.5, 1.0]]
    """
    a, names = check_matrix(x, names)
    xs = minmax_or_given(a, directions, names, standardized)
    return np.atleast_2d(np.asarray(weights, dtype=float)) @ xs.T


class TopsisParams(Params):
    """TOPSIS closeness to the ideal solution."""

    method: Literal["topsis"] = "topsis"
    matrix: Literal[TOPSIS_MATRICES] = Field(  # type: ignore[valid-type]
        "minmax", description="weighted matrix V: w x' (min-max), w p (proportions of x'), "
                              "w r (vector-normalized raw data) or w a (raw data)")
    weights_in: Literal["matrix", "distance"] = Field(
        "matrix", description="weights multiply the matrix (classic) or enter the distance "
                              "(modified TOPSIS)")


class WeightedSumParams(Params):
    """Weighted sum of the min-max values."""

    method: Literal["weighted_sum"] = "weighted_sum"


#: Scoring methods; each is called as ``spec(x, weights, params=..., directions=...,
#: names=..., index=...)`` and returns a result with ``scores``.
SCORING = register(Registry("scoring", [
    MethodSpec("topsis", TopsisParams, topsis, TopsisResult, "TOPSIS closeness",
               batch=topsis_batch),
    MethodSpec("weighted_sum", WeightedSumParams, weighted_sum, WeightedSumResult,
               "weighted sum of min-max values", batch=weighted_sum_batch),
], default="topsis"))
