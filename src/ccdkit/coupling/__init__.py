"""Coupling coordination: the C/T/D models, the ten coordination types, the relative
development degree, summaries by year and region group, and the Dagum Gini decomposition.

Imports only :mod:`ccdkit.data` and :mod:`ccdkit.exceptions`.
"""

from ._ccd import (
    COORDINATION_BOUNDS,
    COORDINATION_TYPES,
    COUPLING_MODELS,
    WEIGHT_SUM_TOL,
    CouplingResult,
    check_coupling_weights,
    check_rdd_thresholds,
    coordination_type,
    coupling_coordination,
    coupling_degree,
    rdd_codes,
    relative_development,
    type_codes,
)
from ._params import CouplingOptions, CouplingDiagnosticsOptions, DynamicCouplingOptions
from ._inequality import DagumResult, dagum_gini, dagum_gini_panel
from ._theil import TheilResult, theil, theil_panel
from ._audit import C_VARIANTS, T_VARIANTS, AuditResult, audit, printed_decimals
from ._diagnostics import CouplingDiagnostics, coupling_diagnostics, variance_share_of_t
from ._dynamic import (DYNAMIC_STATES, SPEED_METHODS, DynamicCoupling, coupling_state,
                       dynamic_coupling)
from ._summary import (
    CouplingSummary,
    group_means,
    growth_by_region,
    mean_by_group,
    summarize_coupling,
    top_bottom,
    type_shares,
    type_transitions,
)

__all__ = [
    "COORDINATION_TYPES", "COUPLING_MODELS", "CouplingResult", "coordination_type",
    "coupling_coordination", "coupling_degree", "relative_development", "type_codes",
    "rdd_codes", "COORDINATION_BOUNDS",
    "DagumResult", "dagum_gini", "dagum_gini_panel", "TheilResult", "theil", "theil_panel", "coupling_diagnostics", "CouplingDiagnostics", "variance_share_of_t",
    "audit", "AuditResult", "C_VARIANTS", "T_VARIANTS", "printed_decimals",
    "dynamic_coupling", "DynamicCoupling", "coupling_state", "SPEED_METHODS", "DYNAMIC_STATES",
    "CouplingSummary", "group_means", "growth_by_region", "mean_by_group",
    "summarize_coupling", "top_bottom", "type_shares", "type_transitions",
    "check_coupling_weights", "check_rdd_thresholds", "WEIGHT_SUM_TOL", "CouplingOptions",
    "CouplingDiagnosticsOptions", "DynamicCouplingOptions",
]
