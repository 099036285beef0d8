"""Methods: every option of every step, as forms generated from the declarations."""

from __future__ import annotations

import copy
from typing import get_args

import streamlit as st

from ccdkit.app._forms import FormProblem, block_form, method_form, page_head, save_config
from ccdkit.app._workspace import Workspace
from ccdkit.specs import form_fields
from ccdkit.study import AgglomerationSystem, IndicatorSystem, Study
from ccdkit.text import pick, tr

#: The config blocks of the steps, in the order of a run (``None``: always present).
BLOCKS = ("impute", "coupling", "detector", "spatial", "dynamics", "econometrics",
          "robustness", "output")
#: Options edited on the design page, not here.
_DESIGN_KEYS = {"systems": ("id", "type", "label", "dimensions", "weighting", "scoring"),
                "detector": ("factors",)}
_CHAPTERS = ("spatial", "dynamics", "econometrics", "robustness")


def _model(block: str):
    ann = Study.model_fields[block].annotation
    return next(a for a in (get_args(ann) or (ann,)) if a is not type(None))


def methods_page(ws: Workspace, lang: str) -> None:
    if not page_head(ws, "methods", lang):
        return
    for i, system in enumerate(ws.config.get("systems") or []):
        if isinstance(system, dict):
            _system(ws, i, system, lang)
    for block in BLOCKS:
        _block(ws, block, lang)


def _system(ws: Workspace, i: int, system: dict, lang: str) -> None:
    model = AgglomerationSystem if system.get("type") == "agglomeration" else IndicatorSystem
    label = system.get("label")
    name = (pick({"zh": label.get("zh") or system.get("id"), "en": label.get("en") or
                  system.get("id")}, lang) if isinstance(label, dict) else label) or system.get("id")
    key = f"m{ws.generation}.systems[{i}]"
    with st.expander(tr("app.methods.system", lang, name=name), expanded=i == 0):
        with st.form(key):
            new = dict(system)
            try:
                for family in ("weighting", "scoring"):
                    if family in model.model_fields:
                        value = method_form(family, system.get(family), option=f"systems.{family}",
                                            lang=lang, key=f"{key}.{family}")
                        if value != _normal(system.get(family)):
                            new[family] = value
                new = block_form(form_fields(model), new, option="systems", lang=lang, key=key,
                                 skip=_DESIGN_KEYS["systems"])
            except FormProblem as exc:
                st.error(str(exc))
                new = None
            if st.form_submit_button(tr("app.apply", lang)) and new is not None:
                cfg = copy.deepcopy(ws.config)
                cfg["systems"][i] = new
                save_config(ws, cfg, lang)


def _normal(value) -> dict | None:
    if value is None:
        return None
    return {"method": value} if isinstance(value, str) else dict(value)


def _block(ws: Workspace, block: str, lang: str) -> None:
    key = f"m{ws.generation}.{block}"
    present = isinstance(ws.config.get(block), dict)
    with st.expander(tr(f"app.methods.block.{block}", lang)):
        with st.form(key):
            include = True
            if block in _CHAPTERS:
                include = st.checkbox(tr("app.methods.include", lang), value=present,
                                      key=f"{key}.include")
            new = None
            try:
                new = block_form(form_fields(_model(block)), ws.config.get(block) or {},
                                 option=block, lang=lang, key=key,
                                 skip=_DESIGN_KEYS.get(block, ()))
            except FormProblem as exc:
                st.error(str(exc))
            if st.form_submit_button(tr("app.apply", lang)) and new is not None:
                cfg = copy.deepcopy(ws.config)
                if include and (new or block in cfg or block in _CHAPTERS):
                    cfg[block] = new
                elif not include:
                    cfg.pop(block, None)
                save_config(ws, cfg, lang)
