"""Run: the study's steps with progress, warnings as they come, cancel."""

from __future__ import annotations

import streamlit as st

from ccdkit.app._pages_results import warnings_box
from ccdkit.app._forms import page_head
from ccdkit.app._workspace import Workspace
from ccdkit.data import localize_table
from ccdkit.study import STEPS, render_message
from ccdkit.text import tr


def run_page(ws: Workspace, lang: str) -> None:
    if not page_head(ws, "run", lang):
        return
    if st.session_state.pop("running", False):
        st.info(tr("app.run.cancelled", lang))
    if st.button(tr("app.run.start", lang), type="primary", key="run"):
        run_with_progress(ws, lang)
    elif ws.result is not None:
        _last_run(ws, lang)


def _last_run(ws: Workspace, lang: str) -> None:
    st.success(tr("app.run.done", lang, seconds=ws.seconds))
    if ws.cache.reused:
        st.caption(tr("app.run.reused", lang, steps=tr("cli.step_separator", lang).join(
            tr(f"step.{s}", lang) for s in ws.cache.reused)))
    warnings_box(ws.result, lang)


def run_with_progress(ws: Workspace, lang: str) -> None:
    """Run the study, showing each step and each warning as it comes; a click anywhere
    (the cancel button) stops the run at the next step. On success, the results page."""
    st.button(tr("app.run.cancel", lang), key="cancel")
    bar = st.progress(0.0, text=tr("app.run.waiting", lang))
    shown = st.container()
    done = {"n": 0}

    def progress(name: str) -> None:
        done["n"] += 1
        bar.progress(min(done["n"] / len(STEPS), 1.0),
                     text=f"[{done['n']}/{len(STEPS)}] {tr(f'step.{name}', lang)}")

    def on_message(message) -> None:
        shown.warning(render_message(message, lang))

    def waiting() -> None:
        bar.progress(0.0, text=tr("app.run.busy", lang))

    preview = st.container()

    def on_result(step: str, value) -> None:  # the new coupling table while the rest runs
        if step == "coupling":
            preview.caption(tr("app.run.preview", lang))
            preview.dataframe(localize_table(value[0].to_frame(lang=lang), lang,
                                             readable=True), hide_index=True)

    st.session_state.running = True  # still set on the next view if the run was stopped
    ws.run(progress=progress, on_message=on_message, on_result=on_result, waiting=waiting)
    st.session_state.running = False
    bar.progress(1.0, text=tr("app.run.done", lang, seconds=ws.seconds))
    st.session_state.goto = "results"
    st.rerun()
