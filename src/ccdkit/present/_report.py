"""The self-contained HTML report of a study run (reads results, computes nothing)."""

from __future__ import annotations

import base64
import functools
import html
import json
import re

import numpy as np
import pandas as pd

from ..coupling import COORDINATION_TYPES
from ..data import (check_language, coordination_labels, group_label, interaction_label,
                    localize_table, region_display, space_cjk, spatial_class_label,
                    unit_label)
from ..geodetector import SMALL_N_PER_STRATUM
from ..spatial import HOTSPOT_CLASSES
from ..study import (
    IndicatorSystem,
    dynamics_tables,
    econometrics_tables,
    render_message,
    robustness_tables,
)
from ..text import COMPASS, DETECTOR_MODEL_SHORT, DYNAMIC_STATE_LABELS, ELLIPSE_CONVENTION_LABELS, ECONOMETRICS_LABELS, MODEL_SHORT, tr
from ._figures import figure_plan
from ._font import FONT_FAMILY, font_face_css
from ._methods import (
    METHOD_NAMES,
    method_name,
    econometrics_setting,
    links_text,
    methods_paragraph,
    weights_text,
)

__all__ = ["render_report", "REPORT_SECTIONS", "number_tables", "zh_spacing"]

#: Section ids of the report, in order.
REPORT_SECTIONS = ("overview", "methods", "indicators", "types", "indices", "coupling", "detector",
                   "spatial", "dynamics", "econometrics", "robustness", "imputation",
                   "warnings", "options")

