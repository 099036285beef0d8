"""The rows, factors and weights the frontier detectors (GOZH, LESH, RGD, SPADE, IDSA)
take from a table: complete rows only (y and every factor present), counted, never
modified; errors name the column, row and value."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ._core import is_noninteger
from ._nulls import dense_weights

__all__ = ["Rows", "complete_rows", "continuous_factors", "subset_weights", "coordinate_columns",
           "table_text", "FactorTableResult"]


@dataclass
class Rows:
    """The factors used, the mask of complete rows and y (all rows, as floats)."""

    names: list[str]
    ok: np.ndarray
    y_all: np.ndarray

    @property
    def y(self) -> np.ndarray:
        return self.y_all[self.ok]

    @property
    def missing(self) -> int:
        return int((~self.ok).sum())


def complete_rows(data: pd.DataFrame, y: str, factors=None, *, exclude=()) -> Rows:
    """Check y and the factors (default: every column but y and ``exclude``)."""
    if not isinstance(data, pd.DataFrame):
        raise DataError("data must be a pandas DataFrame")
    if isinstance(factors, str):
        factors = [factors]
    names = ([c for c in data.columns if c != y and c not in exclude] if factors is None
             else list(factors))
    unknown = [c for c in [y, *names] if c not in data.columns]
    if unknown:
        raise DataError(f"column(s) {unknown} not in the data (columns: {list(data.columns)})")
    if y in names or len(set(names)) < len(names) or not names:
        raise DataError(f"factors must be distinct columns other than y ({y!r}); got {names}")
    yv = pd.to_numeric(data[y], errors="coerce")
    bad = yv.isna() & data[y].notna()
    if bad.any():
        raise DataError(f"response {y!r} must be numeric: row(s) {list(data.index[bad][:3])} "
                        f"hold {list(data[y][bad][:3])}")
    ok = (yv.notna() & data[names].notna().all(axis=1)).to_numpy()
    if ok.sum() < 2:
        raise DataError(f"fewer than 2 rows with {y!r} and every factor present")
    return Rows(names, ok, yv.to_numpy(dtype=float))


def is_number_column(col: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)


def continuous_factors(data: pd.DataFrame, names: list[str], chosen=None) -> list[str]:
    """The factors to discretize: ``chosen`` (checked), or the numeric ones with non-whole
    values."""
    if chosen is None:
        return [c for c in names if is_number_column(data[c])
                and is_noninteger(data[c].to_numpy(dtype=float))]
    chosen = [chosen] if isinstance(chosen, str) else list(chosen)
    stray = [c for c in chosen if c not in names]
    if stray:
        raise DataError(f"segment: {stray} are not among the factors {names}")
    for c in chosen:
        if not is_number_column(data[c]):
            raise DataError(f"segment: factor {c!r} is not numeric (found {data[c].dtype})")
    return chosen


def coordinate_columns(coords) -> list[str]:
    """Column names when ``coords`` names two columns, else []."""
    if isinstance(coords, (list, tuple)) and coords and all(isinstance(c, str) for c in coords):
        if len(coords) != 2:
            raise DataError(f"coords: name two columns (x/longitude, y/latitude), got {coords}")
        return list(coords)
    return []


def subset_weights(weights, data: pd.DataFrame, ok: np.ndarray):
    """The weights of the complete rows (``ok`` over the rows of ``data``), or None."""
    if weights is None or ok.all():
        return weights
    keep = np.flatnonzero(ok)
    return dense_weights(weights, len(data))[np.ix_(keep, keep)]


def table_text(frame: pd.DataFrame) -> str:
    return frame.to_string(index=False, float_format=lambda v: f"{v:.6g}")


@dataclass
class FactorTableResult:
    """Base of the models' results: the factor table, the rows used, the options."""

    factor: pd.DataFrame
    rows: pd.Index = field(repr=False)
    options: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.factor
