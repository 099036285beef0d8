"""One Geographical Detector run, the same for tables in memory and for dask arrays.

A *source* answers a few questions about the data (is a factor continuous? its table of
distinct values, its categories, the per-stratum sums of y over one or two factors); the
run itself — stratification rule, optimal discretization, detectors, notes and warnings —
is written once here. A source in memory also hands out its rows, which the permutation
tests and the bootstrap need; for dask arrays those are not computed (a note says so).
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import (
    CcdkitWarning,
    DataError,
    MissingDataWarning,
    SingletonStrataWarning,
    SmallSampleWarning,
)
from ._detectors import (
    ecological_from_stats,
    encode,
    factor_row,
    factor_table,
    interaction_from_cells,
    interaction_table,
    interaction_tests,
    risk_from_sums,
)
from ._discretize import assign
from ._optimal import CandidateGrid, ValueTable, manual_breaks, manual_discretization
from ._params import AUTO_MAX_N, GeoDetectorParams
from ._stats import StrataSums, bootstrap_q, factor_stats, permutation_pvalue
from ..text import warning

__all__ = ["MemorySource", "run", "DetectorRun", "SMALL_N", "SMALL_N_PER_STRATUM"]

#: Below this N the F-test p-values are flagged as unreliable.
SMALL_N = 30
#: Below this many rows per stratum (N / L) q is flagged as inflated (see q_adj).
SMALL_N_PER_STRATUM = 5


def is_noninteger(values: np.ndarray) -> bool:
    """Whether finite numeric values include a non-whole number (the continuous rule)."""
    v = values[np.isfinite(values)]
    return bool(len(v)) and bool((v != np.round(v)).any())


class MemorySource:
    """A table in memory (DataFrame columns or numpy arrays)."""

    chunked = False

    def __init__(self, frame: pd.DataFrame, y: str, factors: Sequence[str]) -> None:
        self.frame = frame
        self.n_rows = len(frame)
        self.y = _numeric_response(frame[y], y)

    def y_summary(self) -> tuple[int, float, bool]:
        ok = np.isfinite(self.y)
        n = int(ok.sum())
        return n, (float(self.y[ok].mean()) if n else 0.0), bool(n and np.ptp(self.y[ok]) == 0)

    def is_continuous(self, f: str) -> bool:
        col = self.frame[f]
        if not pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
            return False
        return is_noninteger(col.to_numpy(dtype=float))

    def _numeric(self, f: str) -> np.ndarray:
        return pd.to_numeric(self.frame[f], errors="coerce").to_numpy(dtype=float)

    def value_tables(self, factors: Sequence[str], offset: float) -> dict[str, ValueTable]:
        out = {}
        for f in factors:
            x = self._numeric(f)
            ok = np.isfinite(x) & np.isfinite(self.y)
            if not ok.any():
                raise DataError(f"factor {f!r}: no row with both y and the factor present")
            out[f] = ValueTable.from_arrays(x[ok], self.y[ok], offset)
        return out

    def scorers(self, edges, tables, offset) -> dict:  # every table here is exact
        return {}

    def sums_batch(self, requests, offset: float) -> list[StrataSums]:
        return [self.sums(codes, sizes, offset) for codes, sizes in requests]

    def export(self, codes):
        return codes

    def categories(self, f: str) -> tuple[np.ndarray, list]:
        return encode(self.frame[f])

    def discretize(self, f: str, breaks: np.ndarray) -> np.ndarray:
        return assign(self._numeric(f), breaks)

    def sums(self, codes: Sequence[np.ndarray], sizes: Sequence[int],
             offset: float) -> StrataSums:
        ok, combined = self._combined(codes, sizes)
        yy = self.y[ok] - offset
        L = int(np.prod(sizes))
        return StrataSums(np.bincount(combined, minlength=L).astype(float),
                          np.bincount(combined, weights=yy, minlength=L),
                          np.bincount(combined, weights=yy * yy, minlength=L), offset)

    def rows(self, codes: Sequence[np.ndarray]) -> tuple[np.ndarray, list[np.ndarray]]:
        ok = self._valid(codes)
        return self.y[ok], [c[ok] for c in codes]

    def _valid(self, codes) -> np.ndarray:
        """Rows with y and every given stratum present."""
        ok = np.isfinite(self.y)
        for c in codes:
            ok &= c >= 0
        return ok

    def _combined(self, codes, sizes):
        ok = self._valid(codes)
        combined = np.zeros(int(ok.sum()), dtype=np.int64)
        for c, L in zip(codes, sizes):
            combined = combined * L + c[ok]
        return ok, combined


@contextlib.contextmanager
def _naming(factor: str):
    """A data error about one factor's discretization names the factor."""
    try:
        yield
    except DataError as exc:
        text = str(exc)
        if f"{factor!r}" in text:
            raise
        raise DataError(f"factor {factor!r}: {text}") from None


