"""Random region effects for the spatial lag models (SAR, SDM) and the Hausman test of
fixed against random effects (Elhorst 2003, 2014, ch. 3.4; Lee and Yu 2012).

With random region effects mu_i ~ N(0, sigma_mu^2), the model is estimated on the data
transformed by ``v - (1 - phi) mean_t(v)`` per region, phi^2 = sigma^2 / (T sigma_mu^2 +
sigma^2); the log-likelihood gains N/2 ln phi^2 and is maximised over phi in (0, 1] with
rho, beta and sigma^2 concentrated out (profile likelihood; Elhorst 2014, eq. 3.30). Time
fixed effects, when asked for, are removed first by demeaning across regions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize, stats

from ._covariance import numerical_hessian
from ._design import Design
from ._likelihood import Estimate, fit_lag

__all__ = ["RandomDesign", "fit_random_lag", "random_covariance", "hausman"]


@dataclass
class RandomDesign(Design):
    """A design whose region effects are random: ``phi`` sets the quasi-demeaning.

    ``fixed_effects`` is ``none`` (with a constant) or ``time`` (time fixed effects);
    ``lee_yu`` is False, so the periods, observations and Jacobian are the untransformed
    panel's."""

    phi: float = 1.0

    def transform(self, a: np.ndarray) -> np.ndarray:
        if self.fixed_effects == "time":
            a = a - a.mean(axis=1, keepdims=True)
        a = a - (1.0 - self.phi) * a.mean(axis=0, keepdims=True)
        return a.reshape(a.shape[0] * a.shape[1], *a.shape[2:])


def random_design(d: Design) -> RandomDesign:
    """The random-effects counterpart of a panel design (time effects kept as fixed)."""
    fe = "time" if d.fixed_effects in ("time", "twoway") else "none"
    return RandomDesign(d.y, d.X, list(d.names), d.w, fe, False, list(d.years))


def fit_random_lag(d: Design, durbin: bool) -> tuple[Estimate, float, RandomDesign]:
    """SAR (SDM with ``durbin``) with random region effects: (estimate, phi, design).

    The profile log-likelihood of phi, max over rho of the concentrated SAR likelihood of
    the quasi-demeaned data plus N ln phi, is maximised by bounded Brent search on
    (0, 1]."""
    rd = random_design(d)

    def profile(phi: float) -> float:
        rd.phi = phi
        return fit_lag(rd, durbin).loglik + rd.N * np.log(phi)

    res = optimize.minimize_scalar(lambda p: -profile(p), bounds=(1e-8, 1.0),
                                   method="bounded", options={"xatol": 1e-10})
    rd.phi = float(res.x)
    est = fit_lag(rd, durbin)
    est.loglik = est.loglik + rd.N * np.log(rd.phi)
    return est, rd.phi, rd


def _random_loglik(rd: RandomDesign, durbin: bool):
    """The full log-likelihood of (beta, rho, phi, sigma^2) with random region effects."""
    def ll(p: np.ndarray) -> float:
        rd.phi = float(p[-2])
        X, _ = rd.regressors(durbin)
        y, wy = rd.transform(rd.y), rd.transform(rd.lag(rd.y))
        e = y - p[-3] * wy - X @ p[:-3]
        s2 = p[-1]
        return (-0.5 * rd.nobs * np.log(2 * np.pi * s2) + rd.N * np.log(rd.phi)
                + rd.logdet(p[-3]) - 0.5 * float(e @ e) / s2)
    return ll


def random_covariance(rd: RandomDesign, est: Estimate, durbin: bool) -> np.ndarray:
    """Inverse of the observed information (minus the numerical Hessian of the full
    log-likelihood, central differences, relative step 1e-4) of (beta, rho, phi, sigma^2),
    as Stata ``ml`` gives ``xsmle``. (The analytical matrix of Elhorst 2003 as spreg 1.9
    ``Panel_RE_Lag`` codes it is not symmetric in (phi, sigma^2) and leaves out the
    coupling of beta and phi; its standard errors differ by up to 10 %.)"""
    phi = rd.phi
    p0 = np.concatenate([est.beta, [est.rho, phi, est.sigma2]])
    hess = numerical_hessian(_random_loglik(rd, durbin), p0)
    rd.phi = phi
    return np.linalg.inv(-hess)


def hausman(fixed, random) -> pd.DataFrame:
    """Hausman test of fixed against random region effects on the coefficients both have
    (the regressors and rho): H = d' (V_FE - V_RE)^-1 d, chi-square with as many degrees of
    freedom. When V_FE - V_RE is not positive definite (finite samples) the Moore-Penrose
    inverse is used and its rank gives the degrees of freedom; ``positive_definite`` says
    which.

    Parameters
    ----------
    fixed, random : SpatialRegressionResult
        The same model with region fixed effects and with random region effects.
    """
    common = [t for t in fixed.coefficients["term"] if t in set(random.coefficients["term"])
              and t not in ("const", "phi")]
    b_fe = fixed.coefficients.set_index("term").loc[common, "estimate"].to_numpy()
    b_re = random.coefficients.set_index("term").loc[common, "estimate"].to_numpy()
    V = fixed.cov.loc[common, common].to_numpy() - random.cov.loc[common, common].to_numpy()
    d = b_fe - b_re
    eig = np.linalg.eigvalsh((V + V.T) / 2)
    pd_ = bool(eig.min() > 1e-12 * max(1.0, abs(eig).max()))
    if pd_:
        h, df = float(d @ np.linalg.solve(V, d)), len(d)
    else:
        h = float(d @ np.linalg.pinv(V) @ d)
        df = int(np.linalg.matrix_rank(V))
    return pd.DataFrame([{"model": fixed.model, "statistic": h, "df": df,
                          "p_value": float(stats.chi2.sf(h, df)) if df else float("nan"),
                          "positive_definite": pd_}])
