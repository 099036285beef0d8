"""Objective weights from the data: entropy, CRITIC, coefficient of variation, standard
deviation and angle (METHODS section 2), plus equal and user-given weights."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np

from ...exceptions import ConstantIndicatorWarning, DataError
from .._standardize import _require_non_negative, as_directions, check_matrix, minmax_or_given
from ._hierarchy import as_dimensions, weight_table
from ._result import WeightsResult
from ...text import warning

__all__ = ["entropy", "entropy_weights", "entropy_weights_batch", "critic_weights", "cv_weights", "std_weights",
           "angle_weights", "equal_weights", "user_weights"]

_STANDARDIZE = ("minmax", "none")


def _prepare(x, directions, names, standardize: str,
             standardized=None) -> tuple[np.ndarray, list[str]]:
    if standardize not in _STANDARDIZE:
        raise DataError(f"standardize must be one of {_STANDARDIZE}, got {standardize!r}")
    raw, names = check_matrix(x, names)
    if standardize == "minmax":
        return minmax_or_given(raw, directions, names, standardized), names
    return raw, names


def _normalize_weights(score: np.ndarray, names: Sequence[str], what: str) -> np.ndarray:
    total = score.sum()
    if not np.isfinite(total) or total <= 0:
        raise DataError(f"{what}: every indicator has zero weight (all constant?) — indicators "
                        f"{list(names)}")
    return score / total


def entropy(p: np.ndarray) -> np.ndarray:
    """Entropy e_j = -(1/ln m) sum_i p_ij ln p_ij of column shares, with 0 ln 0 = 0.

    Columns whose shares are all zero (nothing to share) get e = 1 (g = 0). ``p`` is one
    m x n matrix or a stack of them (..., m, n): the sums run over the units (axis -2).

    >>> entropy(np.array([[0.5, 1.0], [0.5, 0.0]])).tolist()
    [1.0, 0.0]
    """
    m = p.shape[-2]
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    e = -plogp.sum(axis=-2) / np.log(m) + 0.0  # + 0.0 turns -0.0 into 0.0
    return np.where(p.sum(axis=-2) > 0, e, 1.0)


def entropy_weights(x, *, directions=None, names: Sequence[str] | None = None,
                    dimensions: Sequence[object] | None = None, standardize: str = "minmax",
                    shift: float = 0.0, standardized=None) -> WeightsResult:
    """Entropy weights.

    x' = direction-aware min-max of ``x`` (``standardize="minmax"``, the default used in
    regional studies) or ``x`` itself (``"none"``: the textbook raw-proportion entropy, for
    non-negative data); x'' = x' + ``shift``; p_ij = x''_ij / sum_i x''_ij;
    e_j = -(1/ln m) sum_i p_ij ln p_ij (0 ln 0 = 0); g_j = 1 - e_j; w_j = g_j / sum g.

    Parameters
    ----------
    x : array of shape (m, n)
        Units x indicators (m >= 2).
    directions : sequence of "+"/"-", optional
        Indicator directions (default all benefit); used by the min-max step.
    names : sequence of str, optional
        Indicator names.
    dimensions : sequence, optional
        Dimension of each indicator: adds local and dimension weights to the table.
    standardize : {"minmax", "none"}
    shift : float, default 0.0
        Added to x' before the shares (0.0001 and 0.01 are common in the literature).
    standardized : array of shape (m, n), optional
        The direction-aware min-max matrix of ``x`` if already computed (used with
        ``standardize="minmax"`` instead of standardizing ``x`` again).

    Returns
    -------
    WeightsResult
        ``table`` has columns ``e``, ``g`` and ``weight``.

    References
    ----------
    Shannon, C. E. (1948). A mathematical theory of communication. Zeleny, M. (1982).
    *Multiple Criteria Decision Making*. McGraw-Hill.

    Examples
    --------
    >>> r = entropy_weights([[1, 2], [4, 16]], standardize="none")
    >>> r.weights.round(6).tolist()
    [0.358889, 0.641111]
    """
    if shift < 0:
        raise DataError(f"shift must be >= 0, got {shift}")
    xs, names = _prepare(x, directions, names, standardize, standardized)
    if standardize == "none":
        _require_non_negative(xs, names, "entropy weights on raw data")
    xs = xs + shift
    total = xs.sum(axis=0)
    p = np.divide(xs, total, out=np.zeros_like(xs), where=total > 0)
    e = entropy(p)
    g = np.clip(1.0 - e, 0.0, None)
    w = _normalize_weights(g, names, "entropy weights")
    table, dims = weight_table(names, w, as_dimensions(dimensions, names), {"e": e, "g": g})
    return WeightsResult("entropy", table["weight"], table, dims,
                         options={"standardize": standardize, "shift": shift})


def entropy_weights_batch(xb, *, directions=None, standardize: str = "minmax",
                          shift: float = 0.0) -> np.ndarray:
    """:func:`entropy_weights` of a stack of matrices at once (tested equal).

    Parameters
    ----------
    xb : array of shape (B, m, n)
        B matrices of m units x n indicators (e.g. bootstrap resamples).
    directions, standardize, shift
        As in :func:`entropy_weights`.

    Returns
    -------
    ndarray of shape (B, n)
        The weights of each matrix; a row of NaN where every indicator is constant.

    Examples
    --------
    >>> entropy_weights_batch([[[1, 2], [4, 16]], [[1, 2], [2, 1]]],
    ...                       standardize="none").round(6).tolist()
    [[0.358889, 0.641111], [0.5, 0.5]]
    """
    if standardize not in _STANDARDIZE:
        raise DataError(f"standardize must be one of {_STANDARDIZE}, got {standardize!r}")
    xb = np.asarray(xb, dtype=float)
    if standardize == "minmax":
        d = as_directions(directions, xb.shape[2])
        lo, hi = xb.min(axis=1, keepdims=True), xb.max(axis=1, keepdims=True)
        span = hi - lo
        safe = np.where(span > 0, span, 1.0)
        xs = np.where(span > 0, np.where(d > 0, (xb - lo) / safe, (hi - xb) / safe), 0.0)
    else:
        if (xb < 0).any():
            raise DataError("entropy weights on raw data need non-negative values")
        xs = xb
    xs = xs + shift
    total = xs.sum(axis=1, keepdims=True)
    p = np.divide(xs, total, out=np.zeros_like(xs), where=total > 0)
    g = np.clip(1.0 - entropy(p), 0.0, None)
    s = g.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(s > 0, g / s, np.nan)


def critic_weights(x, *, directions=None, names: Sequence[str] | None = None,
                   dimensions: Sequence[object] | None = None, standardize: str = "minmax",
                   correlation: str = "pearson", standardized=None) -> WeightsResult:
    """CRITIC weights (Diakoulaki et al. 1995).

    On the direction-aware min-max matrix (``standardize="minmax"``; pass it as
    ``standardized`` if already computed) or the raw data:
    sigma_j = standard deviation (ddof 1), r_jk = Pearson (or Spearman) correlation,
    C_j = sigma_j sum_k (1 - r_jk), w_j = C_j / sum C. A constant indicator has sigma = 0,
    r = 0 with the others, and weight 0.

    References
    ----------
    Diakoulaki, D., Mavrotas, G. & Papayannakis, L. (1995). Determining objective weights in
    multiple criteria problems: the CRITIC method. *Computers & Operations Research*, 22(7),
    763-770.

    Examples
    --------
    >>> r = critic_weights([[1, 2, 3], [2, 1, 5], [3, 3, 4]])
    >>> bool(abs(r.weights.sum() - 1) < 1e-12)
    True
    """
    if correlation not in ("pearson", "spearman"):
        raise DataError(f"correlation must be 'pearson' or 'spearman', got {correlation!r}")
    xs, names = _prepare(x, directions, names, standardize, standardized)
    sd = xs.std(axis=0, ddof=1)
    if correlation == "spearman":
        from scipy.stats import rankdata  # imported when needed: scipy.stats takes ~1 s

        data = np.apply_along_axis(rankdata, 0, xs)
    else:
        data = xs
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.corrcoef(data, rowvar=False) if xs.shape[1] > 1 else np.ones((1, 1))
    r = np.atleast_2d(np.nan_to_num(r, nan=0.0))
    np.fill_diagonal(r, 1.0)
    conflict = (1.0 - r).sum(axis=0)
    c = sd * conflict
    if (sd == 0).any() and standardize == "none":
        flat = [str(names[j]) for j in np.flatnonzero(sd == 0)]
        warnings.warn(warning(ConstantIndicatorWarning, "weights.constant", indicators=flat),
                      stacklevel=2)
    if c.sum() <= 0 and (sd > 0).any():
        raise DataError(f"CRITIC weights are undefined: indicators {list(names)} are perfectly "
                        "correlated (no conflict between criteria); use another method")
    w = _normalize_weights(c, names, "CRITIC weights")
    table, dims = weight_table(names, w, as_dimensions(dimensions, names),
                               {"sd": sd, "conflict": conflict, "C": c})
    return WeightsResult("critic", table["weight"], table, dims,
                         options={"standardize": standardize, "correlation": correlation})


def cv_weights(x, *, directions=None, names: Sequence[str] | None = None,
               dimensions: Sequence[object] | None = None) -> WeightsResult:
    """Coefficient-of-variation weights: cv_j = sd_j / mean_j (raw, non-negative data),
    w_j = cv_j / sum cv. Direction does not matter (dispersion only).

    >>> cv_weights([[1, 10], [3, 10.5]]).weights.round(4).tolist()
    [0.9535, 0.0465]
    """
    raw, names = check_matrix(x, names)
    _require_non_negative(raw, names, "coefficient-of-variation weights")
    mean = raw.mean(axis=0)
    if (mean <= 0).any():
        raise DataError(f"coefficient of variation needs a positive mean; indicators "
                        f"{[names[j] for j in np.flatnonzero(mean <= 0)]} have mean 0")
    sd = raw.std(axis=0, ddof=1)
    cv = sd / mean
    w = _normalize_weights(cv, names, "CV weights")
    table, dims = weight_table(names, w, as_dimensions(dimensions, names),
                               {"mean": mean, "sd": sd, "cv": cv})
    return WeightsResult("cv", table["weight"], table, dims)


def std_weights(x, *, directions=None, names: Sequence[str] | None = None,
                dimensions: Sequence[object] | None = None,
                standardize: str = "none", standardized=None) -> WeightsResult:
    """Standard-deviation weights: w_j = sd_j / sum sd (on the raw data by default, or on
    the min-max matrix with ``standardize="minmax"``, given as ``standardized`` if already
    computed).

    >>> std_weights([[1, 2], [4, 16]]).weights.round(6).tolist()
    [0.176471, 0.823529]
    """
    xs, names = _prepare(x, directions, names, standardize, standardized)
    sd = xs.std(axis=0, ddof=0)
    w = _normalize_weights(sd, names, "SD weights")
    table, dims = weight_table(names, w, as_dimensions(dimensions, names), {"sd": sd})
    return WeightsResult("std", table["weight"], table, dims, options={"standardize": standardize})


def angle_weights(x, *, directions=None, names: Sequence[str] | None = None,
                  dimensions: Sequence[object] | None = None) -> WeightsResult:
    """Angle weights (Shuai et al. 2012): the angle between each column's shares p_j and
    the uniform vector, u_j = arccos(1 / (sqrt(m) ||p_j||)), w_j = u_j / sum u.
    Raw, non-negative data.

    >>> angle_weights([[1, 5], [2, 5], [9, 5.5]]).weights.round(4).tolist()
    [0.941, 0.059]
    """
    raw, names = check_matrix(x, names)
    _require_non_negative(raw, names, "angle weights")
    m = raw.shape[0]
    total = raw.sum(axis=0)
    p = np.divide(raw, total, out=np.zeros_like(raw), where=total > 0)
    norm = np.sqrt((p ** 2).sum(axis=0))
    cos = np.divide(1.0, np.sqrt(m) * norm, out=np.ones_like(norm), where=norm > 0)
    u = np.arccos(np.clip(cos, -1.0, 1.0))
    w = _normalize_weights(u, names, "angle weights")
    table, dims = weight_table(names, w, as_dimensions(dimensions, names), {"angle": u})
    return WeightsResult("angle", table["weight"], table, dims)


def equal_weights(x=None, *, directions=None, names: Sequence[str] | None = None,
                  dimensions: Sequence[object] | None = None, n: int | None = None
                  ) -> WeightsResult:
    """Equal weights 1/n.

    >>> equal_weights(names=["a", "b", "c", "d"]).weights.tolist()
    [0.25, 0.25, 0.25, 0.25]
    """
    if names is None:
        if x is not None:
            n = np.asarray(x).shape[1]
        if n is None:
            raise DataError("equal_weights needs x, names or n")
        names = [f"x{j + 1}" for j in range(n)]
    names = list(names)
    w = np.full(len(names), 1.0 / len(names))
    table, dims = weight_table(names, w, as_dimensions(dimensions, names))
    return WeightsResult("equal", table["weight"], table, dims)


def user_weights(weights: Mapping[str, float] | Sequence[float], x=None, *, directions=None,
                 names: Sequence[str] | None = None,
                 dimensions: Sequence[object] | None = None, tol: float = 1e-6) -> WeightsResult:
    """User-given weights, checked: finite, >= 0, one per indicator, summing to 1.

    Weights that do not sum to 1 (within ``tol``) are an **error**, not silently normalized:
    a typo in a weight should not pass unnoticed.

    >>> user_weights({"a": 0.7, "b": 0.3}, names=["a", "b"]).weights.tolist()
    [0.7, 0.3]
    """
    if isinstance(weights, Mapping):
        if names is None:
            names = list(weights)
        missing = [k for k in names if k not in weights]
        extra = [k for k in weights if k not in names]
        if missing or extra:
            raise DataError(f"user weights must name every indicator once; missing {missing}, "
                            f"unknown {extra}")
        w = np.array([float(weights[k]) for k in names])
    else:
        w = np.asarray(weights, dtype=float)
        names = list(names) if names is not None else [f"x{j + 1}" for j in range(len(w))]
        if len(w) != len(names):
            raise DataError(f"{len(w)} user weights for {len(names)} indicators")
    if not np.isfinite(w).all() or (w < 0).any():
        raise DataError(f"user weights must be finite and >= 0, got {w.tolist()}")
    if abs(w.sum() - 1) > tol:
        raise DataError(f"user weights must sum to 1, they sum to {w.sum():.6g}")
    table, dims = weight_table(list(names), w, as_dimensions(dimensions, list(names)))
    return WeightsResult("user", table["weight"], table, dims)


