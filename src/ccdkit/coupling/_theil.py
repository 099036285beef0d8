"""Theil's T and L indices and their decomposition within and between region groups.

For positive values y_i (n of them, mean m; group g with n_g values, mean m_g, share of
the total s_g = n_g m_g / (n m)):

* T = (1/n) sum_i (y_i/m) ln(y_i/m)   (GE(1), Theil 1967), decomposed as
  T = sum_g s_g T_g  (within)  +  sum_g s_g ln(m_g/m)  (between);
* L = (1/n) sum_i ln(m/y_i)           (GE(0), the mean log deviation), decomposed as
  L = sum_g (n_g/n) L_g  (within)  +  sum_g (n_g/n) ln(m/m_g)  (between).

Both decompositions are exact; the shares of between-group inequality are reported with
them. Values must be non-negative for T (0 ln 0 = 0); L is undefined (NaN) when a value
is 0 (ln(m/0) is infinite).

References
----------
Theil, H. (1967). *Economics and Information Theory*. North-Holland.
Shorrocks, A. F. (1980). The class of additively decomposable inequality measures.
*Econometrica*, 48(3), 613-625.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ._inequality import by_year_and_group

__all__ = ["theil", "TheilResult", "theil_panel"]


@dataclass
class TheilResult:
    """Theil's T and L with their within/between decomposition.

    Attributes
    ----------
    T, T_within, T_between, L, L_within, L_between : float
    groups : DataFrame
        group, n, mean, share (of the total), T, L within each group.
    """

    T: float
    T_within: float
    T_between: float
    L: float
    L_within: float
    L_between: float
    groups: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """One row: theil_T, theil_T_within, theil_T_between, theil_T_between_share and the
        same for L."""
        return pd.DataFrame([{
            "theil_T": self.T, "theil_T_within": self.T_within,
            "theil_T_between": self.T_between,
            "theil_T_between_share": self.T_between / self.T if self.T > 0 else np.nan,
            "theil_L": self.L, "theil_L_within": self.L_within,
            "theil_L_between": self.L_between,
            "theil_L_between_share": self.L_between / self.L if self.L > 0 else np.nan}])


def _t(y: np.ndarray) -> float:
    r = y / y.mean()
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.where(r > 0, r * np.log(r), 0.0).mean())


def _l(y: np.ndarray) -> float:
    """The mean log deviation; NaN when a value is 0 (ln(m/0) is infinite)."""
    return float(np.log(y.mean() / y).mean()) if (y > 0).all() else float("nan")


def theil(values: Sequence[float], groups: Sequence[object] | None = None) -> TheilResult:
    """Theil's T and L of ``values``, decomposed by ``groups`` (module docstring).

    Examples
    --------
    >>> r = theil([1.0, 2.0, 3.0, 6.0], ["a", "a", "b", "b"])
    >>> round(r.T, 6), round(r.T_within + r.T_between, 6), round(r.L, 6)
    (0.187445, 0.187445, 0.202733)
    """
    y = np.asarray(values, dtype=float)
    if y.ndim != 1 or len(y) == 0 or not np.isfinite(y).all():
        raise DataError("theil: values must be a non-empty 1-D array of finite numbers")
    if (y < 0).any() or y.sum() <= 0:
        raise DataError("theil: values must be non-negative with a positive total "
                        f"(found min {y.min():g})")
    g = np.zeros(len(y), dtype=int) if groups is None else pd.factorize(
        pd.Series(groups), sort=True)[0]
    names = ["all"] if groups is None else list(pd.unique(pd.Series(groups).sort_values()))
    if len(g) != len(y) or (g < 0).any():
        raise DataError("theil: groups must give one group per value (no missing group)")
    m, n = y.mean(), len(y)
    rows = []
    for k, name in enumerate(names):
        yk = y[g == k]
        rows.append({"group": name, "n": len(yk), "mean": yk.mean(),
                     "share": yk.sum() / y.sum(), "T": _t(yk), "L": _l(yk)})
    t = pd.DataFrame(rows)
    p = t["n"] / n
    with np.errstate(divide="ignore"):
        T_between = float((t["share"] * np.log(t["mean"] / m)).sum())
        L_between = float((p * np.log(m / t["mean"])).sum())
    L = _l(y)
    return TheilResult(_t(y), float((t["share"] * t["T"]).sum()), T_between, L,
                       float((p * t["L"]).sum()) if np.isfinite(L) else np.nan,
                       L_between if np.isfinite(L) else np.nan, t)


def theil_panel(panel: pd.DataFrame, value: str,
                groups: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Theil's T and L of column ``value`` per year, decomposed by region group.

    >>> p = pd.DataFrame({"region": ["Beijing", "Tianjin", "Sichuan", "Gansu"], "year": 2020,
    ...                   "D": [1.0, 2.0, 3.0, 6.0]})
    >>> theil_panel(p, "D", {"east": ["Beijing", "Tianjin"], "west": ["Sichuan", "Gansu"]}
    ...             )[["year", "theil_T"]].round(6).values.tolist()
    [[2020.0, 0.187445]]
    """
    rows = [theil(v, g).to_frame().assign(year=year, n=len(v))
            for year, v, g in by_year_and_group(panel, value, groups)]
    out = pd.concat(rows, ignore_index=True)
    return out[["year", "n", *[c for c in out.columns if c not in ("year", "n")]]]
