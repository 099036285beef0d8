"""From a long data frame (region, year, variables) to a :class:`Design`: the regions in
the order of the weights, the years ascending, and every problem named (missing cells,
an unbalanced panel, regions without weights or without data, a singular design)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ..spatial import IslandWarning
from ..text import warning
from ._design import Design
from ._weights_matrix import WeightsMatrix, weights_matrix

__all__ = ["make_design"]


def _listing(items, n: int = 5) -> str:
    items = list(items)
    return ", ".join(map(str, items[:n])) + (f" ... ({len(items)} in all)" if len(items) > n else "")


def _check_columns(frame: pd.DataFrame, needed: list[str]) -> None:
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise DataError(f"spatial regression: no column {missing} in the data (columns: "
                        f"{_listing(frame.columns, 12)})")


def _grid(frame: pd.DataFrame, cols: list[str], region: str, year: str | None,
          ids: list[str]) -> tuple[np.ndarray, list]:
    """Values (T, N, len(cols)) on the year x region grid; errors name what is wrong."""
    data = frame.assign(_region=frame[region].astype(str))
    present = set(data["_region"])
    unknown = sorted(present - set(ids))
    if unknown:
        raise DataError(f"spatial regression: region(s) {_listing(unknown)} have no spatial "
                        "weights")
    absent = [i for i in ids if i not in present]
    if absent:
        raise DataError(f"spatial regression: the weights have region(s) {_listing(absent)} "
                        "with no data; give weights of the regions with data (e.g. "
                        "SpatialWeights.subset) so that none is dropped silently")
    keys = ["_region"] + ([year] if year else [])
    dup = data[data.duplicated(keys, keep=False)]
    if len(dup):
        first = dup.iloc[0]
        where = f"{first['_region']}" + (f", {first[year]}" if year else "")
        raise DataError(f"spatial regression: {len(dup)} rows repeat a region"
                        + (" and year" if year else "") + f" (first: {where})")
    years = sorted(data[year].unique().tolist()) if year else [None]
    full = pd.MultiIndex.from_product([years, ids]) if year else pd.Index(ids)
    idx = [year, "_region"] if year else "_region"
    table = data.set_index(idx)[cols].reindex(full)
    gaps = table[table.isna().any(axis=1)]
    if len(gaps):
        cells = [f"{r[1]} {r[0]}" if year else str(r) for r in gaps.index[:5]]
        raise DataError(
            "spatial regression needs a balanced panel with no missing value: "
            f"{len(gaps)} region-year(s) lack a value of {cols} (first: {', '.join(cells)}); "
            "fill them (imputation) or drop the region or year from the study explicitly")
    values = table.to_numpy(dtype=float).reshape(len(years), len(ids), len(cols))
    if not np.all(np.isfinite(values)):
        raise DataError("spatial regression: the data have infinite values")
    return values, years


def _check_rank(d: Design, durbin: bool) -> None:
    X, names = d.regressors(durbin)
    scale = np.sqrt((X * X).sum(axis=0))
    flat = [n for n, s in zip(names, scale) if s < 1e-12 * max(1.0, scale.max())]
    if flat:
        raise DataError(f"spatial regression: {flat} do not vary once the "
                        f"{d.fixed_effects} fixed effects are removed (absorbed by them); "
                        "drop them or change fixed_effects")
    if np.linalg.matrix_rank(X / scale) < X.shape[1]:
        raise DataError(f"spatial regression: the regressors {names} are collinear (a "
                        "singular design): drop one of those that are linear combinations "
                        "of the others")


def make_design(frame: pd.DataFrame, y: str, x: list[str], weights, *, region: str,
                year: str | None, fixed_effects: str, bias_correction: str,
                durbin: bool = False) -> Design:
    """The design of ``y ~ x`` on ``frame`` with ``weights``, checked."""
    x = [x] if isinstance(x, str) else list(x)
    if not x:
        raise DataError("spatial regression: no regressor (x) given")
    if y in x:
        raise DataError(f"spatial regression: {y!r} is both the response and a regressor")
    _check_columns(frame, [region, *( [year] if year else []), y, *x])
    w = weights if isinstance(weights, WeightsMatrix) else weights_matrix(weights)
    values, years = _grid(frame, [y, *x], region, year, list(w.ids))
    T = values.shape[0]
    fe = ("twoway" if T > 1 else "none") if fixed_effects == "auto" else fixed_effects
    if T == 1 and fe != "none":
        raise DataError(f"spatial regression: fixed_effects {fe!r} need a panel (several "
                        "years); the data have one year")
    sums = np.asarray(abs(w.W).sum(axis=1)).ravel()
    islands = [i for i, s in zip(w.ids, sums) if s == 0]
    if islands:
        warnings.warn(warning(IslandWarning, "econometrics.islands", regions=islands,
                              n=len(islands)), stacklevel=3)
    lee_yu = bias_correction == "lee-yu" and fe != "none"
    if lee_yu and fe in ("time", "twoway") and not w.row_standardized:
        raise DataError("spatial regression: the Lee-Yu transformation of time effects "
                        "needs row-standardised weights with no island (transform: r); use "
                        "bias_correction: none or row-standardise W")
    d = Design(values[:, :, 0], values[:, :, 1:], list(x), w, fe, lee_yu,
               [v for v in years if v is not None])
    _check_rank(d, durbin)
    return d
