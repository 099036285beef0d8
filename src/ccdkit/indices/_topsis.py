"""TOPSIS (METHODS section 4) and the obstacle degree (barrier diagnosis)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ._standardize import as_directions, as_index, check_matrix, minmax_or_given, normalize

__all__ = ["topsis", "topsis_batch", "TopsisResult", "TOPSIS_MATRICES", "obstacle_degree", "ObstacleResult"]

#: Weighted-matrix options: V = w x' (``minmax``), V = w p (``proportion``, p = x'/sum x'),
#: V = w r (``vector``, r = a / sqrt(sum a^2) of the raw data), V = w a (``raw``, data used
#: as given).
TOPSIS_MATRICES = ("minmax", "proportion", "vector", "raw")


@dataclass
class TopsisResult:
    """Result of :func:`topsis`.

    Attributes
    ----------
    V : DataFrame
        Weighted normalized matrix (units x indicators).
    ideal, anti_ideal : Series
        Positive and negative ideal points V+ and V-.
    d_plus, d_minus : ndarray
        Euclidean distances to V+ and V-.
    closeness : ndarray
        c = d- / (d+ + d-) in [0, 1] (NaN-free: 0/0 gives 0).
    weights : Series
    options : dict
    """

    V: pd.DataFrame
    ideal: pd.Series
    anti_ideal: pd.Series
    d_plus: np.ndarray
    d_minus: np.ndarray
    closeness: np.ndarray
    weights: pd.Series
    options: dict = field(default_factory=dict)

    @property
    def scores(self) -> np.ndarray:
        """The composite score of each unit: the closeness."""
        return self.closeness

    def to_frame(self) -> pd.DataFrame:
        """One row per unit: d_plus, d_minus, closeness and its rank (1 = best)."""
        out = pd.DataFrame({"d_plus": self.d_plus, "d_minus": self.d_minus,
                            "closeness": self.closeness}, index=self.V.index)
        out["rank"] = out["closeness"].rank(ascending=False, method="min").astype(int)
        return out

    def summary(self) -> str:
        c = self.closeness
        return (f"TOPSIS ({self.options.get('matrix')}, weights in "
                f"{self.options.get('weights_in')}): {len(c)} units, closeness mean "
                f"{c.mean():.4f}, min {c.min():.4f}, max {c.max():.4f}")


def _matrix(a: np.ndarray, d: np.ndarray, names, matrix: str,
            standardized=None) -> tuple[np.ndarray, np.ndarray]:
    """The matrix that is weighted (z) and which of its columns are benefit-type."""
    if matrix == "minmax":
        return minmax_or_given(a, d, names, standardized), np.ones(a.shape[1], dtype=bool)
    if matrix == "proportion":
        z = normalize(minmax_or_given(a, d, names, standardized), "proportion", names=names)
        return z, np.ones(a.shape[1], dtype=bool)
    z = normalize(a, "vector", names=names) if matrix == "vector" else a.copy()
    return z, d > 0


def _check_options(matrix: str, weights_in: str) -> None:
    if matrix not in TOPSIS_MATRICES:
        raise DataError(f"matrix must be one of {TOPSIS_MATRICES}, got {matrix!r}")
    if weights_in not in ("matrix", "distance"):
        raise DataError(f"weights_in must be 'matrix' or 'distance', got {weights_in!r}")


def topsis_batch(x, weights, *, directions=None, names: Sequence[str] | None = None,
                 matrix: str = "minmax", weights_in: str = "matrix",
                 standardized=None) -> np.ndarray:
    """TOPSIS closeness of the same units under many weight vectors at once.

    The numbers of :func:`topsis` run once per row of ``weights`` (tested equal), as one
    matrix product: since w >= 0, the ideal points of V = w z are w times those of z, so
    d+ = sqrt(sum_j w_j^2 (z_ij - z*_j)^2) (weights in the matrix) or
    sqrt(sum_j w_j (z_ij - z*_j)^2) (weights in the distance).

    Parameters
    ----------
    x : array of shape (m, n)
        Raw indicator values.
    weights : array of shape (R, n)
        One weight vector per row (>= 0; rows with NaN give NaN scores).
    directions, names, matrix, weights_in, standardized
        As in :func:`topsis`.

    Returns
    -------
    ndarray of shape (R, m)

    Examples
    --------
    >>> topsis_batch([[1, 3000], [2, 3750], [5, 4500]], [[0.5, 0.5], [1.0, 0.0]],
    ...              directions=["-", "+"]).round(3).tolist()
    [[0.5, 0.617, 0.5], [1.0, 0.75, 0.0]]
    """
    _check_options(matrix, weights_in)
    a, names = check_matrix(x, names)
    W = np.atleast_2d(np.asarray(weights, dtype=float))
    z, benefit = _matrix(a, as_directions(directions, a.shape[1]), names, matrix, standardized)
    best = np.where(benefit, z.max(axis=0), z.min(axis=0))
    worst = np.where(benefit, z.min(axis=0), z.max(axis=0))
    dw = W ** 2 if weights_in == "matrix" else W
    with np.errstate(invalid="ignore"):
        d_plus = np.sqrt(np.clip(dw @ ((z - best) ** 2).T, 0.0, None))
        d_minus = np.sqrt(np.clip(dw @ ((z - worst) ** 2).T, 0.0, None))
    denom = d_plus + d_minus
    return np.divide(d_minus, denom, out=np.zeros_like(denom), where=denom > 0)


def topsis(x, weights: Sequence[float], *, directions=None, names: Sequence[str] | None = None,
           index: Sequence[object] | None = None, matrix: str = "minmax",
           weights_in: str = "matrix", standardized=None) -> TopsisResult:
    """TOPSIS closeness to the ideal solution.

    Parameters
    ----------
    x : array of shape (m, n)
        Raw indicator values (units x indicators).
    weights : sequence of float
        Indicator weights (>= 0, summing to 1).
    directions : sequence of "+"/"-", optional
        Benefit (+) or cost (-) indicators (default all benefit).
    matrix : {"minmax", "proportion", "vector", "raw"}, default "minmax"
        ``minmax``: V = w x' with x' the direction-aware min-max matrix (every column then
        benefit-type); ``proportion``: V = w p with p = x' / sum x' (paper eq. 16 literally);
        ``vector``: V = w r with r = a / sqrt(sum a^2) on raw data, costs handled by the
        ideal points; ``raw``: V = w a (data already normalized), costs as for ``vector``.
    weights_in : {"matrix", "distance"}, default "matrix"
        Weights multiply the matrix (classic TOPSIS) or enter the Euclidean distance,
        d = sqrt(sum w (v - v*)^2) (modified TOPSIS, Deng et al. 2000).
    standardized : array of shape (m, n), optional
        The direction-aware min-max matrix of ``x`` if already computed (used by the
        ``minmax`` and ``proportion`` matrices instead of standardizing ``x`` again).

    Returns
    -------
    TopsisResult

    References
    ----------
    Hwang, C.-L. & Yoon, K. (1981). *Multiple Attribute Decision Making*. Springer.
    Deng, H., Yeh, C.-H. & Willis, R. J. (2000). Inter-company comparison using modified
    TOPSIS with objective weights. *Computers & Operations Research*, 27(10), 963-973.

    Examples
    --------
    >>> r = topsis([[1, 3000], [2, 3750], [5, 4500]], [0.5, 0.5], directions=["-", "+"])
    >>> r.closeness.round(3).tolist()
    [0.5, 0.617, 0.5]
    """
    _check_options(matrix, weights_in)
    a, names = check_matrix(x, names)
    w = np.asarray(weights, dtype=float)
    if w.shape != (a.shape[1],):
        raise DataError(f"{len(w)} weights for {a.shape[1]} indicators")
    if not np.isfinite(w).all() or (w < 0).any() or abs(w.sum() - 1) > 1e-6:
        raise DataError(f"weights must be >= 0 and sum to 1, got {w.tolist()}")
    z, benefit = _matrix(a, as_directions(directions, a.shape[1]), names, matrix, standardized)
    v = z * w if weights_in == "matrix" else z
    ideal = np.where(benefit, v.max(axis=0), v.min(axis=0))
    anti = np.where(benefit, v.min(axis=0), v.max(axis=0))
    dw = np.ones_like(w) if weights_in == "matrix" else w
    d_plus = np.sqrt((dw * (v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt((dw * (v - anti) ** 2).sum(axis=1))
    denom = d_plus + d_minus
    closeness = np.divide(d_minus, denom, out=np.zeros_like(denom), where=denom > 0)
    idx = as_index(index, a.shape[0])
    return TopsisResult(
        V=pd.DataFrame(v, index=idx, columns=names), ideal=pd.Series(ideal, index=names),
        anti_ideal=pd.Series(anti, index=names), d_plus=d_plus, d_minus=d_minus,
        closeness=closeness, weights=pd.Series(w, index=names),
        options={"matrix": matrix, "weights_in": weights_in})


@dataclass
class ObstacleResult:
    """Obstacle degrees per unit and indicator, and per dimension.

    Attributes
    ----------
    indicators : DataFrame
        O_ij (units x indicators); each row sums to 1 (or is all 0 for a unit at the ideal).
    dimensions : DataFrame or None
        Sum of O_ij over each dimension's indicators.
    """

    indicators: pd.DataFrame
    dimensions: pd.DataFrame | None

    def to_frame(self) -> pd.DataFrame:
        return self.indicators.copy()

    def top(self, n: int = 3) -> pd.DataFrame:
        """The ``n`` largest obstacles of each unit (indicator names, in order)."""
        order = np.argsort(-self.indicators.to_numpy(), axis=1, kind="stable")[:, :n]
        cols = np.asarray(self.indicators.columns)
        return pd.DataFrame(cols[order], index=self.indicators.index,
                            columns=[f"obstacle_{k + 1}" for k in range(order.shape[1])])

    def summary(self) -> str:
        mean = self.indicators.mean().sort_values(ascending=False)
        return "Mean obstacle degree:\n" + "\n".join(f"  {k}: {v:.4f}" for k, v in mean.items())


def obstacle_degree(x_std, weights: Sequence[float], *, names: Sequence[str] | None = None,
                    dimensions: Sequence[object] | None = None,
                    index: Sequence[object] | None = None) -> ObstacleResult:
    """Obstacle degree (barrier diagnosis) of each indicator for each unit.

    O_ij = w_j (1 - x'_ij) / sum_j w_j (1 - x'_ij), on the direction-aware min-max matrix
    x' (1 = best); per dimension, the sum over its indicators. A unit with x' = 1 on every
    weighted indicator has no obstacle (O = 0).

    Examples
    --------
    >>> obstacle_degree([[0.2, 0.9, 0.5]], [0.5, 0.3, 0.2]).indicators.round(6).values.tolist()
    [[0.754717, 0.056604, 0.188679]]
    """
    z, names = check_matrix(x_std, names, min_rows=1)
    if (z < -1e-12).any() or (z > 1 + 1e-12).any():
        raise DataError("obstacle_degree needs the standardized matrix x' in [0, 1]")
    w = np.asarray(weights, dtype=float)
    if w.shape != (z.shape[1],):
        raise DataError(f"{len(w)} weights for {z.shape[1]} indicators")
    gap = w * (1.0 - z)
    total = gap.sum(axis=1, keepdims=True)
    o = np.divide(gap, total, out=np.zeros_like(gap), where=total > 0)
    idx = as_index(index, z.shape[0])
    ind = pd.DataFrame(o, index=idx, columns=names)
    dims = None
    if dimensions is not None:
        labels = [str(d) for d in dimensions]
        if len(labels) != len(names):
            raise DataError(f"{len(labels)} dimension labels for {len(names)} indicators")
        codes, uniques = pd.factorize(np.asarray(labels, dtype=object))
        member = np.zeros((len(labels), len(uniques)))
        member[np.arange(len(labels)), codes] = 1.0
        dims = pd.DataFrame(o @ member, index=idx, columns=pd.Index(list(uniques)))
    return ObstacleResult(ind, dims)
