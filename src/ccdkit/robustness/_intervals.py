"""Bootstrap confidence intervals (percentile and BCa) of many statistics at once."""

from __future__ import annotations

import warnings

import numpy as np
from scipy.special import ndtr, ndtri

from ..exceptions import ResamplingWarning
from ..text import warning

__all__ = ["percentile_interval", "bca_interval", "jackknife_acceleration"]


def _alphas(level: float) -> tuple[float, float]:
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}")
    a = (1 - level) / 2
    return a, 1 - a


def percentile_interval(boot, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval of each column of a bootstrap distribution.

    Parameters
    ----------
    boot : array of shape (B, k)
        B bootstrap replicates of k statistics.
    level : float
        Confidence level; the bounds are the (1 - level)/2 and (1 + level)/2 quantiles
        (linear interpolation, as ``numpy.quantile`` and ``scipy.stats.bootstrap``).

    Returns
    -------
    lower, upper : arrays of shape (k,)

    Examples
    --------
    >>> lo, hi = percentile_interval(np.arange(101.0)[:, None], 0.9)
    >>> round(float(lo[0]), 6), round(float(hi[0]), 6)
    (5.0, 95.0)
    """
    boot = np.asarray(boot, dtype=float)
    lo, hi = _alphas(level)
    q = np.quantile(boot, [lo, hi], axis=0)
    return q[0], q[1]


def jackknife_acceleration(jack) -> np.ndarray:
    """Acceleration a of the BCa interval from jackknife values (Efron & Tibshirani 1993,
    eq. 14.15): a = sum (m - t_i)^3 / (6 [sum (m - t_i)^2]^(3/2)), m the jackknife mean;
    0 where the jackknife values do not vary.

    Parameters
    ----------
    jack : array of shape (n, k)
        Leave-one-out values of k statistics.
    """
    jack = np.asarray(jack, dtype=float)
    dev = jack.mean(axis=0) - jack
    num = (dev ** 3).sum(axis=0)
    den = 6.0 * (dev ** 2).sum(axis=0) ** 1.5
    return np.divide(num, den, out=np.zeros_like(num), where=den > 0)


def bca_interval(theta_hat, boot, jack, level: float = 0.95, *,
                 rtol: float = 1e-9) -> tuple[np.ndarray, np.ndarray]:
    """Bias-corrected and accelerated (BCa) interval of each statistic.

    z0 = Phi^-1(share of replicates below the estimate, ties counted half, as
    ``scipy.stats.bootstrap``); a from the jackknife (:func:`jackknife_acceleration`); the
    bounds are the quantiles Phi(z0 + (z0 + z_q) / (1 - a (z0 + z_q))) of the replicates,
    q = (1 -+ level)/2. A statistic whose replicates do not vary gets the interval
    [estimate, estimate].

    A replicate is a tie when it equals the estimate up to ``rtol`` (relative to the
    largest magnitude of the estimate and its replicates): a replicate computed in another
    order differs from the estimate by rounding only, and counting it as below or above
    would push z0 to +-inf. Where every replicate still lies on one side of the estimate,
    z0 is infinite and BCa undefined: that statistic gets the percentile interval and a
    :class:`~ccdkit.exceptions.ResamplingWarning` says how many did; the result is never NaN
    for finite replicates.

    Parameters
    ----------
    theta_hat : array of shape (k,)
        Estimates on the original data.
    boot : array of shape (B, k)
    jack : array of shape (n, k)
        Leave-one-out (jackknife) values.
    level : float

    Returns
    -------
    lower, upper : arrays of shape (k,)

    References
    ----------
    Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman &
    Hall, chapter 14. DiCiccio, T. J. & Efron, B. (1996). Bootstrap confidence intervals.
    *Statistical Science*, 11(3), 189-228.
    """
    theta_hat = np.asarray(theta_hat, dtype=float)
    boot = np.asarray(boot, dtype=float)
    B = boot.shape[0]
    scale = np.maximum(np.abs(theta_hat), np.abs(boot).max(axis=0))
    tie = np.abs(boot - theta_hat) <= rtol * scale
    below = (boot < theta_hat) & ~tie
    share = (below.sum(axis=0) + 0.5 * tie.sum(axis=0)) / B
    with np.errstate(divide="ignore", invalid="ignore"):
        z0 = ndtri(share)
        a = jackknife_acceleration(jack)
        lo_q, hi_q = _alphas(level)
        bounds = []
        for q in (lo_q, hi_q):
            num = z0 + ndtri(q)
            bounds.append(ndtr(z0 + num / (1 - a * num)))
    ordered = np.sort(boot, axis=0)
    lower, upper = (_column_quantiles(ordered, q) for q in bounds)
    flat = ordered[0] == ordered[-1]
    lower[flat], upper[flat] = ordered[0, flat], ordered[0, flat]
    one_sided = ~flat & ((share <= 0) | (share >= 1)) & np.isfinite(ordered).all(axis=0)
    if one_sided.any():
        plo, phi = percentile_interval(boot[:, one_sided], level)
        lower[one_sided], upper[one_sided] = plo, phi
        n = int(one_sided.sum())
        warnings.warn(warning(ResamplingWarning, "robustness.bca_fallback", n=n,
                              total=int(boot.shape[1])), stacklevel=2)
    return lower, upper


def _column_quantiles(ordered: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Quantile q[j] of each sorted column j (linear interpolation, numpy's default);
    NaN where q is not finite."""
    n = ordered.shape[0]
    ok = np.isfinite(q)
    pos = np.where(ok, q, 0.0) * (n - 1)
    i0 = np.floor(pos).astype(int)
    i1 = np.minimum(i0 + 1, n - 1)
    cols = np.arange(ordered.shape[1])
    a, b = ordered[i0, cols], ordered[i1, cols]
    out = a + (pos - i0) * (b - a)
    return np.where(ok, out, np.nan)
