"""Parsing of spreadsheet cells: numbers as yearbooks write them, years, yes/no flags.

All functions work on whole columns at once (pandas string methods), not cell by cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["MISSING_TOKENS", "parse_numbers", "parse_years", "parse_flags", "column_letter"]

#: Cell texts read as "missing" (compared after width folding, trimming and lower-casing).
MISSING_TOKENS: frozenset[str] = frozenset({
    "", "-", "--", "---", "—", "——", "–", "―", "…", "……", "...", ".", "/", "x", "×",
    "na", "n/a", "n.a.", "nan", "null", "none", "missing", "#n/a", "#value!", "#div/0!",
    "无", "空", "缺", "缺失", "暂无",
})

# "1234", "-1234.5", "1,234,567.8", ".5", "1e6", "12.5%"
_THOUSANDS = r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$"


def _as_text(values: pd.Series) -> pd.Series:
    text = values.astype("object").where(values.notna(), "")
    text = text.map(str) if len(text) else text.astype(str)
    return text.str.normalize("NFKC").str.strip()


def parse_numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Parse a column of cells into floats.

    Numbers stored as numbers pass through. Text is read after width folding: a
    thousands separator (``"1,234.5"``), surrounding or inner spaces and a trailing
    ``%`` (kept as written: ``"12.5%"`` -> 12.5) are accepted; the tokens in
    :data:`MISSING_TOKENS` (``"—"``, ``"n/a"``, empty...) become NaN.

    Returns
    -------
    values : ndarray of float
        Parsed values, NaN where missing or invalid.
    invalid : ndarray of bool
        True where the cell held text that is neither a number nor a missing token, or
        an infinite value (``inf``, ``1e400``).

    Examples
    --------
    >>> v, bad = parse_numbers(pd.Series(["1,234.5", "—", 7, "n/a", "abc", "12%"]))
    >>> v.tolist()[:3], bad.tolist()
    ([1234.5, nan, 7.0], [False, False, False, False, True, False])
    """
    values = pd.Series(values).reset_index(drop=True)
    out = np.full(len(values), np.nan)
    invalid = np.zeros(len(values), dtype=bool)
    if len(values) == 0:
        return out, invalid
    is_num = values.map(lambda v: isinstance(v, (int, float, np.integer, np.floating))
                        and not isinstance(v, bool)).to_numpy(dtype=bool)
    if is_num.any():
        out[is_num] = values[is_num].astype(float).to_numpy()
    rest = ~is_num & values.notna().to_numpy()
    if rest.any():
        text = _as_text(values[rest])
        missing = text.str.lower().isin(MISSING_TOKENS)
        cleaned = text.str.replace(r"\s+", "", regex=True)
        thousands = cleaned.str.match(_THOUSANDS)
        cleaned = cleaned.where(~thousands, cleaned.str.replace(",", "", regex=False))
        cleaned = cleaned.str.replace(r"%$", "", regex=True)
        num = pd.to_numeric(cleaned.where(~missing, None), errors="coerce")
        idx = np.flatnonzero(rest)
        out[idx] = num.to_numpy(dtype=float)
        invalid[idx] = (num.isna() & ~missing).to_numpy()
    infinite = np.isinf(out)  # "inf", "1e400" or an infinite number: not a statistic
    if infinite.any():
        out[infinite] = np.nan
        invalid |= infinite
    return out, invalid


def parse_years(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Parse year cells (``2012``, ``2012.0``, ``"2012年"``, ``"2012 "``) to integers.

    Returns the years as float (NaN where absent) and a mask of invalid cells
    (non-empty but not a four-digit year).

    >>> y, bad = parse_years(pd.Series([2012, "2013年", 2014.0, "FY15"]))
    >>> y.tolist(), bad.tolist()
    ([2012.0, 2013.0, 2014.0, nan], [False, False, False, True])
    """
    values = pd.Series(values).reset_index(drop=True)
    # a sheet repeats a handful of years in every row: parse each distinct cell once
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    text = _as_text(pd.Series(uniques, dtype=object))
    text = text.str.replace(r"\.0+$", "", regex=True).str.replace(r"\s*年(度)?$", "", regex=True)
    good = text.str.fullmatch(r"\d{4}").to_numpy(dtype=bool)
    parsed = pd.to_numeric(text.where(good, None), errors="coerce").to_numpy(dtype=float)
    empty_u = (text == "").to_numpy()
    missing = codes < 0
    safe = np.where(missing, 0, codes)
    if len(uniques) == 0:
        return np.full(len(values), np.nan), np.zeros(len(values), dtype=bool)
    years = np.where(missing, np.nan, parsed[safe])
    bad = np.where(missing, False, ~good[safe] & ~empty_u[safe])
    return years, bad


_TRUE = {"1", "1.0", "true", "t", "yes", "y", "是", "对", "√", "✓", "target"}
_FALSE = {"0", "0.0", "false", "f", "no", "n", "否", "不是", "×", "other", ""}


def parse_flags(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Parse yes/no cells (1/0, true/false, yes/no, 是/否) into booleans.

    Empty cells are False. Returns the booleans and a mask of cells that are neither.

    >>> f, bad = parse_flags(pd.Series([1, "是", "no", True, "maybe"]))
    >>> f.tolist(), bad.tolist()
    ([True, True, False, True, False], [False, False, False, False, True])
    """
    values = pd.Series(values).reset_index(drop=True)
    text = _as_text(values).str.lower()
    is_true = text.isin(_TRUE).to_numpy()
    is_false = text.isin(_FALSE).to_numpy()
    return is_true, ~(is_true | is_false)


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based column index (0 -> A, 26 -> AA).

    >>> column_letter(0), column_letter(27)
    ('A', 'AB')
    """
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
