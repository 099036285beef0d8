"""Exact natural breaks (Jenks) = optimal 1-D k-means, for every k up to k_max in one pass.

The dynamic programme of Wang & Song (2011, Ckmeans.1d.dp) runs on the distinct values
weighted by their counts, so ties are never split between classes. Each row of the
programme is filled by divide and conquer (the optimal start of the last class is monotone),
O(k n log n). The compiled kernel (``_jenks.c``) is used when it was built at install time;
otherwise a numpy implementation of the same recurrence (vectorized level by level) gives
the same breaks, more slowly on millions of distinct values.

References
----------
Jenks, G. F. (1967). The data model concept in statistical mapping. *International Yearbook
of Cartography*, 7, 186-190.
Wang, H. & Song, M. (2011). Ckmeans.1d.dp: optimal k-means clustering in one dimension by
dynamic programming. *The R Journal*, 3(2), 29-33.
"""

from __future__ import annotations

import ctypes
import importlib.util
from functools import lru_cache

import numpy as np

from ..exceptions import DataError

__all__ = ["natural_breaks", "natural_breaks_all", "natural_breaks_table", "natural_class_ends",
           "jenks_backend"]


@lru_cache(maxsize=1)
def _kernel():
    spec = importlib.util.find_spec("ccdkit.geodetector._jenks")
    if spec is None or not spec.origin:
        return None
    try:
        lib = ctypes.CDLL(spec.origin)
        fn = lib.ccdkit_jenks
    except (OSError, AttributeError):
        return None
    dp = ctypes.POINTER(ctypes.c_double)
    fn.argtypes = [dp, dp, ctypes.c_long, ctypes.c_long, ctypes.POINTER(ctypes.c_int), dp]
    fn.restype = ctypes.c_int
    return fn


def jenks_backend() -> str:
    """``"c"`` when the compiled kernel is available, else ``"numpy"``."""
    return "c" if _kernel() is not None else "numpy"


def _prefix(x: np.ndarray, w: np.ndarray):
    c = np.average(x, weights=w)
    d = x - c
    zero = np.zeros(1)
    s0 = np.concatenate([zero, np.cumsum(w)])
    s1 = np.concatenate([zero, np.cumsum(w * d)])
    s2 = np.concatenate([zero, np.cumsum(w * d * d)])
    return s0, s1, s2


def _ssq(s0, s1, s2, j, i):
    w = s0[i + 1] - s0[j]
    s = s1[i + 1] - s1[j]
    return np.maximum((s2[i + 1] - s2[j]) - s * s / w, 0.0)


def _dp_numpy(x: np.ndarray, w: np.ndarray, kmax: int) -> tuple[np.ndarray, np.ndarray]:
    """Same recurrence as the C kernel, each row filled level by level with numpy."""
    n = len(x)
    s0, s1, s2 = _prefix(x, w)
    idx = np.arange(n)
    prev = _ssq(s0, s1, s2, np.zeros(n, dtype=np.int64), idx)
    B = np.zeros((kmax, n), dtype=np.int64)
    cost = np.zeros(kmax)
    cost[0] = prev[-1]
    for k in range(1, kmax):
        cur = np.zeros(n)
        brow = B[k]
        brow[:k] = np.arange(min(k, n))
        if k < n:
            seg = np.array([[k, n - 1, k, n - 1]], dtype=np.int64)
            while len(seg):
                ilo, ihi, jlo, jhi = seg.T
                mid = (ilo + ihi) // 2
                lo = np.maximum(jlo, k)
                hi = np.minimum(jhi, mid)
                lengths = hi - lo + 1
                starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
                owner = np.repeat(np.arange(len(seg)), lengths)
                j = lo[owner] + (np.arange(lengths.sum()) - starts[owner])
                c = prev[j - 1] + _ssq(s0, s1, s2, j, mid[owner])
                best = np.minimum.reduceat(c, starts)
                hit = np.flatnonzero(c == best[owner])
                _, first = np.unique(owner[hit], return_index=True)
                bj = j[hit[first]]
                cur[mid] = best
                brow[mid] = bj
                left = ilo <= mid - 1
                right = mid + 1 <= ihi
                seg = np.concatenate([
                    np.column_stack([ilo, mid - 1, jlo, bj])[left],
                    np.column_stack([mid + 1, ihi, bj, jhi])[right]])
            cost[k] = cur[-1]
        prev = cur
    return B, cost


