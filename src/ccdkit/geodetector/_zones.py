"""Tree-based Geographical Detectors: GOZH (geographically optimal zones-based
heterogeneity; Luo et al. 2022) and LESH (locally explained stratified heterogeneity; Li
et al. 2023).

GOZH: the zones of a factor are the leaves of a least-squares regression tree of y on that
factor (rpart's rules, :func:`~ccdkit.geodetector._tree.regression_tree`); its power of
determinant is q on those zones. The interaction of two factors is q on the leaves of the
tree grown on both (not the overlay of the two single-factor zonings, so q12 may be below
max(q1, q2): the tree is greedy).

LESH: the interaction q12 is shared between the two factors in proportion to their
Shapley values |phi| in the game v(S) = q of the tree on the factors S (over all m
factors): phi_i = sum over S not holding i of |S|! (m - |S| - 1)! / m! [v(S + i) - v(S)].
Two declared modes:

* ``complete`` (default): the Shapley value, v(empty) = 0 included, so the phi add up to
  q of the tree on all factors (efficiency);
* ``gdverse``: as gdverse 1.7 ``spd_lesh``, whose sum runs over non-empty S only: it
  leaves out the term v({i}) / m, so phi_i is the complete value minus q_i / m and the
  phi no longer add up to anything interpretable. Offered to reproduce published tables.

Significance: the F test's p of q on fitted zones ignores that the zones were chosen to
make q large, so it is optimistic. ``permutations`` > 0 regrows the tree on every null
draw of y (free permutation, or Moran spectral randomization with weights), which tests
the whole procedure.

References
----------
Luo, P., Song, Y., Huang, X., Ma, H., Liu, J., Yao, Y., & Meng, L. (2022). Identifying
determinants of spatio-temporal disparities in soil moisture of the Northern Hemisphere
using a geographically optimal zones-based heterogeneity model. *ISPRS Journal of
Photogrammetry and Remote Sensing*, 185, 111-128.
Li, Y., Luo, P., Song, Y., Zhang, L., Qu, Y., & Hou, Z. (2023). A locally explained
heterogeneity model for examining wetland disparity. *International Journal of Digital
Earth*, 16(2), 4533-4552.
Shapley, L. S. (1953). A value for n-person games. In *Contributions to the Theory of
Games II* (pp. 307-317). Princeton University Press.
Lv, W., Lei, Y., Liu, F., Yan, J., Song, Y., & Zhao, W. (2025). gdverse: An R package for
spatial stratified heterogeneity family. *Transactions in GIS*, 29(2), e70032.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import combinations
from math import factorial

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ._detectors import encode, interaction_type
from ._inputs import (FactorTableResult, complete_rows, is_number_column, subset_weights,
                      table_text)
from ._nulls import monte_carlo_p, null_model
from ._stats import factor_stats, q_adjusted, strata_sums
from ._tree import TreeRules, regression_tree

__all__ = ["gozh", "lesh", "ZonesResult", "LESHResult", "SHAPLEY_MODES", "shapley_values",
           "TreeData", "tree_data"]

#: How LESH sums the Shapley value (module docstring).
SHAPLEY_MODES = ("complete", "gdverse")
#: Most factors LESH accepts (it grows a tree on each of the 2^m - 1 subsets).
LESH_MAX_FACTORS = 14


@dataclass
class TreeData:
    """y and the factors of the rows used (complete rows), as the tree takes them."""

    y: np.ndarray
    X: np.ndarray
    categorical: np.ndarray
    names: list[str]
    rows: pd.Index
    missing: int
    ok: np.ndarray


def tree_data(data: pd.DataFrame, y: str, factors=None, categorical=()) -> TreeData:
    """Complete rows of y and the factors; text, boolean and ``categorical`` columns become
    category codes, numbers stay ordered (rpart's convention)."""
    r = complete_rows(data, y, factors)
    categorical = [categorical] if isinstance(categorical, str) else list(categorical)
    stray = [c for c in categorical if c not in r.names]
    if stray:
        raise DataError(f"categorical: {stray} are not among the factors {r.names}")
    cols, cat = [], []
    for c in r.names:
        col = data[c][r.ok]
        is_cat = c in categorical or not is_number_column(col)
        cols.append(encode(col)[0].astype(float) if is_cat else col.to_numpy(dtype=float))
        cat.append(is_cat)
    return TreeData(r.y, np.column_stack(cols), np.array(cat), r.names, data.index[r.ok],
                    r.missing, r.ok)


def _q(y: np.ndarray, codes: np.ndarray) -> float:
    s = strata_sums(y, codes)
    yc = y - y.mean()
    return float((s.s1 ** 2 / np.where(s.n > 0, s.n, 1)).sum() / (yc @ yc))


def _zones(d: TreeData, cols: list[int], rules: TreeRules, y=None) -> np.ndarray:
    leaf = regression_tree(d.X[:, cols], d.y if y is None else y,
                           categorical=d.categorical[cols], cp=rules.cp,
                           minsplit=rules.minsplit, minbucket=rules.minbucket,
                           maxdepth=rules.maxdepth)
    return np.unique(leaf, return_inverse=True)[1]


def _regrown_p(d: TreeData, cols: list[int], rules: TreeRules, q_obs: float, null,
               permutations: int, rng: np.random.Generator) -> float:
    """p of q over null draws of y, the tree regrown on each draw."""
    if permutations < 1 or not np.isfinite(q_obs):
        return float("nan")
    draws = null.draws(d.y, permutations, rng)
    return monte_carlo_p([_q(yy, _zones(d, cols, rules, yy)) for yy in draws], q_obs)


@dataclass
class ZonesResult(FactorTableResult):
    """GOZH: the factor and interaction detectors on regression-tree zones.

    Attributes
    ----------
    factor : DataFrame
        factor, q, q_adj, p (non-central F on the fitted zones: optimistic),
        p_permutation (tree regrown on each null draw; NaN if not asked), null, L (zones),
        N, missing (rows without y or a factor), rank.
    interaction : DataFrame or None
        factor1, factor2, q1, q2, q12 (tree on both factors), L12, type,
        p12_permutation.
    zones : dict of str to ndarray
        Zone (0..L-1) of each row used, per factor.
    rows : Index
        The data's index labels of the rows used.
    options : dict
        cp, minsplit, minbucket, maxdepth, permutations, null, seed.
    """

    interaction: pd.DataFrame | None = None
    zones: dict = field(default_factory=dict, repr=False)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"gozh": self.factor, "gozh_interaction": self.interaction}

    def summary(self) -> str:
        o = self.options
        head = (f"GOZH: zones from regression trees (cp {o['cp']}, minsplit {o['minsplit']}, "
                f"minbucket {o['minbucket']}); N = {int(self.factor['N'].iloc[0])}")
        parts = [head, table_text(self.factor)]
        if self.interaction is not None:
            parts.append(table_text(self.interaction))
        return "\n".join(parts)


