"""The q statistic and its p-values from per-stratum sums (METHODS section 6).

q = 1 - SSW/SST with SSW = sum_h N_h sigma_h^2 and SST = N sigma^2. Everything is computed
from three numbers per stratum (count, sum and sum of squares of y, centred on its mean) so
that q for many stratifications costs O(strata) after one pass over the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from ..exceptions import DataError

__all__ = ["StrataSums", "strata_sums", "q_value", "FactorStats", "factor_stats",
           "permutation_pvalue", "SINGLETON_MODES", "LAMBDA_VARIANCES"]

SINGLETON_MODES = ("drop", "keep")
LAMBDA_VARIANCES = ("population", "sample")


@dataclass
class StrataSums:
    """Count, sum and sum of squares of (y - offset) per stratum."""

    n: np.ndarray
    s1: np.ndarray
    s2: np.ndarray
    offset: float

    def select(self, keep: np.ndarray) -> "StrataSums":
        return StrataSums(self.n[keep], self.s1[keep], self.s2[keep], self.offset)


def strata_sums(y: np.ndarray, codes: np.ndarray, n_strata: int | None = None,
                offset: float | None = None) -> StrataSums:
    """Per-stratum sums by ``bincount`` (codes 0..L-1; rows with code < 0 are ignored)."""
    ok = codes >= 0
    if not ok.all():
        y, codes = y[ok], codes[ok]
    if offset is None:
        offset = float(y.mean()) if len(y) else 0.0
    yc = y - offset
    L = int(codes.max()) + 1 if n_strata is None and len(codes) else (n_strata or 0)
    n = np.bincount(codes, minlength=L).astype(float)
    s1 = np.bincount(codes, weights=yc, minlength=L)
    yc *= yc
    return StrataSums(n, s1, np.bincount(codes, weights=yc, minlength=L), offset)


def q_value(s: StrataSums) -> tuple[float, float, float]:
    """(q, SSW, SST) from per-stratum sums; empty strata are ignored. NaN if SST = 0."""
    nz = s.n > 0
    n, s1, s2 = s.n[nz], s.s1[nz], s.s2[nz]
    N = n.sum()
    sst = s2.sum() - s1.sum() ** 2 / N if N > 0 else 0.0
    ssw = (s2 - s1 * s1 / n).sum()
    ssw = max(ssw, 0.0)
    if sst <= 1e-14 * max(s2.sum(), 1e-300):
        return float("nan"), ssw, max(sst, 0.0)
    return float(min(max(1.0 - ssw / sst, 0.0), 1.0)), ssw, sst


@dataclass
class FactorStats:
    """q and its tests for one stratification.

    Attributes
    ----------
    q : float
    F : float
        (N - L)/(L - 1) q/(1 - q).
    p : float
        Non-central F p-value (survival function), lambda from the stratum means.
    p_central : float
        Central F p-value (shift-invariant).
    lam : float
        Non-centrality parameter.
    N, L : int
        Samples and strata used (after dropping singletons if asked).
    singletons : int
        Strata of one sample dropped (``singletons="drop"``) or kept.
    """

    q: float
    F: float
    p: float
    p_central: float
    lam: float
    N: int
    L: int
    singletons: int
    ssw: float
    sst: float


def _drop_singletons(s: StrataSums, mode: str) -> tuple[StrataSums, int]:
    single = s.n == 1
    count = int(single.sum())
    if mode == "drop" and count:
        return s.select(~single & (s.n > 0)), count
    return s.select(s.n > 0), count


def factor_stats(s: StrataSums, *, singletons: str = "drop",
                 lambda_variance: str = "population") -> FactorStats:
    """q, F, the non-central and central F p-values of a stratification.

    lambda = [sum_h ybar_h^2 - (sum_h sqrt(N_h) ybar_h)^2 / N] / V with V the variance of y
    (ddof 0 for ``population``, as R GD / gdverse / PyPI geodetector; ddof 1 for ``sample``,
    as R geodetector); p = ncf.sf(F, L - 1, N - L, lambda).
    """
    if singletons not in SINGLETON_MODES:
        raise DataError(f"singletons must be one of {SINGLETON_MODES}, got {singletons!r}")
    if lambda_variance not in LAMBDA_VARIANCES:
        raise DataError(f"lambda_variance must be one of {LAMBDA_VARIANCES}, "
                        f"got {lambda_variance!r}")
    s, count = _drop_singletons(s, singletons)
    N, L = int(s.n.sum()), int(len(s.n))
    q, ssw, sst = q_value(s) if N > 0 else (float("nan"), 0.0, 0.0)
    nan = float("nan")
    if L < 2 or N <= L or not np.isfinite(q):
        return FactorStats(q if L >= 2 else nan, nan, nan, nan, nan, N, L, count, ssw, sst)
    F = (N - L) / (L - 1) * q / (1 - q) if q < 1 else float("inf")
    means = s.s1 / s.n + s.offset
    var = sst / (N - 1 if lambda_variance == "sample" else N)
    lam = ((means ** 2).sum() - (np.sqrt(s.n) * means).sum() ** 2 / N) / var
    lam = max(float(lam), 0.0)
    with np.errstate(all="ignore"):
        p = float(stats.ncf.sf(F, L - 1, N - L, lam)) if np.isfinite(F) else 0.0
        p_central = float(stats.f.sf(F, L - 1, N - L)) if np.isfinite(F) else 0.0
    return FactorStats(q, float(F), p, p_central, lam, N, L, count, ssw, sst)


def permutation_pvalue(y: np.ndarray, codes: np.ndarray, q_obs: float, permutations: int,
                       rng: np.random.Generator, *, singletons: str = "drop",
                       batch_rows: int = 2_000_000) -> float:
    """Permutation p = (1 + #{q_perm >= q}) / (1 + B), permuting y over the strata.

    Vectorized: y is permuted in batches, and each batch's per-stratum sums come from one
    ``bincount`` over (permutation, stratum) codes. The strata (and singletons dropped
    from them) are those of the observed stratification.
    """
    ok = codes >= 0
    y, codes = y[ok], codes[ok]
    L = int(codes.max()) + 1
    n = np.bincount(codes, minlength=L)
    if singletons == "drop" and (n == 1).any():
        keep = n[codes] > 1
        y, codes = y[keep], codes[keep]
        remap = np.cumsum(n > 1) - 1
        codes = remap[codes]
        n = n[n > 1]
        L = len(n)
    if not np.isfinite(q_obs) or L < 2:
        return float("nan")
    yc = y - y.mean()
    sst = (yc * yc).sum()
    N = len(yc)
    per = max(1, min(permutations, batch_rows // max(N, 1)))
    hits = 0
    done = 0
    tol = 1e-12 * max(1.0, abs(q_obs))
    while done < permutations:
        b = min(per, permutations - done)
        perm = rng.permuted(np.broadcast_to(yc, (b, N)), axis=1)
        flat = codes[None, :] + L * np.arange(b)[:, None]
        s1 = np.bincount(flat.ravel(), weights=perm.ravel(), minlength=b * L).reshape(b, L)
        ssb = (s1 * s1 / n).sum(axis=1)
        q_perm = ssb / sst
        hits += int((q_perm >= q_obs - tol).sum())
        done += b
    return (1 + hits) / (1 + permutations)

