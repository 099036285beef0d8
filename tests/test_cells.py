"""Cell parsing: numbers as yearbooks write them, years, yes/no flags."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ccdkit.data import column_letter, parse_flags, parse_numbers, parse_years


@pytest.mark.parametrize("cell,value", [
    (1234.5, 1234.5), (7, 7.0), ("1,234.5", 1234.5), ("1,234,567", 1234567.0),
    ("－12.5", -12.5), ("１２３", 123.0), (" 42 ", 42.0), ("12.5%", 12.5), ("1e3", 1000.0),
    ("1 234", 1234.0), ("-0.5", -0.5),
])
def test_numbers(cell, value):
    v, bad = parse_numbers(pd.Series([cell], dtype=object))
    assert v[0] == pytest.approx(value) and not bad[0]


@pytest.mark.parametrize("cell", ["—", "-", "–", "--", "…", "...", "n/a", "N/A", "NA", "", None,
                                  "null", "/", "×", float("nan"), "无"])
def test_missing_tokens(cell):
    v, bad = parse_numbers(pd.Series([cell], dtype=object))
    assert np.isnan(v[0]) and not bad[0]


@pytest.mark.parametrize("cell", ["abc", "1,23", "12-3", "1.2.3", "约100"])
def test_invalid_numbers_are_flagged(cell):
    v, bad = parse_numbers(pd.Series([cell], dtype=object))
    assert np.isnan(v[0]) and bad[0]


def test_years():
    y, bad = parse_years(pd.Series([2012, "2013年", 2014.0, "2015 ", "２０１６", "FY15", None],
                                   dtype=object))
    assert y[:5].tolist() == [2012, 2013, 2014, 2015, 2016]
    assert bad.tolist() == [False] * 5 + [True, False]


def test_flags():
    f, bad = parse_flags(pd.Series([1, 0, "是", "否", "yes", "No", True, False, None, "?"],
                                   dtype=object))
    assert f.tolist()[:8] == [True, False, True, False, True, False, True, False]
    assert not f[8] and not bad[8] and bad[9]


def test_column_letters():
    assert [column_letter(i) for i in (0, 1, 25, 26, 27, 701, 702)] == \
        ["A", "B", "Z", "AA", "AB", "ZZ", "AAA"]