def _rules(cp, minsplit, minbucket, maxdepth) -> TreeRules:
    return TreeRules(float(cp), int(minsplit), int(minbucket), int(maxdepth))


def gozh(data: pd.DataFrame, y: str, factors=None, *, categorical=(), cp: float = 0.01,
         minsplit: int = 20, minbucket: int = 7, maxdepth: int = 30, interaction: bool = True,
         permutations: int = 0, null: str = "permutation", weights=None, seed: int = 0,
         lambda_variance: str = "population") -> ZonesResult:
    """Geographically optimal zones-based heterogeneity (GOZH): q on regression-tree zones.

    Parameters
    ----------
    data : DataFrame
    y : str
        Response column.
    factors : list of str, optional
        Factor columns (default: every other column).
    categorical : sequence of str
        Numeric columns to treat as unordered categories (text and boolean columns are).
    cp, minsplit, minbucket, maxdepth
        The tree's rules (R rpart's defaults).
    interaction : bool
        Also run the interaction detector (a tree on each pair).
    permutations : int
        Null draws for ``p_permutation`` (0: none); the tree is regrown on each.
    null : {"permutation", "spectral"}
        Free permutation, or Moran spectral randomization under ``weights``
        (:class:`~ccdkit.geodetector.SpectralNull`).
    weights : array-like (N, N), sparse matrix or libpysal W, optional
        Spatial weights of the rows of ``data`` (in their order).
    seed : int
    lambda_variance : {"population", "sample"}
        Variance in the F test's non-centrality parameter.

    Returns
    -------
    ZonesResult

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.uniform(size=200)
    >>> d = pd.DataFrame({"y": (x > 0.5) + rng.normal(0, 0.1, 200), "x": x})
    >>> r = gozh(d, "y", interaction=False)
    >>> r.factor[["factor", "L"]].values.tolist(), bool(r.factor.q[0] > 0.9)
    ([['x', 2]], True)
    """
    d = tree_data(data, y, factors, categorical)
    rules = _rules(cp, minsplit, minbucket, maxdepth)
    rng = np.random.default_rng(seed)
    nm = null_model(null, subset_weights(weights, data, d.ok), len(d.y))
    zones, rows = {}, []
    for j, name in enumerate(d.names):
        zones[name] = _zones(d, [j], rules)
        st = factor_stats(strata_sums(d.y, zones[name]), singletons="keep",
                          lambda_variance=lambda_variance)
        rows.append({"factor": name, "q": st.q, "q_adj": q_adjusted(st.q, st.N, st.L),
                     "p": st.p,
                     "p_permutation": _regrown_p(d, [j], rules, st.q, nm, permutations, rng),
                     "null": nm.name if permutations else None, "L": st.L, "N": st.N,
                     "missing": d.missing})
    factor = pd.DataFrame(rows)
    factor["rank"] = factor["q"].rank(ascending=False, method="min").astype("Int64")
    inter = _gozh_interaction(d, rules, factor, nm, permutations, rng) if interaction else None
    opts = {**asdict(rules), "permutations": permutations, "null": nm.name, "seed": seed}
    return ZonesResult(factor, d.rows, opts, inter, zones)


