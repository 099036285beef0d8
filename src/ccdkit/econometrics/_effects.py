"""Direct, indirect (spillover) and total effects of the regressors (LeSage and Pace 2009,
ch. 2.7), computed exactly from the eigenvalues of W, with inference by simulating the
parameters from their estimated asymptotic distribution and by the delta method.

For a lag model (SAR, SAC) the effects of regressor k are the N x N matrix
``S_k = (I - rho W)^-1 beta_k``; for the spatial Durbin model
``S_k = (I - rho W)^-1 (I beta_k + W theta_k)``. The direct effect is the mean of the
diagonal of ``S_k``, the total effect the mean row sum, the indirect effect their
difference. With eigenvalues w_i of W and s_i = (1'V)_i (V^-1 1)_i (V the eigenvectors):

    direct   = beta_k mean(1 / (1 - rho w)) + theta_k mean(w / (1 - rho w))
    total    = beta_k sum(s / (1 - rho w)) / N + theta_k sum(s w / (1 - rho w)) / N

(for a row-standardised W, total = (beta_k + theta_k) / (1 - rho)). For SLX and SDEM
``S_k = I beta_k + W theta_k``: direct beta_k (+ theta_k tr(W)/N), total beta_k +
theta_k 1'W1/N. For OLS and SEM the direct effect is beta_k and there is no spillover.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from ._design import WeightsMatrix

__all__ = ["EffectWeights", "effect_weights", "effect_values"]


@dataclass(frozen=True)
class EffectWeights:
    """What the effects need of W: its eigenvalues, the row-sum weights s of the
    eigen-decomposition (None when W is row-standardised), tr(W)/N and 1'W1/N, the
    admissible interval of rho; for sparse weights instead of eigenvalues the power
    series tr(W^j)/N (``traces``, estimated) and 1'W^j 1/N (``sums``, exact)."""

    eigenvalues: np.ndarray | None
    s: np.ndarray | None
    trace: float
    total: float
    interval: tuple = (-1.0, 1.0)
    traces: np.ndarray | None = None
    sums: np.ndarray | None = None


#: Order of the power series of the sparse path, and its Monte Carlo vectors.
SERIES_ORDER, TRACE_VECTORS = 200, 50


def _series(w: WeightsMatrix, seed: int) -> tuple[np.ndarray, np.ndarray | None]:
    """tr(W^j)/N for j = 0..q+1 (exact for j <= 2, else the Monte Carlo estimate of
    LeSage and Pace 2009, ch. 4.3, with Rademacher vectors) and, unless W is
    row-standardised, 1'W^j 1/N (exact)."""
    W, n = w.W, w.n
    rng = np.random.default_rng(seed)
    Z = rng.choice([-1.0, 1.0], size=(n, TRACE_VECTORS))
    V = Z.copy()
    traces = np.empty(SERIES_ORDER + 2)
    for j in range(SERIES_ORDER + 2):
        traces[j] = float(np.mean(np.sum(Z * V, axis=0))) / n
        V = np.asarray(W @ V)
    traces[:3] = [1.0, float(W.diagonal().sum()) / n, w.traces()[1] / n]
    if w.row_standardized:
        return traces, None
    v = np.ones(n)
    sums = np.empty(SERIES_ORDER + 2)
    for j in range(SERIES_ORDER + 2):
        sums[j] = v.sum() / n
        v = np.asarray(W @ v).ravel()
    return traces, sums


def effect_weights(w: WeightsMatrix, seed: int = 0) -> EffectWeights:
    """The quantities of W used by the effects (eigen-decomposition; the power series for
    sparse weights, whose Monte Carlo traces take ``seed``)."""
    W = w.W
    n = W.shape[0]
    total = float(W.sum()) / n
    if w.sparse:
        traces, sums = _series(w, seed)
        return EffectWeights(None, None, float(W.diagonal().sum()) / n, total, w.bounds(),
                             traces, sums)
    if w.row_standardized:
        return EffectWeights(w.eigenvalues, None, float(np.trace(W)) / n, total, w.bounds())
    vals, vecs = np.linalg.eig(W)
    s = (np.ones(n) @ vecs) * np.linalg.solve(vecs, np.ones(n))
    order = np.argsort(vals.real)
    return EffectWeights(vals[order], s[order], float(np.trace(W)) / n, total, w.bounds())


