"""Spatial autocorrelation of a panel, year by year, through PySAL ``esda``: global Moran's
I, local Moran (LISA clusters), Getis-Ord Gi* hot spots, bivariate Moran and the data of
the Moran scatter plot. Numbers are esda's on the same weights; ccdkit adds the panel
loop, the per-year sample (N, regions without a value), seeding, cluster labels and
multiple-testing handling."""

from __future__ import annotations

import contextlib
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import CcdkitError, ConfigError, DataError, MissingDataWarning
from ._crand import conditional_lags, folded_pvalue
from ._params import AutocorrelationOptions
from ._weights import SpatialWeights
from ..text import warning

__all__ = ["global_moran", "local_moran", "getis_ord", "bivariate_moran", "moran_scatter",
           "MoranResult", "LocalResult", "LISA_CLUSTERS", "HOTSPOT_CLASSES"]

#: LISA cluster ids by esda's quadrant code (1 HH, 2 LH, 3 LL, 4 HL); "ns": not significant.
LISA_CLUSTERS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
#: Hot/cold spot classes of Gi* (code: id), from the 99/95/90% confidence levels.
HOTSPOT_CLASSES = {3: "hot99", 2: "hot95", 1: "hot90", 0: "ns", -1: "cold90", -2: "cold95",
                   -3: "cold99"}


def _esda():
    try:
        import esda
    except ImportError as exc:
        raise CcdkitError("spatial statistics need esda and libpysal: install them with "
                          "`pip install 'ccdkit[spatial]'`") from exc
    return esda


@contextlib.contextmanager
def _esda_call(seed: int | None = None):
    """Around one esda call: silence esda's notice that the default alternative of its
    conditional randomization will change (ccdkit reports esda's current 'directed' pseudo
    p-value, documented) and divide-by-zero notes of constant values; with ``seed`` (the
    global Moran statistics, which draw from numpy's global generator) seed that generator
    for the call and give the caller's state back afterwards."""
    state = np.random.get_state()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The alternative hypothesis",
                                category=DeprecationWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        if seed is not None:
            np.random.seed(seed)
        try:
            yield
        finally:
            if seed is not None:
                np.random.set_state(state)


@dataclass
class MoranResult:
    """Global (or bivariate) Moran's I per year.

    ``table`` columns: variable (and y for bivariate), year, N, missing_regions (regions
    without a value, comma-separated), I, EI, z_norm, p_norm (two-sided, normality), EI_sim, z_sim, p_sim (pseudo
    p-value of the permutation test, one-sided in the direction of I as in esda),
    permutations.
    """

    table: pd.DataFrame
    options: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def summary(self) -> str:
        return "Moran's I\n" + self.table.to_string(index=False, float_format="{:.4f}".format)


@dataclass
class LocalResult:
    """A local statistic (local Moran or Gi*) per region and year; ``table`` columns are
    listed in :func:`local_moran` and :func:`getis_ord`."""

    table: pd.DataFrame
    options: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def counts(self, column: str = "cluster") -> pd.DataFrame:
        """Regions per class and year (e.g. how many HH clusters in 2023)."""
        return (self.table.groupby(["variable", "year", column]).size()
                .unstack(column, fill_value=0).reset_index())


def _check(data: pd.DataFrame, columns) -> None:
    missing = [c for c in ("region", "year", *columns) if c not in data.columns]
    if missing:
        raise DataError(f"spatial statistics: columns {missing} not in the data "
                        f"(have {list(data.columns)})")


def _years(data, years):
    ys = sorted(int(y) for y in data["year"].unique()) if years is None else [int(y) for y in years]
    absent = sorted(set(ys) - set(int(y) for y in data["year"].unique()))
    if absent:
        raise DataError(f"spatial statistics: no data for year(s) {absent}")
    return ys


