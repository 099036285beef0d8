"""Scores of the systems of a study config (indicator hierarchies and agglomeration)."""

from __future__ import annotations

import pandas as pd

from ..indices import IndexResult, agglomeration_index, composite_index
from ..robustness import IndexInput
from ._config import AgglomerationSystem, Study

__all__ = ["system_index", "system_input"]


def _system(study: Study, system_id: str):
    """The config block of a system, with an AHP matrix file resolved against the study
    folder."""
    system = next(s for s in study.systems if s.id == system_id)
    weighting = system.weighting
    if weighting.method == "ahp" and isinstance(weighting.matrix, str):
        weighting = weighting.model_copy(update={"matrix": str(study.resolve(weighting.matrix))})
    return system, weighting


def _indicator_frame(system, panel: pd.DataFrame) -> tuple[pd.DataFrame, list]:
    tree = list(system.tree())
    frame = panel[["region", "year", *[i.col for _, i in tree]]].rename(
        columns={i.col: i.id for _, i in tree})
    return frame, tree


def system_index(study: Study, system_id: str, panel: pd.DataFrame,
                 firms: pd.DataFrame | None = None) -> IndexResult:
    """Score one system of a study on the (imputed) panel or the firm table.

    The validated weighting and scoring blocks of the config are passed to the library
    unchanged (an AHP matrix file is only resolved against the study folder), so every
    option the config accepts reaches the computation; the result's ``options`` record what
    was used. Indicator systems: :func:`~ccdkit.composite_index`; agglomeration systems:
    :func:`~ccdkit.agglomeration_index` on the study's regions and years.
    """
    system, weighting = _system(study, system_id)
    if isinstance(system, AgglomerationSystem):
        if firms is None:
            raise ValueError(f"system {system_id!r} needs the firm table")
        return agglomeration_index(
            firms, n=system.n, scope=system.scope, indices=system.indices, weighting=weighting,
            pooling=system.pooling, regions=study.region_ids, years=study.years.values,
            name=system.id)
    frame, tree = _indicator_frame(system, panel)
    return composite_index(
        frame, [i.id for _, i in tree], directions=[i.direction for _, i in tree],
        dimensions=[d.id for d, _ in tree], weighting=weighting, scoring=system.scoring,
        pooling=system.pooling, name=system.id)


def system_input(study: Study, system_id: str, panel: pd.DataFrame,
                 result: IndexResult) -> IndexInput:
    """The inputs and configured choices of a system as :class:`~ccdkit.robustness.IndexInput`
    (agglomeration systems: their LQ/CR/H components from ``result``, weighted sums)."""
    system, weighting = _system(study, system_id)
    if isinstance(system, AgglomerationSystem):
        return IndexInput(result.components[["region", "year", *system.indices]],
                          list(system.indices), weighting=weighting, scoring="weighted_sum",
                          pooling=system.pooling, name=system.id)
    frame, tree = _indicator_frame(system, panel)
    return IndexInput(frame, [i.id for _, i in tree], directions=[i.direction for _, i in tree],
                      dimensions=[d.id for d, _ in tree], weighting=weighting,
                      scoring=system.scoring, pooling=system.pooling, name=system.id)
