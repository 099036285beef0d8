"""Mergeable summaries of a factor for data that never sit in memory at once.

:class:`Moments` streams count, mean, sum of squared deviations, minimum and maximum
(merged exactly by Chan et al.'s update). :class:`BinnedTable` is a fixed-width histogram
of a continuous factor over its exact range, M equal bins, with per bin the count, the sum
of x and the count, sum and sum of squares of y: chunks are binned independently and the
tables added. From it the five discretization methods give their breaks:

* ``equal``, ``geometric`` and ``sd`` need only the range, mean and standard deviation,
  streamed exactly, so their breaks are those of the data in memory;
* ``quantile``: the order statistics are located in their bin and interpolated linearly
  inside it. A break is within one bin width ``w`` of the exact quantile, and its rank is
  off by at most the count of its bin (``rank_error`` = the largest such count / N);
* ``natural``: the exact Jenks dynamic programme on the M bins (weights = counts, values =
  the bins' means of x) is the optimal partition among those with breaks on the bin grid
  (within-bin spread is the same for every such partition). Snapping each break of the
  exact optimum to its bin edge moves at most one bin of points, each by at most ``w``
  past the midpoint of two class means, so SSW(binned) - SSW(exact) <=
  2 w n_max (max - min), with n_max the largest bin count; reported as a bound on the loss
  of goodness of variance fit (``gvf_bound`` = that / SST of x).

The q of every candidate is then computed exactly (:mod:`ccdkit.geodetector._chunked`
counts the rows between the candidates' breaks in one more pass), so only the *position*
of quantile and natural breaks is approximate, by the bounds above.

References
----------
Chan, T. F., Golub, G. H. & LeVeque, R. J. (1983). Algorithms for computing the sample
variance: analysis and recommendations. *The American Statistician*, 37(3), 242-247.
Wang, H. & Song, M. (2011). Ckmeans.1d.dp: optimal k-means clustering in one dimension by
dynamic programming. *The R Journal*, 3(2), 29-33.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..exceptions import DataError
from ._discretize import _equal, _geometric, quantile_breaks, sd_breaks
from ._natural import natural_class_ends
from ._stats import StrataSums

__all__ = ["Moments", "BinnedTable", "DEFAULT_BINS"]

#: Bins of a continuous factor's table at scale (and the most distinct values kept exactly).
DEFAULT_BINS = 65_536


@dataclass
class Moments:
    """Count, mean, sum of squared deviations (m2), min and max of the finite values.

    >>> a = Moments.of(np.array([1.0, 2.0])); b = Moments.of(np.array([3.0, np.nan, 6.0]))
    >>> m = Moments.merge([a, b]); (m.n, m.mean, round(m.sd, 6), m.lo, m.hi)
    (4, 3.0, 2.160247, 1.0, 6.0)
    """

    n: int = 0
    mean: float = 0.0
    m2: float = 0.0
    lo: float = np.inf
    hi: float = -np.inf

    @classmethod
    def of(cls, x: np.ndarray, *, finite: bool = False) -> "Moments":
        """Moments of the finite values of ``x`` (``finite=True``: the caller has already
        dropped the others, so no second pass is made)."""
        if not finite:
            x = x[np.isfinite(x)]
        if not len(x):
            return cls()
        mean = float(x.mean())
        d = x - mean
        return cls(len(x), mean, float(d @ d), float(x.min()), float(x.max()))

    @classmethod
    def merge(cls, parts: Sequence["Moments"]) -> "Moments":
        out = cls()
        for p in parts:
            if not p.n:
                continue
            n = out.n + p.n
            delta = p.mean - out.mean
            out = cls(n, out.mean + delta * p.n / n,
                      out.m2 + p.m2 + delta * delta * out.n * p.n / n,
                      min(out.lo, p.lo), max(out.hi, p.hi))
        return out

    @property
    def sd(self) -> float:
        """Sample standard deviation (ddof 1)."""
        return float(np.sqrt(self.m2 / (self.n - 1))) if self.n > 1 else 0.0


@dataclass
class BinnedTable:
    """A continuous factor in M equal-width bins over [lo, hi]: per bin count, sum of
    (x - lo) and count, sum and sum of squares of (y - offset).

    Bin j holds lo + j w < x <= lo + (j + 1) w (the first also x = lo), w = (hi - lo) / M.
    Built per chunk with :meth:`from_arrays` on the same ``lo``, ``hi``, ``bins`` and
    ``offset`` (from a first pass) and added with :meth:`merge`; ``moments`` are the
    factor's streamed :class:`Moments` (for the sd method and the bounds).
    """

    lo: float
    hi: float
    n: np.ndarray
    sx: np.ndarray
    s1: np.ndarray
    s2: np.ndarray
    offset: float
    moments: Moments = field(default_factory=Moments)

    exact = False

    @property
    def bins(self) -> int:
        return len(self.n)

    @property
    def width(self) -> float:
        return (self.hi - self.lo) / self.bins

    @property
    def N(self) -> int:
        return int(self.n.sum())

    @staticmethod
    def bin_of(x: np.ndarray, lo: float, hi: float, bins: int) -> np.ndarray:
        """Bin index of each value (values are within [lo, hi])."""
        scale = bins / (hi - lo)
        if np.isfinite(scale):
            j = np.ceil((x - lo) * scale) - 1
        else:  # a range so narrow that bins / range overflows
            j = np.ceil((x - lo) / (hi - lo) * bins) - 1
        return np.clip(j, 0, bins - 1).astype(np.int64)

    @classmethod
    def from_arrays(cls, x: np.ndarray, y: np.ndarray, *, lo: float, hi: float, bins: int,
                    offset: float, moments: Moments | None = None) -> "BinnedTable":
        j = cls.bin_of(x, lo, hi, bins)
        yc = y - offset
        return cls(lo, hi, np.bincount(j, minlength=bins).astype(float),
                   np.bincount(j, weights=x - lo, minlength=bins),
                   np.bincount(j, weights=yc, minlength=bins),
                   np.bincount(j, weights=yc * yc, minlength=bins), offset,
                   moments or Moments())

    @classmethod
    def merge(cls, tables: Sequence["BinnedTable"]) -> "BinnedTable":
        t0 = tables[0]
        return cls(t0.lo, t0.hi, *(np.sum([getattr(t, a) for t in tables], axis=0)
                                   for a in ("n", "sx", "s1", "s2")), t0.offset, t0.moments)

    # --- breaks -----------------------------------------------------------------------
    def edges(self) -> np.ndarray:
        e = self.lo + self.width * np.arange(self.bins + 1)
        e[-1] = self.hi
        return e

    def quantile(self, probs) -> np.ndarray:
        """Type-7 quantiles, each order statistic interpolated linearly within its bin."""
        p = np.asarray(probs, dtype=float)
        cum = np.concatenate([[0.0], np.cumsum(self.n)])
        N = cum[-1]

        def order_stat(r):
            j = np.searchsorted(cum[1:], r, side="right")
            j = np.minimum(j, self.bins - 1)
            u = (r - cum[j] + 0.5) / np.maximum(self.n[j], 1)
            return self.lo + (j + np.clip(u, 0, 1)) * self.width

        h = (N - 1) * p
        r_lo = np.floor(h)
        r_hi = np.minimum(r_lo + 1, N - 1)
        v_lo, v_hi = order_stat(r_lo), order_stat(r_hi)
        out = v_lo + (h - r_lo) * (v_hi - v_lo)
        out = np.clip(out, self.lo, self.hi)
        out[p <= 0] = self.lo
        out[p >= 1] = self.hi
        return out

    def _natural(self, ks) -> dict[int, np.ndarray | None]:
        nz = np.flatnonzero(self.n > 0)
        means = self.lo + self.sx[nz] / self.n[nz]
        ks_ok = [k for k in ks if k <= len(nz)]
        out: dict[int, np.ndarray | None] = {k: None for k in ks}
        if not ks_ok:
            return out
        edges = self.edges()
        for k, ends in natural_class_ends(means, self.n[nz], ks_ok).items():
            inner = edges[nz[ends[:-1]] + 1]
            out[k] = np.concatenate([[self.lo], inner, [self.hi]])
        return out

    def breaks(self, method: str, ks) -> dict[int, np.ndarray | None]:
        """Breaks of ``method`` for each k (see the module text for what is exact)."""
        ends = np.array([self.lo, self.hi])
        if method == "equal":
            return _equal(ends, None, ks)
        if method == "geometric":
            return _geometric(ends, None, ks)
        if method == "sd":
            return sd_breaks(self.lo, self.hi, self.moments.mean, self.moments.sd, ks)
        if method == "quantile":
            return quantile_breaks(self.quantile, self.N, ks)
        if method == "natural":
            return self._natural(ks)
        raise DataError(f"unknown discretization method {method!r}")

    def bounds(self) -> dict:
        """The approximation's bounds (module text): bin width, quantile rank error as a
        share of N, natural breaks' loss of goodness of variance fit."""
        N = max(self.N, 1)
        n_max = float(self.n.max()) if self.bins else 0.0
        sst = self.moments.m2
        gap = 2.0 * self.width * n_max * (self.hi - self.lo)
        return {"table": "binned", "bins": self.bins, "bin_width": self.width,
                "quantile_value_error": self.width, "quantile_rank_error": n_max / N,
                "natural_gvf_bound": gap / sst if sst > 0 else float("nan")}

    def sums(self, breaks: np.ndarray) -> StrataSums:  # pragma: no cover - guarded
        raise DataError("a binned table gives breaks, not exact sums: the candidates are "
                        "evaluated on the data")
