"""Summaries of a coupling coordination panel that studies report (paper Figs. 4-6).

Group means by year, type counts and shares by year, type transitions between
consecutive years (a Markov matrix), growth of D per region, top/bottom regions per year,
and the Dagum Gini decomposition of D by region group.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..data import coordination_labels, group_label, region_groups
from ..exceptions import DataError
from ..text import tr
from ._ccd import CouplingResult
from ._inequality import dagum_gini_panel

__all__ = ["CouplingSummary", "summarize_coupling", "mean_by_group", "group_means", "type_shares",
           "type_transitions", "growth_by_region", "top_bottom"]

NATION = "nation"


def _example_result():  # used by the examples below
    import pandas as pd

    from ._ccd import coupling_coordination

    panel = pd.DataFrame({"region": ["Beijing", "Sichuan"] * 2, "year": [2012, 2012, 2013, 2013],
                          "U1": [0.36, 0.04, 0.49, 0.09], "U2": [0.36, 0.04, 0.49, 0.09]})
    return coupling_coordination(panel)  # D = 0.6, 0.2, 0.7, 0.3


def _panel(result: CouplingResult) -> pd.DataFrame:
    frame = result.to_frame()
    if not {"region", "year"} <= set(frame.columns):
        raise DataError("panel summaries need a coupling result computed on a panel with "
                        "'region' and 'year' columns")
    frame["type_code"] = result.type_code
    return frame


def _groups(groups, regions) -> dict[str, list[str]]:
    return region_groups(groups, regions=regions)


def mean_by_group(result: CouplingResult, groups: str | Mapping[str, Sequence[str]] = "region3",
                  columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Mean of U, C, T and D by year for the nation and each region group.

    Returns a long frame: ``year``, ``group`` (``"nation"`` first, then the groups in their
    order) and one column per statistic.

    Examples
    --------
    >>> mean_by_group(_example_result(), columns=["D"]).round(2).values.tolist()
    [[2012, 'nation', 0.4], [2012, 'east', 0.6], [2012, 'west', 0.2], [2013, 'nation', 0.5], [2013, 'east', 0.7], [2013, 'west', 0.3]]
    """
    columns = list(columns) if columns is not None else [*result.systems, "C", "T", "D"]
    return group_means(_panel(result), columns, groups)


def group_means(frame: pd.DataFrame, columns: Sequence[str],
                groups: str | Mapping[str, Sequence[str]] = "region3") -> pd.DataFrame:
    """Mean of ``columns`` of a long panel by year, for the nation and each region group.

    Returns ``year``, ``group`` (``"nation"`` first, then the groups in their order) and the
    columns (any panel: coupling results, system scores, indicators).

    >>> p = pd.DataFrame({"region": ["Beijing", "Tianjin", "Sichuan"], "year": 2020,
    ...                   "x": [1.0, 3.0, 5.0]})
    >>> group_means(p, ["x"]).values.tolist()
    [[2020, 'nation', 3.0], [2020, 'east', 2.0], [2020, 'west', 5.0]]
    """
    columns = list(columns)
    members = _groups(groups, frame["region"].unique())
    parts = [frame.groupby("year")[columns].mean().assign(group=NATION)]
    for name, regions in members.items():
        sub = frame[frame["region"].isin(regions)]
        parts.append(sub.groupby("year")[columns].mean().assign(group=name))
    out = pd.concat(parts).reset_index()
    order = {g: i for i, g in enumerate([NATION, *members])}
    out = out.assign(_o=out["group"].map(order)).sort_values(["year", "_o"]).drop(columns="_o")
    return out[["year", "group", *columns]].reset_index(drop=True)


