"""Factor, interaction, risk and ecological detectors (Wang et al. 2010; METHODS section 6).

The functions take the response ``y`` and stratum codes (integers 0..L-1, -1 = missing),
so that they run unchanged on arrays of any size; :class:`~ccdkit.geodetector.GeoDetector`
builds the codes from a table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ..text import reason as reason_for
from ._stats import (
    INTERACTION_RULES,
    FactorStats,
    StrataSums,
    bootstrap_q,
    enhancement_pvalue,
    factor_stats,
    permutation_pvalue,
    q_adjusted,
    strata_sums,
)

__all__ = ["factor_detector", "interaction_detector", "interaction_type", "risk_detector",
           "ecological_detector", "INTERACTION_TYPES", "ECOLOGICAL_RULES", "encode",
           "factor_table", "factor_row", "risk_from_sums", "ecological_from_stats",
           "interaction_from_cells", "interaction_tests", "interaction_table", "ENHANCING_TYPES"]

INTERACTION_TYPES = ("Weaken, nonlinear", "Weaken, uni-", "Enhance, bi-", "Independent",
                     "Enhance, nonlinear")
#: The types in which q12 exceeds both q1 and q2: their gain is what ``p_enhance`` tests.
ENHANCING_TYPES = ("Enhance, bi-", "Independent", "Enhance, nonlinear")
ECOLOGICAL_RULES = ("paper", "geodetector")


def encode(values) -> tuple[np.ndarray, list]:
    """Stratum codes 0..L-1 of arbitrary labels (missing -> -1) and the labels in code order.

    >>> encode(["b", "a", None, "b"])
    (array([ 1,  0, -1,  1]), ['a', 'b'])
    """
    s = pd.Series(values) if not isinstance(values, pd.Series) else values
    codes, uniques = pd.factorize(s, sort=True, use_na_sentinel=True)
    return codes.astype(np.int64), list(uniques)


def _check_counts(**counts) -> None:
    """Permutation and resample counts: whole numbers >= 0 (one message naming the option)."""
    for key, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise DataError(f"{key} must be a whole number >= 0, got {value!r}")


def _clean(y, codes) -> tuple[np.ndarray, np.ndarray, int]:
    y = np.asarray(y, dtype=float).ravel()
    codes = np.asarray(codes).ravel().astype(np.int64)
    if y.shape != codes.shape:
        raise DataError(f"y and the strata have different lengths ({len(y)}, {len(codes)})")
    ok = np.isfinite(y) & (codes >= 0)
    if ok.all():
        return y, codes, 0
    return y[ok], codes[ok], int((~ok).sum())


def factor_row(name, st: FactorStats, dropped: int, p_perm=np.nan,
               ci: tuple[float, float] = (np.nan, np.nan)) -> dict:
    """One row of the factor table: q, q_adj, its interval, the p-values, N, L, counts."""
    return {"factor": name, "q": st.q, "q_adj": q_adjusted(st.q, st.N, st.L),
            "q_ci_low": ci[0], "q_ci_high": ci[1], "p": st.p, "p_central": st.p_central,
            "p_permutation": p_perm, "F": st.F, "lambda": st.lam, "N": st.N, "L": st.L,
            "singletons": st.singletons, "missing": dropped}


def factor_detector(
    y,
    strata: Mapping[str, Sequence[int]] | Sequence[int],
    *,
    singletons: str = "drop",
    lambda_variance: str = "population",
    permutations: int = 0,
    bootstrap: int = 0,
    ci_level: float = 0.95,
    seed: int | np.random.Generator = 0,
) -> pd.DataFrame:
    """Factor detector: q, adjusted q, their p-values and a bootstrap interval per factor.

    Parameters
    ----------
    y : array-like
        Response.
    strata : mapping of factor name to codes, or one array of codes
        Stratum codes (0..L-1; -1 or NaN y = missing, dropped per factor and counted).
    singletons : {"drop", "keep"}, default "drop"
        Strata with one sample are removed before q (R GD, gdverse) or kept (R geodetector).
    lambda_variance : {"population", "sample"}, default "population"
        Variance in the non-centrality parameter (ddof 0 or 1).
    permutations : int, default 0
        B > 0 adds the permutation p = (1 + #{q_perm >= q}) / (1 + B).
    bootstrap : int, default 0
        B > 0 adds a percentile bootstrap interval of q (rows resampled, strata fixed).
    ci_level : float, default 0.95
        Level of that interval.
    seed : int or Generator, default 0
        Seed (or generator) of the permutations and the bootstrap; the same seed gives the
        same numbers.

    Returns
    -------
    DataFrame
        One row per factor: q, q_adj (:func:`~ccdkit.geodetector.q_adjusted`), q_ci_low,
        q_ci_high, p (non-central F), p_central, p_permutation, F, lambda, N, L,
        singletons, missing, and rank (1 = largest q).

    Examples
    --------
    >>> y = [1, 2, 3, 4, 5, 6, 7]
    >>> factor_detector(y, {"x": [0, 1, 1, 1, 2, 2, 2]})[["q", "p", "singletons"]].round(6)
              q         p  singletons
    0  0.771429  0.079365           1
    """
    _check_counts(permutations=permutations, bootstrap=bootstrap)
    if not 0 < ci_level < 1:
        raise DataError(f"ci_level must lie in (0, 1), got {ci_level!r}")
    if not isinstance(strata, Mapping):
        strata = {"x": strata}
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    rows = []
    for name, codes in strata.items():
        yy, cc, dropped = _clean(y, codes)
        if len(yy) == 0:
            raise DataError(f"factor {name!r}: no row with both y and the factor present")
        st = factor_stats(strata_sums(yy, cc), singletons=singletons,
                          lambda_variance=lambda_variance)
        p_perm = (permutation_pvalue(yy, cc, st.q, permutations, rng, singletons=singletons)
                  if permutations > 0 else np.nan)
        ci = (bootstrap_q(yy, cc, B=bootstrap, rng=rng, level=ci_level,
                          singletons=singletons)[:2] if bootstrap > 0 else (np.nan, np.nan))
        rows.append(factor_row(name, st, dropped, p_perm, ci))
    return factor_table(rows)


def factor_table(rows: list[dict]) -> pd.DataFrame:
    """The factor-detector table from per-factor rows (adds the rank, 1 = largest q)."""
    out = pd.DataFrame(rows)
    out["rank"] = out["q"].rank(ascending=False, method="min").astype("Int64")
    return out


def interaction_type(q12: float, q1: float, q2: float, rtol: float = 1e-10) -> str:
    """Interaction type from q(X1 ∩ X2), q(X1), q(X2).

    >>> interaction_type(0.5, 0.2, 0.4), interaction_type(0.7, 0.2, 0.4)
    ('Enhance, bi-', 'Enhance, nonlinear')
    """
    lo, hi, total = min(q1, q2), max(q1, q2), q1 + q2

    def close(a, b):
        return abs(a - b) <= rtol * max(abs(a), abs(b), 1e-300)

    if close(q12, total):
        return "Independent"
    if q12 < lo and not close(q12, lo):
        return "Weaken, nonlinear"
    if q12 <= hi or close(q12, hi):
        return "Weaken, uni-"
    if q12 < total:
        return "Enhance, bi-"
    return "Enhance, nonlinear"


def interaction_detector(
    y,
    strata: Mapping[str, Sequence[int]],
    *,
    pairs: Sequence[tuple[str, str]] | None = None,
    rule: str = "common",
    singletons: str = "drop",
    lambda_variance: str = "population",
    permutations: int = 0,
    seed: int | np.random.Generator = 0,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Interaction detector: q of every pair of factors' combined strata, its type and tests.

    The strata of X1 ∩ X2 are all observed pairs of labels. ``rule`` chooses the rows:

    * ``common`` (default): q1, q2 and q12 on one sample, the rows where y and both factors
      are present, singleton strata kept (a one-row stratum has zero within-variance in
      Wang's definition). X1 ∩ X2 refines X1 and X2, so q12 >= max(q1, q2): no pair is
      "weakened" by lost rows.
    * ``common_drop``: the same sample minus the rows in singleton strata of X1 ∩ X2;
      q1 and q2 are recomputed on the rows q12 keeps (refinement holds, N can be small).
    * ``separate``: as R GD / gdverse: q1, q2 from the factor detector and q12 on its own
      rows with ``singletons`` applied; for comparison (lost rows can make q12 < q1).

    Types (relative tolerance 1e-10): q12 < min -> "Weaken, nonlinear"; min <= q12 <= max
    -> "Weaken, uni-"; max < q12 < q1 + q2 -> "Enhance, bi-"; q12 = q1 + q2 ->
    "Independent"; q12 > q1 + q2 -> "Enhance, nonlinear". A pair whose q12 is trivial (every
    stratum of X1 ∩ X2 holds one row, N = L, so q12 = 1 whatever y is) or undefined has no
    type (None) and its ``reason``.

    With ``permutations`` B > 0: ``p12_permutation`` permutes y over the strata of X1 ∩ X2;
    ``p_enhance`` tests the gain q12 - q(X1) of the stronger factor X1: X2's labels are
    shuffled over the rows (keeping y, X1 and X2's stratum sizes), p = (1 + #{gain_perm >=
    gain}) / (1 + B); ``enhance_significant`` is p_enhance < ``alpha`` for the enhancing
    types (NA when not tested or weakening): a type is only reported as a significant
    enhancement when this is true (labels add "(n.s.)" otherwise).

    Returns
    -------
    DataFrame
        One row per pair: factor1, factor2, q1, q2, q12, q12_adj, p12 (non-central F of
        the combined strata), p12_permutation, p_enhance, L12, N (rows used), N_dropped
        (rows with y but not used: a factor missing, or dropped singletons), type,
        enhance_significant and reason (why q12 is missing or trivial).

    Examples
    --------
    >>> y = [1.0, 2, 3, 4, 5, 6, 7, 8]
    >>> r = interaction_detector(y, {"a": [0, 0, 0, 0, 1, 1, 1, 1], "b": [0, 0, 1, 1, 0, 0, 1, 1]})
    >>> r[["q1", "q2", "q12", "type"]].round(4).values.tolist()
    [[0.7619, 0.1905, 0.9524, 'Independent']]
    """
    if rule not in INTERACTION_RULES:
        raise DataError(f"rule must be one of {INTERACTION_RULES}, got {rule!r}")
    _check_counts(permutations=permutations)
    names = list(strata)
    if pairs is None:
        pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1:]]
    y = np.asarray(y, dtype=float).ravel()
    codes = {n: np.asarray(strata[n]).ravel().astype(np.int64, copy=False) for n in names}
    for n, c in codes.items():
        if c.shape != y.shape:
            raise DataError(f"y and the strata of {n!r} have different lengths "
                            f"({len(y)}, {len(c)})")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    y_ok = np.isfinite(y)
    offset = float(y[y_ok].mean()) if y_ok.any() else 0.0
    single = {}
    for name in set(n for pair in pairs for n in pair):
        yy, cc, _ = _clean(y, codes[name])
        single[name] = factor_stats(strata_sums(yy, cc, offset=offset), singletons=singletons,
                                    lambda_variance=lambda_variance).q
    complete = {n: bool((codes[n] >= 0).all()) for n in single}
    all_y = bool(y_ok.all())
    rows = []
    for a, b in pairs:
        ca, cb = codes[a], codes[b]
        La, Lb = int(ca.max()) + 1, int(cb.max()) + 1
        if all_y and complete[a] and complete[b]:  # no row to leave out: no copies
            ok = slice(None)
        else:
            ok = y_ok & (ca >= 0) & (cb >= 0)
        cells = strata_sums(y[ok], ca[ok] * Lb + cb[ok], La * Lb, offset)
        row = interaction_from_cells(a, b, cells, (La, Lb), rule=rule, singletons=singletons,
                                     lambda_variance=lambda_variance,
                                     q_separate=(single[a], single[b]),
                                     n_available=int(y_ok.sum()))
        if permutations > 0:
            row.update(interaction_tests(y[ok], ca[ok], cb[ok], row, rule=rule,
                                         singletons=singletons, permutations=permutations,
                                         rng=rng))
        rows.append(row)
    return interaction_table(rows, alpha)


