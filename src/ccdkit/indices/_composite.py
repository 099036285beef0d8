"""Composite indices on a region-year panel: standardize, weight, score (METHODS 2-4).

:func:`composite_index` ties the pieces together for one system: the direction-aware
min-max matrix, weights from any registered method (pooled over all region-years, or per
year), the composite score (TOPSIS closeness or weighted sum), dimension sub-scores and
obstacle degrees.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import DataError, MissingDataWarning
from ._standardize import as_directions, minmax
from ._topsis import ObstacleResult, TopsisResult, obstacle_degree, topsis
from .weights import WEIGHTING_METHODS, WeightsResult

__all__ = ["composite_index", "IndexResult", "SCORING_METHODS", "POOLING"]

SCORING_METHODS = ("topsis", "weighted_sum")
POOLING = ("pooled", "per_year")
_KEYS = ("region", "year")


@dataclass
class IndexResult:
    """A composite index with every intermediate.

    Attributes
    ----------
    name : str
        Name of the score column.
    scores : DataFrame
        ``region``, ``year`` (when computed on a panel), the score and one sub-score per
        dimension (``<name>_<dimension>``).
    standardized : DataFrame
        The direction-aware min-max matrix x' with the keys.
    weights : WeightsResult or dict of int to WeightsResult
        Pooled weights, or per-year weights (``pooling="per_year"``).
    topsis : TopsisResult, dict or None
        TOPSIS details (V, ideal points, d+, d-) for the system score.
    obstacles : ObstacleResult
        Obstacle degree of each indicator (and dimension) for each row of ``scores``.
    dropped : DataFrame
        Rows left out because an indicator was missing.
    options : dict
        Every option used.
    """

    name: str
    scores: pd.DataFrame
    standardized: pd.DataFrame
    weights: WeightsResult | dict[int, WeightsResult]
    topsis: TopsisResult | dict[int, TopsisResult] | None
    obstacles: ObstacleResult
    dropped: pd.DataFrame
    options: dict = field(default_factory=dict)
    indicators: list[str] = field(default_factory=list)
    dimensions: list[str] | None = None

    def to_frame(self) -> pd.DataFrame:
        """The scores (keys, score, dimension sub-scores)."""
        return self.scores.copy()

    def weight_table(self) -> pd.DataFrame:
        """Per-indicator weights and intermediates (with a ``year`` column when per year)."""
        if isinstance(self.weights, WeightsResult):
            return self.weights.to_frame().reset_index()
        parts = [w.to_frame().reset_index().assign(year=y) for y, w in self.weights.items()]
        out = pd.concat(parts, ignore_index=True)
        return out[["year", *[c for c in out.columns if c != "year"]]]

    def summary(self, labels: Mapping[str, str] | None = None) -> str:
        """Options, weights and the score range."""
        lines = [f"Composite index {self.name!r}: weighting {self.options['weighting']}, "
                 f"scoring {self.options['scoring']}, pooling {self.options['pooling']}; "
                 f"{len(self.scores)} rows" + (f", {len(self.dropped)} dropped"
                                               if len(self.dropped) else "")]
        if isinstance(self.weights, WeightsResult):
            lines.append(self.weights.summary(dict(labels or {})))
        else:
            lines.append(f"per-year weights for {len(self.weights)} years (see weight_table())")
        s = self.scores[self.name]
        lines.append(f"score: mean {s.mean():.4f}, min {s.min():.4f}, max {s.max():.4f}")
        return "\n".join(lines)


def _split(data, indicators):
    """Keys frame (or None) and the raw matrix."""
    if isinstance(data, pd.DataFrame):
        cols = list(indicators) if indicators is not None else [
            c for c in data.columns if c not in _KEYS]
        absent = [c for c in cols if c not in data.columns]
        if absent:
            raise DataError(f"indicator columns not in the data: {absent}")
        keys = data[[k for k in _KEYS if k in data.columns]].reset_index(drop=True)
        x = data[cols].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
        return (keys if len(keys.columns) else None), x, [str(c) for c in cols]
    x = np.asarray(data, dtype=float)
    if x.ndim != 2:
        raise DataError(f"expected a 2-D matrix or a DataFrame, got shape {x.shape}")
    names = list(indicators) if indicators is not None else [f"x{j + 1}" for j in range(x.shape[1])]
    return None, x, names


def _score(x, w, d, names, scoring, matrix, index):
    if scoring == "topsis":
        res = topsis(x, w, directions=d, names=names, index=index, matrix=matrix)
        return res.closeness, res
    xs = minmax(x, d, names)[0]
    return xs @ w, None


def composite_index(
    data,
    indicators: Sequence[str] | None = None,
    *,
    directions=None,
    dimensions: Sequence[object] | None = None,
    weighting: str = "entropy",
    weighting_options: Mapping[str, object] | None = None,
    scoring: str = "topsis",
    matrix: str = "minmax",
    pooling: str = "pooled",
    name: str = "score",
) -> IndexResult:
    """Composite index of a set of indicators on a long panel or a plain matrix.

    Parameters
    ----------
    data : DataFrame or array
        A long panel (``region``, ``year``, indicator columns) or a units x indicators
        matrix. Not modified.
    indicators : sequence of str, optional
        Indicator columns (default: every column except region and year).
    directions : sequence of "+"/"-", optional
        Default all benefit.
    dimensions : sequence, optional
        Dimension of each indicator (for nested weights, sub-scores, obstacle sums).
    weighting : str, default "entropy"
        A key of :data:`~ccdkit.weights.WEIGHTING_METHODS` (``improved_entropy`` for the
        reference study's productive-forces index).
    weighting_options : mapping, optional
        Passed to the weighting method (e.g. ``{"shift": 0.01}``, ``{"hierarchy": "flat"}``,
        ``{"weights": {...}}`` for ``user``, ``{"matrix": ...}`` for ``ahp``).
    scoring : {"topsis", "weighted_sum"}, default "topsis"
        TOPSIS closeness (:func:`~ccdkit.topsis`) or sum_j w_j x'_ij.
    matrix : {"minmax", "proportion", "vector", "raw"}, default "minmax"
        TOPSIS weighted-matrix option.
    pooling : {"pooled", "per_year"}, default "pooled"
        ``pooled``: min-max, weights and ideal points over all region-years together
        (scores comparable across years); ``per_year``: each year separately (per-year
        weights).
    name : str
        Name of the score column.

    Returns
    -------
    IndexResult

    Warns
    -----
    MissingDataWarning
        Rows with a missing indicator are left out (impute first to keep them).

    Examples
    --------
    >>> import pandas as pd
    >>> panel = pd.DataFrame({"region": ["Beijing", "Tianjin", "Hebei"], "year": 2020,
    ...                       "patents": [100.0, 40.0, 10.0], "energy": [0.3, 0.5, 0.9]})
    >>> res = composite_index(panel, directions=["+", "-"], scoring="weighted_sum")
    >>> res.scores["score"].round(4).tolist()
    [1.0, 0.4808, 0.0]
    """
    if scoring not in SCORING_METHODS:
        raise DataError(f"scoring must be one of {SCORING_METHODS}, got {scoring!r}")
    if pooling not in POOLING:
        raise DataError(f"pooling must be one of {POOLING}, got {pooling!r}")
    if weighting not in WEIGHTING_METHODS:
        raise DataError(f"weighting must be one of {list(WEIGHTING_METHODS)}, got {weighting!r}")
    keys, x, names = _split(data, indicators)
    d = as_directions(directions, len(names))
    dims = [str(v) for v in dimensions] if dimensions is not None else None
    if dims is not None and len(dims) != len(names):
        raise DataError(f"{len(dims)} dimension labels for {len(names)} indicators")
    allnan = [names[j] for j in range(len(names)) if np.isnan(x[:, j]).all()]
    if allnan:
        raise DataError(f"indicator(s) {allnan} have no value at all")
    missing = np.isnan(x).any(axis=1)
    dropped = (keys[missing] if keys is not None else pd.DataFrame({"row": np.flatnonzero(missing)}))
    if missing.any():
        warnings.warn(f"{int(missing.sum())} row(s) with a missing indicator were left out of "
                      f"index {name!r} (impute first to keep them)", MissingDataWarning,
                      stacklevel=2)
        x = x[~missing]
        keys = keys[~missing].reset_index(drop=True) if keys is not None else None
    if pooling == "per_year":
        if keys is None or "year" not in keys:
            raise DataError("pooling 'per_year' needs a panel with a 'year' column")
        pools = [(int(y), np.flatnonzero(keys["year"].to_numpy() == y))
                 for y in sorted(keys["year"].unique())]
    else:
        pools = [(None, np.arange(len(x)))]
    opts = dict(weighting_options or {})
    score = np.full(len(x), np.nan)
    sub = {dim: np.full(len(x), np.nan) for dim in dict.fromkeys(dims or [])}
    xs_all = np.full(x.shape, np.nan)
    weights_out: dict[int | None, WeightsResult] = {}
    topsis_out: dict[int | None, TopsisResult] = {}
    obstacles = []
    for year, rows in pools:
        xp = x[rows]
        if len(rows) < 2:
            raise DataError(f"composite index {name!r} needs at least 2 units per pool"
                            + (f" (year {year} has {len(rows)})" if year is not None else ""))
        xs, _ = minmax(xp, d, names)
        xs_all[rows] = xs
        wres = WEIGHTING_METHODS[weighting](xp, directions=d, names=names, dimensions=dims,
                                            **opts)
        w = wres.weights.to_numpy()
        weights_out[year] = wres
        idx = rows if keys is None else pd.MultiIndex.from_frame(keys.iloc[rows])
        score[rows], tres = _score(xp, w, d, names, scoring, matrix, idx)
        if tres is not None:
            topsis_out[year] = tres
        if dims is not None:
            for dim in sub:
                cols = [j for j, dd in enumerate(dims) if dd == dim]
                wd = w[cols]
                if wd.sum() > 0:
                    sub[dim][rows] = _score(xp[:, cols], wd / wd.sum(), d[cols],
                                            [names[j] for j in cols], scoring, matrix, idx)[0]
        obstacles.append(obstacle_degree(xs, w, names=names, dimensions=dims, index=rows))
    base = keys.copy() if keys is not None else pd.DataFrame(index=range(len(x)))
    scores = base.assign(**{name: score})
    for dim, values in sub.items():
        scores[f"{name}_{dim}"] = values
    standardized = pd.concat([base, pd.DataFrame(xs_all, columns=names)], axis=1)
    ind = pd.concat([o.indicators for o in obstacles]).sort_index()
    dim_obs = (pd.concat([o.dimensions for o in obstacles]).sort_index()
               if dims is not None else None)
    if keys is not None:
        mi = pd.MultiIndex.from_frame(keys)
        ind.index = mi
        if dim_obs is not None:
            dim_obs.index = mi
    single = pooling == "pooled"
    return IndexResult(
        name=name, scores=scores, standardized=standardized,
        weights=weights_out[None] if single else weights_out,
        topsis=(topsis_out.get(None) if single else topsis_out) if scoring == "topsis" else None,
        obstacles=ObstacleResult(ind, dim_obs), dropped=dropped.reset_index(drop=True),
        options={"weighting": weighting, "weighting_options": opts, "scoring": scoring,
                 "matrix": matrix, "pooling": pooling},
        indicators=names, dimensions=dims)
