"""Labels of the values ccdkit writes in table cells, figure ticks and sentences (ids of
coordination types, interaction types, methods, spatial classes, choices), by language."""

from __future__ import annotations

__all__ = ["COORDINATION_TYPE_LABELS", "RDD_LABELS", "INTERACTION_TYPE_LABELS",
           "NOT_SIGNIFICANT", "NO_TYPE", "AGGLOMERATION_INDEX_LABELS", "METHOD_LABELS",
           "SPATIAL_CLASS_LABELS", "DYNAMICS_LABELS", "CHOICE_LABELS", "WHOLE_SAMPLE_LABELS",
           "UNIT_LABELS", "UNIT_TRANSLATIONS", "UNIT_PER"]


#: Labels of the ten coordination types (codes 0..9, from disorder to coordination).
COORDINATION_TYPE_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("Extreme disorder", "Serious disorder", "Moderate disorder", "Mild disorder",
           "On the verge of disorder", "Barely coordinated", "Primary coordination",
           "Intermediate coordination", "Good coordination", "High-quality coordination"),
    "zh": ("极度失调", "严重失调", "中度失调", "轻度失调", "濒临失调", "勉强协调", "初级协调",
           "中级协调", "良好协调", "优质协调"),
}


RDD_LABELS = {"en": ("{0} lags", "synchronized", "{1} lags"),
               "zh": ("{0}滞后型", "同步型", "{1}滞后型")}


#: Labels of the interaction types of the Geographical Detector (ids: Wang & Xu 2017's
#: English names; Chinese: the names used in the Chinese literature).
INTERACTION_TYPE_LABELS: dict[str, dict[str, str]] = {
    "Weaken, nonlinear": {"en": "Weaken, nonlinear", "zh": "非线性减弱"},
    "Weaken, uni-": {"en": "Weaken, uni-", "zh": "单因子非线性减弱"},
    "Enhance, bi-": {"en": "Enhance, bi-", "zh": "双因子增强"},
    "Independent": {"en": "Independent", "zh": "独立"},
    "Enhance, nonlinear": {"en": "Enhance, nonlinear", "zh": "非线性增强"},
}


NOT_SIGNIFICANT = {"en": " (n.s.)", "zh": "（不显著）"}


NO_TYPE = {"en": "none (see reason)", "zh": "无（见原因）"}


#: Names of the agglomeration indices (ids of ``ccdkit.indices.AGGLOMERATION_INDICES``).
AGGLOMERATION_INDEX_LABELS: dict[str, dict[str, str]] = {
    "lq": {"zh": "区位熵", "en": "Location quotient"},
    "cr": {"zh": "行业集中度", "en": "Concentration ratio"},
    "hhi": {"zh": "赫芬达尔指数", "en": "Herfindahl–Hirschman index"},
}


#: Reader-facing names of the method ids that appear in table cells: discretization methods
#: of the Geographical Detector and imputation methods.
METHOD_LABELS: dict[str, dict[str, str]] = {
    "equal": {"zh": "等间距", "en": "equal intervals"},
    "quantile": {"zh": "分位数", "en": "quantiles"},
    "natural": {"zh": "自然断点", "en": "natural breaks"},
    "geometric": {"zh": "几何间隔", "en": "geometric intervals"},
    "sd": {"zh": "标准差分级", "en": "standard deviations"},
    "categorical": {"zh": "类型变量", "en": "categories"},
    "user": {"zh": "给定断点", "en": "given breaks"},
    "linear": {"zh": "线性插值", "en": "linear interpolation"},
    "moving_average": {"zh": "邻近年份均值", "en": "mean of the nearest years"},
    "trend": {"zh": "线性趋势外推", "en": "linear trend"},
    "nearest": {"zh": "最近年份值", "en": "nearest year"},
}


#: Labels of the LISA clusters / quadrants and the Gi* hot- and cold-spot classes.
SPATIAL_CLASS_LABELS: dict[str, dict[str, str]] = {
    "HH": {"zh": "高-高聚集", "en": "High-High"},
    "LL": {"zh": "低-低聚集", "en": "Low-Low"},
    "HL": {"zh": "高-低异常", "en": "High-Low"},
    "LH": {"zh": "低-高异常", "en": "Low-High"},
    "ns": {"zh": "不显著", "en": "Not significant"},
    "hot99": {"zh": "热点（99%置信）", "en": "Hot spot (99%)"},
    "hot95": {"zh": "热点（95%置信）", "en": "Hot spot (95%)"},
    "hot90": {"zh": "热点（90%置信）", "en": "Hot spot (90%)"},
    "cold90": {"zh": "冷点（90%置信）", "en": "Cold spot (90%)"},
    "cold95": {"zh": "冷点（95%置信）", "en": "Cold spot (95%)"},
    "cold99": {"zh": "冷点（99%置信）", "en": "Cold spot (99%)"},
}


