"""Exceptions and warning classes raised by ccdkit.

Every error that bad input can cause is a :class:`CcdkitError`; the command-line
interface prints its message (no traceback) and exits non-zero. Degenerate but
computable cases emit a named warning so that callers can filter or escalate them
with :mod:`warnings`.
"""

from __future__ import annotations

__all__ = [
    "CcdkitError",
    "ConfigError",
    "DataError",
    "RegionError",
    "CcdkitWarning",
    "ImputationWarning",
    "MissingDataWarning",
    "ConstantIndicatorWarning",
    "ResamplingWarning",
    "RegionChangeWarning",
    "ConsistencyWarning",
    "SingletonStrataWarning",
    "SmallSampleWarning",
    "DominantValueWarning",
    "ReducibleChainWarning",
    "BoundaryWarning",
]


class CcdkitError(Exception):
    """Base class of all errors that ccdkit raises on bad input."""


class ConfigError(CcdkitError, ValueError):
    """The study configuration is invalid (the message names the key path)."""


class DataError(CcdkitError, ValueError):
    """A data file or table is invalid (the message names file, sheet, row/column)."""


class RegionError(DataError):
    """A region name or code could not be matched to the province registry."""


class CcdkitWarning(UserWarning):
    """Base class of ccdkit's warnings.

    The message is English; ``key`` (a message id) and ``params`` (its values: counts, ids)
    let a study report say the same in the study's language and with display labels.

    >>> w = CcdkitWarning("3 cell(s) filled", key="imputation.filled", n=3)
    >>> str(w), w.key, w.params
    ('3 cell(s) filled', 'imputation.filled', {'n': 3})
    """

    def __init__(self, message: str = "", *, key: str | None = None, **params):
        super().__init__(message)
        self.key = key
        self.params = params


class ImputationWarning(CcdkitWarning):
    """Missing values were filled, or could not be filled, by the imputation step."""


class MissingDataWarning(CcdkitWarning):
    """Rows with missing values were dropped from a computation."""


class ConstantIndicatorWarning(CcdkitWarning):
    """An indicator is constant over the pool (max == min); it gets weight 0."""


class ConsistencyWarning(CcdkitWarning):
    """An AHP judgment matrix has a consistency ratio CR >= 0.1."""


class SingletonStrataWarning(CcdkitWarning):
    """A stratification has strata with a single sample."""


class SmallSampleWarning(CcdkitWarning):
    """The sample is too small for the requested analysis to be reliable."""


class DominantValueWarning(CcdkitWarning):
    """One value sets an indicator's whole range: every other unit is squeezed into a tiny
    part of it (often a unit or typing error), which distorts weights and scores."""


class ResamplingWarning(CcdkitWarning):
    """Some bootstrap replicates or sensitivity runs could not use the requested method
    (e.g. every indicator constant on the drawn regions); they are counted and reported."""


class RegionChangeWarning(CcdkitWarning):
    """Rows of a city panel were relabelled, merged or left out because of an
    administrative change (see ``ccdkit.data.CITY_CHANGES``)."""


class ReducibleChainWarning(CcdkitWarning):
    """A Markov chain is not irreducible: a class is never left in the data, a class is
    absorbing (some first passages never happen), or there are several recurrent classes
    (no unique steady state)."""


class BoundaryWarning(CcdkitWarning):
    """An estimate lies at the bound of its admissible interval (e.g. a spatial
    autoregressive parameter at 1 / max eigenvalue of W): the fit should not be used."""


class UndefinedStatisticWarning(CcdkitWarning):
    """A statistic is undefined on the data given (e.g. SPADE's spatial variance in a
    stratum whose units share no weight): it is reported as missing, with the reason."""


class CouplingSaturationWarning(CcdkitWarning):
    """The coupling degree does not discriminate between the units (most of it near 1, or
    T carrying nearly all of D's variation): "highly coupled" says little."""
