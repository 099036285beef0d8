"""The computation shared by the bootstrap and the sensitivity analysis: one system's
inputs as arrays, weights of many resamples at once, and scores, coupling and coordination
types for many weight vectors at once (matrix products, no loop over rows or runs)."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from ..coupling import coupling_degree, type_codes
from ..exceptions import CcdkitWarning, DataError
from ..indices import (
    POOLING,
    SCORING,
    IndexResult,
    as_directions,
    composite_index,
)
from ..indices.weights import WEIGHTING

__all__ = ["IndexInput", "Panel", "prepare_systems", "weights_once", "weights_batch",
           "score_batch", "couple_batch", "FIXED_WEIGHTING"]

#: Weighting methods that do not depend on the data (a bootstrap leaves them unchanged),
#: as declared (``data_free``).
FIXED_WEIGHTING = tuple(name for name, spec in WEIGHTING.items() if spec.data_free)
_CHUNK = 256  # replicates scored per block (bounds memory: chunk x rows x indicators)


@dataclass(frozen=True)
class IndexInput:
    """The inputs and choices of one system score, as :func:`~ccdkit.composite_index`
    takes them.

    Parameters
    ----------
    data : DataFrame
        ``region``, ``year`` and the indicator columns (not modified).
    indicators : sequence of str
    directions, dimensions : sequences, optional
        As in :func:`~ccdkit.composite_index`.
    weighting, scoring : str, mapping or parameters
        The configured methods (the baseline of a sensitivity analysis).
    pooling : {"pooled", "per_year"}
    name : str
        Name of the system (score column).

    Examples
    --------
    >>> import pandas as pd
    >>> panel = pd.DataFrame({"region": ["A", "B", "C"], "year": 2020,
    ...                       "x1": [1.0, 2.0, 4.0], "x2": [3.0, 1.0, 2.0]})
    >>> IndexInput(panel, ["x1", "x2"], name="econ").compute().scores["econ"].round(3).tolist()
    [0.463, 0.234, 0.716]
    """

    data: pd.DataFrame
    indicators: Sequence[str]
    directions: Sequence[Any] | None = None
    dimensions: Sequence[Any] | None = None
    weighting: Any = WEIGHTING.default  # the library's declared defaults
    scoring: Any = SCORING.default
    pooling: str = POOLING[0]
    name: str = "score"

    def replace(self, **changes) -> IndexInput:
        """A copy with other choices (``weighting``, ``scoring``, ``pooling``)."""
        return replace(self, **changes)

    def compute(self) -> IndexResult:
        """The system score by the library's own path (:func:`~ccdkit.composite_index`)."""
        return composite_index(
            self.data, list(self.indicators), directions=self.directions,
            dimensions=self.dimensions, weighting=self.weighting, scoring=self.scoring,
            pooling=self.pooling, name=self.name)


@dataclass
class Panel:
    """The systems' indicator matrices on their common region-years.

    Attributes
    ----------
    keys : DataFrame
        ``region``, ``year`` of the rows used (in the first system's order).
    x : dict of str to ndarray
        Raw indicator matrix of each system (rows x indicators).
    inputs : dict of str to IndexInput
    years : ndarray
        Year of each row.
    dropped : DataFrame
        Region-years left out (a missing indicator, or absent from another system).
    """

    keys: pd.DataFrame
    x: dict
    inputs: dict
    years: np.ndarray
    dropped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["region", "year"]))

    @property
    def n_rows(self) -> int:
        return len(self.keys)

    def year_rows(self) -> list[tuple[int, np.ndarray]]:
        """(year, row positions) for each year, in order."""
        return [(int(y), np.flatnonzero(self.years == y)) for y in np.unique(self.years)]

    def pools(self, pooling: str) -> list[tuple[Any, np.ndarray]]:
        """Row positions of each weighting pool (``all`` or each year)."""
        if pooling == "per_year":
            return self.year_rows()
        return [("all", np.arange(self.n_rows))]


