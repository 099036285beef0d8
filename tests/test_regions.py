"""Province registry: every spelling maps to one id; fields agree with the reference table."""

from __future__ import annotations

import csv

import pytest
from conftest import REFERENCE
from hypothesis import given, settings
from hypothesis import strategies as st

from ccdkit import (
    MAINLAND_IDS,
    PROVINCES,
    RegionError,
    canonicalize_regions,
    group_label,
    is_aggregate,
    province,
    province_table,
    region_groups,
    region_label,
)

# Hand-written facts (GB/T 2260 codes), independent of the package's own table.
KNOWN = {
    "北京": 110000, "天津": 120000, "河北": 130000, "山西": 140000, "内蒙古": 150000,
    "辽宁": 210000, "吉林": 220000, "黑龙江": 230000, "上海": 310000, "江苏": 320000,
    "浙江": 330000, "安徽": 340000, "福建": 350000, "江西": 360000, "山东": 370000,
    "河南": 410000, "湖北": 420000, "湖南": 430000, "广东": 440000, "广西": 450000,
    "海南": 460000, "重庆": 500000, "四川": 510000, "贵州": 520000, "云南": 530000,
    "西藏": 540000, "陕西": 610000, "甘肃": 620000, "青海": 630000, "宁夏": 640000,
    "新疆": 650000,
}


def _reference_rows():
    path = REFERENCE / "provinces.csv"
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_31_mainland_provinces_with_known_codes():
    assert len(MAINLAND_IDS) == 31
    by_short = {p.short_zh: p.adcode for p in PROVINCES if p.mainland}
    assert by_short == KNOWN


def test_registry_fields_match_reference_table():
    rows = _reference_rows()
    assert len(rows) == 31
    for row in rows:
        p = province(row["adcode"])
        assert p.adcode == int(row["adcode"])
        assert p.name_zh == row["name_zh"]
        assert p.short_zh == row["short_zh"]
        assert p.name_en == row["name_en"]
        assert p.region3 == row["region3"]
        assert p.region4 == row["region4_nbs"]


@pytest.mark.parametrize("field", ["short_zh", "name_zh", "name_en", "adcode"])
def test_every_reference_spelling_resolves(field):
    rows = _reference_rows()
    values = [row[field] for row in rows]
    ids = canonicalize_regions(values)
    assert ids == [province(int(r["adcode"])).id for r in rows]
    assert len(set(ids)) == 31


def test_adcode_forms():
    assert canonicalize_regions([110000, "110000", 110000.0, "11", "440000.0"]) == \
        ["Beijing"] * 4 + ["Guangdong"]


@pytest.mark.parametrize("spelling,expected", [
    ("北京", "Beijing"), ("北京市", "Beijing"), ("Beijing", "Beijing"), ("110000", "Beijing"),
    ("内蒙古", "Inner Mongolia"), ("内蒙古自治区", "Inner Mongolia"),
    ("Inner Mongolia", "Inner Mongolia"), ("Nei Mongol", "Inner Mongolia"),
    ("Neimenggu", "Inner Mongolia"), ("內蒙古自治區", "Inner Mongolia"),
    ("西藏", "Xizang"), ("Tibet", "Xizang"), ("Xizang", "Xizang"), ("西藏自治区", "Xizang"),
    ("Tibet (Xizang)", "Xizang"),
    ("廣東", "Guangdong"), ("廣東省", "Guangdong"), ("黑龍江", "Heilongjiang"),
    ("陝西", "Shaanxi"), ("Shaanxi", "Shaanxi"), ("Shanxi", "Shanxi"), ("山西省", "Shanxi"),
    ("广西壮族自治区", "Guangxi"), ("Guangxi Zhuang Autonomous Region", "Guangxi"),
    ("宁夏回族自治区", "Ningxia"), ("新疆维吾尔自治区", "Xinjiang"), ("Xinjiang Uygur", "Xinjiang"),
    ("Anhui Province", "Anhui"), ("anhui", "Anhui"), ("Chongqing Municipality", "Chongqing"),
    (" 北 京 ", "Beijing"), ("北\u3000京", "Beijing"), ("ＢＥＩＪＩＮＧ", "Beijing"),
    ("Beijing\t", "Beijing"), ("Hong Kong", "Hong Kong"), ("香港特别行政区", "Hong Kong"),
    ("Macau", "Macao"), ("澳門", "Macao"), ("台湾", "Taiwan"), ("臺灣", "Taiwan"),
])
def test_aliases(spelling, expected):
    assert canonicalize_regions([spelling]) == [expected]


