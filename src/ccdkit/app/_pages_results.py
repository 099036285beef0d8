"""Results: tables, figures drawn on demand, the report; and the export zip."""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

from ccdkit.app._forms import page_head
from ccdkit.app._workspace import Workspace
from ccdkit.text import MESSAGES, tr

_PREFIXES = ("weights_", "obstacles_", "bootstrap_group_")
_SUFFIXES = ("_dagum_gini", "_growth", "_top_bottom")


def table_title(name: str, lang: str, labels: dict) -> str:
    """A result table's title for a reader (its file name where none is known)."""
    if f"app.table.{name}" in MESSAGES:
        return tr(f"app.table.{name}", lang)
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            part = name[len(prefix):]
            return tr(f"app.table.{prefix[:-1]}", lang, name=labels.get(part, part))
    for suffix in _SUFFIXES:
        if name.endswith(suffix):
            part = name[: -len(suffix)]
            return tr(f"app.table.{suffix[1:]}", lang, name=labels.get(part, part))
    return name


def _cached(key: tuple, make):
    store = st.session_state.setdefault("views", {})
    if key not in store:
        if len(store) > 64:
            store.clear()
        store[key] = make()
    return store[key]


def results_page(ws: Workspace, lang: str) -> None:
    st.header(tr("app.page.results", lang))
    if ws.result is None:
        st.info(tr("app.results.none", lang))
        return
    r = ws.result
    st.caption(tr("app.run.done", lang, seconds=ws.seconds))
    if r.study.study.synthetic:
        st.warning(tr("report.synthetic", lang))
    warnings_box(r, lang)
    # one view at a time: a figure is drawn only when asked for
    views = {"tables": _tables, "figures": _figures, "report": _report}
    view = st.segmented_control(tr("app.results.view", lang), list(views), key="view",
                                default="tables", label_visibility="collapsed",
                                format_func=lambda v: tr(f"app.results.{v}", lang))
    views[view or "tables"](ws, lang)


def warnings_box(r, lang: str) -> None:
    """The run's warnings, folded (their number in the title)."""
    texts = r.warning_texts(lang)
    if texts:
        with st.expander(tr("app.results.warnings", lang, n=len(texts))):
            for text in texts:
                st.warning(text)


def _tables(ws: Workspace, lang: str) -> None:
    r = ws.result
    frames = _cached((id(r), lang, "tables"), lambda: r.tables(lang, readable=True))
    labels = r.value_labels(lang)
    names = list(frames)
    default = names.index("coupling") if "coupling" in names else 0
    name = st.selectbox(tr("app.results.table", lang), names, index=default, key="table",
                        format_func=lambda n: table_title(n, lang, labels))
    st.dataframe(frames[name], hide_index=True, key="table_view")


def _figures(ws: Workspace, lang: str) -> None:
    from ccdkit.present import figure_plan

    r = ws.result
    plan = _cached((id(r), lang, "plan"), lambda: {
        stem: p.caption for stem, p in figure_plan(r, lang).items()})
    stem = st.selectbox(tr("app.results.figure", lang), list(plan), key="figure",
                        format_func=lambda s: plan[s])
    png = _cached((id(r), lang, "figure", stem), lambda: ws.draw(stem, lang))
    st.image(png, caption=plan[stem])


def _report(ws: Workspace, lang: str) -> None:
    if ws.written is not ws.result:
        st.write(tr("app.results.report_help", lang))
        if not st.button(tr("app.results.build", lang), key="build_report"):
            return
        bar = st.progress(0.0)
        ws.write_outputs(progress=lambda step: bar.progress(
            0.5 if step == "figures" else 0.9, text=tr(f"step.{step}", lang)))
        st.rerun()  # the report alone, without the button
    html = (ws.out_dir / "report.html").read_text(encoding="utf-8")
    components.html(html, height=900, scrolling=True)


def export_page(ws: Workspace, lang: str) -> None:
    if not page_head(ws, "export", lang):
        return
    st.download_button(tr("app.export.yaml", lang), data=ws.yaml_path.read_bytes(),
                       file_name="study.yaml", mime="application/x-yaml", key="get_yaml",
                       on_click="ignore")
    if ws.result is None:
        st.info(tr("app.results.none", lang))
        return
    name = str((ws.config.get("study") or {}).get("name") or "study")
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in name) or "study"
    if st.button(tr("app.export.prepare", lang), key="prepare_zip"):
        with st.spinner(tr("app.export.preparing", lang)):
            st.session_state.export = (id(ws.result), ws.export_zip())
    ready = st.session_state.get("export")
    if ready and ready[0] == id(ws.result):
        st.download_button(tr("app.export.download", lang), data=ready[1],
                           file_name=f"{safe}.zip", mime="application/zip", key="get_zip",
                           on_click="ignore", type="primary")
