"""Discretization of a continuous factor into strata (METHODS section 6).

Breaks b_0 = min < b_1 < ... < b_k = max; intervals are right-closed with the first closed
on both sides, [b_0, b_1], (b_1, b_2], ..., (b_{k-1}, b_k] (R ``cut(..., include.lowest =
TRUE)``, as in R GD).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ._natural import natural_breaks_table

__all__ = ["DISCRETIZATION_METHODS", "Discretization", "breaks_for", "breaks_from_counts",
           "quantiles_from_counts", "quantile_breaks", "sd_breaks", "discretize", "assign", "cover_range", "interval_labels"]

_SD_SEARCH = 40  # how far the sd method lets m grow before giving up


def _finite(x) -> np.ndarray:
    x = np.asarray(x, dtype=float).ravel()
    return x[np.isfinite(x)]


def quantiles_from_counts(values: np.ndarray, counts: np.ndarray, probs) -> np.ndarray:
    """Quantiles (R type 7, numpy's linear default) of the data that ``values`` (sorted,
    distinct) with ``counts`` describe, without expanding them.

    >>> quantiles_from_counts(np.array([1.0, 2.0, 10.0]), np.array([2, 1, 1]), [0, 0.5, 1])
    array([ 1. ,  1.5, 10. ])
    """
    cum = np.cumsum(counts)
    N = cum[-1]
    h = (N - 1) * np.asarray(probs, dtype=float)
    lo = np.floor(h).astype(np.int64)
    hi = np.minimum(lo + 1, N - 1)
    v_lo = values[np.searchsorted(cum, lo, side="right")]
    v_hi = values[np.searchsorted(cum, hi, side="right")]
    return v_lo + (h - lo) * (v_hi - v_lo)


def _equal(values, counts, ks) -> dict[int, np.ndarray | None]:
    lo, hi = values[0], values[-1]
    out = {}
    for k in ks:
        b = lo + (hi - lo) * np.arange(k + 1) / k
        b[0], b[-1] = lo, hi
        out[k] = b
    return out


def _quantile(values, counts, ks) -> dict[int, np.ndarray | None]:
    return quantile_breaks(lambda p: quantiles_from_counts(values, counts, p), len(values), ks)


def quantile_breaks(quantile: Callable[[np.ndarray], np.ndarray], n_distinct: int,
                    ks) -> dict[int, np.ndarray | None]:
    """Quantile breaks for each k from a quantile function (probabilities -> values).

    When breaks repeat, k+1, k+2, ... probabilities are tried until exactly k+1 distinct
    breaks (``None`` if none gives them). Shared by tables in memory (exact quantiles) and
    binned tables at scale (quantiles interpolated within bins).
    """
    out: dict[int, np.ndarray | None] = {}
    for k in ks:
        out[k] = None
        if n_distinct < k + 1:
            continue
        for m in range(k, max(4 * k, k + 50) + 1):
            b = np.unique(quantile(np.arange(m + 1) / m))
            if len(b) == k + 1:
                out[k] = b
                break
            if len(b) > k + 1:
                break
    return out


def _natural(values, counts, ks) -> dict[int, np.ndarray | None]:
    res = natural_breaks_table(values, counts, ks)
    return {k: res.get(k) for k in ks}


def _geometric(values, counts, ks) -> dict[int, np.ndarray | None]:
    lo, hi = values[0], values[-1]
    shift = 1.0 if lo >= 0 else 1.0 - lo  # x' = x + 1 (min >= 0) or x - min + 1
    a, b = lo + shift, hi + shift
    out = {}
    for k in ks:
        r = (b / a) ** (1.0 / k)
        br = a * r ** np.arange(k + 1) - shift
        br[0], br[-1] = lo, hi
        out[k] = br
    return out


def _sd(values, counts, ks) -> dict[int, np.ndarray | None]:
    N = counts.sum()
    mean = float((values * counts).sum() / N)
    sd = float(np.sqrt((counts * (values - mean) ** 2).sum() / (N - 1))) if N > 1 else 0.0
    return sd_breaks(values[0], values[-1], mean, sd, ks)


def sd_breaks(lo: float, hi: float, mean: float, sd: float,
              ks) -> dict[int, np.ndarray | None]:
    """Standard-deviation breaks (as R GD) from the range, mean and sample sd of a factor:
    mean +- multiples of sd/2 (sd/4 beyond 7 classes) inside (lo, hi), the number of
    multiples grown until at least k + 1 breaks."""
    out: dict[int, np.ndarray | None] = {}
    for k in ks:
        out[k] = None
        for m in range(k + 1, k + 1 + _SD_SEARCH):
            step = sd / 2 if m <= 7 else sd / 4
            offsets = np.arange(m - 3, -1, -2, dtype=float) * step
            cand = np.concatenate([mean - offsets, mean + offsets])
            inner = cand[(cand > lo) & (cand < hi)]
            b = np.unique(np.concatenate([[lo], inner, [hi]]))
            if len(b) >= k + 1:
                out[k] = b
                break
    return out


#: Discretization methods by name: each maps the distribution of a factor (sorted distinct
#: values and their counts) and the numbers of classes to {k: breaks or None (invalid)}.
DISCRETIZATION_METHODS: dict[str, Callable[..., dict[int, np.ndarray | None]]] = {
    "equal": _equal,
    "quantile": _quantile,
    "natural": _natural,
    "geometric": _geometric,
    "sd": _sd,
}


def breaks_from_counts(values: np.ndarray, counts: np.ndarray, method: str,
                       ks: Iterable[int]) -> dict[int, np.ndarray | None]:
    """Breaks for each k from a factor's distinct values and counts (no expansion)."""
    if method not in DISCRETIZATION_METHODS:
        raise DataError(f"discretization method must be one of {list(DISCRETIZATION_METHODS)} "
                        f"or manual breaks, got {method!r}")
    ks = sorted({int(k) for k in ks})
    if not ks or ks[0] < 1:
        raise DataError(f"numbers of classes must be >= 1, got {ks}")
    if len(values) < 2:
        return {k: None for k in ks}
    return DISCRETIZATION_METHODS[method](values, counts, ks)


