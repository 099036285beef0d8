"""Reading raw tables (header + body of untyped cells) from CSV, XLSX and Parquet files.

A :class:`RawTable` keeps the spreadsheet row number of every body row and the column
letters, so that later errors can point at the exact cell a person has to fix.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ._cells import column_letter

__all__ = ["RawTable", "read_raw_tables", "sheet_names", "SUPPORTED_SUFFIXES", "file_sha256"]

SUPPORTED_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".parquet", ".pq")


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of a file's bytes (read in 1 MiB blocks): what a manifest records of an
    input, and what tells a cached step that its data changed."""
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class RawTable:
    """One sheet or file as read: header cells and a body of untyped cells.

    Attributes
    ----------
    source : str
        Human-readable origin, e.g. ``"data.xlsx, sheet 'patents'"``.
    name : str
        Sheet name (XLSX) or file stem (CSV/Parquet); the variable name in wide layout.
    header : list of str
        Header cells as text (the first non-empty row).
    body : DataFrame
        Object-dtype cells below the header, columns 0..n-1 in file order.
    rows : ndarray of int
        Spreadsheet row / file line number of each body row (1-based; the header row is
        counted, so the first body row right below a header in row 1 is row 2).
    spreadsheet : bool
        Whether cells have spreadsheet references (A1 style).
    """

    source: str
    name: str
    header: list[str]
    body: pd.DataFrame
    rows: np.ndarray
    spreadsheet: bool

    def cell(self, row: int, col: int) -> str:
        """Reference of a cell by its row number and 0-based column index."""
        if self.spreadsheet:
            return f"{column_letter(col)}{row}"
        return f"line {row}, column {self.header[col]!r}"


def _file_label(path: Path, sheet: str | None = None) -> str:
    return f"{path}" + (f", sheet {sheet!r}" if sheet is not None else "")


#: Largest data file read, in bytes (environment variable ``CCDKIT_MAX_FILE_MB`` overrides).
MAX_FILE_BYTES = 500 * 1024 * 1024


def max_file_bytes() -> int:
    """The data-file size limit: ``CCDKIT_MAX_FILE_MB`` (megabytes) or 500 MB."""
    import os

    text = os.environ.get("CCDKIT_MAX_FILE_MB", "").strip()
    if not text:
        return MAX_FILE_BYTES
    try:
        mb = float(text)
    except ValueError:
        raise DataError(f"CCDKIT_MAX_FILE_MB must be a number of megabytes, got {text!r}"
                        ) from None
    return int(mb * 1024 * 1024)


def _check_file(path: Path) -> None:
    if not path.exists():
        raise DataError(f"data file not found: {path}")
    if path.is_dir():
        raise DataError(f"expected a data file but found a folder: {path}")
    if not path.is_file():
        raise DataError(f"{path} is not a regular file (a pipe, socket or device?); "
                        "give a saved .xlsx, .csv or .parquet file")
    size, limit = path.stat().st_size, max_file_bytes()
    if size > limit:
        raise DataError(f"{path}: {size / 2**20:,.0f} MB is more than the limit of "
                        f"{limit / 2**20:,.0f} MB for a data file (set CCDKIT_MAX_FILE_MB "
                        "to raise it)")
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise DataError(
            f"{path}: unsupported file type {path.suffix!r}; expected one of "
            + ", ".join(SUPPORTED_SUFFIXES)
        )


def _header_text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _from_grid(grid: list[list[object]], first_row: int, source: str, name: str,
               spreadsheet: bool) -> RawTable:
    """Build a RawTable from a list of rows; the first non-empty row is the header."""

    def empty(row: list[object]) -> bool:
        return all(_header_text(v) == "" for v in row)

    start = 0
    while start < len(grid) and empty(grid[start]):
        start += 1
    if start == len(grid):
        raise DataError(f"{source} is empty: no header row and no data")
    header_row = list(grid[start])
    body_rows = [list(r) for r in grid[start + 1:]]
    width = max([len(header_row)] + [len(r) for r in body_rows])
    # drop trailing all-empty columns
    header = [_header_text(v) for v in header_row] + [""] * (width - len(header_row))
    body = pd.DataFrame([r + [None] * (width - len(r)) for r in body_rows],
                        columns=range(width), dtype=object)
    filled = body.map(lambda v: _header_text(v) != "").to_numpy(dtype=bool).reshape(
        len(body), width)  # one pass over the cells serves columns and rows
    keep = [j for j in range(width) if header[j] != "" or filled[:, j].any()]
    if keep and keep[-1] + 1 < width:
        width = keep[-1] + 1
        header = header[:width]
        body = body.loc[:, list(range(width))]
        filled = filled[:, :width]
    rows = np.arange(len(body_rows)) + first_row + start + 2
    nonempty = filled.any(axis=1)
    body = body.loc[nonempty].reset_index(drop=True)
    rows = rows[nonempty]
    return RawTable(source, name, header, body, rows, spreadsheet)