def test_pinyin_without_tones_for_all():
    pinyin = ["Beijing", "Tianjin", "Hebei", "Shanxi", "Neimenggu", "Liaoning", "Jilin",
              "Heilongjiang", "Shanghai", "Jiangsu", "Zhejiang", "Anhui", "Fujian", "Jiangxi",
              "Shandong", "Henan", "Hubei", "Hunan", "Guangdong", "Guangxi", "Hainan",
              "Chongqing", "Sichuan", "Guizhou", "Yunnan", "Xizang", "Shaanxi", "Gansu",
              "Qinghai", "Ningxia", "Xinjiang"]
    assert canonicalize_regions(pinyin) == list(MAINLAND_IDS)


def test_unknown_name_error_names_value_source_row_and_suggestions():
    with pytest.raises(RegionError) as info:
        canonicalize_regions(["北京", "Bejing", "Atlantis"], source="data.xlsx, sheet 'x'",
                             rows=[2, 3, 4])
    msg = str(info.value)
    assert "data.xlsx, sheet 'x'" in msg
    assert "'Bejing' (row 3)" in msg and "Beijing" in msg.split("'Bejing'")[1]
    assert "'Atlantis' (row 4)" in msg


def test_aggregates():
    assert is_aggregate("全国") and is_aggregate("东部地区") and is_aggregate("National")
    assert not is_aggregate("北京")
    assert canonicalize_regions(["全国", "北京"], allow_aggregates=True) == [None, "Beijing"]
    with pytest.raises(RegionError, match="aggregate"):
        canonicalize_regions(["全国"])


def test_missing_values_map_to_none():
    assert canonicalize_regions([None, float("nan"), "  "]) == [None, None, None]


def test_region_groups_sizes():
    assert {g: len(v) for g, v in region_groups("region3").items()} == \
        {"east": 11, "central": 8, "west": 12}
    assert {g: len(v) for g, v in region_groups("region4").items()} == \
        {"east": 10, "central": 6, "west": 12, "northeast": 3}
    assert "Liaoning" in region_groups("region3")["east"]
    assert region_groups("region4")["northeast"] == ["Liaoning", "Jilin", "Heilongjiang"]


def test_region_groups_restricted_and_custom():
    g = region_groups("region3", regions=["Beijing", "Sichuan"])
    assert g == {"east": ["Beijing"], "west": ["Sichuan"]}
    custom = region_groups({"north": ["北京", "天津市"], "south": ["Guangdong"]})
    assert custom == {"north": ["Beijing", "Tianjin"], "south": ["Guangdong"]}
    with pytest.raises(RegionError, match="Gotham"):
        region_groups({"north": ["北京", "Gotham"]})
    with pytest.raises(RegionError, match="two region groups"):
        region_groups({"a": ["北京"], "b": ["Beijing"]})
    with pytest.raises(ValueError):
        region_groups("region7")


def test_labels_and_table():
    assert region_label("Xizang", "zh") == "西藏" and region_label("Xizang") == "Tibet (Xizang)"
    assert group_label("northeast", "zh") == "东北" and group_label("mine", "zh") == "mine"
    t = province_table()
    assert len(t) == 31 and list(t["adcode"]) == sorted(t["adcode"])
    assert len(province_table(include_map_only=True)) == 34


_SPELLINGS = [s for p in PROVINCES for s in (p.short_zh, p.name_zh, p.name_en, p.id)]


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(_SPELLINGS), st.lists(st.sampled_from([" ", "\u3000", "\t"]), max_size=3),
       st.booleans())
def test_noise_in_spelling_is_ignored(name, pads, upper):
    expected = canonicalize_regions([name])[0]
    noisy = "".join(pads) + (name.upper() if upper else name) + "".join(pads)
    assert canonicalize_regions([noisy]) == [expected]
