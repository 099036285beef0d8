"""A table as it is printed: every cell as the text a reader sees, so that the decimals a
paper or a workbook shows are kept (0.410 stays "0.410"; a float would be 0.41). Read by
the coupling auditor (``ccdkit audit``, the app's audit page)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from ..exceptions import DataError

__all__ = ["read_printed_table"]

#: A number format that fixes the decimals (0.000, #,##0.00), not a percentage.
_FIXED = re.compile(r"[#,0]*\.(0+)(?![0#]*%)")


def read_printed_table(source: str | Path | bytes, *, name: str | None = None,
                       sheet: str | None = None) -> pd.DataFrame:
    """Read a CSV, TSV, whitespace-separated text or Excel table with every cell as text.

    Parameters
    ----------
    source : path or bytes
        A file, or its content (an upload, pasted text encoded as UTF-8).
    name : str, optional
        The content's file name (its suffix tells an Excel workbook), used in messages.
    sheet : str, optional
        Excel: the sheet (default: the first). A cell whose number format fixes its
        decimals (``0.000``) is read as displayed.

    Examples
    --------
    >>> read_printed_table(b"U1\\tU2\\n0.410\\t0.5\\n").loc[0].tolist()
    ['0.410', '0.5']
    """
    if isinstance(source, bytes):
        content, name = source, name or "table"
    else:
        path = Path(source)
        if not path.is_file():
            raise DataError(f"{path}: no such file")
        content, name = path.read_bytes(), name or str(path)
    if name.lower().endswith(".xlsx"):
        return _excel(content, name, sheet)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(f"{name}: not UTF-8 text (save the table as CSV UTF-8, or as .xlsx)"
                        ) from None
    try:
        frame = pd.read_csv(io.StringIO(text), sep=None, engine="python", dtype=str)
        if frame.shape[1] < 2:
            frame = pd.read_csv(io.StringIO(text), sep=r"\s+", engine="python", dtype=str)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, TypeError) as exc:
        raise DataError(f"{name}: cannot be read as a table ({exc})") from None
    return frame


def _excel(content: bytes, name: str, sheet: str | None) -> pd.DataFrame:
    """An Excel sheet as displayed (fixed-decimal number formats applied)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise DataError(f"{name}: cannot be read as an Excel workbook ({exc})") from None
    if sheet is not None and sheet not in book.sheetnames:
        raise DataError(f"{name}: no sheet {sheet!r} (sheets: {book.sheetnames})")
    rows = []
    for row in (book[sheet] if sheet else book.worksheets[0]).iter_rows():
        cells = [_shown(cell) for cell in row]
        if any(c is not None for c in cells):
            rows.append(cells)
    book.close()
    if len(rows) < 2:
        raise DataError(f"{name}: the sheet has no rows below its header")
    return pd.DataFrame(rows[1:], columns=rows[0])


def _shown(cell) -> str | None:
    value = cell.value
    if value is None:
        return None
    fixed = _FIXED.match(str(getattr(cell, "number_format", "")))
    if isinstance(value, (int, float)) and not isinstance(value, bool) and fixed:
        return f"{value:.{len(fixed.group(1))}f}"
    return str(value)
