"""Size effects of spatial units (SESU; Song et al. 2020; gdverse ``sesu_opgd`` /
``sesu_gozh``): the same study at several unit sizes (grid cells of 5, 10, ... km), q of
every factor at each size, and the size at which the explained heterogeneity stabilises.

At each size a detector model runs (``opgd``: :class:`~ccdkit.geodetector.GeoDetector`
with its options; ``gozh``: :func:`~ccdkit.geodetector.gozh`); the curve over sizes is a
statistic of the q of the factors significant at ``alpha`` (F test): their ``mean``
(gdverse) or 90 % quantile ``q90`` (R GD's ``sesu`` plot). The size is chosen from that
curve by a k rule (:func:`~ccdkit.geodetector.choose_k`: ``gdverse`` is gdverse's
``loess_optscale``; the default ``elbow`` is the knee one size earlier). Fewer, larger
units smooth y and the factors, so q usually rises with the unit size; the chosen size
is where the gain from coarser units becomes small, not a "true" scale.

References
----------
Song, Y., Wang, J., Ge, Y., & Xu, C. (2020). An optimal parameters-based geographical
detector model enhances geographic characteristics of explanatory variables for spatial
heterogeneity analysis. *GIScience & Remote Sensing*, 57(5), 593-610.
Lv, W., Lei, Y., Liu, F., Yan, J., Song, Y., & Zhao, W. (2025). gdverse: An R package for
spatial stratified heterogeneity family. *Transactions in GIS*, 29(2), e70032.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ._kselect import choose_k

__all__ = ["sesu", "SESUResult", "SESU_MODELS", "SESU_STATISTICS"]

SESU_MODELS = ("opgd", "gozh")
SESU_STATISTICS = ("mean", "q90")


@dataclass
class SESUResult:
    """SESU.

    Attributes
    ----------
    factor : DataFrame
        size, factor, q, p, significant: every factor at every size.
    curve : DataFrame
        size, statistic (of the significant factors' q), n_significant, N (rows).
    size : float
        The chosen unit size.
    fallback : bool
        The rule found no knee and took the largest statistic.
    options : dict
    """

    factor: pd.DataFrame
    curve: pd.DataFrame
    size: float
    fallback: bool
    options: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.curve

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"sesu": self.factor, "sesu_curve": self.curve}

    def summary(self) -> str:
        o = self.options
        head = (f"SESU ({o['model']}; {o['statistic']} of significant q; rule {o['select']}): "
                f"chosen size {self.size}" + (" (no knee: largest value)" if self.fallback
                                              else ""))
        return "\n".join([head, self.curve.to_string(index=False,
                                                     float_format=lambda v: f"{v:.6g}")])


def _factor_table(model: str, data: pd.DataFrame, y: str, factors, options: dict):
    if model == "gozh":
        from ._zones import gozh

        return gozh(data, y, factors, interaction=False, **options).factor
    from ._api import GeoDetector

    opts = {"permutations": 0, "bootstrap": 0, "interaction": False, "risk": False,
            "ecological_detector": False, **options}
    return GeoDetector(**opts).fit(data, y=y, factors=factors).factor_


def sesu(datasets: Mapping, y: str, factors=None, *, model: str = "opgd",
         statistic: str = "mean", select: str = "elbow", increase_rate: float = 0.05,
         alpha: float = 0.05, **options) -> SESUResult:
    """Size effects of spatial units (module docstring).

    Parameters
    ----------
    datasets : mapping of unit size to DataFrame
        The same variables aggregated to each unit size (e.g. {5: ndvi_5, 10: ndvi_10}).
    y : str
    factors : list of str, optional
    model : {"opgd", "gozh"}
    statistic : {"mean", "q90"}
    select : {"elbow", "gdverse", "max_q"}
    increase_rate : float
    alpha : float
        Factors with F-test p <= alpha enter the statistic (gdverse; R GD: p < 0.05).
    **options
        Options of the model (``GeoDetector`` or ``gozh``).

    Returns
    -------
    SESUResult
    """
    if model not in SESU_MODELS:
        raise DataError(f"model must be one of {SESU_MODELS}, got {model!r}")
    if statistic not in SESU_STATISTICS:
        raise DataError(f"statistic must be one of {SESU_STATISTICS}, got {statistic!r}")
    if not isinstance(datasets, Mapping) or len(datasets) < 2:
        raise DataError("sesu needs a mapping of at least two unit sizes to their data")
    rows, curve = [], []
    for size, data in datasets.items():
        if not isinstance(size, (int, float, np.integer, np.floating)) or size <= 0:
            raise DataError(f"sesu: unit sizes must be positive numbers, got {size!r}")
        table = _factor_table(model, data, y, factors, options)
        sig = table["p"].le(alpha) | table["p"].isna()
        for r, s in zip(table.itertuples(), sig):
            rows.append({"size": size, "factor": r.factor, "q": r.q, "p": r.p,
                         "significant": bool(s)})
        q = table.loc[sig, "q"].dropna().to_numpy()
        value = (np.nan if len(q) == 0 else float(q.mean()) if statistic == "mean"
                 else float(np.quantile(q, 0.9)))
        curve.append({"size": size, "statistic": value, "n_significant": int(len(q)),
                      "N": int(table["N"].max())})
    curve = pd.DataFrame(curve).sort_values("size", kind="stable").reset_index(drop=True)
    chosen, fell = choose_k(curve["size"], curve["statistic"], rule=select,
                            increase_rate=increase_rate)
    opts = {"model": model, "statistic": statistic, "select": select,
            "increase_rate": increase_rate, "alpha": alpha, **options}
    return SESUResult(pd.DataFrame(rows), curve, chosen, fell, opts)
