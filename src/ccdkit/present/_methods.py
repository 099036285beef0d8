"""A methods paragraph written from what a run actually did (in any language).

Every number and choice comes from the results' recorded options (``used_options``), not
from the config, so the paragraph cannot describe a method that was not run. It is meant
as a draft for a paper's methods section; its sentences are in :mod:`ccdkit.text`.
"""

from __future__ import annotations

from ..data import check_language, choice_label, region_display
from ..text import ELLIPSE_CONVENTION_LABELS, LANGUAGES, MESSAGES, tr

__all__ = ["methods_paragraph", "METHOD_NAMES", "method_name", "links_text", "weights_text",
           "econometrics_setting"]

#: Reader-facing names of the methods and options a paragraph can mention, by language.
METHOD_NAMES: dict[str, dict[str, str]] = {
    key.removeprefix("name."): {lang: MESSAGES[key][lang] for lang in LANGUAGES}
    for key in MESSAGES if key.startswith("name.")}


def method_name(key: str, lang: str) -> str:
    """The name of a method or option in a sentence (its id when it has none)."""
    return tr(f"name.{key}", lang) if f"name.{key}" in MESSAGES else key


def _join(items, lang: str) -> str:
    return tr("sep.list", lang).join(str(i) for i in items)


def methods_paragraph(result, lang: str | None = None) -> list[str]:
    """Sentences describing the run's methods, in ``lang`` (default: the study's)."""
    lang = check_language(lang or result.study.output.language)
    labels = result.labels(lang)
    used = result.used_options()
    out = []
    imp = used["impute"]
    if len(result.imputation.log):
        out.append(tr("methods.imputation", lang, n=len(result.imputation.log),
                      method=method_name(imp.get("method", "linear"), lang),
                      edges=method_name(imp.get("edges", "moving_average"), lang)))
    out += [_system_sentence(s, used["systems"][s.id], labels, lang)
            for s in result.study.systems]
    out.append(_coupling_sentence(result, used["coupling"], lang))
    if result.detector:
        out.append(_detector_sentence(result, lang))
        out += _detector_extra_sentences(result, lang, labels)
    if result.spatial is not None:
        out.append(_spatial_sentence(result, lang, labels))
        out += _patterns_sentences(result.spatial, lang, labels)
    if result.dynamics is not None:
        out.append(_dynamics_sentence(result, lang, labels))
        out += _space_time_sentences(result.dynamics, lang, labels)
    if getattr(result, "econometrics", None) is not None:
        out.append(_econometrics_sentence(result, lang))
    if result.robustness is not None:
        out += _robustness_sentences(result, lang)
    return out


def _system_sentence(system, opts: dict, labels: dict, lang: str) -> str:
    """How one system was scored (agglomeration from firms, or an indicator system)."""
    names = {"name": labels.get(system.id, system.id),
             "weighting": method_name(opts.get("weighting", {}).get("method", "entropy"), lang),
             "scoring": method_name(opts.get("scoring", {}).get("method", "weighted_sum"), lang),
             "pooling": method_name(opts.get("pooling", "pooled"), lang)}
    if hasattr(system, "indices"):
        parts = _join((tr(f"methods.index.{i}", lang) for i in system.indices), lang)
        return tr("methods.agglomeration", lang, parts=parts, **names)
    return tr("methods.indicators", lang, n_ind=len(system.indicators),
              n_dim=len(system.dimensions), **names)


def _coupling_sentence(result, c: dict, lang: str) -> str:
    weights = c.get("weights")
    return tr("methods.coupling", lang, n=len(result.study.coupled_systems),
              model=method_name(c.get("coupling", result.study.coupling.model), lang),
              weights=_join((f"{v:g}" for v in weights), lang) if weights else "")


def _detector_sentence(result, lang: str) -> str:
    o = next(iter(result.detector.values())).options
    k = o["k"] if isinstance(o["k"], int) else f"{min(o['k'])}–{max(o['k'])}" \
        if len(o["k"]) == 2 else ", ".join(map(str, o["k"]))
    return tr("methods.detector", lang, y=o["y"], years=_join(result.detector, lang),
              methods=_join((method_name("equal_d" if m == "equal" else m, lang)
                             for m in o["methods"]), lang),
              k=k, select=method_name(o["select"], lang), permutations=o["permutations"],
              bootstrap=o["bootstrap"], level=o["ci_level"],
              rule=method_name(o["interaction_rule"], lang), alpha=o["alpha"])


