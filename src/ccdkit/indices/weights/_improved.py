"""Improved entropy weights via the AHP 1-9 scale, and hierarchical AHP (METHODS section 3).

The entropy g_j = 1 - e_j of the indicators compared in one group are turned into an AHP
judgment matrix: D = max g / min g; alpha = min(9, floor(D + 0.5)); if alpha = 1 every
a_ij = 1, else R = D^(1/(alpha - 1)) and scale value k (1..alpha) stands for the ratio
R^(k-1) (paper Table 2). For g_i >= g_j, k = clip(floor(log(g_i/g_j)/log R + 0.5) + 1, 1,
alpha) (``nearest="log"``) or the k whose R^(k-1) is nearest to g_i/g_j
(``nearest="linear"``); a_ij = k, a_ji = 1/k. The weights are the matrix's principal
eigenvector (:func:`~ccdkit.weights.ahp_weights`).

Hierarchies (``hierarchy="nested"``, default): within each dimension the matrix is built
from its indicators' g (local weights); at the dimension level from G_d = sum of its
members' g (dimension weights W_d); global weight = W_d x local weight. ``"flat"``: one
matrix over all indicators.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ...exceptions import ConstantIndicatorWarning, DataError
from ._ahp import ahp_weights
from ._hierarchy import as_dimensions, weight_table
from ._objective import entropy_weights
from ._result import AHPResult, WeightsResult
from ...text import warning

__all__ = ["judgment_matrix", "improved_entropy_weights", "ahp_hierarchy_weights",
           "HIERARCHIES", "NEAREST_RULES"]

HIERARCHIES = ("nested", "flat")
NEAREST_RULES = ("log", "linear")


def _round_half_up(x: np.ndarray) -> np.ndarray:
    return np.floor(x + 0.5)


def judgment_matrix(g: Sequence[float], names: Sequence[str] | None = None, *,
                    nearest: str = "log") -> tuple[pd.DataFrame, dict]:
    """The AHP judgment matrix of the improved entropy method from positive g values.

    Parameters
    ----------
    g : sequence of float > 0
        Information utility g_j = 1 - e_j of the indicators compared.
    nearest : {"log", "linear"}
        How a ratio g_i/g_j is mapped to the scale: round half up of log(ratio)/log(R)
        (``log``), or the nearest R^(k-1) in absolute difference (``linear``).

    Returns
    -------
    matrix : DataFrame
        Reciprocal matrix whose entries are the integers k (and 1/k).
    mapping : dict
        ``D``, ``alpha``, ``R`` (``nan`` when alpha = 1) and ``g``.

    Examples
    --------
    >>> a, m = judgment_matrix([0.20, 0.12, 0.05, 0.31, 0.08])
    >>> m["alpha"], round(m["R"], 6)
    (6, 1.440384)
    >>> a.iloc[0].round(4).tolist()
    [1.0, 2.0, 5.0, 0.5, 4.0]
    """
    if nearest not in NEAREST_RULES:
        raise DataError(f"nearest must be one of {NEAREST_RULES}, got {nearest!r}")
    g = np.asarray(g, dtype=float)
    names = list(names) if names is not None else [f"x{j + 1}" for j in range(len(g))]
    if len(g) == 0 or (g <= 0).any() or not np.isfinite(g).all():
        raise DataError(f"judgment_matrix needs positive, finite g values, got {g.tolist()}")
    d = float(g.max() / g.min())
    alpha = int(min(9, _round_half_up(np.array(d))))
    n = len(g)
    if alpha <= 1:
        k = np.ones((n, n))
        r = float("nan")
    else:
        r = d ** (1.0 / (alpha - 1))
        ratio = g[:, None] / g[None, :]
        hi = np.maximum(ratio, 1.0 / ratio)  # >= 1 for every pair
        if nearest == "log":
            k_hi = _round_half_up(np.log(hi) / np.log(r)) + 1
        else:
            scale = r ** np.arange(alpha)
            k_hi = np.argmin(np.abs(hi[..., None] - scale), axis=-1) + 1.0
        k_hi = np.clip(k_hi, 1, alpha)
        k = np.where(ratio >= 1, k_hi, 1.0 / k_hi)
        np.fill_diagonal(k, 1.0)
    mapping = {"g": pd.Series(g, index=names), "D": d, "alpha": alpha, "R": r}
    return pd.DataFrame(k, index=names, columns=names), mapping


def _group_weights(g: pd.Series, *, nearest: str, ri: str, key: str,
                   results: dict[str, AHPResult]) -> pd.Series:
    """Weights within one comparison group; g <= 0 members get 0 (warned)."""
    positive = g[g > 0]
    if len(positive) < len(g):
        dropped = list(g.index[g <= 0])
        warnings.warn(warning(ConstantIndicatorWarning, "weights.no_information",
                              indicators=[str(d) for d in dropped], group=str(key)),
                      stacklevel=3)
    out = pd.Series(0.0, index=g.index)
    if len(positive) == 0:
        return out
    if len(positive) == 1:  # nothing to compare
        out[positive.index] = 1.0
        return out
    matrix, mapping = judgment_matrix(positive.to_numpy(), list(positive.index), nearest=nearest)
    res = ahp_weights(matrix, ri=ri)
    res.mapping = mapping
    results[key] = res
    out[positive.index] = res.weights
    return out


def improved_entropy_weights(x, *, directions=None, names: Sequence[str] | None = None,
                             dimensions: Sequence[object] | None = None,
                             hierarchy: str = "nested", nearest: str = "log", ri: str = "saaty",
                             shift: float = 0.0, standardize: str = "minmax",
                             standardized=None) -> WeightsResult:
    """Improved entropy weights: entropy g mapped to AHP judgment matrices (paper eq. 12-15).

    Parameters
    ----------
    x : array of shape (m, n)
        Units x indicators.
    directions, names, standardize, shift, standardized
        As in :func:`~ccdkit.weights.entropy_weights` (which computes e and g).
    dimensions : sequence, optional
        Dimension of each indicator (the hierarchy's middle level).
    hierarchy : {"nested", "flat"}, default "nested"
    nearest : {"log", "linear"}, default "log"
    ri : str, default "saaty"
        Random-index table (see :data:`~ccdkit.weights.RI_TABLES`).

    Returns
    -------
    WeightsResult
        ``table``: e, g, local_weight, dimension_weight, weight; ``ahp``: every judgment
        matrix with its D, alpha, R, lambda_max, CI and CR.

    Warns
    -----
    ConsistencyWarning
        For a judgment matrix with CR >= 0.1.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).random((20, 4))
    >>> r = improved_entropy_weights(x, dimensions=["a", "a", "b", "b"])
    >>> sorted(r.ahp), bool(abs(r.weights.sum() - 1) < 1e-12)
    (['a', 'b', 'dimensions'], True)
    """
    if hierarchy not in HIERARCHIES:
        raise DataError(f"hierarchy must be one of {HIERARCHIES}, got {hierarchy!r}")
    ent = entropy_weights(x, directions=directions, names=names, standardize=standardize,
                          shift=shift, standardized=standardized)
    names = list(ent.table.index)
    g = ent.table["g"]
    dims = as_dimensions(dimensions, names)
    results: dict[str, AHPResult] = {}
    if dims is None or hierarchy == "flat" or len(set(dims)) == 1:
        w = _group_weights(g, nearest=nearest, ri=ri, key="all", results=results)
        local = None
    else:
        dim_order = list(dict.fromkeys(dims))
        dim_series = pd.Series(dims, index=names)
        local = pd.Series(0.0, index=names)
        for d in dim_order:
            members = dim_series.index[dim_series == d]
            local[members] = _group_weights(g[members], nearest=nearest, ri=ri, key=d,
                                            results=results)
        big_g = g.groupby(dim_series, sort=False).sum().reindex(dim_order)
        dim_w = _group_weights(big_g, nearest=nearest, ri=ri, key="dimensions", results=results)
        w = local * dim_series.map(dim_w)
        local = local.to_numpy()
    total = w.sum()
    if total <= 0:
        raise DataError(f"improved entropy: every indicator has zero weight ({names})")
    w = w / total
    table, dim_weights = weight_table(names, w.to_numpy(), dims,
                                      {"e": ent.table["e"].to_numpy(), "g": g.to_numpy()},
                                      local=local)
    return WeightsResult("improved_entropy", table["weight"], table, dim_weights, results,
                         options={"hierarchy": hierarchy, "nearest": nearest, "ri": ri,
                                  "shift": shift, "standardize": standardize})


def _read_matrix_csv(path: str | Path) -> pd.DataFrame:
    path = Path(path)
    if not path.exists():
        raise DataError(f"AHP matrix file not found: {path}")
    frame = pd.read_csv(path, index_col=0)
    frame.index = frame.index.map(str)
    frame.columns = frame.columns.map(str)
    return frame


def _as_named_matrix(matrix, names: list[str], key: str) -> pd.DataFrame:
    if isinstance(matrix, pd.DataFrame):
        frame = matrix.copy()
        frame.index = frame.index.map(str)
        frame.columns = frame.columns.map(str)
        missing = [n for n in names if n not in frame.columns or n not in frame.index]
        if missing:
            raise DataError(f"AHP matrix {key!r} lacks rows/columns for {missing}")
        return frame.loc[names, names]
    a = np.asarray(matrix, dtype=float)
    if a.shape != (len(names), len(names)):
        raise DataError(f"AHP matrix {key!r} must be {len(names)} x {len(names)} "
                        f"(for {names}), got shape {a.shape}")
    return pd.DataFrame(a, index=names, columns=names)


def ahp_hierarchy_weights(matrix: Mapping[str, object] | str | Path | object, x=None, *,
                          directions=None, names: Sequence[str] | None = None,
                          dimensions: Sequence[object] | None = None,
                          hierarchy: str = "nested", ri: str = "saaty") -> WeightsResult:
    """AHP weights from user pairwise matrices, flat or nested by dimension.

    Parameters
    ----------
    matrix : array, DataFrame, CSV path or mapping
        ``hierarchy="flat"``: one n x n matrix over all indicators (or ``{"all": ...}``; a
        CSV file with row and column names). ``"nested"``: a mapping with one matrix per
        dimension that has 2+ indicators (key: the dimension id, indicators in their order)
        and ``"dimensions"``: the matrix between dimensions (in order of appearance).
    names, dimensions : sequence
        Indicator names and the dimension of each.

    Raises
    ------
    DataError
        Missing matrices, wrong shapes, non-positive or non-reciprocal entries (naming the cell).

    Examples
    --------
    >>> r = ahp_hierarchy_weights({"a": [[1, 3], [1/3, 1]], "dimensions": [[1, 1], [1, 1]]},
    ...                           names=["p", "q", "r"], dimensions=["a", "a", "b"])
    >>> r.weights.round(4).tolist(), r.dimension_weights.tolist()
    ([0.375, 0.125, 0.5], [0.5, 0.5])
    """
    if hierarchy not in HIERARCHIES:
        raise DataError(f"hierarchy must be one of {HIERARCHIES}, got {hierarchy!r}")
    if names is None:
        if x is None:
            raise DataError("ahp weights need the indicator names")
        names = [f"x{j + 1}" for j in range(np.asarray(x).shape[1])]
    names = list(names)
    dims = as_dimensions(dimensions, names)
    if isinstance(matrix, (str, Path)):
        matrix = {"all": _read_matrix_csv(matrix)}
    elif not isinstance(matrix, Mapping):
        matrix = {"all": matrix}
    results: dict[str, AHPResult] = {}
    nested = dims is not None and hierarchy == "nested" and len(set(dims)) > 1
    local = None
    if not nested:
        if "all" not in matrix:
            raise DataError(f"flat AHP needs one matrix over all indicators (key 'all'); "
                            f"got keys {list(matrix)}")
        res = ahp_weights(_as_named_matrix(matrix["all"], names, "all"), ri=ri)
        results["all"] = res
        w = res.weights.reindex(names).to_numpy()
    else:
        dim_order = list(dict.fromkeys(dims))
        members = {d: [n for n, dd in zip(names, dims) if dd == d] for d in dim_order}
        need = [d for d in dim_order if len(members[d]) > 1 and d not in matrix]
        if "dimensions" not in matrix:
            need.append("dimensions")
        if need:
            raise DataError(f"nested AHP needs matrices for {need}; got keys {list(matrix)}")
        top = ahp_weights(_as_named_matrix(matrix["dimensions"], dim_order, "dimensions"), ri=ri)
        results["dimensions"] = top
        local_s = pd.Series(1.0, index=names)
        for d in dim_order:
            if len(members[d]) > 1:
                res = ahp_weights(_as_named_matrix(matrix[d], members[d], d), ri=ri)
                results[d] = res
                local_s[members[d]] = res.weights
        w = (local_s * pd.Series(dims, index=names).map(top.weights)).to_numpy()
        local = local_s.to_numpy()
    table, dim_weights = weight_table(names, w / w.sum(), dims, local=local)
    return WeightsResult("ahp", table["weight"], table, dim_weights, results,
                         options={"hierarchy": hierarchy, "ri": ri})
