"""Charts of a study: D over time (Fig. 4), type shares (Fig. 5), interaction heat maps
(Fig. 7), factor q bars and weight bars. Each returns a matplotlib Figure, drawn from result
objects only, with the data it drew in ``fig.ccdkit["data"]``."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib as mpl
import numpy as np
import pandas as pd

from ..coupling import COORDINATION_BOUNDS
from ..data import coordination_labels, group_label
from ..text import tr
from ._style import TYPE_COLORS, require_matplotlib, style

__all__ = ["plot_coupling_over_time", "plot_type_shares", "plot_interaction_heatmaps",
           "plot_factor_q", "plot_weights"]


def _type_labels(lang: str) -> list[str]:
    return coordination_labels(lang)


def plot_coupling_over_time(by_group: pd.DataFrame, *, lang: str = "en", column: str = "D",
                            whole: str | None = None):
    """Mean D per year for all units and each region group, type bands shaded behind.

    ``by_group``: :attr:`CouplingSummary.by_group` (year, group, D); ``whole``: the name of
    the group of all units (default 全国 / National).
    """
    plt = require_matplotlib()
    with mpl.rc_context(style(lang)):
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        lo = max(0.0, np.floor(by_group[column].min() * 10) / 10 - 0.1)
        hi = min(1.0, np.ceil(by_group[column].max() * 10) / 10 + 0.1)
        labels = _type_labels(lang)
        for i, bound in enumerate(COORDINATION_BOUNDS):
            top = bound + 0.1
            if top <= lo or bound >= hi:
                continue
            ax.axhspan(bound, top, color=TYPE_COLORS[i], alpha=0.12, lw=0)
            ax.text(1.01, (max(bound, lo) + min(top, hi)) / 2, labels[i], transform=ax.get_yaxis_transform(),
                    va="center", fontsize=7, color="#555")
        for g, sub in by_group.groupby("group", sort=False):
            name = (whole or tr("label.national", lang)) if g == "nation" else group_label(g, lang)
            ax.plot(sub["year"], sub[column], marker="o", ms=3,
                    lw=2.2 if g == "nation" else 1.4, label=name,
                    color="#222" if g == "nation" else None)
        ax.set_ylim(lo, hi)
        ax.set_xlabel(tr("axis.year", lang))
        ax.set_ylabel(tr("axis.D", lang))
        years = sorted(by_group["year"].unique())
        ax.set_xticks(years)
        ax.tick_params(axis="x", rotation=45)
        ax.legend(loc="upper left", ncol=2, frameon=False)
        fig.tight_layout()
    fig.ccdkit = {"data": by_group[["year", "group", column]].copy()}
    return fig


def plot_type_shares(shares: pd.DataFrame, *, lang: str = "en"):
    """Stacked bars of the share of regions in each coordination type per year.

    ``shares``: :func:`~ccdkit.type_shares` (year, type, count, share).
    """
    plt = require_matplotlib()
    with mpl.rc_context(style(lang)):
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        wide = shares.pivot(index="year", columns="type", values="share")
        stacked_share_bars(ax, wide, TYPE_COLORS, lang)
        fig.tight_layout()
    fig.ccdkit = {"data": wide.reset_index()}
    return fig


def stacked_share_bars(ax, wide: pd.DataFrame, colors, lang: str, *,
                       legend_size=None) -> None:
    """Bars of shares per year (rows: years; columns: classes, labelled by their names)
    stacked to 100 %, a class's colour by its column position; all-zero classes left out
    of the bars and the legend."""
    bottom = np.zeros(len(wide))
    for i, col in enumerate(wide.columns):
        v = wide[col].to_numpy()
        if not v.any():
            continue
        ax.bar(wide.index.astype(str), v, bottom=bottom, color=colors[i], label=str(col),
               edgecolor="white", lw=0.5)
        bottom += v
    ax.set_ylim(0, 1)
    ax.set_ylabel(tr("axis.share", lang))
    ax.set_xlabel(tr("axis.year", lang))
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    ax.tick_params(axis="x", rotation=45)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False,
              fontsize=legend_size)


def plot_interaction_heatmaps(matrices: Mapping[int, pd.DataFrame],
                              types: Mapping[int, pd.DataFrame] | None = None, *,
                              lang: str = "en", labels: Mapping[str, str] | None = None,
                              alpha: float = 0.05):
    """One panel per year: lower triangle q(Xi ∩ Xj), diagonal q(Xi), annotated; the
    interaction type is marked: ``*`` "Enhance, nonlinear", ``↓`` a weakening interaction
    ("Weaken, uni-" or "Weaken, nonlinear"), ``=`` "Independent", no mark "Enhance, bi-";
    where the enhancement was tested, a cell in bold is significant (``enhance_significant``,
    permutation ``p_enhance`` < ``alpha``) and a cell marked ``°`` is not. A pair without a
    type (q12 trivial, one row per stratum, or undefined) shows "—".

    ``matrices``: year -> :meth:`GeoDetectorResult.interaction_matrix`; ``types``: year ->
    the interaction table (factor1, factor2, type and, if computed, p_enhance).
    """
    plt = require_matplotlib()
    years = list(matrices)
    with mpl.rc_context(style(lang)):
        fig, axes = plt.subplots(1, len(years), figsize=(3.4 * len(years), 3.3), squeeze=False)
        vmax = max(float(np.nanmax(m.to_numpy())) for m in matrices.values())
        any_tested = any_blank = False
        for ax, year in zip(axes[0], years):
            m = matrices[year]
            names = list(m.index)
            a = m.to_numpy(dtype=float)
            im = ax.imshow(np.ma.masked_invalid(a), cmap="YlOrRd", vmin=0, vmax=vmax)
            table = types.get(year) if types is not None else None
            marks, strong, tested = _interaction_marks(table, alpha)
            any_tested |= tested
            any_blank |= _annotate_cells(ax, names, a, marks, strong, vmax)
            ticks = [labels.get(n, n) if labels and len(labels.get(n, n)) <= 6 else n
                     for n in names]
            ax.set_xticks(range(len(names)), ticks, rotation=90)
            # the factors are in the same order in every panel: names on the first only,
            # so that a long name cannot run into the panel on its left
            ax.set_yticks(range(len(names)), ticks if ax is axes[0][0] else [])
            ax.grid(False)
            ax.set_title(str(year))
        fig.colorbar(im, ax=axes[0].tolist(), shrink=0.8, label="q")
        note = tr("key.interaction_types", lang)
        if any_tested:
            note += tr("key.interaction_tested", lang, alpha=alpha)
        if any_blank:
            note += tr("key.interaction_blank", lang)
        # the key sits just under the first panel's (rotated) tick labels, not at the
        # figure's edge: about 5 points per Latin character, 9.5 per Chinese one
        depth = max(sum(9.5 if ord(ch) > 0x2E80 else 5.0 for ch in str(t)) for t in ticks)
        axes[0][0].annotate(note, xy=(0, 0), xycoords="axes fraction",
                            xytext=(0, -max(30.0, depth + 14.0)),
                            textcoords="offset points", fontsize=7, ha="left", va="top",
                            annotation_clip=False)
    fig.ccdkit = {"data": {year: m.copy() for year, m in matrices.items()}}
    return fig


#: Marks of the interaction types in the heat maps (no mark: "Enhance, bi-").
_TYPE_MARKS = {"Enhance, nonlinear": "*", "Weaken, uni-": "↓", "Weaken, nonlinear": "↓",
               "Independent": "="}


def _interaction_marks(table, alpha: float):
    """Each pair's mark (None: no type), the pairs whose enhancement is significant, and
    whether any enhancement was tested."""
    marks, strong, any_tested = {}, set(), False
    if table is None:
        return marks, strong, any_tested
    sig = (table["enhance_significant"] if "enhance_significant" in table
           else (table["p_enhance"] < alpha).where(table["p_enhance"].notna())
           if "p_enhance" in table else pd.Series(pd.NA, index=table.index))
    for r, s in zip(table.itertuples(), sig):
        pair = frozenset((r.factor1, r.factor2))
        if not isinstance(r.type, str):
            marks[pair] = None
            continue
        tested = not pd.isna(s)
        any_tested |= tested
        marks[pair] = _TYPE_MARKS.get(r.type, "") + ("°" if tested and not s else "")
        if tested and s:
            strong.add(pair)
    return marks, strong, any_tested


def _annotate_cells(ax, names, a: np.ndarray, marks: dict, strong: set, vmax: float) -> bool:
    """q in each cell with its mark (bold: significant enhancement, "—": no type);
    whether a cell had no type."""
    blank = False
    for i in range(len(names)):
        for j in range(len(names)):
            pair = frozenset((names[i], names[j]))
            if i > j and marks.get(pair, "") is None:
                blank = True
                ax.text(j, i, "—", ha="center", va="center", fontsize=6.5, color="0.45",
                        fontfamily="DejaVu Sans")
            elif np.isfinite(a[i, j]):
                mark = marks.get(pair, "") if i != j else ""
                ax.text(j, i, f"{a[i, j]:.2f}{mark}", ha="center", va="center",
                        fontsize=6.5, color="white" if a[i, j] > 0.6 * vmax else "black",
                        fontweight="bold" if i != j and pair in strong else "normal",
                        # digits and marks only: a face that has a bold weight
                        fontfamily="DejaVu Sans")
    return blank


def plot_factor_q(factor_tables: Mapping[int, pd.DataFrame], *, lang: str = "en",
                  alpha: float = 0.05, p_column: str = "p"):
    """Bars of q per factor, one group per year; significant factors (p < alpha) are solid,
    the others hatched."""
    plt = require_matplotlib()
    years = list(factor_tables)
    with mpl.rc_context(style(lang)):
        fig, ax = plt.subplots(figsize=(6.4, 3.4))
        factors = list(factor_tables[years[0]]["factor"])
        width = 0.8 / len(years)
        x = np.arange(len(factors))
        for k, year in enumerate(years):
            t = factor_tables[year].set_index("factor").reindex(factors)
            p = t[p_column] if p_column in t and t[p_column].notna().any() else t["p"]
            sig = (p < alpha).to_numpy()
            bars = ax.bar(x + k * width - 0.4 + width / 2, t["q"], width, label=str(year))
            for bar, s in zip(bars, sig):
                if not s:
                    bar.set_hatch("///")
                    bar.set_alpha(0.55)
        ax.set_xticks(x, factors)
        ax.set_ylabel(tr("axis.q", lang))
        ax.set_ylim(0, 1)
        used = p_column if p_column in pd.concat(list(factor_tables.values())) else "p"
        test = tr("test.permutation" if used == "p_permutation" else "test.f", lang)
        title = tr("legend.solid_significant", lang, test=test, alpha=alpha)
        ax.legend(frameon=False, title=title)
        fig.tight_layout()
    fig.ccdkit = {"data": pd.concat([t[["factor", "q", "p"]].assign(year=y)
                                     for y, t in factor_tables.items()], ignore_index=True)}
    return fig


def plot_weights(weights: pd.DataFrame, *, lang: str = "en",
                 labels: Mapping[str, str] | None = None):
    """Horizontal bars of the global indicator weights, coloured by dimension.

    ``weights``: :meth:`IndexResult.weight_table` (indicator, dimension, weight).
    """
    plt = require_matplotlib()
    labels = labels or {}
    with mpl.rc_context(style(lang)):
        w = weights.iloc[::-1]
        fig, ax = plt.subplots(figsize=(6.4, 0.22 * len(w) + 1.0))
        dims = list(dict.fromkeys(weights.get("dimension", pd.Series(["all"] * len(weights)))))
        colors = {d: c for d, c in zip(dims, mpl.rcParams["axes.prop_cycle"].by_key()["color"])}
        dim_col = w["dimension"] if "dimension" in w else pd.Series(["all"] * len(w))
        ax.barh([labels.get(i, i) for i in w["indicator"]], w["weight"],
                color=[colors[d] for d in dim_col])
        ax.set_xlabel(tr("axis.weight", lang))
        ax.grid(axis="y", visible=False)
        if len(dims) > 1:
            # one patch per dimension in its own colour (empty bars would all get the
            # first colour), below the axes so that it never covers a bar
            from matplotlib.patches import Patch

            handles = [Patch(facecolor=colors[d], label=labels.get(d, d)) for d in dims]
            ncol = min(len(dims), 3)
            rows = -(-len(dims) // ncol)
            fig.set_figheight(fig.get_figheight() + 0.25 * rows)
            fig.legend(handles=handles, frameon=False, loc="lower center", ncol=ncol)
            fig.tight_layout(rect=(0, 0.25 * rows / fig.get_figheight() + 0.01, 1, 1))
        else:
            fig.tight_layout()
    fig.ccdkit = {"data": weights.copy()}
    return fig
