"""Markov chains of a panel's classes: transition counts and probabilities, steady state,
mean first passage and sojourn times; spatial Markov chains conditioned on the class of
the spatial lag, with the homogeneity tests of Bickenbach & Bode (2003). Conventions are
PySAL giddy's (quantile classes as mapclassify ``Quantiles``), and the tests compare with
giddy's numbers on the same input."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import DataError

__all__ = ["quantile_classes", "transition_counts", "MarkovResult", "markov_chain",
           "steady_state", "mean_first_passage", "SpatialMarkovResult", "spatial_markov",
           "homogeneity_test"]


def quantile_classes(values, k: int = 4, bins=None) -> tuple[np.ndarray, np.ndarray]:
    """Class codes 0..k-1 of ``values`` by the pooled quantiles (or by given upper
    ``bins``); returns (codes with the shape of ``values``, upper bounds).

    A value equal to a bound belongs to the lower class; the bounds are the k quantiles
    (linear interpolation, the last one the maximum), repeated bounds merged — the
    convention of mapclassify ``Quantiles``.

    >>> quantile_classes([1, 2, 3, 4, 5, 6, 7, 8], k=4)[0].tolist()
    [0, 0, 1, 1, 2, 2, 3, 3]
    """
    x = np.asarray(values, dtype=float)
    if not np.isfinite(x).all():
        raise DataError("quantile classes: the values must be finite (no missing cell)")
    if bins is None:
        bins = np.unique(np.percentile(x.ravel(), 100 * np.arange(1, k + 1) / k))
    else:
        bins = np.append(np.asarray(bins, dtype=float), np.inf)
    return np.searchsorted(bins, x, side="left"), bins


def transition_counts(classes: np.ndarray, k: int) -> np.ndarray:
    """k x k counts of moves from class i in year t to class j in t+1 (rows: regions,
    columns: consecutive years)."""
    c = np.asarray(classes, dtype=int)
    return np.bincount((c[:, :-1] * k + c[:, 1:]).ravel(), minlength=k * k).reshape(k, k)


def _probabilities(counts: np.ndarray) -> np.ndarray:
    rows = counts.sum(axis=-1, keepdims=True)
    return counts / np.where(rows == 0, 1, rows)


def steady_state(p: np.ndarray) -> np.ndarray:
    """The stationary distribution pi (pi P = pi, sum 1) of an irreducible chain: the left
    eigenvector of eigenvalue 1."""
    vals, vecs = np.linalg.eig(np.asarray(p, dtype=float).T)
    i = int(np.argmin(np.abs(vals - 1)))
    v = np.real(vecs[:, i])
    return v / v.sum()


def mean_first_passage(p: np.ndarray) -> np.ndarray:
    """Mean first passage times m_ij (expected steps from i to first reach j; the diagonal
    holds the mean recurrence times 1/pi_i) of an irreducible chain, by the fundamental
    matrix Z = (I - P + 1 pi')^-1 (Kemeny & Snell 1976): m_ij = (z_jj - z_ij) / pi_j."""
    p = np.asarray(p, dtype=float)
    k = len(p)
    pi = steady_state(p)
    z = np.linalg.inv(np.eye(k) - p + np.outer(np.ones(k), pi))
    m = (np.diag(z)[None, :] - z) / pi[None, :]
    m[np.diag_indices(k)] = 1 / pi
    return m


@dataclass
class MarkovResult:
    """A (classic) Markov chain of class transitions.

    Attributes
    ----------
    counts, p : ndarray (k, k)
        Transition counts and row probabilities.
    steady_state : ndarray (k,)
    mfpt : ndarray (k, k)
        Mean first passage times (diagonal: recurrence times).
    sojourn_time : ndarray (k,)
        Expected years a region stays in a class: 1 / (1 - p_ii).
    bins : ndarray
        Upper bounds of the classes.
    """

    counts: np.ndarray
    p: np.ndarray
    steady_state: np.ndarray
    mfpt: np.ndarray
    sojourn_time: np.ndarray
    bins: np.ndarray | None = None

    def to_frame(self, labels=None) -> pd.DataFrame:
        """Counts and probabilities as a table (from, to, count, p)."""
        k = len(self.p)
        labels = list(labels) if labels is not None else list(range(k))
        i, j = np.meshgrid(range(k), range(k), indexing="ij")
        return pd.DataFrame({"from": [labels[a] for a in i.ravel()],
                             "to": [labels[b] for b in j.ravel()],
                             "count": self.counts.ravel(), "p": self.p.ravel()})


def markov_chain(classes, k: int | None = None, *, bins=None) -> MarkovResult:
    """Markov chain of a regions x years array of class codes 0..k-1.

    References
    ----------
    Quah, D. (1993). Empirical cross-section dynamics in economic growth. European Economic
    Review 37, 426-434. Kemeny, J. G. & Snell, J. L. (1976). Finite Markov Chains.
    Rey, S. J. (2001). Spatial empirics for economic growth and convergence. Geographical
    Analysis 33(3), 195-214.

    Examples
    --------
    >>> r = markov_chain([[0, 0, 1], [1, 1, 0], [0, 1, 1]])
    >>> r.counts.tolist(), r.steady_state.round(3).tolist()
    ([[1, 2], [1, 2]], [0.333, 0.667])
    """
    c = np.asarray(classes, dtype=int)
    k = int(c.max()) + 1 if k is None else k
    counts = transition_counts(c, k)
    p = _probabilities(counts)
    with np.errstate(divide="ignore"):
        sojourn = 1 / (1 - np.diag(p))
    return MarkovResult(counts, p, steady_state(p), mean_first_passage(p), sojourn, bins)


def homogeneity_test(counts: np.ndarray) -> dict:
    """Q (chi-squared) and LR tests that the transition probabilities of m regimes (an
    (m, k, k) array of counts) are the same (Bickenbach & Bode 2003).

    Q = sum_l sum_i n_i(l) sum_j (p_ij(l) - p_ij)^2 / p_ij over p_ij > 0; LR = 2 sum n_ij(l)
    ln(p_ij(l) / p_ij) over n_ij(l) > 0; degrees of freedom sum_i (b_i - 1)(a_i - 1), b_i the
    regimes with moves out of class i, a_i the non-zero cells of row i of the pooled matrix.

    References
    ----------
    Bickenbach, F. & Bode, E. (2003). Evaluating the Markov property in studies of economic
    convergence. International Regional Science Review 26(3), 363-392.
    """
    from scipy import stats

    m = np.asarray(counts, dtype=float)
    pooled = m.sum(axis=0)
    p = _probabilities(pooled)
    n_il = m.sum(axis=2)  # (m, k)
    p_l = _probabilities(m)
    den = np.where(p > 0, p, 1.0)
    q = float((n_il[:, :, None] * (p_l - p[None]) ** 2 / den[None]).sum())
    use = (m > 0) & (p[None] > 0)
    lr = 2 * float((m * np.log(np.where(use, p_l, 1.0) / np.where(use, p[None], 1.0))).sum())
    b = (n_il > 0).sum(axis=0)
    a = (pooled > 0).sum(axis=1)
    dof = int(((b - 1) * (a - 1)).sum())
    return {"Q": q, "Q_p": float(stats.chi2.sf(q, dof)) if dof > 0 else np.nan,
            "LR": lr, "LR_p": float(stats.chi2.sf(lr, dof)) if dof > 0 else np.nan,
            "dof": dof}


@dataclass
class SpatialMarkovResult:
    """A spatial Markov chain: transitions conditioned on the class of the spatial lag.

    Attributes
    ----------
    counts, p : ndarray (m, k, k)
        Per lag class l: counts and probabilities of moves from class i to j.
    pooled : MarkovResult
        The classic chain of the same classes.
    steady_states : ndarray (m, k)
        Steady state of each conditional chain (NaN where a lag class has no move).
    Q, Q_p, LR, LR_p, dof :
        Homogeneity tests (:func:`homogeneity_test`): do the neighbours' class change the
        transition probabilities?
    bins, lag_bins : ndarray
        Upper bounds of the value and lag classes.
    """

    counts: np.ndarray
    p: np.ndarray
    pooled: MarkovResult
    steady_states: np.ndarray
    Q: float
    Q_p: float
    LR: float
    LR_p: float
    dof: int
    bins: np.ndarray
    lag_bins: np.ndarray

    def to_frame(self, labels=None) -> pd.DataFrame:
        """lag_class, from, to, count, p."""
        m, k, _ = self.p.shape
        labels = list(labels) if labels is not None else list(range(k))
        frames = [MarkovResult(self.counts[i], self.p[i], self.steady_states[i],
                               np.full((k, k), np.nan), np.full(k, np.nan)).to_frame(labels)
                  .assign(lag_class=labels[i] if i < len(labels) else i) for i in range(m)]
        out = pd.concat(frames, ignore_index=True)
        return out[["lag_class", "from", "to", "count", "p"]]

    def tests(self) -> pd.DataFrame:
        """The homogeneity tests as a two-row table."""
        return pd.DataFrame({"test": ["Q", "LR"], "statistic": [self.Q, self.LR],
                             "dof": [self.dof, self.dof], "p": [self.Q_p, self.LR_p]})


def spatial_markov(y, w, *, k: int = 4, m: int = 4, bins=None, lag_bins=None,
                   classes=None) -> SpatialMarkovResult:
    """Spatial Markov chain of a regions x years array ``y`` with weights ``w``.

    Classes of y are the pooled quantiles (k), classes of the spatial lag Wy (each year's
    lag with ``w``) its pooled quantiles (m), or the given upper ``bins`` / ``lag_bins``
    (as giddy ``Spatial_Markov(fixed=True)``).

    Parameters
    ----------
    y : array (n, t)
        Rows in the order of ``w``'s ids, no missing value.
    classes : int array (n, t), optional
        Class codes 0..k-1 of y to use instead of its quantile classes (e.g. the
        coordination types); the lag classes are still quantiles of Wy.
    w : libpysal W or ccdkit SpatialWeights
        Spatial weights (row-standardised as a rule).

    References
    ----------
    Rey, S. J. (2001). Spatial empirics for economic growth and convergence. Geographical
    Analysis 33(3), 195-214. Bickenbach & Bode (2003), see :func:`homogeneity_test`.
    """
    from libpysal.weights import lag_spatial

    w = getattr(w, "w", w)
    y = np.asarray(y, dtype=float)
    if y.ndim != 2 or y.shape[0] != w.n:
        raise DataError(f"spatial Markov: y must be regions x years with {w.n} rows "
                        f"(the weights' regions), got shape {y.shape}")
    if classes is None:
        classes, ybins = quantile_classes(y, k, bins)
    else:
        classes = np.asarray(classes, dtype=int)
        ybins = np.arange(1, int(classes.max()) + 2, dtype=float)  # codes, no value bounds
    lag = np.column_stack([lag_spatial(w, y[:, t]) for t in range(y.shape[1])])
    lclasses, lbins = quantile_classes(lag, m, lag_bins)
    k, m = len(ybins), len(lbins)
    idx = (lclasses[:, :-1] * k * k + classes[:, :-1] * k + classes[:, 1:]).ravel()
    counts = np.bincount(idx, minlength=m * k * k).reshape(m, k, k)
    p = _probabilities(counts)
    pooled = markov_chain(classes, k, bins=ybins)
    ss = np.array([steady_state(p[i]) if (counts[i].sum(axis=1) > 0).all()
                   else np.full(k, np.nan) for i in range(m)])
    test = homogeneity_test(counts)
    return SpatialMarkovResult(counts, p, pooled, ss, test["Q"], test["Q_p"], test["LR"],
                               test["LR_p"], test["dof"], ybins, lbins)