def type_shares(result: CouplingResult, lang: str = "en") -> pd.DataFrame:
    """Count and share of units in each of the ten coordination types, per year.

    All ten types appear for every year (count 0 where empty), in type order.

    Examples
    --------
    >>> t = type_shares(_example_result())
    >>> t[t["count"] > 0][["year", "type", "share"]].values.tolist()
    [[2012, 'Moderate disorder', 0.5], [2012, 'Primary coordination', 0.5], [2013, 'Mild disorder', 0.5], [2013, 'Intermediate coordination', 0.5]]
    """
    frame = _panel(result)
    labels = coordination_labels(lang)
    years = sorted(frame["year"].unique())
    counts = np.zeros((len(years), len(labels)), dtype=int)
    yi = np.searchsorted(years, frame["year"].to_numpy())
    np.add.at(counts, (yi, frame["type_code"].to_numpy()), 1)
    out = pd.DataFrame({
        "year": np.repeat(years, len(labels)),
        "type": pd.Categorical(np.tile(labels, len(years)), categories=labels, ordered=True),
        "count": counts.ravel(),
    })
    totals = out.groupby("year")["count"].transform("sum")
    out["share"] = out["count"] / totals
    return out


@dataclass
class TypeTransitions:
    """Transitions of regions between coordination types from one year to the next.

    Attributes
    ----------
    counts : DataFrame
        10 x 10 counts (rows: type in year t, columns: type in year t+1), pooled over all
        consecutive year pairs.
    probabilities : DataFrame
        The Markov transition matrix: counts divided by their row sums (NaN for empty rows).
    moves : DataFrame
        Per year pair: how many regions moved up, stayed, moved down.
    """

    counts: pd.DataFrame
    probabilities: pd.DataFrame
    moves: pd.DataFrame


def type_transitions(result: CouplingResult, lang: str = "en") -> TypeTransitions:
    """Type transition matrix between consecutive years (a Markov chain on the 10 types).

    Examples
    --------
    >>> type_transitions(_example_result()).moves.values.tolist()
    [[2012, 2013, 2, 0, 0]]
    """
    frame = _panel(result)[["region", "year", "type_code"]]
    labels = coordination_labels(lang)
    nxt = frame.assign(year=frame["year"] - 1).rename(columns={"type_code": "to"})
    pairs = frame.merge(nxt, on=["region", "year"]).rename(columns={"type_code": "from"})
    counts = np.zeros((10, 10), dtype=int)
    np.add.at(counts, (pairs["from"].to_numpy(), pairs["to"].to_numpy()), 1)
    counts_df = pd.DataFrame(counts, index=labels, columns=labels)
    with np.errstate(invalid="ignore", divide="ignore"):
        probs = counts / counts.sum(axis=1, keepdims=True)
    probs_df = pd.DataFrame(probs, index=labels, columns=labels)
    step = np.sign(pairs["to"] - pairs["from"])
    moves = pairs.assign(up=step > 0, same=step == 0, down=step < 0).groupby("year")[
        ["up", "same", "down"]].sum().astype(int).reset_index()
    moves.insert(1, "to_year", moves["year"] + 1)
    moves = moves.rename(columns={"year": "from_year"})
    return TypeTransitions(counts_df, probs_df, moves)


def growth_by_region(result: CouplingResult, column: str = "D") -> pd.DataFrame:
    """Change of ``column`` between each region's first and last year.

    Columns: region, first_year, last_year, first, last, change, pct_change and
    annual_rate (compound: (last/first)^(1/years) - 1); both rates are NaN (undefined, not
    infinite) where the first value is 0.

    Examples
    --------
    >>> growth_by_region(_example_result())[["region", "change"]].round(2).values.tolist()
    [['Beijing', 0.1], ['Sichuan', 0.1]]
    """
    panel = _panel(result)
    frame = panel.sort_values(["region", "year"])
    g = frame.groupby("region", sort=False)
    out = pd.DataFrame({
        "first_year": g["year"].first(), "last_year": g["year"].last(),
        "first": g[column].first(), "last": g[column].last(),
    })
    out["change"] = out["last"] - out["first"]
    span = (out["last_year"] - out["first_year"]).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["pct_change"] = out["change"] / out["first"]
        out["annual_rate"] = np.where(span > 0, (out["last"] / out["first"]) ** (1 / span) - 1,
                                      np.nan)
    for col in ("pct_change", "annual_rate"):
        out.loc[out["first"] == 0, col] = np.nan
    order = {r: i for i, r in enumerate(dict.fromkeys(panel["region"]))}
    out = out.reset_index()
    return out.iloc[out["region"].map(order).argsort()].reset_index(drop=True)


