"""The Excel workbooks of a study's templates (one sheet per variable, the firm table),
shared by the province and the city designs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..data import province, reproducible_time, unit_label
from ..text import tr
from ._design import Item

__all__ = ["variable_workbook", "firm_workbook"]


def _unit_both(unit: str) -> str:
    """A unit as ``件 / items`` (the Chinese unit and its English name, where it has one)."""
    en = unit_label(unit, "en")
    return unit if en == unit else f"{unit} / {en}"


def _about_sheet(wb, items: Sequence[Item], lang: str) -> None:
    ws = wb.add_worksheet("_about")
    bold = wb.add_format({"bold": True})
    ws.write_string(0, 0, tr("template.title", lang), bold)
    ws.write_string(1, 0, tr("template.how", lang))
    header = ["sheet", "名称", "name", "unit / 单位", "direction / 方向", "dimension / 维度",
              "source / 数据来源"]
    ws.write_row(3, 0, header, bold)
    for i, it in enumerate(items, start=4):
        ws.write_row(i, 0, [it.id, it.zh, it.en, _unit_both(it.unit),
                            it.direction if it.dimension else "",
                            it.dimension or "", it.source])
    for j, width in enumerate((26, 34, 50, 14, 16, 16, 28)):
        ws.set_column(j, j, width)


def _header_format(wb):
    return wb.add_format({"bold": True, "bg_color": "#DDE5F0"})


def _write_cells(ws, row: int, values) -> None:
    for j, v in enumerate(values):
        if v is None or (isinstance(v, float) and v != v):
            continue  # an empty cell: a missing value
        if isinstance(v, str):
            ws.write_string(row, j, v)
        else:
            ws.write(row, j, v)


def variable_workbook(path: Path, items: Sequence[Item], regions: Sequence[str],
                      years: Sequence[int], lang: str, values=None, name=None) -> None:
    """One sheet per item, the regions as rows (written as ``name(id)``, default the
    province's short Chinese or English name) and the years as columns."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": reproducible_time()})
    _about_sheet(wb, items, lang)
    head = _header_format(wb)
    for it in items:
        ws = wb.add_worksheet(it.id)
        ws.write_row(0, 0, [tr("template.region", lang), *years], head)
        ws.write_comment(0, 0, f"{it.zh} / {it.en}\n单位 unit: {_unit_both(it.unit)}",
                         {"author": "ccdkit"})
        for i, r in enumerate(regions, start=1):
            if name is not None:
                row = [name(r)]
            else:
                row = [province(r).label(lang)]
            if values is not None:
                row += [values(it.id, r, y) for y in years]
            _write_cells(ws, i, row)
        ws.freeze_panes(1, 1)
        ws.set_column(0, 0, 16)
    wb.close()


def firm_workbook(path: Path, lang: str, rows=None) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": reproducible_time()})
    ws = wb.add_worksheet("firms")
    ws.write_row(0, 0, ["firm", "firm_name", "year", "region", "total_assets", "is_target"],
                 _header_format(wb))
    for i, row in enumerate(rows or [], start=1):
        _write_cells(ws, i, list(row))
    ws.freeze_panes(1, 0)
    for j, width in enumerate((12, 28, 8, 12, 16, 10)):
        ws.set_column(j, j, width)
    about = wb.add_worksheet("_about")
    lines = [
        ("column", "说明", "description"),
        ("firm", "证券代码", "stock code or any firm id"),
        ("firm_name", "公司名称（可选）", "firm name (optional)"),
        ("year", "年份", "year"),
        ("region", "注册地省份", "province (any spelling: 广东 / 广东省 / Guangdong / 440000)"),
        ("total_assets", "期末总资产（元，任一统一单位）", "total assets (any one currency unit)"),
        ("is_target", "是否新能源汽车企业（1/0 或 是/否）", "NEV firm? (1/0, yes/no, 是/否)"),
    ]
    bold = wb.add_format({"bold": True})
    for i, line in enumerate(lines):
        about.write_row(i, 0, line, bold if i == 0 else None)
    for j, width in enumerate((14, 36, 60)):
        about.set_column(j, j, width)
    wb.close()
