"""ccdkit — coupling-coordination studies of regional panels.

Read yearbook panels and firm tables, fill gaps, build composite indices, compute the
coupling coordination degree and explain it with the Geographical Detector, from one
study config. Each step is a plain function on pandas/numpy data.

The exact definitions of every method are in ``docs/methods.md``. The subpackages follow
the flow of a study, each importing only the layers below it: :mod:`ccdkit.data` (readers,
regions, imputation, writers), :mod:`ccdkit.indices` (standardization, weights, TOPSIS,
agglomeration, composite indices), :mod:`ccdkit.coupling` (CCD, types, summaries,
inequality), :mod:`ccdkit.geodetector`, :mod:`ccdkit.figures` and :mod:`ccdkit.study`
(config, pipeline, report, outputs, templates, demo).
"""

from __future__ import annotations

from ._version import __version__
from .coupling import (
    COORDINATION_TYPES,
    COUPLING_MODELS,
    CouplingResult,
    CouplingSummary,
    DagumResult,
    coordination_type,
    coupling_coordination,
    coupling_degree,
    dagum_gini,
    dagum_gini_panel,
    group_means,
    growth_by_region,
    mean_by_group,
    relative_development,
    summarize_coupling,
    top_bottom,
    type_shares,
    type_transitions,
)
from .data import (
    MAINLAND_IDS,
    PROVINCES,
    ImputationResult,
    PanelRead,
    Province,
    canonicalize_regions,
    complete_panel,
    group_label,
    impute_panel,
    is_aggregate,
    load_panel,
    province,
    province_table,
    read_firms,
    read_panel,
    region_groups,
    region_label,
    write_tables,
)
from .exceptions import (
    CcdkitError,
    CcdkitWarning,
    ConfigError,
    ConsistencyWarning,
    ConstantIndicatorWarning,
    DataError,
    ImputationWarning,
    MissingDataWarning,
    RegionError,
    SingletonStrataWarning,
    SmallSampleWarning,
)
from .geodetector import GeoDetector, GeoDetectorResult
from .indices import (
    IndexResult,
    ObstacleResult,
    TopsisResult,
    agglomeration_index,
    agglomeration_indices,
    composite_index,
    minmax,
    normalize,
    obstacle_degree,
    topsis,
    weights,
)
from .indices.weights import (
    WEIGHTING_METHODS,
    AHPResult,
    WeightsResult,
    ahp_weights,
    compute_weights,
    critic_weights,
    cv_weights,
    entropy_weights,
    improved_entropy_weights,
    judgment_matrix,
)
from .study import (
    DataCheck,
    Study,
    StudyData,
    StudyResult,
    check_study_data,
    init_study,
    load_study,
    load_study_data,
    run_study,
    study_from_dict,
    write_study,
)

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
    # Geographical Detector
    "GeoDetector",
    "GeoDetectorResult",
]
