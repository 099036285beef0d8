"""Indicator hierarchies (system -> dimension -> indicator) and the weight tables."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ...exceptions import DataError

__all__ = ["as_dimensions", "weight_table"]


def as_dimensions(dimensions: Sequence[object] | None, names: Sequence[str]) -> list[str] | None:
    """Dimension id of each indicator (``None``: no hierarchy)."""
    if dimensions is None:
        return None
    dims = [str(d) for d in dimensions]
    if len(dims) != len(names):
        raise DataError(f"{len(dims)} dimension labels for {len(names)} indicators")
    return dims


def weight_table(names: Sequence[str], weights: np.ndarray, dimensions: list[str] | None,
                 columns: dict[str, np.ndarray] | None = None,
                 local: np.ndarray | None = None) -> tuple[pd.DataFrame, pd.Series | None]:
    """Per-indicator table with intermediates, local/dimension/global weights.

    Without an explicit ``local`` weight, an indicator's local weight is its global weight
    divided by its dimension's total (0 when the dimension's total is 0).
    """
    index = (names.rename("indicator") if isinstance(names, pd.Index)
             else pd.Index(list(names), name="indicator"))
    w = np.asarray(weights, dtype=float)
    cols: dict[str, object] = {}
    if dimensions is not None:
        cols["dimension"] = list(dimensions)
    for key, values in (columns or {}).items():
        cols[key] = np.asarray(values, dtype=float)
    dim_weights = None
    if dimensions is not None:
        codes, uniques = pd.factorize(np.asarray(dimensions, dtype=object))
        totals = np.bincount(codes, weights=w, minlength=len(uniques))
        dim_of = totals[codes]
        if local is None:
            local = np.divide(w, dim_of, out=np.zeros(len(w)), where=dim_of > 0)
        cols["local_weight"] = np.asarray(local, dtype=float)
        cols["dimension_weight"] = dim_of
        dim_weights = pd.Series(totals, index=pd.Index(uniques, name="dimension"))
    cols["weight"] = w
    return pd.DataFrame(cols, index=index), dim_weights
