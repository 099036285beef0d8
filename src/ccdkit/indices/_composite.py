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

from ..exceptions import (
    ConstantIndicatorWarning,
    DataError,
    DominantValueWarning,
    MissingDataWarning,
)
from ..specs import Params, method_text
from ._scoring import SCORING
from ._standardize import as_directions, dominant_values, minmax
from ._topsis import ObstacleResult, obstacle_degree
from .weights import WEIGHTING
from ..text import warning

__all__ = ["composite_index", "IndexResult", "POOLING", "SCORING_METHODS"]

SCORING_METHODS = tuple(SCORING)
POOLING = ("pooled", "per_year")
_KEYS = ("region", "year")
#: The key of the single pool when weights are pooled over all region-years.
ALL = "all"


@dataclass
class IndexResult:
    """A system score (composite index) with every intermediate; the one result type of
    every kind of system (indicator hierarchies and agglomeration from firms).

    Attributes
    ----------
    name : str
        Name of the score column.
    scores : DataFrame
        ``region``, ``year`` (when computed on a panel), the score and one sub-score per
        dimension (``<name>_<dimension>``).
    standardized : DataFrame
        The direction-aware min-max matrix x' with the keys.
    weights : dict of WeightsResult
        Weights by pool: ``{"all": ...}`` when pooled, ``{year: ...}`` per year.
    scoring : dict
        The scoring method's result by pool (TOPSIS V, ideal points, d+, d-; or the
        weighted sums), keyed like ``weights``.
    obstacles : ObstacleResult
        Obstacle degree of each indicator (and dimension) for each row of ``scores``.
    dropped : DataFrame
        Rows left out because an indicator was missing.
    options : dict
        The parameters used, as the methods received them: ``weighting`` and ``scoring``
        (each with its ``method``), ``pooling``.
    indicators : list of str
    dimensions : list of str or None
    components : DataFrame or None
        For agglomeration: LQ, CR_n, H and the assets per region-year (the indicators'
        raw values, computed from the firm table).
    """

    name: str
    scores: pd.DataFrame
    standardized: pd.DataFrame
    weights: dict
    scoring: dict
    obstacles: ObstacleResult
    dropped: pd.DataFrame
    options: dict = field(default_factory=dict)
    indicators: list[str] = field(default_factory=list)
    dimensions: list[str] | None = None
    components: pd.DataFrame | None = None

    @property
    def pooled(self) -> bool:
        """Whether one set of weights serves every year."""
        return list(self.weights) == [ALL]

    def to_frame(self) -> pd.DataFrame:
        """The scores (keys, score, dimension sub-scores), with the components if any."""
        if self.components is None:
            return self.scores.copy()
        return self.components.merge(self.scores, on=["region", "year"], how="left")

    def weight_table(self) -> pd.DataFrame:
        """Per-indicator weights and intermediates (with a ``year`` column when per year)."""
        if self.pooled:
            return self.weights[ALL].to_frame().reset_index()
        parts = [w.to_frame().reset_index().assign(year=y) for y, w in self.weights.items()]
        out = pd.concat(parts, ignore_index=True)
        return out[["year", *[c for c in out.columns if c != "year"]]]

    def summary(self, labels: Mapping[str, str] | None = None) -> str:
        """Options, weights and the score range."""
        o = self.options
        lines = []
        if self.components is not None:
            lines.append(f"Agglomeration (n={o.get('n')}, scope={o.get('scope')}): indices "
                         f"{', '.join(self.indicators)}")
        lines.append(f"Composite index {self.name!r}: weighting {method_text(o['weighting'])}; "
                     f"scoring {method_text(o['scoring'])}; pooling {o['pooling']}; "
                     f"{len(self.scores)} rows" + (f", {len(self.dropped)} dropped"
                                                   if len(self.dropped) else ""))
        if self.pooled:
            lines.append(self.weights[ALL].summary(dict(labels or {})))
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
        present = [k for k in _KEYS if k in data.columns]
        keys = (pd.DataFrame({k: data[k].reset_index(drop=True) for k in present})
                if present else None)
        columns = [data[c] for c in cols]  # column by column: no copy of a frame
        x = np.column_stack([
            (c if c.dtype.kind in "biuf" else pd.to_numeric(c, errors="coerce"))
            .to_numpy(dtype=float, na_value=np.nan)
            for c in columns]) if columns else np.empty((len(data), 0))
        return keys, x, [str(c) for c in cols]
    x = np.asarray(data, dtype=float)
    if x.ndim != 2:
        raise DataError(f"expected a 2-D matrix or a DataFrame, got shape {x.shape}")
    names = list(indicators) if indicators is not None else [f"x{j + 1}" for j in range(x.shape[1])]
    return None, x, names


