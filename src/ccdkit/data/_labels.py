"""The label layer: Chinese and English labels of table columns and values (outputs in
``zh``/``en``), and the check that a language is supported."""

from __future__ import annotations

import pandas as pd

from ..text import check_language, header, readable_tables, reason_text, tr
from ._regions import group_label
from ._units import region_display

__all__ = ["localize_table", "COORDINATION_TYPE_LABELS",
           "coordination_labels", "rdd_labels", "INTERACTION_TYPE_LABELS", "interaction_label",
           "AGGLOMERATION_INDEX_LABELS", "METHOD_LABELS", "method_label", "reason_label",
           "SPATIAL_CLASS_LABELS", "spatial_class_label", "CHOICE_LABELS", "choice_label",
           "WHOLE_SAMPLE_LABELS", "whole_label", "UNIT_LABELS", "unit_label"]


#: Labels of the ten coordination types (codes 0..9, from disorder to coordination).
COORDINATION_TYPE_LABELS: dict[str, tuple[str, ...]] = {
    "en": ("Extreme disorder", "Serious disorder", "Moderate disorder", "Mild disorder",
           "On the verge of disorder", "Barely coordinated", "Primary coordination",
           "Intermediate coordination", "Good coordination", "High-quality coordination"),
    "zh": ("极度失调", "严重失调", "中度失调", "轻度失调", "濒临失调", "勉强协调", "初级协调",
           "中级协调", "良好协调", "优质协调"),
}

