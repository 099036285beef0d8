"""The q statistic and its p-values from per-stratum sums (METHODS section 6).

q = 1 - SSW/SST with SSW = sum_h N_h sigma_h^2 and SST = N sigma^2. Everything is computed
from three numbers per stratum (count, sum and sum of squares of y, centred on its mean) so
that q for many stratifications costs O(strata) after one pass over the rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..exceptions import DataError

__all__ = ["StrataSums", "strata_sums", "q_value", "FactorStats", "factor_stats",
           "permutation_pvalue", "SINGLETON_MODES", "LAMBDA_VARIANCES", "q_adjusted",
           "batch_q", "bootstrap_q", "enhancement_pvalue", "INTERACTION_RULES"]

#: How the interaction detector chooses its rows (docs/methods.md, "Interactions").
INTERACTION_RULES = ("common", "common_drop", "separate")

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
    from scipy import stats  # imported when needed: it takes ~1 s

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
    # only the strata that hold rows (and, dropping singletons, more than one): an empty
    # stratum would make its term 0/0 and every permuted q NaN (never counted as a hit)
    used = n > (1 if singletons == "drop" else 0)
    if not used.all():
        keep = used[codes]
        y, codes = y[keep], codes[keep]
        codes = (np.cumsum(used) - 1)[codes]
        n = n[used]
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



def q_adjusted(q: float, N: int, L: int) -> float:
    """Adjusted q, the epsilon-squared analogue: q_adj = 1 - (N - 1)/(N - L) (1 - q).

    q = 1 - SSW/SST grows with the number of strata L even when they explain nothing (its
    expectation under no effect is (L - 1)/(N - 1)); q_adj replaces SSW and SST by their
    unbiased mean squares, so its expectation under no effect is about 0. It can be
    negative (no effect); NaN when N <= L.

    References
    ----------
    Kelley, T. L. (1935). An unbiased correlation ratio measure. *PNAS*, 21(9), 554-559.
    Okada, K. (2013). Is omega squared less biased? A comparison of three major effect
    size indices in one-way ANOVA. *Behaviormetrika*, 40(2), 129-147.

    >>> round(q_adjusted(0.5, 26, 8), 4)
    0.3056
    """
    if not np.isfinite(q) or N <= L or L < 2:
        return float("nan")
    return float(1.0 - (N - 1) / (N - L) * (1.0 - q))


def batch_q(n: np.ndarray, s1: np.ndarray, s2: np.ndarray, *,
            drop_singletons: bool = False) -> np.ndarray:
    """q of many stratifications at once from per-stratum sums of shape (B, L).

    Sums are of y minus any common offset. Strata with one sample are left out (their
    rows too) with ``drop_singletons``. NaN where fewer than 2 strata remain or y is
    constant over the rows used.
    """
    keep = n > 1 if drop_singletons else n > 0
    n = np.where(keep, n, 0.0)
    s1 = np.where(keep, s1, 0.0)
    s2 = np.where(keep, s2, 0.0)
    N = n.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        sst = s2.sum(axis=-1) - s1.sum(axis=-1) ** 2 / N
        ssw = (s2 - np.divide(s1 * s1, n, out=np.zeros_like(s1), where=n > 0)).sum(axis=-1)
        q = 1.0 - np.maximum(ssw, 0.0) / sst
    bad = (keep.sum(axis=-1) < 2) | ~(sst > 1e-14 * np.maximum(s2.sum(axis=-1), 1e-300))
    return np.where(bad, np.nan, np.clip(q, 0.0, 1.0))


def _batches(total: int, rows: int, batch_rows: int):
    per = max(1, min(total, batch_rows // max(rows, 1)))
    done = 0
    while done < total:
        b = min(per, total - done)
        yield b
        done += b


def _cell_sums(codes: np.ndarray, yc: np.ndarray, L: int) -> tuple[np.ndarray, ...]:
    """Per-(batch row, stratum) count, sum and sum of squares; ``codes`` of shape (b, N)."""
    b = codes.shape[0]
    flat = (codes + L * np.arange(b)[:, None]).ravel()
    w = yc.ravel()
    n = np.bincount(flat, minlength=b * L).reshape(b, L).astype(float)
    s1 = np.bincount(flat, weights=w, minlength=b * L).reshape(b, L)
    s2 = np.bincount(flat, weights=w * w, minlength=b * L).reshape(b, L)
    return n, s1, s2


def bootstrap_q(y: np.ndarray, codes: np.ndarray, *, B: int, rng: np.random.Generator,
                level: float = 0.95, singletons: str = "drop",
                batch_rows: int = 2_000_000) -> tuple[float, float, int]:
    """Percentile bootstrap interval of q: rows resampled with replacement, strata fixed.

    The interval is conditional on the stratification (breaks are not re-optimized in
    each resample). Returns (low, high, number of resamples with q defined).

    >>> rng = np.random.default_rng(0)
    >>> y = np.r_[rng.normal(0, 1, 30), rng.normal(3, 1, 30)]
    >>> lo, hi, used = bootstrap_q(y, np.repeat([0, 1], 30), B=199, rng=rng)
    >>> bool(0.5 < lo < hi < 0.9), used
    (True, 199)
    """
    ok = codes >= 0
    y, codes = np.asarray(y, dtype=float)[ok], codes[ok]
    N = len(y)
    if B <= 0 or N < 2:
        return float("nan"), float("nan"), 0
    L = int(codes.max()) + 1
    yc = y - y.mean()
    qs = []
    for b in _batches(B, N, batch_rows):
        idx = rng.integers(0, N, size=(b, N))
        qs.append(batch_q(*_cell_sums(codes[idx], yc[idx], L),
                          drop_singletons=singletons == "drop"))
    q = np.concatenate(qs)
    q = q[np.isfinite(q)]
    if not len(q):
        return float("nan"), float("nan"), 0
    lo, hi = np.quantile(q, [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi), int(len(q))


def enhancement_pvalue(y: np.ndarray, fixed: np.ndarray, other: np.ndarray, *, B: int,
                       rng: np.random.Generator, rule: str, singletons: str = "drop",
                       q_fixed: float = float("nan"), batch_rows: int = 2_000_000) -> float:
    """Permutation p of the gain q(X1 ∩ X2) - q(X1) over a random partition.

    ``fixed`` (the stronger factor X1) and y stay; ``other``'s labels are shuffled over the
    rows, which keeps its stratum sizes. Gain = q12 - q1 computed by the interaction
    ``rule`` (:func:`interaction_cells`); p = (1 + #{gain_perm >= gain}) / (1 + B).
    ``q_fixed`` is X1's own q, used by the ``separate`` rule.
    """
    y = np.asarray(y, dtype=float)
    N = len(y)
    if B <= 0 or N < 3:
        return float("nan")
    L1, L2 = int(fixed.max()) + 1, int(other.max()) + 1
    yc = y - y.mean()

    def gains(other_codes: np.ndarray) -> np.ndarray:
        codes = fixed[None, :] * L2 + other_codes
        n, s1, s2 = _cell_sums(codes, np.broadcast_to(yc, codes.shape), L1 * L2)
        shape = (codes.shape[0], L1, L2)
        n, s1, s2 = n.reshape(shape), s1.reshape(shape), s2.reshape(shape)
        if rule == "common_drop":
            keep = n > 1
            n, s1, s2 = n * keep, s1 * keep, s2 * keep
        drop = rule == "separate" and singletons == "drop"
        flat = (a.reshape(codes.shape[0], -1) for a in (n, s1, s2))
        q12 = batch_q(*flat, drop_singletons=drop)
        if rule == "separate":
            q1 = np.full(len(q12), q_fixed)
        else:
            q1 = batch_q(n.sum(axis=2), s1.sum(axis=2), s2.sum(axis=2))
        return q12 - q1

    observed = gains(other[None, :])[0]
    if not np.isfinite(observed):
        return float("nan")
    tol = 1e-12 * max(1.0, abs(observed))
    hits = 0
    for b in _batches(B, N, batch_rows):
        g = gains(rng.permuted(np.broadcast_to(other, (b, N)), axis=1))
        hits += int((g >= observed - tol).sum())
    return (1 + hits) / (1 + B)
