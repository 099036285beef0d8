"""Conditional randomization of local statistics (Anselin 1995), in numpy.

The value at region i is held fixed and its k_i neighbours' values are drawn, without
replacement, from the other n - 1 regions. esda draws the same way but compares the
simulated and observed statistics exactly (so a tie decided by the last bit of a float
moves a p-value) and draws differently with and without numba; here the draws come from
``numpy.random.default_rng(seed)`` alone and a simulated value within a relative tolerance of
the observed one counts as a tie, which both tails include.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

__all__ = ["conditional_lags", "folded_pvalue", "TIE_RTOL"]

#: Relative tolerance under which a simulated statistic equals the observed one.
TIE_RTOL = 1e-9


def conditional_lags(values: np.ndarray, matrix, permutations: int, seed: int
                     ) -> tuple[np.ndarray, np.ndarray]:
    """The observed spatial lag of each region and ``permutations`` lags under conditional
    randomization.

    Parameters
    ----------
    values : array of shape (n,)
    matrix : sparse or dense (n, n)
        The weights, as transformed, without self-weights (the diagonal is ignored).
    permutations : int
    seed : int

    Returns
    -------
    observed : array (n,)
        sum_j w_ij x_j, computed with the neighbours in the order the draws use, so that a
        draw of the actual neighbours reproduces it exactly.
    simulated : array (n, permutations)
        The same sum with the neighbours' values drawn from the other n - 1 regions. One
        random ordering of n - 1 ids per permutation serves every region (as esda): region
        i takes its first k_i entries, ids >= i shifted by one to skip i itself.

    Examples
    --------
    >>> W = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=float)
    >>> obs, sim = conditional_lags(np.array([1.0, 2.0, 4.0]), W, 5, seed=0)
    >>> obs.tolist(), sim.shape
    ([2.0, 5.0, 2.0], (3, 5))
    """
    x = np.asarray(values, dtype=float)
    n = len(x)
    W = sp.csr_matrix(matrix, dtype=float)
    W.setdiag(0)
    W.eliminate_zeros()
    W.sort_indices()
    card = np.diff(W.indptr)
    observed = np.zeros(n)
    simulated = np.zeros((n, permutations))
    if permutations < 1 or card.max(initial=0) == 0:
        observed[:] = W @ x
        return observed, simulated
    rng = np.random.default_rng(seed)
    order = rng.permuted(np.broadcast_to(np.arange(n - 1), (permutations, n - 1)), axis=1)
    order = order[:, :card.max()]
    for k in np.unique(card[card > 0]):  # regions with k neighbours at once, in blocks
        same = np.flatnonzero(card == k)
        step = max(1, 4_000_000 // (permutations * int(k)))
        for rows in (same[i:i + step] for i in range(0, len(same), step)):
            _fill(x, W, rows, int(k), order, observed, simulated)
    return observed, simulated


def _fill(x, W, rows, k, order, observed, simulated) -> None:
    starts = W.indptr[rows]
    cols = W.indices[starts[:, None] + np.arange(k)]       # (g, k)
    w = W.data[starts[:, None] + np.arange(k)]              # (g, k)
    observed[rows] = np.einsum("gk,gk->g", x[cols], w)
    ids = order[None, :, :k] + (order[None, :, :k] >= rows[:, None, None])  # (g, B, k)
    simulated[rows] = np.einsum("gbk,gk->gb", x[ids], w)


def folded_pvalue(observed: np.ndarray, simulated: np.ndarray,
                  rtol: float = TIE_RTOL) -> np.ndarray:
    """Pseudo p-value in the direction of the observed statistic (esda's 'directed'
    alternative): (1 + min(#{sim >= obs}, #{sim <= obs})) / (1 + B), where a simulated value
    within ``rtol`` (relative to the largest magnitude in the row) of the observed one is a
    tie and counts on both sides.

    >>> folded_pvalue(np.array([1.0]), np.array([[0.5, 1.0 + 1e-15, 2.0, 3.0]])).tolist()
    [0.6]
    """
    obs = np.asarray(observed, dtype=float)[:, None]
    sim = np.asarray(simulated, dtype=float)
    B = sim.shape[1]
    scale = np.maximum(np.abs(obs[:, 0]), np.abs(sim).max(axis=1, initial=0.0))[:, None]
    tie = np.abs(sim - obs) <= rtol * scale
    upper = ((sim > obs) | tie).sum(axis=1)
    lower = ((sim < obs) | tie).sum(axis=1)
    return (np.minimum(upper, lower) + 1.0) / (B + 1.0)
