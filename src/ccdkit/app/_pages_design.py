"""Design: the study's period and regions, each system's indicators (direction, unit,
labels, dimension) and the detector's drivers, as editable tables."""

from __future__ import annotations

import copy

import pandas as pd
import streamlit as st

from ccdkit.app._forms import page_head, save_config
from ccdkit.app._workspace import Workspace
from ccdkit.data import CITY_PRESETS
from ccdkit.text import pick, tr

_GROUPS = ("region3", "region4", "province")
_INDICATOR_COLUMNS = ("dimension", "dimension_zh", "dimension_en", "id", "column",
                      "direction", "unit_zh", "unit_en", "label_zh", "label_en", "source")
_FACTOR_COLUMNS = ("id", "column", "type", "unit_zh", "unit_en", "label_zh", "label_en",
                   "source")


def _split(value) -> tuple[str, str]:
    if isinstance(value, dict):
        return value.get("zh") or "", value.get("en") or ""
    return (str(value), str(value)) if value not in (None, "") else ("", "")


def _join(zh, en):
    zh, en = _text(zh), _text(en)
    if not zh and not en:
        return None
    return zh if zh == en else {k: v for k, v in (("zh", zh), ("en", en)) if v}


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(
        value).strip()


def regions_value(text: str):
    r"""The ``regions`` of the config from the page's text: ``all``, a study-region preset
    (cities), or the names separated by commas (Chinese commas and new lines too).

    >>> regions_value("yreb"), regions_value("北京，天津\n河北")
    ('yreb', ['北京', '天津', '河北'])
    """
    text = text.strip()
    if text in ("", "all") or text in CITY_PRESETS:
        return text or "all"
    names = [t.strip() for t in text.replace("，", ",").replace("\n", ",").split(",")]
    return [n for n in names if n]


def indicator_frame(system: dict) -> pd.DataFrame:
    """An indicator system's indicators as rows (one table to edit)."""
    rows = []
    for d in system.get("dimensions") or []:
        dzh, den = _split(d.get("label"))
        for i in d.get("indicators") or []:
            uzh, uen = _split(i.get("unit"))
            lzh, len_ = _split(i.get("label"))
            rows.append([d.get("id", ""), dzh, den, i.get("id", ""), i.get("column") or "",
                         i.get("direction", "+"), uzh, uen, lzh, len_, i.get("source") or ""])
    return pd.DataFrame(rows, columns=list(_INDICATOR_COLUMNS))


def apply_indicators(system: dict, frame: pd.DataFrame) -> dict:
    """The system with the dimensions and indicators of ``frame`` (dimensions in the order
    they first appear; other keys of each indicator kept)."""
    system = copy.deepcopy(system)
    old = {i.get("id"): i for d in system.get("dimensions") or [] for i in d.get("indicators")
           or []}
    dims: dict[str, dict] = {}
    for r in frame.to_dict("records"):
        if not _text(r.get("id")):
            continue
        did = _text(r.get("dimension")) or "dimension"
        d = dims.setdefault(did, {"id": did, "indicators": []})
        label = _join(r.get("dimension_zh"), r.get("dimension_en"))
        if label is not None:
            d.setdefault("label", label)
        ind = {k: v for k, v in old.get(_text(r["id"]), {}).items()
               if k not in ("id", "column", "direction", "unit", "label", "source")}
        ind = {"id": _text(r["id"]), **ind, "direction": _text(r.get("direction")) or "+"}
        for key, value in (("column", _text(r.get("column"))),
                           ("unit", _join(r.get("unit_zh"), r.get("unit_en"))),
                           ("label", _join(r.get("label_zh"), r.get("label_en"))),
                           ("source", _text(r.get("source")))):
            if value:
                ind[key] = value
        d["indicators"].append(ind)
    system["dimensions"] = list(dims.values())
    return system


def factor_frame(factors: list) -> pd.DataFrame:
    rows = []
    for f in factors or []:
        uzh, uen = _split(f.get("unit"))
        lzh, len_ = _split(f.get("label"))
        rows.append([f.get("id", ""), f.get("column") or "", f.get("type", "continuous"),
                     uzh, uen, lzh, len_, f.get("source") or ""])
    return pd.DataFrame(rows, columns=list(_FACTOR_COLUMNS))


def apply_factors(factors: list, frame: pd.DataFrame) -> list:
    old = {f.get("id"): f for f in factors or []}
    out = []
    for r in frame.to_dict("records"):
        fid = _text(r.get("id"))
        if not fid:
            continue
        f = {k: v for k, v in old.get(fid, {}).items()
             if k not in ("id", "column", "type", "unit", "label", "source")}
        f = {"id": fid, **f}
        for key, value in (("column", _text(r.get("column"))),
                           ("type", _text(r.get("type")) or "continuous"),
                           ("unit", _join(r.get("unit_zh"), r.get("unit_en"))),
                           ("label", _join(r.get("label_zh"), r.get("label_en"))),
                           ("source", _text(r.get("source")))):
            if value and not (key == "type" and value == "continuous" and "type" not in
                              old.get(fid, {})):
                f[key] = value
        out.append(f)
    return out


