"""read_panel: long, wide and stacked layouts from CSV, XLSX and Parquet; bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import REFERENCE, file_digest, write_xlsx

from ccdkit import DataError, RegionError, load_panel, read_panel

WIDE_ROWS = [["地区", 2012, "2013年"], ["北京", 10, "1,234.5"], ["上海市", "—", 20],
             ["全国", 100, 200]]


def test_wide_xlsx_all_sheets(tmp_path):
    path = write_xlsx(tmp_path / "w.xlsx", {"x": WIDE_ROWS, "y": WIDE_ROWS,
                                            "_notes": [["ignored"]]})
    df = read_panel(path)
    assert list(df.columns) == ["region", "year", "x", "y"]
    assert df["region"].tolist() == ["Beijing", "Beijing", "Shanghai", "Shanghai"]
    assert df["year"].tolist() == [2012, 2013, 2012, 2013]
    assert df["x"].iloc[1] == 1234.5 and np.isnan(df["x"].iloc[2])
    assert df["year"].dtype == np.int64 and df["x"].dtype == np.float64


def test_wide_xlsx_chosen_sheet(tmp_path):
    path = write_xlsx(tmp_path / "w.xlsx", {"x": WIDE_ROWS, "y": WIDE_ROWS})
    assert list(read_panel(path, sheet="y").columns) == ["region", "year", "y"]


def test_long_csv_and_years_filter(tmp_path):
    path = tmp_path / "long.csv"
    pd.DataFrame({"province": ["Beijing", "Beijing", "Tianjin"], "year": [2012, 2013, 2012],
                  "gdp": ["1,000", "1,100", "n/a"], "pop": [1, 2, 3]}).to_csv(path, index=False)
    df = read_panel(path)
    assert df.shape == (3, 4) and np.isnan(df["gdp"].iloc[2])
    assert read_panel(path, variables=["pop"]).columns.tolist() == ["region", "year", "pop"]
    only = read_panel(path, years=(2012, 2012), extra_years="ignore")
    assert only["year"].unique().tolist() == [2012]


def test_gb18030_csv(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("地区,年份,专利\n广东,2020,1\n江苏,2020,2\n".encode("gb18030"))
    df = read_panel(path)
    assert df["region"].tolist() == ["Jiangsu", "Guangdong"]  # registry (adcode) order


def test_parquet(tmp_path):
    pytest.importorskip("pyarrow")
    path = tmp_path / "p.parquet"
    pd.DataFrame({"region": ["北京"], "year": [2012], "v": [1.5]}).to_parquet(path)
    assert read_panel(path)["v"].tolist() == [1.5]


def test_stacked_layout(tmp_path):
    path = tmp_path / "s.csv"
    pd.DataFrame({"province": ["北京", "北京", "天津"], "year": [2012, 2012, 2012],
                  "variable": ["a", "b", "a"], "value": [1, 2, 3]}).to_csv(path, index=False)
    df = read_panel(path)
    assert df.columns.tolist() == ["region", "year", "a", "b"]
    assert np.isnan(df.loc[df.region == "Tianjin", "b"].iloc[0])


def test_several_files_are_merged(tmp_path):
    a = write_xlsx(tmp_path / "a.xlsx", {"x": WIDE_ROWS})
    b = write_xlsx(tmp_path / "b.xlsx", {"y": WIDE_ROWS})
    assert read_panel([a, b]).columns.tolist() == ["region", "year", "x", "y"]


def test_sources_point_at_cells(tmp_path):
    path = write_xlsx(tmp_path / "w.xlsx", {"x": [[], ["地区", 2012, 2013], ["北京", 1, 2]]})
    read = load_panel(path)
    src = read.sources.set_index(["region", "year"])["cell"]
    assert src[("Beijing", 2012)] == "B3" and src[("Beijing", 2013)] == "C3"
    assert read.dropped_aggregates == []


def test_aggregates_dropped_or_refused(tmp_path):
    path = write_xlsx(tmp_path / "w.xlsx", {"x": WIDE_ROWS})
    read = load_panel(path)
    assert any("全国" in d for d in read.dropped_aggregates)
    with pytest.raises(DataError, match="aggregate"):
        read_panel(path, aggregates="error")


def test_input_file_is_not_modified(tmp_path):
    path = write_xlsx(tmp_path / "w.xlsx", {"x": WIDE_ROWS})
    before = file_digest(path)
    read_panel(path)
    assert file_digest(path) == before


# --- bad input --------------------------------------------------------------------------

def test_missing_file(tmp_path):
    with pytest.raises(DataError, match="not found.*nope.xlsx"):
        read_panel(tmp_path / "nope.xlsx")


def test_wrong_sheet_name(tmp_path):
    path = write_xlsx(tmp_path / "w.xlsx", {"x": WIDE_ROWS})
    with pytest.raises(DataError, match=r"no sheet named 'patents'.*sheets: 'x'"):
        read_panel(path, sheet="patents")


def test_empty_sheet(tmp_path):
    path = write_xlsx(tmp_path / "w.xlsx", {"x": WIDE_ROWS, "blank": []})
    with pytest.raises(DataError, match=r"sheet 'blank' is empty"):
        read_panel(path)


def test_empty_csv(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("")
    with pytest.raises(DataError, match="empty"):
        read_panel(path)


def test_duplicate_region_year(tmp_path):
    rows = [["地区", 2012], ["北京", 1], ["北京市", 2]]
    path = write_xlsx(tmp_path / "w.xlsx", {"x": rows})
    with pytest.raises(DataError, match=r"(?s)duplicate.*x / Beijing / 2012.*B2.*B3"):
        read_panel(path)


def test_year_outside_range(tmp_path):
    path = write_xlsx(tmp_path / "w.xlsx", {"x": WIDE_ROWS})
    with pytest.raises(DataError, match=r"\[2013\] outside the study's years \(2012-2012\)"):
        read_panel(path, years=(2012, 2012))


def test_non_numeric_cells(tmp_path):
    rows = [["地区", 2012, 2013], ["北京", "abc", "1,234.5"], ["天津", "n/a", "12,34"]]
    path = write_xlsx(tmp_path / "w.xlsx", {"x": rows})
    with pytest.raises(DataError) as info:
        read_panel(path)
    msg = str(info.value)
    assert "sheet 'x'" in msg and "2 cell(s) are not numbers" in msg
    assert "B2 (Beijing, 2012, x): 'abc'" in msg and "C3 (Tianjin, 2013, x): '12,34'" in msg


def test_unmatched_region(tmp_path):
    rows = [["地区", 2012], ["北京", 1], ["Bejing", 2]]
    path = write_xlsx(tmp_path / "w.xlsx", {"x": rows})
    with pytest.raises(RegionError, match=r"(?s)sheet 'x'.*'Bejing' \(row 3\).*Beijing"):
        read_panel(path)


def test_invalid_year_header_cell(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("region,year,x\nBeijing,2012,1\nBeijing,twenty,2\n")
    with pytest.raises(DataError, match=r"line 3, column 'year': 'twenty'"):
        read_panel(path)


def test_unknown_variable_column(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("region,year,x\nBeijing,2012,1\n")
    with pytest.raises(DataError, match=r"no column named 'patents'.*'x'"):
        read_panel(path, variables=["patents"])


def test_wide_table_with_stray_column(tmp_path):
    path = write_xlsx(tmp_path / "w.xlsx", {"x": [["地区", 2012, "单位"], ["北京", 1, "件"]]})
    with pytest.raises(DataError, match=r"column C is headed '单位'"):
        read_panel(path)


def test_values_without_region(tmp_path):
    path = write_xlsx(tmp_path / "w.xlsx", {"x": [["地区", 2012], [None, 5]]})
    with pytest.raises(DataError, match="no region name"):
        read_panel(path)


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{}")
    with pytest.raises(DataError, match="unsupported file type"):
        read_panel(path)


# --- real yearbook data (tests/reference/yearbook) -----------------------------------------------------

def test_real_stacked_yearbook_table_known_values():
    path = REFERENCE / "yearbook" / "RDIntense.csv"
    df = read_panel(path, region_col="province_std", variable_col="variables",
                    value_col="value")
    # PROVENANCE.md: R&D intensity of Beijing in 2023 = 6.73 %
    row = df[(df.region == "Beijing") & (df.year == 2023)]
    intensity = [c for c in df.columns if c not in ("region", "year")
                 and abs(row[c].iloc[0] - 6.73) < 1e-9]
    assert intensity, "Beijing 2023 R&D intensity 6.73 % not found"
    assert df["region"].nunique() == 31  # 全国 dropped


def test_real_provinces_add_up_to_national_total():
    """The 31 provinces read from the raw yearbook table sum to its 全国 row."""
    path = REFERENCE / "yearbook" / "industrial_enterprises_spend-inner_by_region_2018_2023.csv"
    read = load_panel(path, region_col="region_zh", variable_col="variable", value_col="value",
                      variables=["rd_intramural_exp"])
    df = read.data
    assert df["region"].nunique() == 31
    raw = pd.read_csv(path)
    national = raw[(raw.region_zh == "全国") & (raw.variable == "rd_intramural_exp")]
    national = national.set_index("year")["value"]
    sums = df.groupby("year")["rd_intramural_exp"].sum()
    assert national[2018] == 129548264  # PROVENANCE.md check value (万元)
    for year, total in national.items():
        assert sums[year] == pytest.approx(total, rel=1e-4)
    assert any("东部地区" in d for d in read.dropped_aggregates)