def _dp(x: np.ndarray, w: np.ndarray, kmax: int, backend: str | None = None):
    kernel = _kernel() if backend in (None, "c") else None
    if backend == "c" and kernel is None:
        raise DataError("the compiled natural-breaks kernel is not available")
    if kernel is None:
        return _dp_numpy(x, w, kmax)
    n = len(x)
    x = np.ascontiguousarray(x, dtype=np.float64)
    w = np.ascontiguousarray(w, dtype=np.float64)
    B = np.empty((kmax, n), dtype=np.intc)
    cost = np.zeros(kmax)
    dp = ctypes.POINTER(ctypes.c_double)
    status = kernel(x.ctypes.data_as(dp), w.ctypes.data_as(dp), n, kmax,
                    B.ctypes.data_as(ctypes.POINTER(ctypes.c_int)), cost.ctypes.data_as(dp))
    if status != 0:
        raise MemoryError("natural breaks: out of memory")
    return B, cost


def natural_breaks_all(x, ks, *, backend: str | None = None) -> dict[int, np.ndarray]:
    """Exact natural breaks of ``x`` for each k in ``ks`` (one dynamic programme).

    Parameters
    ----------
    x : array-like
        Values (NaN ignored).
    ks : iterable of int
        Numbers of classes; a k larger than the number of distinct values is skipped.
    backend : {None, "c", "numpy"}
        Force an implementation (default: the compiled kernel when available).

    Returns
    -------
    dict of int to ndarray
        ``{k: breaks}`` with breaks b_0 = min < b_1 < ... < b_k = max; class i holds the
        values in (b_{i-1}, b_i] (the first class also b_0). Each b_i (i < k) is the largest
        value of class i.

    Examples
    --------
    >>> natural_breaks_all([1, 2, 3, 10, 11, 12, 50], [2, 3])[3].tolist()
    [1.0, 3.0, 12.0, 50.0]
    """
    x = np.asarray(x, dtype=float).ravel()
    values, counts = np.unique(x[np.isfinite(x)], return_counts=True)
    return natural_breaks_table(values, counts, ks, backend=backend)


def natural_breaks_table(values: np.ndarray, counts: np.ndarray, ks, *,
                         backend: str | None = None) -> dict[int, np.ndarray]:
    """Exact natural breaks from sorted distinct ``values`` with their ``counts``.

    The same as :func:`natural_breaks_all` on the expanded data, without expanding it.

    >>> natural_breaks_table(np.array([1.0, 2.0, 9.0]), np.array([5, 5, 1]), [2])[2].tolist()
    [1.0, 2.0, 9.0]
    """
    ks = sorted({int(k) for k in ks})
    if not ks:
        return {}
    if ks[0] < 1:
        raise DataError(f"numbers of classes must be >= 1, got {ks}")
    n = len(values)
    ks_ok = [k for k in ks if k <= n]
    if not ks_ok:
        return {}
    return {k: np.concatenate([[values[0]], values[ends]])
            for k, ends in natural_class_ends(values, counts, ks_ok, backend=backend).items()}


def natural_class_ends(values: np.ndarray, counts: np.ndarray, ks, *,
                       backend: str | None = None) -> dict[int, np.ndarray]:
    """Index of the last value of each class of the exact natural breaks, for each k.

    ``values`` sorted and distinct with weights ``counts``; every k must be <= len(values).

    >>> natural_class_ends(np.array([1.0, 2.0, 9.0]), np.array([5, 5, 1]), [2])[2].tolist()
    [1, 2]
    """
    ks = sorted({int(k) for k in ks})
    n = len(values)
    B, _ = _dp(np.asarray(values, dtype=float), np.asarray(counts, dtype=float), max(ks),
               backend)
    out = {}
    for k in ks:
        ends = np.empty(k, dtype=np.int64)
        i = n - 1
        for level in range(k - 1, -1, -1):
            ends[level] = i
            i = int(B[level, i]) - 1
        out[k] = ends
    return out


def natural_breaks(x, k: int, *, backend: str | None = None) -> np.ndarray:
    """Exact natural breaks of ``x`` into ``k`` classes (see :func:`natural_breaks_all`).

    Raises
    ------
    DataError
        If ``x`` has fewer than ``k`` distinct values.

    Examples
    --------
    >>> natural_breaks([4, 5, 9, 10, 30, 31, 32], 3).tolist()
    [4.0, 5.0, 10.0, 32.0]
    """
    res = natural_breaks_all(x, [k], backend=backend)
    if k not in res:
        n = len(np.unique(np.asarray(x, dtype=float)[np.isfinite(np.asarray(x, dtype=float))]))
        raise DataError(f"natural breaks: {k} classes need at least {k} distinct values, "
                        f"found {n}")
    return res[k]
