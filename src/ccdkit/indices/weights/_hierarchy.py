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
    table = pd.DataFrame(index=pd.Index(list(names), name="indicator"))
    if dimensions is not None:
        table["dimension"] = dimensions
    for key, values in (columns or {}).items():
        table[key] = np.asarray(values, dtype=float)
    w = pd.Series(np.asarray(weights, dtype=float), index=table.index)
    dim_weights = None
    if dimensions is not None:
        dim_weights = w.groupby(table["dimension"], sort=False).sum()
        dim_of = table["dimension"].map(dim_weights)
        if local is None:
            local = np.divide(w.to_numpy(), dim_of.to_numpy(),
                              out=np.zeros(len(w)), where=dim_of.to_numpy() > 0)
        table["local_weight"] = np.asarray(local, dtype=float)
        table["dimension_weight"] = dim_of.to_numpy()
        dim_weights.index.name = "dimension"
    table["weight"] = w
    return table, dim_weights