def design_page(ws: Workspace, lang: str) -> None:
    if not page_head(ws, "design", lang):
        return
    _study_block(ws, lang)
    for i, system in enumerate(ws.config.get("systems") or []):
        if isinstance(system, dict) and system.get("type", "indicators") == "indicators":
            _system_block(ws, i, system, lang)
    _factor_block(ws, lang)


def _study_block(ws: Workspace, lang: str) -> None:
    cfg = ws.config
    g = ws.generation
    with st.form(f"design_study_{g}"):
        st.subheader(tr("app.design.study", lang))
        tzh, ten = _split((cfg.get("study") or {}).get("title"))
        c1, c2 = st.columns(2)
        tzh = c1.text_input(tr("app.design.title_zh", lang), tzh)
        ten = c2.text_input(tr("app.design.title_en", lang), ten)
        years = cfg.get("years") or {}
        start = c1.number_input(tr("app.design.start", lang), 1949, 2100,
                                int(years.get("start", 2012)))
        end = c2.number_input(tr("app.design.end", lang), 1949, 2100,
                              int(years.get("end", 2023)))
        regions = cfg.get("regions", "all")
        text = regions if isinstance(regions, str) else ", ".join(map(str, regions))
        text = st.text_area(tr("app.design.regions", lang), text,
                            help=tr("app.design.regions_help", lang))
        groups = cfg.get("region_groups", "region3")
        if isinstance(groups, str) and groups in _GROUPS:
            groups = st.selectbox(tr("app.design.groups", lang), _GROUPS,
                                  index=_GROUPS.index(groups),
                                  format_func=lambda v: tr(f"app.design.groups_{v}", lang))
        if st.form_submit_button(tr("app.apply", lang)):
            new = copy.deepcopy(cfg)
            new.setdefault("study", {})["title"] = _join(tzh, ten)
            new["years"] = {**years, "start": int(start), "end": int(end)}
            new["regions"] = regions_value(text)
            new["region_groups"] = groups
            save_config(ws, new, lang)


def _system_block(ws: Workspace, i: int, system: dict, lang: str) -> None:
    g = ws.generation
    lzh, len_ = _split(system.get("label"))
    with st.form(f"design_system_{g}_{i}"):
        st.subheader(tr("app.design.system", lang, name=pick(
            {"zh": lzh, "en": len_}, lang) or system.get("id", "")))
        c1, c2 = st.columns(2)
        lzh = c1.text_input(tr("app.design.label_zh", lang), lzh)
        len_ = c2.text_input(tr("app.design.label_en", lang), len_)
        frame = st.data_editor(indicator_frame(system), num_rows="dynamic", hide_index=True,
                               column_config=_indicator_columns(lang),
                               key=f"indicators_{g}_{i}")
        if st.form_submit_button(tr("app.apply", lang)):
            cfg = copy.deepcopy(ws.config)
            new = apply_indicators(system, frame)
            new["label"] = _join(lzh, len_)
            cfg["systems"][i] = {k: v for k, v in new.items() if v is not None}
            save_config(ws, cfg, lang)


def _indicator_columns(lang: str) -> dict:
    cfg = {c: st.column_config.TextColumn(tr(f"app.design.col.{c}", lang))
           for c in _INDICATOR_COLUMNS}
    cfg["direction"] = st.column_config.SelectboxColumn(
        tr("app.design.col.direction", lang), options=["+", "-"], required=True)
    return cfg


def _factor_block(ws: Workspace, lang: str) -> None:
    g = ws.generation
    detector = ws.config.get("detector") or {}
    with st.form(f"design_factors_{g}"):
        st.subheader(tr("app.design.factors", lang))
        st.caption(tr("app.design.factors_help", lang))
        columns = {c: st.column_config.TextColumn(tr(f"app.design.col.{c}", lang))
                   for c in _FACTOR_COLUMNS}
        columns["type"] = st.column_config.SelectboxColumn(
            tr("app.design.col.type", lang), options=["continuous", "categorical"])
        frame = st.data_editor(factor_frame(detector.get("factors")), num_rows="dynamic",
                               hide_index=True, column_config=columns, key=f"factors_{g}")
        if st.form_submit_button(tr("app.apply", lang)):
            cfg = copy.deepcopy(ws.config)
            cfg.setdefault("detector", {})["factors"] = apply_factors(detector.get("factors"),
                                                                      frame)
            _ensure_driver_source(cfg)
            save_config(ws, cfg, lang)


def _ensure_driver_source(cfg: dict) -> None:
    """Drivers need a data file: a study made from the blank design gets the drivers
    template's file when its first driver is added."""
    from ccdkit.scaffold import TEMPLATE_FILES

    panel = cfg.setdefault("data", {}).setdefault("panel", [])
    files = {s.get("file") for s in panel if isinstance(s, dict)}
    if cfg["detector"]["factors"] and TEMPLATE_FILES[0] in files and (
            TEMPLATE_FILES[1] not in files):
        panel.append({"file": TEMPLATE_FILES[1], "layout": "wide"})
