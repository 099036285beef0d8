"""The data of a spatial regression as arrays: the weights matrix and its eigenvalues, the
panel in (year, region) blocks, and the fixed-effects transformation (within demeaning,
or the orthonormal transformation of Lee and Yu 2010).

A model is estimated on ``P(v)`` for every variable ``v`` and every spatial lag ``W v``
taken on the untransformed data (``P`` the transformation): with time effects the
demeaned lag is not the lag of the demeaned data unless W is doubly stochastic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..exceptions import DataError

__all__ = ["WeightsMatrix", "Design", "weights_matrix", "orthonormal_complement",
           "FIXED_EFFECTS", "EIGEN_LIMIT"]

#: Fixed effects of a panel model.
FIXED_EFFECTS = ("none", "region", "time", "twoway")
#: Largest N for which the eigenvalues of W are computed (dense, O(N^3)).
EIGEN_LIMIT = 4000


@dataclass(frozen=True)
class WeightsMatrix:
    """A spatial weights matrix with what the likelihood needs of it.

    Attributes
    ----------
    W : ndarray (N, N)
    ids : list of str
    eigenvalues : ndarray (N,)
        Real when W is similar to a symmetric matrix (complex values otherwise).
    row_standardized : bool
        Every row sums to 1 (no island).
    """

    W: np.ndarray
    ids: list
    eigenvalues: np.ndarray = field(repr=False)
    row_standardized: bool

    @property
    def n(self) -> int:
        return self.W.shape[0]

    def bounds(self) -> tuple[float, float]:
        """The interval of rho (lambda) on which I - rho W is non-singular around 0:
        (1 / min eigenvalue, 1 / max eigenvalue) of the real parts."""
        re = np.real(self.eigenvalues)
        return float(1.0 / re.min()), float(1.0 / re.max())

    def logdet(self, rho) -> np.ndarray:
        """log |det(I - rho W)| (vectorised over rho)."""
        rho = np.asarray(rho, dtype=float)
        return np.sum(np.log(np.abs(1.0 - rho[..., None] * self.eigenvalues)), axis=-1)

    def dlogdet(self, rho: float) -> float:
        """d/d rho of log |det(I - rho W)| = -sum w / (1 - rho w)."""
        w = self.eigenvalues
        return float(-np.sum(np.real(w / (1.0 - rho * w))))


def _eigenvalues(W: np.ndarray) -> np.ndarray:
    if np.allclose(W, W.T, rtol=0, atol=1e-14):
        return np.linalg.eigvalsh(W)
    rows = W.sum(axis=1)
    # a row-standardised symmetric pattern: D^-1 C is similar to D^-1/2 C D^-1/2
    binary = (W > 0).astype(float)
    if np.array_equal(binary, binary.T) and np.all(rows > 0):
        c = W * rows[:, None]
        if np.allclose(c, c.T, rtol=1e-12, atol=1e-14) and np.all(c >= 0):
            d = c.sum(axis=1)
            s = np.sqrt(d)
            sym = c / s[:, None] / s[None, :]
            return np.linalg.eigvalsh((sym + sym.T) / 2)
    values = np.linalg.eigvals(W)
    if np.max(np.abs(values.imag)) < 1e-10 * max(1.0, np.max(np.abs(values.real))):
        return np.sort(values.real)
    return values


def weights_matrix(weights, ids=None) -> WeightsMatrix:
    """The weights as a :class:`WeightsMatrix` (eigenvalues computed once).

    Parameters
    ----------
    weights : SpatialWeights, libpysal W, pandas DataFrame (square, labelled) or ndarray
    ids : list of str, optional
        Order of the regions (default: the weights' own order).

    Examples
    --------
    >>> import numpy as np
    >>> w = weights_matrix(np.array([[0, 1.0], [1.0, 0]]))
    >>> w.eigenvalues.tolist(), w.bounds()
    ([-1.0, 1.0], (-1.0, 1.0))
    """
    own, W = _dense(weights)
    if ids is not None:
        ids = [str(i) for i in ids]
        missing = sorted(set(ids) - set(own))
        if missing:
            raise DataError(f"spatial weights: no weights for {missing[:5]}"
                            + (" ..." if len(missing) > 5 else ""))
        pos = {r: i for i, r in enumerate(own)}
        order = [pos[i] for i in ids]
        W = W[np.ix_(order, order)]
        own = ids
    if W.shape[0] > EIGEN_LIMIT:
        raise DataError(f"spatial weights: N = {W.shape[0]} regions; the models use the "
                        f"eigenvalues of W, computed for N <= {EIGEN_LIMIT}")
    if not np.all(np.isfinite(W)):
        raise DataError("spatial weights: the matrix has missing or infinite values")
    rows = W.sum(axis=1)
    row_std = bool(np.allclose(rows, 1.0, rtol=0, atol=1e-10))
    return WeightsMatrix(W, list(own), _eigenvalues(W), row_std)


def _dense(weights) -> tuple[list, np.ndarray]:
    if hasattr(weights, "matrix") and hasattr(weights, "ids"):  # SpatialWeights
        m = weights.matrix()
        return [str(i) for i in m.index], m.to_numpy(dtype=float)
    if hasattr(weights, "full") and hasattr(weights, "neighbors"):  # libpysal W
        full, ids = weights.full()
        return [str(i) for i in ids], np.asarray(full, dtype=float)
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
    (F F' = I - 11'/n): the Helmert contrasts, normalised."""
    F = np.zeros((n, n - 1))
    for j in range(1, n):
        F[:j, j - 1] = 1.0
        F[j, j - 1] = -float(j)
        F[:, j - 1] /= np.sqrt(j * (j + 1))
    return F


@dataclass
class Design:
    """A regression's variables on the (year, region) grid and its transformation.

    Attributes
    ----------
    y : ndarray (T, N)
    X : ndarray (T, N, k)
        The regressors, without the constant.
    names : list of str
    w : WeightsMatrix
    fixed_effects : str
        ``none`` (with a constant), ``region``, ``time`` or ``twoway``.
    lee_yu : bool
        Whether the fixed effects are removed by the orthonormal transformation of Lee
        and Yu (2010) (else by demeaning: the "direct approach").
    """

    y: np.ndarray
    X: np.ndarray
    names: list
    w: WeightsMatrix
    fixed_effects: str = "none"
    lee_yu: bool = False
    years: list = field(default_factory=list)

    @property
    def T(self) -> int:
        return self.y.shape[0]

    @property
    def N(self) -> int:
        return self.y.shape[1]

    @property
    def constant(self) -> bool:
        return self.fixed_effects == "none"

    def lag(self, a: np.ndarray) -> np.ndarray:
        """W a per year: a (T, N) or (T, N, k)."""
        return a @ self.w.W.T if a.ndim == 2 else np.matmul(self.w.W, a)

    def transform(self, a: np.ndarray) -> np.ndarray:
        """P a, flattened to rows (T' N', ...): demeaned or Lee-Yu transformed."""
        fe = self.fixed_effects
        if self.lee_yu:
            if fe in ("region", "twoway"):
                a = np.tensordot(orthonormal_complement(self.T), a, axes=([0], [0]))
            if fe in ("time", "twoway"):
                a = np.moveaxis(np.tensordot(orthonormal_complement(self.N), a,
                                             axes=([0], [1])), 0, 1)
        else:
            if fe in ("region", "twoway"):
                a = a - a.mean(axis=0, keepdims=True)
            if fe in ("time", "twoway"):
                a = a - a.mean(axis=1, keepdims=True)
        return a.reshape(a.shape[0] * a.shape[1], *a.shape[2:])

    @property
    def periods(self) -> int:
        """T' : the number of blocks left by the transformation."""
        return self.T - 1 if self.lee_yu and self.fixed_effects in ("region", "twoway") \
            else self.T

    @property
    def drops_unit_root(self) -> bool:
        """Whether the eigenvalue 1 of W leaves the log-determinant (Lee-Yu time)."""
        return self.lee_yu and self.fixed_effects in ("time", "twoway")

    @property
    def nobs(self) -> int:
        """Observations after the transformation."""
        n = self.N - 1 if self.drops_unit_root else self.N
        return self.periods * n

    def logdet(self, rho) -> np.ndarray:
        """The Jacobian term: T' (log|I - rho W| - [Lee-Yu time] log(1 - rho))."""
        out = self.w.logdet(rho)
        if self.drops_unit_root:
            out = out - np.log(np.abs(1.0 - np.asarray(rho, dtype=float)))
        return self.periods * out

    def dlogdet(self, rho: float) -> float:
        """d/d rho of :meth:`logdet`."""
        out = self.w.dlogdet(rho)
        if self.drops_unit_root:
            out = out + 1.0 / (1.0 - rho)
        return self.periods * out

    def regressors(self, durbin: bool) -> tuple[np.ndarray, list]:
        """The transformed regressors (constant, X, and W X when ``durbin``) and names."""
        cols, names = [self.transform(self.X)], list(self.names)
        if durbin:
            cols.append(self.transform(self.lag(self.X)))
            names += [f"W*{n}" for n in self.names]
        if self.constant:
            cols.insert(0, np.ones((self.nobs, 1)))
            names.insert(0, "const")
        return np.column_stack(cols), names
