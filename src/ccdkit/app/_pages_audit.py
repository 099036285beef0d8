"""Audit a table: which coupling formula did a published (or a colleague's) table use, and
are its numbers consistent? Paste it from Excel or a PDF, or upload it; no study needed."""

from __future__ import annotations

import streamlit as st

from ccdkit.coupling import audit
from ccdkit.data import read_printed_table
from ccdkit.exceptions import DataError
from ccdkit.text import tr

_NONE = "—"


def audit_page(ws, lang: str) -> None:
    st.header(tr("app.page.audit", lang))
    st.write(tr("app.audit.intro", lang))
    table = _table(ws, lang)
    if table is None:
        return
    columns = [str(c) for c in table.columns]
    table.columns = columns
    guess = [c for c in columns if c.upper().startswith("U")] or columns[1:3]
    systems = st.multiselect(tr("app.audit.systems", lang), columns, default=guess,
                             key="audit_systems")
    picks = {}
    options = [_NONE, *columns]
    for box, key in zip(st.columns(4), ("C", "T", "D", "type")):  # preselected by name
        with box:
            picks[key] = st.selectbox(tr(f"app.audit.column_{key.lower()}", lang), options,
                                      index=options.index(key) if key in columns else 0,
                                      key=f"audit_{key}")
    weights = st.text_input(tr("app.audit.weights", lang), key="audit_weights",
                            help=tr("app.audit.weights_help", lang))
    if st.button(tr("app.audit.run", lang), type="primary", key="audit_run"):
        _show(table, systems, picks, weights, lang)


def _table(ws, lang: str):
    """The pasted or uploaded table, read as printed (None until there is one)."""
    pasted = st.text_area(tr("app.audit.paste", lang), key="audit_paste", height=160)
    upload = st.file_uploader(tr("app.audit.upload", lang), type=["csv", "tsv", "txt", "xlsx"],
                              key="audit_upload")
    if upload is not None:
        if upload.size > ws.max_bytes:
            st.error(tr("app.audit.too_large", lang, mb=ws.max_bytes / 1024 / 1024))
            return None
        return read_printed_table(upload.getvalue(), name=upload.name)
    if pasted.strip():
        return read_printed_table(pasted.encode("utf-8"), name=tr("app.audit.pasted", lang))
    return None


def _show(table, systems, picks, weights: str, lang: str) -> None:
    chosen = {k: (None if v == _NONE else v) for k, v in picks.items()}
    try:
        w = [float(x) for x in weights.replace(",", " ").split()] if weights.strip() else None
    except ValueError:
        raise DataError(tr("app.audit.bad_weights", lang, text=weights)) from None
    result = audit(table, systems, c=chosen["C"], t=chosen["T"], d=chosen["D"],
                   type_column=chosen["type"], weights=w)
    st.markdown("\n\n".join(result.summary(lang).splitlines()))
    st.dataframe(result.readable(result.fits, lang), hide_index=True)
    for frame, title in ((result.outside(), "app.audit.outside"),
                         (result.issues, "app.audit.issues")):
        if len(frame):
            st.subheader(tr(title, lang))
            st.dataframe(result.readable(frame, lang), hide_index=True)