#: Labels of the values of the convergence table (model and term columns).
DYNAMICS_LABELS: dict[str, dict[str, str]] = {
    "absolute": {"zh": "绝对β收敛（面板，双向固定效应）", "en": "Absolute beta (panel, fixed effects)"},
    "conditional": {"zh": "条件β收敛（面板，双向固定效应）",
                    "en": "Conditional beta (panel, fixed effects)"},
    "cross_section": {"zh": "绝对β收敛（截面）", "en": "Absolute beta (cross-section)"},
    "spatial": {"zh": "空间β收敛（空间滞后面板，地区固定效应）",
                "en": "Spatial beta (spatial lag panel, region fixed effects)"},
    "rho": {"zh": "ρ（增长率的空间滞后）", "en": "rho (spatial lag of growth)"},
    "const": {"zh": "常数项", "en": "Constant"},
    "beta": {"zh": "β（初始水平）", "en": "beta (initial level)"},
    "nation": {"zh": "全国", "en": "National"},
}


#: Short names of the methodological choices of a sensitivity analysis (factor and level
#: ids of ``ccdkit.robustness``), for table cells and figure ticks.
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "weighting": {"zh": "赋权方法", "en": "Weighting"},
    "normalization": {"zh": "TOPSIS标准化", "en": "TOPSIS normalization"},
    "scoring": {"zh": "综合评价", "en": "Scoring"},
    "pooling": {"zh": "赋权范围", "en": "Pooling"},
    "coupling": {"zh": "耦合度模型", "en": "Coupling model"},
    "configured": {"zh": "研究设定", "en": "As configured"},
    "entropy": {"zh": "熵值法", "en": "Entropy"},
    "improved_entropy": {"zh": "改进熵权法", "en": "Improved entropy"},
    "ahp": {"zh": "层次分析法", "en": "AHP"},
    "critic": {"zh": "CRITIC法", "en": "CRITIC"},
    "cv": {"zh": "变异系数法", "en": "Coefficient of variation"},
    "std": {"zh": "标准差法", "en": "Standard deviation"},
    "angle": {"zh": "夹角法", "en": "Angle"},
    "equal": {"zh": "等权重", "en": "Equal weights"},
    "user": {"zh": "给定权重", "en": "Given weights"},
    "minmax": {"zh": "极差标准化", "en": "Min-max"},
    "vector": {"zh": "向量归一化", "en": "Vector"},
    "proportion": {"zh": "比重法", "en": "Proportions"},
    "raw": {"zh": "原始值", "en": "Raw values"},
    "topsis": {"zh": "TOPSIS", "en": "TOPSIS"},
    "weighted_sum": {"zh": "线性加权", "en": "Weighted sum"},
    "pooled": {"zh": "统一赋权", "en": "Pooled"},
    "per_year": {"zh": "逐年赋权", "en": "Per year"},
    "classic": {"zh": "经典模型", "en": "Classic"},
    "wang2021": {"zh": "王淑佳等（2021）", "en": "Wang et al. (2021)"},
    "fan2024": {"zh": "Fan等（2024）", "en": "Fan et al. (2024)"},
    "all": {"zh": "全部年份", "en": "All years"},
}


#: Label of the whole sample's group (id ``nation``) by study level.
WHOLE_SAMPLE_LABELS: dict[str, dict[str, str]] = {
    "province": {"zh": "全国", "en": "National"},
    "city": {"zh": "全部城市", "en": "All cities"},
}


#: English names of the units of Chinese yearbooks (a unit of a design without an English
#: label is shown in an English output through these; "A/B" reads "A per B").
UNIT_LABELS: dict[str, str] = {
    "件": "items", "项": "items", "个": "units", "万个": "10,000 units", "台": "units",
    "块": "pieces", "万块": "10,000 pieces", "人": "persons", "万人": "10,000 persons",
    "人年": "person-years", "元": "yuan", "万元": "10,000 yuan", "亿元": "100 million yuan",
    "美元": "US dollars", "万美元": "10,000 US dollars", "亿美元": "100 million US dollars",
    "吨": "t", "万吨": "10,000 t", "吨标准煤": "t of standard coal equivalent",
    "万吨标准煤": "10,000 t of standard coal equivalent", "千瓦时": "kWh",
    "亿千瓦时": "100 million kWh", "立方米": "m³", "万立方米": "10,000 m³",
    "亿立方米": "100 million m³", "平方米": "m²", "平方公里": "km²", "公顷": "ha",
    "公里": "km", "千米": "km", "米": "m", "微克": "µg", "毫克": "mg", "天": "days",
    "年": "years", "小时": "hours", "户": "households", "万户": "10,000 households",
    "所": "institutions", "家": "firms", "篇": "papers", "床": "beds", "辆": "vehicles",
}


#: Translations of the yearbooks' (Chinese) units by output language.
UNIT_TRANSLATIONS: dict[str, dict[str, str]] = {"en": UNIT_LABELS}


#: Units after "per" in a translated rate, by language ("万元/人": "10,000 yuan per person").
UNIT_PER: dict[str, dict[str, str]] = {"en": {
    "人": "person", "万人": "10,000 persons", "个": "unit", "台": "unit", "户": "household"}}
