"""Filling gaps in a region-year panel, with a log of every imputed cell (METHODS section 0).

Within each region and variable, over the years:

* interior gaps (between two observed years) — ``method="linear"``: linear interpolation
  in the year; ``"none"``: left missing;
* leading and trailing gaps — ``edges="moving_average"``: the mean of the ``window``
  nearest observed years (the paper's "moving average"); ``"trend"``: the least-squares
  line through the ``window`` nearest observed years, extrapolated (with a single
  observation it falls back to that value); ``"none"``: left missing.

Nothing is filled silently: the result carries an imputation table (region, year,
variable, method, value) and an :class:`~ccdkit.exceptions.ImputationWarning` is issued.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..exceptions import DataError, ImputationWarning
from ._units import region_order
from ..text import warning

__all__ = ["impute_panel", "complete_panel", "ImputationResult", "IMPUTE_METHODS", "EDGE_METHODS",
           "ImputeOptions"]

IMPUTE_METHODS = ("linear", "none")
EDGE_METHODS = ("moving_average", "trend", "none")


class ImputeOptions(BaseModel):
    """The imputation step's options, declared once: :func:`impute_panel` takes the same
    values with the same defaults (a test checks its signature against this declaration)
    and the study config's ``impute`` block is this model."""

    model_config = ConfigDict(extra="forbid")

    method: Literal[IMPUTE_METHODS] = Field(  # type: ignore[valid-type]
        "linear", description="interior gaps: linear interpolation between observed years, "
                              "or none")
    edges: Literal[EDGE_METHODS] = Field(  # type: ignore[valid-type]
        "moving_average", description="leading and trailing gaps: the mean of the nearest "
                                      "years, a linear trend, or none")
    window: int = Field(3, ge=1, description="observed years used at the edges")
    extrapolate: int = Field(
        2, ge=0, le=50, description="years beyond a variable's first or last year with data "
                                    "that the edge method may fill; more is an error")
_KEYS = ("region", "year")


def _check_panel(panel: pd.DataFrame) -> None:
    missing = [k for k in _KEYS if k not in panel.columns]
    if missing:
        raise DataError(f"a panel needs columns 'region' and 'year'; missing: {missing}")
    if panel.duplicated(list(_KEYS)).any():
        dup = panel.loc[panel.duplicated(list(_KEYS), keep=False), list(_KEYS)]
        raise DataError("duplicate (region, year) rows in the panel: "
                        + ", ".join(f"{r}/{y}" for r, y in dup.itertuples(index=False))[:500])


def complete_panel(panel: pd.DataFrame, *, regions: Iterable[str] | None = None,
                   years: Iterable[int] | None = None) -> pd.DataFrame:
    """Reindex a panel to the full grid regions x years (absent rows become NaN rows).

    Examples
    --------
    >>> p = pd.DataFrame({"region": ["Beijing"], "year": [2012], "x": [1.0]})
    >>> complete_panel(p, years=[2012, 2013])
        region  year    x
    0  Beijing  2012  1.0
    1  Beijing  2013  NaN
    """
    _check_panel(panel)
    regions = region_order(regions if regions is not None else panel["region"].unique())
    years = sorted(set(int(y) for y in (years if years is not None else panel["year"].unique())))
    grid = pd.MultiIndex.from_product([regions, years], names=list(_KEYS))
    out = panel.set_index(list(_KEYS)).reindex(grid).reset_index()
    out["region"] = out["region"].astype(object)
    out["year"] = out["year"].astype("int64")
    return out


@dataclass
class ImputationResult:
    """Result of :func:`impute_panel`.

    Attributes
    ----------
    data : DataFrame
        The completed, filled panel (full regions x years grid).
    log : DataFrame
        One row per imputed cell: ``region, year, variable, method, value``.
    unfilled : DataFrame
        Cells still missing: ``region, year, variable, reason``.
    options : dict
        The options used (``method``, ``edges``, ``window``).
    """

    data: pd.DataFrame
    log: pd.DataFrame
    unfilled: pd.DataFrame
    options: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """The imputation table (one row per imputed cell)."""
        return self.log.copy()

    def summary(self) -> str:
        """A short text summary: counts by variable and method."""
        lines = [f"Imputation (method={self.options.get('method')}, "
                 f"edges={self.options.get('edges')}, window={self.options.get('window')}): "
                 f"{len(self.log)} cell(s) imputed, {len(self.unfilled)} left missing"]
        if len(self.log):
            counts = self.log.groupby(["variable", "method"]).size()
            for (var, meth), n in counts.items():
                lines.append(f"  {var}: {n} by {meth}")
        return "\n".join(lines)


def _fill_series(x: np.ndarray, y: np.ndarray, method: str, edges: str,
                 window: int) -> tuple[np.ndarray, np.ndarray]:
    """Fill one series; returns the filled values and per-cell method codes.

    Codes: 0 observed / not filled, 1 linear, 2 moving_average, 3 trend.
    """
    y = y.astype(float).copy()
    code = np.zeros(len(y), dtype=np.int8)
    obs = ~np.isnan(y)
    if not obs.any():
        return y, code
    xo, yo = x[obs], y[obs]
    first, last = np.flatnonzero(obs)[[0, -1]]
    idx = np.arange(len(y))
    inner = ~obs & (idx > first) & (idx < last)
    if method == "linear" and inner.any():
        y[inner] = np.interp(x[inner], xo, yo)
        code[inner] = 1
    for side, mask in (("lead", ~obs & (idx < first)), ("trail", ~obs & (idx > last))):
        if not mask.any() or edges == "none":
            continue
        near = slice(0, window) if side == "lead" else slice(-window, None)
        xs, ys = xo[near], yo[near]
        if edges == "trend" and len(xs) >= 2:
            # least squares on centred years (fitting on raw years ~2000 loses digits)
            xc = xs.astype(float) - xs.mean()
            slope = float((xc * (ys - ys.mean())).sum() / (xc ** 2).sum())
            y[mask] = ys.mean() + slope * (x[mask] - xs.mean())
            code[mask] = 3
        else:
            y[mask] = ys.mean()
            code[mask] = 2
    return y, code


