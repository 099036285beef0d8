"""Reading firm-level tables (one row per firm and year) for the agglomeration indices."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import DataError, MissingDataWarning
from ._cells import parse_flags, parse_numbers, parse_years
from ._readers import read_raw_tables
from ._regions import _normalize, canonicalize_regions
from ..text import warning

__all__ = ["read_firms", "FIRM_FIELDS"]

#: The fields of a firm table and the column names recognised for each.
FIRM_FIELDS: dict[str, tuple[str, ...]] = {
    "firm": ("firm", "company", "firm_id", "stock_code", "code", "证券代码", "股票代码", "企业",
             "公司", "企业名称", "公司名称", "stkcd"),
    "year": ("year", "年份", "年", "年度"),
    "region": ("region", "province", "地区", "省份", "省", "所在省份", "注册地省份"),
    "total_assets": ("total_assets", "assets", "总资产", "资产总计", "资产总额", "期末总资产"),
    "is_target": ("is_target", "target", "nev", "is_nev", "新能源", "新能源汽车", "是否新能源汽车",
                  "目标行业", "是否目标行业"),
}


def _locate(header: list[str], field: str, given: str | None, source: str) -> int:
    norm = [_normalize(h) for h in header]
    if given is not None:
        if _normalize(given) in norm:
            return norm.index(_normalize(given))
        raise DataError(f"{source}: no column named {given!r} (for {field}); columns are: "
                        + ", ".join(repr(h) for h in header if h))
    for name in FIRM_FIELDS[field]:
        if _normalize(name) in norm:
            return norm.index(_normalize(name))
    raise DataError(
        f"{source}: cannot find the {field} column (looked for "
        + ", ".join(repr(n) for n in FIRM_FIELDS[field][:6])
        + f"...); columns are: {', '.join(repr(h) for h in header if h)}. "
        f"Name it with columns={{'{field}': '<column>'}}"
    )


def read_firms(
    path: str | Path,
    *,
    sheet: str | None = None,
    columns: Mapping[str, str] | None = None,
    years: tuple[int, int] | None = None,
    extra_years: str = "error",
) -> pd.DataFrame:
    """Read a firm-level table: firm, year, region, total assets, target-industry flag.

    Parameters
    ----------
    path : str or Path
        CSV, XLSX or Parquet file.
    sheet : str, optional
        XLSX sheet (default: the first sheet not starting with ``_``).
    columns : mapping, optional
        ``{field: column name}`` for the fields ``firm``, ``year``, ``region``,
        ``total_assets``, ``is_target`` when the names are not among the recognised
        ones (see :data:`FIRM_FIELDS`; e.g. 证券代码, 年份, 省份, 总资产, 新能源).
    years : (start, end), optional
        The study's years; rows outside are an error (``extra_years="error"``) or skipped.
    extra_years : {"error", "ignore"}

    Returns
    -------
    DataFrame
        Columns ``firm`` (str), ``year`` (int64), ``region`` (canonical id),
        ``total_assets`` (float64, >= 0) and ``is_target`` (bool). Rows with missing
        total assets are dropped with a :class:`~ccdkit.exceptions.MissingDataWarning`.

    Raises
    ------
    DataError
        Unknown columns, regions or flags, invalid years, negative total assets, or a
        firm listed twice in one year; the message names the rows.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp()) / "firms.csv"
    >>> pd.DataFrame({"证券代码": ["600104", "002594"], "年份": [2023, 2023],
    ...               "省份": ["上海", "广东省"], "总资产": ["1,000.5", 6800],
    ...               "新能源": ["否", "是"]}).to_csv(tmp, index=False)
    >>> read_firms(tmp)
         firm  year     region  total_assets  is_target
    0  600104  2023   Shanghai        1000.5      False
    1  002594  2023  Guangdong        6800.0       True
    """
    columns = dict(columns or {})
    unknown = set(columns) - set(FIRM_FIELDS)
    if unknown:
        raise DataError(f"unknown firm field(s) {sorted(unknown)}; fields are {list(FIRM_FIELDS)}")
    tables = read_raw_tables(path, sheet)
    if not tables:
        raise DataError(f"{path}: no sheet to read")
    table = tables[0]
    src = table.source
    idx = {f: _locate(table.header, f, columns.get(f), src) for f in FIRM_FIELDS}
    out = _firm_columns(table, idx)
    rows = table.rows
    if years is not None:
        inside = ((out["year"] >= years[0]) & (out["year"] <= years[1])).to_numpy()
        if not inside.all():
            if extra_years == "error":
                outside = sorted(set(out.loc[~inside, "year"].tolist()))
                raise DataError(f"{src}: year(s) {outside} outside the study's years "
                                f"{years[0]}-{years[1]}; set `extra_years: ignore` to skip them")
            out, rows = out[inside], rows[inside]
    dup = out.duplicated(["firm", "year"], keep=False).to_numpy()
    if dup.any():
        where = [f"row {rows[k]}: firm {out['firm'].iloc[k]!r}, {out['year'].iloc[k]}"
                 for k in np.flatnonzero(dup)[:10]]
        raise DataError(f"{src}: a firm appears twice in one year:\n  " + "\n  ".join(where))
    missing = out["total_assets"].isna().to_numpy()
    if missing.any():
        warnings.warn(warning(MissingDataWarning, "firms.no_assets", source=str(src),
                              n=int(missing.sum()), rows=[int(r) for r in rows[missing][:10]]),
                      stacklevel=2)
        out = out[~missing]
    return out.reset_index(drop=True)


def _firm_columns(table, idx: dict) -> pd.DataFrame:
    """The firm table's fields parsed (firm id, year, region, total assets, flag); the
    first kind of bad cell is an error naming up to ten cells."""
    body, rows, src = table.body, table.rows, table.source

    def problem(mask: np.ndarray, what: str, col: str) -> None:
        if mask.any():
            where = [f"{table.cell(int(rows[k]), idx[col])}: {body[idx[col]].iloc[k]!r}"
                     for k in np.flatnonzero(mask)[:10]]
            raise DataError(f"{src}: {int(mask.sum())} {what}:\n  " + "\n  ".join(where))

    year, bad = parse_years(body[idx["year"]])
    problem(bad | np.isnan(year), "invalid or missing year(s) (expected e.g. 2012)", "year")
    assets, bad = parse_numbers(body[idx["total_assets"]])
    problem(bad, "total-assets cell(s) that are not numbers", "total_assets")
    problem(assets < 0, "negative total assets (must be >= 0)", "total_assets")
    flag, bad = parse_flags(body[idx["is_target"]])
    problem(bad, "target-industry flag(s) that are not yes/no (1/0, true/false, 是/否)",
            "is_target")
    firm = body[idx["firm"]].map(lambda v: "" if v is None else
                                 (str(int(v)) if isinstance(v, float) and v.is_integer()
                                  else str(v).strip()))
    problem((firm == "").to_numpy(), "row(s) without a firm id", "firm")
    region = canonicalize_regions(body[idx["region"]].tolist(), source=src, rows=list(rows))
    problem(np.array([r is None for r in region]), "row(s) without a region", "region")
    return pd.DataFrame({
        "firm": firm.to_numpy(dtype=object), "year": year.astype("int64"),
        "region": np.array(region, dtype=object), "total_assets": assets,
        "is_target": flag,
    })
