"""One spatial regression: :func:`spatial_regression` and its result, with the effects of
the regressors (:meth:`SpatialRegressionResult.effects`)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ..exceptions import BoundaryWarning, DataError
from ..text import warning
from ._covariance import hessian_covariance, information_covariance
from ._design import Design
from ._effects import delta_se, effect_values, effect_weights, normal_p, simulate
from ._frame import make_design
from ._random import fit_random_lag, random_covariance
from ._likelihood import (
    DURBIN_MODELS,
    ERROR_MODELS,
    LAG_MODELS,
    Estimate,
    fit_error,
    fit_lag,
    fit_ols,
    fit_sac,
)

__all__ = ["SpatialRegressionResult", "EffectsResult", "spatial_regression", "spatial_effects",
           "fit_design"]

_FITTERS = {"ols": fit_ols, "slx": fit_ols, "sar": fit_lag, "sdm": fit_lag,
            "sem": fit_error, "sdem": fit_error, "sac": fit_sac}
_EFFECTS = ("direct", "indirect", "total")


@dataclass
class EffectsResult:
    """Direct, indirect (spillover) and total effects of each regressor.

    Attributes
    ----------
    table : DataFrame
        variable, effect (direct, indirect, total), estimate (exact, at the estimates),
        std_error (of the simulated effects), z, p_value (normal), ci_lower and ci_upper
        (percentiles of the simulated effects at 1 - alpha), delta_se (delta method).
        Without draws the standard errors, z and p are the delta method's and the
        interval is estimate +- z_(1-alpha/2) delta_se.
    model : str
    draws, seed : int
        Draws asked for and their seed.
    kept : int
        Draws used: those whose rho lies in the admissible interval (all for models
        without rho).
    alpha : float
    simulated : ndarray (3, draws, k) or None
        The simulated effects (direct, indirect, total).
    """

    table: pd.DataFrame
    model: str
    draws: int
    seed: int
    alpha: float
    kept: int = 0
    simulated: np.ndarray | None = field(default=None, repr=False)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def summary(self) -> str:
        how = (f"{self.kept} of {self.draws} simulated parameter draws kept (seed "
               f"{self.seed})" if self.draws
               else "delta method")
        return (f"Effects of the {self.model.upper()} model (LeSage-Pace; {how})\n"
                + self.table.to_string(index=False, float_format=lambda v: f"{v:.6g}"))


@dataclass
class SpatialRegressionResult:
    """A fitted spatial regression.

    Attributes
    ----------
    model : str
        ols, slx, sar, sem, sdm, sdem or sac.
    coefficients : DataFrame
        term, estimate, std_error, z, p_value: the regressors (``const`` without fixed
        effects; ``W*x`` the lagged regressors of the Durbin models), then ``rho`` and/or
        ``lambda``.
    sigma2 : float
        ML variance of the errors (e'e / n of the transformed data).
    loglik, aic : float
        Maximised log-likelihood; AIC = -2 log L + 2 p, p counting the coefficients, rho,
        lambda and sigma^2 (not the fixed effects).
    r2 : float
        OLS and SLX: R^2 (within R^2 with fixed effects); spatial models: Nagelkerke's
        pseudo R^2 against the model without regressor (a constant without fixed effects).
    nobs, n_regions, n_periods : int
        Observations used (after the transformation), regions N and years T.
    fixed_effects : str
    options : dict
        The options used (model, fixed effects, bias correction, covariance).
    cov : DataFrame
        Covariance of the coefficients and spatial parameters.
    at_bound : list of str
        Spatial parameters at the bound of their interval.
    """

    model: str
    coefficients: pd.DataFrame
    sigma2: float
    loglik: float
    aic: float
    r2: float
    nobs: int
    n_regions: int
    n_periods: int
    fixed_effects: str
    options: dict
    cov: pd.DataFrame = field(repr=False)
    at_bound: list = field(default_factory=list)
    residuals: np.ndarray = field(default=None, repr=False)
    design: Design = field(default=None, repr=False)

    def to_frame(self) -> pd.DataFrame:
        return self.coefficients.copy()

    def param(self, name: str) -> float:
        """An estimate by term name (``rho``, ``lambda``, a regressor)."""
        row = self.coefficients.loc[self.coefficients["term"] == name, "estimate"]
        return float(row.iloc[0]) if len(row) else float("nan")

    def summary(self) -> str:
        fe = {"none": "none", "region": "region", "time": "time", "twoway": "region and time"}
        effects = (f"random region effects, fixed effects: {fe[self.fixed_effects]}"
                   if self.options.get("random_effects") else
                   f"fixed effects: {fe[self.fixed_effects]}"
                   + (f" ({self.options['bias_correction']})"
                      if self.fixed_effects != "none" else ""))
        head = (f"{self.model.upper()} by maximum likelihood; N = {self.n_regions}, T = "
                f"{self.n_periods}, {self.nobs} observations; {effects}")
        tail = (f"sigma^2 = {self.sigma2:.6g}, log L = {self.loglik:.6g}, AIC = "
                f"{self.aic:.6g}, R^2 = {self.r2:.4f}")
        body = self.coefficients.to_string(index=False, float_format=lambda v: f"{v:.6g}")
        return "\n".join([head, body, tail])

    def effects(self, *, draws: int = 1000, seed: int = 20240601,
                alpha: float = 0.05) -> EffectsResult:
        """Direct, indirect and total effects (:func:`spatial_effects`)."""
        return spatial_effects(self, draws=draws, seed=seed, alpha=alpha)


def _pseudo_r2(d: Design, est: Estimate, model: str) -> float:
    y = d.transform(d.y)
    tss = float(((y - y.mean()) ** 2).sum()) if d.constant else float(y @ y)
    if model in ("ols", "slx"):
        return 1.0 - float(est.resid @ est.resid) / tss
    ll0 = -0.5 * d.nobs * (np.log(2 * np.pi * tss / d.nobs) + 1)
    return float(1.0 - np.exp(-2.0 / d.nobs * (est.loglik - ll0)))


def _random_fit(d: Design, model: str, covariance: str):
    """(estimate, covariance of (beta, rho, phi, sigma^2), phi, design) with random
    region effects; the covariance is the observed information's inverse whatever
    ``covariance`` says (docs/methods.md)."""
    if model not in ("sar", "sdm"):
        raise DataError(f"spatial regression: random region effects are implemented for "
                        f"sar and sdm, not {model}")
    durbin = model == "sdm"
    est, phi, rd = fit_random_lag(d, durbin)
    return est, random_covariance(rd, est, durbin), phi, rd


def fit_design(d: Design, model: str, covariance: str = "information",
               options: dict | None = None,
               random_effects: bool = False) -> SpatialRegressionResult:
    """Estimate ``model`` on a checked design (``random_effects``: random region
    effects, SAR and SDM)."""
    durbin = model in DURBIN_MODELS
    if random_effects:
        est, V, phi, d = _random_fit(d, model, covariance)
        names = list(est.names) + ["rho", "phi"]
        params = np.asarray([*est.beta, est.rho, phi])
        return _result(d, model, est, names, params, V[:-1, :-1], covariance,
                       {**(options or {}), "random_effects": True})
    est = _FITTERS[model](d, durbin)
    names = list(est.names)
    if d.w.sparse:  # no eigenvalues for the analytical traces: the observed information
        covariance = "hessian"
    if model in ("ols", "slx"):
        k = est.X.shape[1]
        dof = d.nobs - k  # OLS: the usual unbiased variance for the standard errors
        V = np.linalg.inv(est.X.T @ est.X) * float(est.resid @ est.resid) / dof
    else:
        fn = information_covariance if covariance == "information" else hessian_covariance
        V = fn(d, est, model, durbin)[:-1, :-1]
    params = list(est.beta)
    if model in LAG_MODELS:
        names.append("rho")
        params.append(est.rho)
    if model in ERROR_MODELS:
        names.append("lambda")
        params.append(est.lam)
    return _result(d, model, est, names, np.asarray(params), V, covariance, options or {})


def _result(d: Design, model: str, est: Estimate, names: list, params: np.ndarray,
            V: np.ndarray, covariance: str, options: dict) -> SpatialRegressionResult:
    se = np.sqrt(np.diag(V))
    z = params / se
    coefs = pd.DataFrame({"term": names, "estimate": params, "std_error": se, "z": z,
                          "p_value": normal_p(z)})
    if model in ("ols", "slx"):
        coefs = coefs.rename(columns={"z": "t"})
        coefs["p_value"] = 2 * stats.t.sf(np.abs(z), d.nobs - len(params))
    for name in est.at_bound:
        warnings.warn(warning(BoundaryWarning, "econometrics.at_bound", parameter=name,
                              model=model, value=float(coefs.loc[coefs["term"] == name,
                                                                 "estimate"].iloc[0])),
                      stacklevel=3)
    k_all = len(params) + 1
    return SpatialRegressionResult(
        model, coefs, est.sigma2, est.loglik, -2 * est.loglik + 2 * k_all,
        _pseudo_r2(d, est, model), d.nobs, d.N, d.T, d.fixed_effects,
        {"model": model, "fixed_effects": d.fixed_effects,
         "bias_correction": "lee-yu" if d.lee_yu else "none", "covariance": covariance,
         "random_effects": False, **options},
        pd.DataFrame(V, index=names, columns=names), est.at_bound, est.resid, d)


def spatial_regression(frame: pd.DataFrame, y: str, x, weights, *, region: str = "region",
                       year: str | None = "year", model: str = "sdm",
                       fixed_effects: str = "auto", bias_correction: str = "lee-yu",
                       random_effects: bool = False,
                       covariance: str = "information") -> SpatialRegressionResult:
    """Estimate a spatial regression of ``y`` on ``x`` by maximum likelihood.

    Parameters
    ----------
    frame : DataFrame
        Long data: one row per region (and year), columns ``region``, ``year``, ``y`` and
        ``x``. A panel must be balanced with no missing value (an error names the gaps).
    y : str
    x : str or list of str
    weights : SpatialWeights, libpysal W, DataFrame or ndarray
        Weights of exactly the regions in ``frame`` (an error names any region without
        weights or without data).
    region, year : str
        Columns of the region and the year (``year=None``: a cross-section).
    model, fixed_effects, bias_correction, random_effects, covariance
        See :class:`~ccdkit.econometrics.RegressionOptions`. With ``random_effects`` the
        region effects are random (SAR, SDM; a ``phi`` row gives
        sigma / sqrt(T sigma_mu^2 + sigma^2)) and the time part of ``fixed_effects`` stays
        fixed.

    Returns
    -------
    SpatialRegressionResult

    References
    ----------
    Anselin, L. (1988). *Spatial Econometrics: Methods and Models*. Kluwer.
    LeSage, J., & Pace, R. K. (2009). *Introduction to Spatial Econometrics*. CRC Press.
    Elhorst, J. P. (2014). *Spatial Econometrics: From Cross-Sectional Data to Spatial
    Panels*. Springer.
    Lee, L.-F., & Yu, J. (2010). Estimation of spatial autoregressive panel data models with
    fixed effects. *Journal of Econometrics*, 154(2), 165-185.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> W = np.array([[0, 1, 0, 0], [.5, 0, .5, 0], [0, .5, 0, .5], [0, 0, 1, 0]])
    >>> df = pd.DataFrame({"region": ["0", "1", "2", "3"], "y": [1.0, 2.0, 2.5, 4.0],
    ...                    "x": [0.5, 1.0, 1.8, 2.0]})
    >>> res = spatial_regression(df, "y", "x", W, year=None, model="sar")
    >>> res.coefficients["term"].tolist()
    ['const', 'x', 'rho']
    """
    from ._params import RegressionOptions
    opts = RegressionOptions(model=model, fixed_effects=fixed_effects,
                             bias_correction=bias_correction, random_effects=random_effects,
                             covariance=covariance)
    d = make_design(frame, y, x, weights, region=region, year=year,
                    fixed_effects=opts.fixed_effects,
                    bias_correction="none" if random_effects else opts.bias_correction,
                    durbin=opts.model in DURBIN_MODELS)
    if random_effects and d.T < 2:
        raise DataError("spatial regression: random region effects need a panel (several "
                        "years); the data have one year")
    return fit_design(d, opts.model, opts.covariance, {"y": y, "x": list(d.names)},
                      random_effects=opts.random_effects)


def _split(result: SpatialRegressionResult) -> tuple:
    """(beta, theta, rho, covariance of (beta, theta, rho), names) of the regressors."""
    d, model = result.design, result.model
    names = list(d.names)
    k = len(names)
    est = result.coefficients.set_index("term")["estimate"]
    order = names + ([f"W*{n}" for n in names] if model in DURBIN_MODELS else []) \
        + (["rho"] if model in LAG_MODELS else [])
    beta = est[names].to_numpy()
    theta = est[[f"W*{n}" for n in names]].to_numpy() if model in DURBIN_MODELS else None
    rho = float(est["rho"]) if model in LAG_MODELS else 0.0
    cov = result.cov.loc[order, order].to_numpy()
    return beta, theta, rho, cov, names, k


def spatial_effects(result: SpatialRegressionResult, *, draws: int = 1000,
                    seed: int = 20240601, alpha: float = 0.05) -> EffectsResult:
    """Direct, indirect and total effects of the regressors (LeSage and Pace 2009).

    The point estimates are exact (eigenvalues of W), not spreg's approximation that
    counts every W x term as indirect. Standard errors and intervals come from ``draws``
    parameter vectors drawn from the estimates' asymptotic normal distribution (as
    spatialreg ``impacts`` and Stata ``xsmle``), p-values from the normal distribution of
    estimate / std_error; the delta-method standard error is given beside them. In a
    static panel these are the short-run effects.
    """
    from ._params import EffectsOptions
    opts = EffectsOptions(draws=draws, seed=seed, alpha=alpha)
    beta, theta, rho, cov, names, k = _split(result)
    model = result.model
    ew = effect_weights(result.design.w, opts.seed)
    point = effect_values(model, beta[None], None if theta is None else theta[None],
                          np.array([rho]), ew)[:, 0, :]
    dse = delta_se(model, beta, theta, rho, cov, ew)
    sims = None
    if opts.draws:
        sims = simulate(model, beta, theta, rho, cov, ew, opts.draws, opts.seed)
        se = sims.std(axis=1, ddof=1)
        lo = np.percentile(sims, 100 * opts.alpha / 2, axis=1)
        hi = np.percentile(sims, 100 * (1 - opts.alpha / 2), axis=1)
    else:
        se = dse
        q = stats.norm.ppf(1 - opts.alpha / 2)
        lo, hi = point - q * dse, point + q * dse
    with np.errstate(divide="ignore", invalid="ignore"):
        z = point / se
    rows = pd.DataFrame({
        "variable": np.tile(names, 3), "effect": np.repeat(_EFFECTS, k),
        "estimate": point.ravel(), "std_error": se.ravel(), "z": z.ravel(),
        "p_value": normal_p(z).ravel(), "ci_lower": lo.ravel(), "ci_upper": hi.ravel(),
        "delta_se": dse.ravel()})
    rows["effect"] = pd.Categorical(rows["effect"], _EFFECTS, ordered=True)
    rows["variable"] = pd.Categorical(rows["variable"], names, ordered=True)
    table = rows.sort_values(["variable", "effect"]).reset_index(drop=True)
    table["variable"] = table["variable"].astype(str)
    table["effect"] = table["effect"].astype(str)
    return EffectsResult(table, model, opts.draws, opts.seed, opts.alpha,
                         0 if sims is None else sims.shape[1], sims)