def _power_multipliers(ew: EffectWeights, rho: np.ndarray) -> tuple[np.ndarray, ...]:
    powers = rho[:, None] ** np.arange(SERIES_ORDER + 1)[None, :]
    a, b = powers @ ew.traces[:-1], powers @ ew.traces[1:]
    if ew.sums is None:
        c = 1.0 / (1.0 - rho)
        return a, b, c, c
    return a, b, powers @ ew.sums[:-1], powers @ ew.sums[1:]


def _multipliers(ew: EffectWeights, rho: np.ndarray) -> tuple[np.ndarray, ...]:
    """(a, b, c, e) for each rho: mean diag of A^-1 and A^-1 W, mean row sum of A^-1 and
    A^-1 W, A = I - rho W."""
    if ew.eigenvalues is None:
        return _power_multipliers(ew, rho)
    w = ew.eigenvalues
    inv = 1.0 / (1.0 - rho[:, None] * w[None, :])
    a = np.real(inv.mean(axis=1))
    b = np.real((inv * w).mean(axis=1))
    if ew.s is None:
        c = 1.0 / (1.0 - rho)
        e = c
    else:
        n = len(w)
        c = np.real((inv * ew.s).sum(axis=1)) / n
        e = np.real((inv * ew.s * w).sum(axis=1)) / n
    return a, b, c, e


def effect_values(model: str, beta: np.ndarray, theta: np.ndarray | None,
                  rho: np.ndarray, ew: EffectWeights) -> np.ndarray:
    """Direct, indirect and total effects, shape (3, R, k), for parameter draws
    (beta (R, k), theta (R, k) or None, rho (R,))."""
    beta = np.atleast_2d(beta)
    theta = np.zeros_like(beta) if theta is None else np.atleast_2d(theta)
    if model in ("sar", "sdm", "sac"):
        a, b, c, e = _multipliers(ew, np.atleast_1d(rho).astype(float))
        direct = beta * a[:, None] + theta * b[:, None]
        total = beta * np.asarray(c)[..., None] + theta * np.asarray(e)[..., None]
    else:
        direct = beta + theta * ew.trace
        total = beta + theta * ew.total
    return np.stack([direct, total - direct, total])


def delta_se(model: str, beta: np.ndarray, theta: np.ndarray | None, rho: float,
             cov: np.ndarray, ew: EffectWeights) -> np.ndarray:
    """Delta-method standard errors of (direct, indirect, total), shape (3, k).

    ``cov`` is the covariance of (beta, theta, rho) in that order (theta and rho only if
    the model has them); the gradient is taken by central differences (step 1e-6).
    """
    k = len(beta)
    has_theta, has_rho = theta is not None, model in ("sar", "sdm", "sac")
    p = np.concatenate([beta, theta if has_theta else [], [rho] if has_rho else []])

    def f(q):
        b = q[:k]
        t = q[k:2 * k] if has_theta else None
        r = q[-1] if has_rho else 0.0
        return effect_values(model, b[None], None if t is None else t[None],
                             np.array([r]), ew)[:, 0, :]

    grad = np.zeros((3, k, len(p)))
    for j in range(len(p)):
        h = 1e-6 * max(1.0, abs(p[j]))
        up, down = p.copy(), p.copy()
        up[j] += h
        down[j] -= h
        grad[:, :, j] = (f(up) - f(down)) / (2 * h)
    return np.sqrt(np.maximum(np.einsum("ekp,pq,ekq->ek", grad, cov, grad), 0.0))


def simulate(model: str, beta: np.ndarray, theta: np.ndarray | None, rho: float,
             cov: np.ndarray, ew: EffectWeights, draws: int, seed: int) -> np.ndarray:
    """Effects of ``draws`` parameter vectors drawn from N(estimate, cov), (3, R, k).

    Draws whose rho lies outside the interval (1 / min eigenvalue, 1 / max eigenvalue) of
    W, where I - rho W may be singular, are left out (as spatialreg); R counts the rest.
    """
    k = len(beta)
    has_theta, has_rho = theta is not None, model in ("sar", "sdm", "sac")
    mean = np.concatenate([beta, theta if has_theta else [], [rho] if has_rho else []])
    rng = np.random.default_rng(seed)
    sims = rng.multivariate_normal(mean, cov, size=draws, method="eigh")
    if has_rho:
        lo, hi = ew.interval
        r = sims[:, -1]
        sims = sims[(r > lo) & (r < hi)]
    return effect_values(model, sims[:, :k], sims[:, k:2 * k] if has_theta else None,
                         sims[:, -1] if has_rho else np.zeros(len(sims)), ew)


def normal_p(z: np.ndarray) -> np.ndarray:
    """Two-sided p-values of standard normal statistics."""
    return 2.0 * stats.norm.sf(np.abs(z))
