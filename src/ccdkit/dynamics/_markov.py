"""Markov chains of a panel's classes: transition counts and probabilities, steady state,
mean first passage and sojourn times; spatial Markov chains conditioned on the class of
the spatial lag, with the homogeneity tests of Bickenbach & Bode (2003). Conventions are
PySAL giddy's (quantile classes as mapclassify ``Quantiles``), and the tests compare with
giddy's numbers on the same input."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import DataError, ReducibleChainWarning
from ..text import warning

__all__ = ["quantile_classes", "transition_counts", "MarkovResult", "markov_chain",
           "steady_state", "steady_states", "recurrent_classes", "mean_first_passage", "SpatialMarkovResult", "spatial_markov",
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


def _reach(p: np.ndarray) -> np.ndarray:
    """reach[i, j]: j can be reached from i in zero or more steps."""
    r = (np.asarray(p) > 0) | np.eye(len(p), dtype=bool)
    while True:
        nxt = r | ((r.astype(np.int64) @ r.astype(np.int64)) > 0)
        if (nxt == r).all():
            return r
        r = nxt


def recurrent_classes(p: np.ndarray) -> list[list[int]]:
    """The recurrent (closed) communicating classes of a chain, each a sorted list of
    states; a state whose row has no move (a class never left in the data: all-zero row)
    belongs to none.

    >>> recurrent_classes(np.array([[.5, .5, 0], [.2, .8, 0], [0, 0, 1.]]))
    [[0, 1], [2]]
    """
    p = np.asarray(p, dtype=float)
    empty = p.sum(axis=1) == 0
    r = _reach(p)
    both = r & r.T
    out, seen = [], set()
    for i in range(len(p)):
        if i in seen or empty[i]:
            continue
        cls = np.flatnonzero(both[i])
        seen.update(cls.tolist())
        if not r[np.ix_(cls, np.flatnonzero(~np.isin(np.arange(len(p)), cls)))].any():
            out.append(cls.tolist())
    return out


def steady_states(p: np.ndarray) -> np.ndarray:
    """One stationary distribution per recurrent class (rows; zero outside the class), as
    giddy returns for a chain with several: the long-run distribution then depends on where
    the chain starts."""
    p = np.asarray(p, dtype=float)
    rows = []
    for cls in recurrent_classes(p):
        sub = p[np.ix_(cls, cls)]
        vals, vecs = np.linalg.eig(sub.T)
        v = np.real(vecs[:, int(np.argmin(np.abs(vals - 1)))])
        full = np.zeros(len(p))
        full[cls] = v / v.sum()
        rows.append(full)
    return np.array(rows).reshape(-1, len(p))


def steady_state(p: np.ndarray) -> np.ndarray:
    """The stationary distribution pi (pi P = pi, sum 1): the left eigenvector of eigenvalue
    1 of the chain's one recurrent class (transient states get 0, as giddy). NaN when the
    chain has several recurrent classes (no unique long-run distribution: see
    :func:`steady_states`) or none.

    >>> steady_state(np.array([[.5, .5, 0], [.1, .6, .3], [0, 0, 1.]])).tolist()
    [0.0, 0.0, 1.0]
    """
    ss = steady_states(p)
    return ss[0] if len(ss) == 1 else np.full(len(np.asarray(p)), np.nan)


def mean_first_passage(p: np.ndarray) -> np.ndarray:
    """Mean first passage times m_ij: the expected steps from i to first reach j (diagonal:
    the mean recurrence time of i), for any chain (Kemeny & Snell 1976, ch. 3-4).

    For each target j, m_ij = 1 + sum_{k != j} p_ik m_kj is solved on the states that reach
    j with probability 1; where j may never be reached (an absorbing or other closed class
    lies in the way) m_ij is ``inf``, as giddy's ``mfpt``; rows of states never left in the
    data (no moves) are NaN. For an irreducible chain this equals the fundamental-matrix
    formula m_ij = (z_jj - z_ij) / pi_j, m_ii = 1 / pi_i.

    >>> mean_first_passage(np.array([[.5, .5, 0], [.1, .6, .3], [0, 0, 1.]])).round(3).tolist()
    [[inf, 2.0, 6.0], [inf, inf, 4.0], [inf, inf, 1.0]]
    """
    p = np.asarray(p, dtype=float)
    k = len(p)
    empty = p.sum(axis=1) == 0
    m = np.full((k, k), np.inf)
    reach = _reach(np.where(empty[:, None], 0.0, p))
    for j in range(k):
        others = np.array([i for i in range(k) if i != j and reach[i, j] and not empty[i]],
                          dtype=int)
        hit = np.zeros(k)
        hit[j] = 1.0
        if len(others):  # probability of ever reaching j
            a = np.eye(len(others)) - p[np.ix_(others, others)]
            hit[others] = np.linalg.solve(a, p[others, j])
        sure = others[hit[others] > 1 - 1e-9] if len(others) else others
        # states that reach j for sure only move among themselves and j
        if len(sure):
            a = np.eye(len(sure)) - p[np.ix_(sure, sure)]
            m[sure, j] = np.linalg.solve(a, np.ones(len(sure)))
        if not empty[j]:
            step = p[j].copy()
            step[j] = 0.0
            onward = np.flatnonzero(step > 0)
            m[j, j] = 1.0 + float(step[onward] @ m[onward, j]) if np.isfinite(
                m[onward, j]).all() else np.inf
    m[empty] = np.nan
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
        Mean first passage times (diagonal: recurrence times); ``inf`` where the target may
        never be reached, NaN from a class with no moves (:func:`mean_first_passage`).
    sojourn_time : ndarray (k,)
        Expected years a region stays in a class: 1 / (1 - p_ii) (``inf`` for an absorbing
        class, NaN for a class with no moves).
    bins : ndarray
        Upper bounds of the classes.
    recurrent : list of list of int
        The recurrent classes (0-based states); more than one means no unique steady state
        (``steady_state`` is then NaN; :func:`steady_states` gives one per class).
    """

    counts: np.ndarray
    p: np.ndarray
    steady_state: np.ndarray
    mfpt: np.ndarray
    sojourn_time: np.ndarray
    bins: np.ndarray | None = None
    recurrent: list = field(default_factory=list)

    def to_frame(self, labels=None) -> pd.DataFrame:
        """Counts, probabilities and mean first passage times as a table (from, to,
        count, p, mfpt)."""
        k = len(self.p)
        labels = list(labels) if labels is not None else list(range(k))
        i, j = np.meshgrid(range(k), range(k), indexing="ij")
        return pd.DataFrame({"from": [labels[a] for a in i.ravel()],
                             "to": [labels[b] for b in j.ravel()],
                             "count": self.counts.ravel(), "p": self.p.ravel(),
                             "mfpt": self.mfpt.ravel()})


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
    stay = np.diag(p)
    empty = counts.sum(axis=1) == 0
    sojourn = np.divide(1.0, 1.0 - stay, out=np.full(k, np.inf), where=stay < 1)
    sojourn[empty] = np.nan
    recurrent = recurrent_classes(p)
    mfpt = mean_first_passage(p)
    _warn_reducible(empty, recurrent, mfpt)
    return MarkovResult(counts, p, steady_state(p), mfpt, sojourn, bins, recurrent)


