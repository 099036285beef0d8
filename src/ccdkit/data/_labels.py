"""Tables and values for readers in a language: :func:`localize_table` and the label
functions of the values ccdkit writes (their texts are the catalogue's, in
:mod:`ccdkit.text`; region names are the registries')."""

from __future__ import annotations

import pandas as pd

from ..text import (
    CHOICE_LABELS,
    COORDINATION_TYPE_LABELS,
    DETECTOR_MODEL_LABELS,
    DIAGNOSTIC_LABELS,
    DYNAMIC_STATE_LABELS,
    EHSA_LABELS,
    NULL_LABELS,
    QUADRANT_LABELS,
    REY_TYPE_LABELS,
    DYNAMICS_LABELS,
    ECONOMETRICS_LABELS,
    MODEL_SHORT,
    INTERACTION_TYPE_LABELS,
    METHOD_LABELS,
    NO_TYPE,
    NOT_SIGNIFICANT,
    RDD_LABELS,
    SPATIAL_CLASS_LABELS,
    UNIT_PER,
    UNIT_TRANSLATIONS,
    WHOLE_SAMPLE_LABELS,
    check_language,
    header,
    readable_tables,
    reason_text,
    tr,
)
from ._regions import group_label
from ._units import region_display

__all__ = ["localize_table", "coordination_labels", "rdd_labels", "interaction_label",
           "method_label", "reason_label", "spatial_class_label", "choice_label", "whole_label",
           "unit_label", "regressor_label"]


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
    return [t.format(*names) for t in RDD_LABELS[check_language(lang)]]


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
        return NO_TYPE[lang]
    label = INTERACTION_TYPE_LABELS.get(type_id, {}).get(lang, type_id)
    if not pd.isna(significant) and not significant:
        label += NOT_SIGNIFICANT[lang]
    return label


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
    if "model" in out.columns:
        out["model"] = out["model"].map(lambda v: DETECTOR_MODEL_LABELS.get(v, {}).get(lang, v)
                                        if isinstance(v, str) else v)
    for col, table in (("category", EHSA_LABELS), ("move_type", REY_TYPE_LABELS),
                       ("diagnostic", DIAGNOSTIC_LABELS), ("state", DYNAMIC_STATE_LABELS),
                       ("from", QUADRANT_LABELS), ("to", QUADRANT_LABELS)):
        if col in out.columns:
            out[col] = out[col].map(lambda v, t=table: t.get(v, {}).get(lang, v)
                                    if isinstance(v, str) else v)
    if "null" in out.columns:
        out["null"] = out["null"].map(lambda v: NULL_LABELS.get(v, {}).get(lang, v)
                                      if isinstance(v, str) else v)
    for col in ("model", "reduces_to", "test", "hypothesis", "effect"):
        if col in out.columns:
            out[col] = out[col].map(lambda v: ECONOMETRICS_LABELS.get(v, {}).get(lang, v)
                                    if isinstance(v, str) else v)
    models = set(MODEL_SHORT) | {f"{m}_re" for m in MODEL_SHORT}
    for col in models & set(out.columns):  # the fixed-effects rows: yes / no / random
        out[col] = out[col].map(lambda v: tr(f"value.{v}", lang)
                                if v in ("yes", "no", "random") else v)
    if "regressor" in out.columns:
        out["regressor"] = out["regressor"].map(
            lambda v: regressor_label(v, lang, values) if isinstance(v, str) else v)
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


def regressor_label(term: str, lang: str, values: dict[str, str] | None = None) -> str:
    """A term of a regression table for readers: a variable's label, ``W×`` before a
    spatially lagged one, the constant, rho and lambda, the fit rows; the standard-error
    row of a three-line table (``x:se``) is blank.

    >>> regressor_label("W*X1", "zh", {"X1": "人均GDP"}), regressor_label("const", "en")
    ('W×人均GDP', 'Constant')
    >>> regressor_label("X1:se", "en")
    ''
    """
    values = values or {}
    if term.endswith(":se"):
        return ""
    if term in ECONOMETRICS_LABELS:
        return ECONOMETRICS_LABELS[term][lang]
    if term.startswith("W*"):
        return "W×" + values.get(term[2:], term[2:])
    return values.get(term, term)


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