_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",Arial,sans-serif;
max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.5}
h1{border-bottom:2px solid #345;padding-bottom:.3em}h2{margin-top:2em;color:#345}
table{border-collapse:collapse;margin:.8em 0;font-size:.85em}
th,td{border:1px solid #ccd;padding:.25em .6em;text-align:right}
th{background:#e8edf4}td:first-child,th:first-child,.l{text-align:left}
.banner{background:#fff3cd;border:1px solid #e0b84c;padding:.8em;font-weight:bold}
.note{color:#555;font-size:.9em}figure{margin:1em 0}figure img{max-width:100%}
pre{background:#f6f8fa;padding:1em;overflow:auto;font-size:.8em}
.table-wrap{overflow-x:auto;max-width:100%}th,td{white-space:nowrap}
nav.toc ol{columns:2;font-size:.9em}figcaption{font-size:.9em;color:#333}
details summary{cursor:pointer;color:#345}
caption{caption-side:top;text-align:left;font-size:.9em;color:#333;padding:.2em 0}
@page{size:A4;margin:14mm 12mm}
@media print{nav.toc,details{display:none}.table-wrap{overflow:visible}
body{max-width:none;margin:0;font-size:10pt}table{font-size:7.5pt}
th{white-space:normal;padding:.2em .3em}td{padding:.15em .3em}
.table-wrap.wide table{font-size:6.3pt;width:100%}.table-wrap.wide td.l{white-space:normal}
.table-wrap.short{break-inside:avoid;page-break-inside:avoid}
h2,h3{break-after:avoid;page-break-after:avoid}
figure,tr,caption{break-inside:avoid;page-break-inside:avoid}
figure img{max-height:240mm}}
"""

def _method_note(options: dict, lang: str) -> str:
    """How a system was scored, in words (the exact parameters are in the options section)."""
    def name(key):
        return METHOD_NAMES.get(key, {}).get(lang, key)

    return tr("report.method_note", lang, weighting=name(options["weighting"]["method"]),
              scoring=name(options["scoring"]["method"]), pooling=name(options["pooling"]))


def _details(summary: str, content: str) -> str:
    return f"<details><summary>{html.escape(summary)}</summary>{content}</details>"


def _t(key: str, lang: str) -> str:
    return tr(f"report.{key}", lang)


def _heads(lang: str, *columns: str, **values) -> dict[str, str]:
    """Headers of the named columns (``report.col.<column>``) in ``lang``."""
    return {c: tr(f"report.col.{c}", lang, **values) for c in columns}


#: Columns shown as p-values: three decimals, "< 0.001" below that.
P_COLUMNS = {"p", "p_central", "p_permutation", "p12", "p12_permutation", "p_enhance",
             "p_norm", "p_sim", "p_value", "lr_p", "wald_p", "p_spatial", "p12_spatial"}


def _format_column(col: pd.Series, name: str, digits: int) -> pd.Series:
    """Display strings: p-values as 0.012 / < 0.001, whole-number columns (counts, ranks,
    years) without decimals, other numbers with ``digits`` decimals; missing as blank."""
    if not pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
        return col
    values = pd.to_numeric(col, errors="coerce").astype(float)
    finite = values[np.isfinite(values)]
    if name in P_COLUMNS:
        return values.map(lambda v: "" if not np.isfinite(v) else
                          ("< 0.001" if v < 0.001 else f"{v:.3f}"))
    if len(finite) and (finite == finite.round()).all() and (
            pd.api.types.is_integer_dtype(col) or finite.abs().max() >= 1 or name in (
                "rank", "N", "L", "k", "n_classes", "year", "singletons", "missing")):
        return values.map(lambda v: "" if not np.isfinite(v) else f"{int(v):d}")
    return values.map(lambda v: "" if not np.isfinite(v) else f"{v:.{digits}f}")


def format_break(v: float) -> str:
    """A break for reading: four significant digits in fixed notation with thousands
    separators (36,370, 14.88, 0.1940), never scientific notation; the report joins breaks
    with "; " so that a thousands comma cannot be read as a separator between breaks."""
    if not np.isfinite(v):
        return ""
    if v == 0:
        return "0"
    decimals = int(min(6, max(0, 3 - np.floor(np.log10(abs(v))))))
    return f"{v:,.{decimals}f}"


#: English headers of the report's tables (the CSVs keep the column names).


def _table(frame: pd.DataFrame, lang: str, digits: int = 4, extra=None, max_rows=None,
           values=None, caption: str | None = None) -> str:
    if max_rows is not None and len(frame) > max_rows:
        frame = frame.head(max_rows)
    frame = frame.copy()
    numeric = [pd.api.types.is_numeric_dtype(frame[c]) and not
               pd.api.types.is_bool_dtype(frame[c]) for c in frame.columns]
    for name in frame.columns:
        frame[name] = _format_column(frame[name], str(name), digits)
    frame = localize_table(frame, lang, extra, values=values, readable=True)
    # numbers right-aligned, text left-aligned
    cls = ["" if n else " class='l'" for n in numeric]
    head = "".join(f"<th{c}>{html.escape(str(h))}</th>" for c, h in zip(cls, frame.columns))
    rows = "".join(
        "<tr>" + "".join(f"<td{c}>{'' if _blank(v) else html.escape(str(v))}</td>"
                         for c, v in zip(cls, row)) + "</tr>"
        for row in frame.itertuples(index=False, name=None))
    wide = (" wide" if len(frame.columns) > 7 else "") + (" short" if len(frame) <= 15 else "")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f"<div class='table-wrap{wide}'><table>{cap}<thead><tr>{head}</tr></thead>"
            f"<tbody>{rows}</tbody></table></div>")


def zh_spacing(page: str) -> str:
    """One spacing rule for Chinese text: a space between a Chinese character and a Latin
    letter or digit next to it (q 值, 2023 年, R&D 经费), in the text between tags only (not
    in markup, embedded data, or the config listing).

    >>> zh_spacing("<p>2023年q值为0.5，R&D经费</p><pre>a年</pre>")
    '<p>2023 年 q 值为 0.5，R&D 经费</p><pre>a年</pre>'
    """
    parts = re.split(r"(<pre>.*?</pre>|<style>.*?</style>|<[^>]+>)", page, flags=re.S)
    return "".join(p if p.startswith("<") else space_cjk(p) for p in parts)


_TOKENS = re.compile(r"<h([23])>(.*?)</h\1>|<table><caption>(.*?)</caption>|<table>", re.S)


def number_tables(page: str, lang: str) -> str:
    """Number every table of the report in reading order (表 1, Table 1, ...), each with a
    caption: its own, else the heading it stands under ("(2)" when a heading has several).

    >>> number_tables("<h3>A</h3><table></table><table><caption>B</caption></table>", "en")
    '<h3>A</h3><table><caption>Table 1. A</caption></table><table><caption>Table 2. B</caption></table>'
    """
    heading, count, under = "", 0, 0

    def replace(m: re.Match) -> str:
        nonlocal heading, count, under
        if m.group(1):
            heading, under = re.sub(r"<[^>]+>", "", m.group(2)), 0
            return m.group(0)
        count += 1
        under += 1
        text = m.group(3) if m.group(3) is not None else html.escape(html.unescape(heading)) + (
            f" ({under})" if under > 1 else "")
        label = tr("report.table_label", lang, number=count)
        return f"<table><caption>{label}{text}</caption>"

    return _TOKENS.sub(replace, page)


def _blank(v) -> bool:
    return v is None or (isinstance(v, float) and not np.isfinite(v)) or v is pd.NA


def _indicator_section(result, lang: str) -> str:
    parts = []
    labels = result.labels(lang)
    for s in result.study.systems:
        idx = result.systems[s.id]
        last = list(idx.weights)[-1]
        wres = idx.weights[last]
        w = wres.to_frame().reset_index()
        note = ("" if idx.pooled else
                f"<p class='note'>{tr('report.weights_per_year', lang, year=last)}</p>")
        rows = []
        units = {}
        directions = {}
        if isinstance(s, IndicatorSystem):
            for _, i in s.tree():
                units[i.id] = unit_label(i.unit.get(lang, ""), lang) if i.unit else ""
                directions[i.id] = i.direction
        for _, r in w.iterrows():
            rows.append({
                "dimension": labels.get(r.get("dimension", ""), r.get("dimension", "")),
                "indicator": labels.get(r["indicator"], r["indicator"]),
                "unit": units.get(r["indicator"], ""),
                # the minus sign, not a hyphen
                "direction": directions.get(r["indicator"], "+").replace("-", "−"),
                "weight": r["weight"],
                **({"local_weight": r["local_weight"], "dimension_weight": r["dimension_weight"]}
                   if "local_weight" in r else {}),
            })
        frame = pd.DataFrame(rows)
        if "dimension" in frame and (frame["dimension"] == "").all():
            frame = frame.drop(columns="dimension")
        title = labels.get(s.id, s.id)
        parts.append(f"<h3>{html.escape(title)}</h3><p class='note'>"
                     + html.escape(_method_note(idx.options, lang)) + "</p>"
                     + note + _table(frame, lang, extra=_heads(lang, "unit", "direction"),
                                     caption=tr("report.caption.indicators", lang,
                                                title=title)))
        if wres.ahp:
            group = {k: tr(f"report.matrix.{k}", lang) for k in ("dimensions", "all")}
            crs = pd.DataFrame([{"matrix": group.get(k, labels.get(k, k)),
                                 "order": len(a.weights), "lambda_max": a.lambda_max,
                                 "CI": a.CI, "CR": a.CR} for k, a in wres.ahp.items()])
            parts.append(_table(crs, lang, extra=_heads(lang, "matrix", "order", "lambda_max",
                                                        "CI", "CR"),
                                caption=tr("report.caption.consistency", lang, title=title)))
    return "".join(parts)


def _types_section(lang: str) -> str:
    rows = []
    names = coordination_labels(lang)
    for i, (lo, *_) in enumerate(COORDINATION_TYPES):
        hi = COORDINATION_TYPES[i + 1][0] if i + 1 < len(COORDINATION_TYPES) else 1.0
        interval = f"[{lo:.1f}, {hi:.1f}" + ("]" if i == len(COORDINATION_TYPES) - 1 else ")")
        rows.append({"D": interval, "type": names[i]})
    return _table(pd.DataFrame(rows), lang)


def _by_group_wide(levels: pd.DataFrame, column: str, groups, lang: str,
                   whole: str) -> pd.DataFrame:
    """A long (year, group) table of means as year x group columns, all units first."""
    wide = levels.pivot(index="year", columns="group", values=column)
    wide = wide[["nation", *[g for g in groups if g in wide.columns]]]
    wide.columns = [whole if c == "nation" else group_label(c, lang) for c in wide.columns]
    return wide.reset_index()


def _indices_section(result, lang: str) -> str:
    parts = []
    for sid in result.systems:
        frame = _by_group_wide(result.index_levels, sid, result.study.groups, lang,
                               result.value_labels(lang)["nation"])
        parts.append(f"<h3>{html.escape(result.labels(lang).get(sid, sid))}</h3>"
                     + _table(frame, lang))
    return "".join(parts)


def _coupling_section(result, lang: str) -> str:
    s = result.coupling_summary
    wide = _by_group_wide(s.by_group, "D", s.groups, lang, result.value_labels(lang)["nation"])
    shares = s.to_frames(lang)["type_shares"].pivot(index="year", columns="type",
                                                     values="count")
    shares = shares.loc[:, shares.sum() > 0]
    shares.columns = [str(c) for c in shares.columns]
    parts = [_h3(lang, "mean_D"), _table(wide, lang),
             _h3(lang, "types_count"), _table(shares.reset_index(), lang, digits=0)]
    labels = result.labels(lang)
    last = result.coupling.to_frame(lang=lang, labels=labels)
    last = last[last["year"] == last["year"].max()].sort_values("D", ascending=False)
    parts += [_h3(lang, "D_by_region", year=int(last["year"].iloc[0])),
              _table(last.drop(columns=["year"]).rename(columns=labels), lang)]
    if len(s.gini):
        cols = ["year", "G", "G_within", "G_between", "G_transvariation"]
        parts += [_h3(lang, "gini"), _table(s.gini[cols], lang)]
    return "".join(parts) + _validity_part(s.diagnostics, lang) + _dynamic_part(
        s.dynamic, result.labels(lang), lang)


def _dynamic_part(dyn, labels: dict, lang: str) -> str:
    """The dynamic coupling states of the last year in words."""
    if dyn is None:
        return ""
    last = dyn.counts[dyn.counts["year"] == dyn.counts["year"].max()]
    sep = tr("sep.list", lang)
    counts = sep.join(f"{DYNAMIC_STATE_LABELS[r.state][lang]} {r.count}"
                      for r in last.itertuples() if r.state != "stagnant")
    first = dyn.options["systems"][0]
    text = tr("report.coupling_dynamic", lang, first=labels.get(first, first),
              speed=dyn.speed_text(lang),
              year=int(last["year"].iloc[0]), counts=counts or "—")
    return _h3(lang, "coupling_dynamic") + f"<p>{html.escape(text)}</p>"


def _validity_part(diag, lang: str) -> str:
    """The coupling diagnostics in one paragraph (methods.md, "Coupling diagnostics")."""
    if diag is None:
        return ""
    v, o = diag.value, diag.options
    text = tr("report.coupling_validity", lang, n=int(v("N")), c_median=v("c_median"),
              c_iqr=v("c_iqr"), share_high=v("share_c_high"), high_c=o["high_c"],
              share_t=v("share_t_of_d"), other=method_name(o["compared_with"], lang),
              rho_c=v("spearman_c_other"), rho_d=v("spearman_d_other"),
              changes=v("share_type_changes_other"), pseudo=v("share_pseudo"),
              low_t=o["low_t"], shift=o["shift"], dc=v("shift_max_dc"),
              verdict=tr("report.coupling_verdict." + ("ok" if diag.discriminates
                                                       else "saturated"), lang))
    return _h3(lang, "coupling_validity") + f"<p>{html.escape(text)}</p>"


def _detector_section(result, lang: str) -> str:
    if not result.detector:
        return "<p>—</p>"
    labels = result.labels(lang)
    parts = []
    level = result.study.detector.ci_level
    small = False
    for year, res in result.detector.items():
        f = res.factor
        small |= bool(((f["L"] >= 2) & (f["N"] < SMALL_N_PER_STRATUM * f["L"])).any())
        frame = pd.DataFrame({
            "factor": f["factor"], "label": f["factor"].map(lambda v: labels.get(v, v)),
            "q": f["q"], "q_adj": f["q_adj"],
            "q_ci": [("—" if not np.isfinite(lo) else f"[{lo:.3f}, {hi:.3f}]")
                     for lo, hi in zip(f["q_ci_low"], f["q_ci_high"])],
            "p": f["p"], "p_permutation": f["p_permutation"],
            **({"p_spatial": f["p_spatial"]} if "p_spatial" in f else {}), "rank": f["rank"],
            "N": f["N"], "L": f["L"]})
        parts.append(f"<h3>{year}</h3>" + _table(
            frame, lang, extra=_heads(lang, "label", "q_ci", level=level),
            caption=tr("report.caption.factor", lang, year=year)))
    if small:
        parts.append(f"<p class='note'>{tr('report.note.small_strata', lang)}</p>")
    parts.append(_spatial_p_note(next(iter(result.detector.values())), labels, lang))
    for year, res in result.detector.items():
        m = res.interaction_matrix()
        parts.append(_h3(lang, "interactions", year=year) + _table(
            m.reset_index().rename(columns={"index": "factor"}), lang))
        if res.interaction is not None:
            it = res.interaction
            sig = it["enhance_significant"]
            pairs = pd.DataFrame({
                "factor1": it["factor1"], "factor2": it["factor2"], "q12": it["q12"].where(
                    it["type"].map(lambda t: isinstance(t, str))), "q12_adj": it["q12_adj"],
                "p_enhance": it["p_enhance"],
                "type": [interaction_label(t, lang, v) for t, v in zip(it["type"], sig)],
                "reason": it["reason"]})
            heads = _heads(lang, "factor1", "factor2", "q12", "q12_adj", "p_enhance",
                           "interaction_type", "reason")
            parts.append(_table(pairs, lang, extra={**heads, "type": heads["interaction_type"]},
                                caption=tr("report.caption.interaction_types", lang,
                                           year=year)))
        disc = []
        for f, d in res.discretization.items():
            best = getattr(d, "best", d)
            disc.append({"factor": f, "method": best.method, "k": best.k,
                         "n_classes": best.n_classes,
                         "breaks": "; ".join(format_break(v) for v in best.breaks)})
        if disc:
            parts.append(_table(pd.DataFrame(disc), lang,
                                caption=tr("report.caption.discretization", lang,
                                           year=year)))
        parts.append(_models_part(year, res, labels, lang, result.study.detector.alpha))
        notes = [render_message(m, lang, labels) for m in result.messages
                 if m.context.get("year") == year]
        if notes:
            parts.append("<p class='note'>" + "<br>".join(html.escape(n) for n in notes)
                         + "</p>")
    return "".join(parts)


def _spatial_p_note(first, labels: dict, lang: str) -> str:
    """The note under the factor tables when they carry the spatial p."""
    if "p_spatial" not in first.factor or not first.factor["p_spatial"].notna().any():
        return ""
    y = first.options["y"]
    return "<p class='note'>" + html.escape(tr(
        "report.note.p_spatial", lang, y=labels.get(y, y),
        n=first.options["spatial_null"]["permutations"])) + "</p>"


def _models_part(year, res, labels: dict, lang: str, alpha: float) -> str:
    """The newer detector models of one year: q of every factor by model (* = the
    refitted permutation p <= alpha), LESH's Shapley values, IDSA's best subset."""
    if not res.models:
        return ""
    wide = pd.DataFrame({"factor": res.factor["factor"]})
    wide["label"] = wide["factor"].map(lambda v: labels.get(v, v))
    heads = {"label": tr("report.col.label", lang)}
    for name, r in [("gd", res), *res.models.items()]:
        f = getattr(r, "factor", None)
        if f is None or "q" not in f:
            continue
        p = f["p_permutation"] if "p_permutation" in f else pd.Series(np.nan, index=f.index)
        cell = {a: ("—" if not np.isfinite(q) else f"{q:.3f}" + ("*" if pv <= alpha else ""))
                for a, q, pv in zip(f["factor"], f["q"], p.fillna(np.inf))}
        wide[name] = wide["factor"].map(cell)
        heads[name] = DETECTOR_MODEL_SHORT[name]
    parts = [_h3(lang, "models", year=year),
             _table(wide.drop(columns="factor"), lang, extra=heads),
             f"<p class='note'>{html.escape(tr('report.note.models', lang, n=int(res.factor['N'].max()), alpha=alpha))}</p>"]
    if "lesh" in res.models:
        lesh = res.models["lesh"]
        sh = lesh.shapley.assign(factor=lambda t: t["factor"].map(lambda v: labels.get(v, v)))
        parts.append(_table(sh, lang, caption=tr("report.caption.lesh", lang, year=year,
                                                  mode=tr(f"report.lesh_mode.{lesh.mode}",
                                                          lang))))
    if "idsa" in res.models:
        i = res.models["idsa"]
        best = " ∩ ".join(labels.get(v, v) for v in i.best)
        parts.append("<p>" + html.escape(tr("report.idsa_best", lang, best=best,
                                              pid=float(i.interaction["pid"].iloc[0]),
                                              zones=i.n_zones, single=i.single_share)) + "</p>")
    return "".join(parts)


def _not_run(block: str, lang: str) -> str:
    return tr("report.not_run", lang, block=block)


def _weights_note(weights, lang: str) -> str:
    """The spatial weights in one line: kind, transform, links, added links, islands."""
    card = np.array([len(weights.w.neighbors[i]) for i in weights.ids])
    o = weights.options
    none = tr("report.none", lang)
    added = links_text(weights.links, lang)
    islands = tr("sep.list", lang).join(region_display(r, lang) for r in weights.islands)
    return tr("report.weights_note", lang,
              kind=tr(f"report.weights_kind.{o['type']}", lang,
                      **({"k": o.get("k")} if o["type"] == "knn" else {})),
              transform=tr(f"methods.transform.{o['transform']}", lang), n=len(weights.ids),
              links=int(card.sum()), mean=card.mean(), min=int(card.min()),
              max=int(card.max()), added=added or none, islands=islands or none)


def _spatial_section(result, lang: str) -> str:
    sp = getattr(result, "spatial", None)
    if sp is None:
        return _not_run("spatial", lang)
    values = result.value_labels(lang)
    parts = ["<p class='note'>" + html.escape(_weights_note(sp.weights, lang)) + "</p>"]
    cols = ["variable", "year", "N", "I", "EI", "z_norm", "p_norm", "p_sim"]
    parts.append(_h3(lang, "moran") + _table(sp.moran.table[cols], lang, values=values,
                                             extra=_heads(lang, "variable")))
    for local, column, order, title in (
            (sp.lisa, "cluster", ("HH", "LL", "HL", "LH", "ns"),
             "lisa_counts"),
            (sp.gistar, "hotspot", tuple(HOTSPOT_CLASSES.values()),
             "hotspot_counts")):
        counts = local.counts(column)
        present = [c for c in order if c in counts.columns]
        counts = counts[["variable", "year", *present]]
        counts.columns = ["variable", "year", *[spatial_class_label(c, lang) for c in present]]
        parts.append(_h3(lang, title) + _table(counts, lang, values=values, digits=0))
    if sp.bivariate is not None:
        parts.append(_h3(lang, "bivariate") + _table(sp.bivariate.table[["variable", "y", "year", "N", "I", "p_sim"]],
                              lang, values=values))
    name = values.get(sp.options["variables"][0], sp.options["variables"][0])
    return "".join(parts) + _gravity_part(sp.patterns, name, lang) + _patterns_part(
        sp.patterns, name, lang, values)


def _gravity_part(p: dict, name: str, lang: str) -> str:
    """Centre of gravity and ellipse: the path in words and the yearly table."""
    if "gravity" not in p:
        return ""
    g = p["gravity"]
    e, m = g.ellipses, g.moves
    dx, dy = m["dx"].sum(), m["dy"].sum()
    heading = np.degrees(np.arctan2(dx, dy)) % 360
    text = tr("report.gravity_text", lang, first=int(e["year"].iloc[0]),
              last=int(e["year"].iloc[-1]), name=name, distance=m["distance"].sum(),
              net=float(np.hypot(dx, dy)), compass=COMPASS[lang][int((heading + 22.5) // 45) % 8],
              major0=e["major"].iloc[0], major1=e["major"].iloc[-1], area0=e["area"].iloc[0],
              area1=e["area"].iloc[-1],
              convention=ELLIPSE_CONVENTION_LABELS[g.options["convention"]][lang])
    cols = ["year", "lon", "lat", "major", "minor", "rotation", "area", "flattening"]
    return (_h3(lang, "gravity", name=name) + f"<p>{html.escape(text)}</p>"
            + _table(e[cols], lang) + _table(m[["from_year", "to_year", "distance", "heading",
                                                 "km_per_year"]], lang))


def _patterns_part(p: dict, name: str, lang: str, values: dict) -> str:
    """Emerging hot spot categories (counts) and the trend surface."""
    parts = []
    if "emerging" in p:
        em = p["emerging"]
        counts = em.regions["category"].value_counts().rename_axis("category").reset_index()
        o = em.options
        hood = tr(f"report.neighbourhood.{o['neighbourhood']}", lang, k=o["time_window"])
        parts += [_h3(lang, "emerging", name=name), _table(counts, lang, digits=0),
                  "<p class='note'>" + html.escape(tr("report.emerging_note", lang,
                                                      alpha=o["alpha"],
                                                      trend_alpha=o["trend_alpha"],
                                                      neighbourhood=hood)) + "</p>"]
    if "trend" in p:
        t = p["trend"]
        row = t.fits[t.fits["chosen"]].iloc[0]
        year = int(p["trend_points"]["year"].iloc[0])
        parts += [_h3(lang, "trend", name=name, year=year), _table(t.fits, lang),
                  "<p>" + html.escape(tr("report.trend_text", lang, order=t.order, r2=row["r2"],
                                         r2_adj=row["r2_adj"], n=len(t.fitted))) + "</p>"]
    return "".join(parts)


def _h3(lang: str, key: str, **values) -> str:
    """A sub-heading (``report.h.<key>``) in the report's language."""
    return f"<h3>{tr(f'report.h.{key}', lang, **values)}</h3>"


def _dynamics_section(result, lang: str) -> str:
    dyn = getattr(result, "dynamics", None)
    if dyn is None:
        return _not_run("dynamics", lang)
    values = result.value_labels(lang)
    t = dynamics_tables(dyn, lang)
    h = functools.partial(_h3, lang)
    parts = [h("kde"),
             _table(t["kde_peaks"].drop(columns=["peaks"]), lang, values=values),
             h("markov"),
             _table(t["markov_classes"], lang),
             h("transitions"),
             _table(t["markov"].pivot(index="from", columns="to", values="p")
                    .reindex(index=t["markov_classes"]["class"],
                             columns=t["markov_classes"]["class"]).rename_axis("from")
                    .reset_index(), lang)]
    mfpt = (t["markov"].pivot(index="from", columns="to", values="mfpt")
            .reindex(index=t["markov_classes"]["class"], columns=t["markov_classes"]["class"])
            .map(lambda v: "" if np.isnan(v) else "∞" if np.isinf(v) else f"{v:.2f}"))
    parts += [h("mfpt"),
              _table(mfpt.rename_axis("from").reset_index(), lang)]
    if (mfpt == "∞").any().any():
        parts.append(f"<p class='note'>{tr('report.note.infinite_mfpt', lang)}</p>")
    if dyn.spatial_markov is not None:
        parts += [h("spatial_markov"),
                  _table(t["spatial_markov_tests"], lang,
                         extra={"p": tr("report.col.p_chi2", lang)})]
    parts += [h("sigma"), _table(t["sigma_convergence"], lang, values=values),
              h("beta"), _table(t["beta_convergence"], lang, values=values,
                                extra=_heads(lang, "p"))]
    name = values.get(dyn.options["variable"], dyn.options["variable"])
    return "".join(parts) + _space_time_part(dyn, t, name, lang)


def _space_time_part(dyn, t: dict, name: str, lang: str) -> str:
    """LISA transitions and their test, the rose, and Theil's indices."""
    st, parts = dyn.space_time, []
    if "lisa_markov" in st:
        lm = st["lisa_markov"]
        shares = lm.types.set_index("move_type")["share"]
        verdict = tr("report.verdict." + ("sig" if lm.test["p"] <= 0.05 else "ns"), lang)
        parts += [_h3(lang, "lisa_markov"), _table(t["lisa_markov_probabilities"], lang),
                  _table(lm.types, lang),
                  "<p>" + html.escape(tr("report.lisa_test", lang, chi2=lm.test["chi2"],
                                         dof=lm.test["dof"], p=lm.test["p"], verdict=verdict,
                                         flux=shares["flux"], cohesion=shares["cohesion"]))
                  + "</p>"]
    if "rose" in st:
        r = st["rose"]
        first, last = r.options["years"]
        parts += [_h3(lang, "rose", first=int(first), last=int(last)),
                  _table(r.sectors, lang),
                  "<p class='note'>" + html.escape(tr("report.rose_note", lang,
                                                      n=r.options["permutations"])) + "</p>"]
    if "theil" in st:
        th = st["theil"]
        parts += [_h3(lang, "theil", name=name), _table(th, lang)]
        if th["theil_L"].isna().any():
            parts.append(f"<p class='note'>{tr('report.theil_zero', lang)}</p>")
    return "".join(parts)


def _decision_text(econ, lang: str) -> str:
    """Why the reported model was chosen, with the p-values of the deciding tests."""
    c, o = econ.choice, econ.options
    p = c.restrictions.set_index("reduces_to")[f"{c.choice_test}_p"]
    lm = c.lm.set_index("test")["p_value"]
    values = {"alpha": c.alpha, "test": tr(f"report.econ.test.{c.choice_test}", lang),
              "p_ols": f"{p['ols']:.3f}", "p_sar": f"{p['sar']:.3f}", "p_sem": f"{p['sem']:.3f}",
              "p_rlag": f"{lm['robust_lm_lag']:.3f}", "p_rerr": f"{lm['robust_lm_error']:.3f}"}
    chosen = tr(f"report.econ.reason.{c.reason}", lang, **values)
    if o["model"] == "auto":
        return chosen
    return (tr("report.econ.reason.configured", lang, model=MODEL_SHORT[o["model"]])
            + tr("report.econ.reason.tests_chose", lang, chosen=MODEL_SHORT[c.chosen]))


def _hausman_part(test, tables: dict, lang: str) -> str:
    """The Hausman test's table and what it says (nothing when it was not run)."""
    if test is None:
        return ""
    r = test.iloc[0]
    key = ("indefinite" if not r["positive_definite"] else
           "fixed" if r["p_value"] < 0.05 else "random")
    text = tr(f"report.econ.hausman.{key}", lang, h=f"{r['statistic']:.3f}", df=int(r["df"]),
              p=f"{r['p_value']:.3f}")
    return (_h3(lang, "econ_hausman") + _table(tables["econometrics_hausman"], lang)
            + "<p>" + html.escape(text) + "</p>")


def _econometrics_section(result, lang: str) -> str:
    econ = getattr(result, "econometrics", None)
    if econ is None:
        return _not_run("econometrics", lang)
    values = result.value_labels(lang)
    t = econometrics_tables(econ, lang)
    h = functools.partial(_h3, lang)
    m = econ.model
    parts = ["<p class='note'>" + html.escape(tr(
        "report.note.econ_setup", lang, n=m.n_regions, t=m.n_periods, obs=m.nobs,
        weights=weights_text(econ.weights.options, values, lang),
        **econometrics_setting(econ, lang))) + "</p>"]
    if econ.choice is not None:
        parts += [h("econ_lm"), _table(t["econometrics_lm"], lang),
                  h("econ_restrictions"), _table(t["econometrics_restrictions"], lang),
                  "<p>" + html.escape(_decision_text(econ, lang)) + "</p>",
                  _hausman_part(econ.choice.hausman, t, lang)]
    parts += [h("econ_models"), _table(t["econometrics_models"], lang, values=values),
              f"<p class='note'>{html.escape(tr('report.note.econ_stars', lang))}</p>"]
    name = ECONOMETRICS_LABELS[m.model][lang]
    if econ.effects is None:
        parts.append("<p class='note'>" + html.escape(
            tr("report.note.econ_no_effects", lang, model=MODEL_SHORT[m.model])) + "</p>")
        return "".join(parts)
    e = econ.effects
    parts += [h("econ_effects", model=name),
              _table(t["econometrics_effects"], lang, values=values),
              "<p class='note'>" + html.escape(tr(
                  "report.note.econ_effects", lang, level=f"{1 - e.alpha:.0%}", kept=e.kept,
                  seed=e.seed)) + "</p>"]
    return "".join(parts)


def _interval_text(lo, hi) -> list[str]:
    return [("—" if not (np.isfinite(a) and np.isfinite(b)) else f"[{a:.4f}, {b:.4f}]")
            for a, b in zip(lo, hi)]


def _robustness_section(result, lang: str) -> str:
    rob = getattr(result, "robustness", None)
    if rob is None:
        return _not_run("robustness", lang)
    values = result.value_labels(lang)
    t = robustness_tables(rob, lang)
    h = functools.partial(_h3, lang)
    parts = []
    if rob.bootstrap is not None:
        b = rob.bootstrap
        o = b.options
        ci = tr("report.ci", lang, level=o["level"])
        parts.append("<p class='note'>" + html.escape(tr(
            "report.note.bootstrap", lang, used=o["used"], seed=o["seed"],
            scheme=tr(f"report.scheme.{o['scheme']}", lang),
            interval=tr(f"report.interval.{o['interval']}", lang))) + "</p>")
        g = b.group_means.assign(cell=[f"{e:.4f} {c}" for e, c in zip(
            b.group_means["estimate"], _interval_text(b.group_means["ci_lower"],
                                                      b.group_means["ci_upper"]))])
        wide = _by_group_wide(g, "cell", result.study.groups, lang, values["nation"])
        parts += [h("mean_D_ci", ci=ci), _table(wide, lang)]
        w = b.weights.assign(ci=_interval_text(b.weights["ci_lower"], b.weights["ci_upper"]))
        w = w[w["pool"].isin(["all", rob.year])]
        parts += [h("weights_ci"),
                  _table(w[["system", "pool", "indicator", "estimate", "ci", "boot_se"]], lang,
                         values=values, extra={"ci": ci})]
        d = b.interval("D")
        d = d[d["year"] == rob.year]
        prob = b.type_probability
        prob = prob[(prob["year"] == rob.year) & prob["estimated"]].set_index("region")
        frame = pd.DataFrame({
            "region": d["region"], "D": d["estimate"],
            "ci": _interval_text(d["ci_lower"], d["ci_upper"]),
            "p_type": d["region"].map(prob["probability"]).fillna(0.0)})
        parts += [h("D_ci_by_region", year=rob.year),
                  _table(frame.sort_values("D", ascending=False), lang,
                         extra={"ci": ci, **_heads(lang, "p_type")})]
    if rob.sensitivity is not None:
        s = rob.sensitivity
        o = s.options
        parts.append("<p class='note'>" + html.escape(tr(
            "report.note.sensitivity", lang, design=tr(f"report.design.{o['design']}", lang),
            runs=o["runs"], seed=o["seed"])) + "</p>")
        parts += [h("sensitivity_indices"),
                  _table(t["sensitivity_indices"].sort_values("S_D", ascending=False), lang)]
        u = t["sensitivity_units"]
        u = u[u["year"] == rob.year].sort_values("rank_median").drop(columns=["year"])
        parts += [h("rank_uncertainty", year=rob.year), _table(u, lang)]
    return "".join(parts)


def _overview(result, lang: str) -> str:
    st = result.study
    frame = pd.DataFrame([
        {"key": tr("report.overview.regions", lang), "value": f"{len(st.region_ids)}"},
        {"key": tr("report.overview.years", lang),
         "value": f"{st.years.start}–{st.years.end}"},
        {"key": tr("report.overview.systems", lang),
         "value": tr("report.list_separator", lang).join(
             result.labels(lang).get(s.id, s.id) for s in st.systems)},
        {"key": tr("report.overview.model", lang),
         "value": METHOD_NAMES.get(st.coupling.model, {}).get(lang, st.coupling.model)},
    ])
    return _table(frame, lang, extra=_heads(lang, "key", "value"))


def _sections(result, lang: str) -> dict[str, str]:
    """Each report section's tables and text, by section id."""
    return {
        "overview": _overview(result, lang),
        "methods": "".join(f"<p>{html.escape(t)}</p>" for t in methods_paragraph(result, lang)),
        "indicators": _indicator_section(result, lang),
        "types": _types_section(lang),
        "indices": _indices_section(result, lang),
        "coupling": _coupling_section(result, lang),
        "detector": _detector_section(result, lang),
        "spatial": _spatial_section(result, lang),
        "dynamics": _dynamics_section(result, lang),
        "econometrics": _econometrics_section(result, lang),
        "robustness": _robustness_section(result, lang),
        "imputation": (tr("report.imputed_cells", lang, n=len(result.imputation.log))
                       + _details(_t("show", lang),
                                  _table(result.imputation.log, lang, max_rows=500,
                                         values=result.value_labels(lang)))),
        "warnings": ("<ul>" + "".join(f"<li>{html.escape(w)}</li>"
                                      for w in result.warning_texts(lang))
                     + "</ul>") if result.messages else "<p>—</p>",
        "options": _details(_t("show", lang), "<pre>" + html.escape(
            json.dumps(result.study.options(), ensure_ascii=False, indent=2)) + "</pre>"),
    }


def _placed_figures(result, figures, lang: str) -> dict[str, list[str]]:
    """The figures as HTML, numbered in reading order, each in the section the registry
    declares for it (a figure the registry does not know goes with the coupling)."""
    placed: dict[str, list[str]] = {key: [] for key in REPORT_SECTIONS}
    plan = figure_plan(result, lang) if figures else {}
    number = 0
    for key in REPORT_SECTIONS:
        for stem, (cap, png) in (figures or {}).items():
            if (plan[stem].section if stem in plan else "coupling") != key:
                continue
            number += 1
            label = tr("report.figure_label", lang, number=number)
            placed[key].append(
                f"<figure id='fig-{html.escape(stem)}'><img alt='{html.escape(cap)}' "
                f"src='data:image/png;base64,{base64.b64encode(png).decode('ascii')}'>"
                f"<figcaption>{html.escape(label + cap)}</figcaption></figure>")
    return placed


def render_report(result, figures: dict[str, tuple[str, bytes]] | None = None,
                  lang: str | None = None, *, embed_font: bool | None = None) -> str:
    """The report as one self-contained HTML string (figures embedded as PNG data URIs).

    Parameters
    ----------
    result : StudyResult
    figures : dict of str to (caption, PNG bytes), optional
    lang : {"zh", "en"}, optional
        Default: the study's output language.
    embed_font : bool, optional
        Embed the subset of Noto Sans CJK SC that the page uses (when it has Chinese text
        and the ``maps`` extra is installed), so that it renders the same everywhere.
        Default: the config's ``output.embed_font`` (true).
    """
    lang = check_language(lang or result.study.output.language)
    st = result.study
    if embed_font is None:
        embed_font = st.output.embed_font
    title = st.study.title.get(lang, st.study.name) if st.study.title else st.study.name
    body = [f"<h1>{html.escape(title)}</h1>"]
    if st.study.synthetic:
        body.append(f"<p class='banner'>{_t('synthetic', lang)}</p>")
    sections = _sections(result, lang)
    placed = _placed_figures(result, figures, lang)
    toc = "".join(f"<li><a href='#{key}'>{_t(key, lang)}</a></li>" for key in REPORT_SECTIONS)
    body.append(f"<nav class='toc'><h2>{_t('contents', lang)}</h2><ol>{toc}</ol></nav>")
    for key in REPORT_SECTIONS:
        body.append(f"<section id='{key}'><h2>{_t(key, lang)}</h2>{sections[key]}"
                    + "".join(placed[key]) + "</section>")
    page = number_tables("".join(body), lang)
    page = zh_spacing(page)  # (Latin text has no CJK to space)
    css = _CSS
    face = font_face_css(re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", title + page)
                         ) if embed_font else None
    if face:  # the embedded subset first; system fonts for anything it lacks
        css = face + css.replace('font-family:"Noto Sans CJK SC"',
                                 f"font-family:'{FONT_FAMILY}',\"Noto Sans CJK SC\"", 1)
    return ("<!DOCTYPE html><html lang='" + tr("report.html_lang", lang) + "'><head>"
            "<meta charset='utf-8'><title>" + html.escape(title) + "</title><style>" + css
            + "</style></head><body>" + page + "</body></html>")