def _gozh_interaction(d: TreeData, rules: TreeRules, factor: pd.DataFrame, nm,
                      permutations: int, rng) -> pd.DataFrame | None:
    if len(d.names) < 2:
        return None
    q = dict(zip(factor["factor"], factor["q"]))
    rows = []
    for i, j in combinations(range(len(d.names)), 2):
        a, b = d.names[i], d.names[j]
        z = _zones(d, [i, j], rules)
        q12 = _q(d.y, z)
        rows.append({"factor1": a, "factor2": b, "q1": q[a], "q2": q[b], "q12": q12,
                     "L12": int(z.max()) + 1, "type": interaction_type(q12, q[a], q[b]),
                     "p12_permutation": _regrown_p(d, [i, j], rules, q12, nm,
                                                   permutations, rng)})
    return pd.DataFrame(rows)


def shapley_values(values: np.ndarray, *, mode: str = "complete") -> np.ndarray:
    """Shapley values of an m-player game given as ``values[mask]`` = v(S) for every subset
    bitmask S (``values[0]`` = v(empty)).

    ``mode="gdverse"`` leaves out the empty coalition's term (module docstring).

    >>> v = np.array([0.0, 0.2, 0.5, 0.9])  # v({}), v({0}), v({1}), v({0, 1})
    >>> shapley_values(v).round(6).tolist()
    [0.3, 0.6]
    >>> shapley_values(v, mode="gdverse").round(6).tolist()
    [0.2, 0.35]
    """
    if mode not in SHAPLEY_MODES:
        raise DataError(f"shapley mode must be one of {SHAPLEY_MODES}, got {mode!r}")
    values = np.asarray(values, dtype=float)
    m = int(np.log2(len(values)))
    if len(values) != 1 << m:
        raise DataError("shapley: values must have 2^m entries (one per subset)")
    masks = np.arange(1 << m)
    size = np.array([bin(s).count("1") for s in masks])
    weight = np.array([factorial(k) * factorial(m - k - 1) / factorial(m) if k < m else 0.0
                       for k in size])
    phi = np.empty(m)
    for i in range(m):
        without = masks[(masks >> i & 1) == 0]
        if mode == "gdverse":
            without = without[without != 0]
        phi[i] = (weight[without] * (values[without | (1 << i)] - values[without])).sum()
    return phi


