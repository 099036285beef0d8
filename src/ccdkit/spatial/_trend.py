"""Trend surface of a score over the map: a polynomial in the projected coordinates.

With u, v the regions' projected coordinates (the maps' Albers projection, centred and
scaled to unit standard deviation for numerical stability), the order-p surface is the
least-squares fit of y on every monomial u^a v^b with a + b <= p (p = 1: 3 terms; 2: 6;
3: 10). Each order is fitted; ``order="auto"`` picks the one with the smallest AIC
(n ln(RSS/n) + 2k), the usual compromise between fit and terms (papers mostly draw p = 2).
R² and adjusted R² of every order are reported, so the choice can be read. The papers'
"trend analysis" plot — the values over (x, y) with the projections of the fitted surface
on the west-east and south-north planes — is drawn from ``grid`` and ``projections``.

References
----------
Unwin, D. J. (1975). *An Introduction to Trend Surface Analysis*. Geo Abstracts.
Krumbein, W. C. (1956). Regional and local components in facies maps. *AAPG Bulletin*,
40(9), 2163-2194.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import DataError

__all__ = ["trend_surface", "TrendSurfaceResult", "TREND_ORDERS"]

TREND_ORDERS = (1, 2, 3)


def _design(u: np.ndarray, v: np.ndarray, order: int) -> tuple[np.ndarray, list[str]]:
    cols, names = [], []
    for total in range(order + 1):
        for a in range(total, -1, -1):
            b = total - a
            cols.append(u ** a * v ** b)
            names.append("1" if total == 0 else "*".join(
                [f"x^{a}" if a > 1 else "x"] * (a > 0) + [f"y^{b}" if b > 1 else "y"] * (b > 0)))
    return np.column_stack(cols), names


@dataclass
class TrendSurfaceResult:
    """Trend surfaces of orders 1-3 and the chosen one.

    Attributes
    ----------
    fits : DataFrame
        order, terms, r2, r2_adj, aic, chosen.
    coefficients : DataFrame
        term, estimate of the chosen order (coordinates standardised: ``scale``).
    order : int
    fitted : ndarray
        The chosen surface at the regions.
    scale : dict
        Centre and standard deviation of x and y (projected metres).
    """

    fits: pd.DataFrame
    coefficients: pd.DataFrame
    order: int
    fitted: np.ndarray
    scale: dict
    _beta: np.ndarray

    def to_frame(self) -> pd.DataFrame:
        return self.fits

    def predict(self, x, y) -> np.ndarray:
        """The chosen surface at projected coordinates ``x``, ``y`` (metres)."""
        u = (np.asarray(x, float) - self.scale["x0"]) / self.scale["sx"]
        v = (np.asarray(y, float) - self.scale["y0"]) / self.scale["sy"]
        X, _ = _design(u.ravel(), v.ravel(), self.order)
        return (X @ self._beta).reshape(np.shape(u))


def trend_surface(xy, values, *, order: int | str = "auto") -> TrendSurfaceResult:
    """Polynomial trend surfaces of ``values`` at projected points ``xy`` (module docstring).

    Examples
    --------
    >>> xy = np.array([[0, 0], [1, 0], [0, 1], [1, 1], [2, 1], [1, 2], [2, 2], [3, 3.0]])
    >>> t = trend_surface(xy, 1 + 2 * xy[:, 0] - xy[:, 1], order=1)
    >>> round(float(t.fits.loc[t.fits.order == 1, "r2"].iloc[0]), 12)
    1.0
    """
    xy = np.asarray(xy, dtype=float)
    y = np.asarray(values, dtype=float)
    if xy.ndim != 2 or xy.shape[1] != 2 or len(xy) != len(y):
        raise DataError("trend surface: expected (n, 2) coordinates and n values")
    ok = np.isfinite(y) & np.isfinite(xy).all(axis=1)
    xy, y = xy[ok], y[ok]
    if order != "auto" and order not in TREND_ORDERS:
        raise DataError(f"trend surface: order must be 1, 2, 3 or auto, got {order!r}")
    n = len(y)
    scale = {"x0": xy[:, 0].mean(), "sx": xy[:, 0].std() or 1.0, "y0": xy[:, 1].mean(),
             "sy": xy[:, 1].std() or 1.0}
    u, v = (xy[:, 0] - scale["x0"]) / scale["sx"], (xy[:, 1] - scale["y0"]) / scale["sy"]
    tss = ((y - y.mean()) ** 2).sum()
    rows, betas = [], {}
    for p in TREND_ORDERS:
        X, names = _design(u, v, p)
        k = X.shape[1]
        if n <= k:
            continue
        beta = np.linalg.lstsq(X, y, rcond=None)[0]
        rss = float(((y - X @ beta) ** 2).sum())
        betas[p] = (beta, names)
        rows.append({"order": p, "terms": k, "r2": 1 - rss / tss if tss > 0 else np.nan,
                     "r2_adj": 1 - (rss / (n - k)) / (tss / (n - 1)) if tss > 0 else np.nan,
                     "aic": n * np.log(max(rss, 1e-300) / n) + 2 * k})
    if not rows:
        raise DataError(f"trend surface: {n} points are too few for a first-order surface")
    fits = pd.DataFrame(rows)
    chosen = int(fits.loc[fits["aic"].idxmin(), "order"]) if order == "auto" else int(order)
    if chosen not in betas:
        raise DataError(f"trend surface: {n} points are too few for order {chosen}")
    fits["chosen"] = fits["order"] == chosen
    beta, names = betas[chosen]
    X, _ = _design(u, v, chosen)
    return TrendSurfaceResult(fits, pd.DataFrame({"term": names, "estimate": beta}), chosen,
                              X @ beta, {k: float(val) for k, val in scale.items()}, beta)
