"""Maximum likelihood of the spatial regression models, concentrated over the spatial
parameters (Anselin 1988, ch. 6; LeSage and Pace 2009, ch. 3; Elhorst 2014, ch. 3).

Every function works on a :class:`~ccdkit.econometrics._design.Design`: the transformed
response ``y`` and its transformed lags, the transformed regressors ``X`` (with ``W X``
for the Durbin models), the number of observations ``n`` and the Jacobian term
``Design.logdet``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize

from ._design import Design

__all__ = ["Estimate", "fit_ols", "fit_lag", "fit_error", "fit_sac", "LAG_MODELS",
           "ERROR_MODELS", "DURBIN_MODELS", "MODELS", "lagged_regressors"]

#: The models, by their usual abbreviations.
MODELS = ("ols", "slx", "sar", "sem", "sdm", "sdem", "sac")
LAG_MODELS = ("sar", "sdm", "sac")
ERROR_MODELS = ("sem", "sdem", "sac")
DURBIN_MODELS = ("slx", "sdm", "sdem")
#: Relative distance kept from the bounds of rho and lambda.
_EDGE = 1e-9


@dataclass
class Estimate:
    """Point estimates of one model: coefficients, spatial parameters, variance of the
    error, maximised log-likelihood and residuals (transformed data)."""

    beta: np.ndarray
    rho: float
    lam: float
    sigma2: float
    loglik: float
    resid: np.ndarray
    X: np.ndarray
    names: list
    at_bound: list


def _ll(sse: float, n: int, logdet: float = 0.0) -> float:
    return -0.5 * n * (np.log(2.0 * np.pi * sse / n) + 1.0) + logdet


def _lstsq(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.linalg.lstsq(X, y, rcond=None)[0]


def _interval(d: Design) -> tuple[float, float]:
    lo, hi = d.w.bounds()
    return lo + _EDGE * abs(lo), hi - _EDGE * abs(hi)


def _maximise(f, d: Design) -> tuple[float, bool]:
    """Maximise f over the admissible interval (bounded Brent, tolerance 1e-12); whether
    the maximum is at a bound."""
    lo, hi = _interval(d)
    res = optimize.minimize_scalar(lambda r: -f(r), bounds=(lo, hi), method="bounded",
                                   options={"xatol": 1e-12, "maxiter": 500})
    x = float(res.x)
    return x, bool(min(x - lo, hi - x) < 1e-6 * (hi - lo))


def _polish(x: float, score, d: Design) -> float:
    """Refine a maximiser by a root of the score (derivative of the concentrated
    log-likelihood) bracketed next to it: the location of a flat maximum is then exact to
    rounding, not to the square root of it."""
    lo, hi = _interval(d)
    for step in (1e-7, 1e-6, 1e-5):
        a, b = max(lo, x - step), min(hi, x + step)
        fa, fb = score(a), score(b)
        if np.isfinite(fa) and np.isfinite(fb) and fa > 0 > fb:
            return float(optimize.brentq(score, a, b, xtol=1e-15, rtol=1e-15))
    return x


def fit_ols(d: Design, durbin: bool = False) -> Estimate:
    """OLS (SLX with ``durbin``) by least squares; sigma^2 = e'e / n (ML)."""
    X, names = d.regressors(durbin)
    y = d.transform(d.y)
    beta = _lstsq(X, y)
    e = y - X @ beta
    sse = float(e @ e)
    return Estimate(beta, 0.0, 0.0, sse / d.nobs, _ll(sse, d.nobs), e, X, names, [])


def fit_lag(d: Design, durbin: bool = False) -> Estimate:
    """Spatial lag model (SAR; SDM with ``durbin``): y = rho W y + X beta + e.

    The log-likelihood concentrated over beta and sigma^2 is a function of rho alone
    (Anselin 1988): e(rho) = e0 - rho eL, the residuals of y and of W y on X.
    """
    X, names = d.regressors(durbin)
    y, wy = d.transform(d.y), d.transform(d.lag(d.y))
    b0, bl = _lstsq(X, y), _lstsq(X, wy)
    e0, el = y - X @ b0, wy - X @ bl
    a, b, c = e0 @ e0, e0 @ el, el @ el

    def conc(r):
        return _ll(a - 2 * r * b + r * r * c, d.nobs, d.logdet(r))

    rho, edge = _maximise(conc, d)
    if not edge and not d.w.sparse:  # score: n (b - rho c) / sse(rho) + d logdet
        rho = _polish(rho, lambda r: d.nobs * (b - r * c) / (a - 2 * r * b + r * r * c)
                      + d.dlogdet(r), d)
    e = e0 - rho * el
    sse = float(e @ e)
    return Estimate(b0 - rho * bl, rho, 0.0, sse / d.nobs, float(conc(rho)), e, X, names,
                    ["rho"] if edge else [])