def _year_sample(data, columns, year, weights: SpatialWeights):
    """(values by column, weights subset, missing regions) of one year; only the weights'
    regions are used, and those without a finite value are left out (named)."""
    sub = data[data["year"] == year].set_index("region")
    sub = sub[~sub.index.duplicated()]
    values = sub.reindex(weights.ids)[list(columns)].apply(pd.to_numeric, errors="coerce")
    ok = np.isfinite(values.to_numpy(dtype=float)).all(axis=1)
    missing = [r for r, good in zip(weights.ids, ok) if not good]
    ids = [r for r, good in zip(weights.ids, ok) if good]
    if len(ids) < 3:
        raise DataError(f"spatial statistics, {year}: only {len(ids)} region(s) with a value "
                        f"of {list(columns)}; at least 3 are needed")
    return values.loc[ids], weights.subset(ids), missing


def _per_year(data: pd.DataFrame, columns: list[str], years, weights: SpatialWeights,
              statistic) -> list:
    """``statistic(year, values, w, missing)`` for each year's sample (see
    :func:`_year_sample`; ``missing``: the regions left out, comma-separated); one warning
    names every region left out."""
    _check(data, columns)
    out, lost = [], {}
    for year in _years(data, years):
        values, w, lost[year] = _year_sample(data, columns, year, weights)
        out.append(statistic(year, values, w, ", ".join(lost[year])))
    _warn_missing(lost, ", ".join(columns))
    return out


def _warn_missing(missing_by_year: dict, variable: str) -> None:
    lost = {y: m for y, m in missing_by_year.items() if m}
    if lost:
        warnings.warn(warning(MissingDataWarning, "spatial.missing", variable=variable,
                              missing={str(y): m for y, m in lost.items()}), stacklevel=4)


def _opts(options) -> AutocorrelationOptions:
    try:
        return AutocorrelationOptions.model_validate(options)
    except ValueError as exc:
        raise ConfigError(f"spatial statistics options: {exc}") from None


def global_moran(data: pd.DataFrame, variable: str, weights: SpatialWeights, *,
                 years=None, **options) -> MoranResult:
    """Global Moran's I of ``variable`` in each year (esda ``Moran``).

    Parameters
    ----------
    data : DataFrame
        ``region``, ``year`` and ``variable`` (e.g. a study's coupling table).
    variable : str
    weights : SpatialWeights
        From :func:`province_weights`; its transform is used (row-standardised by default).
    years : list of int, optional
        Default: every year in ``data``.
    **options
        ``permutations`` (999), ``seed`` (each year's permutations start from this seed).

    Returns
    -------
    MoranResult

    References
    ----------
    Moran, P. A. P. (1950). Notes on continuous stochastic phenomena. Biometrika 37, 17-23.
    Cliff, A. D. & Ord, J. K. (1981). Spatial Processes. Pion.
    Rey, S. J. & Anselin, L. (2007). PySAL: a Python library of spatial analytical methods.

    Examples
    --------
    >>> from ccdkit.spatial import province_weights
    >>> w = province_weights(["Beijing", "Tianjin", "Hebei", "Shanxi", "Shandong", "Henan"])
    >>> d = pd.DataFrame({"region": w.ids, "year": 2020, "D": [.9, .8, .5, .2, .6, .3]})
    >>> r = global_moran(d, "D", w, permutations=99, seed=1).table
    >>> r[["N", "I"]].round(4).values.tolist()
    [[6.0, 0.3898]]
    """
    opts = _opts(options)
    esda = _esda()

    def moran(year, values, w, missing):
        with _esda_call(opts.seed):
            m = esda.Moran(values[variable].to_numpy(float), w.w,
                           transformation=w.w.transform, permutations=opts.permutations)
        return _moran_row(m, opts.permutations, variable=variable, year=year, N=w.n,
                          missing_regions=missing)

    rows = _per_year(data, [variable], years, weights, moran)
    return MoranResult(pd.DataFrame(rows), {**opts.model_dump(), **_w_options(weights)})


