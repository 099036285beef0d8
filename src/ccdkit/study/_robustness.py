"""The robustness step of a study: bootstrap intervals of the weights, scores, D and types,
and the sensitivity of D, ranks and types to the methodological choices."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..data import coordination_labels
from ..robustness import (
    BootstrapResult,
    SensitivityResult,
    bootstrap_coupling,
    sensitivity_analysis,
)
from ._config import Study
from ._systems import system_input

__all__ = ["StudyRobustness", "study_robustness", "robustness_tables"]


@dataclass
class StudyRobustness:
    """What the robustness step computed (see :mod:`ccdkit.robustness`).

    Attributes
    ----------
    bootstrap : BootstrapResult or None
    sensitivity : SensitivityResult or None
    year : int
        Year of the rank-uncertainty plot and table.
    options : dict
        The config's ``robustness`` block as used.
    """

    bootstrap: BootstrapResult | None
    sensitivity: SensitivityResult | None
    year: int
    options: dict


def study_robustness(study: Study, panel: pd.DataFrame, systems: dict,
                     progress=None) -> StudyRobustness:
    """Run the configured bootstrap and sensitivity analysis on the coupled systems.

    Parameters
    ----------
    study : Study
    panel : DataFrame
        The imputed panel.
    systems : dict of str to IndexResult
        The systems' results of the index step (agglomeration components are reused).
    """
    cfg = study.robustness
    inputs = {sid: system_input(study, sid, panel, systems[sid])
              for sid in study.coupled_systems}
    boot = sens = None
    common = {"coupling": study.coupling.model, "coupling_weights": study.coupling.weights,
              "seed": cfg.seed, "progress": progress}
    if cfg.bootstrap.enabled:
        b = cfg.bootstrap
        boot = bootstrap_coupling(inputs, groups=study.groups, replicates=b.replicates,
                                  scheme=b.scheme, interval=b.interval, level=b.level, **common)
    if cfg.sensitivity.enabled:
        s = cfg.sensitivity
        sens = sensitivity_analysis(
            inputs, alternatives={"weighting": list(s.weighting),
                                  "normalization": s.normalization, "scoring": s.scoring,
                                  "pooling": s.pooling, "coupling": s.coupling},
            runs=s.runs, design=s.design, weight_noise=s.weight_noise, **common)
    return StudyRobustness(boot, sens, cfg.year or study.years.end,
                           cfg.model_dump(mode="json"))


def _types(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Coordination type codes shown by name."""
    names = coordination_labels(lang)
    out = frame.copy()
    for col in ("type", "type_baseline"):
        if col in out.columns:
            out[col] = out[col].map(lambda c: names[int(c)] if c >= 0 else "")
    return out


def robustness_tables(rob: StudyRobustness, lang: str = "en") -> dict[str, pd.DataFrame]:
    """The robustness tables by name (type codes by name; the pipeline localizes the
    rest)."""
    t: dict[str, pd.DataFrame] = {}
    if rob.bootstrap is not None:
        b = rob.bootstrap
        t["bootstrap_weights"] = b.weights
        t["bootstrap_scores"] = b.scores
        t["bootstrap_group_D"] = b.group_means
        t["bootstrap_type_shares"] = _types(b.type_shares, lang)
        t["bootstrap_type_probability"] = _types(b.type_probability, lang)
    if rob.sensitivity is not None:
        s = rob.sensitivity
        t["sensitivity_units"] = _types(s.units, lang)
        t["sensitivity_indices"] = s.indices
        t["sensitivity_agreement"] = s.agreement
        t["sensitivity_runs"] = s.design
    return t
