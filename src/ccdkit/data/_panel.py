"""Reading region-year panels in long, wide or stacked layout into one long frame.

Layouts (METHODS section 0):

``long``
    one row per (region, year), one column per variable.
``wide``
    one sheet (XLSX) or file per variable, regions as rows and years as columns; the
    variable is named after the sheet (or file stem).
``stacked``
    one row per (region, year, variable) with a value column, as many databases export.

Whatever the layout, the result is one frame with columns ``region`` (canonical id, see
:func:`~ccdkit.canonicalize_regions`), ``year`` (int) and one float column per variable.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import DataError, RegionChangeWarning, RegionError
from ._cells import column_letter, parse_numbers, parse_years
from ._readers import RawTable, read_raw_tables
from ._cities import canonicalize_cities
from ._regions import _normalize, canonicalize_regions, is_aggregate
from ._units import region_order
from ..text import warning

__all__ = ["read_panel", "PanelRead", "load_panel", "LAYOUTS"]

LAYOUTS = ("auto", "long", "wide", "stacked")
#: Units of a panel's rows.
LEVELS = ("province", "city")
#: What happens to the rows of a city merged into another (see :func:`read_panel`).
MERGED_RULES = ("drop", "sum")

_REGION_NAMES = {_normalize(n) for n in (
    "region", "regions", "province", "provinces", "province_std", "prov", "地区", "省份", "省",
    "省区市", "省市", "地区名称", "区域", "省份名称", "name", "adcode", "code", "行政区划代码",
    "region_zh", "region_en", "province_zh", "province_en", "地区 / region", "地区/region",
)}
_YEAR_NAMES = {_normalize(n) for n in ("year", "years", "年份", "年", "年度", "time", "period")}
_VARIABLE_NAMES = {_normalize(n) for n in ("variable", "variables", "indicator", "指标", "变量",
                                            "var", "item")}
_VALUE_NAMES = {_normalize(n) for n in ("value", "values", "数值", "值", "val")}


@dataclass
class PanelRead:
    """A panel as read, with where each cell came from.

    Attributes
    ----------
    data : DataFrame
        Long panel: ``region``, ``year``, one float column per variable.
    sources : DataFrame
        One row per cell read: ``region``, ``year``, ``variable``, ``source``, ``cell``.
    dropped_aggregates : list of str
        Aggregate rows (全国, 东部地区, ...) that were skipped, as ``"source: value"``.
    """

    data: pd.DataFrame
    sources: pd.DataFrame
    dropped_aggregates: list[str] = field(default_factory=list)
    unknown_regions: list[str] = field(default_factory=list)


#: Column names of the city in a city panel (tried before the region names).
_CITY_NAMES = {_normalize(n) for n in (
    "city", "cities", "城市", "地级市", "城市名称", "市", "city_zh", "city_en", "地市", "地市名称")}
#: Column names of the province, used in a city panel to resolve shared city names.
_PROVINCE_NAMES = {_normalize(n) for n in (
    "province", "provinces", "prov", "省份", "省", "省份名称", "province_zh", "province_en",
    "所属省份")}


def _find(header: list[str], candidates: set[str], given: str | None, what: str,
          table: RawTable) -> int | None:
    if given is not None:
        if given in header:
            return header.index(given)
        norm = [_normalize(h) for h in header]
        if _normalize(given) in norm:
            return norm.index(_normalize(given))
        raise DataError(
            f"{table.source}: no {what} column named {given!r}; columns are: "
            + ", ".join(repr(h) for h in header if h)
        )
    for j, h in enumerate(header):
        if _normalize(h) in candidates:
            return j
    return None


def _detect_layout(table: RawTable) -> str:
    years, _ = parse_years(pd.Series(table.header, dtype=object))
    if np.isfinite(years).sum() >= 1 and not np.isfinite(years[:1]).any():
        if _find(table.header, _YEAR_NAMES, None, "year", table) is None:
            return "wide"
    norm = {_normalize(h) for h in table.header}
    if norm & _VARIABLE_NAMES and norm & _VALUE_NAMES:
        return "stacked"
    return "long"


def _cells_long(table: RawTable, region_col, year_col, variables,
                missing_ok: bool = False, level: str = "province") -> pd.DataFrame:
    header = table.header
    r = None
    if level == "city" and region_col is None:
        r = _find(header, _CITY_NAMES, None, "city", table)
    if r is None:
        r = _find(header, _REGION_NAMES, region_col, "region", table)
    prov = None
    if level == "city" and r is not None:
        prov = _find(header, _PROVINCE_NAMES - {_normalize(header[r])}, None, "province",
                     table)
    y = _find(header, _YEAR_NAMES, year_col, "year", table)
    if r is None or y is None:
        missing = "region" if r is None else "year"
        raise DataError(
            f"{table.source}: cannot find the {missing} column (columns: "
            + ", ".join(repr(h) for h in header if h)
            + f"); name it explicitly ({missing}_col=...) or use a wide layout"
        )
    if variables is None:
        cols = [j for j, h in enumerate(header)
                if j not in (r, y, prov) and h
                and _normalize(h) not in _REGION_NAMES | _CITY_NAMES]
    else:
        cols = []
        absent = []
        for v in variables:
            if v in header:
                cols.append(header.index(v))
            else:
                absent.append(v)
        if absent and not missing_ok:
            raise DataError(
                f"{table.source}: no column named {', '.join(map(repr, absent))}; columns are: "
                + ", ".join(repr(h) for h in header if h)
            )
    if not cols:
        if missing_ok:
            return pd.DataFrame(columns=["region_raw", "row", "year_raw", "variable", "raw",
                                         "col", "year_col"])
        raise DataError(f"{table.source}: no variable columns besides region and year")
    n = len(table.body)
    parts = []
    for j in cols:
        parts.append(pd.DataFrame({
            "region_raw": table.body[r].to_numpy(), "row": table.rows,
            "year_raw": table.body[y].to_numpy(), "variable": header[j],
            "raw": table.body[j].to_numpy(), "col": np.full(n, j),
            "year_col": np.full(n, y),
            **({"province_raw": table.body[prov].to_numpy()} if prov is not None else {}),
        }))
    return pd.concat(parts, ignore_index=True)


def _cells_wide(table: RawTable, region_col) -> pd.DataFrame:
    header = table.header
    r = _find(header, _REGION_NAMES, region_col, "region", table)
    if r is None:
        r = 0
    years, bad = parse_years(pd.Series(header, dtype=object))
    year_cols = [j for j in range(len(header)) if j != r and np.isfinite(years[j])]
    other = [j for j in range(len(header)) if j != r and j not in year_cols and header[j]
             and _normalize(header[j]) not in _REGION_NAMES]
    if other:
        raise DataError(
            f"{table.source}: in a wide table every column after the region column must be a "
            f"year, but column {column_letter(other[0]) if table.spreadsheet else other[0] + 1} "
            f"is headed {header[other[0]]!r}; remove it or read the table as layout 'long'"
        )
    if not year_cols:
        raise DataError(f"{table.source}: no year columns (headers such as 2012 or 2012年)")
    name = table.name
    n = len(table.body)
    parts = []
    for j in year_cols:
        parts.append(pd.DataFrame({
            "region_raw": table.body[r].to_numpy(), "row": table.rows,
            "year_raw": np.full(n, int(years[j]), dtype=object), "variable": name,
            "raw": table.body[j].to_numpy(), "col": np.full(n, j),
            "year_col": np.full(n, -1),
        }))
    return pd.concat(parts, ignore_index=True)


def _cells_stacked(table: RawTable, region_col, year_col, variable_col, value_col,
                   variables) -> pd.DataFrame:
    header = table.header
    r = _find(header, _REGION_NAMES, region_col, "region", table)
    y = _find(header, _YEAR_NAMES, year_col, "year", table)
    v = _find(header, _VARIABLE_NAMES, variable_col, "variable", table)
    x = _find(header, _VALUE_NAMES, value_col, "value", table)
    for idx, what in ((r, "region"), (y, "year"), (v, "variable"), (x, "value")):
        if idx is None:
            raise DataError(f"{table.source}: cannot find the {what} column of a stacked table")
    cells = pd.DataFrame({
        "region_raw": table.body[r].to_numpy(), "row": table.rows,
        "year_raw": table.body[y].to_numpy(),
        "variable": table.body[v].map(lambda s: "" if s is None else str(s).strip()).to_numpy(),
        "raw": table.body[x].to_numpy(), "col": np.full(len(table.body), x),
        "year_col": np.full(len(table.body), y),
    })
    if variables is not None:
        cells = cells[cells["variable"].isin(list(variables))]
    return cells


def _year_filter(years) -> tuple[int, int] | set[int] | None:
    if years is None:
        return None
    if isinstance(years, tuple) and len(years) == 2:
        return (int(years[0]), int(years[1]))
    return {int(y) for y in years}


def _table_cells(table: RawTable, layout: str, *, region_col, year_col, variable_col,
                 value_col, variables, missing_ok=False, level="province") -> pd.DataFrame:
    kind = _detect_layout(table) if layout == "auto" else layout
    if kind == "wide":
        if variables is not None and table.name not in variables:
            return pd.DataFrame()
        return _cells_wide(table, region_col)
    if kind == "stacked":
        return _cells_stacked(table, region_col, year_col, variable_col, value_col, variables)
    return _cells_long(table, region_col, year_col, variables, missing_ok, level)


def _list_problems(items: Sequence[str], limit: int = 20) -> str:
    shown = "\n  ".join(items[:limit])
    more = f"\n  ... and {len(items) - limit} more" if len(items) > limit else ""
    return "\n  " + shown + more


def load_panel(
    paths: str | Path | Iterable[str | Path],
    *,
    sheet: str | list[str] | None = None,
    layout: str = "auto",
    region_col: str | None = None,
    year_col: str | None = None,
    variables: Sequence[str] | None = None,
    variable_col: str | None = None,
    value_col: str | None = None,
    years: tuple[int, int] | Iterable[int] | None = None,
    extra_years: str = "error",
    aggregates: str = "drop",
    missing_ok: bool = False,
    level: str = "province",
    merged: str = "drop",
    unknown_regions: str = "error",
) -> PanelRead:
    """Read a panel and keep, for every cell, the file/sheet/cell it came from.

    Same parameters as :func:`read_panel`, plus ``missing_ok``: if True, variables
    named in ``variables`` but absent from these files are skipped instead of raising
    (used when a study spreads its variables over several files), and
    ``unknown_regions``: ``"error"`` (default) or ``"collect"`` — province names that
    match no province are listed in ``PanelRead.unknown_regions`` (the error's text) and
    their rows left out, so that a check can report them with every other problem.
    Returns a :class:`PanelRead`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> pd.DataFrame({"地区": ["北京", "全国"], "2012": [5, 50]}).to_csv(tmp, index=False)
    >>> read = load_panel(tmp)
    >>> read.sources[["region", "cell"]].values.tolist(), len(read.dropped_aggregates)
    ([['Beijing', "line 2, column '2012'"]], 1)
    """
    for name, value, allowed in (("layout", layout, LAYOUTS),
                                 ("extra_years", extra_years, ("error", "ignore")),
                                 ("aggregates", aggregates, ("drop", "error")),
                                 ("level", level, LEVELS), ("merged", merged, MERGED_RULES),
                                 ("unknown_regions", unknown_regions, ("error", "collect"))):
        if value not in allowed:
            raise DataError(f"{name} must be one of {tuple(allowed)}, got {value!r}")
    unknown = None if unknown_regions == "error" else []
    if isinstance(paths, (str, Path)):
        paths = [paths]
    year_filter = _year_filter(years)

    all_cells = []
    dropped: list[str] = []
    for path in paths:
        for table in read_raw_tables(path, sheet):
            cells = _table_cells(table, layout, region_col=region_col, year_col=year_col,
                                 variable_col=variable_col, value_col=value_col,
                                 variables=variables, missing_ok=missing_ok, level=level)
            if cells.empty:
                continue
            cells = _canonical_cells(cells, table, year_filter, extra_years, aggregates, dropped,
                                     level, unknown)
            all_cells.append(cells)
    if not all_cells:
        if missing_ok:
            empty = pd.DataFrame({"region": pd.Series(dtype=object),
                                  "year": pd.Series(dtype="int64")})
            return PanelRead(empty, pd.DataFrame(columns=["region", "year", "variable",
                                                          "source", "cell"]), dropped,
                             unknown or [])
        raise DataError(
            "no data read from " + ", ".join(str(p) for p in paths)
            + (f" (variables wanted: {', '.join(variables)})" if variables else "")
        )
    cells = pd.concat(all_cells, ignore_index=True)
    if level == "city":
        cells = _apply_city_changes(cells, merged)
    _check_duplicates(cells)
    read = _assemble(cells, variables, dropped)
    read.unknown_regions = unknown or []
    return read


def _apply_city_changes(cells: pd.DataFrame, merged: str) -> pd.DataFrame:
    """Panel rules of the administrative changes (``ccdkit.data.CITY_CHANGES``): renamed and
    converted units already carry their successor's id; units dissolved and split are left
    out; units merged into another are left out (``merged="drop"``) or added to the
    successor's value of the same year and variable (``"sum"``, for additive variables)."""
    change = cells.pop("change")
    changes = []  # what was done, as values (the warning's sentence is the catalogue's)
    dissolved = change.map(lambda c: c is not None and c.rule == "drop")
    if dissolved.any():
        d = cells[dissolved]
        for c, g in d.groupby(change[dissolved].map(lambda c: c.old)):
            changes.append({"kind": "dissolved", "unit": c, "n": len(g),
                            "sources": list(g["source"].unique())})
    merge = change.map(lambda c: c is not None and c.kind == "merge")
    out = cells[~dissolved & ~merge]
    if merge.any():
        m = cells[merge]
        for (old, new, date), g in m.groupby(change[merge].map(lambda c: (c.old, c.new, c.date))):
            changes.append({"kind": f"merged_{merged}", "unit": old, "successor": new,
                            "date": str(date), "n": len(g)})
        if merged == "sum":
            key = ["region", "year", "variable"]
            add = m.groupby(key)["value"].sum(min_count=1)
            base = out.set_index(key)
            hit = base.index.isin(add.index)
            base.loc[hit, "value"] = base.loc[hit, "value"] + add.reindex(base.index[hit]).to_numpy()
            lost = add.index[~add.index.isin(base.index)]
            if len(lost):
                changes.append({"kind": "lost", "n": len(lost)})
            out = base.reset_index()[cells.columns]
    if changes:
        warnings.warn(warning(RegionChangeWarning, "data.city_changes", changes=changes),
                      stacklevel=4)
    return out.reset_index(drop=True)


def _blank(v) -> bool:
    """An empty cell: None, NaN or only spaces."""
    if v is None:
        return True
    if isinstance(v, float) and v != v:
        return True
    return str(v).strip() == ""


def _canonical_cells(cells: pd.DataFrame, table: RawTable, year_filter, extra_years: str,
                     aggregates: str, dropped: list[str], level: str = "province",
                     unknown: list | None = None) -> pd.DataFrame:
    """The raw cells with canonical regions, years and numbers (every problem named with
    its file and cell)."""
    cells = _with_regions(cells.reset_index(drop=True), table, aggregates, dropped, level,
                          unknown)
    cells = _with_years(cells, table, year_filter, extra_years)
    cells["value"] = _cell_values(cells, table)
    letters = {j: column_letter(j) for j in cells["col"].unique()}
    if table.spreadsheet:
        ref = cells["col"].map(letters) + cells["row"].astype(str)
    else:
        ref = "line " + cells["row"].astype(str) + ", column " + cells["col"].map(
            lambda j: repr(table.header[j]))
    cells["source"] = table.source
    cells["cell"] = ref
    keep = ["region", "year", "variable", "value", "source", "cell"]
    return cells[keep + (["change"] if "change" in cells else [])]


def _with_regions(cells: pd.DataFrame, table: RawTable, aggregates: str, dropped: list[str],
                  level: str, unknown: list | None = None) -> pd.DataFrame:
    """Canonical region ids (each distinct raw name resolved once); aggregate rows (全国,
    东部...) dropped or refused; values without a region refused."""
    empty = cells["region_raw"].map(_blank).to_numpy()
    if empty.any():
        bad = empty & ~cells["raw"].map(_blank).to_numpy()
        if bad.any():
            rows = sorted(set(cells.loc[bad, "row"].tolist()))
            cols = [table.cell(int(r), int(cells.loc[bad, "region_col"].iloc[0]))
                    for r in rows[:10]] if "region_col" in cells else []
            raise DataError(f"{table.source}: row(s) {rows[:10]} have values but no region "
                            "name" + (f" (cells {', '.join(cols)})" if cols else "")
                            + "; fill in the province (merged cells count as blank)")
        cells = cells.loc[~empty].reset_index(drop=True)
    first = cells.drop_duplicates("region_raw")
    agg = first["region_raw"].map(is_aggregate).to_numpy()
    if agg.any():
        names = first.loc[agg, "region_raw"].astype(str).tolist()
        if aggregates == "error":
            raise DataError(f"{table.source}: aggregate rows {names} are not provinces")
        dropped.extend(f"{table.source}: {n}" for n in names)
        keep_raw = set(first.loc[~agg, "region_raw"].tolist())
        cells = cells[cells["region_raw"].isin(keep_raw)].reset_index(drop=True)
        first = first.loc[~agg]
    if level == "city":
        cells, first, ids = _city_ids(cells, first, table)
    else:
        ids = _province_ids(first, table, unknown)
    cells["region"] = cells["region_raw"].map(dict(zip(first["region_raw"].tolist(), ids)))
    return cells[cells["region"].notna()].reset_index(drop=True) if unknown is not None \
        else cells


def _province_ids(first: pd.DataFrame, table: RawTable, unknown: list | None) -> list:
    """Province ids of the distinct raw names; with ``unknown`` a list, an unknown name is
    reported there (the error's text) and gets None instead of raising."""
    names, rows = first["region_raw"].tolist(), first["row"].tolist()
    try:
        return canonicalize_regions(names, source=table.source, rows=rows)
    except RegionError as exc:
        if unknown is None:
            raise
        unknown.append(str(exc))
    ids = []
    for name in names:
        try:
            ids.append(canonicalize_regions([name])[0])
        except RegionError:
            ids.append(None)
    return ids


def _city_ids(cells: pd.DataFrame, first: pd.DataFrame, table: RawTable):
    """City ids of the distinct raw names (a province column, in the long layout, resolves
    names two cities share) and each cell's administrative change."""
    if "province_raw" in cells:
        cells["region_raw"] = [(c, p) for c, p in zip(cells["region_raw"],
                                                       cells.pop("province_raw"))]
        first = cells.drop_duplicates("region_raw")
        names = [c for c, _ in first["region_raw"]]
        provs = [None if _blank(p) else p for _, p in first["region_raw"]]
    else:
        names, provs = first["region_raw"].tolist(), None
    ids, changes = canonicalize_cities(names, provs, source=table.source,
                                       rows=first["row"].tolist())
    cells["change"] = cells["region_raw"].map(dict(zip(first["region_raw"].tolist(), changes)))
    return cells, first, ids


def _with_years(cells: pd.DataFrame, table: RawTable, year_filter,
                extra_years: str) -> pd.DataFrame:
    """Integer years (an invalid one named with its cell); years outside the study refused
    or skipped (``extra_years``)."""
    year, bad = parse_years(cells["year_raw"])
    if bad.any() or np.isnan(year).any():
        i = np.flatnonzero(bad | np.isnan(year))[:10]
        where = [f"{table.cell(int(cells['row'][k]), int(cells['year_col'][k]))}: "
                 f"{cells['year_raw'][k]!r}" for k in i]
        raise DataError(f"{table.source}: invalid or missing year (expected e.g. 2012):"
                        + _list_problems(where))
    cells["year"] = year.astype(int)
    if year_filter is None:
        return cells
    if isinstance(year_filter, tuple):
        inside = (cells["year"] >= year_filter[0]) & (cells["year"] <= year_filter[1])
        span = f"{year_filter[0]}-{year_filter[1]}"
    else:
        inside = cells["year"].isin(year_filter)
        span = ", ".join(map(str, sorted(year_filter)))
    if inside.all():
        return cells
    if extra_years == "error":
        outside = sorted(set(cells.loc[~inside, "year"].tolist()))
        raise DataError(
            f"{table.source}: year(s) {outside} outside the study's years ({span}); "
            "remove them, widen `years`, or set `extra_years: ignore` to skip them")
    return cells[inside].reset_index(drop=True)


def _cell_values(cells: pd.DataFrame, table: RawTable) -> np.ndarray:
    """The cells as numbers (every cell that is not one named with its reference)."""
    values, invalid = parse_numbers(cells["raw"])
    if invalid.any():
        i = np.flatnonzero(invalid)
        where = [f"{table.cell(int(cells['row'][k]), int(cells['col'][k]))} "
                 f"({cells['region'][k]}, {cells['year'][k]}, {cells['variable'][k]}): "
                 f"{cells['raw'][k]!r}" for k in i]
        raise DataError(
            f"{table.source}: {len(i)} cell(s) are not numbers (expected a number such as "
            "1234.5 or 1,234.5; leave empty or write — or n/a for missing):"
            + _list_problems(where))
    return values


def _check_duplicates(cells: pd.DataFrame) -> None:
    dup = cells.duplicated(["region", "year", "variable"], keep=False)
    if not dup.any():
        return
    keys = ["variable", "region", "year"]
    d = cells.loc[dup, keys + ["source", "cell"]]
    first = d.drop_duplicates(keys)
    n_keys = len(first)
    # the first few keys and a count (a file of repeated rows must not make a huge message)
    shown = first.sort_values(keys).head(20)[keys]
    d = d.merge(shown, on=keys)
    items = []
    for (v, r, y), g in d.groupby(keys, sort=True):
        cells_ = [f"{s} {c}" for s, c in zip(g["source"].head(5), g["cell"].head(5))]
        items.append(f"{v} / {r} / {y}: " + ", ".join(cells_)
                     + (f" and {len(g) - 5} more" if len(g) > 5 else ""))
    more = f"\n  ... and {n_keys - len(items)} more" if n_keys > len(items) else ""
    raise DataError(f"duplicate (region, year) rows — each region-year may appear once per "
                    f"variable ({n_keys} duplicate key(s)):" + _list_problems(items) + more)


def _assemble(cells: pd.DataFrame, variables, dropped) -> PanelRead:
    wide = cells.pivot(index=["region", "year"], columns="variable", values="value")
    wide.columns.name = None
    order = list(variables) if variables is not None else list(dict.fromkeys(cells["variable"]))
    order = [v for v in order if v in wide.columns]
    wide = wide[order].reset_index()
    rank = {r: i for i, r in enumerate(region_order(wide["region"]))}
    wide = wide.assign(_rank=wide["region"].map(rank)).sort_values(["_rank", "year"])
    data = wide.drop(columns="_rank").reset_index(drop=True)
    data["region"] = data["region"].astype(object)
    data["year"] = data["year"].astype("int64")
    for v in order:
        data[v] = data[v].astype("float64")
    sources = cells[["region", "year", "variable", "source", "cell"]].reset_index(drop=True)
    return PanelRead(data=data, sources=sources, dropped_aggregates=dropped)


def read_panel(
    paths: str | Path | Iterable[str | Path],
    *,
    sheet: str | list[str] | None = None,
    layout: str = "auto",
    region_col: str | None = None,
    year_col: str | None = None,
    variables: Sequence[str] | None = None,
    variable_col: str | None = None,
    value_col: str | None = None,
    years: tuple[int, int] | Iterable[int] | None = None,
    extra_years: str = "error",
    aggregates: str = "drop",
    level: str = "province",
    merged: str = "drop",
) -> pd.DataFrame:
    """Read a region-year panel from CSV, XLSX or Parquet into one long frame.

    Parameters
    ----------
    paths : path or list of paths
        One or several files; their variables are merged on (region, year).
    sheet : str, list of str or None
        XLSX only: sheet(s) to read. ``None`` reads every sheet whose name does not start
        with ``_``.
    layout : {"auto", "long", "wide", "stacked"}
        ``auto`` takes ``wide`` when the header's cells after the first are years,
        ``stacked`` when there are variable and value columns, ``long`` otherwise.
    region_col, year_col : str, optional
        Column names; found automatically among common names (region, province, 地区,
        省份, year, 年份, ...) when omitted. In wide layout the region column defaults to
        the first column.
    variables : sequence of str, optional
        Variables to keep (columns in long layout, sheet names in wide layout, values of
        the variable column in stacked layout). Default: all.
    variable_col, value_col : str, optional
        Stacked layout: the variable-name and value columns.
    years : (start, end) tuple or iterable of int, optional
        The study's years (a tuple is an inclusive range).
    extra_years : {"error", "ignore"}
        What to do with years outside ``years``.
    aggregates : {"drop", "error"}
        Rows such as 全国 or 东部地区 are dropped by default.
    level : {"province", "city"}
        Units of the rows: provinces (:func:`~ccdkit.canonicalize_regions`) or
        prefecture-level cities (:func:`~ccdkit.data.canonicalize_cities`; old names follow
        the panel rules of :data:`~ccdkit.data.CITY_CHANGES`).
    merged : {"drop", "sum"}
        City level: rows of a unit merged into another (莱芜 into 济南, 2019) are left out
        (default: right for ratios and per-capita values) or added to the successor's value
        of the same year (for additive variables such as GDP or patents). Either way a
        :class:`~ccdkit.exceptions.RegionChangeWarning` lists them.

    Returns
    -------
    DataFrame
        Columns ``region`` (canonical id), ``year`` (int64) and one float64 column per
        variable, sorted by registry order and year. Cells that were empty, ``—`` or
        ``n/a`` are NaN. Region-years that appear in no file are absent (see
        :func:`~ccdkit.complete_panel`).

    Raises
    ------
    DataError
        Missing file or sheet, empty sheet, unknown region, duplicate (region, year),
        non-numeric cell, year outside the study... The message names file, sheet and cell.

    Examples
    --------
    >>> import pandas as pd, tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp()) / "patents.csv"
    >>> pd.DataFrame({"地区": ["北京", "上海市"], "2012": ["1,234", "—"],
    ...               "2013年": [1500, 980]}).to_csv(tmp, index=False)
    >>> read_panel(tmp)
         region  year  patents
    0   Beijing  2012   1234.0
    1   Beijing  2013   1500.0
    2  Shanghai  2012      NaN
    3  Shanghai  2013    980.0
    """
    return load_panel(paths, sheet=sheet, layout=layout, region_col=region_col,
                      year_col=year_col, variables=variables, variable_col=variable_col,
                      value_col=value_col, years=years, extra_years=extra_years,
                      aggregates=aggregates, level=level, merged=merged).data