def _warn_dominant(name: str, names: list[str], x: np.ndarray, keys) -> None:
    """One warning naming every cell that alone sets its indicator's range."""
    cells = dominant_values(x)
    if not cells:
        return
    found = []
    for i, j in cells:
        region, year = ((keys.iloc[i]["region"], int(keys.iloc[i]["year"]))
                        if keys is not None and {"region", "year"} <= set(keys.columns)
                        else (None, None))
        found.append({"indicator": str(names[j]), "value": float(x[i, j]), "region": region,
                      "year": year, "row": int(i)})
    warnings.warn(warning(DominantValueWarning, "index.dominant", index=name, cells=found),
                  stacklevel=3)


def _warn_constant(name: str, names: list[str], constant: dict) -> None:
    """One warning per index for the indicators that are constant in some pool."""
    flagged = {}
    for pool, mask in constant.items():
        for j in np.flatnonzero(mask):
            flagged.setdefault(names[j], []).append(pool)
    if not flagged:
        return
    warnings.warn(warning(
        ConstantIndicatorWarning, "index.constant", index=name,
        indicators={str(ind): [str(p) for p in pools if p != ALL]
                    for ind, pools in flagged.items()}), stacklevel=3)


def _complete_rows(name: str, names: list[str], keys, x: np.ndarray):
    """The rows with every indicator (the others left out with a warning), and those left
    out; an indicator without any value is an error."""
    allnan = [names[j] for j in range(len(names)) if np.isnan(x[:, j]).all()]
    if allnan:
        raise DataError(f"indicator(s) {allnan} have no value at all")
    missing = np.isnan(x).any(axis=1)
    if keys is None:
        dropped = pd.DataFrame({"row": np.flatnonzero(missing)})
    else:
        dropped = keys[missing] if missing.any() else keys.iloc[:0]
    if missing.any():
        warnings.warn(warning(MissingDataWarning, "index.missing_rows", index=name,
                              n=int(missing.sum())), stacklevel=3)
        x = x[~missing]
        keys = keys[~missing].reset_index(drop=True) if keys is not None else None
    return keys, x, dropped


def _pools(pooling: str, keys, n: int) -> list[tuple]:
    """(pool, row positions): every row together, or one pool per year."""
    if pooling != "per_year":
        return [(ALL, np.arange(n))]
    if keys is None or "year" not in keys:
        raise DataError("pooling 'per_year' needs a panel with a 'year' column")
    years = keys["year"].to_numpy()
    return [(int(y), np.flatnonzero(years == y)) for y in sorted(keys["year"].unique())]


@dataclass
class _PoolResult:
    standardized: np.ndarray
    constant: np.ndarray
    weights: object
    scoring: object
    sub: dict
    obstacles: ObstacleResult


@dataclass
class _PoolRun:
    """Weights, scores, dimension sub-scores and obstacle degrees of one pool."""

    wspec: object
    wparams: Params
    scorer: object
    sparams: Params
    directions: np.ndarray
    labels: pd.Index  # the indicator names, built once for every table of the result
    dims: list[str] | None
    names: list[str]  # the same names as a list (for messages)

    def __call__(self, xp: np.ndarray, idx, rows) -> _PoolResult:
        d, labels = self.directions, self.labels
        with warnings.catch_warnings():
            # standardized once per pool: the weights, scores and sub-scores that work on
            # min-max values reuse this matrix; a constant indicator is reported once for
            # the whole index, not per pool or per step
            warnings.simplefilter("ignore", ConstantIndicatorWarning)
            xs, constant = minmax(xp, d, labels)
            wres = self.wspec(xp, params=self.wparams, directions=d, names=labels,
                              dimensions=self.dims, **self._given(self.wspec, xs))
            w = wres.weights.to_numpy()
            sres = self.scorer(xp, w, params=self.sparams, directions=d, names=labels,
                               index=idx, **self._given(self.scorer, xs))
            sub = self._sub_scores(xp, xs, w)
        return _PoolResult(xs, constant, wres, sres, sub, obstacle_degree(
            xs, w, names=labels, dimensions=self.dims, index=rows))

    @staticmethod
    def _given(spec, xs: np.ndarray) -> dict:
        return {"standardized": xs} if spec.accepts("standardized") else {}

    def _sub_scores(self, xp: np.ndarray, xs: np.ndarray, w: np.ndarray) -> dict:
        """Each dimension's score: its indicators with its weights rescaled to 1."""
        out = {}
        for dim in dict.fromkeys(self.dims or []):
            cols = [j for j, dd in enumerate(self.dims) if dd == dim]
            wd = w[cols]
            if wd.sum() > 0:
                out[dim] = self.scorer.run_batch(
                    xp[:, cols], (wd / wd.sum())[None], params=self.sparams,
                    directions=self.directions[cols], names=[self.names[j] for j in cols],
                    standardized=xs[:, cols])[0]
        return out


def _key_index(keys: pd.DataFrame) -> pd.MultiIndex:
    """The keys as a row index (levels in order of appearance, built without checks:
    the codes come from factorizing the columns themselves)."""
    codes, levels = zip(*(pd.factorize(keys[k]) for k in keys.columns))
    return pd.MultiIndex(levels=list(levels), codes=list(codes), names=list(keys.columns),
                         verify_integrity=False)


