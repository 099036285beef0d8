"""ccdkit — coupling-coordination studies of regional panels.

Read yearbook panels and firm tables, fill gaps, build composite indices, compute the
coupling coordination degree and explain it with the Geographical Detector, from one
study config. Each step is a plain function on pandas/numpy data.

The exact definitions of every method are in ``docs/methods.md``.
"""

from __future__ import annotations

__version__ = "0.1.0"

from . import weights
from ._agglomeration import AgglomerationResult, agglomeration_index, agglomeration_indices
from ._config import Study, load_study, study_from_dict
from ._coupling import (
    COORDINATION_TYPES,
    COUPLING_MODELS,
    CouplingResult,
    coordination_type,
    coupling_coordination,
    coupling_degree,
    relative_development,
)
from ._coupling_summary import (
    CouplingSummary,
    group_means,
    growth_by_region,
    mean_by_group,
    summarize_coupling,
    top_bottom,
    type_shares,
    type_transitions,
)
from ._firms import read_firms
from ._indices import IndexResult, composite_index
from ._standardize import minmax, normalize
from ._topsis import ObstacleResult, TopsisResult, obstacle_degree, topsis
from .weights import (
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
from ._inequality import DagumResult, dagum_gini, dagum_gini_panel
from ._impute import ImputationResult, complete_panel, impute_panel
from ._panel import PanelRead, load_panel, read_panel
from ._regions import (
    MAINLAND_IDS,
    PROVINCES,
    Province,
    canonicalize_regions,
    group_label,
    is_aggregate,
    province,
    province_table,
    region_groups,
    region_label,
)
from ._outputs import write_study
from ._pipeline import StudyResult, run_study
from ._study_data import DataCheck, StudyData, check_study_data, load_study_data
from ._templates import init_study
from ._writers import write_tables
from .exceptions import (
    CcdkitError,
    CcdkitWarning,
    ConfigError,
    ConsistencyWarning,
    ConstantIndicatorWarning,
    MissingDataWarning,
    DataError,
    ImputationWarning,
    RegionError,
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
    "AgglomerationResult",
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
]
