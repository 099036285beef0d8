"""Writing result tables to XLSX and CSV, atomically.

A file is first written next to its destination under a temporary name and then moved
into place with :func:`os.replace`, so a failed run never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ._outfolder import _umask_mode

__all__ = ["write_tables", "atomic_path", "sheet_title", "neutralize_formulas", "CSV_TEXT",
           "reproducible_time"]

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


@contextlib.contextmanager
def atomic_path(destination: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``destination``; move it into place on success.

    On an exception the temporary file is removed and ``destination`` is untouched.
    """
    destination = Path(destination)
    if destination.is_dir():
        raise DataError(f"cannot write {destination}: it is a folder")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp",
                                   dir=destination.parent)
    except OSError as exc:
        raise DataError(f"cannot write {destination}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        _umask_mode(tmp_path, directory=False)  # mkstemp makes 0600 files
        os.replace(tmp_path, destination)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique Excel sheet title (<= 31 characters, no ``[]:*?/\\``)."""
    base = _BAD_SHEET_CHARS.sub("_", str(name)).strip("'") or "sheet"
    title = base[:31]
    i = 2
    while title.lower() in {t.lower() for t in taken}:
        suffix = f"~{i}"
        title = base[: 31 - len(suffix)] + suffix
        i += 1
    taken.add(title)
    return title


#: How text cells are written to CSV files (see :func:`write_tables`).
CSV_TEXT = ("safe", "raw")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def neutralize_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot act as spreadsheet formulas: control
    characters (carriage returns, line feeds, tabs) become spaces, and a cell starting with
    ``=``, ``+``, ``-``, ``@``, tab or carriage return — leading blanks aside — gets a
    leading ``'`` (OWASP, "CSV Injection"). Numbers, and text in the index names, are unchanged except
    for text index labels, treated like cells.

    >>> neutralize_formulas(pd.DataFrame({"a": ["=1+2", "ok", "-x"], "b": [-1, 2, 3]}))
           a  b
    0  '=1+2 -1
    1     ok  2
    2    '-x  3
    """
    def fix(v):
        if not isinstance(v, str):
            return v
        # control characters (a carriage return starts a new row in some CSV readers)
        # become spaces; a formula start is looked for after leading blanks too
        clean = _CONTROL.sub(" ", v)
        if v.startswith(_FORMULA_START) or clean.lstrip().startswith(_FORMULA_START):
            return "'" + clean
        return clean

    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(fix)
    out.columns = [fix(c) if isinstance(c, str) else c for c in out.columns]
    if isinstance(out.index, pd.MultiIndex):
        out.index = pd.MultiIndex.from_tuples([tuple(fix(v) for v in t) for t in out.index],
                                              names=out.index.names)
    elif out.index.dtype == object:
        out.index = out.index.map(fix)
    return out


def _number_format(series: pd.Series) -> str | None:
    if pd.api.types.is_bool_dtype(series):
        return None
    if pd.api.types.is_integer_dtype(series):
        return "0"
    if pd.api.types.is_float_dtype(series):
        finite = series.to_numpy(dtype=float)
        finite = finite[np.isfinite(finite)]
        if len(finite) and np.all(finite == np.round(finite)) and np.abs(finite).max() >= 1:
            return "#,##0"
        if len(finite) and np.abs(finite).max() >= 1000:
            return "#,##0.00"
        return "0.0000"
    return None


def _write_xlsx(tables: Mapping[str, pd.DataFrame], path: Path) -> None:
    import xlsxwriter

    # XlsxWriter streams each sheet's rows to a temporary file (constant_memory) and is
    # several times faster than openpyxl on tables of tens of thousands of cells
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "nan_inf_to_errors": False})
    # a fixed creation time (SOURCE_DATE_EPOCH if set): two runs give identical files
    wb.set_properties({"created": reproducible_time()})
    header = wb.add_format({"bold": True, "bg_color": "#DDE5F0", "align": "center",
                            "valign": "vcenter", "text_wrap": True})
    styles: dict[str, object] = {}
    taken: set[str] = set()
    try:
        for name, frame in tables.items():
            ws = wb.add_worksheet(sheet_title(name, taken))
            frame = frame.reset_index(drop=not _has_named_index(frame))
            formats = []
            for col in frame.columns:
                fmt = _number_format(frame[col])
                if fmt is not None and fmt not in styles:
                    styles[fmt] = wb.add_format({"num_format": fmt})
                formats.append(None if fmt is None else styles[fmt])
            for j, col in enumerate(frame.columns):
                width = max([_text_width(col)] + [_text_width(v) for v in frame[col].head(200)])
                ws.set_column(j, j, min(max(8, width + 2), 60))
            if len(frame.columns) > 1:
                ws.freeze_panes(1, 1)
            else:
                ws.freeze_panes(1, 0)
            for j, col in enumerate(frame.columns):
                ws.write_string(0, j, str(col), header)
            for i, row in enumerate(frame.itertuples(index=False, name=None), start=1):
                for j, (value, fmt) in enumerate(zip(row, formats)):
                    value = _excel_value(value)
                    if value is None:
                        continue
                    if isinstance(value, str):
                        ws.write_string(i, j, value)
                    elif isinstance(value, bool):
                        ws.write_boolean(i, j, value)
                    else:
                        ws.write_number(i, j, value, fmt)
        if not tables:
            wb.add_worksheet("empty")
    finally:
        wb.close()