def _moran_row(m, permutations: int, **keys) -> dict:
    sim = permutations > 0
    return {**keys, "I": float(m.I), "EI": float(m.EI),
            "z_norm": float(getattr(m, "z_norm", np.nan)),
            "p_norm": float(getattr(m, "p_norm", np.nan)),
            "EI_sim": float(m.EI_sim) if sim else np.nan,
            "z_sim": float(m.z_sim) if sim else np.nan,
            "p_sim": float(m.p_sim) if sim else np.nan, "permutations": permutations}


def _w_options(weights: SpatialWeights) -> dict:
    return {"weights": weights.options["type"], "transform": weights.options["transform"]}


def bivariate_moran(data: pd.DataFrame, x: str, y: str, weights: SpatialWeights, *,
                    years=None, **options) -> MoranResult:
    """Bivariate Moran's I of ``x`` with the spatial lag of ``y`` per year (esda
    ``Moran_BV``; permutation inference only, no analytical p-value).

    References
    ----------
    Wartenberg, D. (1985). Multivariate spatial correlation: a method for exploratory
    geographical analysis. Geographical Analysis 17(4), 263-283.
    """
    opts = _opts(options)
    esda = _esda()

    def moran_bv(year, values, w, missing):
        with _esda_call(opts.seed):
            m = esda.Moran_BV(values[x].to_numpy(float), values[y].to_numpy(float), w.w,
                              transformation=w.w.transform, permutations=opts.permutations)
        m.EI = -1.0 / (w.n - 1)
        return _moran_row(m, opts.permutations, variable=x, y=y, year=year, N=w.n,
                          missing_regions=missing)

    rows = _per_year(data, [x, y], years, weights, moran_bv)
    return MoranResult(pd.DataFrame(rows), {**opts.model_dump(), **_w_options(weights)})


def _significant(p: np.ndarray, opts: AutocorrelationOptions) -> tuple[np.ndarray, float]:
    """Significance of local p-values under the multiple-testing rule; the cut used."""
    if opts.multiple_testing == "bonferroni":
        cut = opts.alpha / len(p)
        return p < cut, cut
    if opts.multiple_testing == "fdr":
        cut = float(_esda().fdr(p, opts.alpha))
        return p <= cut, cut
    return p < opts.alpha, opts.alpha


def local_moran(data: pd.DataFrame, variable: str, weights: SpatialWeights, *,
                years=None, **options) -> LocalResult:
    """Local Moran's I (LISA) of ``variable`` per region and year (esda ``Moran_Local``).

    ``table`` columns: variable, year, region, value, z (standardised value), lag (spatial
    lag of z), Ii, p_sim (conditional permutation pseudo p-value in the direction of Ii,
    as esda's; a simulated Ii within a relative 1e-9 of the observed one is a tie and counts
    as at least as extreme, so a region with few neighbours gets its exact-test p rather
    than one decided by rounding; the draws are numpy's from ``seed``, the same with or
    without numba), quadrant (HH, LH, LL,
    HL), significant (under ``multiple_testing``), cluster (the quadrant where
    significant, else "ns"), p_cut (the p-value threshold used), N.

    Options: ``permutations`` (999; required > 0), ``seed``, ``alpha`` (0.05),
    ``multiple_testing`` (none, bonferroni, fdr).

    References
    ----------
    Anselin, L. (1995). Local indicators of spatial association - LISA. Geographical
    Analysis 27(2), 93-115.
    """
    opts = _opts(options)
    if opts.permutations < 1:
        raise ConfigError("spatial.permutations: local Moran's p-values need permutations "
                          "(e.g. 999)")
    esda = _esda()

    def lisa(year, values, w, missing):
        y = values[variable].to_numpy(float)
        with _esda_call():
            lm = esda.Moran_Local(y, w.w, transformation=w.w.transform, permutations=0)
        z = (y - y.mean()) / y.std()
        # conditional randomization with ties counted (esda's comparison is exact and its
        # draws depend on whether numba is installed): methods.md, "Local statistics"
        lag, sims = conditional_lags(z, w.w.sparse, opts.permutations, opts.seed)
        p_sim = folded_pvalue(z * lag, z[:, None] * sims)
        sig, cut = _significant(p_sim, opts)
        quadrant = pd.Series(lm.q).map(LISA_CLUSTERS).to_numpy()
        return pd.DataFrame({
            "variable": variable, "year": year, "region": w.ids, "value": y, "z": z,
            "lag": _lag(w, z), "Ii": np.asarray(lm.Is, float), "p_sim": p_sim,
            "quadrant": quadrant, "significant": sig,
            "cluster": np.where(sig, quadrant, "ns"), "p_cut": cut, "N": w.n})

    frames = _per_year(data, [variable], years, weights, lisa)
    return LocalResult(pd.concat(frames, ignore_index=True),
                       {**opts.model_dump(), **_w_options(weights)})