#: Columns of the interaction table.
INTERACTION_COLUMNS = ["factor1", "factor2", "q1", "q2", "q12", "q12_adj", "p12",
                       "p12_permutation", "p_enhance", "L12", "N", "N_dropped", "type",
                       "enhance_significant", "reason"]


def interaction_table(rows: list[dict], alpha: float) -> pd.DataFrame:
    """The interaction table from per-pair rows; ``enhance_significant`` is p_enhance <
    ``alpha`` for the enhancing types, NA where the enhancement was not tested (no
    permutations, trivial q12) or the type is a weakening."""
    out = pd.DataFrame(rows, columns=[c for c in INTERACTION_COLUMNS
                                      if c != "enhance_significant"])
    tested = out["type"].isin(ENHANCING_TYPES) & out["p_enhance"].notna()
    sig = pd.array([None] * len(out), dtype="boolean")
    sig[tested.to_numpy()] = (out["p_enhance"][tested] < alpha).to_numpy()
    out.insert(out.columns.get_loc("type") + 1, "enhance_significant", sig)
    return out


def _reshape(s: StrataSums, shape) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return s.n.reshape(shape), s.s1.reshape(shape), s.s2.reshape(shape)


def interaction_from_cells(a: str, b: str, cells: StrataSums, shape: tuple[int, int], *,
                           rule: str, singletons: str, lambda_variance: str,
                           q_separate: tuple[float, float], n_available: int) -> dict:
    """One row of the interaction table from the sums of the X1 ∩ X2 cells (shape La x Lb,
    rows with y and both factors present); the same code for tables and dask arrays."""
    n, s1, s2 = _reshape(cells, shape)
    off = cells.offset
    n_common = int(n.sum())
    if rule == "separate":
        st = factor_stats(cells, singletons=singletons, lambda_variance=lambda_variance)
        q1, q2 = q_separate
    else:
        if rule == "common_drop":
            keep = n > 1
            n, s1, s2 = n * keep, s1 * keep, s2 * keep
        flat = StrataSums(n.ravel(), s1.ravel(), s2.ravel(), off)
        st = factor_stats(flat, singletons="keep", lambda_variance=lambda_variance)
        q1 = factor_stats(StrataSums(n.sum(1), s1.sum(1), s2.sum(1), off), singletons="keep",
                          lambda_variance=lambda_variance).q
        q2 = factor_stats(StrataSums(n.sum(0), s1.sum(0), s2.sum(0), off), singletons="keep",
                          lambda_variance=lambda_variance).q
    reason = ""
    if n_common == 0:
        reason = reason_for("no_common_rows")
    elif st.N == 0:
        reason = reason_for("all_singletons", n=n_common)
    elif st.L < 2:
        reason = reason_for("one_stratum", n=st.N)
    elif not np.isfinite(st.q):
        reason = reason_for("y_constant_rows", n=st.N)
    elif st.N <= st.L:
        reason = reason_for("one_row_strata", n=st.L)
    usable = np.isfinite([st.q, q1, q2]).all() and st.N > st.L
    return {"factor1": a, "factor2": b, "q1": q1, "q2": q2, "q12": st.q,
            "q12_adj": q_adjusted(st.q, st.N, st.L), "p12": st.p,
            "p12_permutation": np.nan, "p_enhance": np.nan, "L12": st.L, "N": st.N,
            "N_dropped": n_available - st.N,
            "type": interaction_type(st.q, q1, q2) if usable else None, "reason": reason}