def _numeric_response(col, name: str) -> np.ndarray:
    """y as floats; text that is not a number is an error naming the rows."""
    series = col if isinstance(col, pd.Series) else pd.Series(np.asarray(col).ravel())
    if pd.api.types.is_bool_dtype(series):
        raise DataError(f"response {name!r} is boolean; a numeric y is needed")
    values = pd.to_numeric(series, errors="coerce")
    bad = values.isna() & series.notna()
    if bad.any():
        where = list(series.index[bad][:3])
        raise DataError(f"response {name!r} must be numeric: row(s) {where} hold "
                        f"{[series[i] for i in where]}"
                        + (f" and {int(bad.sum()) - 3} more" if bad.sum() > 3 else ""))
    return values.to_numpy(dtype=float)


#: Most memory the tables of the detectors may take (bytes): the cells of every X1 ∩ X2 and
#: the pairs of strata of the risk detector grow with the square of the classes.
MEMORY_BUDGET = 4 * 2**30


def check_memory(sizes: Mapping[str, int], pairs: Sequence[tuple[str, str]], *,
                 risk: bool) -> None:
    """Refuse, before allocating, stratifications whose detector tables would not fit:
    24 bytes per cell of X1 ∩ X2 (count, sum, sum of squares) and about 80 per pair of
    strata in the risk detector."""
    worst = max(pairs, key=lambda p: sizes[p[0]] * sizes[p[1]], default=None)
    need = {}
    if worst is not None:
        need["interaction"] = (24 * sizes[worst[0]] * sizes[worst[1]],
                               f"{worst[0]} ∩ {worst[1]} ({sizes[worst[0]]:,} x "
                               f"{sizes[worst[1]]:,} cells)")
    if risk and sizes:
        big = max(sizes, key=sizes.get)
        need["risk"] = (80 * sizes[big] * (sizes[big] - 1) // 2,
                        f"{big} ({sizes[big]:,} strata, {sizes[big] * (sizes[big] - 1) // 2:,} "
                        "pairs)")
    over = {k: v for k, v in need.items() if v[0] > MEMORY_BUDGET}
    if over:
        parts = [f"the {k} detector for {what} needs about {b / 2**30:,.0f} GiB"
                 for k, (b, what) in over.items()]
        raise DataError("; ".join(parts) + f" (more than {MEMORY_BUDGET / 2**30:.0f} GiB): a "
                        "factor with this many classes is probably a measurement or an id — "
                        "pass it as continuous, or turn the interaction/risk detector off")


@dataclass
class DetectorRun:
    """The parts of a Geographical Detector result (what :func:`run` returns).

    Attributes
    ----------
    factor : DataFrame
        The factor detector table (with each factor's discretization method, k, classes).
    interaction : DataFrame or None
    risk : dict of str to DataFrame
    ecological : DataFrame or None
    discretization : dict of str to OptimalDiscretization
        Continuous factors: the candidates and the chosen breaks.
    strata : dict of str to ndarray
        The stratum code of every row, by factor.
    labels : dict of str to list
        The strata's labels, by factor.
    messages : list of CcdkitWarning
        The notes of the run (each also emitted once as a warning).
    """

    factor: pd.DataFrame
    interaction: pd.DataFrame | None
    risk: dict
    ecological: pd.DataFrame | None
    discretization: dict
    strata: dict
    labels: dict
    messages: list


@dataclass
class _Strata:
    """Every factor's strata: codes, labels, sizes, and how they were made."""

    codes: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)
    sizes: dict = field(default_factory=dict)
    how: dict = field(default_factory=dict)  # method, k, n_classes
    discretization: dict = field(default_factory=dict)