def _lag(w: SpatialWeights, z: np.ndarray) -> np.ndarray:
    from libpysal.weights import lag_spatial

    return lag_spatial(w.w, z)


def getis_ord(data: pd.DataFrame, variable: str, weights: SpatialWeights, *,
              years=None, **options) -> LocalResult:
    """Getis-Ord Gi* hot and cold spots of ``variable`` per region and year (esda
    ``G_Local`` with ``star=True``).

    ``table`` columns: variable, year, region, value, Gi (the Gi* statistic), z_G
    (standardised Gi*), p_norm (normal approximation), p_sim (permutation), p (the one used: p_sim with permutations,
    else p_norm), hotspot (hot99/hot95/hot90, cold..., or ns: confidence 99/95/90% by
    p <= 0.01/0.05/0.10, sign of z), N.

    Options: ``permutations``, ``seed``, ``gi_transform`` (b: binary, default; r).

    References
    ----------
    Getis, A. & Ord, J. K. (1992). The analysis of spatial association by use of distance
    statistics. Geographical Analysis 24(3), 189-206.
    Ord, J. K. & Getis, A. (1995). Local spatial autocorrelation statistics: distributional
    issues and an application. Geographical Analysis 27(4), 286-306.
    """
    opts = _opts(options)
    esda = _esda()

    def gi_star(year, values, w, missing):
        y = values[variable].to_numpy(float)
        with _esda_call():
            g = esda.G_Local(y, w.copy_w(), transform=opts.gi_transform.upper(),
                             permutations=opts.permutations, star=True, seed=opts.seed,
                             n_jobs=1, keep_simulations=False)
        p_sim = np.asarray(g.p_sim, float) if opts.permutations else np.full(w.n, np.nan)
        p = p_sim if opts.permutations else np.asarray(g.p_norm, float)
        z = np.asarray(g.Zs, float)
        level = np.select([p <= 0.01, p <= 0.05, p <= 0.10], [3, 2, 1], 0)
        code = np.sign(z).astype(int) * level
        return pd.DataFrame({
            "variable": variable, "year": year, "region": w.ids, "value": y,
            "Gi": np.asarray(g.Gs, float), "z_G": z, "p_norm": np.asarray(g.p_norm, float),
            "p_sim": p_sim, "p": p, "hotspot": pd.Series(code).map(HOTSPOT_CLASSES).to_numpy(),
            "N": w.n})

    frames = _per_year(data, [variable], years, weights, gi_star)
    return LocalResult(pd.concat(frames, ignore_index=True),
                       {**opts.model_dump(), "weights": weights.options["type"],
                        "transform": opts.gi_transform})


def moran_scatter(data: pd.DataFrame, variable: str, weights: SpatialWeights, *,
                  years=None) -> pd.DataFrame:
    """The data of the Moran scatter plot: per year and region the standardised value z
    and its spatial lag Wz; the slope of Wz on z is Moran's I (row-standardised W)."""
    _check(data, [variable])
    frames = []
    for year in _years(data, years):
        values, w, _ = _year_sample(data, [variable], year, weights)
        y = values[variable].to_numpy(float)
        z = (y - y.mean()) / y.std()
        frames.append(pd.DataFrame({"variable": variable, "year": year, "region": w.ids,
                                    "z": z, "lag": _lag(w, z)}))
    return pd.concat(frames, ignore_index=True)