def top_bottom(result: CouplingResult, n: int = 3, column: str = "D") -> pd.DataFrame:
    """The ``n`` highest and lowest regions by ``column`` in each year.

    Columns: year, rank, top, top_value, bottom, bottom_value (ties broken by region order).

    Examples
    --------
    >>> top_bottom(_example_result(), n=1)[["year", "top", "bottom"]].values.tolist()
    [[2012, 'Beijing', 'Sichuan'], [2013, 'Beijing', 'Sichuan']]
    """
    frame = _panel(result)
    rows = []
    for year, sub in frame.groupby("year", sort=True):
        hi = sub.sort_values(column, ascending=False, kind="stable").head(n)
        lo = sub.sort_values(column, ascending=True, kind="stable").head(n)
        for k in range(min(n, len(sub))):
            rows.append({"year": year, "rank": k + 1,
                         "top": hi["region"].iloc[k], "top_value": hi[column].iloc[k],
                         "bottom": lo["region"].iloc[k], "bottom_value": lo[column].iloc[k]})
    return pd.DataFrame(rows)


@dataclass
class CouplingSummary:
    """All summaries of a coupling coordination panel (see :func:`summarize_coupling`)."""

    by_group: pd.DataFrame
    type_shares: pd.DataFrame
    transitions: TypeTransitions
    growth: pd.DataFrame
    top_bottom: pd.DataFrame
    gini: pd.DataFrame
    groups: dict[str, list[str]]
    diagnostics: object = None  # CouplingDiagnostics of all region-years (or None)
    dynamic: object = None  # DynamicCoupling of two systems (or None)

    def to_frames(self, lang: str | None = None) -> dict[str, pd.DataFrame]:
        """The summary tables by name (for :func:`~ccdkit.write_tables`); ``lang`` names
        the coordination types in that language whatever the summary was made with (the
        types are in code order: relabelled by position)."""
        shares, counts, probs = self.type_shares, self.transitions.counts, \
            self.transitions.probabilities
        if lang is not None:
            labels = coordination_labels(lang)
            shares = shares.assign(type=pd.Categorical.from_codes(
                shares["type"].cat.codes, categories=labels, ordered=True))
            counts = counts.set_axis(labels, axis=0).set_axis(labels, axis=1)
            probs = probs.set_axis(labels, axis=0).set_axis(labels, axis=1)
        return {
            "coupling_by_group": self.by_group,
            "type_shares": shares,
            "type_transitions": counts.rename_axis("from").reset_index(),
            "type_markov": probs.rename_axis("from").reset_index(),
            "type_moves": self.transitions.moves,
            "D_growth": self.growth,
            "D_top_bottom": self.top_bottom,
            "D_dagum_gini": self.gini,
            **({"coupling_diagnostics": self.diagnostics.summary.rename(
                columns={"statistic": "diagnostic"})} if self.diagnostics is not None else {}),
            **({"coupling_pseudo": self.diagnostics.pseudo}
               if self.diagnostics is not None and len(self.diagnostics.pseudo) else {}),
            **({"coupling_dynamic": self.dynamic.table,
                "coupling_dynamic_states": self.dynamic.counts}
               if self.dynamic is not None else {}),
        }

    def summary(self, lang: str = "en", whole: str | None = None) -> str:
        """Mean D of the first and last year by group and the Dagum Gini; ``whole`` names
        the group of all units (default 全国 / national)."""
        first, last = self.by_group["year"].min(), self.by_group["year"].max()
        lines = [tr("summary.mean_D", lang, first=first, last=last)]
        for name in [NATION, *self.groups]:
            sub = self.by_group[self.by_group["group"] == name].set_index("year")["D"]
            label = ((whole or tr("summary.national", lang)) if name == NATION
                     else group_label(name, lang))
            lines.append(tr("summary.group_D", lang, group=label, first=sub[first],
                            last=sub[last]))
        if len(self.gini):
            g = self.gini.set_index("year")
            lines.append(tr("summary.gini", lang, g_first=g["G"].iloc[0], first=first,
                            g_last=g["G"].iloc[-1], last=last))
        return "\n".join(lines)


