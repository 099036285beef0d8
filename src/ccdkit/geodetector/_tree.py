"""A least-squares regression tree grown by the rules of R ``rpart`` (method "anova"): the
zones of the geographically optimal zones-based heterogeneity model (GOZH; Luo et al.
2022) and of LESH.

The rules, as rpart documents and implements them (Therneau & Atkinson 2023):

* a node is split only if it has at least ``minsplit`` rows, each child keeps at least
  ``minbucket`` rows, and its depth stays within ``maxdepth``;
* the split of a node maximises the drop in the sum of squares of y, over every cut
  between distinct values of a continuous factor and, for a categorical factor, over the
  cuts of its categories ordered by their mean of y in the node; among equal drops the
  first factor (in the order given) and the lowest cut win;
* the complexity parameter ``cp``: a split whose subtree does not lower the total sum of
  squares by at least ``cp`` times the root's is undone (cost-complexity bookkeeping of
  rpart's ``partition``, which also uses the children's own complexities);
* the child with the lower mean of y is the left one, numbered 2 n (right: 2 n + 1), and
  the left child is grown first (the bookkeeping depends on that order).

The result is the leaf (rpart's node number) of every row, the zones whose q is the GOZH
power of determinant. Cross-validation (rpart's ``xval``) does not change the tree and
is not done. Each node costs O(N p) numpy work; trees with cp = 0.01 have at most a few
dozen leaves, so 10^5 rows take well under a second per tree.

References
----------
Breiman, L., Friedman, J. H., Olshen, R. A., & Stone, C. J. (1984). *Classification and
Regression Trees*. Wadsworth.
Therneau, T. M., & Atkinson, E. J. (2023). An introduction to recursive partitioning
using the RPART routines. R package rpart 4.1 vignette.
Luo, P., Song, Y., Huang, X., Ma, H., Liu, J., Yao, Y., & Meng, L. (2022). Identifying
determinants of spatio-temporal disparities in soil moisture of the Northern Hemisphere
using a geographically optimal zones-based heterogeneity model. *ISPRS Journal of
Photogrammetry and Remote Sensing*, 185, 111-128.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..exceptions import DataError

__all__ = ["TreeRules", "regression_tree"]


@dataclass(frozen=True)
class TreeRules:
    """The growth rules (rpart ``rpart.control`` defaults)."""

    cp: float = 0.01
    minsplit: int = 20
    minbucket: int = 7
    maxdepth: int = 30


@dataclass
class _Node:
    number: int
    rows: np.ndarray
    risk: float
    complexity: float
    left: "_Node | None" = None
    right: "_Node | None" = None


@dataclass
class _Split:
    gain: float = 0.0
    goes_left: np.ndarray | None = None  # over the node's rows


@dataclass
class _Grower:
    X: np.ndarray  # (n, p) float; categorical columns hold codes 0..L-1
    categorical: np.ndarray  # (p,) bool
    y: np.ndarray
    rules: TreeRules
    order: list = field(default_factory=list)
    alpha: float = 0.0
    iscale: float = 0.0
    leaf: np.ndarray | None = None

    def risk(self, rows: np.ndarray) -> float:
        v = self.y[rows]
        return float(((v - v.mean()) ** 2).sum())

    def _continuous(self, v: int, inside: np.ndarray) -> tuple[float, np.ndarray | None]:
        idx = self.order[v][inside[self.order[v]]]
        x, yv = self.X[idx, v], self.y[idx]
        n, edge = len(idx), self.rules.minbucket
        if x[0] == x[-1]:
            return 0.0, None
        left = np.cumsum(yv - yv.mean())[:-1]
        nl = np.arange(1, n, dtype=float)
        gain = left * left / nl + left * left / (n - nl)
        ok = (x[1:] != x[:-1]) & (nl >= edge) & (n - nl >= edge)
        gain = np.where(ok, gain, 0.0)
        at = int(np.argmax(gain))
        if gain[at] <= 0:
            return 0.0, None
        low = self.X[:, v] <= x[at]
        low_goes_left = left[at] < -left[at]
        return float(gain[at]), (low if low_goes_left else ~low)

    def _categorical(self, v: int, inside: np.ndarray) -> tuple[float, np.ndarray | None]:
        rows = np.flatnonzero(inside)
        codes = self.X[rows, v].astype(np.int64)
        yv = self.y[rows]
        L = int(codes.max()) + 1
        cnt = np.bincount(codes, minlength=L)
        sums = np.bincount(codes, weights=yv - yv.mean(), minlength=L)
        present = np.flatnonzero(cnt > 0)
        present = present[np.argsort(sums[present] / cnt[present], kind="stable")]
        n, edge = len(rows), self.rules.minbucket
        nl = np.cumsum(cnt[present])[:-1].astype(float)
        left = np.cumsum(sums[present])[:-1]
        right = sums[present].sum() - left
        with np.errstate(divide="ignore", invalid="ignore"):
            gain = left * left / nl + right * right / (n - nl)
        gain = np.where((nl >= edge) & (n - nl >= edge), gain, 0.0)
        if len(gain) == 0 or gain.max() <= 0:
            return 0.0, None
        at = int(np.argmax(gain))
        moved = np.zeros(L, dtype=bool)
        moved[present[: at + 1]] = True
        in_moved = moved[np.clip(self.X[:, v].astype(np.int64), 0, L - 1)]
        moved_higher = left[at] / nl[at] > right[at] / (n - nl[at])
        return float(gain[at]), (~in_moved if moved_higher else in_moved)

    def best_split(self, node: _Node) -> _Split:
        inside = np.zeros(len(self.y), dtype=bool)
        inside[node.rows] = True
        best = _Split()
        for v in range(self.X.shape[1]):
            find = self._categorical if self.categorical[v] else self._continuous
            gain, goes = find(v, inside)
            improve = gain / node.risk if node.risk > 0 else 0.0
            self.iscale = max(self.iscale, improve)
            if goes is not None and improve > self.iscale * 1e-10 and gain > best.gain:
                best = _Split(gain, goes[node.rows])
        return best

    def grow(self, node: _Node, depth: int) -> tuple[int, float]:
        """Split ``node`` and its descendants; (number of splits kept, their total risk)."""
        cap = min(node.risk, node.complexity)  # the root's complexity is its risk
        if (len(node.rows) < self.rules.minsplit or cap <= self.alpha
                or depth >= self.rules.maxdepth):
            node.complexity = self.alpha
            return 0, node.risk
        split = self.best_split(node)
        if split.goes_left is None:
            node.complexity = self.alpha
            return 0, node.risk
        lrows, rrows = node.rows[split.goes_left], node.rows[~split.goes_left]
        node.left = _Node(2 * node.number, lrows, self.risk(lrows), cap - self.alpha)
        self.leaf[lrows] = node.left.number
        n_left, risk_left = self.grow(node.left, depth + 1)
        cap2 = max((node.risk - risk_left) / (n_left + 1), node.risk - node.left.risk)
        cap2 = min(cap2, node.complexity)
        node.right = _Node(2 * node.number + 1, rrows, self.risk(rrows), cap2 - self.alpha)
        self.leaf[rrows] = node.right.number
        n_right, risk_right = self.grow(node.right, depth + 1)
        return self._settle(node, n_left, risk_left, n_right, risk_right)

    def _settle(self, node, n_left, risk_left, n_right, risk_right) -> tuple[int, float]:
        """rpart's test once both children are grown: the complexity of this split counts a
        child's subtree as collapsed when the child's own complexity is the smaller (it is
        pruned first as cp rises); the split is undone if that complexity is <= alpha."""
        kids = [node.left, node.right]
        risk, splits = [risk_left, risk_right], [n_left, n_right]

        def cost():
            return (node.risk - sum(risk)) / (sum(splits) + 1)

        first = 0 if node.right.complexity > node.left.complexity else 1
        if cost() > kids[first].complexity:
            risk[first], splits[first] = kids[first].risk, 0
            if cost() > kids[1 - first].complexity:
                risk[1 - first], splits[1 - first] = kids[1 - first].risk, 0
        node.complexity = cost()
        if node.complexity <= self.alpha:
            node.left = node.right = None
            self.leaf[node.rows] = node.number
            return 0, node.risk
        return sum(splits) + 1, sum(risk)


def regression_tree(X, y, *, categorical=None, cp: float = 0.01, minsplit: int = 20,
                    minbucket: int = 7, maxdepth: int = 30) -> np.ndarray:
    """The leaf of every row in the least-squares tree grown by rpart's rules.

    Parameters
    ----------
    X : array-like (n,) or (n, p)
        Factors (finite). Categorical columns hold integer codes 0..L-1.
    y : array-like (n,)
        Response (finite).
    categorical : sequence of bool, optional
        Which columns are categorical (default: none).
    cp, minsplit, minbucket, maxdepth
        rpart's ``rpart.control`` rules (module docstring); defaults as rpart.

    Returns
    -------
    ndarray of int
        rpart's node number of each row's leaf (the root is 1, children 2 n and 2 n + 1).

    Examples
    --------
    >>> x = list(range(40))
    >>> y = [0.0] * 20 + [1.0] * 20
    >>> np.unique(regression_tree(x, y)).tolist()
    [2, 3]
    """
    X = np.asarray(X, dtype=float)
    X = X[:, None] if X.ndim == 1 else X
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or len(X) != len(y) or y.ndim != 1:
        raise DataError("regression tree: X must be (n, p) and y (n,)")
    if not (np.isfinite(X).all() and np.isfinite(y).all()):
        raise DataError("regression tree: X and y must be finite (drop missing rows)")
    if minbucket < 1 or minsplit < 2 or maxdepth < 1 or not 0 <= cp < 1:
        raise DataError(f"regression tree: need minbucket >= 1, minsplit >= 2, maxdepth >= 1 "
                        f"and 0 <= cp < 1; got {minbucket}, {minsplit}, {maxdepth}, {cp}")
    cat = np.zeros(X.shape[1], dtype=bool) if categorical is None else np.asarray(categorical,
                                                                                   dtype=bool)
    g = _Grower(X, cat, y, TreeRules(cp, minsplit, minbucket, maxdepth))
    g.order = [np.argsort(X[:, v], kind="stable") for v in range(X.shape[1])]
    rows = np.arange(len(y))
    root = _Node(1, rows, g.risk(rows), 0.0)
    root.complexity = root.risk
    g.alpha = cp * root.risk
    g.leaf = np.ones(len(y), dtype=np.int64)
    g.grow(root, 0)
    return g.leaf