def run(params: GeoDetectorParams, source, y: str, factors: Sequence[str], *,
        categorical: set, continuous: set, breaks: Mapping[str, Sequence[float]],
        permutations: int, bootstrap: int, progress=None) -> DetectorRun:
    """Stratify, run the detectors and gather the notes; returns the result's parts and
    emits each note's warning once (the same notes, in the same order, for every source)."""
    n_y, offset, y_constant = source.y_summary()
    if n_y == 0:
        raise DataError(f"response {y!r} has no value")
    messages = _response_notes(params, source, y, n_y)
    cont = {f: f in continuous or f in breaks or (f not in categorical
                                                  and source.is_continuous(f))
            for f in factors}
    st = _Strata()
    _categorical_strata(source, [f for f in factors if not cont[f]], categorical, n_y, st,
                        messages)
    _continuous_strata(params, source, [f for f in factors if cont[f]], breaks, offset, st,
                       messages)
    messages += _sample_notes(n_y, y, y_constant, permutations)
    pairs = ([(a, b) for i, a in enumerate(factors) for b in factors[i + 1:]]
             if params.interaction and len(factors) > 1 else [])
    check_memory(st.sizes, pairs, risk=params.risk)
    requests = [([st.codes[f]], [st.sizes[f]]) for f in factors] + [
        ([st.codes[a], st.codes[b]], [st.sizes[a], st.sizes[b]]) for a, b in pairs]
    all_sums = source.sums_batch(requests, offset)
    tested = _progress(progress, len(factors) * bool(permutations or bootstrap)
                       + len(pairs) * bool(permutations), permutations, bootstrap)
    rng = np.random.default_rng(params.seed)
    table, sums, stats = _factor_detector(params, source, factors, all_sums, st,
                                          source.n_rows, permutations, bootstrap, rng, tested)
    messages += _factor_notes(params, table)
    inter = None
    if pairs:
        inter = _interaction_detector(params, source, pairs, all_sums[len(factors):], st,
                                      stats, n_y, permutations, rng, tested)
        messages += _interaction_notes(inter, n_y)
    risk = ({f: risk_from_sums(sums[f], labels=st.labels[f], alpha=params.alpha)
             for f in factors} if params.risk else {})
    eco = (ecological_from_stats(stats, rule=params.ecological, alpha=params.alpha)
           if params.ecological_detector and len(factors) > 1 else None)
    for message in messages:
        warnings.warn(message, stacklevel=3)
    return DetectorRun(table, inter, risk, eco, st.discretization,
                       {f: source.export(c) for f, c in st.codes.items()}, st.labels,
                       messages)


def _response_notes(params: GeoDetectorParams, source, y: str, n_y: int) -> list:
    """Rows without y, and resampling that is not done (chunked input, N over the limit)."""
    out = []
    if source.n_rows > n_y:
        out.append(warning(MissingDataWarning, "detector.y_missing", y=y,
                           n=source.n_rows - n_y, N=n_y))
    asked = [v for v in (params.permutations, params.bootstrap) if v not in (0, None)]
    if source.chunked and asked:
        out.append(warning(CcdkitWarning, "detector.dask_no_resampling", N=n_y))
    elif "auto" in (params.permutations, params.bootstrap) and n_y > AUTO_MAX_N:
        out.append(warning(CcdkitWarning, "detector.auto_no_resampling", N=n_y,
                           limit=AUTO_MAX_N))
    return out


