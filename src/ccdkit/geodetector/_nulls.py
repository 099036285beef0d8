"""Null models of the Geographical Detector's resampling tests: free permutation and
Moran spectral randomization, which keeps the spatial autocorrelation of y.

Under the free permutation every arrangement of y over the map is equally likely. When y
is spatially autocorrelated and the strata are spatially contiguous (as zones, climate
belts and binned smooth fields are), that null is wrong: a smooth y falls into contiguous
strata with a large q by chance alone, so the permutation p (and the F test) reject far
more often than their nominal level (Legendre et al. 2002; gdverse maintainers, sesp
issue 5). Moran spectral randomization (MSR; Wagner & Dray 2015) draws surrogates of y
with the same spatial structure instead:

1. S = (W + W')/2 is projected on the complement of the constant, and its eigenvectors
   V (n x (n-1), orthonormal, each orthogonal to 1) are the Moran eigenvector maps;
2. the centred y is a = V'(y - ybar) in that basis: a_j^2 is the part of the variance of
   y at the spatial pattern of eigenvector j (its Moran spectrum);
3. a surrogate is ybar + V (s * a) with independent random signs s_j (the "singleton"
   method of Wagner & Dray): it has exactly the mean, the variance, Moran's I of y under
   W and the whole Moran spectrum, while its pattern is rearranged at random.

The p-value of a statistic T (q, q12, SPADE's q) is (1 + #{T(surrogate) >= T}) / (1 + B).
Its size is checked by simulation in the tests (autocorrelated y and x with no effect:
the free permutation rejects far too often, MSR holds the nominal level; both agree on
independent data). Surrogates are more Gaussian than y (they are sums over all
eigenvectors); the test is about the pattern, not the marginal distribution.

Cost: the eigen-decomposition is O(n^3) once (about 1 s at n = 2,000, a minute at
n = 10,000), then O(n^2) per surrogate; above :data:`SPECTRAL_MAX_N` units it is refused
with an explanation (for rasters, bin or aggregate the cells first, or use blocks).

References
----------
Wagner, H. H., & Dray, S. (2015). Generating spatially constrained null models for
irregularly spaced data using Moran spectral randomization methods. *Methods in Ecology
and Evolution*, 6(10), 1169-1178.
Legendre, P., Dale, M. R. T., Fortin, M.-J., Gurevitch, J., Hohn, M., & Myers, D.
(2002). The consequences of spatial structure for the design and analysis of ecological
field surveys. *Ecography*, 25(5), 601-615.
Dray, S., Legendre, P., & Peres-Neto, P. R. (2006). Spatial modelling: a comprehensive
framework for principal coordinate analysis of neighbour matrices (PCNM). *Ecological
Modelling*, 196, 483-493.
"""

from __future__ import annotations

import numpy as np

from ..exceptions import DataError

__all__ = ["NULL_MODELS", "SPECTRAL_MAX_N", "SpectralNull", "PermutationNull", "null_model",
           "dense_weights", "null_pvalue", "monte_carlo_p", "add_spatial_pvalues"]

#: The null models of the resampling p-values.
NULL_MODELS = ("permutation", "spectral")
#: Most units for Moran spectral randomization (the eigen-decomposition is O(n^3)).
SPECTRAL_MAX_N = 8_000


def dense_weights(weights, n: int) -> np.ndarray:
    """An (n, n) float array from a matrix, a scipy sparse matrix, a libpysal ``W`` or an
    object holding one as ``.w`` (ccdkit's spatial weights)."""
    w = getattr(weights, "w", weights)
    w = getattr(w, "sparse", w)
    w = w.toarray() if hasattr(w, "toarray") else np.asarray(w, dtype=float)
    if w.shape != (n, n):
        raise DataError(f"spatial weights: expected a {n} x {n} matrix (one row per row of "
                        f"the data, same order), found shape {w.shape}")
    if not np.isfinite(w).all():
        raise DataError("spatial weights: the matrix holds missing or infinite values")
    return w


def _complement_basis(n: int) -> np.ndarray:
    """n x (n-1) orthonormal columns orthogonal to the constant (a Householder reflector
    sending e_1 to 1/sqrt(n): its other columns)."""
    v = np.full(n, 1.0 / np.sqrt(n))
    v[0] -= 1.0
    H = np.eye(n) - 2.0 * np.outer(v, v) / (v @ v)
    return H[:, 1:]


class PermutationNull:
    """Free permutation of y."""

    name = "permutation"

    def draws(self, y: np.ndarray, b: int, rng: np.random.Generator) -> np.ndarray:
        return rng.permuted(np.broadcast_to(y, (b, len(y))), axis=1)


