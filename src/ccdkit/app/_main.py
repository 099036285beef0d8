"""The app's frame: the session's workspace, the language, the sidebar and the pages.

Every page is wrapped so that ccdkit's errors (a bad workbook, a config error) show as a
message in the page with the CLI's words, never as a traceback.
"""

from __future__ import annotations

import json
import os

import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ccdkit.app._launch import APP_ENV
from ccdkit.app._pages_audit import audit_page
from ccdkit.app._pages_data import data_page
from ccdkit.app._pages_design import design_page
from ccdkit.app._pages_methods import methods_page
from ccdkit.app._pages_results import export_page, results_page
from ccdkit.app._pages_run import run_page, run_with_progress
from ccdkit.app._pages_start import start_page
from ccdkit.app._workspace import Workspace, start_janitor
from ccdkit.exceptions import CcdkitError
from ccdkit.text import LANGUAGES, tr

#: The pages in the order of a study, then the auditor of published tables.
PAGES = {"start": start_page, "data": data_page, "design": design_page,
         "methods": methods_page, "run": run_page, "results": results_page,
         "export": export_page, "audit": audit_page}


def _options() -> dict:
    try:
        return json.loads(os.environ.get(APP_ENV, "{}"))
    except ValueError:
        return {}


def _workspace(options: dict) -> Workspace:
    """The session's workspace, made on its first page view (with the command line's
    demo or study folder)."""
    state = st.session_state
    if "ws" in state and state.ws.closed:  # back after the session had ended
        del state["ws"]
        st.info(tr("app.expired", options.get("lang") or "zh"))
    if "ws" not in state:
        _janitor()
        ws = Workspace(max_upload_mb=float(options.get("max_upload_mb") or 50))
        ctx = get_script_run_ctx()
        ws.owner = ctx.session_id if ctx is not None else None
        state.ws = ws
        lang = options.get("lang") or "zh"
        if options.get("demo"):
            ws.start("demo", lang=lang)
            state.autorun = True
        elif options.get("study"):
            ws.open_folder(options["study"])
            lang = options.get("lang") or ws.language
        state.lang = lang
        state.page = "results" if options.get("demo") else ("data" if options.get("study")
                                                              else "start")
    return state.ws


def _janitor() -> None:
    """Remove the folders of ended sessions (those disconnected for longer than
    Streamlit keeps a session for a reconnect)."""
    if not runtime.exists():  # tests without a server
        return
    start_janitor(lambda sid: runtime.get_instance().is_active_session(sid),
                  grace=float(st.get_option("server.disconnectedSessionTTL")))


def _sidebar(ws: Workspace) -> tuple[str, str]:
    state = st.session_state
    if "goto" in state:
        state.page = state.pop("goto")
    with st.sidebar:
        lang = st.selectbox("语言 / Language", LANGUAGES, key="lang",
                            format_func=lambda code: tr(f"app.language.{code}", code))
        st.radio(tr("app.pages", lang), list(PAGES), key="page",
                 format_func=lambda p: tr(f"app.page.{p}", lang))
        if ws.config is not None:
            title = (ws.config.get("study") or {}).get("title") or {}
            name = title.get(lang) if isinstance(title, dict) else title
            st.caption(tr("app.current_study", lang, name=name or
                          (ws.config.get("study") or {}).get("name", "study")))
        st.caption(tr("app.local_only", lang))
    return state.page, lang


def main() -> None:
    """One view of the page."""
    st.set_page_config(page_title="ccdkit", layout="wide")
    options = _options()
    try:
        ws = _workspace(options)
    except CcdkitError as exc:
        st.error(str(exc))
        return
    page, lang = _sidebar(ws)
    try:
        if st.session_state.pop("autorun", False):
            run_with_progress(ws, lang)
        PAGES[page](ws, lang)
    except CcdkitError as exc:
        st.error(str(exc))
    except Exception as exc:  # a defect: one line, never a traceback in the page
        st.error(tr("app.unexpected", lang, kind=type(exc).__name__, text=str(exc)))