def _filtered(X, y, wX, wy, lam):
    Xf, yf = X - lam * wX, y - lam * wy
    beta = _lstsq(Xf, yf)
    e = yf - Xf @ beta
    return beta, e


def fit_error(d: Design, durbin: bool = False) -> Estimate:
    """Spatial error model (SEM; SDEM with ``durbin``): y = X beta + u, u = lambda W u + e.
    For each lambda, beta is the least-squares fit of the filtered data (I - lambda W)."""
    X, names = d.regressors(durbin)
    y, wy = d.transform(d.y), d.transform(d.lag(d.y))
    wX = lagged_regressors(d, durbin)

    def conc(lam):
        _, e = _filtered(X, y, wX, wy, lam)
        return _ll(float(e @ e), d.nobs, d.logdet(lam))

    lam, edge = _maximise(conc, d)
    if not edge and not d.w.sparse:  # score (envelope theorem): n e'(Wy - WXb)/e'e + dlogdet
        def score(v):
            b, e = _filtered(X, y, wX, wy, v)
            return d.nobs * float(e @ (wy - wX @ b)) / float(e @ e) + d.dlogdet(v)
        lam = _polish(lam, score, d)
    beta, e = _filtered(X, y, wX, wy, lam)
    sse = float(e @ e)
    return Estimate(beta, 0.0, lam, sse / d.nobs, float(conc(lam)), e, X, names,
                    ["lambda"] if edge else [])


def lagged_regressors(d: Design, durbin: bool) -> np.ndarray:
    """The transformed W X of the regressors (W of the constant is the row sums)."""
    cols = [d.transform(d.lag(d.X))]
    if durbin:
        cols.append(d.transform(d.lag(d.lag(d.X))))
    if d.constant:
        ones = np.ones((d.T, d.N))
        cols.insert(0, d.transform(d.lag(ones))[:, None])
    return np.column_stack(cols)


def fit_sac(d: Design, durbin: bool = False) -> Estimate:
    """SAC (SARAR): y = rho W y + X beta + u, u = lambda W u + e. The log-likelihood
    concentrated over beta and sigma^2 is maximised over (rho, lambda) jointly (L-BFGS-B
    from a grid of starts, then a bounded Brent refinement of each in turn)."""
    X, names = d.regressors(durbin)
    y = d.transform(d.y)
    wy, wwy = d.transform(d.lag(d.y)), d.transform(d.lag(d.lag(d.y)))
    wX = lagged_regressors(d, durbin)

    def parts(r, lam):
        beta, e = _filtered(X, y - r * wy, wX, wy - r * wwy, lam)
        return beta, e

    def conc(p):
        _, e = parts(*p)
        return _ll(float(e @ e), d.nobs, d.logdet(p[0]) + d.logdet(p[1]))

    lo, hi = _interval(d)
    grid = [(r, lam) for r in (-0.5, 0.0, 0.5) for lam in (-0.5, 0.0, 0.5)]
    starts = sorted(grid, key=lambda p: -conc(np.clip(p, lo, hi)))[:3]
    best = None
    for s in starts:
        res = optimize.minimize(lambda p: -conc(p), np.clip(s, lo, hi), method="L-BFGS-B",
                                bounds=[(lo, hi), (lo, hi)],
                                options={"ftol": 1e-15, "gtol": 1e-10, "maxiter": 2000})
        if best is None or res.fun < best.fun:
            best = res
    r, lam = (float(v) for v in best.x)
    for _ in range(50):  # coordinate refinement to the tolerance of the 1-D searches
        r_new = optimize.minimize_scalar(lambda v: -conc((v, lam)), bounds=(lo, hi),
                                         method="bounded", options={"xatol": 1e-12}).x
        lam_new = optimize.minimize_scalar(lambda v: -conc((r_new, v)), bounds=(lo, hi),
                                           method="bounded", options={"xatol": 1e-12}).x
        done = abs(r_new - r) + abs(lam_new - lam) < 1e-11
        r, lam = float(r_new), float(lam_new)
        if done:
            break
    beta, e = parts(r, lam)
    sse = float(e @ e)
    edge = [n for n, v in (("rho", r), ("lambda", lam)) if min(v - lo, hi - v) < 1e-6 * (hi - lo)]
    return Estimate(beta, r, lam, sse / d.nobs, float(conc((r, lam))), e, X, names, edge)