@dataclass
class LESHResult:
    """LESH: the interaction q12 of every pair shared by Shapley values.

    Attributes
    ----------
    interaction : DataFrame
        factor1, factor2, q1, q2, q12, type, spd1, spd2 (spd1 + spd2 = q12).
    shapley : DataFrame
        factor, q (alone), phi, share (phi / sum of phi), sorted by phi.
    coalitions : DataFrame
        factors (" + "-joined), size, q: the game's value for every subset.
    mode : str
        How the Shapley sum was taken.
    """

    interaction: pd.DataFrame
    shapley: pd.DataFrame
    coalitions: pd.DataFrame = field(repr=False)
    mode: str = "complete"
    options: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.interaction

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"lesh": self.interaction, "lesh_shapley": self.shapley}

    def summary(self) -> str:
        return "\n".join([f"LESH ({self.mode} Shapley sum)", table_text(self.shapley),
                          table_text(self.interaction)])


def lesh(data: pd.DataFrame, y: str, factors=None, *, shapley: str = "complete",
         categorical=(), cp: float = 0.01, minsplit: int = 20, minbucket: int = 7,
         maxdepth: int = 30) -> LESHResult:
    """Locally explained stratified heterogeneity (LESH): each pair's q12 (GOZH) split in
    proportion to the factors' Shapley values |phi| (module docstring).

    Parameters are those of :func:`gozh`, and ``shapley`` ({"complete", "gdverse"}).

    Returns
    -------
    LESHResult

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> a, b = rng.uniform(size=300), rng.uniform(size=300)
    >>> d = pd.DataFrame({"y": 2 * (a > 0.5) + (b > 0.5) + rng.normal(0, 0.1, 300),
    ...                   "a": a, "b": b})
    >>> r = lesh(d, "y")
    >>> r.shapley.factor.tolist(), bool(abs(r.shapley.phi.sum() - r.coalitions.q.iloc[-1]) < 1e-12)
    (['a', 'b'], True)
    """
    if shapley not in SHAPLEY_MODES:
        raise DataError(f"shapley must be one of {SHAPLEY_MODES}, got {shapley!r}")
    d = tree_data(data, y, factors, categorical)
    m = len(d.names)
    if m > LESH_MAX_FACTORS:
        raise DataError(f"LESH grows a tree on each of the 2^m - 1 subsets of factors: "
                        f"{m} factors exceed {LESH_MAX_FACTORS}")
    rules = _rules(cp, minsplit, minbucket, maxdepth)
    values = np.zeros(1 << m)
    for mask in range(1, 1 << m):
        cols = [i for i in range(m) if mask >> i & 1]
        values[mask] = _q(d.y, _zones(d, cols, rules))
    phi = shapley_values(values, mode=shapley)
    single = {n: values[1 << i] for i, n in enumerate(d.names)}
    shap = pd.DataFrame({"factor": d.names, "q": [single[n] for n in d.names], "phi": phi,
                         "share": phi / phi.sum() if phi.sum() else np.nan})
    shap = shap.sort_values("phi", ascending=False, kind="stable").reset_index(drop=True)
    rows = []
    for i, j in combinations(range(m), 2):
        q12 = values[(1 << i) | (1 << j)]
        w1, w2 = abs(phi[i]), abs(phi[j])
        share = w1 / (w1 + w2) if w1 + w2 > 0 else 0.5
        rows.append({"factor1": d.names[i], "factor2": d.names[j], "q1": values[1 << i],
                     "q2": values[1 << j], "q12": q12,
                     "type": interaction_type(q12, values[1 << i], values[1 << j]),
                     "spd1": q12 * share, "spd2": q12 * (1 - share)})
    coal = pd.DataFrame({"factors": [" + ".join(n for i, n in enumerate(d.names) if s >> i & 1)
                                     for s in range(1, 1 << m)],
                         "size": [bin(s).count("1") for s in range(1, 1 << m)],
                         "q": values[1:]})
    opts = {**asdict(rules), "shapley": shapley}
    return LESHResult(pd.DataFrame(rows), shap, coal, shapley, opts)
