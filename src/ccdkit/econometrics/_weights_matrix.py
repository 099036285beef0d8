"""The spatial weights matrix of a regression and what the likelihood needs of it: the
eigenvalues (N up to :data:`EIGEN_LIMIT`), or beyond that a sparse matrix whose
log-determinant is computed exactly by sparse LU factorisation at each evaluation; and the
orthonormal (Helmert) transformation of the Lee-Yu approach, applied in O(N)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from ..exceptions import DataError

__all__ = ["WeightsMatrix", "weights_matrix", "orthonormal_complement", "helmert",
           "EIGEN_LIMIT"]

#: Largest N for which the eigenvalues of W are computed (dense, O(N^3)); larger weights
#: are kept sparse and their log-determinant comes from a sparse LU factorisation.
EIGEN_LIMIT = 4000


@dataclass(frozen=True)
class WeightsMatrix:
    """A spatial weights matrix with what the likelihood needs of it.

    Attributes
    ----------
    W : ndarray (N, N), or scipy.sparse CSR matrix when N > EIGEN_LIMIT
    ids : list of str
    eigenvalues : ndarray (N,) or None
        Real when W is similar to a symmetric matrix (complex values otherwise); None for
        sparse weights.
    row_standardized : bool
        Every row sums to 1 (no island).
    interval : tuple of float
        (1 / min eigenvalue, 1 / max eigenvalue) of the real parts: where I - rho W is
        non-singular around 0.
    """

    W: object
    ids: list
    eigenvalues: np.ndarray | None = field(repr=False)
    row_standardized: bool
    interval: tuple = (-1.0, 1.0)

    @property
    def n(self) -> int:
        return self.W.shape[0]

    @property
    def sparse(self) -> bool:
        return self.eigenvalues is None

    def bounds(self) -> tuple[float, float]:
        """The admissible interval of rho (lambda)."""
        return self.interval

    def lag(self, a: np.ndarray) -> np.ndarray:
        """W a per year: a (T, N) or (T, N, k)."""
        if a.ndim == 2:
            return np.asarray(self.W @ a.T).T
        if not self.sparse:
            return np.matmul(self.W, a)
        return np.stack([np.asarray(self.W @ block) for block in a])

    def logdet(self, rho) -> np.ndarray:
        """log |det(I - rho W)| (vectorised over rho)."""
        rho = np.asarray(rho, dtype=float)
        if not self.sparse:
            return np.sum(np.log(np.abs(1.0 - rho[..., None] * self.eigenvalues)), axis=-1)
        return np.vectorize(self._lu_logdet)(rho)

    def _lu_logdet(self, rho: float) -> float:
        from scipy.sparse.linalg import splu

        a = (sparse.identity(self.n, format="csc") - rho * self.W).tocsc()
        return float(np.sum(np.log(np.abs(splu(a).U.diagonal()))))

    def dlogdet(self, rho: float) -> float | None:
        """d/d rho of log |det(I - rho W)| = -sum w / (1 - rho w) (None when sparse)."""
        if self.sparse:
            return None
        w = self.eigenvalues
        return float(-np.sum(np.real(w / (1.0 - rho * w))))

    def traces(self) -> tuple[float, float]:
        """(tr(W'W), tr(WW)), exact."""
        W = self.W
        if self.sparse:
            return float(W.multiply(W).sum()), float(W.multiply(W.T).sum())
        return float(np.sum(W * W)), float(np.sum(W * W.T))


def _eigenvalues(W: np.ndarray) -> np.ndarray:
    if np.allclose(W, W.T, rtol=0, atol=1e-14):
        return np.linalg.eigvalsh(W)
    rows = W.sum(axis=1)
    # a row-standardised symmetric pattern: D^-1 C is similar to D^-1/2 C D^-1/2
    binary = (W > 0).astype(float)
    if np.array_equal(binary, binary.T) and np.all(rows > 0):
        c = W * rows[:, None]
        if np.allclose(c, c.T, rtol=1e-12, atol=1e-14) and np.all(c >= 0):
            s = np.sqrt(c.sum(axis=1))
            sym = c / s[:, None] / s[None, :]
            return np.linalg.eigvalsh((sym + sym.T) / 2)
    values = np.linalg.eigvals(W)
    if np.max(np.abs(values.imag)) < 1e-10 * max(1.0, np.max(np.abs(values.real))):
        return np.sort(values.real)
    return values


def _extreme_eigenvalues(W) -> tuple[float, float]:
    """Smallest and largest real parts of the eigenvalues of a sparse W (ARPACK, from a
    fixed start vector: ARPACK's own start is random, and the bounds of rho's interval, so
    the estimates, would differ in their last digits from run to run)."""
    from scipy.sparse.linalg import eigs

    v0 = np.random.default_rng(0).uniform(0.5, 1.5, W.shape[0])  # not an eigenvector
    lo = eigs(W, k=1, which="SR", return_eigenvectors=False, tol=1e-10, maxiter=100_000,
              v0=v0)
    hi = eigs(W, k=1, which="LR", return_eigenvectors=False, tol=1e-10, maxiter=100_000,
              v0=v0)
    return float(np.real(lo[0])), float(np.real(hi[0]))


def weights_matrix(weights, ids=None) -> WeightsMatrix:
    """The weights as a :class:`WeightsMatrix`: dense with its eigenvalues up to
    :data:`EIGEN_LIMIT` regions, sparse (exact LU log-determinants) beyond.

    Parameters
    ----------
    weights : SpatialWeights, libpysal W, scipy sparse matrix, pandas DataFrame (square,
        labelled) or ndarray
    ids : list of str, optional
        Order of the regions (default: the weights' own order).

    Examples
    --------
    >>> import numpy as np
    >>> w = weights_matrix(np.array([[0, 1.0], [1.0, 0]]))
    >>> w.eigenvalues.tolist(), w.bounds()
    ([-1.0, 1.0], (-1.0, 1.0))
    """
    own, W = _matrix(weights)
    if ids is not None:
        ids = [str(i) for i in ids]
        missing = sorted(set(ids) - set(own))
        if missing:
            raise DataError(f"spatial weights: no weights for {missing[:5]}"
                            + (" ..." if len(missing) > 5 else ""))
        pos = {r: i for i, r in enumerate(own)}
        order = [pos[i] for i in ids]
        W = W[order][:, order] if sparse.issparse(W) else W[np.ix_(order, order)]
        own = ids
    values = W.data if sparse.issparse(W) else W
    if not np.all(np.isfinite(values)):
        raise DataError("spatial weights: the matrix has missing or infinite values")
    rows = np.asarray(W.sum(axis=1)).ravel()
    row_std = bool(np.allclose(rows, 1.0, rtol=0, atol=1e-10))
    if W.shape[0] > EIGEN_LIMIT:
        W = sparse.csr_matrix(W)
        lo, hi = _extreme_eigenvalues(W)
        return WeightsMatrix(W, list(own), None, row_std, (1.0 / lo, 1.0 / hi))
    W = W.toarray() if sparse.issparse(W) else W
    eig = _eigenvalues(W)
    re = np.real(eig)
    return WeightsMatrix(W, list(own), eig, row_std,
                         (float(1.0 / re.min()), float(1.0 / re.max())))


def _matrix(weights) -> tuple[list, object]:
    if hasattr(weights, "w") and hasattr(weights, "ids"):  # SpatialWeights
        m = weights.w.sparse.tocsr()
        pos = {r: i for i, r in enumerate(weights.w.id_order)}
        order = [pos[i] for i in weights.ids]
        return [str(i) for i in weights.ids], m[order][:, order]
    if hasattr(weights, "sparse") and hasattr(weights, "neighbors"):  # libpysal W
        return [str(i) for i in weights.id_order], weights.sparse.tocsr()
    if sparse.issparse(weights):
        return [str(i) for i in range(weights.shape[0])], sparse.csr_matrix(weights,
                                                                              dtype=float)
    if hasattr(weights, "to_numpy") and hasattr(weights, "index"):
        if list(weights.index) != list(weights.columns):
            raise DataError("spatial weights: the matrix's rows and columns must name the "
                            "same regions in the same order")
        return [str(i) for i in weights.index], weights.to_numpy(dtype=float)
    W = np.asarray(weights, dtype=float)
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise DataError(f"spatial weights: expected a square matrix, got shape {W.shape}")
    return [str(i) for i in range(W.shape[0])], W


def orthonormal_complement(n: int) -> np.ndarray:
    """An n x (n - 1) matrix F with orthonormal columns orthogonal to the constant
    (F F' = I - 11'/n): the Helmert contrasts, normalised (dense; :func:`helmert` applies
    it in O(n))."""
    F = np.zeros((n, n - 1))
    for j in range(1, n):
        F[:j, j - 1] = 1.0
        F[j, j - 1] = -float(j)
        F[:, j - 1] /= np.sqrt(j * (j + 1))
    return F


def helmert(a: np.ndarray, axis: int, inverse: bool = False) -> np.ndarray:
    """F' a along ``axis`` (length n to n - 1), or F v with ``inverse`` (n - 1 to n), F
    the normalised Helmert contrasts of :func:`orthonormal_complement`, in O(n).

    >>> import numpy as np
    >>> a = np.arange(5.0)
    >>> np.allclose(helmert(a, 0), orthonormal_complement(5).T @ a)
    True
    """
    a = np.moveaxis(np.asarray(a, dtype=float), axis, 0)
    if not inverse:
        n = a.shape[0]
        j = np.arange(1, n).reshape(-1, *([1] * (a.ndim - 1)))
        head = np.cumsum(a, axis=0)[:-1]
        out = (head - j * a[1:]) / np.sqrt(j * (j + 1))
    else:
        n = a.shape[0] + 1
        j = np.arange(1, n).reshape(-1, *([1] * (a.ndim - 1)))
        u = a / np.sqrt(j * (j + 1))
        tail = np.cumsum(u[::-1], axis=0)[::-1]  # sum of u_j for j >= k
        zero = np.zeros((1, *a.shape[1:]))
        out = np.concatenate([tail, zero]) - np.concatenate([zero, j * u])
    return np.moveaxis(out, 0, axis)
