"""The Geographical Detector on dask arrays: every step a chunked reduction.

Nothing is loaded whole. Per chunk, a continuous factor is aggregated by distinct value
(count, sum and sum of squares of y), and the chunk tables are merged: the merged
:class:`~ccdkit.geodetector.ValueTable` is exactly what the in-memory path builds, so the
optimal discretization (all five methods, exact natural breaks and quantiles) gives the same
result. The detectors then need only per-stratum sums, again summed over chunks. Peak memory
is one chunk per worker plus one factor's table of distinct values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ..exceptions import DataError
from ._core import is_noninteger
from ._discretize import assign
from ._optimal import ValueTable
from ._stats import StrataSums

__all__ = ["is_dask", "chunked_value_table", "chunked_strata_sums", "DaskSource"]


def is_dask(a) -> bool:
    return type(a).__module__.split(".")[0] == "dask"


def _dask():
    try:
        import dask
        import dask.array as da
    except ImportError as exc:  # pragma: no cover - dask is an optional extra
        raise DataError("dask input needs dask: install it with `pip install 'ccdkit[dask]'`"
                        ) from exc
    return dask, da


def _block_table(x: np.ndarray, y: np.ndarray, offset: float) -> ValueTable | None:
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return None
    return ValueTable.from_arrays(x[ok], y[ok], offset)


def chunked_value_table(x, y, offset: float) -> ValueTable:
    """A factor's :class:`ValueTable` from dask arrays, chunk by chunk."""
    dask, _ = _dask()
    xb = x.to_delayed().ravel()
    yb = y.to_delayed().ravel()
    parts = dask.compute(*[dask.delayed(_block_table)(a, b, offset) for a, b in zip(xb, yb)])
    parts = [p for p in parts if p is not None]
    if not parts:
        raise DataError("no cell with both the factor and y present")
    return ValueTable.merge(parts)


def _block_sums(y: np.ndarray, codes: np.ndarray, L: int, offset: float) -> np.ndarray:
    y = np.asarray(y, dtype=float).ravel()
    codes = np.asarray(codes).ravel().astype(np.int64)
    ok = np.isfinite(y) & (codes >= 0)
    y, codes = y[ok] - offset, codes[ok]
    return np.stack([np.bincount(codes, minlength=L).astype(float),
                     np.bincount(codes, weights=y, minlength=L),
                     np.bincount(codes, weights=y * y, minlength=L)])


def chunked_strata_sums(y, codes, L: int, offset: float) -> tuple[StrataSums, int]:
    """Per-stratum sums (and the count of rows with y or the stratum missing) over chunks."""
    dask, _ = _dask()
    yb = y.to_delayed().ravel()
    cb = codes.to_delayed().ravel()
    parts = dask.compute(*[dask.delayed(_block_sums)(a, b, L, offset) for a, b in zip(yb, cb)])
    total = np.sum(parts, axis=0)
    s = StrataSums(total[0], total[1], total[2], offset)
    return s, int(y.size - total[0].sum())


def _unique_chunked(x) -> np.ndarray:
    dask, _ = _dask()
    parts = dask.compute(*[dask.delayed(lambda b: np.unique(np.asarray(b).ravel()))(b)
                           for b in x.to_delayed().ravel()])
    values = np.unique(np.concatenate(parts))
    if values.dtype.kind == "f":
        values = values[np.isfinite(values)]
    return values


def _block_noninteger(b) -> bool:
    return is_noninteger(np.asarray(b, dtype=float).ravel())


class DaskSource:
    """Dask arrays (any shape, flattened): every question answered chunk by chunk."""

    chunked = True

    def __init__(self, data: Mapping[str, object], y: str, factors: Sequence[str]) -> None:
        dask, da = _dask()
        self.arrays = {k: (v if is_dask(v) else da.from_array(np.asarray(v))).ravel()
                       for k, v in data.items() if k in (y, *factors)}
        sizes = {k: int(v.size) for k, v in self.arrays.items()}
        if len(set(sizes.values())) > 1:
            raise DataError(f"the arrays have different sizes: {sizes}")
        if not np.issubdtype(self.arrays[y].dtype, np.number) \
                or np.issubdtype(self.arrays[y].dtype, np.bool_):
            raise DataError(f"response {y!r} must be numeric, found dtype "
                            f"{self.arrays[y].dtype}")
        self.y = self.arrays[y].astype(float)
        self.n_rows = int(self.y.size)

    def y_summary(self) -> tuple[int, float, bool]:
        dask, da = _dask()
        ok = da.isfinite(self.y)
        n, mean, lo, hi = dask.compute(ok.sum(), da.nanmean(self.y), da.nanmin(self.y),
                                       da.nanmax(self.y))
        n = int(n)
        return n, (float(mean) if n else 0.0), bool(n and lo == hi)

    def is_continuous(self, f: str) -> bool:
        dask, _ = _dask()
        x = self.arrays[f]
        if not np.issubdtype(x.dtype, np.floating):
            return False
        parts = dask.compute(*[dask.delayed(_block_noninteger)(b)
                               for b in x.to_delayed().ravel()])
        return bool(any(parts))

    def value_table(self, f: str, offset: float) -> ValueTable:
        return chunked_value_table(self.arrays[f].astype(float), self.y, offset)

    def categories(self, f: str):
        values = _unique_chunked(self.arrays[f])
        codes = self.arrays[f].map_blocks(lambda b, v=values: np.where(
            np.isin(b, v), np.searchsorted(v, b), -1), dtype=np.int64)
        return codes, list(values)

    def discretize(self, f: str, breaks: np.ndarray):
        return self.arrays[f].astype(float).map_blocks(assign, breaks, dtype=np.int64)

    def sums(self, codes: Sequence, sizes: Sequence[int], offset: float) -> StrataSums:
        _, da = _dask()
        combined = None
        valid = None
        for c, L in zip(codes, sizes):
            combined = c if combined is None else combined * L + c
            valid = (c >= 0) if valid is None else valid & (c >= 0)
        combined = da.where(valid, combined, -1)
        return chunked_strata_sums(self.y, combined, int(np.prod(sizes)), offset)[0]

    def rows(self, codes):  # pragma: no cover - the core never asks a chunked source
        raise NotImplementedError("rows of dask input are not loaded")
