"""Optimal discretization (OPGD): the best method x k for a continuous factor.

Every candidate of the grid gets its q from one sort of the factor and the cumulative
sums of y in that order: a candidate's strata are runs of the sorted values, so their
sums are differences of the cumulative sums at the break positions (O(k) per candidate).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import DataError, SmallSampleWarning
from ..text import reason
from ._discretize import (
    DISCRETIZATION_METHODS,
    Discretization,
    cover_range,
    interval_labels,
)
from ._stats import StrataSums, q_adjusted, q_value
from ..text import warning

__all__ = ["k_values", "K_MAX", "optimal_discretization", "optimal_from_table", "CandidateGrid",
           "manual_discretization",
           "OptimalDiscretization", "ValueTable", "SELECTION_RULES", "loess"]

SELECTION_RULES = ("max_q", "max_q_adj", "elbow")


@dataclass
class OptimalDiscretization:
    """The q grid of a factor and the chosen discretization: the one result type of every
    discretized factor (manual breaks give a one-row grid, method ``manual``).

    Attributes
    ----------
    grid : DataFrame
        One row per candidate: ``method``, ``k``, ``n_classes``, ``q``, ``q_adj``, ``valid``,
        ``reason`` (why a candidate is invalid), ``min_count``, ``breaks``.
    best : Discretization
        The chosen candidate (its breaks, counts and labels).
    q : float
        q of the chosen candidate.
    notes : list of str
        E.g. how the k grid was cut for a small N.
    options : dict
    """

    grid: pd.DataFrame
    best: Discretization
    q: float
    notes: list[str] = field(default_factory=list)
    options: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.grid.copy()

    def summary(self) -> str:
        b = self.best
        lines = [f"optimal discretization: {b.method}, k = {b.k} ({b.n_classes} classes), "
                 f"q = {self.q:.6f} ({self.options.get('select')})",
                 "  breaks: " + "; ".join(f"{v:.6g}" for v in b.breaks)]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


@dataclass
class ValueTable:
    """A factor aggregated by distinct value: counts and sums of (y - offset) per value.

    Every discretization candidate's strata are runs of the sorted distinct values, so their
    sums are differences of cumulative sums at the break positions (O(k) per candidate).
    Built from in-memory arrays (:meth:`from_arrays`) or merged from chunks (dask, rasters).
    """

    values: np.ndarray
    n: np.ndarray
    s1: np.ndarray
    s2: np.ndarray
    offset: float

    @classmethod
    def from_arrays(cls, x: np.ndarray, y: np.ndarray, offset: float | None = None) -> "ValueTable":
        offset = float(y.mean()) if offset is None else offset
        order = np.argsort(x)  # ties are grouped below, so stability is not needed
        xs = x[order]
        new = np.empty(len(xs), dtype=bool)
        new[:1] = True
        np.not_equal(xs[1:], xs[:-1], out=new[1:])
        gid = np.cumsum(new) - 1  # group id of each sorted row
        ys = y[order] - offset
        m = int(gid[-1]) + 1 if len(gid) else 0
        n = np.bincount(gid, minlength=m).astype(float)
        s1 = np.bincount(gid, weights=ys, minlength=m)
        ys *= ys
        return cls(xs[new], n, s1, np.bincount(gid, weights=ys, minlength=m), offset)

    @classmethod
    def merge(cls, tables: Sequence["ValueTable"]) -> "ValueTable":
        values = np.concatenate([t.values for t in tables])
        uniq, inverse = np.unique(values, return_inverse=True)
        m = len(uniq)

        def total(attr):
            return np.bincount(inverse, weights=np.concatenate([getattr(t, attr) for t in tables]),
                               minlength=m)

        return cls(uniq, total("n"), total("s1"), total("s2"), tables[0].offset)

    exact = True

    @property
    def lo(self) -> float:
        return float(self.values[0])

    @property
    def hi(self) -> float:
        return float(self.values[-1])

    def breaks(self, method: str, ks) -> dict[int, np.ndarray | None]:
        """Breaks of ``method`` for each k from the exact distribution."""
        return DISCRETIZATION_METHODS[method](self.values, self.n, ks)

    def bounds(self) -> dict:
        """How the breaks were found: from every distinct value (nothing approximated)."""
        return {"table": "exact", "distinct_values": len(self.values)}

    def __post_init__(self) -> None:
        zero = np.zeros(1)
        self._c = [np.concatenate([zero, np.cumsum(a)]) for a in (self.n, self.s1, self.s2)]

    @property
    def N(self) -> int:
        return int(self._c[0][-1])

    def sums(self, breaks: np.ndarray) -> StrataSums:
        pos = np.concatenate([[0], np.searchsorted(self.values, breaks[1:-1], side="right"),
                              [len(self.values)]])
        c0, c1, c2 = self._c
        return StrataSums(np.diff(c0[pos]), np.diff(c1[pos]), np.diff(c2[pos]), self.offset)


def loess(x: np.ndarray, y: np.ndarray, span: float = 0.75, degree: int = 2) -> np.ndarray:
    """Fitted values of a LOESS smoother (tricube weights, local polynomial, direct fit).

    >>> loess(np.arange(6.0), np.arange(6.0) * 2).round(6).tolist()
    [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n = len(x)
    q = max(int(np.floor(span * n)), min(n, degree + 1))
    out = np.empty(n)
    for i in range(n):
        d = np.abs(x - x[i])
        h = np.sort(d)[q - 1]
        h = h if h > 0 else 1.0
        w = np.clip(1 - (d / h) ** 3, 0, None) ** 3
        deg = min(degree, int((w > 0).sum()) - 1)
        coef = np.polyfit(x - x[i], y, deg, w=np.sqrt(w))
        out[i] = coef[-1]
    return out


def _elbow(grid: pd.DataFrame) -> int | None:
    """Index (into grid) chosen by the LOESS rule, or None to fall back to max q."""
    valid = grid[grid["valid"]]
    if valid.empty:
        return None
    per_k = valid.groupby("k")["q"].max().sort_index()
    if len(per_k) < 3:
        return None
    fitted = loess(per_k.index.to_numpy(dtype=float), per_k.to_numpy())
    gain = np.diff(fitted) / np.abs(fitted[:-1])
    chosen = None
    seen_big = False
    for i, g in enumerate(gain):
        if g > 0.05:
            seen_big = True
        elif seen_big:
            chosen = per_k.index[i]  # the k before the gain fell to <= 0.05
            break
    if chosen is None:
        return None
    at_k = valid[valid["k"] == chosen]
    return int(at_k["q"].idxmax())


def optimal_discretization(
    x,
    y,
    *,
    methods: Sequence[str] = ("equal", "quantile", "natural", "geometric", "sd"),
    k: Sequence[int] | tuple[int, int] = (3, 8),
    min_stratum: int = 2,
    select: str = "max_q",
    singletons: str = "drop",
) -> OptimalDiscretization:
    """Choose the discretization of a continuous factor that maximizes q (OPGD).

    Parameters
    ----------
    x, y : array-like
        Factor and response (rows where either is missing are dropped).
    methods : sequence of str
        Candidate methods (see :func:`~ccdkit.geodetector.discretize`).
    k : (min, max) or sequence of int, default (3, 8)
        Candidate numbers of classes. A tuple of two is an inclusive range.
    min_stratum : int, default 2
        A candidate is invalid if any stratum has fewer samples. With few samples (e.g.
        N = 26 provinces) the k grid is cut to k <= N / min_stratum, and the result says so.
    select : {"max_q", "max_q_adj", "elbow"}, default "max_q"
        ``max_q``: the first maximum in method-major order (as R GD); ``max_q_adj``: the
        first maximum of the adjusted q (:func:`~ccdkit.geodetector.q_adjusted`), which
        does not grow with k at small N; ``elbow``: the LOESS
        rule of gdverse — fit the best q per k against k, take the first k at which the
        relative gain of the fitted q falls to <= 0.05 after having been > 0.05 (else max q).
    singletons : {"drop", "keep"}, default "drop"
        Whether strata of one sample count in a candidate's q (only matters when
        ``min_stratum`` is 1), as in the factor detector.

    Returns
    -------
    OptimalDiscretization

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.uniform(0, 10, 200)
    >>> y = np.floor(x / 2.5) + rng.normal(0, 0.1, 200)
    >>> res = optimal_discretization(x, y, methods=["equal", "quantile"], k=(3, 5))
    >>> res.best.method, res.best.k, round(res.q, 2)
    ('equal', 4, 0.99)
    """
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    if x.shape != y.shape:
        raise DataError(f"x and y have different lengths ({len(x)}, {len(y)})")
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        raise DataError("no rows with both x and y present")
    return optimal_from_table(ValueTable.from_arrays(x[ok], y[ok]), methods=methods, k=k,
                              min_stratum=min_stratum, select=select, singletons=singletons)


def manual_discretization(table, breaks: Sequence[float], what: str = "manual breaks", *,
                          scorer=None) -> OptimalDiscretization:
    """The discretization by user breaks, as a one-candidate :class:`OptimalDiscretization`.

    >>> t = ValueTable.from_arrays(np.array([1.0, 2, 3, 4]), np.array([0.0, 0, 1, 1]))
    >>> d = manual_discretization(t, [2.5])
    >>> d.best.breaks.tolist(), d.q, d.grid["method"].tolist()
    ([1.0, 2.5, 4.0], 1.0, ['manual'])

    ``scorer`` (default: the table) gives the exact sums between the breaks; a binned table
    at scale only gives the range (see :func:`manual_breaks`).
    """
    b = manual_breaks(table, breaks, what)
    sums = (scorer or table).sums(b)
    best = Discretization("manual", len(b) - 1, b, sums.n.astype(int), interval_labels(b))
    q = q_value(sums)[0]
    grid = pd.DataFrame([{"method": "manual", "k": best.k, "n_classes": best.n_classes, "q": q,
                          "q_adj": q_adjusted(q, int(sums.n.sum()), int((sums.n > 0).sum())),
                          "valid": True, "reason": "", "min_count": int(sums.n.min()),
                          "breaks": b}])
    return OptimalDiscretization(grid, best, q, notes=["breaks given by the user"],
                                 options={"select": "manual", "methods": ["manual"]})


def manual_breaks(table, breaks: Sequence[float], what: str = "manual breaks") -> np.ndarray:
    """User breaks extended to the factor's range (the breaks a manual discretization uses)."""
    return cover_range(breaks, table.lo, table.hi, what)


#: The largest number of strata a k grid may ask for.
K_MAX = 1000


def k_values(k) -> list[int]:
    """The candidate numbers of strata that a ``k`` option stands for; one meaning
    everywhere (library, config, CLI):

    * an int: that k alone;
    * a pair ``(min, max)`` (tuple or list, as in YAML ``[3, 8]``) or ``{min: 3, max: 8}``:
      every k from min to max;
    * three or more ints, or ``{values: [...]}``: exactly those k.

    >>> k_values(5), k_values((3, 6)), k_values([3, 8]), k_values([3, 5, 8])
    ([5], [3, 4, 5, 6], [3, 4, 5, 6, 7, 8], [3, 5, 8])
    >>> k_values({"values": [4, 9]})
    [4, 9]
    """
    if isinstance(k, Mapping):
        if set(k) == {"values"}:
            values = list(k["values"])
        elif set(k) == {"min", "max"}:
            values = _k_range(k["min"], k["max"])
        else:
            raise DataError(f"k as a mapping takes 'min' and 'max', or 'values'; got {dict(k)}")
    elif isinstance(k, (bool, np.bool_)):
        raise DataError(f"k must be an int, a (min, max) range or a list of ints, got {k!r}")
    elif isinstance(k, (int, np.integer)):
        values = [k]
    elif isinstance(k, Sequence) and not isinstance(k, str):
        values = _k_range(*k) if len(k) == 2 else list(k)
    else:
        raise DataError(f"k must be an int, a (min, max) range or a list of ints, got {k!r}")
    if not values or any(isinstance(v, bool) or not float(v).is_integer() for v in values):
        raise DataError(f"k must hold whole numbers, got {values}")
    ks = sorted({int(v) for v in values})
    if ks[0] < 2 or ks[-1] > K_MAX:
        raise DataError(f"k must lie in 2..{K_MAX}, got {ks[0]}..{ks[-1]}")
    return ks


def _k_range(lo, hi) -> list[int]:
    for v in (lo, hi):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer, float)) \
                or not float(v).is_integer():
            raise DataError(f"a k range needs two whole numbers (min, max), got {lo!r}, {hi!r}")
    if lo > hi:
        raise DataError(f"a k range needs min <= max, got {lo}, {hi}")
    if hi > K_MAX:
        raise DataError(f"k must lie in 2..{K_MAX}, got max {hi}")
    return list(range(int(lo), int(hi) + 1))


