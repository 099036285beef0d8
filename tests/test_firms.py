"""read_firms: column recognition, parsing and bad input."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from conftest import write_xlsx

from ccdkit import DataError, RegionError, read_firms
from ccdkit.exceptions import MissingDataWarning

HEADER = ["firm", "year", "region", "total_assets", "is_target"]


def _xlsx(tmp_path, rows, header=HEADER):
    return write_xlsx(tmp_path / "f.xlsx", {"firms": [header, *rows]})


def test_reads_and_types(tmp_path):
    path = _xlsx(tmp_path, [["600104", 2012, "上海市", "1,000", 0], [2594, 2012, "广东", 50.5, "是"]])
    df = read_firms(path)
    assert df.columns.tolist() == HEADER
    assert df["firm"].tolist() == ["600104", "2594"]
    assert df["region"].tolist() == ["Shanghai", "Guangdong"]
    assert df["total_assets"].tolist() == [1000.0, 50.5]
    assert df["is_target"].tolist() == [False, True]
    assert df["year"].dtype == "int64"


def test_chinese_headers_and_mapping(tmp_path):
    path = tmp_path / "f.csv"
    pd.DataFrame({"证券代码": ["a"], "会计年度": [2020], "所在省份": ["北京"], "资产总计": [1.0],
                  "新能源": ["否"]}).to_csv(path, index=False)
    with pytest.raises(DataError, match="cannot find the year column"):
        read_firms(path)
    df = read_firms(path, columns={"year": "会计年度"})
    assert df["region"].tolist() == ["Beijing"]


def test_negative_assets(tmp_path):
    path = _xlsx(tmp_path, [["a", 2012, "北京", -5, 1]])
    with pytest.raises(DataError, match=r"negative total assets.*\n.*D2: -5"):
        read_firms(path)


def test_bad_flag_and_year_and_region(tmp_path):
    with pytest.raises(DataError, match=r"not yes/no.*\n.*E2: 'maybe'"):
        read_firms(_xlsx(tmp_path, [["a", 2012, "北京", 5, "maybe"]]))
    with pytest.raises(DataError, match="invalid or missing year"):
        read_firms(_xlsx(tmp_path, [["a", "last year", "北京", 5, 1]]))
    with pytest.raises(RegionError, match="Pekin"):
        read_firms(_xlsx(tmp_path, [["a", 2012, "Pekinx", 5, 1]]))


def test_duplicate_firm_year(tmp_path):
    path = _xlsx(tmp_path, [["a", 2012, "北京", 5, 1], ["a", 2012, "北京", 6, 1]])
    with pytest.raises(DataError, match="twice in one year"):
        read_firms(path)


def test_missing_assets_dropped_with_warning(tmp_path):
    path = _xlsx(tmp_path, [["a", 2012, "北京", None, 1], ["b", 2012, "北京", 3, 0]])
    with pytest.warns(MissingDataWarning, match="1 row"):
        df = read_firms(path)
    assert df["firm"].tolist() == ["b"]


def test_years_outside(tmp_path):
    path = _xlsx(tmp_path, [["a", 2011, "北京", 1, 1], ["a", 2012, "北京", 1, 1]])
    with pytest.raises(DataError, match=r"\[2011\] outside"):
        read_firms(path, years=(2012, 2023))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_firms(path, years=(2012, 2023), extra_years="ignore")["year"].tolist() == [2012]


def test_unknown_field(tmp_path):
    with pytest.raises(DataError, match="unknown firm field"):
        read_firms(_xlsx(tmp_path, []), columns={"assets": "x"})
