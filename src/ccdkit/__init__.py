"""ccdkit — coupling-coordination studies of regional panels.

Read yearbook panels and firm tables, fill gaps, build composite indices, compute the
coupling coordination degree and explain it with the Geographical Detector, from one
study config. Each step is a plain function on pandas/numpy data.

The exact definitions of every method are in ``docs/methods.md``. The subpackages follow
the flow of a study, each importing only the layers below it: :mod:`ccdkit.data` (readers,
regions, imputation, writers), :mod:`ccdkit.indices` (standardization, weights, TOPSIS,
agglomeration, composite indices), :mod:`ccdkit.coupling` (CCD, types, summaries,
inequality), :mod:`ccdkit.geodetector`, :mod:`ccdkit.spatial` (weights, Moran's I, LISA,
Gi*), :mod:`ccdkit.dynamics` (kernel density, Markov chains, convergence),
:mod:`ccdkit.robustness` (bootstrap intervals, sensitivity to the method choices),
:mod:`ccdkit.figures` (charts and maps from frames), :mod:`ccdkit.study` (config, data,
pipeline, study result), :mod:`ccdkit.present` (tables, report, methods text, figure
registry, output folder) and :mod:`ccdkit.scaffold` (templates, demo); every reader-facing
text comes from :mod:`ccdkit.text`. Provinces and prefecture-level cities (``ccdkit.data.CITIES``) are both supported.
"""

from __future__ import annotations

import importlib

from ._version import __version__

#: Where each public name lives. The names are imported on first use (PEP 562), so that
#: ``import ccdkit`` and the command line start in a fraction of a second; every name in
#: ``__all__`` is one of these.
_EXPORTS: dict[str, tuple[str, ...]] = {
    "coupling": (
        "COORDINATION_TYPES", "COUPLING_MODELS", "CouplingResult", "CouplingSummary",
        "DagumResult", "coordination_type", "coupling_coordination", "coupling_degree",
        "dagum_gini", "dagum_gini_panel", "group_means", "growth_by_region",
        "mean_by_group", "relative_development", "summarize_coupling", "top_bottom",
        "type_shares", "type_transitions",
    ),
    "data": (
        "MAINLAND_IDS", "PROVINCES", "ImputationResult", "PanelRead", "Province",
        "canonicalize_regions", "complete_panel", "group_label", "impute_panel",
        "is_aggregate", "load_panel", "province", "province_table", "read_firms",
        "read_panel", "region_groups", "region_label", "write_tables",
    ),
    "exceptions": (
        "CcdkitError", "CcdkitWarning", "ConfigError", "ConsistencyWarning",
        "ConstantIndicatorWarning", "DataError", "ImputationWarning", "MissingDataWarning",
        "RegionError", "SingletonStrataWarning", "SmallSampleWarning",
        "DominantValueWarning", "ResamplingWarning", "RegionChangeWarning",
        "ReducibleChainWarning",
    ),
    "indices": (
        "IndexResult", "ObstacleResult", "TopsisResult", "agglomeration_index",
        "agglomeration_indices", "composite_index", "minmax", "normalize",
        "obstacle_degree", "topsis", "weights",
    ),
    "indices.weights": (
        "WEIGHTING_METHODS", "AHPResult", "WeightsResult", "ahp_weights", "compute_weights",
        "critic_weights", "cv_weights", "entropy_weights", "improved_entropy_weights",
        "judgment_matrix",
    ),
    "study": (
        "DataCheck", "Study", "StudyData", "StudyResult", "check_study_data",
        "load_study", "load_study_data", "run_study", "study_from_dict",
    ),
    "present": ("write_study",),
    "scaffold": ("init_study",),
    "geodetector": (
        "GeoDetector", "GeoDetectorResult",
    ),
}

_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
_SUBPACKAGES = ("data", "indices", "coupling", "geodetector", "spatial", "dynamics",
                "robustness", "figures", "study", "present", "scaffold", "text", "specs",
                "exceptions")


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    elif name in _SUBPACKAGES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def console_main() -> None:  # pragma: no cover - the `ccdkit` console script
    """The `ccdkit` command. Ctrl-C while the command line is still being imported ends it
    with a one-line message (exit 130), as during any command."""
    import sys

    try:
        from .cli import entry_point
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted; nothing was written\n")
        raise SystemExit(130) from None
    entry_point()


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | set(_SUBPACKAGES))


__all__ = [
    "__version__",
    # regions
    "Province",
    "PROVINCES",
    "MAINLAND_IDS",
    "province",
    "canonicalize_regions",
    "is_aggregate",
    "region_groups",
    "region_label",
    "group_label",
    "province_table",
    # data input / output
    "read_panel",
    "load_panel",
    "PanelRead",
    "read_firms",
    "write_tables",
    # missing data
    "impute_panel",
    "complete_panel",
    "ImputationResult",
    # composite indices
    "weights",
    "minmax",
    "normalize",
    "WEIGHTING_METHODS",
    "compute_weights",
    "WeightsResult",
    "AHPResult",
    "entropy_weights",
    "improved_entropy_weights",
    "judgment_matrix",
    "ahp_weights",
    "critic_weights",
    "cv_weights",
    "topsis",
    "TopsisResult",
    "obstacle_degree",
    "ObstacleResult",
    "composite_index",
    "IndexResult",
    "agglomeration_indices",
    "agglomeration_index",
    # coupling coordination
    "coupling_coordination",
    "coupling_degree",
    "coordination_type",
    "relative_development",
    "CouplingResult",
    "COUPLING_MODELS",
    "COORDINATION_TYPES",
    "summarize_coupling",
    "CouplingSummary",
    "mean_by_group",
    "group_means",
    "type_shares",
    "type_transitions",
    "growth_by_region",
    "top_bottom",
    # regional differences
    "dagum_gini",
    "dagum_gini_panel",
    "DagumResult",
    # study config
    "Study",
    "load_study",
    "study_from_dict",
    "StudyData",
    "DataCheck",
    "load_study_data",
    "check_study_data",
    "init_study",
    # the whole study
    "run_study",
    "StudyResult",
    "write_study",
    # errors
    "CcdkitError",
    "ConfigError",
    "DataError",
    "RegionError",
    "CcdkitWarning",
    "ImputationWarning",
    "ConstantIndicatorWarning",
    "ConsistencyWarning",
    "MissingDataWarning",
    "SingletonStrataWarning",
    "SmallSampleWarning",
    "DominantValueWarning",
    "ResamplingWarning",
    "RegionChangeWarning",
    "ReducibleChainWarning",
    # Geographical Detector
    "GeoDetector",
    "GeoDetectorResult",
]
