"""Interactive detector for spatial associations (IDSA; Song & Wu 2021): SPADE's power of
spatial determinant for every subset of factors, their zones made by a spatial fuzzy
overlay.

1. Each factor is discretized as in SPADE, for every k tried, and its k chosen from the
   CPSD curve by a k rule (:func:`~ccdkit.geodetector.choose_k`; gdverse: its
   ``loess_optnum``); categorical factors keep their categories.
2. For a subset S of two or more factors, every unit gets a zone by overlaying the
   strata of S: ``and`` (the fuzzy intersection: the stratum, among the unit's strata of
   the factors in S, whose mean y is lowest), ``or`` (the fuzzy union: the highest) or
   ``intersection`` (every combination of strata, the Geographical Detector's X1 ∩ X2).
   Equal means go to the factor listed first.
3. PID(S) = PSD(y | zones) / PSD_IEV(S | zones), where PSD_IEV = 1 - sum_v (1 - PSD(x_v |
   zones)) Gamma(x_v) / sum_v Gamma(x_v) over the discretized factors x_v of S (their
   stratum numbers as values): the share of the factors' own spatial variance the zones
   explain, which compensates as CPSD does for one factor. A single factor's PID is its
   CPSD at the chosen k (categorical: PSD).

The subset with the largest PID is the "best" interaction: its zones, their number, the
share of units alone in their zone, and the risk detector on the zones are reported.
Every subset is evaluated (2^m - 1 of them): m is capped at :data:`IDSA_MAX_FACTORS`.

References
----------
Song, Y., & Wu, P. (2021). An interactive detector for spatial associations.
*International Journal of Geographical Information Science*, 35(8), 1676-1701.
Lv, W., Lei, Y., Liu, F., Yan, J., Song, Y., & Zhao, W. (2025). gdverse: An R package for
spatial stratified heterogeneity family. *Transactions in GIS*, 29(2), e70032.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ._detectors import risk_detector
from ._kselect import choose_k
from ._optimal import k_values
from ._spade import _levels, _quad, psd_batch, spatial_inputs

__all__ = ["idsa", "IDSAResult", "OVERLAYS", "fuzzy_overlay", "IDSA_MAX_FACTORS"]

OVERLAYS = ("and", "or", "intersection")
IDSA_MAX_FACTORS = 12


def fuzzy_overlay(y, strata: list[np.ndarray], overlay: str = "and") -> np.ndarray:
    """Zones (0..Z-1) of the overlay of several stratifications (module docstring, step 2).

    >>> y = np.array([1.0, 2, 3, 4])
    >>> a, b = np.array([0, 0, 1, 1]), np.array([0, 1, 0, 1])
    >>> fuzzy_overlay(y, [a, b], "and").tolist(), fuzzy_overlay(y, [a, b], "or").tolist()
    ([0, 0, 1, 2], [1, 2, 0, 0])
    """
    if overlay not in OVERLAYS:
        raise DataError(f"overlay must be one of {OVERLAYS}, got {overlay!r}")
    codes = np.column_stack(strata)
    if overlay == "intersection":
        return np.unique(codes, axis=0, return_inverse=True)[1].ravel()
    y = np.asarray(y, dtype=float)
    means = np.column_stack([(np.bincount(c, weights=y) / np.maximum(np.bincount(c), 1))[c]
                             for c in strata])
    pick = np.argmin(means, axis=1) if overlay == "and" else np.argmax(means, axis=1)
    chosen = codes[np.arange(len(y)), pick]
    return np.unique(np.column_stack([pick, chosen]), axis=0, return_inverse=True)[1].ravel()


@dataclass
class IDSAResult:
    """IDSA.

    Attributes
    ----------
    interaction : DataFrame
        variables (" ∩ "-joined), size, pid: every subset, largest PID first.
    discretization : DataFrame
        factor, k (chosen; NA for categories), fallback, and the CPSD curve in ``curve``.
    curve : DataFrame
        factor, k, cpsd.
    zones : ndarray
        Zone of each row used under the best subset.
    risk : tuple of DataFrame
        The risk detector on those zones (means, pairs).
    best : list of str
    n_zones : int
    single_share : float
        Share of the rows alone in their zone.
    rows : Index
    options : dict
    """

    interaction: pd.DataFrame
    discretization: pd.DataFrame
    curve: pd.DataFrame
    zones: np.ndarray = field(repr=False)
    risk: tuple = field(repr=False)
    best: list = field(default_factory=list)
    n_zones: int = 0
    single_share: float = 0.0
    rows: pd.Index = field(default=None, repr=False)
    options: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.interaction

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"idsa": self.interaction, "idsa_discretization": self.discretization,
                "idsa_curve": self.curve}

    def summary(self) -> str:
        head = (f"IDSA ({self.options['overlay']} overlay): best {' ∩ '.join(self.best)}, "
                f"{self.n_zones} zones, {self.single_share:.4g} of rows alone in a zone")
        return "\n".join([head, self.interaction.head(10).to_string(
            index=False, float_format=lambda v: f"{v:.6g}")])


def _factor_strata(data, ok, names, yv, W, ks, mode, select, increase_rate):
    """Chosen strata, their CPSD curve and the single-factor PID of every factor."""
    strata, single, disc, curve = {}, {}, [], []
    for name in names:
        col = data[name][ok]
        numeric = pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)
        if not numeric or col.nunique() <= max(ks):
            codes = pd.factorize(col, sort=True)[0]
            strata[name], single[name] = codes, psd_batch(yv, codes, W)[0]
            disc.append({"factor": name, "k": None, "fallback": None})
            continue
        x = col.to_numpy(dtype=float)
        levels = _levels(x, ks, mode)
        cps = {kk: psd_batch(yv, c, W)[0] / psd_batch(x, c, W)[0] for kk, c in levels.items()}
        curve += [{"factor": name, "k": kk, "cpsd": v} for kk, v in cps.items()]
        chosen, fell = choose_k(list(cps), list(cps.values()), rule=select,
                                increase_rate=increase_rate)
        strata[name], single[name] = levels[chosen], cps[chosen]
        disc.append({"factor": name, "k": chosen, "fallback": fell})
    return strata, single, pd.DataFrame(disc), pd.DataFrame(curve, columns=["factor", "k",
                                                                             "cpsd"])


def _pid(yv, subset, strata, W, overlay) -> tuple[float, np.ndarray]:
    zones = fuzzy_overlay(yv, [strata[n] for n in subset], overlay)
    X = np.vstack([strata[n].astype(float) for n in subset])
    ps = psd_batch(np.vstack([yv, X]), zones, W)
    total = _quad(W, X) / float(W.sum())
    iev = 1.0 - ((1.0 - ps[1:]) * total).sum() / total.sum()
    return float(ps[0] / iev), zones


def _subsets(names: list[str], subsets) -> list[tuple[str, ...]]:
    if subsets is None:
        if len(names) > IDSA_MAX_FACTORS:
            raise DataError(f"IDSA evaluates all 2^m - 1 subsets of factors: {len(names)} "
                            f"factors exceed {IDSA_MAX_FACTORS} (pass subsets=...)")
        return [s for size in range(1, len(names) + 1) for s in combinations(names, size)]
    out = []
    for s in subsets:
        s = (s,) if isinstance(s, str) else tuple(s)
        stray = [n for n in s if n not in names]
        if stray or not s or len(set(s)) < len(s):
            raise DataError(f"subsets: {list(s)} must be distinct factors among {names}")
        out.append(s)
    return out


def idsa(data: pd.DataFrame, y: str, factors=None, *, weights=None, coords=None,
         distance: str = "haversine", power: float = 1.0, k=(3, 8), mode: str = "ccdkit",
         select: str = "elbow", increase_rate: float = 0.05, overlay: str = "and",
         subsets=None, alpha: float = 0.05) -> IDSAResult:
    """Interactive detector for spatial associations (module docstring).

    Parameters are those of :func:`~ccdkit.geodetector.spade`, and ``select`` /
    ``increase_rate`` (the k rule of each factor), ``overlay`` ({"and", "or",
    "intersection"}), ``subsets`` (lists of factors to evaluate; default every non-empty
    subset, at most :data:`IDSA_MAX_FACTORS` factors) and ``alpha`` (the risk detector's
    level).

    Returns
    -------
    IDSAResult
    """
    if overlay not in OVERLAYS:
        raise DataError(f"overlay must be one of {OVERLAYS}, got {overlay!r}")
    names, ok, yv, W = spatial_inputs(data, y, factors, mode=mode, weights=weights,
                                      coords=coords, distance=distance, power=power)
    todo = _subsets(names, subsets)
    strata, single, disc, curve = _factor_strata(data, ok, names, yv, W, k_values(k), mode,
                                                 select, increase_rate)
    rows, best = [], (-np.inf, None, None)
    for subset in todo:
        if len(subset) == 1:
            pid, zones = single[subset[0]], strata[subset[0]]
        else:
            pid, zones = _pid(yv, subset, strata, W, overlay)
        rows.append({"variables": " ∩ ".join(subset), "size": len(subset), "pid": pid})
        if pid > best[0]:
            best = (pid, list(subset), zones)
    table = pd.DataFrame(rows).sort_values("pid", ascending=False, kind="stable")
    zones = best[2]
    counts = np.bincount(zones)
    opts = {"k": k_values(k), "mode": mode, "select": select, "increase_rate": increase_rate,
            "overlay": overlay, "distance": distance if weights is None else None,
            "power": power}
    return IDSAResult(table.reset_index(drop=True), disc, curve, zones,
                      risk_detector(yv, zones, alpha=alpha), best[1], len(counts),
                      float((counts == 1).sum() / len(zones)), data.index[ok], opts)