class SpectralNull:
    """Moran spectral randomization (module docstring) for a weights matrix.

    Parameters
    ----------
    weights : array-like (n, n), scipy sparse, libpysal W or ccdkit spatial weights
        Any non-negative weights (row-standardized or not); symmetrized as (W + W')/2.
    n : int
        Number of units (rows of the data, in the matrix's order).

    Examples
    --------
    >>> W = np.eye(6, k=1) + np.eye(6, k=-1)
    >>> null = SpectralNull(W, 6)
    >>> y = np.arange(6.0)
    >>> z = null.draws(y, 3, np.random.default_rng(0))
    >>> bool(np.allclose(z.mean(axis=1), y.mean()) and np.allclose(z.var(axis=1), y.var()))
    True
    """

    name = "spectral"

    def __init__(self, weights, n: int) -> None:
        if n > SPECTRAL_MAX_N:
            raise DataError(f"spectral null: {n:,} units exceed {SPECTRAL_MAX_N:,} (the "
                            "eigen-decomposition of W is O(n^3)); aggregate the units, or "
                            "use null='permutation' and read p as optimistic")
        if n < 3:
            raise DataError(f"spectral null: needs at least 3 units, found {n}")
        w = dense_weights(weights, n)
        S = 0.5 * (w + w.T)
        Q = _complement_basis(n)
        values, U = np.linalg.eigh(Q.T @ S @ Q)
        self.eigenvalues = values[::-1]
        self.vectors = Q @ U[:, ::-1]

    def draws(self, y: np.ndarray, b: int, rng: np.random.Generator) -> np.ndarray:
        a = self.vectors.T @ (y - y.mean())
        signs = rng.choice(np.array([-1.0, 1.0]), size=(b, len(a)))
        return y.mean() + (signs * a) @ self.vectors.T


def null_model(null: str, weights=None, n: int | None = None):
    """The null model named ``null`` ("permutation" or "spectral", which needs weights)."""
    if null not in NULL_MODELS:
        raise DataError(f"null must be one of {NULL_MODELS}, got {null!r}")
    if null == "permutation":
        return PermutationNull()
    if weights is None:
        raise DataError("null='spectral' needs spatial weights (weights=...): the "
                        "surrogates keep y's autocorrelation under them")
    return SpectralNull(weights, n)


def monte_carlo_p(null_values, observed: float) -> float:
    """(1 + #{T* >= T}) / (1 + B) over the null draws' statistics (a relative tolerance of
    1e-12 counts ties as hits); NaN when T is undefined.

    >>> monte_carlo_p([0.1, 0.5, 0.3], 0.4)
    0.5
    """
    v = np.asarray(null_values, dtype=float)
    if not np.isfinite(observed) or len(v) == 0:
        return float("nan")
    return (1 + int((v >= observed - 1e-12 * max(1.0, abs(observed))).sum())) / (1 + len(v))


def null_pvalue(y: np.ndarray, codes: np.ndarray, q_obs: float, null, permutations: int,
                rng: np.random.Generator, *, batch_rows: int = 2_000_000) -> float:
    """p = (1 + #{q(y*) >= q}) / (1 + B) over B draws y* of the null model, strata fixed
    (each draw's q with its own mean and total sum of squares)."""
    if not np.isfinite(q_obs) or permutations < 1:
        return float("nan")
    L = int(codes.max()) + 1
    n = np.bincount(codes, minlength=L).astype(float)
    used = n > 0
    N = len(y)
    per = max(1, min(permutations, batch_rows // max(N, 1)))
    hits = done = 0
    tol = 1e-12 * max(1.0, abs(q_obs))
    while done < permutations:
        b = min(per, permutations - done)
        Y = null.draws(y, b, rng)
        Yc = Y - Y.mean(axis=1, keepdims=True)
        flat = codes[None, :] + L * np.arange(b)[:, None]
        s1 = np.bincount(flat.ravel(), weights=Yc.ravel(), minlength=b * L).reshape(b, L)
        ssb = (s1[:, used] ** 2 / n[used]).sum(axis=1)
        q = ssb / (Yc * Yc).sum(axis=1)
        hits += int((q >= q_obs - tol).sum())
        done += b
    return (1 + hits) / (1 + permutations)


def add_spatial_pvalues(result, y: np.ndarray, weights, permutations: int, seed: int) -> None:
    """Add ``p_spatial`` (factor table) and ``p12_spatial`` (interaction table) to a
    :class:`~ccdkit.geodetector.GeoDetectorResult`: the p of q with the strata fixed and y
    drawn by Moran spectral randomization under ``weights`` (rows of the input, in order).
    Each factor uses its own complete rows (the weights restricted to them)."""
    n = len(y)
    W = dense_weights(weights, n)
    rng = np.random.default_rng([seed, 7])
    nulls: dict[bytes, SpectralNull] = {}

    def p_of(codes: np.ndarray, q: float) -> float:
        ok = np.isfinite(y) & (codes >= 0)
        key = np.packbits(ok).tobytes()
        if key not in nulls:
            idx = np.flatnonzero(ok)
            nulls[key] = SpectralNull(W[np.ix_(idx, idx)], len(idx))
        return null_pvalue(y[ok], np.unique(codes[ok], return_inverse=True)[1], q,
                           nulls[key], permutations, rng)

    strata = result.strata
    result.factor["p_spatial"] = [p_of(strata[f], q) if permutations else np.nan
                                  for f, q in zip(result.factor["factor"], result.factor["q"])]
    if result.interaction is not None and len(result.interaction):
        p12 = []
        for r in result.interaction.itertuples():
            a, b = strata[r.factor1], strata[r.factor2]
            both = np.where((a >= 0) & (b >= 0), a * (b.max() + 1) + b, -1)
            p12.append(p_of(both, r.q12) if permutations and np.isfinite(r.q12) else np.nan)
        result.interaction["p12_spatial"] = p12
    result.options["spatial_null"] = {"null": "spectral (Moran spectral randomization)",
                                      "permutations": permutations}
