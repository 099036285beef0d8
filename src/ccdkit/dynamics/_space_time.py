"""Space-time dynamics of the LISA quadrants: the LISA Markov chain, Rey's space-time
transition types, LISA time paths and the directional rose.

Each year y is standardised (z = (y − ȳ)/sd over the regions) and its spatial lag is W z
(W row-standardised); the quadrant of a region is HH (z > 0, lag > 0), LH, LL or HL
(numbered 1-4, as PySAL giddy; z = 0 counts as low).

* LISA Markov: the 4 × 4 counts and probabilities of quadrant moves between consecutive
  years. Its chi-square test compares them with the moves implied by independent chains of
  the region (above/below the yearly mean) and of its lag (above/below): expected
  E = diag(row totals) · A (P_y ⊗ P_lag) Aᵀ, χ² = Σ (n − E)²/E over the rows with moves,
  df = (rows − 1)². giddy's ``LISA_Markov`` builds P_y and P_lag from the transposed panel
  (means over years, chains over years as units); ccdkit builds them from the regions.
* Rey (2001) types of each move (focal unit, its neighbourhood): IV — neither changes
  (HH→HH, ...); I — only the unit (HH→LH, LH→HH, LL→HL, HL→LL); II — only the
  neighbourhood (HH→HL, HL→HH, LH→LL, LL→LH); III — both, IIIA in the same direction
  (HH↔LL), IIIB in opposite ones (LH↔HL). Spatial flux = (I + II)/m, spatial cohesion =
  IV/m, with m moves (Rey 2001; Ye & Rey 2013).
* LISA time path (Rey, Murray & Anselin 2011) of a region: its points (z_t, lag_t);
  length = Σ_t |p_{t+1} − p_t|, relative length = length / the mean length,
  tortuosity = length / |p_T − p_1| (1 = straight).
* Rose: the angle of the move from the first to the last year, atan2(Δlag, Δz), counted in
  k equal sectors from east (as giddy); the permutation test shuffles the regions over
  the map (whole series kept), p per sector two-sided = min(1, 2 min(P≥, P≤)) with
  P = (1 + #)/(1 + B), never 0 (giddy's two-sided p, 2(1 − P), can be 0).

References
----------
Rey, S. J. (2001). Spatial analysis of regional income inequality. *Geographical
Analysis*, 33(3), 195-214 (space-time transitions).
Rey, S. J., Murray, A. T., & Anselin, L. (2011). Visualizing regional income distribution
dynamics. *Letters in Spatial and Resource Sciences*, 4(1), 81-90.
Ye, X., & Rey, S. J. (2013). A framework for exploratory space-time analysis of economic
data. *The Annals of Regional Science*, 50(1), 315-339.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ._markov import _probabilities, transition_counts

__all__ = ["QUADRANTS", "REY_TYPES", "lisa_markov", "LisaMarkovResult", "rey_type",
           "lisa_paths", "lisa_rose", "RoseResult"]

QUADRANTS = ("HH", "LH", "LL", "HL")
REY_TYPES = ("I", "II", "IIIA", "IIIB", "IV")
# (is the unit high, is the lag high) of quadrants 1..4
_HIGH = {1: (True, True), 2: (False, True), 3: (False, False), 4: (True, False)}


def rey_type(origin: int, dest: int) -> str:
    """Rey's type of a move between quadrants (1 HH, 2 LH, 3 LL, 4 HL).

    >>> rey_type(1, 1), rey_type(1, 2), rey_type(1, 4), rey_type(1, 3), rey_type(2, 4)
    ('IV', 'I', 'II', 'IIIA', 'IIIB')
    """
    (u0, l0), (u1, l1) = _HIGH[origin], _HIGH[dest]
    unit, lag = u0 != u1, l0 != l1
    if not unit and not lag:
        return "IV"
    if unit and not lag:
        return "I"
    if lag and not unit:
        return "II"
    return "IIIA" if u1 == l1 else "IIIB"


def _wide(panel: pd.DataFrame, value: str, regions: list[str]) -> np.ndarray:
    wide = panel.pivot(index="region", columns="year", values=value).reindex(regions)
    if wide.isna().any().any():
        bad = wide.isna().stack()
        raise DataError(f"{value!r} needs a balanced panel (every region every year): missing "
                        f"{[tuple(i) for i in bad[bad].index[:5]]}")
    if wide.shape[1] < 2:
        raise DataError(f"{value!r}: at least 2 years are needed")
    return wide.to_numpy(dtype=float), list(wide.columns)


def _row_standardised(W) -> np.ndarray:
    W = np.asarray(W, dtype=float)
    s = W.sum(axis=1, keepdims=True)
    return np.divide(W, s, out=np.zeros_like(W), where=s > 0)


def _scatter(Y: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    Z = (Y - Y.mean(axis=0)) / Y.std(axis=0)
    return Z, W @ Z


def _quadrants(Z: np.ndarray, L: np.ndarray) -> np.ndarray:
    hz, hl = Z > 0, L > 0
    return np.select([hz & hl, ~hz & hl, ~hz & ~hl], [1, 2, 3], 4)


def independence_test(Y: np.ndarray, WZ_high: np.ndarray, counts: np.ndarray) -> dict:
    """χ² of the LISA transitions against independent unit and lag chains (module
    docstring); ``WZ_high`` (n, T): the lag above the yearly mean."""
    from scipy import stats

    low = Y < Y.mean(axis=0)
    Py = _probabilities(transition_counts(low, 2))
    Pl = _probabilities(transition_counts(~WZ_high, 2))
    A = np.array([[1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0, 1, 0, 0]])
    E = np.diag(counts.sum(axis=1)) @ (A @ np.kron(Py, Pl) @ A.T)
    rows = counts.sum(axis=1) > 0
    dof = int((rows.sum() - 1) ** 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(E > 0, (counts - E) ** 2 / np.where(E > 0, E, 1), 0.0)
    chi2 = float(terms[rows].sum())
    return {"chi2": chi2, "dof": dof, "p": float(stats.chi2.sf(chi2, dof)) if dof else np.nan,
            "expected": E}


@dataclass
class LisaMarkovResult:
    """LISA Markov chain and Rey's space-time transitions.

    Attributes
    ----------
    quadrants : DataFrame
        region, year, z, lag, quadrant (HH, LH, LL, HL).
    counts, probabilities, expected : DataFrame
        4 × 4 (from quadrant, to quadrant); expected under independence.
    moves : DataFrame
        region, from_year, to_year, from, to, move_type (I, II, IIIA, IIIB, IV).
    types : DataFrame
        move_type, count, share; plus the rows flux and cohesion.
    test : dict
        chi2, dof, p of the independence test.
    """

    quadrants: pd.DataFrame
    counts: pd.DataFrame
    probabilities: pd.DataFrame
    expected: pd.DataFrame
    moves: pd.DataFrame
    types: pd.DataFrame
    test: dict

    def to_frame(self) -> pd.DataFrame:
        return self.types


def lisa_markov(panel: pd.DataFrame, value: str, W, regions: list[str]) -> LisaMarkovResult:
    """LISA Markov chain, Rey's transition types and the independence test of ``value``.

    Parameters
    ----------
    panel : DataFrame
        Long panel: region, year, ``value`` (balanced).
    W : (n, n) array
        Spatial weights of ``regions`` (row-standardised here).
    regions : list of str
    """
    Y, years = _wide(panel, value, regions)
    Wr = _row_standardised(W)
    Z, L = _scatter(Y, Wr)
    q = _quadrants(Z, L)
    counts = transition_counts(q - 1, 4)
    test = independence_test(Y, (Wr @ Y) > Y.mean(axis=0), counts)
    n, T = q.shape
    idx = pd.Index(QUADRANTS, name="from")
    moves = pd.DataFrame({
        "region": np.repeat(regions, T - 1), "from_year": np.tile(years[:-1], n),
        "to_year": np.tile(years[1:], n),
        "from": [QUADRANTS[a - 1] for a in q[:, :-1].ravel()],
        "to": [QUADRANTS[b - 1] for b in q[:, 1:].ravel()],
        "move_type": [rey_type(a, b) for a, b in zip(q[:, :-1].ravel(), q[:, 1:].ravel())]})
    m = len(moves)
    tcount = moves["move_type"].value_counts().reindex(list(REY_TYPES), fill_value=0)
    types = pd.DataFrame({"move_type": list(REY_TYPES) + ["flux", "cohesion"],
                          "count": [*tcount.tolist(), int(tcount["I"] + tcount["II"]),
                                    int(tcount["IV"])]})
    types["share"] = types["count"] / m
    quads = pd.DataFrame({"region": np.repeat(regions, T), "year": np.tile(years, n),
                          "z": Z.ravel(), "lag": L.ravel(),
                          "quadrant": [QUADRANTS[v - 1] for v in q.ravel()]})
    frame = lambda a: pd.DataFrame(a, index=idx, columns=pd.Index(QUADRANTS, name="to"))  # noqa: E731
    return LisaMarkovResult(quads, frame(counts), frame(_probabilities(counts)),
                            frame(test.pop("expected")), moves, types, test)


def lisa_paths(panel: pd.DataFrame, value: str, W, regions: list[str]) -> pd.DataFrame:
    """LISA time paths: region, length, relative_length, tortuosity, and the first and last
    points (module docstring)."""
    Y, _ = _wide(panel, value, regions)
    Z, L = _scatter(Y, _row_standardised(W))
    steps = np.hypot(np.diff(Z, axis=1), np.diff(L, axis=1))
    length = steps.sum(axis=1)
    chord = np.hypot(Z[:, -1] - Z[:, 0], L[:, -1] - L[:, 0])
    with np.errstate(divide="ignore", invalid="ignore"):
        tort = np.where(chord > 0, length / chord, np.inf)
    return pd.DataFrame({"region": regions, "length": length,
                         "relative_length": length / length.mean(), "tortuosity": tort,
                         "z_first": Z[:, 0], "lag_first": L[:, 0], "z_last": Z[:, -1],
                         "lag_last": L[:, -1]})


@dataclass
class RoseResult:
    """The directional rose of the LISA moves (first to last year).

    Attributes
    ----------
    sectors : DataFrame
        sector (1..k), from_deg, to_deg, moves, expected (mean under permutation),
        p_larger, p_smaller, p_two_sided.
    theta : ndarray
        Angle of each region's move (radians, from east, counter-clockwise).
    options : dict
    """

    sectors: pd.DataFrame
    theta: np.ndarray
    options: dict

    def to_frame(self) -> pd.DataFrame:
        return self.sectors


def _rose_counts(Y2: np.ndarray, Wr: np.ndarray, cuts: np.ndarray) -> tuple:
    lag = Wr @ Y2
    theta = np.arctan2(lag[:, -1] - lag[:, 0], Y2[:, -1] - Y2[:, 0])
    counts, _ = np.histogram(np.mod(theta, 2 * np.pi), cuts)
    return counts, theta


def lisa_rose(panel: pd.DataFrame, value: str, W, regions: list[str], *, k: int = 8,
              years: tuple | None = None, permutations: int = 999,
              seed: int = 0) -> RoseResult:
    """The rose of the LISA moves between the first and last year (or ``years``) of the
    standardised ``value`` (module docstring)."""
    Y, yrs = _wide(panel, value, regions)
    if years is not None:
        cols = [yrs.index(y) for y in years]
        Y, yrs = Y[:, cols], [yrs[c] for c in cols]
    Z = (Y - Y.mean(axis=0)) / Y.std(axis=0)
    Y2 = Z[:, [0, -1]]
    Wr = _row_standardised(W)
    cuts = np.linspace(0, 2 * np.pi, k + 1)
    counts, theta = _rose_counts(Y2, Wr, cuts)
    rng = np.random.default_rng(seed)
    perm = np.array([_rose_counts(Y2[rng.permutation(len(Y2))], Wr, cuts)[0]
                     for _ in range(permutations)]) if permutations else np.empty((0, k))
    B = max(permutations, 0)
    larger = (1 + (perm >= counts).sum(axis=0)) / (1 + B)
    smaller = (1 + (perm <= counts).sum(axis=0)) / (1 + B)
    sectors = pd.DataFrame({"sector": np.arange(1, k + 1), "from_deg": np.degrees(cuts[:-1]),
                            "to_deg": np.degrees(cuts[1:]), "moves": counts,
                            "expected": perm.mean(axis=0) if B else np.nan,
                            "p_larger": larger if B else np.nan,
                            "p_smaller": smaller if B else np.nan,
                            "p_two_sided": np.minimum(1.0, 2 * np.minimum(larger, smaller))
                            if B else np.nan})
    return RoseResult(sectors, theta, {"k": k, "permutations": permutations, "seed": seed,
                                       "years": (yrs[0], yrs[-1])})
