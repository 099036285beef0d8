"""Config forms generated from the declarations (:func:`ccdkit.specs.form_fields`): each
option's widget shows its default, allowed values, bounds, label and one-line help in the
page's language. A form returns the block with the options the user set; options left at
what the config has are left as they are (a study opens and saves unchanged)."""

from __future__ import annotations

import math

import streamlit as st
import yaml

from ccdkit.specs import REGISTRIES, FormField, form_fields
from ccdkit.text import (
    AGGLOMERATION_INDEX_LABELS,
    CHOICE_LABELS,
    MESSAGES,
    METHOD_LABELS,
    option_help,
    option_label,
    tr,
)

__all__ = ["block_form", "method_form", "choice_text", "FormProblem", "page_head",
           "save_config"]


def page_head(ws, page: str, lang: str) -> bool:
    """A page's title and introduction; False (with a pointer to the Start page) when
    there is no study yet."""
    st.header(tr(f"app.page.{page}", lang))
    if ws.config is None:
        st.info(tr("app.no_study", lang))
        return False
    st.write(tr(f"app.{page}.intro", lang))
    return True


def save_config(ws, cfg: dict, lang: str) -> None:
    """Save a changed config, or say why not in the config error's words."""
    from ccdkit.exceptions import ConfigError

    try:
        ws.update(cfg)
    except ConfigError as exc:
        st.error(tr("app.not_saved", lang) + "\n\n" + str(exc))
    else:
        st.success(tr("app.saved", lang))


class FormProblem(ValueError):
    """A value typed into a form that is not valid YAML (named by its option key)."""


def choice_text(value, lang: str) -> str:
    """A config value as a form shows it: its label where the catalogue has one."""
    key = str(value)
    labels = (CHOICE_LABELS.get(key) or METHOD_LABELS.get(key)
              or AGGLOMERATION_INDEX_LABELS.get(key))
    if labels is None and f"app.choice.{key}" in MESSAGES:
        labels = {lang: tr(f"app.choice.{key}", lang)}
    return f"{labels[lang]} ({value})" if labels else key


def _yaml_text(value) -> str:
    if value is None:
        return ""
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True,
                          width=10_000).strip().removesuffix("...").strip()


def _number(f: FormField, value, label: str, help_: str, key: str):
    is_int = f.kind == "int"
    step = 1 if is_int else None
    lo = f.minimum if f.minimum is not None and math.isfinite(f.minimum) else None
    hi = f.maximum if f.maximum is not None and math.isfinite(f.maximum) else None
    if not is_int and f.exclusive[0] and lo is not None:
        lo = None  # an open bound: the config's check refuses the bound itself
    if not is_int and f.exclusive[1] and hi is not None:
        hi = None
    cast = int if is_int else float
    return st.number_input(label, min_value=cast(lo) if lo is not None else None,
                           max_value=cast(hi) if hi is not None else None,
                           value=cast(value), step=step, help=help_, key=key,
                           format=None if is_int else "%g")


def field_widget(f: FormField, value, *, option: str, lang: str, key: str):
    """One option's widget; returns the value the user set."""
    label, help_ = option_label(option, lang), option_help(option, lang, f.description)
    if f.kind == "choice" and value in f.choices:
        return st.selectbox(label, f.choices, index=list(f.choices).index(value), help=help_,
                            key=key, format_func=lambda v: choice_text(v, lang))
    if f.kind == "choices" and isinstance(value, list) and set(value) <= set(f.choices):
        return st.multiselect(label, f.choices, default=value, help=help_, key=key,
                              format_func=lambda v: choice_text(v, lang))
    if f.kind == "bool" and isinstance(value, bool):
        return st.checkbox(label, value=value, help=help_, key=key)
    if f.kind in ("int", "float") and isinstance(value, (int, float)) and not isinstance(
            value, bool):
        return _number(f, value, label, help_, key)
    text = st.text_input(label, _yaml_text(value), help=help_, key=key)
    if not text.strip():
        return None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        raise FormProblem(f"{option}: {text!r} is not a value (YAML: 5, 0.5, text, "
                          "[1, 2], {a: 1})") from None


def block_form(fields, values: dict, *, option: str, lang: str, key: str,
               skip: tuple = ()) -> dict:
    """The widgets of a config block; returns the block with the user's values. A value
    that is not YAML is reported (:class:`FormProblem`) after every widget is shown."""
    values = dict(values or {})
    problems = []
    for f in fields:
        name = f.key.split(".")[-1]
        if name in skip:
            continue
        current = values.get(name, f.default)
        try:
            if f.kind == "block":
                st.markdown(f"**{option_label(f'{option}.{name}', lang)}**")
                new = block_form(f.fields, current if isinstance(current, dict) else {},
                                 option=f"{option}.{name}", lang=lang, key=f"{key}.{name}")
                current = current or {}
            else:
                new = field_widget(f, current, option=f"{option}.{name}", lang=lang,
                                   key=f"{key}.{name}")
        except FormProblem as exc:
            problems.append(str(exc))
            continue
        if new != current:
            values[name] = new
    if problems:
        raise FormProblem("\n".join(problems))
    return values


def method_form(family: str, value, *, option: str, lang: str, key: str) -> dict:
    """A method family's block (``weighting``, ``scoring``): the method, then its own
    parameters (another method's are dropped when the method changes)."""
    registry = REGISTRIES[family]
    value = {"method": value} if isinstance(value, str) else dict(value or {})
    method = value.get("method", registry.default)
    names = list(registry)
    chosen = st.selectbox(option_label(option, lang), names, index=names.index(method)
                          if method in names else 0, key=f"{key}.method",
                          format_func=lambda v: choice_text(v, lang))
    if chosen != method:
        value = {"method": chosen}
    fields = form_fields(registry[chosen].params)
    params = block_form(fields, {k: v for k, v in value.items() if k != "method"},
                        option=f"{family}.{chosen}", lang=lang, key=f"{key}.{chosen}")
    return {"method": chosen, **params}
