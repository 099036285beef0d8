"""The Geographical Detector step of a study: y (default D) against the drivers, per year."""

from __future__ import annotations

import warnings

import pandas as pd

from ..exceptions import DataError
from ..geodetector import (
    DetectorOptions,
    DiscretizationOptions,
    GeoDetector,
    GeoDetectorResult,
)
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
    out = {}
    for year in study.detector_years:
        cross = data[data["year"] == year]
        if cross.empty:
            raise DataError(f"detector.years: no data for {year}")
        frame = pd.DataFrame({"y": cross[cfg.y].to_numpy()})
        for fid, col in cols.items():
            frame[fid] = cross[col].to_numpy()
        # every option of the config block reaches the estimator unchanged
        gd = GeoDetector(**{k: getattr(cfg, k) for k in DetectorOptions.model_fields},
                         **{k: getattr(cfg.discretization, k)
                            for k in DiscretizationOptions.model_fields})
        categorical = [f.id for f in cfg.factors if f.type == "categorical"]
        continuous = [f.id for f in cfg.factors if f.type == "continuous"]
        breaks = {f.id: f.breaks for f in cfg.factors if f.breaks}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # small-N notes are kept in the result's notes
            gd.fit(frame, y="y", factors=list(cols), categorical=categorical,
                   continuous=continuous, breaks=breaks)
        gd.result_.options["y"] = cfg.y
        out[year] = gd.result_
    return out


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
    return tables