_RDD_LABELS = {"en": ("{0} lags", "synchronized", "{1} lags"),
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


def coordination_labels(lang: str) -> list[str]:
    """The ten coordination type labels in code order.

    >>> coordination_labels("zh")[5]
    '勉强协调'
    """
    return list(COORDINATION_TYPE_LABELS[check_language(lang)])


def rdd_labels(names: tuple[str, str], lang: str) -> list[str]:
    """Labels of the relative development classes 0, 1, 2 for systems ``names``
    (display names, not ids).

    >>> rdd_labels(("产业集聚", "新质生产力"), "zh")
    ['产业集聚滞后型', '同步型', '新质生产力滞后型']
    """
    return [t.format(*names) for t in _RDD_LABELS[check_language(lang)]]


_NOT_SIGNIFICANT = {"en": " (n.s.)", "zh": "（不显著）"}
_NO_TYPE = {"en": "none (see reason)", "zh": "无（见原因）"}


def interaction_label(type_id, lang: str, significant=None) -> str:
    """Display label of an interaction type id (unknown ids are returned as they are).

    ``significant`` is the table's ``enhance_significant``: False marks the type as not
    significant; True or NA (not tested, or a weakening) leave it as it is. A pair without
    a type (trivial or undefined q12) reads "none (see reason)".

    >>> interaction_label("Enhance, bi-", "zh"), interaction_label("Enhance, bi-", "en", False)
    ('双因子增强', 'Enhance, bi- (n.s.)')
    """
    lang = check_language(lang)
    if not isinstance(type_id, str):
        return _NO_TYPE[lang]
    label = INTERACTION_TYPE_LABELS.get(type_id, {}).get(lang, type_id)
    if not pd.isna(significant) and not significant:
        label += _NOT_SIGNIFICANT[lang]
    return label


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


def choice_label(value, lang: str):
    """Display name of a choice id, a level id (``entropy``, ``entropy (shift 0.01)``: the
    method part named, the options kept) or a scenario id (``weighting: critic``); other
    values unchanged.

    >>> choice_label("weighting: critic", "zh"), choice_label("per_year", "en")
    ('赋权方法：CRITIC法', 'Per year')
    """
    lang = check_language(lang)
    if not isinstance(value, str):
        return value
    if ": " in value:
        factor, _, level = value.partition(": ")
        if factor in CHOICE_LABELS:
            return tr("label.choice_level", lang, choice=choice_label(factor, lang),
                      level=choice_label(level, lang))
    head, paren, rest = value.partition(" (")
    if head in CHOICE_LABELS:
        return CHOICE_LABELS[head][lang] + (paren + rest if paren else "")
    return value


#: Label of the whole sample's group (id ``nation``) by study level.
WHOLE_SAMPLE_LABELS: dict[str, dict[str, str]] = {
    "province": {"zh": "全国", "en": "National"},
    "city": {"zh": "全部城市", "en": "All cities"},
}


def whole_label(level: str, lang: str) -> str:
    """Label of the group of all study units: 全国 / National for provinces, 全部城市 / All
    cities for cities.

    >>> whole_label("city", "zh")
    '全部城市'
    """
    return WHOLE_SAMPLE_LABELS.get(level, WHOLE_SAMPLE_LABELS["province"])[check_language(lang)]


def spatial_class_label(class_id, lang: str):
    """Display label of a LISA cluster or Gi* class id (other values unchanged).

    >>> spatial_class_label("HH", "zh"), spatial_class_label("cold95", "en")
    ('高-高聚集', 'Cold spot (95%)')
    """
    return SPATIAL_CLASS_LABELS.get(class_id, {}).get(check_language(lang), class_id) \
        if isinstance(class_id, str) else class_id


def method_label(method_id, lang: str):
    """Display name of a method id in a table cell (other values unchanged).

    >>> method_label("moving_average", "zh"), method_label("geometric", "en")
    ('邻近年份均值', 'geometric intervals')
    """
    return METHOD_LABELS.get(method_id, {}).get(check_language(lang), method_id) \
        if isinstance(method_id, str) else method_id


def reason_label(text, lang: str):
    """A reason text of ``ccdkit.geodetector`` in ``lang`` (:func:`ccdkit.text.reason_text`).

    >>> reason_label("a stratum has fewer than 2 samples", "zh")
    '存在样本数少于 2 的层'
    """
    return reason_text(text, lang)




#: Columns whose cells hold ids of methodological choices (sensitivity analysis).
CHOICE_COLUMNS = ("choice", "weighting", "normalization", "scoring", "pooling", "coupling",
                  "scenario_a", "scenario_b", "pool")

#: Columns whose cells hold ids of indicators, dimensions or variables (shown by label).
ID_VALUE_COLUMNS = ("indicator", "dimension", "variable", "y", "system")


def localize_table(frame: pd.DataFrame, lang: str, extra: dict[str, str] | None = None, *,
                   values: dict[str, str] | None = None,
                   readable: bool | None = None) -> pd.DataFrame:
    """A copy of ``frame`` for readers in ``lang``.

    In every language, method ids in a ``method`` column, methodological choices, spatial
    classes, interaction types, region groups and, when ``values`` (id to label) is given,
    the ids in the ``indicator``, ``dimension`` and ``variable`` columns are shown by name.
    A *readable* table also has labelled headers (``extra`` adds or overrides labels),
    region names, translated reasons and yes/no for true/false; the default
    (``readable=None``) is the language's convention for tables
    (:func:`ccdkit.text.readable_tables`: Chinese tables are readable, English ones keep
    the column names and ids, machine-readable).

    >>> localize_table(pd.DataFrame({"region": ["Beijing"], "D": [0.5]}), "zh").columns.tolist()
    ['地区', '耦合协调度D']
    >>> localize_table(pd.DataFrame({"variable": ["x1"], "method": ["linear"]}), "en",
    ...                values={"x1": "GDP"}).values.tolist()
    [['GDP', 'linear interpolation']]
    >>> localize_table(pd.DataFrame({"region": ["Beijing"], "q_adj": [0.5]}), "en",
    ...                readable=True).columns.tolist()
    ['Region', 'Adjusted q']
    """
    lang = check_language(lang)
    if readable is None:
        readable = readable_tables(lang)
    out = frame.copy()
    _label_values(out, lang, values or {})
    if "group" in out.columns:
        whole = (values or {}).get("nation") or tr("label.national", lang)
        out["group"] = out["group"].map(lambda g: whole if g == "nation" else
                                        group_label(g, lang) if isinstance(g, str) else g)
    if not readable:
        return out
    if "reason" in out.columns:
        out["reason"] = out["reason"].map(lambda r: reason_label(r, lang))
    for col in out.columns:
        if pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].map({True: tr("value.yes", lang), False: tr("value.no", lang)})
    for col in ("region", "top", "bottom", "neighbor"):
        if col in out.columns:
            out[col] = out[col].map(lambda v: region_display(v, lang) if isinstance(v, str)
                                    else v)
    if "missing_regions" in out.columns:  # "Beijing, Tianjin" -> "北京、天津"
        sep = tr("report.list_separator", lang)
        out["missing_regions"] = out["missing_regions"].map(
            lambda v: sep.join(region_display(r, lang) for r in v.split(", "))
            if isinstance(v, str) and v else v)
    labels = dict(extra or {})
    if {"factor1", "factor2", "type"} <= set(out.columns):  # interaction detector table
        labels.setdefault("type", header("interaction_type", lang))
    out.columns = [_header(str(c), lang, labels) for c in out.columns]
    return out


