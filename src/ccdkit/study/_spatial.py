"""The spatial step of a study: weights of the study's regions, then global Moran's I,
LISA clusters and Gi* hot spots of each configured variable per year, and bivariate Moran
of the configured pairs."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import DataError, MissingDataWarning
from ..spatial import (
    AutocorrelationOptions,
    emerging_hotspots,
    gravity_panel,
    project,
    region_points,
    trend_surface,
    LocalResult,
    MoranResult,
    SpatialWeights,
    bivariate_moran,
    build_weights,
    getis_ord,
    global_moran,
    local_moran,
)
from ..text import warning
from ._config import Study

__all__ = ["StudySpatial", "study_spatial", "spatial_tables", "spatial_map_years"]


@dataclass
class StudySpatial:
    """What the spatial step computed.

    Attributes
    ----------
    weights : SpatialWeights
    moran : MoranResult
        Global Moran's I of every variable and year.
    lisa : LocalResult
        Local Moran per variable, region and year (cluster labels, z and its lag).
    gistar : LocalResult
        Getis-Ord Gi* per variable, region and year.
    bivariate : MoranResult or None
    options : dict
        The options used (the config's ``spatial`` block with defaults).
    map_years : list of int
        Years of the LISA and hot-spot maps (:func:`spatial_map_years`).
    patterns : dict
        Of the first variable: ``gravity`` (GravityResult), ``emerging``
        (EmergingResult), ``trend`` (TrendSurfaceResult of the last year), as configured.
    """

    weights: SpatialWeights
    moran: MoranResult
    lisa: LocalResult
    gistar: LocalResult
    bivariate: MoranResult | None
    options: dict
    map_years: list
    patterns: dict = field(default_factory=dict)


def study_spatial(study: Study, frame: pd.DataFrame) -> StudySpatial:
    """Run the configured spatial statistics on ``frame`` (region, year and the coupling,
    score and panel columns)."""
    cfg = study.spatial
    weights = build_weights(study.region_ids, cfg.weights, data=frame,
                            base_dir=study.base_dir)
    years = None if cfg.years == "all" else list(cfg.years)
    stats = {k: getattr(cfg, k) for k in AutocorrelationOptions.model_fields}
    moran = [global_moran(frame, v, weights, years=years, **stats) for v in cfg.variables]
    lisa = [local_moran(frame, v, weights, years=years, **stats) for v in cfg.variables]
    gi = [getis_ord(frame, v, weights, years=years, **stats) for v in cfg.variables]
    bv = [bivariate_moran(frame, x, y, weights, years=years, **stats) for x, y in cfg.bivariate]
    return StudySpatial(
        weights,
        MoranResult(pd.concat([m.table for m in moran], ignore_index=True), moran[0].options),
        LocalResult(pd.concat([r.table for r in lisa], ignore_index=True), lisa[0].options),
        LocalResult(pd.concat([r.table for r in gi], ignore_index=True), gi[0].options),
        MoranResult(pd.concat([m.table for m in bv], ignore_index=True), bv[0].options)
        if bv else None,
        cfg.model_dump(), spatial_map_years(study, moran[0].table["year"]),
        _patterns(study, frame, weights))


def _patterns(study: Study, frame: pd.DataFrame, weights) -> dict:
    """Centre of gravity and ellipse, emerging hot spots and trend surface of the first
    variable; a region without a location skips the first and the last (a warning)."""
    cfg, v, ids = study.spatial, study.spatial.variables[0], study.region_ids
    panel = frame.loc[frame["region"].isin(ids), ["region", "year", v]]
    out = {}
    if cfg.emerging.enabled:
        W = weights.matrix().loc[ids, ids].to_numpy()
        out["emerging"] = emerging_hotspots(panel, v, (W > 0) * 1.0, ids,
                                            **cfg.emerging.model_dump(exclude={"enabled"}))
    if not (cfg.gravity.enabled or cfg.trend_surface.enabled):
        return out
    try:
        points = dict(zip(ids, region_points(ids).tolist()))
    except DataError as exc:
        warnings.warn(warning(MissingDataWarning, "spatial.no_points", reason=str(exc)),
                      stacklevel=2)
        return out
    if cfg.gravity.enabled:
        out["gravity"] = gravity_panel(panel, v, points, convention=cfg.gravity.convention)
    if cfg.trend_surface.enabled:
        last = panel[panel["year"] == panel["year"].max()]
        xy = project(np.array([points[r] for r in last["region"]]))
        out["trend"] = trend_surface(xy, last[v].to_numpy(dtype=float),
                                     order=cfg.trend_surface.order)
        out["trend_points"] = last.assign(x=xy[:, 0], y=xy[:, 1])
    return out


def spatial_tables(res: StudySpatial) -> dict[str, pd.DataFrame]:
    """The spatial step's tables by name."""
    out = {"spatial_weights": res.weights.to_frame(), "moran_global": res.moran.to_frame(),
           "lisa": res.lisa.to_frame(), "gi_star": res.gistar.to_frame()}
    if res.bivariate is not None:
        out["moran_bivariate"] = res.bivariate.to_frame()
    p = res.patterns
    if "gravity" in p:
        out["gravity_centre"] = p["gravity"].ellipses
        out["gravity_moves"] = p["gravity"].moves
    if "emerging" in p:
        out["emerging_hotspots"] = p["emerging"].regions
    if "trend" in p:
        out["trend_surface"] = p["trend"].fits
        out["trend_surface_coefficients"] = p["trend"].coefficients
    return out


def spatial_map_years(study: Study, years) -> list[int]:
    """Years of the LISA / hot-spot maps: ``spatial.map_years``, else ``output.map_years``,
    else up to four years spread over the period (first and last included)."""
    years = sorted(int(y) for y in years)
    chosen = study.spatial.map_years or study.output.map_years
    if chosen:
        return [y for y in chosen if y in years]
    if len(years) <= 4:
        return years
    idx = np.unique(np.round(np.linspace(0, len(years) - 1, 4)).astype(int))
    return [years[i] for i in idx]