def _detector_extra_sentences(result, lang: str, labels: dict) -> list[str]:
    """The spatial p and the newer detector models, when the study computed them."""
    first = next(iter(result.detector.values()))
    y = labels.get(first.options["y"], first.options["y"])
    out = []
    if "spatial_null" in first.options and first.options["spatial_null"]["permutations"]:
        out.append(tr("methods.detector_spatial", lang, y=y,
                      n=first.options["spatial_null"]["permutations"]))
    if first.models:
        parts = []
        for name, r in first.models.items():
            o = dict(r.options)
            if name == "lesh":
                o["shapley"] = tr(f"methods.shapley.{o['shapley']}", lang)
            if name == "idsa":
                o["overlay"] = tr(f"methods.overlay.{o['overlay']}", lang)
            if name == "rgd":
                o["select"] = method_name(o["select"], lang)
            if name == "spade":
                o["n_k"] = len(o["k"])
            parts.append(tr(f"methods.model.{name}", lang, **o))
        out.append(tr("methods.detector_models", lang, models=_join(parts, lang)))
    return out


def _robustness_sentences(result, lang: str) -> list[str]:
    """How the bootstrap and the sensitivity analysis were done."""
    rob = result.robustness
    out = []
    if rob.bootstrap is not None:
        o = rob.bootstrap.options
        out.append(tr("methods.bootstrap", lang, used=o["used"], seed=o["seed"],
                      level=o["level"], scheme=tr(f"methods.scheme.{o['scheme']}", lang),
                      kind=tr(f"methods.interval.{o['interval']}", lang)))
    if rob.sensitivity is not None:
        o = rob.sensitivity.options
        parts = [tr("methods.choice", lang, choice=choice_label(f, lang),
                    alternatives=_join((tr("methods.alternative", lang,
                                           label=choice_label(v, lang))
                                        for v in levels[1:]), lang))
                 for f, levels in o["levels"].items() if len(levels) >= 2]
        noise = o["weight_noise"]
        out.append(tr("methods.sensitivity", lang,
                      listed=tr("sep.clause", lang).join(parts),
                      design=tr(f"methods.design.{o['design']}", lang), runs=o["runs"],
                      noise=tr("methods.noise", lang, noise=noise) if noise else ""))
    return out


def links_text(links, lang: str) -> str:
    """The links added to spatial weights (each pair once), as a reader names them."""
    return tr("sep.list", lang).join(
        tr("methods.link", lang, a=region_display(a, lang), b=region_display(b, lang))
        for a, b in links if a < b)


def _variable_name(v: str, labels: dict, lang: str) -> str:
    return labels.get(v, tr("methods.D", lang) if v == "D" else v)


def _dynamics_sentence(result, lang: str, labels) -> str:
    """How the dynamics were computed (bandwidth, classes, tests, convergence models)."""
    o = result.dynamics.options
    bw = o["bandwidth"]
    bandwidth = (tr(f"methods.bandwidth.{bw}", lang) if bw in ("silverman", "scott")
                 else tr("methods.bandwidth.fixed", lang, bandwidth=bw))
    sm = result.dynamics.spatial_markov is not None
    return tr("methods.dynamics", lang, name=_variable_name(o["variable"], labels, lang),
              bandwidth=bandwidth, k=o["k"],
              growth=tr("methods.growth.log" if o["growth"] == "log" else
                        "methods.growth.diff", lang),
              spatial_markov=tr("methods.spatial_markov", lang) if sm else "")


def _patterns_sentences(sp, lang: str, labels) -> list[str]:
    """Centre of gravity and ellipse, emerging hot spots, trend surface, as computed."""
    p, name = sp.patterns, _variable_name(sp.options["variables"][0], labels, lang)
    out = []
    if "gravity" in p:
        out.append(tr("methods.gravity", lang, name=name, convention=ELLIPSE_CONVENTION_LABELS[
            p["gravity"].options["convention"]][lang]))
    if "emerging" in p:
        o = p["emerging"].options
        out.append(tr("methods.emerging", lang, name=name, alpha=o["alpha"],
                      trend_alpha=o["trend_alpha"], neighbourhood=tr(
                          f"report.neighbourhood.{o['neighbourhood']}", lang,
                          k=o["time_window"])))
    if "trend" in p:
        out.append(tr("methods.trend", lang, name=name))
    return out


