"""City-level studies: a ready-to-fill study of prefecture-level cities (``ccdkit init
--level city --region <preset or province>``) and the synthetic city demo (``ccdkit demo
--level city``: the Yangtze River Economic Belt's 110 cities, 2012-2023).

The design couples high-quality economic development with the ecological environment,
the most common pair of city-level coupling studies; indicators and drivers are the usual
ones of the China City Statistical Yearbook (a hint for the researcher).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..data import (
    CITY_PRESETS,
    CITIES,
    city,
    check_language,
    preset_cities,
    province,
    region_groups,
)
from ..exceptions import CcdkitError, RegionError
from ..text import pick
from ._design import Item, yaml_labels, yaml_text, yaml_unit
from ._workbooks import variable_workbook

__all__ = ["CITY_DIMENSIONS", "CITY_INDICATORS", "CITY_DRIVERS", "city_regions",
           "city_study_yaml", "city_demo_values", "CITY_YEARS"]

_CSY = "中国城市统计年鉴"
_ENV = "各省统计年鉴、生态环境状况公报"

#: (system, id, zh, en) of the dimensions.
CITY_DIMENSIONS = (
    ("econ", "scale", "发展规模", "Scale"),
    ("econ", "quality", "发展质量", "Quality"),
    ("eco", "pressure", "环境压力", "Pressure"),
    ("eco", "response", "环境响应", "Response"),
)

#: The indicators of the city design (``dimension`` ids as in :data:`CITY_DIMENSIONS`).
CITY_INDICATORS: tuple[Item, ...] = (
    Item("gdp_pc", "人均地区生产总值", "GDP per capita", "元", "+", "scale", _CSY),
    Item("fiscal_revenue_pc", "人均一般公共预算收入", "Public budget revenue per capita", "元", "+",
         "scale", _CSY),
    Item("retail_pc", "人均社会消费品零售总额", "Retail sales per capita", "元", "+", "scale", _CSY),
    Item("tertiary_share", "第三产业增加值占GDP比重", "Tertiary industry share of GDP", "%", "+",
         "quality", _CSY),
    Item("sci_tech_share", "科学技术支出占财政支出比重", "Science and technology share of public "
         "expenditure", "%", "+", "quality", _CSY),
    Item("patents_per_10k", "每万人专利授权数", "Patents granted per 10,000 people", "件/万人", "+",
         "quality", _CSY),
    Item("wastewater_per_gdp", "单位GDP工业废水排放量", "Industrial wastewater per unit of GDP",
         "吨/万元", "-", "pressure", _CSY),
    Item("so2_per_gdp", "单位GDP工业二氧化硫排放量", "Industrial SO2 per unit of GDP", "吨/亿元",
         "-", "pressure", _CSY),
    Item("pm25", "PM2.5年均浓度", "Annual mean PM2.5", "微克/立方米", "-", "pressure", _ENV),
    Item("green_coverage", "建成区绿化覆盖率", "Green coverage of the built-up area", "%", "+",
         "response", _CSY),
    Item("sewage_treatment", "污水处理厂集中处理率", "Sewage treatment rate", "%", "+", "response",
         _CSY),
    Item("waste_utilization", "一般工业固体废物综合利用率", "Industrial solid waste utilisation",
         "%", "+", "response", _CSY),
)

#: Drivers X1-X5 of the Geographical Detector.
CITY_DRIVERS: tuple[Item, ...] = (
    Item("X1", "人口密度", "Population density", "人/平方公里", source=_CSY),
    Item("X2", "城镇化率", "Urbanization rate", "%", source=_CSY),
    Item("X3", "实际利用外资占GDP比重", "Foreign direct investment / GDP", "%", source=_CSY),
    Item("X4", "财政支出占GDP比重", "Public expenditure / GDP", "%", source=_CSY),
    Item("X5", "人均城市道路面积", "Urban road area per capita", "平方米", source=_CSY),
)

CITY_YEARS = (2012, 2023)
_DETECTOR_YEARS = (2016, 2020, 2023)
_MAP_YEARS = (2012, 2023)

#: (typical value, elasticity to the city's level, yearly growth, noise sd, upper bound).
_PROFILE = {
    "gdp_pc": (70000, 0.5, 0.06, 0.05, None), "fiscal_revenue_pc": (6000, 0.7, 0.05, 0.08, None),
    "retail_pc": (28000, 0.45, 0.06, 0.06, None), "tertiary_share": (45, 0.15, 0.02, 0.04, 80),
    "sci_tech_share": (2.5, 0.5, 0.03, 0.12, 12), "patents_per_10k": (15, 0.9, 0.10, 0.15, None),
    "wastewater_per_gdp": (4.0, -0.4, -0.08, 0.15, None),
    "so2_per_gdp": (30, -0.5, -0.12, 0.2, None), "pm25": (45, 0.05, -0.05, 0.08, None),
    "green_coverage": (40, 0.08, 0.01, 0.03, 55), "sewage_treatment": (88, 0.05, 0.01, 0.03, 99),
    "waste_utilization": (80, 0.1, 0.01, 0.06, 99),
    "X1": (700, 0.6, 0.005, 0.03, None), "X2": (55, 0.25, 0.015, 0.03, 95),
    "X3": (2.0, 0.6, -0.04, 0.2, None), "X4": (18, -0.3, 0.01, 0.06, None),
    "X5": (16, 0.2, 0.03, 0.06, None),
}
_GROUP_LEVEL = {"east": 0.7, "central": 0.0, "west": -0.4}


def city_regions(region: str) -> list[str]:
    """City ids of a study region: a preset (:data:`ccdkit.data.CITY_PRESETS`) or a
    province (its cities at or above prefecture level, no county-level units).

    >>> len(city_regions("yreb")), len(city_regions("江苏"))
    (110, 13)
    """
    if region in CITY_PRESETS:
        return preset_cities(region)
    try:
        pid = province(region).id
    except RegionError:
        raise CcdkitError(f"--region {region!r}: not a study-region preset ("
                          f"{', '.join(CITY_PRESETS)}) or a province") from None
    return [c.id for c in CITIES if c.province == pid and c.prefecture_level]


def template_name(region_id: str, lang: str) -> str:
    """How a city is written in the templates: the Chinese short name (unique), or the
    English id (unique: ``Suzhou (Anhui)``)."""
    c = city(region_id)
    return pick({"zh": c.short_zh, "en": c.id}, lang)


def city_study_yaml(*, lang: str = "zh", region: str = "yreb",
                    years: tuple[int, int] = CITY_YEARS, synthetic: bool = False) -> str:
    """The study config of the city design as commented YAML text."""
    check_language(lang)
    out = _city_head(lang, region, years, synthetic) + _city_systems() + [
        "coupling:",
        "  systems: [econ, eco]",
        "  model: classic",
        "  weights: [0.5, 0.5]",
        "detector:",
        "  y: D",
        "  years: [" + ", ".join(map(str, _DETECTOR_YEARS)) + "]",
        "  factors:",
        *[f"    - {{id: {it.id}, unit: {yaml_unit(it.unit)}, label: {yaml_labels(it.zh, it.en)}}}"
          for it in CITY_DRIVERS],
        "  discretization: {methods: [equal, quantile, natural, geometric, sd], k: [3, 8],"
        " min_stratum: 2, select: max_q}",
        "  permutations: 499",
        "  bootstrap: 499",
        "  seed: 0",
        "spatial:",
        "  variables: [D]",
        "  weights: {type: queen, islands: nearest, transform: r}   # city contiguity",
        "  bivariate: [[econ, eco]]",
        "  permutations: 499",
        "  seed: 0",
        "dynamics:",
        "  variable: D",
        "  k: 4",
        "  spatial_markov: true",
        "robustness:",
        f"  enabled: {'true' if synthetic else 'false'}",
        "  seed: 0",
        f"  bootstrap: {{replicates: {200 if synthetic else 1000}}}",
        "  sensitivity: {runs: 1000}",
        "output:",
        f"  language: {lang}",
        ("  figure_formats: [png]   # the demo keeps to PNG; add svg for vector figures"
         if synthetic else "  figure_formats: [png, svg]"),
        "  tables: [xlsx, csv]",
        "  map_years: [" + ", ".join(map(str, _MAP_YEARS)) + "]",
    ]
    return "\n".join(out) + "\n"


def _city_head(lang: str, region: str, years, synthetic: bool) -> list[str]:
    """Study, years, units and data of a city config."""
    preset = CITY_PRESETS.get(region)
    title_zh = preset.name_zh if preset else province(region).short_zh
    title_en = preset.name_en if preset else province(region).name_en
    out = [
        "# ccdkit study config — coupling coordination of high-quality economic development and",
        "# the ecological environment of prefecture-level cities. Every key is documented in",
        "# docs/config.md; keys left out take their defaults. Paths are relative to this file.",
        "study:",
        f"  name: {yaml_text('city-' + region if preset else 'city-study')}",
        "  title: " + yaml_labels(f"{title_zh}城市经济高质量发展与生态环境耦合协调",
                              f"Economic development and the ecological environment: "
                              f"cities of the {title_en}" if preset else
                              f"Economic development and the ecological environment: "
                              f"cities of {title_en}"),
        f"  synthetic: {'true' if synthetic else 'false'}"
        + ("   # the data are SYNTHETIC (demo), not official statistics" if synthetic else ""),
        f"years: {{start: {years[0]}, end: {years[1]}}}",
        "level: city              # units: prefecture-level cities (docs/data.md, Cities)",
    ]
    if preset:
        out.append(f"regions: {region}            # preset: {preset.source}")
    else:
        out.append("regions:")
        out += [f"  - {yaml_text(template_name(r, lang))}" for r in city_regions(region)]
    return out + [
        "region_groups: region3   # east/central/west of the cities' provinces; or province",
        "data:",
        "  panel:",
        "    - file: data/indicators.xlsx   # one sheet per indicator: cities x years",
        "      layout: wide",
        "    - file: data/drivers.xlsx",
        "      layout: wide",
        "  merged: drop           # rows of a city merged into another (莱芜 2019): drop or sum",
        "impute: {method: linear, edges: moving_average, window: 3}",
    ]


def _city_systems() -> list[str]:
    """The two indicator systems of the city design."""
    out = ["systems:"]
    for sid, zh_name, en_name in (("econ", "经济高质量发展", "High-quality economic development"),
                                  ("eco", "生态环境", "Ecological environment")):
        out += [f"  - id: {sid}", "    type: indicators",
                "    label: " + yaml_labels(zh_name, en_name),
                "    pooling: pooled", "    weighting: {method: entropy}",
                "    scoring: {method: topsis, matrix: minmax}", "    dimensions:"]
        for system, dim, dzh, den in CITY_DIMENSIONS:
            if system != sid:
                continue
            out += [f"      - id: {dim}", "        label: " + yaml_labels(dzh, den),
                    "        indicators:"]
            out += [f"          - {{id: {it.id}, direction: {yaml_text(it.direction)}, "
                    f"unit: {yaml_unit(it.unit)}, label: {yaml_labels(it.zh, it.en)}}}"
                    for it in CITY_INDICATORS if it.dimension == dim]
    return out


def city_demo_values(regions: Sequence[str], *, seed: int,
                     years: tuple[int, int] = CITY_YEARS) -> dict[str, np.ndarray]:
    """Synthetic values ``{variable: array (cities x years)}`` with a few gaps."""
    rng = np.random.default_rng(seed)
    groups = region_groups("region3", regions=list(regions))
    of = {r: g for g, members in groups.items() for r in members}
    level = np.array([_GROUP_LEVEL[of[r]] for r in regions]) + rng.normal(0, 0.4, len(regions))
    t = np.arange(years[1] - years[0] + 1) - (2018 - years[0])
    out = {}
    for item in (*CITY_INDICATORS, *CITY_DRIVERS):
        typical, elast, growth, sd, upper = _PROFILE[item.id]
        trend = growth * (1 + 0.3 * rng.normal(0, 1, len(regions)))[:, None] * t[None, :]
        values = typical * np.exp(elast * level[:, None] + trend
                                  + rng.normal(0, sd, (len(regions), len(t))))
        if upper is not None:
            values = upper * values / (values + upper * 0.6)
        out[item.id] = np.round(values, 3)
    # a few empty cells, filled by the imputation and reported
    for var in ("pm25", "patents_per_10k"):
        i = rng.choice(len(regions), size=6, replace=False)
        j = rng.integers(0, len(t), size=6)
        out[var][i, j] = np.nan
    return out


def write_city_templates(folder: Path, regions: Sequence[str], lang: str,
                         years: tuple[int, int], values=None) -> list[Path]:
    """The two workbooks (indicators, drivers) with the cities as rows."""
    (folder / "data").mkdir(parents=True, exist_ok=True)
    year_list = list(range(years[0], years[1] + 1))
    names = {r: template_name(r, lang) for r in regions}
    out = []
    for file, items in (("indicators.xlsx", CITY_INDICATORS), ("drivers.xlsx", CITY_DRIVERS)):
        variable_workbook(folder / "data" / file, items, list(regions), year_list, lang, values,
                          name=names.get)
        out.append(folder / "data" / file)
    return out
