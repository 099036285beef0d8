"""The Geographical Detector on dask arrays: every step a chunked reduction.

Nothing is loaded whole. Per chunk, a continuous factor is aggregated by distinct value
(count, sum and sum of squares of y), and the chunk tables are merged: the merged
:class:`~ccdkit.geodetector.ValueTable` is exactly what the in-memory path builds, so the
optimal discretization (all five methods, exact natural breaks and quantiles) gives the same
result. The detectors then need only per-stratum sums, again summed over chunks. Peak memory
is one chunk per worker plus one factor's table of distinct values.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..exceptions import CcdkitWarning, DataError
from ._detectors import (
    ecological_from_stats,
    factor_row,
    factor_table,
    interaction_row,
    risk_from_sums,
)
from ._discretize import assign
from ._optimal import ValueTable, manual_discretization, optimal_from_table
from ._stats import StrataSums, factor_stats

__all__ = ["is_dask", "chunked_value_table", "chunked_strata_sums", "fit_chunked"]


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


def fit_chunked(gd, data: Mapping[str, object], y: str, factors: Sequence[str], *,
                categorical: set, continuous: set, breaks: Mapping[str, Sequence[float]]):
    """:meth:`GeoDetector.fit` for dask arrays (called by it); returns the result parts."""
    dask, da = _dask()
    arrays = {k: (v if is_dask(v) else da.from_array(np.asarray(v))).ravel()
              for k, v in data.items() if k in (y, *factors)}
    yv = arrays[y].astype(float)
    mean, count = dask.compute(da.nanmean(yv), da.isfinite(yv).sum())
    if count == 0:
        raise DataError(f"response {y!r} has no value")
    offset = float(mean)
    if gd.permutations:
        warnings.warn("permutation p-values are not computed for dask input (they need the "
                      "whole response in memory); p_permutation is NaN", CcdkitWarning,
                      stacklevel=3)
    strata, labels, discs, extra, sizes = {}, {}, {}, {}, {}
    for f in factors:
        x = arrays[f]
        is_float = np.issubdtype(x.dtype, np.floating)
        is_cont = f in continuous or f in breaks or (f not in categorical and is_float)
        if not is_cont:
            values = _unique_chunked(x)
            if len(values) == 0:
                raise DataError(f"factor {f!r} is entirely missing")
            codes = x.map_blocks(lambda b, v=values: np.where(
                np.isin(b, v), np.searchsorted(v, b), -1), dtype=np.int64)
            strata[f], labels[f], sizes[f] = codes, list(values), len(values)
            extra[f] = {"method": "categorical", "k": np.nan, "n_classes": len(values)}
            continue
        x = x.astype(float)
        table = chunked_value_table(x, yv, offset)
        if f in breaks:
            d = manual_discretization(table, breaks[f], f"manual breaks for {f!r}")
        else:
            d = optimal_from_table(table, methods=gd.methods, k=gd.k,
                                   min_stratum=gd.min_stratum, select=gd.select,
                                   singletons=gd.singletons)
        best = d.best
        discs[f] = d
        strata[f] = x.map_blocks(assign, best.breaks, dtype=np.int64)
        labels[f], sizes[f] = best.labels, best.n_classes
        extra[f] = {"method": best.method, "k": best.k, "n_classes": best.n_classes}
    sums, stats, rows = {}, {}, []
    for f in factors:
        s, missing = chunked_strata_sums(yv, strata[f], sizes[f], offset)
        sums[f] = s
        stats[f] = factor_stats(s, singletons=gd.singletons, lambda_variance=gd.lambda_variance)
        rows.append(factor_row(f, stats[f], missing))
    table = factor_table(rows)
    for key in ("method", "k", "n_classes"):
        table[key] = [extra[f][key] for f in table["factor"]]
    inter = eco = None
    if gd.interaction and len(factors) > 1:
        irows = []
        for i, a in enumerate(factors):
            for b in factors[i + 1:]:
                combined = da.where((strata[a] >= 0) & (strata[b] >= 0),
                                    strata[a] * sizes[b] + strata[b], -1)
                s, _ = chunked_strata_sums(yv, combined, sizes[a] * sizes[b], offset)
                st = factor_stats(s, singletons=gd.singletons,
                                  lambda_variance=gd.lambda_variance)
                irows.append(interaction_row(a, b, stats[a].q, stats[b].q, st))
        inter = pd.DataFrame(irows)
    risk = {f: risk_from_sums(sums[f], labels=labels[f], alpha=gd.alpha) for f in factors} \
        if gd.risk else {}
    if gd.ecological_detector and len(factors) > 1:
        eco = ecological_from_stats(stats, rule=gd.ecological, alpha=gd.alpha)
    return table, inter, risk, eco, discs, strata, labels
