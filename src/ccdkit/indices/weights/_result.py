"""Result types of the weighting methods."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["WeightsResult", "AHPResult"]


@dataclass
class AHPResult:
    """An AHP judgment matrix with its eigenvector weights and consistency.

    Attributes
    ----------
    matrix : DataFrame
        The reciprocal pairwise comparison matrix A (a_ij = importance of i over j).
    weights : Series
        Principal right eigenvector of A, normalized to sum 1.
    lambda_max, CI, RI, CR : float
        Principal eigenvalue, consistency index (lambda_max - n)/(n - 1), random index of
        the chosen table, and consistency ratio CI/RI (0 for n <= 2).
    ri_table : str
        Name of the random-index table.
    mapping : dict
        Improved entropy only: ``g`` (the g_j compared), ``D``, ``alpha``, ``R``.
    """

    matrix: pd.DataFrame
    weights: pd.Series
    lambda_max: float
    CI: float
    RI: float
    CR: float
    ri_table: str
    mapping: dict = field(default_factory=dict)

    @property
    def consistent(self) -> bool:
        """Whether CR < 0.1."""
        return bool(self.CR < 0.1)

    def to_frame(self) -> pd.DataFrame:
        """The judgment matrix with a ``weight`` column."""
        out = self.matrix.copy()
        out["weight"] = self.weights
        return out

    def summary(self) -> str:
        lines = [f"AHP n={len(self.weights)}: lambda_max={self.lambda_max:.6f}, CI={self.CI:.6f}, "
                 f"RI={self.RI:.4f} ({self.ri_table}), CR={self.CR:.6f}"
                 + ("" if self.consistent else "  (CR >= 0.1: inconsistent)")]
        if self.mapping:
            m = self.mapping
            lines.append(f"  improved entropy mapping: D={m['D']:.6f}, alpha={m['alpha']}, "
                         f"R={m['R']:.6f}")
        for name, w in self.weights.items():
            lines.append(f"  {name}: {w:.6f}")
        return "\n".join(lines)


@dataclass
class WeightsResult:
    """Indicator weights and every intermediate of the method that produced them.

    Attributes
    ----------
    method : str
        Registry name of the method (``entropy``, ``improved_entropy``, ``critic``, ...).
    weights : Series
        Global indicator weights (index: indicator names), >= 0, summing to 1.
    table : DataFrame
        One row per indicator: ``dimension`` (if any), the method's intermediates (e.g.
        ``e``, ``g`` for entropy; ``sd``, ``conflict``, ``C`` for CRITIC; ``cv``),
        ``local_weight`` (within its dimension), ``dimension_weight`` and ``weight``.
    dimension_weights : Series or None
        Weight of each dimension (sum of its indicators' global weights).
    ahp : dict of str to AHPResult
        Judgment matrices (improved entropy and AHP): ``"dimensions"`` for the dimension
        level, a dimension id for each within-dimension matrix, ``"all"`` when flat.
    options : dict
        The options used.
    """

    method: str
    weights: pd.Series
    table: pd.DataFrame
    dimension_weights: pd.Series | None = None
    ahp: dict[str, AHPResult] = field(default_factory=dict)
    options: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """Per-indicator table (intermediates, local, dimension and global weights)."""
        return self.table.copy()

    def summary(self, labels: dict[str, str] | None = None) -> str:
        """A readable table of the weights with labels, intermediates and CRs."""
        labels = labels or {}
        opts = ", ".join(f"{k}={v}" for k, v in self.options.items() if not isinstance(v, dict))
        lines = [f"Weights by {self.method}" + (f" ({opts})" if opts else "")]
        cols = [c for c in self.table.columns if c not in ("dimension",)]
        width = max([len(labels.get(str(i), str(i))) for i in self.table.index] + [9])
        lines.append(" " * (width + 2) + "".join(f"{c:>16}" for c in cols))
        for name, row in self.table.iterrows():
            cells = []
            for c in cols:
                v = row[c]
                cells.append(f"{v:>16.6f}" if isinstance(v, (float, np.floating)) else f"{v!s:>16}")
            lines.append(f"  {labels.get(str(name), str(name)):<{width}}" + "".join(cells))
        for key, res in self.ahp.items():
            lines.append(f"  judgment matrix [{key}]: n={len(res.weights)}, "
                         f"lambda_max={res.lambda_max:.6f}, CR={res.CR:.6f}"
                         + ("" if res.consistent else " (>= 0.1)"))
        return "\n".join(lines)