def _with_keys(keys: pd.DataFrame | None, values: np.ndarray, columns) -> pd.DataFrame:
    """The key columns (if any) followed by a matrix's columns."""
    frame = pd.DataFrame(values, columns=columns)
    return frame if keys is None else pd.concat([keys, frame], axis=1)


def _gather_obstacles(obstacles: list[ObstacleResult]):
    """The pools' obstacle degrees in row order (one pool: as they are)."""
    if len(obstacles) == 1:
        return obstacles[0].indicators, obstacles[0].dimensions
    ind = pd.concat([o.indicators for o in obstacles]).sort_index()
    dims = (pd.concat([o.dimensions for o in obstacles]).sort_index()
            if obstacles[0].dimensions is not None else None)
    return ind, dims


def composite_index(
    data,
    indicators: Sequence[str] | None = None,
    *,
    directions=None,
    dimensions: Sequence[object] | None = None,
    weighting: str | Mapping | Params = "entropy",
    scoring: str | Mapping | Params = "topsis",
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
    weighting : str, mapping or parameters, default "entropy"
        A method of :data:`~ccdkit.indices.weights.WEIGHTING` by name, or with its options:
        ``{"method": "entropy", "shift": 0.01}``, ``{"method": "improved_entropy",
        "hierarchy": "flat"}``, ``{"method": "user", "weights": {...}}``, ``{"method": "ahp",
        "matrix": ...}`` (``improved_entropy`` for the reference study's productive-forces
        index). An option the method does not take is an error.
    scoring : str, mapping or parameters, default "topsis"
        ``"topsis"`` (options ``matrix``: minmax/proportion/vector/raw, ``weights_in``:
        matrix/distance) or ``"weighted_sum"`` (sum_j w_j x'_ij).
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
    ConstantIndicatorWarning
        Once, naming the indicators (and years) that are constant.

    Examples
    --------
    >>> import pandas as pd
    >>> panel = pd.DataFrame({"region": ["Beijing", "Tianjin", "Hebei"], "year": 2020,
    ...                       "patents": [100.0, 40.0, 10.0], "energy": [0.3, 0.5, 0.9]})
    >>> res = composite_index(panel, directions=["+", "-"], scoring="weighted_sum")
    >>> res.scores["score"].round(4).tolist()
    [1.0, 0.4808, 0.0]
    >>> res.options["weighting"]
    {'method': 'entropy', 'standardize': 'minmax', 'shift': 0.0}
    """
    if pooling not in POOLING:
        raise DataError(f"pooling must be one of {POOLING}, got {pooling!r}")
    wparams = WEIGHTING.parse(weighting)
    sparams = SCORING.parse(scoring)
    keys, x, names = _split(data, indicators)
    d = as_directions(directions, len(names))
    dims = [str(v) for v in dimensions] if dimensions is not None else None
    if dims is not None and len(dims) != len(names):
        raise DataError(f"{len(dims)} dimension labels for {len(names)} indicators")
    keys, x, dropped = _complete_rows(name, names, keys, x)
    mi = _key_index(keys) if keys is not None else None
    pools = _pools(pooling, keys, len(x))
    run = _PoolRun(WEIGHTING[wparams.method], wparams, SCORING[sparams.method], sparams,
                   d, pd.Index(names), dims, names)
    score = np.full(len(x), np.nan)
    sub = {dim: np.full(len(x), np.nan) for dim in dict.fromkeys(dims or [])}
    xs_all = np.full(x.shape, np.nan)
    weights_out, scoring_out, obstacles, constant = {}, {}, [], {}
    for pool, rows in pools:
        if len(rows) < 2:
            raise DataError(f"composite index {name!r} needs at least 2 units per pool"
                            + (f" (year {pool} has {len(rows)})" if pool != ALL else ""))
        idx = (pd.RangeIndex(len(x))[rows] if mi is None
               else mi if len(pools) == 1 else mi[rows])
        out = run(x[rows], idx, rows)
        xs_all[rows], constant[pool] = out.standardized, out.constant
        weights_out[pool], scoring_out[pool] = out.weights, out.scoring
        score[rows] = out.scoring.scores
        for dim, values in out.sub.items():
            sub[dim][rows] = values
        obstacles.append(out.obstacles)
    _warn_constant(name, names, constant)
    _warn_dominant(name, names, x, keys)
    scores = _with_keys(keys, np.column_stack([score, *sub.values()]),
                        [name, *(f"{name}_{dim}" for dim in sub)])
    standardized = _with_keys(keys, xs_all, run.labels)
    ind, dim_obs = _gather_obstacles(obstacles)
    if mi is not None:
        ind.index = mi
        if dim_obs is not None:
            dim_obs.index = mi
    return IndexResult(
        name=name, scores=scores, standardized=standardized, weights=weights_out,
        scoring=scoring_out, obstacles=ObstacleResult(ind, dim_obs),
        dropped=dropped.reset_index(drop=True),
        options={"weighting": wparams.model_dump(mode="json"),
                 "scoring": sparams.model_dump(mode="json"), "pooling": pooling},
        indicators=names, dimensions=dims)
