"""The Geographical Detector: q statistic, factor / interaction / risk / ecological detectors,
discretization (including exact natural breaks) and optimal discretization (OPGD).

Plain functions work on arrays of stratum codes of any size; :class:`GeoDetector` is the
one-call entry point on a table.
"""

from ._api import GeoDetector, GeoDetectorResult
from ._detectors import (
    ECOLOGICAL_RULES,
    INTERACTION_TYPES,
    ecological_detector,
    encode,
    factor_detector,
    interaction_detector,
    interaction_type,
    risk_detector,
)
from ._discretize import (
    DISCRETIZATION_METHODS,
    Discretization,
    assign,
    breaks_for,
    cover_range,
    discretize,
    interval_labels,
)
from ._natural import jenks_backend, natural_breaks, natural_breaks_all
from ._optimal import (
    K_MAX,
    SELECTION_RULES,
    OptimalDiscretization,
    ValueTable,
    k_values,
    manual_discretization,
    optimal_discretization,
    optimal_from_table,
)
from ._raster import RasterStack, read_rasters
from ._robust import ROBUST_MODES, robust_segments
from ._tree import regression_tree
from ._kselect import K_RULES, choose_k
from ._rgd import RobustResult, rgd
from ._spade import (DISTANCES, SPADE_MODES, SpadeResult, distance_weights, gdverse_quantile,
                     psd, spade, spatial_variance)
from ._idsa import OVERLAYS, IDSAResult, fuzzy_overlay, idsa
from ._sesu import SESU_MODELS, SESU_STATISTICS, SESUResult, sesu
from ._models import (DETECTOR_MODELS, MODEL_NAMES, GOZHOptions, IDSAOptions, LESHOptions,
                      ModelSpec, RGDOptions, SESUOptions, SPADEOptions, run_model, validated)
from ._zones import SHAPLEY_MODES, LESHResult, ZonesResult, gozh, lesh, shapley_values
from ._nulls import NULL_MODELS, SPECTRAL_MAX_N, SpectralNull
from ._core import SMALL_N, SMALL_N_PER_STRATUM
from ._params import (
    AUTO_MAX_N,
    AUTO_RESAMPLES,
    DetectorOptions,
    DiscretizationOptions,
    GeoDetectorParams,
)
from ._stats import (
    INTERACTION_RULES,
    LAMBDA_VARIANCES,
    SINGLETON_MODES,
    FactorStats,
    bootstrap_q,
    enhancement_pvalue,
    factor_stats,
    permutation_pvalue,
    q_adjusted,
    q_value,
    strata_sums,
)

__all__ = [
    "AUTO_MAX_N",
    "AUTO_RESAMPLES",
    "GeoDetector",
    "GeoDetectorResult",
    "factor_detector",
    "interaction_detector",
    "interaction_type",
    "risk_detector",
    "ecological_detector",
    "encode",
    "INTERACTION_TYPES",
    "ECOLOGICAL_RULES",
    "discretize",
    "Discretization",
    "breaks_for",
    "assign",
    "cover_range",
    "interval_labels",
    "DISCRETIZATION_METHODS",
    "natural_breaks",
    "natural_breaks_all",
    "robust_segments",
    "ROBUST_MODES",
    "regression_tree",
    "rgd",
    "spade",
    "SpadeResult",
    "psd",
    "spatial_variance",
    "distance_weights",
    "gdverse_quantile",
    "DISTANCES",
    "SPADE_MODES",
    "idsa",
    "sesu",
    "run_model",
    "DETECTOR_MODELS",
    "MODEL_NAMES",
    "ModelSpec",
    "GOZHOptions",
    "LESHOptions",
    "RGDOptions",
    "SPADEOptions",
    "IDSAOptions",
    "SESUOptions",
    "validated",
    "SESUResult",
    "SESU_MODELS",
    "SESU_STATISTICS",
    "IDSAResult",
    "fuzzy_overlay",
    "OVERLAYS",
    "RobustResult",
    "choose_k",
    "K_RULES",
    "gozh",
    "lesh",
    "ZonesResult",
    "LESHResult",
    "shapley_values",
    "SHAPLEY_MODES",
    "SpectralNull",
    "NULL_MODELS",
    "SPECTRAL_MAX_N",
    "jenks_backend",
    "optimal_discretization",
    "k_values",
    "manual_discretization",
    "K_MAX",
    "optimal_from_table",
    "ValueTable",
    "read_rasters",
    "RasterStack",
    "OptimalDiscretization",
    "SELECTION_RULES",
    "factor_stats",
    "FactorStats",
    "strata_sums",
    "q_value",
    "permutation_pvalue",
    "SINGLETON_MODES",
    "LAMBDA_VARIANCES",
    "INTERACTION_RULES",
    "q_adjusted",
    "bootstrap_q",
    "enhancement_pvalue",
    "GeoDetectorParams",
    "SMALL_N",
    "SMALL_N_PER_STRATUM",
    "DetectorOptions",
    "DiscretizationOptions",
]
