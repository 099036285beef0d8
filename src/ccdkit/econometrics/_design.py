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

from ._weights_matrix import WeightsMatrix, helmert

__all__ = ["Design", "FIXED_EFFECTS"]

#: Fixed effects of a panel model.
FIXED_EFFECTS = ("none", "region", "time", "twoway")


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
        return self.w.lag(a)

    def lag_transformed(self, v: np.ndarray) -> np.ndarray:
        """The lag of transformed data (flattened by year): W per block, or W* = F'WF
        with the Lee-Yu time transformation (applied as F'(W(F v)), never formed)."""
        if self.drops_unit_root:
            blocks = helmert(v.reshape(self.periods, self.N - 1), axis=1, inverse=True)
            return helmert(self.w.lag(blocks), axis=1).ravel()
        return self.w.lag(v.reshape(self.periods, self.N)).ravel()

    def transform(self, a: np.ndarray) -> np.ndarray:
        """P a, flattened to rows (T' N', ...): demeaned or Lee-Yu transformed."""
        fe = self.fixed_effects
        if self.lee_yu:
            if fe in ("region", "twoway"):
                a = helmert(a, axis=0)
            if fe in ("time", "twoway"):
                a = helmert(a, axis=1)
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

    def dlogdet(self, rho: float) -> float | None:
        """d/d rho of :meth:`logdet` (None for sparse weights: no eigenvalues)."""
        out = self.w.dlogdet(rho)
        if out is None:
            return None
        if self.drops_unit_root:
            out = out + 1.0 / (1.0 - rho)
        return self.periods * out

    def regressors(self, durbin: bool) -> tuple[np.ndarray, list]:
        """The transformed regressors (constant, X, and W X when ``durbin``) and names."""
        cols, names = [self.transform(self.X)], list(self.names)
        if durbin:
            cols.append(self.transform(self.lag(self.X)))
            names += [f"W*{n}" for n in self.names]
        if self.constant:  # the constant, transformed as the data (quasi-demeaned: phi)
            cols.insert(0, self.transform(np.ones((self.T, self.N)))[:, None])
            names.insert(0, "const")
        return np.column_stack(cols), names
