"""Analytic Hierarchy Process: eigenvector weights and consistency (METHODS section 3.5)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ...exceptions import ConsistencyWarning, DataError
from ._result import AHPResult
from ...text import warning

__all__ = ["RI_TABLES", "random_index", "ahp_weights", "check_pairwise_matrix"]

#: Random-index tables by name, {n: RI} for n = 3..15 (n = 1, 2 have RI = 0 and CR = 0).
RI_TABLES: dict[str, dict[int, float]] = {
    # Saaty (1980) with the extension commonly printed in Chinese textbooks (METHODS default)
    "saaty": dict(zip(range(3, 16), (0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51,
                                     1.48, 1.56, 1.57, 1.59))),
    # Saaty (2005), Theory and Applications of the Analytic Network Process, p. 31
    "saaty2005": dict(zip(range(3, 16), (0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52,
                                         1.54, 1.56, 1.58, 1.59))),
    # Donegan & Dodd (1991), Mathematical and Computer Modelling 15(10): 135-137
    "donegan_dodd": dict(zip(range(3, 16), (0.4914, 0.8286, 1.0591, 1.1797, 1.2519, 1.3171,
                                            1.3733, 1.4055, 1.4213, 1.4497, 1.4643, 1.4822,
                                            1.4969))),
    # Tummala & Ling (1998), Theory and Decision 44(3): 221-230
    "tummala_ling": dict(zip(range(3, 16), (0.5799, 0.8921, 1.1159, 1.2358, 1.3322, 1.3952,
                                            1.4537, 1.4882, 1.5117, 1.5356, 1.5571, 1.5714,
                                            1.5831))),
    # Alonso & Lamata (2006), Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems 14(4)
    "alonso_lamata": dict(zip(range(3, 16), (0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056,
                                             1.4499, 1.4854, 1.5141, 1.5365, 1.5551, 1.5713,
                                             1.5838))),
}


def random_index(n: int, table: str = "saaty") -> float:
    """Random consistency index RI(n) of a table (0 for n <= 2).

    >>> random_index(5), random_index(5, "donegan_dodd")
    (1.12, 1.0591)
    """
    if table not in RI_TABLES:
        raise DataError(f"ri must be one of {list(RI_TABLES)}, got {table!r}")
    if n <= 2:
        return 0.0
    if n not in RI_TABLES[table]:
        raise DataError(f"the {table!r} random-index table covers n = 3..15, got n = {n}")
    return RI_TABLES[table][n]


def check_pairwise_matrix(matrix, names: Sequence[str] | None = None, *,
                          tol: float = 1e-6) -> tuple[np.ndarray, list[str]]:
    """Validate a pairwise comparison matrix: square, positive, unit diagonal, reciprocal.

    Errors name the offending cell (row and column names).

    >>> check_pairwise_matrix([[1, 2], [0.4, 1]], ["a", "b"])
    Traceback (most recent call last):
    ...
    ccdkit.exceptions.DataError: a pairwise matrix must be reciprocal (a_ji = 1/a_ij); cell [a, b] = 2 but [b, a] = 0.4
    """
    if isinstance(matrix, pd.DataFrame):
        names = [str(c) for c in matrix.columns] if names is None else list(names)
        matrix = matrix.to_numpy(dtype=float)
    a = np.asarray(matrix, dtype=float)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] < 1:
        raise DataError(f"a pairwise comparison matrix must be square, got shape {a.shape}")
    n = a.shape[0]
    names = list(names) if names is not None else [f"x{j + 1}" for j in range(n)]
    if len(names) != n:
        raise DataError(f"{len(names)} names for a {n} x {n} matrix")
    bad = ~np.isfinite(a) | (a <= 0)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise DataError(f"pairwise matrix entries must be positive numbers; cell "
                        f"[{names[i]}, {names[j]}] is {float(a[i, j]):g}")
    diag = np.abs(np.diag(a) - 1) > tol
    if diag.any():
        i = int(np.flatnonzero(diag)[0])
        raise DataError(f"the diagonal of a pairwise matrix must be 1; cell "
                        f"[{names[i]}, {names[i]}] is {float(a[i, i]):g}")
    recip = np.abs(a * a.T - 1) > tol
    if recip.any():
        i, j = np.argwhere(recip)[0]
        raise DataError(f"a pairwise matrix must be reciprocal (a_ji = 1/a_ij); cell "
                        f"[{names[i]}, {names[j]}] = {a[i, j]:.6g} but [{names[j]}, {names[i]}] = "
                        f"{a[j, i]:.6g}")
    return a, names


def _principal(a: np.ndarray) -> tuple[float, np.ndarray]:
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    v = np.abs(vectors[:, k].real)
    return float(values[k].real), v / v.sum()


def ahp_weights(matrix, names: Sequence[str] | None = None, *, ri: str = "saaty",
                warn: bool = True) -> AHPResult:
    """AHP weights: principal eigenvector of a reciprocal pairwise matrix, and its CR.

    Parameters
    ----------
    matrix : array-like or DataFrame, shape (n, n)
        a_ij = importance of i over j on Saaty's 1-9 scale; must be positive and
        reciprocal with a unit diagonal (errors name the offending cell).
    names : sequence of str, optional
        Item names (default: the DataFrame's columns, or x1..xn).
    ri : {"saaty", "saaty2005", "donegan_dodd", "tummala_ling", "alonso_lamata"}
        Random-index table for CR = CI / RI(n); CR = 0 for n <= 2.
    warn : bool
        Issue a :class:`~ccdkit.exceptions.ConsistencyWarning` when CR >= 0.1.

    Returns
    -------
    AHPResult

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.

    Examples
    --------
    >>> r = ahp_weights([[1, 3], [1/3, 1]], ["a", "b"])
    >>> r.weights.round(4).tolist(), r.CR
    ([0.75, 0.25], 0.0)
    """
    a, names = check_pairwise_matrix(matrix, names)
    n = a.shape[0]
    if n == 1:
        lam, w = 1.0, np.ones(1)
    else:
        lam, w = _principal(a)
    ci = (lam - n) / (n - 1) if n > 1 else 0.0
    if abs(ci) < 1e-12:  # a consistent matrix: lambda_max = n up to rounding
        ci = 0.0
    ri_value = random_index(n, ri)
    cr = ci / ri_value if ri_value > 0 else 0.0
    if n <= 2:
        ci, cr = 0.0, 0.0
    res = AHPResult(matrix=pd.DataFrame(a, index=names, columns=names),
                    weights=pd.Series(w, index=names), lambda_max=lam, CI=float(ci),
                    RI=ri_value, CR=float(cr), ri_table=ri)
    if warn and cr >= 0.1:
        warnings.warn(warning(ConsistencyWarning, "ahp.inconsistent",
                              names=[str(n) for n in names], cr=float(cr)), stacklevel=2)
    return res
