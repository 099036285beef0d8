"""Direction-aware standardization of indicator matrices (METHODS section 2).

Min-max per indicator: benefit (+) x' = (a - min)/(max - min), cost (-) x' = (max - a)/(max - min).
A constant indicator (max == min) gets x' = 0 everywhere and a
:class:`~ccdkit.exceptions.ConstantIndicatorWarning`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..exceptions import ConstantIndicatorWarning, DataError
from ..text import warning

__all__ = ["as_index", "as_directions", "minmax", "minmax_or_given", "dominant_values", "normalize", "NORMALIZATIONS", "check_matrix"]

#: Normalizations by name: min-max (direction-aware), column proportions of the raw data,
#: vector (Euclidean) normalization of the raw data, or none.
NORMALIZATIONS = ("minmax", "proportion", "vector", "none")


def as_directions(directions, n: int) -> np.ndarray:
    """Directions as an array of +1 (benefit) / -1 (cost); ``None`` means all benefit.

    Accepts ``"+"``/``"-"``, ``1``/``-1``, ``True``/``False`` (benefit/cost).
    """
    if directions is None:
        return np.ones(n)
    out = []
    for d in directions:
        if isinstance(d, str):
            key = d.strip().lower()
            if key in ("+", "positive", "benefit", "max"):
                out.append(1.0)
            elif key in ("-", "negative", "cost", "min"):
                out.append(-1.0)
            else:
                raise DataError(f"direction must be '+' or '-', got {d!r}")
        elif isinstance(d, (bool, np.bool_)):
            out.append(1.0 if d else -1.0)
        elif d in (1, -1):
            out.append(float(d))
        else:
            raise DataError(f"direction must be '+'/'-' or 1/-1, got {d!r}")
    if len(out) != n:
        raise DataError(f"{len(out)} directions for {n} indicators")
    return np.array(out)


def as_index(index, n: int) -> pd.Index:
    """The row labels of a result: ``index`` as it is when already a pandas index (a
    MultiIndex stays one, uncopied), else built from the sequence; ``None``: 0..n-1."""
    if index is None:
        return pd.RangeIndex(n)
    if isinstance(index, pd.Index):
        return index
    return pd.Index(index if isinstance(index, np.ndarray) else list(index))


def check_matrix(x, names: Sequence[str] | None = None, *, min_rows: int = 2,
                 what: str = "indicator") -> tuple[np.ndarray, list[str]]:
    """A 2-D float matrix with finite values and at least ``min_rows`` rows."""
    x = np.asarray(x, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2:
        raise DataError(f"expected a 2-D matrix (units x {what}s), got shape {x.shape}")
    if names is None:
        names = [f"x{j + 1}" for j in range(x.shape[1])]
    elif not isinstance(names, pd.Index):  # an index is kept: labels built once
        names = list(names)
    if len(names) != x.shape[1]:
        raise DataError(f"{len(names)} names for {x.shape[1]} {what}s")
    if x.shape[0] < min_rows:
        raise DataError(f"at least {min_rows} units are needed, got {x.shape[0]}")
    bad = ~np.isfinite(x)
    if bad.any():
        cols = sorted({names[j] for j in np.nonzero(bad)[1]})
        allnan = [names[j] for j in range(x.shape[1]) if bad[:, j].all()]
        msg = (f"{what}(s) {allnan} are entirely missing" if allnan else
               f"missing or infinite values in {what}(s) {cols}")
        raise DataError(msg + " (impute or drop them first)")
    return x, names


def minmax(x, directions=None, names: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Direction-aware min-max standardization to [0, 1].

    Parameters
    ----------
    x : array of shape (m, n)
        Raw indicator values (units x indicators).
    directions : sequence, optional
        ``"+"`` (benefit) or ``"-"`` (cost) per indicator; default all benefit.
    names : sequence of str, optional
        Indicator names for warnings.

    Returns
    -------
    x_std : ndarray
        Standardized values in [0, 1]; 1 is best for every indicator.
    constant : ndarray of bool
        Indicators that are constant (max == min): x' = 0 and a warning.

    Examples
    --------
    >>> minmax([[1, 10], [3, 20], [5, 30]], ["+", "-"])[0].tolist()
    [[0.0, 1.0], [0.5, 0.5], [1.0, 0.0]]
    """
    x, names = check_matrix(x, names, min_rows=1)
    d = as_directions(directions, x.shape[1])
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = hi - lo
    constant = span == 0
    safe = np.where(constant, 1.0, span)
    out = np.where(d > 0, (x - lo) / safe, (hi - x) / safe)
    out[:, constant] = 0.0
    if constant.any():
        flat = [str(names[j]) for j in np.flatnonzero(constant)]
        warnings.warn(warning(ConstantIndicatorWarning, "indicators.constant", indicators=flat),
                      stacklevel=2)
    return out, constant


