"""Convergence of a variable across regions: sigma convergence (dispersion by year) and
beta convergence (growth regressed on the initial level; cross-section or panel with
two-way fixed effects and standard errors clustered by region)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import ConfigError, DataError

__all__ = ["sigma_convergence", "beta_convergence", "spatial_beta_convergence", "BetaResult",
           "GROWTH"]

#: How growth is measured: log growth ln(y_t+1 / y_t) or the difference y_t+1 - y_t.
GROWTH = ("log", "difference")


def sigma_convergence(data: pd.DataFrame, variable: str, *, groups=None) -> pd.DataFrame:
    """Standard deviation (ddof 1) and coefficient of variation (sd / mean) of
    ``variable`` by year, nationally ("nation") and per group; falling values over the
    years are sigma convergence.

    >>> d = pd.DataFrame({"region": ["a", "b"] * 2, "year": [1, 1, 2, 2],
    ...                   "D": [0.2, 0.6, 0.3, 0.5]})
    >>> sigma_convergence(d, "D")[["year", "sd", "cv"]].round(4).values.tolist()
    [[1.0, 0.2828, 0.7071], [2.0, 0.1414, 0.3536]]
    """
    if variable not in data.columns:
        raise DataError(f"sigma convergence: column {variable!r} not in the data")
    sets = {"nation": None, **(dict(groups) if groups else {})}
    frames = []
    for g, members in sets.items():
        sub = data if members is None else data[data["region"].isin(members)]
        stats = sub.groupby("year")[variable].agg(["count", "mean", "std"])
        frames.append(pd.DataFrame({"group": g, "year": stats.index, "N": stats["count"],
                                    "mean": stats["mean"], "sd": stats["std"],
                                    "cv": stats["std"] / stats["mean"]}))
    return pd.concat(frames, ignore_index=True)


@dataclass
class BetaResult:
    """A beta-convergence regression.

    Attributes
    ----------
    table : DataFrame
        term, coef, se, t, p (the level's term is ``beta``).
    beta, se, p : float
    speed : float
        Implied speed of convergence per year, -ln(1 + beta) for annual growth (or
        -ln(1 + T beta) / T for growth averaged over T years); NaN if beta >= 0.
    half_life : float
        ln 2 / speed, in years.
    N, clusters : int
    r2 : float
    options : dict
    """

    table: pd.DataFrame
    beta: float
    se: float
    p: float
    speed: float
    half_life: float
    N: int
    clusters: int
    r2: float
    options: dict

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def summary(self) -> str:
        return (f"beta = {self.beta:.4f} (se {self.se:.4f}, p {self.p:.3g}), speed "
                f"{self.speed:.4f}/year, half-life {self.half_life:.1f} years, N = {self.N}")


def _ols(y, x, clusters=None, why: str = ""):
    """Coefficients, their covariance (classic, or clustered with the small-sample factor
    G/(G-1) (N-1)/(N-K) of Stata and statsmodels) and R^2."""
    n, k = x.shape
    if n <= k:
        raise DataError(f"beta convergence: {n} observation(s) for {k} coefficients"
                        + (f" ({why})" if why else ""))
    xtx_inv = np.linalg.pinv(x.T @ x)
    b = xtx_inv @ x.T @ y
    u = y - x @ b
    r2 = 1 - (u @ u) / ((y - y.mean()) @ (y - y.mean()))
    if clusters is None:
        v = xtx_inv * (u @ u) / (n - k)
    else:
        codes, _ = pd.factorize(clusters)
        g = codes.max() + 1
        scores = np.zeros((g, k))
        np.add.at(scores, codes, x * u[:, None])
        v = xtx_inv @ (scores.T @ scores) @ xtx_inv * (g / (g - 1)) * ((n - 1) / (n - k))
    return b, v, r2


def beta_convergence(data: pd.DataFrame, variable: str, *, kind: str = "panel",
                     controls=(), fixed_effects: str = "twoway", growth: str = "log"
                     ) -> BetaResult:
    """Beta convergence of ``variable``: growth regressed on the initial level.

    Parameters
    ----------
    data : DataFrame
        ``region``, ``year``, ``variable`` and the ``controls``.
    kind : "panel" (default) or "cross_section"
        ``panel``: annual growth g_it = ln(y_i,t+1 / y_it) on ln y_it (and controls at t),
        standard errors clustered by region. ``cross_section``: average annual growth over
        the whole period, (1/T) ln(y_iT / y_i0), on ln y_i0 (classic OLS errors).
    controls : list of str
        Conditional beta convergence: control variables (panel: at t; cross-section: at
        the first year).
    fixed_effects : "twoway" (default), "region" or "none"
        Panel only: region and/or year dummies (two-way fixed effects).
    growth : "log" (default) or "difference"
        ``difference`` uses y_t+1 - y_t on y_t (for variables with zeros, such as D).

    References
    ----------
    Barro, R. J. & Sala-i-Martin, X. (1992). Convergence. Journal of Political Economy
    100(2), 223-251. Islam, N. (1995). Growth empirics: a panel data approach. QJE 110(4),
    1127-1170.

    Examples
    --------
    >>> d = pd.DataFrame({"region": list("abcd") * 3, "year": [1] * 4 + [2] * 4 + [3] * 4,
    ...                   "y": [1, 2, 4, 8, 1.5, 2.6, 4.6, 8.4, 2.1, 3.3, 5.2, 8.9]})
    >>> r = beta_convergence(d, "y", kind="cross_section")
    >>> round(r.beta, 4), r.N
    (-0.1547, 4)
    """
    if kind not in ("panel", "cross_section"):
        raise ConfigError(f"kind must be 'panel' or 'cross_section', got {kind!r}")
    if growth not in GROWTH:
        raise ConfigError(f"growth must be one of {GROWTH}, got {growth!r}")
    if fixed_effects not in ("twoway", "region", "none"):  # dynamics.FIXED_EFFECTS
        raise ConfigError(f"fixed_effects must be 'twoway', 'region' or 'none', got "
                          f"{fixed_effects!r}")
    d = _panel_levels(data, variable, controls, growth)
    names = ["const", "beta", *controls]
    if kind == "cross_section":
        fit = _cross_section_fit(d, controls)
    else:
        fit = _panel_fit(d, data, controls, fixed_effects)
    b, v, r2, clusters, t_span, n, k = fit
    from scipy import stats

    se = np.sqrt(np.diag(v))[:len(names)]
    coef = b[:len(names)]
    tval = coef / se
    dof = (clusters - 1) if kind == "panel" else (n - k)
    p = 2 * stats.t.sf(np.abs(tval), dof)
    beta = float(coef[1])
    speed = -np.log(1 + t_span * beta) / t_span if 1 + t_span * beta > 0 and beta < 0 \
        else np.nan
    table = pd.DataFrame({"term": names, "coef": coef, "se": se, "t": tval, "p": p})
    return BetaResult(table, beta, float(se[1]), float(p[1]), float(speed),
                      float(np.log(2) / speed) if np.isfinite(speed) else np.nan,
                      int(n), int(clusters), float(r2),
                      {"kind": kind, "controls": list(controls),
                       "fixed_effects": fixed_effects if kind == "panel" else "none",
                       "growth": growth, "cluster": "region" if kind == "panel" else None})


def _panel_levels(data: pd.DataFrame, variable: str, controls, growth: str) -> pd.DataFrame:
    """The panel sorted by region and year with the level whose growth is regressed (the
    log, or the value itself)."""
    cols = [variable, *controls]
    absent = [c for c in cols if c not in data.columns]
    if absent:
        raise DataError(f"beta convergence: columns {absent} not in the data")
    d = data[["region", "year", *cols]].sort_values(["region", "year"]).reset_index(drop=True)
    if growth == "log":
        bad = d[~(d[variable] > 0)]
        if len(bad):
            r = bad.iloc[0]
            raise DataError(f"beta convergence: log growth needs {variable} > 0; "
                            f"{len(bad)} value(s) are not (first: {r['region']} {r['year']}: "
                            f"{r[variable]}); use growth='difference'")
        d["level"] = np.log(d[variable].to_numpy(float))
    else:
        d["level"] = d[variable].to_numpy(float)
    return d


def _cross_section_fit(d: pd.DataFrame, controls):
    """Average growth over the period on the initial level (one row per region)."""
    first = d.groupby("region").head(1).set_index("region")
    last = d.groupby("region").tail(1).set_index("region")
    span = (last["year"] - first["year"]).astype(float)
    g = (last["level"] - first["level"]) / span
    x = np.column_stack([np.ones(len(first)), first["level"],
                         *[first[c].to_numpy(float) for c in controls]])
    b, v, r2 = _ols(g.to_numpy(float), x, why=f"one per region: {len(first)} region(s)")
    return b, v, r2, len(first), float(span.median()), len(first), x.shape[1]


def _panel_fit(d: pd.DataFrame, data: pd.DataFrame, controls, fixed_effects: str):
    """Year-on-year growth on the level, with fixed effects and region-clustered errors."""
    d = d.copy()
    d["growth"] = d.groupby("region")["level"].shift(-1) - d["level"]
    nxt = d.groupby("region")["year"].shift(-1)
    d = d[(nxt - d["year"]) == 1].dropna(subset=["growth", *controls])
    parts = [np.ones(len(d)), d["level"].to_numpy(float),
             *[d[c].to_numpy(float) for c in controls]]
    if fixed_effects in ("twoway", "region"):
        dummies = pd.get_dummies(d["region"], drop_first=True, dtype=float)
        parts += [dummies[c].to_numpy() for c in dummies.columns]
    if fixed_effects == "twoway":
        dummies = pd.get_dummies(d["year"], drop_first=True, dtype=float)
        parts += [dummies[c].to_numpy() for c in dummies.columns]
    x = np.column_stack(parts)
    why = (f"an observation is a region's growth between two consecutive years with "
           f"every control present; the data have {data['region'].nunique()} region(s) "
           f"and {data['year'].nunique()} year(s)"
           + (f", and {len(parts) - 2 - len(controls)} fixed effect(s)"
              if fixed_effects != "none" else ""))
    b, v, r2 = _ols(d["growth"].to_numpy(float), x, clusters=d["region"].to_numpy(), why=why)
    return b, v, r2, d["region"].nunique(), 1.0, len(d), x.shape[1]


def _levels(values: np.ndarray, growth: str, variable: str) -> np.ndarray:
    if growth == "log":
        if not (values > 0).all():
            raise DataError(f"beta convergence: log growth needs {variable} > 0; use "
                            "growth='difference'")
        return np.log(values)
    return values


def spatial_beta_convergence(data: pd.DataFrame, variable: str, weights, *,
                             growth: str = "log") -> BetaResult:
    """Spatial beta convergence: annual growth on the initial level with the spatial lag of
    growth (a spatial lag panel model with region fixed effects, estimated by maximum
    likelihood with PySAL spreg ``ML_LagFE``; Elhorst 2014).

    g_it = rho W g_t + beta level_it + mu_i + e_it; ``table`` has the rows ``beta`` and
    ``rho`` (z-tests, as spreg); the speed and half-life are computed from beta as in
    :func:`beta_convergence` (the direct coefficient, before spatial spill-overs).

    Parameters
    ----------
    weights : ccdkit SpatialWeights or libpysal W
        Its regions (in its order) must all have a value in every year.

    References
    ----------
    Elhorst, J. P. (2014). Spatial Econometrics: From Cross-Sectional Data to Spatial
    Panels. Springer. Rey, S. J. & Montouri, B. D. (1999). US regional income convergence:
    a spatial econometric perspective. Regional Studies 33(2), 143-156.
    """
    try:
        import spreg
    except ImportError as exc:
        from ..exceptions import CcdkitError

        raise CcdkitError("spatial beta convergence needs spreg: install it with "
                          "`pip install 'ccdkit[spatial]'`") from exc
    import warnings

    if growth not in GROWTH:
        raise ConfigError(f"growth must be one of {GROWTH}, got {growth!r}")
    w = getattr(weights, "w", weights)
    ids = list(getattr(weights, "ids", w.id_order))
    wide = data.pivot_table(index="region", columns="year", values=variable,
                            aggfunc="first").reindex(ids)
    if wide.isna().any().any():
        raise DataError(f"spatial beta convergence: {variable} is missing for some region "
                        "and year of the weights (a balanced panel is needed)")
    level = _levels(wide.to_numpy(float), growth, variable)
    g, x = level[:, 1:] - level[:, :-1], level[:, :-1]
    import contextlib
    import io

    # spreg prints notes (its class name, "Assuming panel is in wide format") to stdout
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        m = spreg.ML_LagFE(g, x, w, name_y="growth", name_x=["beta"])
    coef = np.asarray(m.betas, float).ravel()
    se = np.sqrt(np.diag(np.asarray(m.vm, float)))
    z = np.array([s[0] for s in m.z_stat], float)
    p = np.array([s[1] for s in m.z_stat], float)
    beta = float(coef[0])
    speed = -np.log(1 + beta) if -1 < beta < 0 else np.nan
    table = pd.DataFrame({"term": ["beta", "rho"], "coef": coef[:2], "se": se[:2],
                          "t": z[:2], "p": p[:2]})
    return BetaResult(table, beta, float(se[0]), float(p[0]), float(speed),
                      float(np.log(2) / speed) if np.isfinite(speed) else np.nan,
                      int(g.size), len(ids), float(getattr(m, "pr2", np.nan)),
                      {"kind": "spatial_panel", "controls": [], "fixed_effects": "region",
                       "growth": growth, "estimator": "spreg.ML_LagFE",
                       "rho": float(coef[1]), "logll": float(m.logll)})