#: Names of the fill codes of :func:`_fill_series` (0: observed).
_FILL_NAMES = np.array(["", "linear", "moving_average", "trend"], dtype=object)


def _fill_matrix(year_vals: np.ndarray, mat: np.ndarray, method: str, edges: str,
                 window: int) -> tuple[np.ndarray, np.ndarray]:
    """Every region's series filled (regions x years), with the code of each fill."""
    filled = np.empty_like(mat)
    codes = np.zeros(mat.shape, dtype=np.int8)
    for i in range(mat.shape[0]):
        filled[i], codes[i] = _fill_series(year_vals, mat[i], method, edges, window)
    return filled, codes


def impute_panel(
    panel: pd.DataFrame,
    *,
    method: str = "linear",
    edges: str = "moving_average",
    window: int = 3,
    variables: Sequence[str] | None = None,
    regions: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
) -> ImputationResult:
    """Fill missing cells of a region-year panel, region by region over the years.

    Parameters
    ----------
    panel : DataFrame
        Long panel with ``region``, ``year`` and variable columns (not modified).
    method : {"linear", "none"}, default "linear"
        Interior gaps: linear interpolation in the year, or left missing.
    edges : {"moving_average", "trend", "none"}, default "moving_average"
        Leading/trailing gaps: mean of the ``window`` nearest observed years, their
        least-squares linear trend extrapolated, or left missing.
    window : int, default 3
        Number of nearest observed years used for the edges.
    variables : sequence of str, optional
        Columns to fill (default: every column except region and year).
    regions, years : iterable, optional
        The grid to complete to (default: those present in ``panel``).

    Returns
    -------
    ImputationResult
        ``data`` (filled, full grid), ``log`` (every imputed cell), ``unfilled``.

    Warns
    -----
    ImputationWarning
        When any cell was imputed or could not be filled.

    Examples
    --------
    >>> p = pd.DataFrame({"region": ["Beijing"] * 4, "year": [2012, 2013, 2014, 2015],
    ...                   "x": [float("nan"), 2.0, float("nan"), 6.0]})
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     res = impute_panel(p)
    >>> res.data["x"].tolist()
    [4.0, 2.0, 4.0, 6.0]
    >>> res.log[["year", "method", "value"]].values.tolist()
    [[2012, 'moving_average', 4.0], [2014, 'linear', 4.0]]
    """
    if method not in IMPUTE_METHODS:
        raise DataError(f"impute method must be one of {IMPUTE_METHODS}, got {method!r}")
    if edges not in EDGE_METHODS:
        raise DataError(f"impute edges must be one of {EDGE_METHODS}, got {edges!r}")
    if not isinstance(window, (int, np.integer)) or window < 1:
        raise DataError(f"impute window must be a positive integer, got {window!r}")
    full = complete_panel(panel, regions=regions, years=years)
    if variables is None:
        variables = [c for c in full.columns if c not in _KEYS]
    absent = [v for v in variables if v not in full.columns]
    if absent:
        raise DataError(f"variables not in the panel: {absent}")
    region_ids = np.array(list(dict.fromkeys(full["region"])), dtype=object)
    year_vals = np.array(sorted(full["year"].unique()), dtype=float)
    logs, unfilled = [], []
    data = full.copy()
    for var in variables:
        values = pd.to_numeric(full[var], errors="coerce").to_numpy(dtype=float)
        mat = values.reshape(len(region_ids), len(year_vals))  # region-major, year-minor
        filled, codes = _fill_matrix(year_vals, mat, method, edges, window)
        data[var] = filled.ravel()
        ri, yi = np.nonzero(codes)
        if len(ri):
            logs.append(pd.DataFrame({
                "region": region_ids[ri], "year": year_vals[yi].astype("int64"),
                "variable": var, "method": _FILL_NAMES[codes[ri, yi]],
                "value": filled[ri, yi]}))
        ri, yi = np.nonzero(np.isnan(filled))
        if len(ri):
            empty_rows = np.isnan(mat).all(axis=1)
            reason = np.where(empty_rows[ri], "no observed year for this region",
                              f"not filled (method={method}, edges={edges})")
            unfilled.append(pd.DataFrame({
                "region": region_ids[ri], "year": year_vals[yi].astype("int64"),
                "variable": var, "reason": reason}))
    log = (pd.concat(logs, ignore_index=True) if logs else
           pd.DataFrame(columns=["region", "year", "variable", "method", "value"]))
    left = (pd.concat(unfilled, ignore_index=True) if unfilled else
            pd.DataFrame(columns=["region", "year", "variable", "reason"]))
    if len(log) or len(left):
        warnings.warn(warning(ImputationWarning, "imputation.filled", n=len(log),
                              left=len(left)), stacklevel=2)
    return ImputationResult(data=data, log=log, unfilled=left,
                            options={"method": method, "edges": edges, "window": int(window)})