#: A value dominates when every other value lies within this share of the range from the
#: opposite end (the range is set by one cell, by orders of magnitude).
DOMINANCE = 1e-3


def dominant_values(x: np.ndarray) -> list[tuple[int, int]]:
    """(row, column) of values that alone set a column's range: all other values of the
    column lie within ``DOMINANCE`` of the range from the other end (e.g. one 1e300, or a
    value typed in yuan among values in 10^8 yuan). NaN are ignored.

    >>> dominant_values(np.array([[1.0, 5], [2, 6], [3e6, 7]]))
    [(2, 0)]
    """
    a = np.asarray(x, dtype=float)
    if a.ndim == 2 and a.shape[0] >= 3 and np.isfinite(a).all():
        return _dominant_finite(a)
    out = []
    for j in range(a.shape[1]):
        col = a[:, j]
        ok = np.flatnonzero(np.isfinite(col))
        if len(ok) < 3:
            continue
        v = col[ok]
        order = np.argsort(v, kind="stable")
        lo, hi = v[order[0]], v[order[-1]]
        span = hi - lo
        if not span > 0:
            continue
        if (v[order[-2]] - lo) <= DOMINANCE * span:
            out.append((int(ok[order[-1]]), j))
        elif (hi - v[order[1]]) <= DOMINANCE * span:
            out.append((int(ok[order[0]]), j))
    return out


def _dominant_finite(a: np.ndarray) -> list[tuple[int, int]]:
    """:func:`dominant_values` of a matrix without missing values, all columns at once
    (a dominant extreme is unique, so its row is the column's argmax or argmin)."""
    s = np.sort(a, axis=0)
    lo, hi = s[0], s[-1]
    span = hi - lo
    high = (span > 0) & (s[-2] - lo <= DOMINANCE * span)
    low = (span > 0) & ~high & (hi - s[1] <= DOMINANCE * span)
    rows = np.where(high, a.argmax(axis=0), a.argmin(axis=0))
    return [(int(rows[j]), int(j)) for j in np.flatnonzero(high | low)]


def minmax_or_given(x: np.ndarray, directions, names: Sequence[str],
                    standardized=None) -> np.ndarray:
    """The direction-aware min-max matrix of ``x``: ``standardized`` when the caller has
    already computed it (checked for shape), else :func:`minmax` of ``x``.

    Lets a pipeline standardize each pool once and hand the matrix to every step
    (weights, scores, sub-scores) instead of each step standardizing the same data again.
    """
    if standardized is None:
        return minmax(x, directions, names)[0]
    xs = np.asarray(standardized, dtype=float)
    if xs.shape != np.shape(x):
        raise DataError(f"standardized matrix of shape {xs.shape} for data of shape "
                        f"{np.shape(x)}")
    return xs


def normalize(x, method: str = "minmax", directions=None,
              names: Sequence[str] | None = None) -> np.ndarray:
    """Normalize an indicator matrix.

    ``minmax``: direction-aware min-max (:func:`minmax`); ``proportion``: a / sum(a) per
    column (raw, non-negative data); ``vector``: a / sqrt(sum a^2) per column; ``none``:
    unchanged. Only ``minmax`` reverses cost indicators.

    >>> normalize([[3.0], [4.0]], "vector").round(2).tolist()
    [[0.6], [0.8]]
    """
    if method not in NORMALIZATIONS:
        raise DataError(f"normalization must be one of {NORMALIZATIONS}, got {method!r}")
    if method == "minmax":
        return minmax(x, directions, names)[0]
    x, names = check_matrix(x, names, min_rows=1)
    if method == "none":
        return x.copy()
    if method == "proportion":
        _require_non_negative(x, names, "proportions")
        total = x.sum(axis=0)
        return np.divide(x, total, out=np.zeros_like(x), where=total != 0)
    norm = np.sqrt((x ** 2).sum(axis=0))
    return np.divide(x, norm, out=np.zeros_like(x), where=norm != 0)


def _require_non_negative(x: np.ndarray, names: Sequence[str], what: str) -> None:
    neg = (x < 0).any(axis=0)
    if neg.any():
        cols = [names[j] for j in np.flatnonzero(neg)]
        raise DataError(f"{what} need non-negative values; negative values in {cols} "
                        "(standardize them first, e.g. min-max)")