def summarize_coupling(result: CouplingResult,
                       groups: str | Mapping[str, Sequence[str]] = "region3",
                       *, n_top: int = 3, lang: str = "en", diagnostics=None,
                       dynamic=None) -> CouplingSummary:
    """Every summary of a coupling coordination panel, by year and region group.

    Parameters
    ----------
    result : CouplingResult
        Computed on a panel (``region``, ``year``).
    groups : {"region3", "region4"} or mapping
        Region groups (a mapping naming an unknown region raises
        :class:`~ccdkit.exceptions.RegionError`).
    n_top : int
        Regions listed at the top and bottom per year.
    lang : {"en", "zh"}
        Labels of the coordination types.
    diagnostics : CouplingDiagnosticsOptions or mapping, optional
        Thresholds of :func:`~ccdkit.coupling.coupling_diagnostics` (default: declared).
    dynamic : DynamicCouplingOptions or mapping, optional
        The dynamic coupling model's speed and window; ``enabled=False`` skips it.

    Examples
    --------
    >>> import pandas as pd
    >>> panel = pd.DataFrame({"region": ["Beijing", "Sichuan"] * 2, "year": [2012, 2012, 2013, 2013],
    ...                       "U1": [0.6, 0.2, 0.7, 0.3], "U2": [0.5, 0.1, 0.6, 0.2]})
    >>> from ccdkit import coupling_coordination
    >>> s = summarize_coupling(coupling_coordination(panel))
    >>> s.by_group[["year", "group"]].values.tolist()[:3]
    [[2012, 'nation'], [2012, 'east'], [2012, 'west']]
    """
    frame = _panel(result)
    members = _groups(groups, frame["region"].unique())
    finite = frame[np.isfinite(frame["D"])]
    gini = (dagum_gini_panel(finite, "D", members) if len(finite) and (finite["D"] > 0).any()
            else pd.DataFrame())
    return CouplingSummary(
        by_group=mean_by_group(result, members),
        type_shares=type_shares(result, lang),
        transitions=type_transitions(result, lang),
        growth=growth_by_region(result),
        top_bottom=top_bottom(result, n_top),
        gini=gini,
        groups=members,
        diagnostics=_diagnostics(result, diagnostics),
        dynamic=_dynamic(result, dynamic),
    )


def _dynamic(result: CouplingResult, options):
    """The dynamic coupling model of two systems (None for more, one year, or disabled)."""
    from ._dynamic import dynamic_coupling
    from ._params import DynamicCouplingOptions

    opts = DynamicCouplingOptions.model_validate(options or {})
    if not opts.enabled or len(result.systems) != 2 or result.U["year"].nunique() < 2:
        return None
    systems = list(result.systems)
    if opts.vertical is not None:
        if opts.vertical not in systems:
            raise DataError(f"dynamic.vertical: {opts.vertical!r} is not a coupled system "
                            f"({systems})")
        systems.sort(key=lambda s: s != opts.vertical)  # the vertical one first
    return dynamic_coupling(result.U, systems, speed=opts.speed, window=opts.window)


def _diagnostics(result: CouplingResult, options):
    """The validity diagnostics of the run's C and D (None when the scores are not in
    [0, 1], e.g. rescaled inputs)."""
    from ._diagnostics import coupling_diagnostics
    from ._params import CouplingDiagnosticsOptions

    u = result.U[result.systems].to_numpy(dtype=float)
    ok = np.isfinite(u).all(axis=1)
    if ok.sum() < 2 or (u[ok] < 0).any() or (u[ok] > 1).any():
        return None
    opts = CouplingDiagnosticsOptions.model_validate(options or {}).model_dump()
    diag = coupling_diagnostics(u[ok], model=result.options.get("coupling", "classic"),
                                weights=result.options.get("weights"), **opts)
    keys = result.U.loc[ok, [k for k in ("region", "year") if k in result.U]]
    rows = diag.pseudo["row"].to_numpy()  # the pseudo-coupled units by region and year
    diag.pseudo = pd.concat([keys.iloc[rows].reset_index(drop=True),
                             diag.pseudo.drop(columns="row").reset_index(drop=True)], axis=1)
    return diag
