"""The Geographical Detector as one estimator: ``GeoDetector(...).fit(data, y=..., factors=...)``."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import DataError, SingletonStrataWarning, SmallSampleWarning
from ._chunked import fit_chunked, is_dask
from ._detectors import (
    ecological_detector,
    encode,
    factor_detector,
    interaction_detector,
    risk_detector,
)
from ._discretize import assign
from ._optimal import ValueTable, manual_discretization, optimal_discretization

__all__ = ["GeoDetector", "GeoDetectorResult"]

SMALL_N = 30


@dataclass
class GeoDetectorResult:
    """Everything a Geographical Detector run computed.

    Attributes
    ----------
    factor : DataFrame
        Factor detector (paper Table 4): factor, q, p, p_central, p_permutation, rank, N, L,
        and for discretized factors method, k and n_classes.
    interaction : DataFrame or None
        Interaction detector: factor1, factor2, q1, q2, q12, p12, type.
    risk : dict of str to (means, pairs)
        Risk detector per factor.
    ecological : DataFrame or None
    discretization : dict of str to OptimalDiscretization
        How each continuous factor was stratified: the q grid and the chosen breaks (a
        one-row grid, method ``manual``, for user breaks).
    strata : dict of str to ndarray
        Stratum codes of every factor (row order of the input; -1 = missing).
    labels : dict of str to list
        Stratum labels (category names, or interval labels of discretized factors).
    options : dict
    notes : list of str
    """

    factor: pd.DataFrame
    interaction: pd.DataFrame | None
    risk: dict
    ecological: pd.DataFrame | None
    discretization: dict
    strata: dict
    labels: dict
    options: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        """The factor detector table (q, p, rank per factor)."""
        return self.factor.copy()

    def interaction_matrix(self) -> pd.DataFrame:
        """Square matrix: q(Xi) on the diagonal, q(Xi ∩ Xj) below it (paper Fig. 7 data)."""
        names = list(self.factor["factor"])
        m = pd.DataFrame(np.nan, index=names, columns=names)
        for _, r in self.factor.iterrows():
            m.loc[r["factor"], r["factor"]] = r["q"]
        if self.interaction is not None:
            for _, r in self.interaction.iterrows():
                i, j = names.index(r["factor1"]), names.index(r["factor2"])
                lo, hi = (r["factor1"], r["factor2"]) if i > j else (r["factor2"], r["factor1"])
                m.loc[lo, hi] = r["q12"]
        return m

    def summary(self) -> str:
        """Table of q, p and rank per factor, the discretizations and the interaction types."""
        lines = [f"Geographical Detector: y = {self.options.get('y')}, N = "
                 f"{int(self.factor['N'].max()) if len(self.factor) else 0}, singletons = "
                 f"{self.options.get('singletons')}, lambda variance = "
                 f"{self.options.get('lambda_variance')}"]
        cols = ["factor", "q", "p", "p_central", "p_permutation", "rank"]
        if "method" in self.factor:
            cols += ["method", "n_classes"]
        lines.append(self.factor[cols].to_string(index=False, float_format=lambda v: f"{v:.4f}"))
        if self.interaction is not None and len(self.interaction):
            lines.append("interactions:")
            for _, r in self.interaction.iterrows():
                lines.append(f"  {r['factor1']} ∩ {r['factor2']}: q = {r['q12']:.4f} ({r['type']})")
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)


def _is_continuous(values: pd.Series) -> bool:
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return False
    v = values.to_numpy(dtype=float)
    v = v[np.isfinite(v)]
    return bool(len(v)) and bool((v != np.round(v)).any())


class GeoDetector:
    """Geographical Detector (Wang et al. 2010) with optimal discretization (Song et al. 2020).

    Parameters
    ----------
    methods : sequence of str, default all five
        Discretization methods tried for continuous factors
        (``equal``, ``quantile``, ``natural``, ``geometric``, ``sd``).
    k : int, (min, max) or list of int, default (3, 8)
        Candidate numbers of strata: one k, every k from min to max, or (3+ values) exactly
        those (see :func:`~ccdkit.geodetector.k_values`; the same meaning as in the config).
    min_stratum : int, default 2
        Candidates with a smaller stratum are invalid; with small N the k grid is cut.
    select : {"max_q", "elbow"}, default "max_q"
    singletons : {"drop", "keep"}, default "drop"
    lambda_variance : {"population", "sample"}, default "population"
    permutations : int, default 999
        Permutation p-values with B permutations (0 turns them off; not available for dask
        input). The same default as the study config.
    seed : int, default 0
        Seed of the permutations (results are reproducible by default).
    alpha : float, default 0.05
        Significance level of the risk and ecological detectors.
    ecological : {"paper", "geodetector"}, default "paper"
    interaction, risk, ecological_detector : bool, default True
        Which detectors to run besides the factor detector.

    Attributes
    ----------
    result_ : GeoDetectorResult
    factor_, interaction_, risk_, ecological_, discretization_
        Shortcuts to the fields of ``result_``.

    References
    ----------
    Wang, J.-F., Li, X.-H., Christakos, G. et al. (2010). Geographical detectors-based health
    risk assessment and its application in the neural tube defects study of the Heshun
    Region, China. *IJGIS*, 24(1), 107-127.
    Song, Y., Wang, J., Ge, Y. & Xu, C. (2020). An optimal parameters-based geographical
    detector model enhances geographic characteristics of explanatory variables for spatial
    heterogeneity analysis. *GIScience & Remote Sensing*, 57(5), 593-610.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame({"x1": rng.uniform(0, 10, 300), "x2": rng.choice(list("abc"), 300)})
    >>> df["y"] = np.floor(df["x1"] / 2) + (df["x2"] == "a") + rng.normal(0, 0.3, 300)
    >>> gd = GeoDetector(methods=["equal", "quantile"], k=(3, 6)).fit(df, y="y")
    >>> gd.factor_[["factor", "rank"]].values.tolist()
    [['x1', 1], ['x2', 2]]
    """

    def __init__(self, *, methods: Sequence[str] = ("equal", "quantile", "natural", "geometric",
                                                    "sd"),
                 k: Sequence[int] | tuple[int, int] = (3, 8), min_stratum: int = 2,
                 select: str = "max_q", singletons: str = "drop",
                 lambda_variance: str = "population", permutations: int = 999,
                 seed: int = 0, alpha: float = 0.05, ecological: str = "paper",
                 interaction: bool = True, risk: bool = True,
                 ecological_detector: bool = True) -> None:
        self.methods = tuple(methods)
        self.k = k
        self.min_stratum = min_stratum
        self.select = select
        self.singletons = singletons
        self.lambda_variance = lambda_variance
        self.permutations = permutations
        self.seed = seed
        self.alpha = alpha
        self.ecological = ecological
        self.interaction = interaction
        self.risk = risk
        self.ecological_detector = ecological_detector

    def get_params(self) -> dict:
        return {k: getattr(self, k) for k in (
            "methods", "k", "min_stratum", "select", "singletons", "lambda_variance",
            "permutations", "seed", "alpha", "ecological", "interaction", "risk",
            "ecological_detector")}

    def fit(self, data, y: str, factors: Sequence[str] | None = None, *,
            categorical: Sequence[str] | None = None, continuous: Sequence[str] | None = None,
            breaks: Mapping[str, Sequence[float]] | None = None) -> "GeoDetector":
        """Stratify the factors and run the detectors.

        Parameters
        ----------
        data : DataFrame, mapping of column name to array, or RasterStack
            Arrays may be dask arrays (any shape; they are flattened): then every step runs
            as a chunked reduction (see :mod:`ccdkit.geodetector._chunked`).
        y : str
            Response column.
        factors : sequence of str, optional
            Factor columns (default: every other column).
        categorical, continuous : sequence of str, optional
            Override the default rule: a numeric factor with non-integer values is
            continuous (discretized), anything else (labels, integer codes) is categorical.
        breaks : mapping, optional
            Manual breaks for continuous factors (skips the optimisation for them).

        Returns
        -------
        self
        """
        if not isinstance(data, pd.DataFrame) and hasattr(data, "flat"):
            data = data.flat()  # a RasterStack
        if not isinstance(data, pd.DataFrame) and any(is_dask(v) for v in dict(data).values()):
            return self._fit_chunked(dict(data), y, factors, categorical, continuous, breaks)
        frame = data if isinstance(data, pd.DataFrame) else pd.DataFrame(dict(data))
        if y not in frame.columns:
            raise DataError(f"response column {y!r} not in the data; columns are "
                            f"{list(frame.columns)}")
        factors = list(factors) if factors is not None else [c for c in frame.columns if c != y]
        absent = [f for f in factors if f not in frame.columns]
        if absent:
            raise DataError(f"factor columns not in the data: {absent}")
        if not factors:
            raise DataError("no factor to analyse")
        yv = pd.to_numeric(frame[y], errors="coerce").to_numpy(dtype=float)
        if not np.isfinite(yv).any():
            raise DataError(f"response {y!r} has no value")
        categorical = set(categorical or [])
        continuous = set(continuous or [])
        breaks = dict(breaks or {})
        notes: list[str] = []
        strata, labels, discs = {}, {}, {}
        extra = {}
        for f in factors:
            col = frame[f]
            if col.isna().all():
                raise DataError(f"factor {f!r} is entirely missing")
            is_cont = (f in continuous or f in breaks
                       or (f not in categorical and _is_continuous(col)))
            if not is_cont:
                strata[f], labels[f] = encode(col)
                extra[f] = {"method": "categorical", "k": np.nan,
                            "n_classes": len(labels[f])}
                continue
            x = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float)
            if f in breaks:
                ok = np.isfinite(x) & np.isfinite(yv)
                d = manual_discretization(ValueTable.from_arrays(x[ok], yv[ok]), breaks[f],
                                          f"manual breaks for {f!r}")
            else:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", SmallSampleWarning)
                    d = optimal_discretization(x, yv, methods=self.methods, k=self.k,
                                               min_stratum=self.min_stratum, select=self.select,
                                               singletons=self.singletons)
                for w in caught:
                    if issubclass(w.category, SmallSampleWarning):
                        notes.append(f"{f}: {w.message}")
                    else:
                        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
            best = d.best
            discs[f] = d
            strata[f] = assign(x, best.breaks)
            labels[f] = best.labels
            extra[f] = {"method": best.method, "k": best.k, "n_classes": best.n_classes}
        n_valid = int(np.isfinite(yv).sum())
        if n_valid < SMALL_N:
            msg = (f"N = {n_valid} is small: the F-test p-values are unreliable"
                   + ("; use permutations (e.g. 999) for an honest test"
                      if not self.permutations else ""))
            notes.append(msg)
            warnings.warn(msg, SmallSampleWarning, stacklevel=2)
        if np.nanstd(yv) == 0:
            warnings.warn(f"response {y!r} is constant: q is undefined (NaN)",
                          SmallSampleWarning, stacklevel=2)
        table = factor_detector(yv, strata, singletons=self.singletons,
                                lambda_variance=self.lambda_variance,
                                permutations=self.permutations, seed=self.seed)
        singles = table.loc[table["singletons"] > 0, ["factor", "singletons"]]
        for _, r in singles.iterrows():
            warnings.warn(f"factor {r['factor']!r}: {r['singletons']} stratum/strata with a single "
                          f"sample {'dropped' if self.singletons == 'drop' else 'kept'}",
                          SingletonStrataWarning, stacklevel=2)
        for _, r in table[table["L"] < 2].iterrows():
            notes.append(f"factor {r['factor']!r} has fewer than 2 usable strata: q is NaN")
        for key in ("method", "k", "n_classes"):
            table[key] = [extra[f][key] for f in table["factor"]]
        inter = eco = None
        if self.interaction and len(factors) > 1:
            inter = interaction_detector(yv, strata, singletons=self.singletons,
                                         lambda_variance=self.lambda_variance)
        risk = {}
        if self.risk:
            for f in factors:
                risk[f] = risk_detector(yv, strata[f], labels=labels[f], alpha=self.alpha)
        if self.ecological_detector and len(factors) > 1:
            eco = ecological_detector(yv, strata, rule=self.ecological, alpha=self.alpha,
                                      singletons=self.singletons)
        self.result_ = GeoDetectorResult(table, inter, risk, eco, discs, strata, labels,
                                         {"y": y, **self.get_params()}, notes)
        return self

    def _fit_chunked(self, data, y, factors, categorical, continuous, breaks) -> "GeoDetector":
        if y not in data:
            raise DataError(f"response {y!r} not in the data; names are {list(data)}")
        factors = list(factors) if factors is not None else [k for k in data if k != y]
        absent = [f for f in factors if f not in data]
        if absent:
            raise DataError(f"factors not in the data: {absent}")
        parts = fit_chunked(self, data, y, factors, categorical=set(categorical or []),
                            continuous=set(continuous or []), breaks=dict(breaks or {}))
        table, inter, risk, eco, discs, strata, labels = parts
        notes = ["computed chunk by chunk (dask); permutation p-values are not available"]
        self.result_ = GeoDetectorResult(table, inter, risk, eco, discs, strata, labels,
                                         {"y": y, **self.get_params()}, notes)
        return self

    # sklearn-style shortcuts to the fitted result
    @property
    def factor_(self) -> pd.DataFrame:
        return self.result_.factor

    @property
    def interaction_(self) -> pd.DataFrame | None:
        return self.result_.interaction

    @property
    def risk_(self) -> dict:
        return self.result_.risk

    @property
    def ecological_(self) -> pd.DataFrame | None:
        return self.result_.ecological

    @property
    def discretization_(self) -> dict:
        return self.result_.discretization

    def summary(self) -> str:
        return self.result_.summary()
