"""Indicator weighting methods behind one registry and one result type.

Every method has the signature ``method(x, *, directions=None, names=None, dimensions=None,
**options) -> WeightsResult`` where ``x`` is the raw units x indicators matrix; each
applies its own standardization convention (see the function docs and docs/methods.md).
:data:`WEIGHTING_METHODS` maps the names used in the study config to the functions.
"""

from __future__ import annotations

from collections.abc import Callable

from ...exceptions import DataError
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
    equal_weights,
    std_weights,
    user_weights,
)
from ._result import AHPResult, WeightsResult

__all__ = [
    "WEIGHTING_METHODS",
    "compute_weights",
    "WeightsResult",
    "AHPResult",
    "entropy",
    "entropy_weights",
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


def _user(x, *, weights=None, **kw):
    if weights is None:
        raise DataError("weighting method 'user' needs weights={indicator: weight}")
    return user_weights(weights, x, **kw)


def _ahp(x, *, matrix=None, **kw):
    if matrix is None:
        raise DataError("weighting method 'ahp' needs matrix=... (pairwise comparisons)")
    return ahp_hierarchy_weights(matrix, x, **kw)


#: Weighting methods by config name.
WEIGHTING_METHODS: dict[str, Callable[..., WeightsResult]] = {
    "entropy": entropy_weights,
    "improved_entropy": improved_entropy_weights,
    "ahp": _ahp,
    "critic": critic_weights,
    "cv": cv_weights,
    "std": std_weights,
    "angle": angle_weights,
    "equal": equal_weights,
    "user": _user,
}


def compute_weights(method: str, x, **options) -> WeightsResult:
    """Run a weighting method by its registry name.

    >>> compute_weights("equal", [[1, 2], [3, 4]]).weights.tolist()
    [0.5, 0.5]
    """
    if method not in WEIGHTING_METHODS:
        raise DataError(f"weighting method must be one of {list(WEIGHTING_METHODS)}, "
                        f"got {method!r}")
    return WEIGHTING_METHODS[method](x, **options)
