"""Asymptotic covariance of the ML estimates: the inverse of the analytical information
matrix (Anselin 1988, eqs. 6.5-6.6 and 6.21 for the general model; as spatialreg with
eigenvalues) or of the numerical Hessian of the full log-likelihood.

Parameters are ordered (beta, rho, lambda, sigma^2), the spatial parameters the model
has. In a panel the traces count once per period T' of the transformed data; with the
Lee-Yu time transformation the operators are those of W* = F' W F (Lee and Yu 2010).
"""

from __future__ import annotations

import numpy as np

from ._design import Design
from ._weights_matrix import orthonormal_complement
from ._likelihood import Estimate, lagged_regressors

__all__ = ["information_covariance", "hessian_covariance", "numerical_hessian",
           "transformed_operator", "COVARIANCE"]

#: How the covariance of the estimates is computed.
COVARIANCE = ("information", "hessian")


def transformed_operator(d: Design) -> np.ndarray:
    """W, or W* = F' W F with the Lee-Yu time transformation."""
    W = d.w.W
    if d.drops_unit_root:
        F = orthonormal_complement(d.N)
        return F.T @ W @ F
    return W


def _mean_lag(d: Design, est: Estimate, M: np.ndarray, durbin: bool) -> np.ndarray:
    """P(M mu): the transformed operator M applied to the model's mean X beta, computed
    on the untransformed data (M is N x N or the Lee-Yu (N-1) x (N-1) operator)."""
    k = len(d.names)
    b = est.beta[1:] if d.constant else est.beta
    mu = d.X @ b[:k]
    if durbin:
        mu = mu + d.lag(d.X) @ b[k:]
    if d.constant:
        mu = mu + est.beta[0]
    if d.drops_unit_root:  # apply M after the transformation (F' M_N = M* F')
        rows = d.transform(mu).reshape(d.periods, d.N - 1)
        return (rows @ M.T).ravel()
    return d.transform(mu @ M.T)


def information_covariance(d: Design, est: Estimate, model: str, durbin: bool) -> np.ndarray:
    """Inverse of the information matrix of (beta, [rho], [lambda], sigma^2)."""
    W = transformed_operator(d)
    n, m, s2 = d.nobs, d.periods, est.sigma2
    eye = np.eye(W.shape[0])
    lag, err = model in ("sar", "sdm", "sac"), model in ("sem", "sdem", "sac")
    X = est.X
    B = eye - est.lam * W if err else eye
    Binv = np.linalg.inv(B) if err else eye
    H = W @ Binv
    if err:  # the filtered regressors (I - lambda W) X, as in the likelihood
        X = X - est.lam * lagged_regressors(d, durbin)
    k = X.shape[1]
    size = k + lag + err + 1
    info = np.zeros((size, size))
    info[:k, :k] = X.T @ X / s2
    info[-1, -1] = n / (2 * s2 * s2)
    if lag:
        G = W @ np.linalg.inv(eye - est.rho * W)
        K = B @ G @ Binv
        bgx = _mean_lag(d, est, B @ G, durbin)
        info[k, k] = m * (np.trace(G @ G) + np.sum(K * K)) + bgx @ bgx / s2
        info[:k, k] = info[k, :k] = X.T @ bgx / s2
        info[k, -1] = info[-1, k] = m * np.trace(G) / s2
    if err:
        j = k + lag
        info[j, j] = m * (np.trace(H @ H) + np.sum(H * H))
        info[j, -1] = info[-1, j] = m * np.trace(H) / s2
        if lag:
            info[k, j] = info[j, k] = m * (np.sum(H * K) + np.trace(W @ G @ Binv))
    return np.linalg.inv(info)


def _full_loglik(d: Design, durbin: bool, model: str):
    """The full log-likelihood as a function of (beta, [rho], [lambda], sigma^2)."""
    X, _ = d.regressors(durbin)
    y, wy = d.transform(d.y), d.transform(d.lag(d.y))
    wwy = d.transform(d.lag(d.lag(d.y)))
    wX = lagged_regressors(d, durbin)
    k = X.shape[1]
    lag, err = model in ("sar", "sdm", "sac"), model in ("sem", "sdem", "sac")

    def ll(p):
        beta = p[:k]
        r = p[k] if lag else 0.0
        lam = p[k + lag] if err else 0.0
        s2 = p[-1]
        e = (y - r * wy) - lam * (wy - r * wwy) - (X - lam * wX) @ beta
        return (-0.5 * d.nobs * np.log(2 * np.pi * s2) - 0.5 * float(e @ e) / s2
                + d.logdet(r) + d.logdet(lam))

    return ll


def numerical_hessian(f, p0: np.ndarray, step: float = 1e-4,
                      floor: float = 1e-3) -> np.ndarray:
    """The Hessian of ``f`` at ``p0`` by central differences (step ``step`` times
    max(|p|, ``floor``))."""
    h = step * np.maximum(np.abs(p0), floor)
    size = len(p0)
    eye = np.eye(size)
    hess = np.zeros((size, size))
    for i in range(size):
        for j in range(i, size):
            a, b = eye[i] * h[i], eye[j] * h[j]
            hess[i, j] = hess[j, i] = (f(p0 + a + b) - f(p0 + a - b) - f(p0 - a + b)
                                       + f(p0 - a - b)) / (4 * h[i] * h[j])
    return hess


def hessian_covariance(d: Design, est: Estimate, model: str, durbin: bool) -> np.ndarray:
    """Inverse of minus the numerical Hessian (central differences, relative step 1e-4)
    of the full log-likelihood at the estimates."""
    lag, err = model in ("sar", "sdm", "sac"), model in ("sem", "sdem", "sac")
    p0 = np.concatenate([est.beta, [est.rho] if lag else [], [est.lam] if err else [],
                         [est.sigma2]])
    return np.linalg.inv(-numerical_hessian(_full_loglik(d, durbin, model), p0, floor=1e-2))