def optimal_from_table(
    table,
    *,
    methods: Sequence[str] = ("equal", "quantile", "natural", "geometric", "sd"),
    k: Sequence[int] | tuple[int, int] = (3, 8),
    min_stratum: int = 2,
    select: str = "max_q",
    singletons: str = "drop",
) -> OptimalDiscretization:
    """:func:`optimal_discretization` from a factor's :class:`ValueTable`."""
    grid = CandidateGrid.build(table, methods=methods, k=k, min_stratum=min_stratum,
                               select=select, singletons=singletons)
    return grid.select(table)


@dataclass
class CandidateGrid:
    """The candidates of an optimal discretization (method x k -> breaks) before they are
    scored: built from a factor's distribution (:class:`ValueTable`, or a binned table at
    scale), scored by any table whose ``sums(breaks)`` are exact for these breaks.
    """

    table: object
    candidates: dict
    ks: list
    notes: list
    options: dict

    @classmethod
    def build(cls, table, *, methods, k, min_stratum, select, singletons) -> "CandidateGrid":
        if select not in SELECTION_RULES:
            raise DataError(f"select must be one of {SELECTION_RULES}, got {select!r}")
        bad = [m for m in methods if m not in DISCRETIZATION_METHODS]
        if bad or not methods:
            raise DataError(f"methods must be a non-empty subset of "
                            f"{list(DISCRETIZATION_METHODS)}, got {list(methods)}")
        ks = k_values(k)
        N = table.N
        notes: list[str] = []
        if not table.hi > table.lo:
            raise DataError("the factor is constant: it cannot be discretized")
        k_allowed = N // max(min_stratum, 1)
        if ks[-1] > k_allowed:
            cut = [v for v in ks if v <= k_allowed]
            note = warning(SmallSampleWarning, "detector.k_cut", N=int(N),
                           min_stratum=int(min_stratum), k_allowed=int(k_allowed),
                           k=[int(ks[0]), int(ks[-1])],
                           cut=[int(cut[0]), int(cut[-1])] if cut else [])
            notes.append(str(note))
            warnings.warn(note, stacklevel=3)
            ks = cut
            if not ks:
                raise DataError(f"no valid k: {note}")
        candidates = {}
        for method in methods:
            for kk, b in table.breaks(method, ks).items():
                candidates[method, kk] = b
        return cls(table, candidates, ks, notes,
                   {"methods": list(methods), "k": ks, "min_stratum": min_stratum,
                    "select": select, "singletons": singletons, "N": N})

    def inner_breaks(self) -> np.ndarray:
        """Every inner break of every candidate (sorted, distinct): the cut points at which
        an exact evaluation must count the rows."""
        inner = [b[1:-1] for b in self.candidates.values() if b is not None]
        return np.unique(np.concatenate(inner)) if inner else np.zeros(0)

    def select(self, scorer) -> OptimalDiscretization:
        """Score every candidate with ``scorer.sums`` and choose one."""
        o = self.options
        min_stratum, singletons = o["min_stratum"], o["singletons"]
        rows = []
        for method in o["methods"]:
            for kk in self.ks:
                b = self.candidates.get((method, kk))
                row = {"method": method, "k": kk, "n_classes": np.nan, "q": np.nan,
                       "q_adj": np.nan, "valid": False,
                       "reason": "", "min_count": np.nan, "breaks": None}
                if b is None:
                    row["reason"] = reason("no_breaks")
                elif (np.diff(b) <= 0).any():
                    row["reason"] = reason("breaks_repeat")
                    row["breaks"] = b
                else:
                    s = scorer.sums(b)
                    row.update(n_classes=len(b) - 1, breaks=b, min_count=int(s.n.min()))
                    if s.n.min() < min_stratum:
                        row["reason"] = reason("small_stratum", n=min_stratum)
                    else:
                        if singletons == "drop" and (s.n == 1).any():
                            s = s.select(s.n > 1)
                        q, _, _ = q_value(s) if len(s.n) >= 2 else (np.nan, 0, 0)
                        row.update(q=q, q_adj=q_adjusted(q, int(s.n.sum()), len(s.n)),
                                   valid=bool(np.isfinite(q)),
                                   reason="" if np.isfinite(q) else reason("y_constant"))
                rows.append(row)
        grid = pd.DataFrame(rows)
        valid = grid[grid["valid"]]
        notes = list(self.notes)
        if valid.empty:
            reasons = "; ".join(sorted(set(grid["reason"])))
            raise DataError(f"no valid discretization among {len(grid)} candidates ({reasons})")
        select = o["select"]
        idx = _elbow(grid) if select == "elbow" else None
        if select == "elbow" and idx is None:
            notes.append("elbow rule found no elbow; the maximum q was used")
        if idx is None and select == "max_q_adj" and valid["q_adj"].notna().any():
            idx = int(valid["q_adj"].idxmax())
        if idx is None:
            idx = int(valid["q"].idxmax())  # first maximum in method-major order
        chosen = grid.loc[idx]
        b = chosen["breaks"]
        counts = scorer.sums(b).n.astype(int)
        best = Discretization(chosen["method"], int(chosen["k"]), b, counts, interval_labels(b))
        if best.n_classes != best.k:
            notes.append(f"{best.method} with k = {best.k} gives {best.n_classes} classes")
        bounds = self.table.bounds()
        if not self.table.exact:
            notes.append(_binned_note(bounds))
        return OptimalDiscretization(grid, best, float(chosen["q"]), notes,
                                     {**o, "table": bounds})


def _binned_note(b: dict) -> str:
    return (f"breaks from {b['bins']} equal bins of width {b['bin_width']:.4g} (more distinct "
            f"values than bins): natural breaks lose at most {b['natural_gvf_bound']:.2g} of "
            f"goodness of variance fit against exact Jenks; quantile breaks are within "
            f"{b['quantile_value_error']:.4g} (rank error <= {b['quantile_rank_error']:.2g} "
            f"of N); equal, geometric and sd breaks and every q are exact")
