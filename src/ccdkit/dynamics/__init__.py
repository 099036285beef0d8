"""Dynamic evolution of a panel: kernel density by year, Markov and spatial Markov chains
of classes, sigma and beta convergence."""

from ._convergence import (
    GROWTH,
    BetaResult,
    beta_convergence,
    sigma_convergence,
    spatial_beta_convergence,
)
from ._kde import BANDWIDTH_RULES, KDEResult, kernel_density
from ._space_time import (QUADRANTS, REY_TYPES, LisaMarkovResult, RoseResult, lisa_markov,
                          lisa_paths, lisa_rose, rey_type)
from ._params import FIXED_EFFECTS, DynamicsOptions, RoseOptions
from ._markov import (
    MarkovResult,
    SpatialMarkovResult,
    homogeneity_test,
    markov_chain,
    mean_first_passage,
    quantile_classes,
    recurrent_classes,
    spatial_markov,
    steady_state,
    steady_states,
    transition_counts,
)

__all__ = ["kernel_density", "KDEResult", "BANDWIDTH_RULES", "lisa_markov", "LisaMarkovResult",
           "lisa_paths", "lisa_rose", "RoseResult", "RoseOptions", "rey_type", "QUADRANTS", "REY_TYPES",
           "quantile_classes", "transition_counts", "markov_chain", "steady_state",
           "steady_states", "recurrent_classes",
           "mean_first_passage", "MarkovResult", "spatial_markov", "SpatialMarkovResult",
           "homogeneity_test",
           "sigma_convergence", "beta_convergence", "spatial_beta_convergence", "BetaResult",
           "GROWTH", "FIXED_EFFECTS", "DynamicsOptions"]
