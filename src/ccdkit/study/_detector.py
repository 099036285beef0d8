"""The Geographical Detector step of a study: y (default D) against the drivers, per year."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..exceptions import CcdkitWarning, DataError
from ..geodetector import (
    DetectorOptions,
    DiscretizationOptions,
    GeoDetector,
    DETECTOR_MODELS,
    GeoDetectorResult,
    run_model,
)
from ..spatial import build_weights, region_points
from ._config import Study

__all__ = ["study_detector", "detector_tables"]


def study_detector(study: Study, coupling: pd.DataFrame, panel: pd.DataFrame
                   ) -> dict[int, GeoDetectorResult]:
    """Run the configured detectors on each configured year's cross-section.

    ``y`` is a column of the coupling table (``D``, ``C``, ``T`` or a system score) or a panel
    column; the factors are panel columns. Continuous factors are discretized by the optimal
    method (or the factor's manual ``breaks``); categorical ones are used as they are.
    """
    cfg = study.detector
    data = coupling.merge(panel, on=["region", "year"], how="left", suffixes=("", "_panel"))
    if cfg.y not in data.columns:
        raise DataError(f"detector.y: {cfg.y!r} is neither a coupling column (C, T, D, a system "
                        "id) nor a panel column")
    cols = {f.id: f.col for f in cfg.factors}
    absent = [c for c in cols.values() if c not in data.columns]
    if absent:
        raise DataError(f"detector.factors: columns {absent} are not in the data")
    weights = _weights(study, data)
    out = {}
    for year in study.detector_years:
        cross = data[data["year"] == year]
        if cross.empty:
            raise DataError(f"detector.years: no data for {year}")
        frame = pd.DataFrame({"y": cross[cfg.y].to_numpy()})
        for fid, col in cols.items():
            frame[fid] = cross[col].to_numpy()
        regions = cross["region"].tolist()
        W = None if weights is None else _year_matrix(weights, regions)
        points = region_points(regions) if any(
            DETECTOR_MODELS[m].spatial for m in cfg.models.configured()) else None
        out[year] = _year_detectors(cfg, frame, list(cols), W, points)
    return out


def _year_detectors(cfg, frame: pd.DataFrame, factors: list[str], W,
                    points) -> GeoDetectorResult:
    """The classic detector and the configured newer models on one cross-section."""
    # every option of the config block reaches the estimator unchanged
    gd = GeoDetector(**{k: getattr(cfg, k) for k in DetectorOptions.model_fields},
                     **{k: getattr(cfg.discretization, k)
                        for k in DiscretizationOptions.model_fields})
    categorical = [f.id for f in cfg.factors if f.type == "categorical"]
    continuous = [f.id for f in cfg.factors if f.type == "continuous"]
    breaks = {f.id: f.breaks for f in cfg.factors if f.breaks}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # small-N notes are kept in the result's notes
        gd.fit(frame, y="y", factors=factors, categorical=categorical,
               continuous=continuous, breaks=breaks, weights=W if cfg.spatial_p else None)
    result = gd.result_
    result.options["y"] = cfg.y
    segment = [f for f in factors if f not in categorical and (
        f in continuous or f in result.discretization)]
    data_options = {"gozh": {"categorical": categorical}, "lesh": {"categorical": categorical},
                    "rgd": {"segment": segment}}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name, opts in cfg.models.configured().items():
            spatial = DETECTOR_MODELS[name].spatial
            result.models[name] = run_model(
                name, frame, "y", factors, weights=None if spatial else W,
                coords=points if spatial else None, data_options=data_options.get(name),
                **opts)
    for w in caught:  # the models' notes join the run's, in the study's language
        if isinstance(w.message, CcdkitWarning) and str(w.message) not in result.notes:
            result.notes.append(str(w.message))
            result.messages.append((w.message.key, w.message.params))
    return result


def _weights(study: Study, data: pd.DataFrame):
    """The spatial block's weights as a region x region frame, or None without an
    enabled spatial block."""
    if study.spatial is None or not study.spatial.enabled:
        return None
    return build_weights(study.region_ids, study.spatial.weights, data=data,
                         base_dir=study.base_dir).matrix()


def _year_matrix(weights: pd.DataFrame, regions: list[str]) -> np.ndarray:
    """The dense weights of ``regions`` (in that order)."""
    return weights.loc[regions, regions].to_numpy()


def detector_tables(results: dict[int, GeoDetectorResult]) -> dict[str, pd.DataFrame]:
    """Tables of a study's detector runs: factor (paper Table 4), interaction, risk,
    ecological, and the q grids of the optimal discretizations."""
    factor = pd.concat([r.factor.assign(year=y) for y, r in results.items()], ignore_index=True)
    tables = {"detector_factor": factor[["year", *[c for c in factor.columns if c != "year"]]]}
    inter = [r.interaction.assign(year=y) for y, r in results.items() if r.interaction is not None]
    if inter:
        frame = pd.concat(inter, ignore_index=True)
        tables["detector_interaction"] = frame[["year", *[c for c in frame.columns
                                                           if c != "year"]]]
    risk = [pairs.assign(year=y, factor=f) for y, r in results.items()
            for f, (_, pairs) in r.risk.items()]
    if risk:
        frame = pd.concat(risk, ignore_index=True)
        tables["detector_risk"] = frame[["year", "factor", *[c for c in frame.columns
                                                              if c not in ("year", "factor")]]]
    eco = [r.ecological.assign(year=y) for y, r in results.items() if r.ecological is not None]
    if eco:
        frame = pd.concat(eco, ignore_index=True)
        tables["detector_ecological"] = frame[["year", *[c for c in frame.columns
                                                          if c != "year"]]]
    grids = []
    for y, r in results.items():
        for f, d in r.discretization.items():
            g = d.grid.assign(year=y, factor=f)
            # full precision (shortest round-trip text): the strata can be rebuilt exactly
            g["breaks"] = g["breaks"].map(
                lambda b: "" if b is None else ", ".join(repr(float(v)) for v in b))
            grids.append(g)
    if grids:
        frame = pd.concat(grids, ignore_index=True)
        tables["detector_q_grid"] = frame[["year", "factor", *[c for c in frame.columns
                                                                if c not in ("year", "factor")]]]
    tables.update(model_tables(results))
    return tables


def model_tables(results: dict[int, GeoDetectorResult]) -> dict[str, pd.DataFrame]:
    """The newer models' tables (``detector_<model>...``, a year column first) and the q of
    every factor by model (``detector_models_q``, the classic detector as ``gd``)."""
    parts: dict[str, list] = {}
    compare = []
    for year, r in results.items():
        compare.append(r.factor[["factor", "q"]].assign(model="gd", year=year))
        for name, res in r.models.items():
            for suffix, frame in res.tables().items():
                if frame is not None and len(frame):
                    parts.setdefault(f"detector_{suffix}", []).append(frame.assign(year=year))
            if hasattr(res, "factor") and "q" in res.factor:
                compare.append(res.factor[["factor", "q"]].assign(model=name, year=year))
    out = {}
    for key, frames in parts.items():
        frame = pd.concat(frames, ignore_index=True)
        out[key] = frame[["year", *[c for c in frame.columns if c != "year"]]]
    if any(r.models for r in results.values()):
        frame = pd.concat(compare, ignore_index=True)
        out["detector_models_q"] = frame[["year", "model", "factor", "q"]]
    return out
