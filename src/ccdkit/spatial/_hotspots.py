"""Emerging hot spots: Getis-Ord Gi* per year, the Mann-Kendall trend of each region's
z-scores, and the categories of ArcGIS's Emerging Hot Spot Analysis.

Gi* (Ord & Getis 1995) of unit i with weights w_ij (w_ii included, ``star``):
z_i = (Σ_j w_ij x_j − x̄ W_i) / (S √((n Σ_j w_ij² − W_i²)/(n − 1))), W_i = Σ_j w_ij,
S² = Σ x_j²/n − x̄² (the normal approximation, as ArcGIS; p two-sided). Two neighbourhoods
(option ``neighbourhood``):

* ``per_year`` (default, as most papers: Gi* of each year's cross-section);
* ``space_time`` (ArcGIS's space-time cube): a unit's neighbours are its spatial
  neighbours and itself in the same year and in the ``time_window`` previous years, over
  the stacked n × T values.

Mann-Kendall (Mann 1945; Kendall 1975) on each unit's z series z_1..z_T:
S = Σ_{s<t} sign(z_t − z_s), Var S = [T(T−1)(2T+5) − Σ_g t_g(t_g−1)(2t_g+5)]/18 over the
groups of tied values, Z = (S − sign S)/√Var S, p two-sided; Kendall's τ = S / (T(T−1)/2).

Categories (ArcGIS, evaluated in this order; "hot" = z > 0 with p ≤ ``alpha`` (or, with
``fdr``, significant at false discovery rate ``alpha`` by Benjamini-Hochberg), "90 %" =
at least 90 % of the years; cold categories mirror them):

* new — hot in the final year only, never before;
* consecutive — a single uninterrupted run of hot years ending in the final year, at least
  two long, never hot before the run, less than 90 % of the years hot;
* intensifying / persistent / diminishing — hot in ≥ 90 % of the years including the final
  one, with a significant increasing / no significant / a significant decreasing MK trend
  of z;
* sporadic — hot in the final year, on and off before, under 90 %, never cold;
* oscillating — hot in the final year, cold in some earlier year, under 90 %;
* historical — not hot in the final year, hot in ≥ 90 % of the years;
* no pattern — none of these.

References
----------
Ord, J. K., & Getis, A. (1995). Local spatial autocorrelation statistics: distributional
issues and an application. *Geographical Analysis*, 27(4), 286-306.
Mann, H. B. (1945). Nonparametric tests against trend. *Econometrica*, 13(3), 245-259.
Kendall, M. G. (1975). *Rank Correlation Methods* (4th ed.). Griffin.
Esri. How Emerging Hot Spot Analysis works. ArcGIS Pro documentation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import DataError

__all__ = ["mann_kendall", "gi_star", "emerging_hotspots", "EmergingResult", "fdr_significant",
           "EHSA_CATEGORIES", "NEIGHBOURHOODS"]

NEIGHBOURHOODS = ("per_year", "space_time")
#: Category ids (hot ones, then cold ones, then none).
EHSA_CATEGORIES = tuple(f"{k}_{s}" for s in ("hot", "cold") for k in (
    "new", "consecutive", "intensifying", "persistent", "diminishing", "sporadic",
    "oscillating", "historical")) + ("no_pattern",)


def mann_kendall(series) -> dict:
    """Mann-Kendall trend test of one series (ties corrected; module docstring).

    >>> r = mann_kendall([1, 2, 2, 3, 5, 4, 6, 6, 7])
    >>> r["S"], r["var_S"], round(r["z"], 6), round(r["tau"], 6)
    (32.0, 90.0, 3.267687, 0.888889)
    """
    from scipy import stats

    x = np.asarray(series, dtype=float)
    x = x[np.isfinite(x)]
    T = len(x)
    if T < 3:
        return {"S": np.nan, "var_S": np.nan, "z": np.nan, "p": np.nan, "tau": np.nan, "T": T}
    s = float(np.sign(x[None, :] - x[:, None])[np.triu_indices(T, 1)].sum())
    _, t = np.unique(x, return_counts=True)
    var = (T * (T - 1) * (2 * T + 5) - (t * (t - 1) * (2 * t + 5)).sum()) / 18.0
    z = (s - np.sign(s)) / np.sqrt(var) if var > 0 else 0.0
    return {"S": s, "var_S": float(var), "z": float(z), "p": float(2 * stats.norm.sf(abs(z))),
            "tau": s / (T * (T - 1) / 2), "T": T}


def gi_star(x, W) -> tuple[np.ndarray, np.ndarray]:
    """Gi* z-scores and two-sided normal p-values of ``x`` under weights ``W`` (dense, with
    the diagonal set to 1 when it is zero: a unit is its own neighbour)."""
    from scipy import stats

    x = np.asarray(x, dtype=float)
    W = np.array(W, dtype=float)
    diag = np.diag(W).copy()
    diag[diag == 0] = 1.0
    np.fill_diagonal(W, diag)
    n = len(x)
    xbar = x.mean()
    s = np.sqrt((x * x).mean() - xbar * xbar)
    Wi = W.sum(axis=1)
    num = W @ x - xbar * Wi
    den = s * np.sqrt((n * (W * W).sum(axis=1) - Wi * Wi) / (n - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(den > 0, num / den, np.nan)
    return z, 2 * stats.norm.sf(np.abs(z))


def _space_time(W: np.ndarray, T: int, window: int) -> np.ndarray:
    """Weights of the stacked n × T values: spatial neighbours and self, same year and the
    ``window`` previous years."""
    n = len(W)
    A = W.copy()
    np.fill_diagonal(A, 1.0)
    lag = np.zeros((T, T))
    for k in range(window + 1):
        lag += np.eye(T, k=-k)
    return np.kron(lag, A) if n * T <= 20_000 else None


def _category(hot: np.ndarray, cold: np.ndarray, trend_z: float, trend_p: float,
              trend_alpha: float) -> str:
    for side, sig, other, sign in (("hot", hot, cold, 1), ("cold", cold, hot, -1)):
        T = len(sig)
        share = sig.mean()
        if sig[-1]:
            if sig.sum() == 1:
                return f"new_{side}"
            if share >= 0.9:
                if trend_p <= trend_alpha and sign * trend_z > 0:
                    return f"intensifying_{side}"
                if trend_p <= trend_alpha and sign * trend_z < 0:
                    return f"diminishing_{side}"
                return f"persistent_{side}"
            run = T - np.flatnonzero(~sig)[-1] - 1 if (~sig).any() else T
            if run >= 2 and not sig[:T - run].any():
                return f"consecutive_{side}"
            if other[:-1].any():
                return f"oscillating_{side}"
            return f"sporadic_{side}"
        if share >= 0.9:
            return f"historical_{side}"
    return "no_pattern"


@dataclass
class EmergingResult:
    """Emerging hot spots.

    Attributes
    ----------
    gi : DataFrame
        region, year, z, p, hot (z > 0 and p <= alpha), cold.
    regions : DataFrame
        region, years, hot_years, cold_years, mk_S, mk_tau, mk_z, mk_p (Mann-Kendall of
        the Gi* z), category.
    options : dict
    """

    gi: pd.DataFrame
    regions: pd.DataFrame
    options: dict

    def to_frame(self) -> pd.DataFrame:
        return self.regions


def fdr_significant(p: np.ndarray, alpha: float) -> np.ndarray:
    """Benjamini-Hochberg: which of the p-values are significant at false discovery rate
    ``alpha``.

    >>> fdr_significant(np.array([0.01, 0.04, 0.03, 0.2]), 0.05).tolist()
    [True, False, False, False]
    """
    p = np.asarray(p, dtype=float)
    order = np.argsort(p)
    m = len(p)
    below = p[order] <= alpha * np.arange(1, m + 1) / m
    k = np.flatnonzero(below).max() + 1 if below.any() else 0
    out = np.zeros(m, dtype=bool)
    out[order[:k]] = True
    return out


def emerging_hotspots(panel: pd.DataFrame, value: str, W, regions: list[str], *,
                      neighbourhood: str = "per_year", time_window: int = 1,
                      alpha: float = 0.05, trend_alpha: float = 0.05,
                      fdr: bool = False) -> EmergingResult:
    """Emerging hot spot categories of ``value`` (module docstring).

    Parameters
    ----------
    panel : DataFrame
        Long panel: region, year, ``value`` (a balanced panel: every region every year).
    W : (n, n) array
        Spatial weights of ``regions`` (in that order; binary or row-standardised).
    regions : list of str
    neighbourhood : {"per_year", "space_time"}
    time_window : int
        Previous years in a space-time neighbourhood.
    alpha : float
        Significance of a Gi* hot or cold spot (ArcGIS's default is 0.10).
    trend_alpha : float
        Significance of the Mann-Kendall trend.
    fdr : bool
        Hot and cold spots at false discovery rate ``alpha`` (Benjamini-Hochberg over the
        regions of each year, as recent ArcGIS versions) instead of p <= ``alpha``.
    """
    if neighbourhood not in NEIGHBOURHOODS:
        raise DataError(f"neighbourhood must be one of {NEIGHBOURHOODS}, got {neighbourhood!r}")
    wide = panel.pivot(index="region", columns="year", values=value).reindex(regions)
    if wide.isna().any().any():
        bad = wide.isna().stack()
        raise DataError(f"emerging hot spots need a balanced panel of {value!r}: missing "
                        f"{[tuple(i) for i in bad[bad].index[:5]]}")
    X = wide.to_numpy(dtype=float)
    n, T = X.shape
    if T < 3:
        raise DataError(f"emerging hot spots need at least 3 years, found {T}")
    W = np.asarray(W, dtype=float)
    if neighbourhood == "per_year":
        Z = np.column_stack([gi_star(X[:, t], W)[0] for t in range(T)])
    else:
        Wst = _space_time(W, T, time_window)
        if Wst is None:
            raise DataError("space-time neighbourhood: n × T above 20,000 values")
        Z = gi_star(X.T.ravel(), Wst)[0].reshape(T, n).T
    from scipy import stats

    P = 2 * stats.norm.sf(np.abs(Z))
    sig = (np.column_stack([fdr_significant(P[:, t], alpha) for t in range(T)]) if fdr
           else P <= alpha)
    hot, cold = (Z > 0) & sig, (Z < 0) & sig
    rows = []
    for i, region in enumerate(regions):
        mk = mann_kendall(np.round(Z[i], 10))  # equal z stay tied (no float-noise trend)
        rows.append({"region": region, "years": T, "hot_years": int(hot[i].sum()),
                     "cold_years": int(cold[i].sum()), "mk_S": mk["S"], "mk_tau": mk["tau"],
                     "mk_z": mk["z"], "mk_p": mk["p"],
                     "category": _category(hot[i], cold[i], mk["z"], mk["p"], trend_alpha)})
    years = list(wide.columns)
    gi = pd.DataFrame({"region": np.repeat(regions, T), "year": np.tile(years, n),
                       "z": Z.ravel(), "p": P.ravel(), "hot": hot.ravel(),
                       "cold": cold.ravel()})
    opts = {"value": value, "neighbourhood": neighbourhood, "time_window": time_window,
            "alpha": alpha, "trend_alpha": trend_alpha, "fdr": fdr}
    return EmergingResult(gi, pd.DataFrame(rows), opts)
