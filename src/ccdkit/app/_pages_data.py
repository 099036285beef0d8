"""Data: the Excel templates, the uploads, and what ``ccdkit validate`` finds."""

from __future__ import annotations

import copy
import json
import weakref

import pandas as pd
import streamlit as st

from ccdkit.app._forms import page_head
from ccdkit.app._workspace import DATA_SUFFIXES, Workspace
from ccdkit.data import region_label
from ccdkit.exceptions import CcdkitError
from ccdkit.study import summarize_missing
from ccdkit.text import tr

_LAYOUTS = ("wide", "long")


def data_page(ws: Workspace, lang: str) -> None:
    if not page_head(ws, "data", lang):
        return
    ref = weakref.ref(ws)  # Streamlit keeps the callable: it must not keep the session's folder
    st.download_button(tr("app.data.templates", lang), data=lambda: ref().templates_zip(lang),
                       file_name="templates.zip", mime="application/zip",
                       key="templates", on_click="ignore")
    for slot in ws.slots():
        _slot(ws, slot, lang)
    if st.button(tr("app.data.add", lang), key="add_source"):
        _add_source(ws)
        st.rerun()
    _check(ws, lang)


def _slot(ws: Workspace, slot, lang: str) -> None:
    with st.container(border=True):
        state = (f":green[{tr('app.data.present', lang)}]" if slot.present
                 else f":orange[{tr('app.data.absent', lang)}]")
        st.markdown(f"**{slot.path}** · {state} · `{slot.key}`")
        if slot.key.startswith("data.panel["):
            _layout(ws, slot, lang)
        upload = st.file_uploader(tr("app.data.upload", lang), key=f"up_{ws.generation}_"
                                  f"{slot.key}", type=[s[1:] for s in DATA_SUFFIXES])
        if upload is not None and st.session_state.get(f"done_{slot.key}") != upload.file_id:
            ws.put(slot.key, upload.name, upload.getvalue())
            st.session_state[f"done_{slot.key}"] = upload.file_id
            st.rerun()


def _layout(ws: Workspace, slot, lang: str) -> None:
    i = int(slot.key.split("[")[1].split("]")[0])
    src = ws.config["data"]["panel"][i]
    current = src.get("layout", "wide")
    if current not in _LAYOUTS:
        return
    choice = st.radio(tr("app.data.layout", lang), _LAYOUTS, index=_LAYOUTS.index(current),
                      horizontal=True, key=f"layout_{ws.generation}_{i}",
                      format_func=lambda v: tr(f"app.data.layout_{v}", lang))
    if choice != current:
        cfg = copy.deepcopy(ws.config)
        cfg["data"]["panel"][i]["layout"] = choice
        ws.update(cfg)


def _add_source(ws: Workspace) -> None:
    cfg = copy.deepcopy(ws.config)
    panel = cfg.setdefault("data", {}).setdefault("panel", [])
    taken = {s.get("file") for s in panel if isinstance(s, dict)}
    n = len(panel) + 1
    while f"data/panel_{n}.xlsx" in taken:
        n += 1
    panel.append({"file": f"data/panel_{n}.xlsx", "layout": "long"})
    ws.update(cfg)


def _signature(ws: Workspace) -> str:
    files = [(str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in ws.data_files()]
    return json.dumps([ws.config, files], sort_keys=True, default=str)


def _check(ws: Workspace, lang: str) -> None:
    st.subheader(tr("app.data.check", lang))
    if not any(s.present for s in ws.slots()):
        st.info(tr("app.data.nothing", lang))
        return
    key = _signature(ws)
    cached = st.session_state.get("check")
    if cached is None or cached[0] != key:
        with st.spinner(tr("app.data.checking", lang)):
            try:
                cached = (key, *ws.check())
            except CcdkitError as exc:
                cached = (key, None, [str(exc)])
        st.session_state.check = cached
    _, check, notes = cached
    if check is None:
        st.error(tr("app.data.not_ready", lang) + "\n\n" + "\n\n".join(notes))
        return
    study = ws.study()
    labels = _variable_labels(study, lang)
    errors, check_notes = check.texts(lang, labels)
    for line in errors:
        st.error(line)
    for line in [*check_notes, *notes]:
        st.info(line)
    if check.ok:
        st.success(tr("app.data.ready", lang, cells=check.summary.get("cells", 0),
                      missing=len(check.missing)))
    if len(check.missing):
        _missing(ws, study, labels, check.missing, lang)


def _variable_labels(study, lang: str) -> dict[str, str]:
    """The study's names of its data columns (indicators and drivers)."""
    from ccdkit.study import IndicatorSystem

    items = [i for s in study.systems if isinstance(s, IndicatorSystem) for i in s.indicators]
    return {e.col: e.label.get(lang, e.id) if e.label else e.id
            for e in [*items, *study.detector.factors]}


def _missing(ws: Workspace, study, labels: dict, missing: pd.DataFrame, lang: str) -> None:
    """The empty cells: a map (indicator x region, one year or all), what imputation will
    do, and the list with file, sheet and cell."""
    st.subheader(tr("app.data.missing", lang, n=len(missing)))
    size = len(study.region_ids) * len(study.years.values)
    st.code("\n".join(summarize_missing(missing, limit=12, full_size=size, lang=lang,
                                         labels=labels)),
            language=None, wrap_lines=True)
    filled = int(missing["imputable"].sum())
    impute = (ws.config.get("impute") or {}).get("method", "linear")
    st.write(tr("app.data.imputation", lang, filled=filled, left=len(missing) - filled,
                method=impute))
    years = sorted(missing["year"].unique())
    year = st.selectbox(tr("app.data.map_year", lang), ["all", *years], key="missing_year",
                        format_func=lambda y: tr("app.data.all_years", lang) if y == "all"
                        else str(y))
    part = missing if year == "all" else missing[missing["year"] == year]
    grid = part.assign(region=[region_label(r, lang) for r in part["region"]]).pivot_table(
        index="variable", columns="region", values="year", aggfunc="count", fill_value=0)
    st.dataframe(grid.style.background_gradient(cmap="Reds", vmin=0), key="missing_map")
    shown = missing.assign(region=[region_label(r, lang) for r in missing["region"]])
    shown = shown.rename(columns={c: tr(f"app.data.col.{c}", lang) for c in missing.columns})
    st.dataframe(shown, hide_index=True, key="missing_list")
