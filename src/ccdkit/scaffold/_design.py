"""The reference study's design: Table 1's 18 indicators, the agglomeration indices and
the seven drivers X1-X7, with units and Chinese/English labels.

Used by ``ccdkit init`` (config and Excel templates) and by the demo. Sources are the
usual yearbooks for each quantity (a hint for the researcher, not a claim about the
reference study's exact tables).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..data import unit_label

__all__ = ["Item", "DIMENSIONS", "INDICATORS", "DRIVERS", "AGGLOMERATION_INDICES",
           "REFERENCE_REGIONS", "REFERENCE_YEARS", "DETECTOR_YEARS", "MAP_YEARS",
           "yaml_text", "yaml_labels", "yaml_unit"]


def yaml_text(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def yaml_labels(zh: str, en: str) -> str:
    """A ``{zh: ..., en: ...}`` label block of a generated config."""
    return f"{{zh: {yaml_text(zh)}, en: {yaml_text(en)}}}"


def yaml_unit(zh: str) -> str:
    """A unit of the design (Chinese yearbook units) with its English label."""
    en = unit_label(zh, "en")
    return yaml_text(zh) if en == zh else yaml_labels(zh, en)


@dataclass(frozen=True)
class Item:
    """An indicator or driver of the reference design."""

    id: str
    zh: str
    en: str
    unit: str
    direction: str = "+"
    dimension: str | None = None
    source: str = ""


#: (id, zh, en) of the three dimensions of new quality productive forces.
DIMENSIONS = (
    ("tech", "科技生产力", "Technological productivity"),
    ("green", "绿色生产力", "Green productivity"),
    ("digital", "数字生产力", "Digital productivity"),
)

_SCI = "中国科技统计年鉴"
_STAT = "中国统计年鉴"
_ENV = "中国环境统计年鉴"
_ENERGY = "中国能源统计年鉴"

#: Table 1 of the reference study: 18 indicators in 3 dimensions.
INDICATORS: tuple[Item, ...] = (
    Item("patents_granted", "国内专利授权数", "Domestic patents granted", "件", "+", "tech", _SCI),
    Item("hitech_revenue", "高技术产业营业收入", "High-tech industry business revenue", "亿元", "+",
         "tech", "中国高技术产业统计年鉴"),
    Item("ind_rd_expenditure", "规上工业企业R&D经费支出", "R&D expenditure of industrial enterprises",
         "万元", "+", "tech", _SCI),
    Item("labor_productivity", "工业企业劳动生产率", "Labour productivity of industrial enterprises",
         "万元/人", "+", "tech", "中国工业统计年鉴"),
    Item("ind_rd_fte", "规上工业企业R&D人员全时当量", "R&D personnel full-time equivalent of "
         "industrial enterprises", "人年", "+", "tech", _SCI),
    Item("robot_density", "工业机器人安装密度", "Industrial robot installation density",
         "台/万人", "+", "tech", "IFR; 中国劳动统计年鉴"),
    Item("energy_intensity", "能源消费量/GDP", "Energy consumption per unit of GDP",
         "吨标准煤/万元", "-", "green", _ENERGY),
    Item("fossil_energy_intensity", "化石能源消费量/GDP", "Fossil energy consumption per unit of GDP",
         "吨标准煤/万元", "-", "green", _ENERGY),
    Item("water_intensity", "工业用水量/GDP", "Industrial water use per unit of GDP",
         "立方米/万元", "-", "green", _ENV),
    Item("solid_waste_utilization", "一般工业固体废物综合利用率", "Industrial solid waste "
         "utilization rate", "%", "+", "green", _ENV),
    Item("wastewater_intensity", "工业废水排放量/GDP", "Industrial wastewater discharge per unit "
         "of GDP", "吨/万元", "-", "green", _ENV),
    Item("so2_intensity", "工业二氧化硫排放量/GDP", "Industrial SO2 emissions per unit of GDP",
         "吨/亿元", "-", "green", _ENV),
    Item("ic_output", "集成电路产量", "Integrated circuit output", "万块", "+", "digital", _STAT),
    Item("telecom_business", "电信业务总量", "Total telecommunication business", "亿元", "+",
         "digital", _STAT),
    Item("broadband_ports", "互联网宽带接入端口数", "Internet broadband access ports", "万个", "+",
         "digital", _STAT),
    Item("software_revenue", "软件业务收入", "Software business revenue", "亿元", "+", "digital",
         "中国电子信息产业统计年鉴"),
    Item("fiber_density", "长途光缆线路长度/面积", "Optical fibre cable length per area",
         "公里/平方公里", "+", "digital", _STAT),
    Item("ecommerce_sales", "电子商务销售额", "E-commerce sales", "亿元", "+", "digital", _STAT),
)

#: The seven drivers of section 5.3.1 (Geographical Detector factors X1-X7).
DRIVERS: tuple[Item, ...] = (
    Item("X1", "经济发展水平（人均GDP）", "Economic development (GDP per capita)", "元", source=_STAT),
    Item("X2", "城镇化水平（城镇化率）", "Urbanization (urbanization rate)", "%", source=_STAT),
    Item("X3", "产业集聚程度（工业从业人员/行政区面积）", "Industrial agglomeration (industrial "
         "employment per km²)", "人/平方公里", source="中国工业统计年鉴"),
    Item("X4", "工业化水平（工业增加值/GDP）", "Industrialization (industrial value added / GDP)",
         "%", source=_STAT),
    Item("X5", "政府干预程度（一般公共预算支出/GDP）", "Government intervention (public "
         "expenditure / GDP)", "%", source=_STAT),
    Item("X6", "环境规制（环境保护支出/工业产值）", "Environmental regulation (environmental "
         "protection expenditure / industrial output)", "%", source=_ENV),
    Item("X7", "绿色技术创新（绿色专利申请数）", "Green technology innovation (green patent "
         "applications)", "件", source="CNRDS / 国家知识产权局"),
)

#: The agglomeration indices computed from the firm table (METHODS section 1).
AGGLOMERATION_INDICES = (
    ("lq", "区位熵", "Location quotient"),
    ("cr", "行业集中度", "Concentration ratio CR4"),
    ("hhi", "赫芬达尔指数", "Herfindahl index"),
)

#: The reference study covers 26 provinces but does not list them; these 26 (the 31
#: mainland provinces less Inner Mongolia, Heilongjiang, Hainan, Xizang and Ningxia) are an
#: assumption for the template and demo, not taken from the paper.
REFERENCE_REGIONS: tuple[str, ...] = (
    "北京", "天津", "河北", "山西", "辽宁", "吉林", "上海", "江苏", "浙江", "安徽", "福建", "江西",
    "山东", "河南", "湖北", "湖南", "广东", "广西", "重庆", "四川", "贵州", "云南", "陕西", "甘肃",
    "青海", "新疆",
)
REFERENCE_YEARS = (2012, 2023)
DETECTOR_YEARS = (2016, 2020, 2023)
MAP_YEARS = (2012, 2016, 2020, 2023)