def interaction_tests(y: np.ndarray, ca: np.ndarray, cb: np.ndarray, row: dict, *, rule: str,
                      singletons: str, permutations: int,
                      rng: np.random.Generator) -> dict:
    """The permutation p of q12 and of the enhancement (see :func:`interaction_detector`)
    on the rows with y and both factors present."""
    if not np.isfinite(row["q12"]) or row["N"] <= row["L12"]:
        return {}
    Lb = int(cb.max()) + 1
    drop = "keep" if rule == "common" else ("drop" if rule == "common_drop" else singletons)
    p12 = permutation_pvalue(y, ca * Lb + cb, row["q12"], permutations, rng, singletons=drop)
    stronger_a = not (row["q2"] > row["q1"])
    fixed, other = (ca, cb) if stronger_a else (cb, ca)
    p_enh = enhancement_pvalue(y, fixed, other, B=permutations, rng=rng, rule=rule,
                               singletons=singletons,
                               q_fixed=row["q1"] if stronger_a else row["q2"])
    return {"p12_permutation": p12, "p_enhance": p_enh}


def risk_detector(y, codes, *, labels: Sequence[object] | None = None,
                  alpha: float = 0.05) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Risk detector: stratum means and Welch t-tests between every pair of strata.

    Welch t = (m_i - m_j) / sqrt(v_i/n_i + v_j/n_j) (v with ddof 1), Welch-Satterthwaite df
    (not rounded), two-sided p, significant when p < alpha. Pairs that involve a stratum of
    one sample have NA statistics.

    Returns
    -------
    means : DataFrame
        stratum, label, n, mean, var.
    pairs : DataFrame
        stratum1, stratum2, mean1, mean2, t, df, p, significant.

    Examples
    --------
    >>> means, pairs = risk_detector([1.0, 1.2, 0.9, 5.0, 5.3, 4.8], [0, 0, 0, 1, 1, 1])
    >>> pairs[["t", "significant"]].round(3).values.tolist()
    [[-23.534, True]]
    """
    yy, cc, _ = _clean(y, codes)
    return risk_from_sums(strata_sums(yy, cc), labels=labels, alpha=alpha)


def risk_from_sums(s: StrataSums, *, labels: Sequence[object] | None = None,
                   alpha: float = 0.05) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`risk_detector` from per-stratum sums (count, sum, sum of squares)."""
    from scipy import stats  # imported when needed: it takes ~1 s

    L = len(s.n)
    n = s.n
    mean = np.divide(s.s1, n, out=np.full(L, np.nan), where=n > 0) + s.offset
    ss = s.s2 - np.divide(s.s1 * s.s1, n, out=np.zeros(L), where=n > 0)
    var = np.divide(np.maximum(ss, 0.0), n - 1, out=np.full(L, np.nan), where=n > 1)
    present = np.flatnonzero(n > 0)
    labels = list(labels) if labels is not None else list(range(L))
    means = pd.DataFrame({"stratum": present, "label": [labels[i] for i in present],
                          "n": n[present].astype(int), "mean": mean[present], "var": var[present]})
    i, j = np.triu_indices(len(present), k=1)
    a, b = present[i], present[j]
    se2a, se2b = var[a] / n[a], var[b] / n[b]
    with np.errstate(all="ignore"):
        t = (mean[a] - mean[b]) / np.sqrt(se2a + se2b)
        df = (se2a + se2b) ** 2 / (se2a ** 2 / (n[a] - 1) + se2b ** 2 / (n[b] - 1))
        p = 2 * stats.t.sf(np.abs(t), df)
    na = (n[a] < 2) | (n[b] < 2)
    t, df, p = (np.where(na, np.nan, v) for v in (t, df, p))
    sig = pd.array(np.where(na, None, p < alpha), dtype="boolean")
    pairs = pd.DataFrame({"stratum1": [labels[k] for k in a], "stratum2": [labels[k] for k in b],
                          "mean1": mean[a], "mean2": mean[b], "t": t, "df": df, "p": p,
                          "significant": sig})
    return means, pairs


