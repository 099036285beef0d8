"""The dynamics step of a study: kernel density of the variable by year (nation and
groups), Markov and spatial Markov chains of its quantile classes, sigma and beta
convergence."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..coupling import theil_panel
from ..dynamics import (
    KDEResult,
    lisa_markov,
    lisa_paths,
    lisa_rose,
    MarkovResult,
    SpatialMarkovResult,
    beta_convergence,
    kernel_density,
    markov_chain,
    quantile_classes,
    sigma_convergence,
    spatial_beta_convergence,
    spatial_markov,
)
from ..coupling import COORDINATION_BOUNDS, type_codes
from ..exceptions import DataError
from ..spatial import SpatialWeights, WeightsOptions, build_weights
from ._config import Study

__all__ = ["StudyDynamics", "study_dynamics", "dynamics_tables", "class_names"]


@dataclass
class StudyDynamics:
    """What the dynamics step computed (see :mod:`ccdkit.dynamics`).

    Attributes
    ----------
    kde : KDEResult
    markov : MarkovResult
    spatial_markov : SpatialMarkovResult or None
    sigma : DataFrame
    beta : dict of str to BetaResult
        ``absolute`` (panel, fixed effects), ``cross_section``, with controls
        ``conditional``, and with weights ``spatial`` (spatial lag panel, spreg).
    space_time : dict
        ``lisa_markov`` (LisaMarkovResult), ``lisa_paths`` (DataFrame), ``rose``
        (RoseResult), ``theil`` (DataFrame per year), as configured.
    options : dict
        The config's ``dynamics`` block, ``growth`` as resolved.
    """

    kde: KDEResult
    markov: MarkovResult
    spatial_markov: SpatialMarkovResult | None
    sigma: pd.DataFrame
    beta: dict
    options: dict
    space_time: dict = field(default_factory=dict)


def study_dynamics(study: Study, frame: pd.DataFrame,
                   weights: SpatialWeights | None = None) -> StudyDynamics:
    """Run the configured dynamics on ``frame`` (region, year and the study's columns);
    ``weights``: those of the spatial step, if it ran (else built here when needed)."""
    cfg = study.dynamics
    v = cfg.variable
    ids = study.region_ids
    wide = frame.pivot_table(index="region", columns="year", values=v, aggfunc="first")
    wide = wide.reindex(ids)
    if wide.isna().any().any():
        gaps = wide.stack(future_stack=True)
        gaps = gaps[gaps.isna()].index.tolist()[:5]
        raise DataError(f"dynamics: {v} is missing for {gaps}; Markov chains need a "
                        "balanced panel (impute the inputs)")
    y = wide.to_numpy(float)
    groups = study.groups
    bounds = cfg.kde_bounds
    if bounds == "auto":
        unit = v in ("D", "C", "T") or v in {s.id for s in study.systems}
        bounds = (0.0, 1.0) if unit else None
    elif bounds == "none":
        bounds = None
    kde = kernel_density(frame, v, groups=groups, bandwidth=cfg.bandwidth, bounds=bounds)
    names = None
    if cfg.classes == "types":
        if v != "D":
            raise DataError("dynamics.classes: types are the coordination types of D; "
                            f"variable is {v!r}")
        codes = type_codes(y)
        present = np.unique(codes)
        classes = np.searchsorted(present, codes)
        edges = [*COORDINATION_BOUNDS, 1.0]
        bins = np.array([edges[c + 1] for c in present])
        names = [int(c) for c in present]
    else:
        classes, bins = quantile_classes(y, cfg.k)
    markov = markov_chain(classes, len(bins), bins=bins)
    sm = None
    if not cfg.spatial_markov:
        weights = None
    elif weights is None:
        opts = study.spatial.weights if study.spatial is not None else WeightsOptions()
        weights = build_weights(ids, opts, data=frame, base_dir=study.base_dir)
    if weights is not None and cfg.classes == "types":
        sm = spatial_markov(y, weights, m=cfg.k, classes=classes)
    elif weights is not None:  # the same pooled quantile classes as the classic chain
        sm = spatial_markov(y, weights, k=cfg.k, m=cfg.k)
    growth = cfg.growth
    if growth == "auto":
        growth = "log" if (frame[v] > 0).all() else "difference"
    beta = {"absolute": beta_convergence(frame, v, fixed_effects=cfg.fixed_effects,
                                         growth=growth),
            "cross_section": beta_convergence(frame, v, kind="cross_section", growth=growth)}
    if cfg.controls:
        beta["conditional"] = beta_convergence(frame, v, controls=cfg.controls,
                                               fixed_effects=cfg.fixed_effects, growth=growth)
    if weights is not None:
        beta["spatial"] = spatial_beta_convergence(frame, v, weights, growth=growth)
    return StudyDynamics(kde, markov, sm, sigma_convergence(frame, v, groups=groups), beta,
                         {**cfg.model_dump(), "growth": growth, "type_codes": names,
                          "kde_bounds": None if bounds is None else list(bounds)},
                         _space_time(study, frame, weights))


def _space_time(study: Study, frame: pd.DataFrame, weights) -> dict:
    """LISA Markov, time paths, rose (with weights) and Theil (by region group)."""
    cfg, v, ids = study.dynamics, study.dynamics.variable, study.region_ids
    out = {}
    if cfg.theil:
        groups = study.groups or {"all": ids}
        out["theil"] = theil_panel(frame[["region", "year", v]], v, groups)
    if weights is None and (cfg.lisa_markov or cfg.rose.enabled):
        opts = study.spatial.weights if study.spatial is not None else WeightsOptions()
        weights = build_weights(ids, opts, data=frame, base_dir=study.base_dir)
    if weights is None:
        return out
    W = weights.matrix().loc[ids, ids].to_numpy()
    panel = frame[["region", "year", v]]
    if cfg.lisa_markov:
        out["lisa_markov"] = lisa_markov(panel, v, W, ids)
        out["lisa_paths"] = lisa_paths(panel, v, W, ids)
    if cfg.rose.enabled:
        out["rose"] = lisa_rose(panel, v, W, ids, k=cfg.rose.k,
                                permutations=cfg.rose.permutations, seed=cfg.rose.seed)
    return out


def class_names(res: StudyDynamics, lang: str = "en") -> list[str]:
    """Names of the Markov classes: 1..k for quantile classes, the type names for types."""
    codes = res.options.get("type_codes")
    if codes:
        from ..data import coordination_labels

        return [coordination_labels(lang)[c] for c in codes]
    return [f"{i + 1}" for i in range(len(res.markov.p))]


def dynamics_tables(res: StudyDynamics, lang: str = "en") -> dict[str, pd.DataFrame]:
    """The dynamics step's tables by name (class names in ``lang``)."""
    mk = res.markov
    names = class_names(res, lang)
    classes = pd.DataFrame({"class": names, "upper": mk.bins,
                            "steady_state": mk.steady_state, "sojourn": mk.sojourn_time})
    out = {"kde_peaks": res.kde.peaks, "kde_density": res.kde.density,
           "markov_classes": classes, "markov": mk.to_frame(names)}
    if res.spatial_markov is not None:
        sm = res.spatial_markov
        out["spatial_markov"] = sm.to_frame(names)
        out["spatial_markov_tests"] = sm.tests()
    out["sigma_convergence"] = res.sigma
    rows = []
    for model, b in res.beta.items():
        rows.append(b.table.assign(model=model, N=b.N, speed=b.speed, half_life=b.half_life,
                                   r2=b.r2))
    beta = pd.concat(rows, ignore_index=True)
    out["beta_convergence"] = beta[["model", "term", "coef", "se", "t", "p", "N", "r2",
                                    "speed", "half_life"]]
    st = res.space_time
    if "lisa_markov" in st:
        lm = st["lisa_markov"]
        out["lisa_markov"] = lm.counts.reset_index()
        out["lisa_markov_probabilities"] = lm.probabilities.reset_index()
        out["lisa_transition_types"] = lm.types
        out["lisa_markov_test"] = pd.DataFrame([lm.test])
        out["lisa_paths"] = st["lisa_paths"]
    if "rose" in st:
        out["lisa_rose"] = st["rose"].sectors
    if "theil" in st:
        out["theil"] = st["theil"]
    return out
