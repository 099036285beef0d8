"""How sure are the results? Bootstrap intervals of weights, scores, D and the coordination
types, and an uncertainty and sensitivity analysis over the methodological choices
(weighting, normalization, scoring, pooling, coupling formula).

Every function takes the systems as :class:`IndexInput` (data, indicators and the
configured choices) and an explicit ``seed``.
"""

from ._bootstrap import BootstrapResult, bootstrap_coupling
from ._engine import FIXED_WEIGHTING, IndexInput
from ._intervals import bca_interval, jackknife_acceleration, percentile_interval
from ._sensitivity import (
    CONFIGURED,
    SensitivityResult,
    first_order_indices,
    rank_agreement,
    sensitivity_analysis,
)
from ._params import (
    DESIGNS,
    FACTORS,
    INTERVALS,
    SCHEMES,
    BootstrapOptions,
    SensitivityOptions,
)

__all__ = ["IndexInput", "bootstrap_coupling", "BootstrapResult",
           "percentile_interval", "bca_interval", "jackknife_acceleration",
           "BootstrapOptions", "SensitivityOptions", "SCHEMES", "INTERVALS", "FACTORS",
           "DESIGNS", "FIXED_WEIGHTING", "sensitivity_analysis", "SensitivityResult",
           "first_order_indices", "rank_agreement", "CONFIGURED"]
