"""The Geographical Detector on data in blocks (dask arrays, GeoTIFF windows): every step a
tree reduction with bounded memory, on any dask scheduler (threads, processes or a
``dask.distributed`` cluster).

The data are a list of *blocks*, each one block of every variable as a dict of 1-D float
arrays: a delayed chunk of aligned dask arrays, or a reader of one window of every GeoTIFF,
called inside the task that summarizes the block (so a block never travels between
workers; only summaries do). A pass applies one function to every block and merges the
results ``split_every`` at a time, level by level up a tree, so a worker holds one block
plus ``split_every`` summaries; nothing grows with the number of blocks. A whole run is four
passes, each for all factors at once:

1. *profile*: y's count, mean, min and max; per factor whether it holds a non-whole
   number, its moments (rows with y) and its distinct values, kept while there are at most
   max(``bins``, 65,536) of them (the categories of a categorical factor);
2. *tables*: per continuous factor the exact table of distinct values (count, sums of y;
   the same as in memory) when it has at most ``bins`` of them, else a
   :class:`~ccdkit.geodetector._sketch.BinnedTable` of ``bins`` equal bins;
3. *scores* (binned factors only): the rows between every candidate's breaks, counted
   exactly, so that every candidate's q is exact;
4. *strata*: per-stratum sums of y for every factor and every pair of factors.

The summaries moved per pass are O(bins) per continuous factor and O(L1 x L2) per pair,
independent of the number of rows (docs/performance.md gives the scaling model).
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..exceptions import DataError
from ._discretize import assign
from ._optimal import ValueTable
from ._sketch import DEFAULT_BINS, BinnedTable, Moments
from ._stats import StrataSums

__all__ = ["is_dask", "as_dask", "ChunkedSource", "tree_reduce", "SPLIT_EVERY", "Codes"]

#: How many summaries one merge task combines (the fan-in of the reduction tree).
SPLIT_EVERY = 8

_PASSES = {"profile": "profile of y and the factors", "tables": "tables of the continuous "
           "factors", "scores": "exact counts between candidate breaks",
           "strata": "strata sums of factors and pairs"}


def is_dask(a) -> bool:
    return type(a).__module__.split(".")[0] == "dask"


def as_dask(a):
    """``a`` if it is a dask array, the dask array it holds as ``.data`` (an xarray
    DataArray, say), else None."""
    if is_dask(a):
        return a
    inner = getattr(a, "data", None)
    return inner if is_dask(inner) else None


def _dask():
    try:
        import dask
        import dask.array as da
    except ImportError as exc:  # pragma: no cover - dask is an optional extra
        raise DataError("dask input needs dask: install it with `pip install 'ccdkit[dask]'`"
                        ) from exc
    return dask, da


def tree_reduce(parts: Sequence, merge: Callable[[list], object],
                split_every: int = SPLIT_EVERY):
    """One delayed result: ``parts`` merged ``split_every`` at a time, level by level."""
    dask, _ = _dask()
    level = list(parts)
    if not level:
        raise DataError("no data block to reduce")
    while len(level) > 1:
        level = [dask.delayed(merge, pure=True)(level[i:i + split_every])
                 for i in range(0, len(level), split_every)]
    if len(parts) == 1:
        level = [dask.delayed(merge, pure=True)(level)]
    return level[0]


# --- per-block work --------------------------------------------------------------------

@dataclass
class _Factor:
    """What the profile pass learns of one factor (mergeable)."""

    noninteger: bool
    moments: Moments        # over rows with y and the factor
    distinct: np.ndarray | None  # distinct finite values, None beyond the cap

    @staticmethod
    def merge(parts: Sequence["_Factor"], cap: int) -> "_Factor":
        distinct = None
        if all(p.distinct is not None for p in parts):
            distinct = np.unique(np.concatenate([p.distinct for p in parts]))
            if len(distinct) > cap:
                distinct = None
        return _Factor(any(p.noninteger for p in parts),
                       Moments.merge([p.moments for p in parts]), distinct)


def _distinct(x: np.ndarray, cap: int, noninteger: bool) -> np.ndarray | None:
    if not len(x):
        return x
    if noninteger:
        if len(np.unique(x[: 2 * cap + 2])) > cap:
            return None
    else:
        lo, hi = x.min(), x.max()
        if hi - lo < 8 * cap:
            present = np.flatnonzero(np.bincount((x - lo).astype(np.int64))) + lo
            return present if len(present) <= cap else None
    u = np.unique(x)
    return u if len(u) <= cap else None


def _profile_block(block: dict, y: str, factors: Sequence[str], cap: int) -> dict:
    yv = block[y]
    yok = np.isfinite(yv)
    out = {"rows": len(yv), "y": Moments.of(yv[yok], finite=True)}
    for f in factors:
        x = block[f]
        fin = np.isfinite(x)
        xf = x[fin]
        nonint = bool((xf != np.round(xf)).any())
        out[f] = _Factor(nonint, Moments.of(x[fin & yok], finite=True),
                         _distinct(xf, cap, nonint))
    return out


def _merge_profiles(parts: list, factors: Sequence[str], cap: int) -> dict:
    out = {"rows": sum(p["rows"] for p in parts),
           "y": Moments.merge([p["y"] for p in parts])}
    for f in factors:
        out[f] = _Factor.merge([p[f] for p in parts], cap)
    return out


def _present(block: dict, y: str, names, offset: float):
    """(factor, its values, y - offset) on the rows where y and the factor are present."""
    yv = block[y]
    yok = np.isfinite(yv)
    for f in names:
        x = block[f]
        ok = yok & np.isfinite(x)
        yield f, x[ok], yv[ok] - offset


def _index_sums(idx: np.ndarray, ys: np.ndarray, m: int) -> tuple:
    """Count, sum and sum of squares of ``ys`` per index 0..m-1."""
    return (np.bincount(idx, minlength=m).astype(float),
            np.bincount(idx, weights=ys, minlength=m),
            np.bincount(idx, weights=ys * ys, minlength=m))


def _table_block(block: dict, y: str, specs: dict, offset: float) -> dict:
    out = {}
    for f, xs, ys in _present(block, y, specs, offset):
        spec = specs[f]
        if spec["kind"] == "exact":
            values = spec["values"]
            out[f] = _index_sums(np.searchsorted(values, xs), ys, len(values))
        else:  # ys are centred already: bin them with offset 0
            t = BinnedTable.from_arrays(xs, ys, lo=spec["lo"], hi=spec["hi"],
                                        bins=spec["bins"], offset=0.0)
            out[f] = (t.n, t.sx, t.s1, t.s2)
    return out


def _score_block(block: dict, y: str, edges: dict, offset: float) -> dict:
    return {f: _index_sums(np.searchsorted(edges[f], xs, side="left"), ys, len(edges[f]) + 1)
            for f, xs, ys in _present(block, y, edges, offset)}


@dataclass(frozen=True)
class Codes:
    """A factor's strata at scale, computed per block: by ``breaks`` (a discretized factor)
    or by distinct ``values`` (categories)."""

    factor: str
    kind: str  # "breaks" | "values"
    values: np.ndarray

    @property
    def size(self) -> int:
        """Number of strata."""
        return len(self.values) - 1 if self.kind == "breaks" else len(self.values)

    def of(self, x: np.ndarray) -> np.ndarray:
        if self.kind == "breaks":
            return assign(x, self.values)
        v = self.values
        idx = np.searchsorted(v, x)
        idx_c = np.minimum(idx, len(v) - 1)
        hit = np.isfinite(x) & (v[idx_c] == x)
        return np.where(hit, idx_c, -1)


def _strata_block(block: dict, y: str, codes: dict, requests: list, offset: float) -> list:
    yv = block[y]
    yok = np.isfinite(yv)
    ys = np.where(yok, yv - offset, 0.0)
    ys2 = ys * ys
    # each factor's code with one extra class L for "y or the factor missing": a pair's
    # cells are then one multiply-add and three bincounts, the extra row/column dropped
    c, size = {}, {}
    for f, spec in codes.items():
        raw = spec.of(block[f])
        L = spec.size
        c[f] = np.where(yok & (raw >= 0), raw, L)
        size[f] = L
    # full tables (missing class included) of the largest requests first: a factor alone
    # is then the margin of a pair that holds it, summed over the other factor's classes
    # *and* its missing class, so it needs no pass of its own
    full: dict[tuple, list] = {}
    for names, _ in sorted(requests, key=lambda r: -len(r[0])):
        names = tuple(names)
        shape = tuple(size[f] + 1 for f in names)
        pair = next((k for k in full if len(names) == 1 and names[0] in k), None)
        if pair is not None:
            axes = tuple(i for i, f in enumerate(pair) if f != names[0])
            full[names] = [a.sum(axis=axes) for a in full[pair]]
            continue
        combined = c[names[0]]
        for f in names[1:]:
            combined = combined * (size[f] + 1) + c[f]
        m = int(np.prod(shape))
        full[names] = [np.bincount(combined, weights=w, minlength=m).astype(float)
                       .reshape(shape) for w in (None, ys, ys2)]
    out = []
    for names, sizes in requests:
        keep = tuple(slice(0, int(L)) for L in sizes)
        out.append(tuple(a[keep].ravel() for a in full[tuple(names)]))
    return out


def _add(parts: list):
    """Sum of equally shaped nested tuples/lists/dicts of arrays."""
    first = parts[0]
    if isinstance(first, dict):
        return {k: _add([p[k] for p in parts]) for k in first}
    if isinstance(first, (list, tuple)):
        return type(first)(_add([p[i] for p in parts]) for i in range(len(first)))
    return np.sum(parts, axis=0)


def _run_block(fn, block, *args):
    """``fn`` on one block; a block given as a reader is read here, in the same task."""
    return fn(block() if callable(block) else block, *args)


def _as_block(names: Sequence[str], *arrays) -> dict:
    return {n: np.asarray(a, dtype=float).ravel() for n, a in zip(names, arrays)}


# --- the source --------------------------------------------------------------------------

class ChunkedSource:
    """Data in blocks, answering the questions of :func:`~ccdkit.geodetector._core.run`
    with one tree reduction per pass (see the module text)."""

    chunked = True

    def __init__(self, blocks: Sequence, y: str, factors: Sequence[str], *, kinds: dict,
                 arrays: Mapping | None = None, bins: int = DEFAULT_BINS,
                 split_every: int = SPLIT_EVERY,
                 progress: Callable[[str], None] | None = None) -> None:
        self.blocks = list(blocks)
        self.y_name, self.factors = y, list(factors)
        self.kinds = kinds  # dtype kind per variable ("f", "i", "u", "b")
        self.arrays = arrays
        self.bins, self.split_every = int(bins), int(split_every)
        #: distinct values kept per factor (categories; exact tables up to ``bins``)
        self.cap = max(self.bins, DEFAULT_BINS)
        self.progress = progress
        self._profile: dict | None = None
        self.passes: list[str] = []
        #: per pass: seconds, pickled bytes of one summary (what a merge moves), blocks
        self.timings: dict[str, dict] = {}

    # construction -------------------------------------------------------------------------
    @classmethod
    def from_arrays(cls, data: Mapping, y: str, factors: Sequence[str], **kw) -> "ChunkedSource":
        """Aligned dask (or numpy) arrays of one shape; chunks follow y's."""
        dask, da = _dask()
        names = [y, *factors]
        arrays = {}
        for k in names:
            held = as_dask(data[k])
            arrays[k] = data[k] if held is None else held
        shapes = {k: tuple(np.shape(v)) for k, v in arrays.items()}
        if len(set(shapes.values())) > 1:
            raise DataError(f"the arrays have different shapes: {shapes}")
        ref = arrays[y] if is_dask(arrays[y]) else next(v for v in arrays.values() if is_dask(v))
        out = {}
        for k, v in arrays.items():
            if not is_dask(v):
                v = da.from_array(np.asarray(v), chunks=ref.chunks)
            elif v.chunks != ref.chunks:
                v = v.rechunk(ref.chunks)
            out[k] = v
        kinds = {}
        for k, v in out.items():
            if not np.issubdtype(v.dtype, np.number) and not np.issubdtype(v.dtype, np.bool_):
                what = "response" if k == y else "factor"
                raise DataError(f"{what} {k!r} must be numeric in dask or raster input, found "
                                f"dtype {v.dtype}; code categories as integers")
            kinds[k] = v.dtype.kind
        if kinds[y] == "b":
            raise DataError(f"response {y!r} must be numeric, found dtype bool")
        per = [out[k].to_delayed().ravel() for k in names]
        blocks = [dask.delayed(_as_block, pure=True)(names, *parts) for parts in zip(*per)]
        return cls(blocks, y, factors, kinds=kinds, arrays=out, **kw)

    # the passes ---------------------------------------------------------------------------
    def _reduce(self, name: str, fn, merge, *args):
        dask, _ = _dask()
        start = time.perf_counter()
        parts = [dask.delayed(_run_block, pure=True)(fn, b, *args) for b in self.blocks]
        self.passes.append(name)
        if self.progress:
            n = len(parts)
            self.progress(f"pass {len(self.passes)}, {_PASSES[name]}: {n} "
                          f"block{'s' if n != 1 else ''} ...")
        (out,) = dask.compute(tree_reduce(parts, merge, self.split_every))
        self.timings[name] = {"seconds": time.perf_counter() - start,
                              "summary_bytes": len(pickle.dumps(out)),
                              "blocks": len(self.blocks)}
        if self.progress:
            self.progress(f"pass {len(self.passes)} done in "
                          f"{self.timings[name]['seconds']:.1f} s")
        return out

    def profile(self) -> dict:
        if self._profile is None:
            factors, cap = self.factors, self.cap
            self._profile = self._reduce(
                "profile", _profile_block, _Merge(_merge_profiles, factors, cap),
                self.y_name, factors, cap)
        return self._profile

    @property
    def n_rows(self) -> int:
        return int(self.profile()["rows"])

    def y_summary(self) -> tuple[int, float, bool]:
        m = self.profile()["y"]
        return m.n, (m.mean if m.n else 0.0), bool(m.n and m.lo == m.hi)

    def is_continuous(self, f: str) -> bool:
        return self.kinds[f] == "f" and self.profile()[f].noninteger

    def categories(self, f: str):
        values = self.profile()[f].distinct
        if values is None:
            raise DataError(f"factor {f!r} holds more than {self.cap} distinct values and is "
                            "treated as categories: pass it as continuous (continuous=[...] "
                            "or type: continuous), or raise bins")
        return Codes(f, "values", values), list(values)

    def value_tables(self, factors: Sequence[str], offset: float) -> dict:
        """Exact or binned table of each continuous factor, in one pass."""
        prof = self.profile()
        specs = {}
        for f in factors:
            p = prof[f]
            if p.moments.n == 0:
                raise DataError(f"factor {f!r}: no cell with both y and the factor present")
            if p.distinct is not None and len(p.distinct) <= self.bins:
                specs[f] = {"kind": "exact", "values": p.distinct}
            else:
                specs[f] = {"kind": "binned", "lo": p.moments.lo, "hi": p.moments.hi,
                            "bins": self.bins}
        if not specs:
            return {}
        sums = self._reduce("tables", _table_block, _add, self.y_name, specs, offset)
        out = {}
        for f, spec in specs.items():
            if spec["kind"] == "exact":
                n, s1, s2 = sums[f]
                keep = n > 0
                out[f] = ValueTable(spec["values"][keep], n[keep], s1[keep], s2[keep], offset)
            else:
                n, sx, s1, s2 = sums[f]
                out[f] = BinnedTable(spec["lo"], spec["hi"], n, sx, s1, s2, offset,
                                     prof[f].moments)
        return out

    def scorers(self, edges: Mapping[str, np.ndarray], tables: Mapping, offset: float) -> dict:
        """Exact sums between the given cut points of binned factors, in one pass: for each
        factor a table whose ``sums(breaks)`` is exact for breaks among those cut points."""
        if not edges:
            return {}
        edges = {f: np.asarray(e, dtype=float) for f, e in edges.items()}
        sums = self._reduce("scores", _score_block, _add, self.y_name, edges, offset)
        return {f: ValueTable(np.concatenate([e, [tables[f].hi]]), *sums[f], offset)
                for f, e in edges.items()}

    def discretize(self, f: str, breaks: np.ndarray) -> Codes:
        return Codes(f, "breaks", np.asarray(breaks, dtype=float))

    def sums_batch(self, requests: Sequence[tuple[Sequence[Codes], Sequence[int]]],
                   offset: float) -> list[StrataSums]:
        codes = {c.factor: c for cs, _ in requests for c in cs}
        plan = [([c.factor for c in cs], [int(s) for s in sizes]) for cs, sizes in requests]
        parts = self._reduce("strata", _strata_block, _add, self.y_name, codes, plan, offset)
        return [StrataSums(n, s1, s2, offset) for n, s1, s2 in parts]

    def export(self, codes):
        """Stratum codes as a lazy dask array of the input's shape (None without arrays)."""
        if self.arrays is None or not isinstance(codes, Codes):
            return codes
        return self.arrays[codes.factor].map_blocks(
            lambda b, c=codes: c.of(np.asarray(b, dtype=float)), dtype=np.int64)

    def rows(self, codes):  # pragma: no cover - the core never asks a chunked source
        raise NotImplementedError("rows of chunked input are not loaded")


class _Merge:
    """A picklable merge with fixed arguments (for distributed workers)."""

    def __init__(self, fn, *args) -> None:
        self.fn, self.args = fn, args

    def __call__(self, parts):
        return self.fn(parts, *self.args)