def _warn_reducible(empty: np.ndarray, recurrent: list[list[int]], mfpt: np.ndarray) -> None:
    """One named warning per way the chain is not irreducible (class numbers from 1)."""
    if empty.any():
        ids = [int(i) + 1 for i in np.flatnonzero(empty)]
        warnings.warn(warning(ReducibleChainWarning, "markov.empty", classes=ids),
            stacklevel=3)
    if len(recurrent) > 1:
        groups = [[i + 1 for i in c] for c in recurrent]
        warnings.warn(warning(ReducibleChainWarning, "markov.recurrent", groups=groups),
                      stacklevel=3)
    off = ~np.eye(len(mfpt), dtype=bool) & ~np.isnan(mfpt)
    never = np.argwhere(off & np.isinf(mfpt))
    if len(never):
        pairs = [[int(a) + 1, int(b) + 1] for a, b in never]
        warnings.warn(warning(ReducibleChainWarning, "markov.unreachable", n=len(pairs),
                              pairs=pairs[:8]), stacklevel=3)


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
        Steady state of each conditional chain (NaN where a lag class has a class with no
        move, or where the conditional chain has several recurrent classes — then a
        :class:`~ccdkit.exceptions.ReducibleChainWarning` names them; giddy returns one
        steady state per recurrent class there, see :func:`steady_states`).
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
    several = {i + 1: [[a + 1 for a in c] for c in recurrent_classes(p[i])] for i in range(m)
               if (counts[i].sum(axis=1) > 0).all() and len(recurrent_classes(p[i])) > 1}
    if several:
        warnings.warn(warning(
            ReducibleChainWarning, "markov.conditional_recurrent", lag_classes=list(several),
            groups=list(several.values())), stacklevel=2)
    test = homogeneity_test(counts)
    return SpatialMarkovResult(counts, p, pooled, ss, test["Q"], test["Q_p"], test["LR"],
                               test["LR_p"], test["dof"], ybins, lbins)