def breaks_for(x, method: str, ks: Iterable[int]) -> dict[int, np.ndarray | None]:
    """Breaks of ``x`` by ``method`` for each k (``None`` where the method gives none).

    Examples
    --------
    >>> breaks_for([1, 2, 3, 4, 5, 6, 7, 8, 9], "equal", [2])[2].tolist()
    [1.0, 5.0, 9.0]
    >>> breaks_for([1, 1, 1, 1, 2, 3, 4, 5], "quantile", [2])[2].tolist()
    [1.0, 1.5, 5.0]
    """
    if method not in DISCRETIZATION_METHODS:
        raise DataError(f"discretization method must be one of {list(DISCRETIZATION_METHODS)} "
                        f"or manual breaks, got {method!r}")
    x = _finite(x)
    if len(x) == 0:
        raise DataError("cannot discretize: no finite value")
    values, counts = np.unique(x, return_counts=True)
    return breaks_from_counts(values, counts, method, ks)


def cover_range(breaks: Sequence[float], lo: float, hi: float,
                what: str = "manual breaks") -> np.ndarray:
    """Strictly increasing user breaks extended with ``lo``/``hi`` so they cover the data.

    Breaks may be inner cut points or full breaks; ``what`` names them in the error.

    >>> cover_range([2.5, 4.5], 1, 6).tolist()
    [1.0, 2.5, 4.5, 6.0]
    """
    b = np.asarray(breaks, dtype=float)
    if (np.diff(b) <= 0).any():
        raise DataError(f"{what} must be strictly increasing, got {b.tolist()}")
    if b[0] > lo:
        b = np.concatenate([[lo], b])
    if b[-1] < hi:
        b = np.concatenate([b, [hi]])
    return b


def assign(x, breaks: Sequence[float]) -> np.ndarray:
    """Stratum code (0..k-1) of each value; -1 for NaN and for values outside the breaks.

    >>> assign([1, 2, 2.5, 4, float("nan")], [1, 2, 4]).tolist()
    [0, 0, 1, 1, -1]
    """
    x = np.asarray(x, dtype=float)
    b = np.asarray(breaks, dtype=float)
    codes = np.searchsorted(b[1:-1], x, side="left").astype(np.int64)
    outside = ~np.isfinite(x) | (x < b[0]) | (x > b[-1])
    codes[outside] = -1
    return codes


