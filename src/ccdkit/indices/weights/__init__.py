"""Indicator weighting methods behind one registry and one result type.

Every method has the signature ``method(x, *, directions=None, names=None, dimensions=None,
**options) -> WeightsResult`` where ``x`` is the raw units x indicators matrix; each
applies its own standardization convention (see the function docs and docs/methods.md).
:data:`WEIGHTING_METHODS` maps the names used in the study config to the functions.
"""

from __future__ import annotations

from ._ahp import RI_TABLES, ahp_weights, check_pairwise_matrix, random_index
from ._improved import (
    HIERARCHIES,
    NEAREST_RULES,
    ahp_hierarchy_weights,
    improved_entropy_weights,
    judgment_matrix,
)
from ._objective import (
    angle_weights,
    critic_weights,
    cv_weights,
    entropy,
    entropy_weights,
    entropy_weights_batch,
    equal_weights,
    std_weights,
    user_weights,
)
from ._result import AHPResult, WeightsResult
from ._specs import (
    WEIGHTING,
    AHPParams,
    AngleParams,
    CriticParams,
    CVParams,
    EntropyParams,
    EqualParams,
    ImprovedEntropyParams,
    StdParams,
    UserParams,
)

__all__ = [
    "WEIGHTING",
    "WEIGHTING_METHODS",
    "EntropyParams",
    "ImprovedEntropyParams",
    "AHPParams",
    "CriticParams",
    "CVParams",
    "StdParams",
    "AngleParams",
    "EqualParams",
    "UserParams",
    "compute_weights",
    "WeightsResult",
    "AHPResult",
    "entropy",
    "entropy_weights",
    "entropy_weights_batch",
    "improved_entropy_weights",
    "judgment_matrix",
    "ahp_weights",
    "ahp_hierarchy_weights",
    "check_pairwise_matrix",
    "random_index",
    "RI_TABLES",
    "critic_weights",
    "cv_weights",
    "std_weights",
    "angle_weights",
    "equal_weights",
    "user_weights",
    "HIERARCHIES",
    "NEAREST_RULES",
]


#: Weighting methods by config name (each a :class:`~ccdkit.specs.MethodSpec`).
WEIGHTING_METHODS = WEIGHTING


def compute_weights(method: str, x, *, directions=None, names=None, dimensions=None,
                    **options) -> WeightsResult:
    """Run a weighting method by its registry name; ``options`` are validated against the
    method's parameters (an option the method does not take is an error).

    >>> compute_weights("equal", [[1, 2], [3, 4]]).weights.tolist()
    [0.5, 0.5]
    >>> compute_weights("entropy", [[1, 2], [4, 16]], standardize="none").weights.round(4).tolist()
    [0.3589, 0.6411]
    """
    return WEIGHTING.run({"method": method, **options}, x, directions=directions, names=names,
                         dimensions=dimensions)[0]
