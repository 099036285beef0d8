"""Facts about China's provincial-level divisions (GB/T 2260 codes, names, region groups).

One row per unit: adcode, canonical id, full Chinese name, short Chinese name, English name,
toneless pinyin, traditional-character short name, 3-region group, NBS 4-region group,
extra aliases. Hong Kong, Macao and Taiwan are map-only units (no region group).

Region groups: ``region3`` is the classic east (11, incl. Liaoning) / central (8) / west (12)
division; ``region4`` the NBS 2011 east (10) / central (6) / west (12) / northeast (3) one.
"""

from __future__ import annotations

# adcode, id, name_zh, short_zh, name_en, pinyin, traditional, region3, region4, aliases
PROVINCE_ROWS: tuple[tuple, ...] = (
    (110000, "Beijing", "北京市", "北京", "Beijing", "Beijing", "北京", "east", "east", ("Peking",)),
    (120000, "Tianjin", "天津市", "天津", "Tianjin", "Tianjin", "天津", "east", "east", ("Tientsin",)),
    (130000, "Hebei", "河北省", "河北", "Hebei", "Hebei", "河北", "east", "east", ()),
    (140000, "Shanxi", "山西省", "山西", "Shanxi", "Shanxi", "山西", "central", "central", ()),
    (150000, "Inner Mongolia", "内蒙古自治区", "内蒙古", "Inner Mongolia", "Neimenggu", "內蒙古",
     "west", "west", ("Nei Mongol", "内蒙", "Inner Mongolia Autonomous Region")),
    (210000, "Liaoning", "辽宁省", "辽宁", "Liaoning", "Liaoning", "遼寧", "east", "northeast", ()),
    (220000, "Jilin", "吉林省", "吉林", "Jilin", "Jilin", "吉林", "central", "northeast", ()),
    (230000, "Heilongjiang", "黑龙江省", "黑龙江", "Heilongjiang", "Heilongjiang", "黑龍江",
     "central", "northeast", ()),
    (310000, "Shanghai", "上海市", "上海", "Shanghai", "Shanghai", "上海", "east", "east", ()),
    (320000, "Jiangsu", "江苏省", "江苏", "Jiangsu", "Jiangsu", "江蘇", "east", "east", ()),
    (330000, "Zhejiang", "浙江省", "浙江", "Zhejiang", "Zhejiang", "浙江", "east", "east", ()),
    (340000, "Anhui", "安徽省", "安徽", "Anhui", "Anhui", "安徽", "central", "central", ()),
    (350000, "Fujian", "福建省", "福建", "Fujian", "Fujian", "福建", "east", "east", ()),
    (360000, "Jiangxi", "江西省", "江西", "Jiangxi", "Jiangxi", "江西", "central", "central", ()),
    (370000, "Shandong", "山东省", "山东", "Shandong", "Shandong", "山東", "east", "east", ()),
    (410000, "Henan", "河南省", "河南", "Henan", "Henan", "河南", "central", "central", ()),
    (420000, "Hubei", "湖北省", "湖北", "Hubei", "Hubei", "湖北", "central", "central", ()),
    (430000, "Hunan", "湖南省", "湖南", "Hunan", "Hunan", "湖南", "central", "central", ()),
    (440000, "Guangdong", "广东省", "广东", "Guangdong", "Guangdong", "廣東", "east", "east", ()),
    (450000, "Guangxi", "广西壮族自治区", "广西", "Guangxi", "Guangxi", "廣西", "west", "west",
     ("Guangxi Zhuang Autonomous Region",)),
    (460000, "Hainan", "海南省", "海南", "Hainan", "Hainan", "海南", "east", "east", ()),
    (500000, "Chongqing", "重庆市", "重庆", "Chongqing", "Chongqing", "重慶", "west", "west", ("Chungking",)),
    (510000, "Sichuan", "四川省", "四川", "Sichuan", "Sichuan", "四川", "west", "west", ("Szechwan",)),
    (520000, "Guizhou", "贵州省", "贵州", "Guizhou", "Guizhou", "貴州", "west", "west", ()),
    (530000, "Yunnan", "云南省", "云南", "Yunnan", "Yunnan", "雲南", "west", "west", ()),
    (540000, "Xizang", "西藏自治区", "西藏", "Tibet (Xizang)", "Xizang", "西藏", "west", "west",
     ("Tibet", "Xizang (Tibet)", "Tibet Autonomous Region")),
    (610000, "Shaanxi", "陕西省", "陕西", "Shaanxi", "Shaanxi", "陝西", "west", "west", ("Shaanxi Province",)),
    (620000, "Gansu", "甘肃省", "甘肃", "Gansu", "Gansu", "甘肅", "west", "west", ()),
    (630000, "Qinghai", "青海省", "青海", "Qinghai", "Qinghai", "青海", "west", "west", ()),
    (640000, "Ningxia", "宁夏回族自治区", "宁夏", "Ningxia", "Ningxia", "寧夏", "west", "west",
     ("Ningxia Hui Autonomous Region",)),
    (650000, "Xinjiang", "新疆维吾尔自治区", "新疆", "Xinjiang", "Xinjiang", "新疆", "west", "west",
     ("Xinjiang Uygur Autonomous Region", "Xinjiang Uyghur")),
    (710000, "Taiwan", "台湾省", "台湾", "Taiwan", "Taiwan", "臺灣", None, None, ("台灣",)),
    (810000, "Hong Kong", "香港特别行政区", "香港", "Hong Kong", "Xianggang", "香港", None, None,
     ("Hongkong", "Hong Kong SAR")),
    (820000, "Macao", "澳门特别行政区", "澳门", "Macao", "Aomen", "澳門", None, None, ("Macau", "Macao SAR")),
)

#: Labels of the region groups.
GROUP_LABELS: dict[str, dict[str, str]] = {
    "east": {"zh": "东部", "en": "East"},
    "central": {"zh": "中部", "en": "Central"},
    "west": {"zh": "西部", "en": "West"},
    "northeast": {"zh": "东北", "en": "Northeast"},
}

#: Traditional -> simplified characters that occur in province names.
TRADITIONAL_TO_SIMPLIFIED: dict[str, str] = {
    "內": "内", "遼": "辽", "寧": "宁", "龍": "龙", "蘇": "苏", "東": "东", "廣": "广", "慶": "庆",
    "貴": "贵", "雲": "云", "陝": "陕", "肅": "肃", "門": "门", "臺": "台", "灣": "湾", "區": "区",
    "壯": "壮", "維": "维", "爾": "尔", "別": "别", "黃": "黄", "國": "国", "總": "总", "計": "计",
    "陸": "陆",
}

#: Names of national or multi-province aggregates that yearbook tables carry as rows.
AGGREGATE_NAMES: frozenset[str] = frozenset({
    "全国", "全国合计", "全国总计", "合计", "总计", "中国", "全国平均",
    "东部", "中部", "西部", "东北", "东部地区", "中部地区", "西部地区", "东北地区",
    "china", "national", "nationwide", "total", "all", "sum", "nationaltotal",
    "east", "central", "west", "northeast", "eastern", "western",
})

#: Administrative suffixes stripped (in this order) when an exact lookup fails.
SUFFIXES_ZH: tuple[str, ...] = (
    "特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市",
)
SUFFIXES_EN: tuple[str, ...] = (
    "specialadministrativeregion", "autonomousregion", "province", "municipality", "city",
    "sar", "zizhiqu", "sheng", "shi", "zhuang", "uygur", "uyghur", "uighur", "hui",
)