def reproducible_time():
    """The creation time written into workbooks: ``SOURCE_DATE_EPOCH`` (the
    reproducible-builds convention) when set, else 1980-01-01, the ZIP format's epoch."""
    import datetime
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).replace(
            tzinfo=None)
    return datetime.datetime(1980, 1, 1)


def _has_named_index(frame: pd.DataFrame) -> bool:
    return any(n is not None for n in frame.index.names)


def _text_width(value: object) -> int:
    text = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _excel_value(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, (float, np.floating)):
        return None if not np.isfinite(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (int, float, bool, str)):
        return value
    return str(value)


def write_tables(
    tables: Mapping[str, pd.DataFrame],
    *,
    xlsx: str | Path | None = None,
    csv_dir: str | Path | None = None,
    csv_text: str = "safe",
) -> list[Path]:
    """Write named tables to one XLSX workbook and/or one CSV file each.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Table name -> frame. The name becomes the sheet title (made valid and unique,
        at most 31 characters) and the CSV file name.
    xlsx : path, optional
        Workbook to write: one sheet per table, bold frozen header, number formats
        chosen per column, column widths fitted (CJK characters count double).
    csv_dir : path, optional
        Folder for ``<name>.csv`` files (UTF-8 with BOM, so Excel shows Chinese text).
    csv_text : {"safe", "raw"}, default "safe"
        ``safe``: a text cell that a spreadsheet would read as a formula (it starts with
        ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a leading
        ``'`` (the OWASP rule against CSV injection); numbers are never changed. ``raw``
        writes text as it is, for programs that read the CSV. In the workbook every text
        cell is a string cell, never a formula.

    Returns
    -------
    list of Path
        The files written. Each is written atomically.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> files = write_tables({"weights": pd.DataFrame({"w": [0.25, 0.75]})},
    ...                      xlsx=out / "tables.xlsx", csv_dir=out / "tables")
    >>> [f.name for f in files]
    ['tables.xlsx', 'weights.csv']
    """
    if csv_text not in CSV_TEXT:
        raise DataError(f"csv_text must be one of {CSV_TEXT}, got {csv_text!r}")
    for name, frame in tables.items():
        if not isinstance(frame, pd.DataFrame):
            raise DataError(f"table {name!r} is a {type(frame).__name__}, expected a DataFrame")
    written: list[Path] = []
    if xlsx is not None:
        xlsx = Path(xlsx)
        with atomic_path(xlsx) as tmp:
            _write_xlsx(tables, tmp)
        written.append(xlsx)
    if csv_dir is not None:
        csv_dir = Path(csv_dir)
        taken: set[str] = set()
        for name, frame in tables.items():
            stem = sheet_title(name, taken) if len(str(name)) > 31 else \
                _BAD_SHEET_CHARS.sub("_", str(name))
            target = csv_dir / f"{stem}.csv"
            if csv_text == "safe":
                frame = neutralize_formulas(frame)
            with atomic_path(target) as tmp:
                frame.to_csv(tmp, index=_has_named_index(frame), encoding="utf-8-sig")
            written.append(target)
    return written