def ecological_detector(y, strata: Mapping[str, Sequence[int]], *, rule: str = "paper",
                        alpha: float = 0.05, singletons: str = "drop") -> pd.DataFrame:
    """Ecological detector: do two factors differ in their explanatory power?

    ``rule="paper"`` (Wang et al. 2010): F = N1 (N2 - 1) SSW1 / [N2 (N1 - 1) SSW2] with df
    (N1 - 1, N2 - 1), two-sided p, so the verdict does not depend on the order of the two
    factors. ``rule="geodetector"`` (R geodetector, GD): F = q2/q1 with df (N - 1, N - 1),
    significant when F or 1/F exceeds the 0.9 quantile.

    Returns
    -------
    DataFrame
        factor1, factor2, F, df1, df2, p (``paper`` only), significant.

    Examples
    --------
    >>> y = [1.0, 2, 3, 4, 5, 6, 7, 8]
    >>> e = ecological_detector(y, {"a": [0, 0, 0, 0, 1, 1, 1, 1], "b": [0, 0, 1, 1, 0, 0, 1, 1]})
    >>> e[["factor1", "factor2", "significant"]].values.tolist()
    [['a', 'b', False]]
    """
    st = {}
    for name in strata:
        yy, cc, _ = _clean(y, strata[name])
        st[name] = factor_stats(strata_sums(yy, cc), singletons=singletons)
    return ecological_from_stats(st, rule=rule, alpha=alpha)