def _header(column: str, lang: str, labels: dict[str, str]) -> str:
    """A column's header: the caller's label, the catalogue's, or one built for the
    columns named after region groups (``G_east``, ``G_east-west``); else the name."""
    found = header(column, lang, labels)
    if found != column or column in labels or not column.startswith("G_"):
        return found
    names = [group_label(p, lang) for p in column[2:].split("-")]
    if len(names) == 1:
        return tr("col.gini_within", lang, group=names[0])
    if len(names) == 2:
        return tr("col.gini_between", lang, a=names[0], b=names[1])
    return column


def _label_values(out: pd.DataFrame, lang: str, values: dict[str, str]) -> None:
    """Ids in the cells shown by name (in place, on the caller's copy)."""
    if "method" in out.columns:
        out["method"] = out["method"].map(lambda m: method_label(m, lang))
    for col in ("model", "term"):
        if col in out.columns:
            out[col] = out[col].map(lambda v: DYNAMICS_LABELS.get(v, {}).get(lang, v)
                                    if isinstance(v, str) else v)
            if values and col == "term":
                out[col] = out[col].map(lambda v: values.get(v, v) if isinstance(v, str) else v)
    for col in ("cluster", "quadrant", "hotspot"):
        if col in out.columns:
            out[col] = out[col].map(lambda v: spatial_class_label(v, lang))
    for col in CHOICE_COLUMNS:
        if col in out.columns:
            out[col] = out[col].map(lambda v: choice_label(v, lang))
    if values:
        for col in ID_VALUE_COLUMNS:
            if col in out.columns:
                out[col] = out[col].map(lambda v: values.get(v, v) if isinstance(v, str) else v)
    if {"factor1", "factor2", "type"} <= set(out.columns):  # interaction detector table
        sig = (out["enhance_significant"] if "enhance_significant" in out.columns
               else pd.Series(pd.NA, index=out.index))
        out["type"] = [interaction_label(t, lang, s) for t, s in zip(out["type"], sig)]


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


def unit_label(unit, lang: str):
    """A unit for readers in ``lang``: in English the units of Chinese yearbooks are
    translated ("A/B" read "A per B"; %, ‰ and Latin units kept); other text is unchanged.

    >>> unit_label("万元/人", "en"), unit_label("吨标准煤/万元", "en"), unit_label("%", "en")
    ('10,000 yuan per person', 't of standard coal equivalent per 10,000 yuan', '%')
    >>> unit_label("亿元", "zh")
    '亿元'
    """
    table = UNIT_TRANSLATIONS.get(check_language(lang))
    if table is None or not isinstance(unit, str) or not unit:
        return unit  # (the yearbooks' units are Chinese: nothing to translate)

    def one(part: str) -> str:
        part = part.strip()
        return table.get(part, part)

    parts = unit.split("/")
    if len(parts) == 2:
        per = UNIT_PER.get(lang, {}).get(parts[1].strip(), one(parts[1]))
        return tr("label.unit_per", lang, unit=one(parts[0]), per=per)
    return one(unit)