def _categorical_strata(source, factors, categorical: set, n_y: int, st: _Strata,
                        messages: list) -> None:
    """Categorical factors: their categories are the strata."""
    for f in factors:
        st.codes[f], st.labels[f] = source.categories(f)
        if not st.labels[f]:
            raise DataError(f"factor {f!r} is entirely missing")
        st.sizes[f] = len(st.labels[f])
        st.how[f] = {"method": "categorical", "k": np.nan, "n_classes": len(st.labels[f])}
        if f not in categorical and st.sizes[f] > max(n_y // 2, 10):
            messages.append(warning(SmallSampleWarning, "detector.many_categories", factor=f,
                                    n=st.sizes[f], N=n_y))


def _continuous_strata(params: GeoDetectorParams, source, factors, breaks, offset,
                       st: _Strata, messages: list) -> None:
    """Continuous factors: manual breaks, or the best candidate of the optimal
    discretization grid (binned tables are counted exactly between their breaks)."""
    tables = source.value_tables(factors, offset)
    grids, manual = {}, {}
    for f, table in tables.items():
        if f in breaks:
            manual[f] = manual_breaks(table, breaks[f], f"manual breaks for {f!r}")
        else:
            grids[f] = _candidate_grid(params, f, table, messages)
    cuts = {f: (grids[f].inner_breaks() if f in grids else manual[f][1:-1])
            for f, t in tables.items() if not t.exact}
    scorers = source.scorers(cuts, tables, offset)
    for f in factors:
        scorer = scorers.get(f, tables[f])
        with _naming(f):
            d = (manual_discretization(tables[f], manual[f], scorer=scorer) if f in manual
                 else grids[f].select(scorer))
        best = d.best
        st.discretization[f] = d
        st.codes[f] = source.discretize(f, best.breaks)
        st.labels[f], st.sizes[f] = best.labels, best.n_classes
        st.how[f] = {"method": best.method, "k": best.k, "n_classes": best.n_classes}


def _candidate_grid(params: GeoDetectorParams, f: str, table, messages: list):
    """The candidate breaks of one factor; its small-sample notes join the run's."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SmallSampleWarning)
        with _naming(f):
            grid = CandidateGrid.build(table, methods=params.methods, k=params.k,
                                       min_stratum=params.min_stratum, select=params.select,
                                       singletons=params.singletons)
    for w in caught:
        if issubclass(w.category, SmallSampleWarning):  # (the factor named in the note)
            messages.append(warning(SmallSampleWarning, w.message.key, factor=f,
                                    **w.message.params))
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return grid


def _sample_notes(n_y: int, y: str, y_constant: bool, permutations: int) -> list:
    out = []
    if n_y < SMALL_N:
        out.append(warning(SmallSampleWarning, "detector.small_n", N=n_y,
                           permutations=int(permutations)))
    if y_constant:
        out.append(warning(SmallSampleWarning, "detector.y_constant", y=y))
    return out


def _progress(progress, tests: int, permutations: int, bootstrap: int):
    """A function reporting each resampled test (factor or pair) as it finishes."""
    report = progress or (lambda line: None)
    done = 0

    def tested(what: str) -> None:
        nonlocal done
        done += 1
        report(f"resampling {done}/{tests}: {what} ({permutations} permutations, "
               f"{bootstrap} bootstrap resamples)")

    return tested


def _factor_detector(params, source, factors, all_sums, st: _Strata, n_rows: int,
                     permutations: int, bootstrap: int, rng, tested):
    """q of every factor with its tests; the factor table, the sums and the statistics."""
    sums, stats, rows = {}, {}, []
    for f, s in zip(factors, all_sums):
        fs = factor_stats(s, singletons=params.singletons,
                          lambda_variance=params.lambda_variance)
        sums[f], stats[f] = s, fs
        p_perm, ci = np.nan, (np.nan, np.nan)
        if (permutations or bootstrap) and np.isfinite(fs.q):
            yy, (cc,) = source.rows([st.codes[f]])
            if permutations:
                p_perm = permutation_pvalue(yy, cc, fs.q, permutations, rng,
                                            singletons=params.singletons)
            if bootstrap:
                ci = bootstrap_q(yy, cc, B=bootstrap, rng=rng, level=params.ci_level,
                                 singletons=params.singletons)[:2]
            tested(str(f))
        rows.append(factor_row(f, fs, n_rows - int(s.n.sum()), p_perm, ci))
    table = factor_table(rows)
    for key in ("method", "k", "n_classes"):
        table[key] = [st.how[f][key] for f in table["factor"]]
    return table, sums, stats


def _factor_notes(params: GeoDetectorParams, table: pd.DataFrame) -> list:
    """Singleton strata, factors without two strata, few rows per stratum."""
    out = []
    for r in table.itertuples():
        if r.singletons > 0:
            out.append(warning(SingletonStrataWarning, "detector.singletons",
                               factor=r.factor, n=int(r.singletons),
                               dropped=params.singletons == "drop"))
        if r.L < 2:
            out.append(warning(SmallSampleWarning, "detector.few_strata", factor=r.factor))
    small = table[(table["L"] >= 2) & (table["N"] < SMALL_N_PER_STRATUM * table["L"])]
    if len(small):
        out.append(warning(SmallSampleWarning, "detector.small_strata",
                           threshold=SMALL_N_PER_STRATUM,
                           factors=[str(f) for f in small["factor"]]))
    return out


def _interaction_detector(params, source, pairs, pair_sums, st: _Strata, stats, n_y: int,
                          permutations: int, rng, tested) -> pd.DataFrame:
    """q12 of every pair of factors with its tests (the interaction table)."""
    rows = []
    for (a, b), cells in zip(pairs, pair_sums):
        row = interaction_from_cells(
            a, b, cells, (st.sizes[a], st.sizes[b]), rule=params.interaction_rule,
            singletons=params.singletons, lambda_variance=params.lambda_variance,
            q_separate=(stats[a].q, stats[b].q), n_available=n_y)
        if permutations:
            yy, (ca, cb) = source.rows([st.codes[a], st.codes[b]])
            row.update(interaction_tests(yy, ca, cb, row, rule=params.interaction_rule,
                                         singletons=params.singletons,
                                         permutations=permutations, rng=rng))
            tested(f"{a} ∩ {b}")
        rows.append(row)
    return interaction_table(rows, params.alpha)


def _interaction_notes(inter: pd.DataFrame, n_y: int) -> list:
    """Pairs computed on fewer rows than y has, and pairs without a usable q12."""
    out = []
    lost = inter[inter["N_dropped"] > 0]
    if len(lost):
        out.append(warning(
            MissingDataWarning, "detector.interaction_rows", N=n_y,
            pairs=[[r.factor1, r.factor2, int(r.N)] for r in lost.itertuples()]))
    blank = inter[inter["reason"] != ""]
    if len(blank):
        out.append(warning(
            SmallSampleWarning, "detector.interaction_unusable",
            pairs=[[r.factor1, r.factor2, r.reason] for r in blank.itertuples()]))
    return out
