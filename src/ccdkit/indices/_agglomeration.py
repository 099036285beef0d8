"""Industry agglomeration indices from firm-level data (METHODS section 1).

For region j and year t, with X = total assets of listed firms:

* location quotient LQ_jt = (X_target,jt / X_all,jt) / (X_target,t / X_all,t);
* concentration ratio CR_n,jt = sum of the n largest target firms in j divided by the
  national target total (``scope="national"``) or by j's own target total (``"within"``);
* Herfindahl H_jt = sum over target firms f in j of (X_f / X_target,t)^2 (``national``:
  j's contribution to the national firm-level HHI) or of (X_f / X_target,jt)^2 (``within``).

National totals are over every firm in the table (all regions). A region-year with no
target firm gets LQ = CR = H = 0; a region-year without any firm (X_all = 0) is an error.
The composite agglomeration score is the entropy-weighted sum of the min-max standardized
indices.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..data import region_order
from ..exceptions import DataError
from ..specs import Params
from ._composite import IndexResult, composite_index

__all__ = ["agglomeration_indices", "agglomeration_index", "AGGLOMERATION_INDICES"]

AGGLOMERATION_INDICES = ("lq", "cr", "hhi")
_FIRM_COLUMNS = ("firm", "year", "region", "total_assets", "is_target")


def _check_firms(firms: pd.DataFrame) -> pd.DataFrame:
    absent = [c for c in _FIRM_COLUMNS if c not in firms.columns]
    if absent:
        raise DataError(f"firm table lacks columns {absent} (see ccdkit.read_firms)")
    assets = pd.to_numeric(firms["total_assets"], errors="coerce")
    if assets.isna().any():
        raise DataError(f"{int(assets.isna().sum())} firm row(s) without total assets")
    if (assets < 0).any():
        bad = firms.loc[assets < 0, ["firm", "year"]].head(5).values.tolist()
        raise DataError(f"negative total assets for firm-year(s) {bad}")
    return firms.assign(total_assets=assets.astype(float),
                        is_target=firms["is_target"].astype(bool))


def agglomeration_indices(
    firms: pd.DataFrame,
    *,
    n: int = 4,
    scope: str = "national",
    regions: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
) -> pd.DataFrame:
    """Location quotient, concentration ratio CR_n and Herfindahl index per region-year.

    Parameters
    ----------
    firms : DataFrame
        Columns ``firm``, ``year``, ``region``, ``total_assets``, ``is_target`` (as returned
        by :func:`~ccdkit.read_firms`). Not modified.
    n : int, default 4
        Number of largest target firms in CR_n.
    scope : {"national", "within"}, default "national"
        Denominator of CR and H: the national target-industry total, or the region's own.
    regions, years : iterable, optional
        The grid of region-years to report (default: those in the table). National totals
        always use every firm in the table.

    Returns
    -------
    DataFrame
        ``region``, ``year``, ``lq``, ``cr``, ``hhi``, plus ``assets_all`` and
        ``assets_target`` (X_all,jt and X_target,jt).

    Raises
    ------
    DataError
        Missing columns, negative assets, or a region-year of the grid with no firm at all.

    Examples
    --------
    >>> f = pd.DataFrame({"firm": ["a", "b", "c", "d"], "year": 2020,
    ...                   "region": ["Beijing", "Beijing", "Tianjin", "Tianjin"],
    ...                   "total_assets": [30.0, 10.0, 10.0, 50.0],
    ...                   "is_target": [True, False, True, False]})
    >>> agglomeration_indices(f)[["region", "lq", "cr", "hhi"]].round(4).values.tolist()
    [['Beijing', 1.875, 0.75, 0.5625], ['Tianjin', 0.4167, 0.25, 0.0625]]
    """
    if scope not in ("national", "within"):
        raise DataError(f"scope must be 'national' or 'within', got {scope!r}")
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise DataError(f"n must be a positive integer, got {n!r}")
    firms = _check_firms(firms)
    regions = region_order(regions if regions is not None else firms["region"].unique())
    years = sorted({int(y) for y in (years if years is not None else firms["year"].unique())})
    grid = pd.MultiIndex.from_product([regions, years], names=["region", "year"])

    target = firms[firms["is_target"]]
    x_all = firms.groupby(["region", "year"])["total_assets"].sum().reindex(grid, fill_value=0.0)
    x_tgt = target.groupby(["region", "year"])["total_assets"].sum().reindex(grid, fill_value=0.0)
    nat_all = firms.groupby("year")["total_assets"].sum().reindex(years, fill_value=0.0)
    nat_tgt = target.groupby("year")["total_assets"].sum().reindex(years, fill_value=0.0)

    empty = x_all.index[x_all.to_numpy() <= 0]
    if len(empty):
        shown = ", ".join(f"{r} {y}" for r, y in list(empty)[:10])
        raise DataError(f"{len(empty)} region-year(s) have no listed firm (total assets of all "
                        f"firms = 0), so the location quotient is undefined: {shown}")
    year_of = grid.get_level_values("year")
    share_nat = (nat_tgt / nat_all.where(nat_all > 0)).reindex(year_of).to_numpy()
    share_reg = x_tgt.to_numpy() / x_all.to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        lq = np.where(x_tgt.to_numpy() > 0, share_reg / share_nat, 0.0)

    ranked = target.sort_values(["region", "year", "total_assets"],
                                ascending=[True, True, False], kind="stable")
    top = ranked[ranked.groupby(["region", "year"]).cumcount() < n]
    top_sum = top.groupby(["region", "year"])["total_assets"].sum().reindex(grid, fill_value=0.0)
    if scope == "national":
        denom_f = target["year"].map(nat_tgt)
        denom_cr = nat_tgt.reindex(year_of).to_numpy()
    else:
        denom_f = target.groupby(["region", "year"])["total_assets"].transform("sum")
        denom_cr = x_tgt.to_numpy()
    sq = (target["total_assets"] / denom_f) ** 2
    hhi = sq.groupby([target["region"], target["year"]]).sum().reindex(grid, fill_value=0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        cr = np.where(x_tgt.to_numpy() > 0, top_sum.to_numpy() / denom_cr, 0.0)
    out = pd.DataFrame({"region": grid.get_level_values("region").astype(object),
                        "year": year_of.astype("int64"), "lq": lq, "cr": cr,
                        "hhi": hhi.to_numpy(), "assets_all": x_all.to_numpy(),
                        "assets_target": x_tgt.to_numpy()})
    return out


def agglomeration_index(
    firms: pd.DataFrame,
    *,
    n: int = 4,
    scope: str = "national",
    indices: Sequence[str] = AGGLOMERATION_INDICES,
    weighting: str | Mapping | Params = "entropy",
    pooling: str = "pooled",
    regions: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
    name: str = "agglomeration",
) -> IndexResult:
    """Composite industry agglomeration score from firm data (paper section 4.1.1).

    The chosen indices (LQ, CR_n, H; all benefit-type) are min-max standardized and
    combined with weights (entropy by default; any method of
    :data:`~ccdkit.indices.weights.WEIGHTING` with its options) into
    score = sum_j w_j x'_j.

    Returns
    -------
    IndexResult
        With ``components``: LQ, CR_n, H and the assets per region-year.

    Examples
    --------
    >>> f = pd.DataFrame({"firm": list("abcdef"), "year": 2020,
    ...                   "region": ["Beijing", "Beijing", "Tianjin", "Tianjin", "Hebei", "Hebei"],
    ...                   "total_assets": [30.0, 10, 10, 50, 5, 40],
    ...                   "is_target": [True, False, True, False, True, False]})
    >>> res = agglomeration_index(f)
    >>> res.scores.round(4)[["region", "agglomeration"]].values.tolist()
    [['Beijing', 1.0], ['Tianjin', 0.1185], ['Hebei', 0.0]]
    """
    bad = [i for i in indices if i not in AGGLOMERATION_INDICES]
    if bad or not indices:
        raise DataError(f"indices must be a non-empty subset of {AGGLOMERATION_INDICES}, "
                        f"got {list(indices)}")
    table = agglomeration_indices(firms, n=n, scope=scope, regions=regions, years=years)
    res = composite_index(table[["region", "year", *indices]], list(indices),
                          weighting=weighting, scoring="weighted_sum", pooling=pooling, name=name)
    res.components = table
    res.options.update({"n": int(n), "scope": scope, "indices": list(indices)})
    return res