def ecological_from_stats(st: Mapping[str, FactorStats], *, rule: str = "paper",
                          alpha: float = 0.05) -> pd.DataFrame:
    """:func:`ecological_detector` from each factor's :class:`FactorStats`."""
    from scipy import stats  # imported when needed: it takes ~1 s

    if rule not in ECOLOGICAL_RULES:
        raise DataError(f"rule must be one of {ECOLOGICAL_RULES}, got {rule!r}")
    names = list(st)
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            sa, sb = st[a], st[b]
            if rule == "paper":
                n1, n2 = sa.N, sb.N
                with np.errstate(all="ignore"):
                    F = n1 * (n2 - 1) * sa.ssw / (n2 * (n1 - 1) * sb.ssw)
                df1, df2 = n1 - 1, n2 - 1
                p = float(2 * min(stats.f.cdf(F, df1, df2), stats.f.sf(F, df1, df2)))
                sig = bool(p < alpha)
            else:
                N = min(sa.N, sb.N)
                with np.errstate(all="ignore"):
                    F = sb.q / sa.q
                df1 = df2 = N - 1
                crit = stats.f.ppf(0.9, df1, df2)
                p = np.nan
                sig = bool(max(F, 1 / F) > crit)
            rows.append({"factor1": a, "factor2": b, "F": float(F), "df1": df1, "df2": df2,
                         "p": p, "significant": sig})
    return pd.DataFrame(rows)