def _space_time_sentences(dyn, lang: str, labels) -> list[str]:
    """LISA transitions, rose and Theil, as computed."""
    st, name = dyn.space_time, _variable_name(dyn.options["variable"], labels, lang)
    out = []
    if "lisa_markov" in st:
        out.append(tr("methods.lisa_markov", lang, name=name))
    if "rose" in st:
        out.append(tr("methods.rose", lang, k=st["rose"].options["k"],
                      n=st["rose"].options["permutations"]))
    if "theil" in st:
        out.append(tr("methods.theil", lang, name=name))
    return out


def weights_text(w: dict, labels, lang: str) -> str:
    """The kind of spatial weights in words (from their recorded options)."""
    band = (tr("methods.band", lang, km=w["threshold_km"])
            if w["type"] == "distance" and w.get("threshold_km") else "")
    return tr(f"methods.weights.{w['type']}", lang, **{
        "knn": {"k": w["k"]}, "distance": {"power": w["power"], "band": band},
        "economic": {"variable": labels.get(w["variable"], w["variable"])},
        "file": {"file": w["file"]}}.get(w["type"], {}))


def _spatial_sentence(result, lang: str, labels) -> str:
    """How the spatial statistics were computed (weights, permutations, significance)."""
    sp = result.spatial
    o, w = sp.options, sp.weights.options
    weights = weights_text(w, labels, lang)
    links = links_text(sp.weights.links, lang)
    return tr("methods.spatial", lang, weights=weights,
              transform=tr(f"methods.transform.{w['transform']}", lang),
              links=tr("methods.links", lang, links=links) if links else "",
              names=_join((_variable_name(v, labels, lang) for v in o["variables"]), lang),
              permutations=o["permutations"], seed=o["seed"], alpha=o["alpha"],
              correction=tr(f"methods.mt.{o['multiple_testing']}", lang),
              gi_transform=tr(f"methods.transform.{o['gi_transform']}", lang))


def econometrics_setting(res, lang: str) -> dict:
    """Fixed effects and bias correction of the reported model, in words."""
    o = res.model.options
    fe = res.model.fixed_effects
    if o.get("random_effects"):
        return {"fe": tr(f"report.econ.fe.random_{fe}", lang), "bias": ""}
    return {"fe": tr(f"report.econ.fe.{fe}", lang),
            "bias": "" if fe == "none" else tr(f"report.econ.bias.{o['bias_correction']}",
                                               lang)}


def _econometrics_sentence(result, lang: str) -> str:
    """How the spatial regression was specified, chosen and interpreted."""
    from ..text import ECONOMETRICS_LABELS
    res = result.econometrics
    o = res.options
    labels = result.value_labels(lang)
    model = ECONOMETRICS_LABELS[res.model.model][lang]
    parts = []
    if o["log"]:
        parts.append(tr("methods.econ.log", lang, names=_join(
            (_variable_name(v, labels, lang) for v in o["log"]), lang)))
    if o["standardize"]:
        parts.append(tr("methods.econ.standardize", lang))
    transform = tr("methods.econ.transform", lang, parts=_join(parts, lang)) if parts else ""
    if res.choice is not None and o["model"] == "auto":
        tests = tr("methods.econ.tests", lang, model=model,
                   test=tr(f"report.econ.test.{o['choice_test']}", lang))
    else:
        tests = tr("methods.econ.configured", lang, model=model)
    eff = res.effects
    effects = (tr("methods.econ.effects", lang, draws=eff.kept, seed=eff.seed,
                  level=f"{1 - eff.alpha:.0%}") if eff is not None
               else tr("methods.econ.no_effects", lang))
    return tr("methods.econometrics", lang, y=_variable_name(o["y"], labels, lang),
              x=_join((_variable_name(v, labels, lang) for v in o["x"]), lang),
              transform=transform, n=res.model.n_regions, t=res.model.n_periods,
              weights=weights_text(res.weights.options, labels, lang), tests=tests,
              effects=effects, **econometrics_setting(res, lang))
