"""Composite indices: direction-aware standardization, indicator weights
(:mod:`ccdkit.indices.weights`), TOPSIS and the obstacle degree, composite indices on
panels and industry agglomeration from firm data.

Imports only :mod:`ccdkit.data` and :mod:`ccdkit.exceptions`.
"""

from . import weights
from ._agglomeration import (
    AGGLOMERATION_INDICES,
    agglomeration_index,
    agglomeration_indices,
)
from ._composite import POOLING, SCORING_METHODS, IndexResult, composite_index
from ._scoring import (
    SCORING,
    TopsisParams,
    WeightedSumParams,
    WeightedSumResult,
    weighted_sum,
    weighted_sum_batch,
)
from ._standardize import (
    NORMALIZATIONS,
    as_directions,
    check_matrix,
    dominant_values,
    minmax,
    normalize,
)
from ._topsis import (
    TOPSIS_MATRICES,
    ObstacleResult,
    TopsisResult,
    obstacle_degree,
    topsis,
    topsis_batch,
)

__all__ = [
    "weights",
    "AGGLOMERATION_INDICES", "agglomeration_index",
    "agglomeration_indices",
    "POOLING", "SCORING_METHODS", "IndexResult", "composite_index",
    "SCORING", "TopsisParams", "WeightedSumParams", "WeightedSumResult", "weighted_sum",
    "weighted_sum_batch",
    "NORMALIZATIONS", "as_directions", "check_matrix", "minmax", "normalize",
    "dominant_values",
    "TOPSIS_MATRICES", "ObstacleResult", "TopsisResult", "obstacle_degree", "topsis",
    "topsis_batch",
]
