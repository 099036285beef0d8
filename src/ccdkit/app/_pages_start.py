"""Start: a new study from a design, the demo, or an existing study."""

from __future__ import annotations

import streamlit as st

from ccdkit.app._workspace import Workspace
from ccdkit.data import CITY_PRESETS
from ccdkit.text import LANGUAGES, tr

#: The designs a new study can start from.
DESIGNS = ("reference", "city", "blank", "demo", "demo_city")


def start_page(ws: Workspace, lang: str) -> None:
    st.header(tr("app.page.start", lang))
    st.write(tr("app.start.intro", lang))
    left, right = st.columns(2)
    with left:
        _new_study(ws, lang)
    with right:
        _open_study(ws, lang)


def _new_study(ws: Workspace, lang: str) -> None:
    st.subheader(tr("app.start.new", lang))
    design = st.radio(tr("app.start.design", lang), DESIGNS, key="start_design",
                      format_func=lambda d: tr(f"app.design.{d}", lang))
    region = "yreb"
    if design == "city":
        region = st.selectbox(tr("app.start.region", lang), list(CITY_PRESETS),
                              key="start_region")
    study_lang = st.selectbox(tr("app.start.study_language", lang), LANGUAGES,
                              index=LANGUAGES.index(lang), key="start_lang",
                              format_func=lambda code: tr(f"app.language.{code}", lang),
                              help=tr("app.start.study_language_help", lang))
    if st.button(tr("app.start.create", lang), type="primary", key="start_create"):
        with st.spinner(tr("app.start.creating", lang)):
            ws.start(design, lang=study_lang, region=region)
        st.session_state.goto = "run" if design.startswith("demo") else "data"
        st.rerun()


def _open_study(ws: Workspace, lang: str) -> None:
    st.subheader(tr("app.start.open", lang))
    st.write(tr("app.start.open_help", lang))
    upload = st.file_uploader(tr("app.start.upload", lang), type=["yaml", "yml", "zip"],
                              key=f"open_{ws.generation}")
    if upload is not None:
        ws.open_upload(upload.name, upload.getvalue())
        st.session_state.goto = "data"
        st.rerun()
