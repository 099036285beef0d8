"""The Geographical Detector as one estimator: ``GeoDetector(...).fit(data, y=..., factors=...)``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ._chunked import ChunkedSource, as_dask
from ._core import MemorySource, run
from ._nulls import add_spatial_pvalues
from ._params import AUTO_MAX_N, check_params, resolve_resampling

__all__ = ["GeoDetector", "GeoDetectorResult"]


@dataclass
class GeoDetectorResult:
    """Everything a Geographical Detector run computed.

    Attributes
    ----------
    factor : DataFrame
        Factor detector (paper Table 4): factor, q, q_adj, q_ci_low, q_ci_high, p,
        p_central, p_permutation, F, lambda, N, L, singletons, missing, rank, method, k
        and n_classes; p_spatial when ``fit`` was given spatial weights.
    interaction : DataFrame or None
        Interaction detector: factor1, factor2, q1, q2, q12, q12_adj, p12,
        p12_permutation, p_enhance, L12, N, N_dropped, type, enhance_significant, reason (see
        :func:`~ccdkit.geodetector.interaction_detector`); p12_spatial with weights.
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
        The options used (``bootstrap`` as resolved: 0 for rasters and dask arrays).
    notes : list of str
        Every note of the run (small N, singletons, lost rows, ...), each also raised once
        as a warning.
    messages : list of (str, dict)
        The notes as message ids and values (``key`` and ``params`` of their warnings), for
        reports in other languages.
    models : dict of str to result
        Newer models run on the same data by a study (``detector.models``): their results
        (:data:`~ccdkit.geodetector.DETECTOR_MODELS`).
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
    messages: list[tuple] = field(default_factory=list, repr=False)
    models: dict = field(default_factory=dict, repr=False)

    def to_frame(self) -> pd.DataFrame:
        """The factor detector table (q, p, rank per factor)."""
        return self.factor.copy()

    def _not_computed(self) -> list[str]:
        """Columns left empty because resampling was off (permutations or bootstrap 0)."""
        out = []
        if not self.options.get("bootstrap", 1):
            out += ["q_ci_low", "q_ci_high"]
        if not self.options.get("permutations", 1):
            out += ["p_permutation", "p12_permutation", "p_enhance", "enhance_significant"]
        return out

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table of the run by name (what ``ccdkit detect`` writes): the factor,
        interaction, ecological and risk detectors, the chosen discretization of each
        continuous factor (with how its breaks were found: exact table, or bins and their
        bounds) and the full q grid of the candidates. Columns of resampling that was not
        run (permutations or bootstrap 0: rasters read by blocks, N above the "auto"
        limit) are left out; ``options`` and the notes say why.

        >>> rng = np.random.default_rng(0)
        >>> df = pd.DataFrame({"x": rng.uniform(0, 1, 60), "c": rng.integers(0, 3, 60)})
        >>> df["y"] = df["x"] + rng.normal(0, 0.1, 60)
        >>> gd = GeoDetector(k=(3, 4), permutations=0, bootstrap=0).fit(df, y="y")
        >>> sorted(gd.result_.tables())
        ['discretization', 'ecological_detector', 'factor_detector', 'interaction_detector', \
'q_grid', 'risk_detector']
        """
        skip = self._not_computed()
        out = {"factor_detector": self.factor.drop(columns=skip, errors="ignore")}
        if self.interaction is not None:
            out["interaction_detector"] = self.interaction.drop(columns=skip, errors="ignore")
        if self.ecological is not None:
            out["ecological_detector"] = self.ecological
        if self.risk:
            out["risk_detector"] = pd.concat(
                [means.assign(factor=f)[["factor", *means.columns]]
                 for f, (means, _) in self.risk.items()], ignore_index=True)
        if self.discretization:
            rows, grids = [], []
            for f, d in self.discretization.items():
                b = d.options.get("table", {"table": "exact"})
                rows.append({"factor": f, "method": d.best.method, "k": d.best.k,
                             "n_classes": d.best.n_classes, "q": d.q,
                             "breaks": _joined(d.best.breaks), "table": b.get("table"),
                             "bins": b.get("bins", np.nan),
                             "bin_width": b.get("bin_width", np.nan),
                             "quantile_rank_error": b.get("quantile_rank_error", np.nan),
                             "natural_gvf_bound": b.get("natural_gvf_bound", np.nan)})
                g = d.grid.copy()
                g["breaks"] = [_joined(v) if v is not None else "" for v in g["breaks"]]
                grids.append(g.assign(factor=f)[["factor", *g.columns]])
            out["discretization"] = pd.DataFrame(rows)
            out["q_grid"] = pd.concat(grids, ignore_index=True)
        return out

    def interaction_matrix(self) -> pd.DataFrame:
        """Square matrix: q(Xi) on the diagonal, q(Xi ∩ Xj) below it (paper Fig. 7 data);
        NaN for a pair without a type (q12 trivial or undefined: see its ``reason``)."""
        names = list(self.factor["factor"])
        m = pd.DataFrame(np.nan, index=names, columns=names)
        for _, r in self.factor.iterrows():
            m.loc[r["factor"], r["factor"]] = r["q"]
        if self.interaction is not None:
            for _, r in self.interaction.iterrows():
                i, j = names.index(r["factor1"]), names.index(r["factor2"])
                lo, hi = (r["factor1"], r["factor2"]) if i > j else (r["factor2"], r["factor1"])
                # a trivial q12 (one row per stratum: 1 by construction) is not shown
                m.loc[lo, hi] = r["q12"] if isinstance(r["type"], str) else np.nan
        return m

    def summary(self) -> str:
        """Table of q, p and rank per factor, the discretizations and the interaction types."""
        lines = [f"Geographical Detector: y = {self.options.get('y')}, N = "
                 f"{int(self.factor['N'].max()) if len(self.factor) else 0}, singletons = "
                 f"{self.options.get('singletons')}, lambda variance = "
                 f"{self.options.get('lambda_variance')}"]
        cols = [c for c in ["factor", "q", "q_adj", "q_ci_low", "q_ci_high", "p",
                            "p_permutation", "rank"] if c not in self._not_computed()]
        if "method" in self.factor:
            cols += ["method", "n_classes"]
        lines.append(self.factor[cols].to_string(index=False, float_format=lambda v: f"{v:.4f}"))
        if self.interaction is not None and len(self.interaction):
            lines.append("interactions:")
            for _, r in self.interaction.iterrows():
                kind = r["type"] if isinstance(r["type"], str) else f"no type: {r['reason']}"
                significant = r.get("enhance_significant", pd.NA)
                if not pd.isna(significant) and not significant:
                    kind += ", n.s."
                lines.append(f"  {r['factor1']} ∩ {r['factor2']}: q = {r['q12']:.4f} "
                             f"({kind}; N = {r['N']})")
        if self._not_computed():
            lines.append("not computed (permutations/bootstrap 0): "
                         + ", ".join(self._not_computed()))
        lines += [f"note: {n}" for n in self.notes]
        lines += [f"note: {f}: {n}" for f, d in self.discretization.items() for n in d.notes
                  if d.options.get("table", {}).get("table") == "binned" and "bins" in n]
        return "\n".join(lines)


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _joined(breaks) -> str:
    return "; ".join(f"{v:.10g}" for v in np.asarray(breaks, dtype=float))


def _as_frame(data) -> pd.DataFrame:
    if isinstance(data, pd.DataFrame):
        return data
    columns = {k: np.asarray(v).ravel() for k, v in dict(data).items()}
    lengths = {k: len(v) for k, v in columns.items()}
    if len(set(lengths.values())) > 1:
        raise DataError(f"the columns have different lengths: {lengths}")
    return pd.DataFrame(columns)


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
    select : {"max_q", "max_q_adj", "elbow"}, default "max_q"
    bins : int, default 65536
        Chunked input only (dask arrays, rasters read by windows): a continuous factor with
        at most this many distinct values is tabulated exactly (the same breaks and q as in
        memory); one with more is binned into this many equal bins, from which natural and
        quantile breaks are found within reported bounds (``discretization_[f].options
        ["table"]``); every q is still computed exactly. See docs/methods.md, "Scale".
    singletons : {"drop", "keep"}, default "drop"
    lambda_variance : {"population", "sample"}, default "population"
    permutations : int or "auto", default "auto"
        Permutation p-values with B permutations, for q and for the interactions (0 turns
        them off; not available for dask input). "auto": 999 up to N = 5,000 rows with a
        value of y, none beyond (the F test's p-value is then used, with a note: at that N
        the permutation null of q is tight and the permutations cost minutes). The same
        default as the study config; the number used is in ``result_.options``.
    bootstrap : int or "auto", default "auto"
        Resamples of the percentile bootstrap interval of q (0 turns it off). "auto" (or
        None): 999 up to N = 5,000 rows, none beyond and for rasters and dask arrays.
    ci_level : float, default 0.95
    seed : int, default 0
        Seed of the permutations and the bootstrap (results are reproducible by default).
    alpha : float, default 0.05
        Significance level of the risk and ecological detectors.
    ecological : {"paper", "geodetector"}, default "paper"
    interaction_rule : {"common", "common_drop", "separate"}, default "common"
        Rows of an interaction (see :func:`~ccdkit.geodetector.interaction_detector`).
    interaction, risk, ecological_detector : bool, default True
        Which detectors to run besides the factor detector.

    Every option is validated when :meth:`fit` is called (:class:`ConfigError` naming the
    option); the declarations are in :class:`~ccdkit.geodetector.GeoDetectorParams`.

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
                 select: str = "max_q", bins: int = 65_536, singletons: str = "drop",
                 lambda_variance: str = "population", permutations: int | str = "auto",
                 bootstrap: int | str | None = "auto", ci_level: float = 0.95,
                 seed: int = 0, alpha: float = 0.05, ecological: str = "paper",
                 interaction: bool = True, interaction_rule: str = "common",
                 risk: bool = True, ecological_detector: bool = True) -> None:
        self.methods = tuple(methods)
        self.k = k
        self.min_stratum = min_stratum
        self.select = select
        self.bins = bins
        self.singletons = singletons
        self.lambda_variance = lambda_variance
        self.permutations = permutations
        self.bootstrap = bootstrap
        self.ci_level = ci_level
        self.seed = seed
        self.alpha = alpha
        self.ecological = ecological
        self.interaction = interaction
        self.interaction_rule = interaction_rule
        self.risk = risk
        self.ecological_detector = ecological_detector

    def get_params(self) -> dict:
        return {k: getattr(self, k) for k in (
            "methods", "k", "min_stratum", "select", "bins", "singletons", "lambda_variance",
            "permutations", "bootstrap", "ci_level", "seed", "alpha", "ecological",
            "interaction", "interaction_rule", "risk", "ecological_detector")}

    def fit(self, data, y: str, factors: Sequence[str] | None = None, *,
            categorical: Sequence[str] | None = None, continuous: Sequence[str] | None = None,
            breaks: Mapping[str, Sequence[float]] | None = None,
            weights=None, progress: bool | Callable[[str], None] = False) -> "GeoDetector":
        """Stratify the factors and run the detectors.

        Parameters
        ----------
        data : DataFrame, mapping of column name to array, or RasterStack
            Arrays may be dask arrays (all of one shape), or a stack read with
            ``read_rasters(..., chunks=...)``: then every step runs as a tree reduction over
            blocks on the current dask scheduler — a ``dask.distributed`` ``Client`` if one
            is active (see :mod:`ccdkit.geodetector._chunked`).
        y : str
            Response column.
        factors : sequence of str, optional
            Factor columns (default: every other column).
        categorical, continuous : sequence of str, optional
            Override the default rule: a numeric factor with non-integer values is
            continuous (discretized), anything else (labels, integer codes) is categorical.
        breaks : mapping, optional
            Manual breaks for continuous factors (skips the optimisation for them).
        weights : (N, N) matrix, scipy sparse, libpysal W or ccdkit spatial weights, optional
            Spatial weights of the rows (tables only): adds ``p_spatial`` to the factor table
            and ``p12_spatial`` to the interaction table, the permutation p with y drawn by
            Moran spectral randomization, which keeps y's spatial autocorrelation
            (:class:`~ccdkit.geodetector.SpectralNull`; docs/methods.md).
        progress : bool or callable, default False
            Report long work as it goes (True: on standard error; a callable receives each
            line): each pass over the blocks of chunked input, and the permutation tests
            and bootstrap of each factor and interaction in memory.

        Returns
        -------
        self
        """
        params = check_params(self.get_params())
        raster = not isinstance(data, pd.DataFrame) and hasattr(data, "flat")
        stack = None
        if raster:
            stack = data if data.lazy else None  # a RasterStack read by windows
            data = data.data if stack is not None else data.flat()
        chunked = stack is not None or (not isinstance(data, pd.DataFrame) and any(
            as_dask(v) is not None for v in dict(data).values()))
        names = list(data.columns) if isinstance(data, pd.DataFrame) else list(dict(data))
        if y not in names:
            raise DataError(f"response column {y!r} not in the data; columns are {names}")
        factors = list(factors) if factors is not None else [c for c in names if c != y]
        absent = [f for f in factors if f not in names]
        if absent:
            raise DataError(f"factor columns not in the data: {absent}")
        if not factors:
            raise DataError("no factor to analyse")
        report = progress if callable(progress) else (_stderr if progress else None)
        if stack is not None:
            names = [y, *factors]
            source = ChunkedSource(stack.blocks(names), y, factors, bins=params.bins,
                                   kinds={k: v for k, v in stack.kinds().items() if k in names},
                                   arrays={k: stack.data[k] for k in names}, progress=report)
        elif chunked:
            source = ChunkedSource.from_arrays(dict(data), y, factors, bins=params.bins,
                                               progress=report)
        else:
            source = MemorySource(_as_frame(data), y, factors)
        n_y = None if chunked else source.y_summary()[0]
        # chunked input: none, whatever was asked (a note says so)
        permutations = 0 if chunked else resolve_resampling(params.permutations, n_y)
        bootstrap = 0 if chunked else resolve_resampling(params.bootstrap, n_y)
        parts = run(params, source, y, factors, categorical=set(categorical or []),
                    continuous=set(continuous or []), breaks=dict(breaks or {}),
                    permutations=permutations, bootstrap=bootstrap, progress=report)
        options = {"y": y, **params.model_dump(), "bootstrap": bootstrap,
                   "permutations": permutations,
                   "resampling_rule": {"permutations": params.permutations,
                                       "bootstrap": params.bootstrap,
                                       "auto_max_n": AUTO_MAX_N},
                   "input": "raster" if raster else ("dask" if chunked else "table"),
                   "chunked": chunked}
        if chunked:
            options["passes"] = list(source.passes)
            self.timings_ = dict(source.timings)  # seconds and bytes per pass (not a result)
        self.result_ = GeoDetectorResult(
            parts.factor, parts.interaction, parts.risk, parts.ecological,
            parts.discretization, parts.strata, parts.labels, options,
            [str(m) for m in parts.messages], [(m.key, m.params) for m in parts.messages])
        if weights is not None:
            if chunked:
                raise DataError("weights: the spatial p-values need the data in memory (a table)")
            add_spatial_pvalues(self.result_, source.y, weights, permutations, params.seed)
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
