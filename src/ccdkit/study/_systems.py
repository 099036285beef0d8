"""Scores of the systems of a study config (indicator hierarchies and agglomeration)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..indices import (
    AgglomerationResult,
    IndexResult,
    agglomeration_index,
    composite_index,
)
from ._config import AgglomerationSystem, IndicatorSystem, Study, Weighting

__all__ = ["system_index", "weighting_options"]

# which Weighting keys each method uses (the rest are ignored)
_METHOD_KEYS = {
    "entropy": ("shift",),
    "improved_entropy": ("shift", "hierarchy", "nearest", "ri"),
    "ahp": ("matrix", "hierarchy", "ri"),
    "user": ("weights",),
}


def weighting_options(weighting: Weighting, base_dir: Path | None = None) -> dict:
    """Keyword options of the registered weighting method from a config block."""
    opts = {k: getattr(weighting, k) for k in _METHOD_KEYS.get(weighting.method, ())}
    if isinstance(opts.get("matrix"), str) and base_dir is not None:
        path = Path(opts["matrix"])
        opts["matrix"] = str(path if path.is_absolute() else base_dir / path)
    return opts


def system_index(study: Study, system_id: str, panel: pd.DataFrame,
                 firms: pd.DataFrame | None = None) -> IndexResult | AgglomerationResult:
    """Score one system of a study on the (imputed) panel or the firm table.

    Indicator systems: :func:`~ccdkit.composite_index` with the system's directions,
    dimensions, weighting, scoring and pooling. Agglomeration systems:
    :func:`~ccdkit.agglomeration_index` on the study's regions and years.
    """
    system = next(s for s in study.systems if s.id == system_id)
    if isinstance(system, AgglomerationSystem):
        if firms is None:
            raise ValueError(f"system {system_id!r} needs the firm table")
        return agglomeration_index(
            firms, n=system.n, scope=system.scope, indices=system.indices,
            weighting=system.weighting.method, pooling=system.pooling,
            regions=study.region_ids, years=study.years.values, name=system.id)
    assert isinstance(system, IndicatorSystem)
    inds = system.indicators
    frame = panel[["region", "year", *[i.col for i in inds]]].rename(
        columns={i.col: i.id for i in inds})
    return composite_index(
        frame, [i.id for i in inds], directions=[i.direction for i in inds],
        dimensions=[d.id for d in system.dimensions for _ in d.indicators],
        weighting=system.weighting.method,
        weighting_options=weighting_options(system.weighting, study.base_dir),
        scoring=system.scoring.method, matrix=system.scoring.matrix, pooling=system.pooling,
        name=system.id)