def sheet_names(path: str | Path) -> list[str]:
    """Names of the sheets of an XLSX workbook (in workbook order)."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    _check_file(path)
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several types on corrupt files
        raise DataError(f"{path}: cannot open as an Excel workbook ({exc})") from exc
    try:
        return list(wb.sheet_names)
    finally:
        wb.close()


def _calamine_value(v: object) -> object:
    """A cell as openpyxl gives it: empty -> None, whole-number floats -> int."""
    if v == "":
        return None
    if isinstance(v, float) and v.is_integer() and abs(v) < 2 ** 53:
        return int(v)
    return v


def _read_xlsx(path: Path, sheets: list[str] | None) -> list[RawTable]:
    # python-calamine (Rust) reads a workbook's values about ten times faster than openpyxl
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several types on corrupt files
        raise DataError(f"{path}: cannot open as an Excel workbook ({exc})") from exc
    try:
        available = list(wb.sheet_names)
        if sheets is None:
            wanted = [s for s in available if not s.startswith("_")]
        else:
            missing = [s for s in sheets if s not in available]
            if missing:
                raise DataError(
                    f"{path}: no sheet named {', '.join(map(repr, missing))}; "
                    f"the workbook has sheets: {', '.join(map(repr, available))}"
                )
            wanted = list(sheets)
        uncached = _uncached_formulas(path, wanted)
        if uncached:
            where = "; ".join(f"sheet {n!r}: {', '.join(refs[:8])}"
                              + (f" and {len(refs) - 8} more" if len(refs) > 8 else "")
                              for n, refs in uncached.items())
            raise DataError(f"{path}: formula cells without a saved value ({where}); the file "
                            "was written by a program that does not compute formulas. Open "
                            "and save it in Excel or WPS, or paste the values")
        tables = []
        for name in wanted:
            try:
                rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception as exc:  # noqa: BLE001 - a damaged sheet
                raise DataError(f"{_file_label(path, name)}: cannot be read ({exc})") from exc
            grid = [[_calamine_value(v) for v in row] for row in rows]
            tables.append(_from_grid(grid, 0, _file_label(path, name), name, True))
        return tables
    finally:
        wb.close()


def _uncached_formulas(path: Path, names: list[str]) -> dict[str, list[str]]:
    """Cells of the named sheets that hold a formula but no saved value (they would read
    as empty and be imputed). Read from the workbook's XML; sheets without any formula
    cost one substring search."""
    import html
    import re
    import zipfile

    found: dict[str, list[str]] = {}
    try:
        with zipfile.ZipFile(path) as z:
            book = z.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            targets = {}
            for rel in re.findall(r"<Relationship\b[^>]*>", rels):
                rid = re.search(r'\bId="([^"]+)"', rel)
                target = re.search(r'\bTarget="([^"]+)"', rel)
                if rid and target:
                    t = target.group(1).lstrip("/")
                    targets[rid.group(1)] = t if t.startswith("xl/") else "xl/" + t
            for sheet in re.findall(r"<sheet\b[^>]*>", book):
                name = re.search(r'\bname="([^"]*)"', sheet)
                rid = re.search(r'\br:id="([^"]+)"', sheet)
                if not name or not rid or html.unescape(name.group(1)) not in names:
                    continue
                member = targets.get(rid.group(1))
                if member is None or member not in z.namelist():
                    continue
                text = z.read(member).decode("utf-8", "replace")
                if "<f" not in text:
                    continue
                refs = []
                for attrs, body in re.findall(r"<c\b([^>]*)>(.*?)</c>", text, re.S):
                    if "<f" in body and not re.search(r"<v>[^<]+</v>", body):
                        ref = re.search(r'\br="([A-Z]+[0-9]+)"', attrs)
                        refs.append(ref.group(1) if ref else "?")
                if refs:
                    found[html.unescape(name.group(1))] = refs
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    return found


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError(f"{path}: the file is neither UTF-8 nor GB18030 text")


def _read_csv(path: Path) -> RawTable:
    text = _decode(path)
    if not text.strip():
        raise DataError(f"{path} is empty: no header row and no data")
    first = next(line for line in text.splitlines() if line.strip())
    if path.suffix.lower() == ".tsv" or "\t" in first:
        sep = "\t"
    elif "," not in first and ";" in first:
        sep = ";"
    else:
        sep = ","
    try:
        frame = pd.read_csv(io.StringIO(text), header=None, dtype=object, keep_default_na=False,
                            na_values=[], sep=sep, skip_blank_lines=False)
    except (pd.errors.ParserError, ValueError) as exc:
        raise DataError(f"{path}: cannot parse as CSV ({exc})") from exc
    grid = frame.where(frame != "", None).values.tolist()
    return _from_grid(grid, 0, str(path), path.stem, False)


def _read_parquet(path: Path) -> RawTable:
    try:
        frame = pd.read_parquet(path)
    except ImportError as exc:
        raise DataError(
            f"{path}: reading Parquet needs pyarrow; install it with "
            "`pip install 'ccdkit[parquet]'`"
        ) from exc
    except Exception as exc:
        raise DataError(f"{path}: cannot read as Parquet ({exc})") from exc
    grid = [list(frame.columns)] + frame.astype(object).values.tolist()
    return _from_grid(grid, 0, str(path), path.stem, False)


def read_raw_tables(path: str | Path, sheets: str | list[str] | None = None) -> list[RawTable]:
    """Read one file into raw tables: one per sheet for XLSX, one for CSV/Parquet.

    Parameters
    ----------
    path : str or Path
        A ``.csv``/``.tsv``/``.txt`` (UTF-8 or GB18030), ``.xlsx`` or ``.parquet`` file.
    sheets : str, list of str or None
        XLSX only: the sheet(s) to read; ``None`` reads every sheet whose name does not
        start with ``_`` (such sheets hold notes, e.g. the templates' ``_about``).
    """
    path = Path(path)
    _check_file(path)
    suffix = path.suffix.lower()
    if isinstance(sheets, str):
        sheets = [sheets]
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheets)
    if sheets:
        raise DataError(f"{path}: sheets {sheets!r} given, but only Excel files have sheets")
    if suffix in (".parquet", ".pq"):
        return [_read_parquet(path)]
    return [_read_csv(path)]
