"""Prefecture-level cities: the registry against the NBS division list, every spelling,
the administrative changes and their panel rules, presets, city weights and the city demo."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ccdkit import ConfigError, RegionChangeWarning, RegionError, study_from_dict
from ccdkit.data import (
    CITIES,
    CITY_CHANGES,
    CITY_PRESETS,
    canonicalize_cities,
    city,
    city_table,
    preset_cities,
    read_panel,
    region_groups,
)

REF = Path(__file__).parent / "reference"
FACTS = json.loads((REF / "cities.json").read_text(encoding="utf-8"))


def test_registry_is_the_nbs_list():
    lines = [ln for ln in (REF / "cities_nbs.csv").read_text(encoding="utf-8").splitlines()
             if not ln.startswith("#")]
    nbs = pd.read_csv(pd.io.common.StringIO("\n".join(lines)))
    table = city_table()
    assert sorted(zip(table["adcode"], table["name_zh"])) == sorted(zip(nbs["adcode"],
                                                                         nbs["name"]))
    assert table["adcode"].is_unique and table["id"].is_unique and table["short_zh"].is_unique
    counts = FACTS["counts"]
    assert sum(c.kind in ("city", "prefecture", "autonomous_prefecture", "league")
               for c in CITIES) == counts["prefecture_level"]
    for kind in ("city", "prefecture", "autonomous_prefecture", "league", "municipality"):
        assert (table["kind"] == kind).sum() == counts[kind], kind
    # every unit lies in its province's code block
    from ccdkit import province
    assert all(c.adcode // 10000 == province(c.province).adcode // 10000 for c in CITIES)


def test_every_spelling_resolves_to_one_unit():
    for c in CITIES:
        for spelling in c.spellings():
            assert city(spelling, province=c.province).id == c.id, (spelling, c.id)
    # names two units share need the province (or the Chinese name)
    for name, (a, b) in {"Suzhou": ("苏州市", "宿州市"), "Taizhou": ("泰州市", "台州市"),
                         "Fuzhou": ("福州市", "抚州市"), "Yichun": ("伊春市", "宜春市"),
                         "Yulin": ("玉林市", "榆林市")}.items():
        with pytest.raises(RegionError, match="ambiguous") as info:
            city(name)
        assert a in str(info.value) and b in str(info.value)
    assert city("Suzhou", province="安徽").name_zh == "宿州市"
    assert city("宿州").id == "Suzhou (Anhui)" and city("Taizhou (Zhejiang)").name_zh == "台州市"
    assert city("恩施").short_zh == "恩施州" and city("Enshi Autonomous Prefecture").adcode == 422800
    assert city("海南州").province == "Qinghai" and city("Lu'an").name_zh == "六安市"


def test_misspelt_names_get_suggestions_and_all_problems_are_listed():
    with pytest.raises(RegionError) as info:
        canonicalize_cities(["南京", "Nanjnig", "Hangzhuo", "Suzhou"], rows=[2, 3, 4, 5],
                            source="data.xlsx, sheet 'gdp'")
    msg = str(info.value)
    assert "data.xlsx, sheet 'gdp'" in msg and "row 3" in msg and "南京市 (Nanjing)" in msg
    assert "杭州市 (Hangzhou)" in msg and "row 5" in msg and "ambiguous" in msg


def test_presets_have_their_official_sizes_and_members():
    for name, size in FACTS["presets"]["sizes"].items():
        assert len(preset_cities(name)) == size, name
    yreb = set(preset_cities("yreb"))
    assert {"Shanghai", "Chongqing", "Panzhihua"} <= yreb
    assert "Enshi Autonomous Prefecture" not in yreb  # 110 = cities, no 自治州
    assert "Hong Kong" in preset_cities("gba") and "Zhaoqing" in preset_cities("gba")
    assert all(CITY_PRESETS[p].source for p in CITY_PRESETS)
    with pytest.raises(RegionError, match="presets are"):
        preset_cities("pearl")


def test_city_neighbours_match_the_geography():
    from ccdkit.spatial import province_weights

    for name, expected in FACTS["neighbours"]["cases"].items():
        c = city(name)
        members = [c.id] + [city(n).id for n in expected]
        # weights over the unit, its neighbours and every other unit of the provinces
        provs = {city(m).province for m in members}
        ids = [u.id for u in CITIES if u.province in provs and u.prefecture_level]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            w = province_weights(ids, islands="keep")
        assert sorted(w.w.neighbors[c.id]) == sorted(city(n).id for n in expected), name


def test_knn_city_weights_use_inner_points_and_cut_off_groups_are_joined():
    from ccdkit.spatial import province_weights

    w = province_weights(["南京", "镇江", "常州", "苏州市", "上海"], type="knn", k=1)
    assert w.w.neighbors["Nanjing"] == ["Zhenjiang"]
    with pytest.warns(Warning, match="cut off") as rec:
        w = province_weights(preset_cities("yreb"))
    assert ("Panzhihua", "Kunming") in w.links
    assert any(getattr(r.message, "key", "") == "spatial.groups_linked" for r in rec)
    with pytest.raises(ConfigError, match="rook"):
        province_weights(["南京", "镇江", "常州"], type="rook")


def _city_csv(tmp_path, rows: dict[str, list[float]], years=(2012, 2013)) -> Path:
    path = tmp_path / "gdp.csv"
    pd.DataFrame({"城市": list(rows), **{str(y): [v[i] for v in rows.values()]
                                        for i, y in enumerate(years)}}).to_csv(path, index=False)
    return path


def test_laiwu_maps_to_jinan_as_documented(tmp_path):
    """A 2012 panel with 莱芜: merged into 济南 in 2019 — its rows are left out (default,
    right for ratios) or added to 济南 (``merged="sum"``, additive variables), with a
    warning either way."""
    path = _city_csv(tmp_path, {"济南市": [5000.0, 5200.0], "莱芜市": [600.0, 650.0],
                                "青岛": [7000.0, 7300.0]})
    with pytest.warns(RegionChangeWarning, match="莱芜市 -> Jinan"):
        drop = read_panel(path, level="city")
    assert sorted(drop["region"].unique()) == ["Jinan", "Qingdao"]
    assert drop.set_index(["region", "year"]).loc[("Jinan", 2012), "gdp"] == 5000.0
    with pytest.warns(RegionChangeWarning, match="added to the successor"):
        total = read_panel(path, level="city", merged="sum")
    assert total.set_index(["region", "year"]).loc[("Jinan", 2012), "gdp"] == 5600.0
    assert CITY_CHANGES[-1].old == "莱芜市" and CITY_CHANGES[-1].date == "2019-01"


def test_renamed_converted_and_dissolved_units(tmp_path):
    path = _city_csv(tmp_path, {"襄樊市": [1.0, 2.0], "毕节地区": [3.0, 4.0],
                                "巢湖市": [5.0, 6.0], "南京": [7.0, 8.0]}, years=(2010, 2011))
    with pytest.warns(RegionChangeWarning, match="巢湖市: 2 cell"):
        p = read_panel(path, level="city")
    assert sorted(p["region"].unique()) == ["Bijie", "Nanjing", "Xiangyang"]
    assert city("襄樊").id == "Xiangyang" and city("日喀则地区").id == "Shigatse"
    with pytest.raises(RegionError, match="dissolved 2011-07"):
        city("巢湖市")


def test_city_study_config():
    import yaml

    from ccdkit.scaffold import city_study_yaml

    data = yaml.safe_load(city_study_yaml(region="bth", lang="en"))
    st = study_from_dict(data)
    assert st.level == "city" and len(st.region_ids) == 13 and "Tianjin" in st.region_ids
    groups = st.groups
    assert set(groups) == {"east"} and len(groups["east"]) == 13
    with pytest.raises(ConfigError, match="unknown study region 'pearl'"):
        study_from_dict({**data, "regions": "pearl"})
    with pytest.raises(ConfigError, match=r"regions.*ambiguous"):
        study_from_dict({**data, "regions": ["Suzhou", "南京"]})
    st = study_from_dict({**data, "regions": ["苏州", "南京", "无锡"],
                          "region_groups": {"south": ["苏州", "无锡"], "west": ["南京"]}})
    assert st.groups == {"south": ["Suzhou (Jiangsu)", "Wuxi"], "west": ["Nanjing"]}
    assert {k: sorted(v) for k, v in region_groups("province", regions=st.region_ids).items()
            } == {"Jiangsu": ["Nanjing", "Suzhou (Jiangsu)", "Wuxi"]}
    with pytest.raises(ConfigError, match="level: city"):
        study_from_dict({**data, "level": "province", "regions": "yreb"})


def test_init_city_template_round_trip(tmp_path):
    from ccdkit.scaffold import init_study
    from ccdkit.study import load_study
    from ccdkit.study import check_study_data

    init_study(tmp_path / "s", lang="en", level="city", region="江苏")
    st = load_study(tmp_path / "s" / "study.yaml")
    assert len(st.region_ids) == 13
    check = check_study_data(st)
    # every cell empty (a template), every city found
    assert not [e for e in check.errors if "city" in e.lower() and "unknown" in e.lower()]


def test_city_demo_runs_with_city_maps(tmp_path):
    """The city demo study (110 YREB cities) runs end to end; its type map colours every
    study city (no unmatched region) and the report names cities in Chinese."""
    from ccdkit.present import study_figures
    from ccdkit.present import render_report
    from ccdkit.scaffold import write_demo_study
    from ccdkit.study import run_study

    write_demo_study(tmp_path / "c", level="city", lang="zh")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = run_study(tmp_path / "c" / "study.yaml")
        figs = study_figures(res, include=["map_D_types"])
    assert len(res.study.region_ids) == 110 and res.coupling.to_frame()["D"].notna().all()
    fig = figs["map_D_types"][1]
    assert fig.ccdkit["unmatched"] == [] and len(fig.ccdkit["data"]) == 2 * 110
    assert res.spatial is not None and ("Panzhihua", "Kunming") in res.spatial.weights.links
    html = render_report(res).split("<section id='options'>")[0]  # not the config dump
    assert "宿州" in html and "攀枝花" in html and "Suzhou (Anhui)" not in html
    assert np.isfinite(res.detector[2023].factor["q"]).all()


def test_a_province_column_resolves_shared_names(tmp_path):
    path = tmp_path / "long.csv"
    pd.DataFrame({"省份": ["江苏", "安徽", "浙江"], "城市": ["Suzhou", "Suzhou", "Taizhou"],
                  "年份": [2020] * 3, "gdp": [1.0, 2.0, 3.0]}).to_csv(path, index=False)
    p = read_panel(path, level="city").set_index("region")["gdp"]
    assert p.to_dict() == {"Suzhou (Jiangsu)": 1.0, "Taizhou (Zhejiang)": 3.0,
                           "Suzhou (Anhui)": 2.0}
    pd.DataFrame({"城市": ["Suzhou", "南京"], "年份": [2020] * 2, "gdp": [1.0, 2.0]}).to_csv(
        path, index=False)
    with pytest.raises(RegionError, match=r"'Suzhou' \(row 2\): ambiguous.*省份 column"):
        read_panel(path, level="city")


def test_city_labels_tell_every_city_apart():
    """Readers see each city under a name no other city has, in both languages (five
    English names are shared by two cities: Suzhou, Taizhou, Fuzhou, Yichun, Yulin)."""
    from ccdkit.data import CITIES

    for lang in ("zh", "en"):
        labels = [c.label(lang) for c in CITIES]
        assert len(set(labels)) == len(labels), lang
    suzhou = {c.label("en") for c in CITIES if c.name_en == "Suzhou"}
    assert suzhou == {"Suzhou (Jiangsu)", "Suzhou (Anhui)"}