def prepare_systems(systems) -> Panel:
    """Arrays of the systems on the region-years every system has (rows with a missing
    indicator are left out and listed in ``dropped``).

    Parameters
    ----------
    systems : mapping of str to IndexInput, or sequence of IndexInput
    """
    if isinstance(systems, Mapping):
        inputs = {str(k): (v if v.name == k else v.replace(name=str(k)))
                  for k, v in systems.items()}
    else:
        inputs = {s.name: s for s in systems}
    if len(inputs) < 2:
        raise DataError(f"coupling needs at least 2 systems, got {len(inputs)}")
    frames, all_keys = {}, []
    for name, inp in inputs.items():
        missing = [c for c in ("region", "year", *inp.indicators) if c not in inp.data.columns]
        if missing:
            raise DataError(f"system {name!r}: columns {missing} are not in its data")
        frame = inp.data[["region", "year", *inp.indicators]].copy()
        frame[list(inp.indicators)] = frame[list(inp.indicators)].apply(
            pd.to_numeric, errors="coerce")
        frame["year"] = frame["year"].astype(int)
        all_keys.append(frame[["region", "year"]])
        frames[name] = frame.dropna().set_index(["region", "year"])
    first = next(iter(frames.values()))
    common = first.index
    for frame in frames.values():
        common = common[common.isin(frame.index)]
    every = pd.concat(all_keys).drop_duplicates()
    gone = every[~pd.MultiIndex.from_frame(every).isin(common)].reset_index(drop=True)
    x = {name: frame.loc[common, list(inputs[name].indicators)].to_numpy(dtype=float)
         for name, frame in frames.items()}
    keys = common.to_frame(index=False)
    if len(keys) < 2:
        raise DataError("fewer than 2 region-years have every indicator of every system")
    return Panel(keys, x, inputs, keys["year"].to_numpy(), gone)


@contextmanager
def _quiet():
    """Warnings of the many repeated computations are not the caller's business (the
    result counts the replicates that failed)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CcdkitWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        yield


def weights_once(x: np.ndarray, inp: IndexInput, params) -> np.ndarray:
    """Weights of one matrix by the library's method (NaN when undefined)."""
    spec = WEIGHTING[params.method]
    try:
        with _quiet():
            res = spec(x, params=params, directions=as_directions(inp.directions, x.shape[1]),
                       names=list(inp.indicators),
                       dimensions=list(inp.dimensions) if inp.dimensions is not None else None)
        return res.weights.to_numpy(dtype=float)
    except DataError:
        return np.full(x.shape[1], np.nan)


def weights_batch(x: np.ndarray, idx: np.ndarray, inp: IndexInput, params) -> np.ndarray:
    """Weights of the resamples ``x[idx[b]]`` for b = 1..B, shape (B, n); a resample on
    which the method is undefined gets a row of NaN.

    As the method is declared: a data-free method (``data_free``) once; a method with a
    batch implementation (``batch``) on all resamples at once, in blocks; any other
    resample by resample through the library.
    """
    idx = np.asarray(idx)
    B = idx.shape[0]
    spec = WEIGHTING[params.method]
    if spec.data_free:
        return np.tile(weights_once(x[idx[0]], inp, params), (B, 1))
    if spec.batch is None:
        return np.vstack([weights_once(x[idx[b]], inp, params) for b in range(B)])
    step = max(1, 4_000_000 // max(1, idx.shape[1] * x.shape[1]))
    try:
        with _quiet():
            return np.vstack([spec.run_batch(x[idx[i:i + step]], params=params,
                                             directions=inp.directions)
                              for i in range(0, B, step)])
    except DataError:  # undefined on these data (as the library's function)
        return np.full((B, x.shape[1]), np.nan)


def score_batch(xp: np.ndarray, W: np.ndarray, directions, scoring) -> np.ndarray:
    """Scores of the rows of one pool for each weight vector, shape (R, rows): the
    scoring method's declared batch implementation (the numbers of its function row by
    row)."""
    sparams = SCORING.parse(scoring)
    with _quiet():
        return SCORING[sparams.method].run_batch(xp, W, params=sparams, directions=directions)


def couple_batch(U: np.ndarray, model: str, weights=None) -> dict[str, np.ndarray]:
    """C, T, D and the coordination type code of a stack of system scores.

    Parameters
    ----------
    U : array of shape (R, rows, systems)
    model : str
        Coupling formula (:data:`~ccdkit.COUPLING_MODELS`).
    weights : sequence of float, optional
        Weights of T (default equal).
    """
    R, m, S = U.shape
    a = np.full(S, 1.0 / S) if weights is None else np.asarray(weights, dtype=float)
    flat = U.reshape(-1, S)
    ok = np.isfinite(flat).all(axis=1)
    C = np.full(flat.shape[0], np.nan)
    C[ok] = coupling_degree(flat[ok], model)
    C = C.reshape(R, m)
    T = U @ a
    D = np.sqrt(np.clip(C * T, 0.0, None))
    return {"C": C, "T": T, "D": D, "type": type_codes(D)}