def interval_labels(breaks: Sequence[float], digits: int = 4) -> list[str]:
    """Interval labels ``[b0, b1]``, ``(b1, b2]``, ...

    >>> interval_labels([0, 1.5, 3])
    ['[0, 1.5]', '(1.5, 3]']
    """
    b = [f"{v:.{digits}g}" for v in breaks]
    return [("[" if i == 0 else "(") + f"{b[i]}, {b[i + 1]}]" for i in range(len(b) - 1)]


@dataclass
class Discretization:
    """A stratification of one factor.

    Attributes
    ----------
    method : str
        Method name (``manual`` for user breaks).
    k : int
        Number of classes requested.
    breaks : ndarray
        b_0 = min < ... < b_L = max.
    counts : ndarray of int
        Samples in each stratum.
    labels : list of str
        Interval labels.
    """

    method: str
    k: int
    breaks: np.ndarray
    counts: np.ndarray
    labels: list[str]

    @property
    def n_classes(self) -> int:
        return len(self.breaks) - 1

    def codes(self, x) -> np.ndarray:
        """Stratum code of each value of ``x`` (-1 for missing)."""
        return assign(x, self.breaks)

    def to_frame(self) -> pd.DataFrame:
        """One row per stratum: interval, lower and upper break, count."""
        return pd.DataFrame({"stratum": np.arange(1, self.n_classes + 1), "interval": self.labels,
                             "lower": self.breaks[:-1], "upper": self.breaks[1:],
                             "count": self.counts})


def discretize(x, method: str = "natural", k: int = 5, *,
               breaks: Sequence[float] | None = None) -> Discretization:
    """Discretize a continuous factor.

    Parameters
    ----------
    x : array-like
        Values (NaN ignored).
    method : {"equal", "quantile", "natural", "geometric", "sd"} or "manual"
        ``equal``: b_i = min + i (max - min)/k. ``quantile``: the i/k quantiles (linear
        interpolation, R type 7); when breaks repeat, k+1, k+2, ... probabilities are tried
        until exactly k+1 distinct breaks. ``natural``: exact Jenks natural breaks (optimal
        1-D k-means). ``geometric``: on x' = x + 1 (min >= 0) or x - min + 1,
        b'_i = min(x') r^i with r = (max x'/min x')^(1/k), mapped back; exactly k classes.
        ``sd``: mean +- multiples of the standard deviation exactly as R GD (can give more
        than k classes). ``manual``: the given ``breaks``.
    k : int
        Number of classes.
    breaks : sequence of float, optional
        Manual breaks: either full breaks covering the data, or inner cut points (min and
        max are added).

    Raises
    ------
    DataError
        No finite value, a constant factor, fewer distinct values than k, repeating or
        decreasing breaks, values outside manual breaks.

    Examples
    --------
    >>> d = discretize([1, 2, 3, 10, 11, 12, 50], "natural", 3)
    >>> d.breaks.tolist(), d.counts.tolist(), d.labels
    ([1.0, 3.0, 12.0, 50.0], [3, 3, 1], ['[1, 3]', '(3, 12]', '(12, 50]'])
    """
    values = _finite(x)
    if len(values) == 0:
        raise DataError("cannot discretize: no finite value")
    if breaks is not None or method == "manual":
        if breaks is None:
            raise DataError("method 'manual' needs breaks")
        b = cover_range(breaks, values.min(), values.max())
        method, k = "manual", len(b) - 1
    else:
        b = breaks_for(values, method, [k])[k]
        if b is None:
            n = len(np.unique(values))
            raise DataError(f"{method} breaks for k = {k} are not defined here ({n} distinct "
                            f"value(s), min {values.min():g}, max {values.max():g})")
    if (np.diff(b) <= 0).any():
        raise DataError(f"{method} breaks for k = {k} repeat: {b.tolist()}")
    counts = np.bincount(assign(values, b), minlength=len(b) - 1)
    return Discretization(method, int(k), b, counts, interval_labels(b))
