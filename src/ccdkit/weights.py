"""Alias of :mod:`ccdkit.indices.weights` (the indicator weighting methods), kept so that
``from ccdkit.weights import entropy_weights`` works as in version 0.1."""

from .indices.weights import *  # noqa: F401,F403
from .indices.weights import __all__  # noqa: F401
