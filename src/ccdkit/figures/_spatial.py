"""Figures of spatial autocorrelation: Moran's I over time, Moran scatter plots, and the
categories (with their colours) of LISA cluster and Gi* hot-spot maps."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib as mpl
import numpy as np
import pandas as pd

from ..data import region_display, spatial_class_label
from ..text import tr
from ._style import require_matplotlib, style

__all__ = ["plot_moran_over_time", "plot_moran_scatter", "lisa_categories",
           "hotspot_categories"]

#: LISA cluster colours (GeoDa's convention).
LISA_COLORS = {"HH": "#d7191c", "LL": "#2c7bb6", "LH": "#abd9e9", "HL": "#fdae61",
               "ns": "#f4f4f4"}
#: Gi* class colours (diverging, hot red / cold blue, as ArcGIS hot-spot maps).
HOTSPOT_COLORS = {"hot99": "#b2182b", "hot95": "#ef8a62", "hot90": "#fddbc7", "ns": "#f4f4f4",
                  "cold90": "#d1e5f0", "cold95": "#67a9cf", "cold99": "#2166ac"}


def lisa_categories(lang: str) -> list[tuple[str, str, str]]:
    """(cluster id, label, colour) of the LISA map legend."""
    return [(c, spatial_class_label(c, lang), LISA_COLORS[c]) for c in LISA_COLORS]


def hotspot_categories(lang: str) -> list[tuple[str, str, str]]:
    """(class id, label, colour) of the Gi* map legend, hot to cold."""
    return [(c, spatial_class_label(c, lang), HOTSPOT_COLORS[c]) for c in HOTSPOT_COLORS]


def plot_moran_over_time(table: pd.DataFrame, *, lang: str = "en", alpha: float = 0.05,
                         labels: Mapping[str, str] | None = None):
    """Global Moran's I per year (one line per variable); filled markers where the
    permutation p-value (else the normal one) is below ``alpha``, open ones elsewhere; the
    dashed line is E[I] = -1/(N-1).

    ``table``: :attr:`MoranResult.table`.
    """
    plt = require_matplotlib()
    labels = labels or {}
    with mpl.rc_context(style(lang)):
        fig, ax = plt.subplots(figsize=(6.4, 3.4))
        for variable, sub in table.groupby("variable", sort=False):
            p = sub["p_sim"].where(sub["p_sim"].notna(), sub["p_norm"]).to_numpy()
            line, = ax.plot(sub["year"], sub["I"], lw=1.5,
                            label=labels.get(variable, variable))
            sig = p < alpha
            ax.scatter(sub["year"][sig], sub["I"][sig], s=28, color=line.get_color(),
                       zorder=3)
            ax.scatter(sub["year"][~sig], sub["I"][~sig], s=28, facecolor="white",
                       edgecolor=line.get_color(), zorder=3)
        ax.plot(table["year"].drop_duplicates(), table.drop_duplicates("year")["EI"],
                ls="--", lw=1, color="#777", label="E(I)")
        ax.set_xlabel(tr("axis.year", lang))
        ax.set_ylabel(tr("axis.moran_i", lang))
        ax.set_xticks(sorted(table["year"].unique()))
        ax.tick_params(axis="x", rotation=45)
        test = tr("test.permutation" if table["p_sim"].notna().any() else "test.normal", lang)
        ax.legend(frameon=False, title=tr("legend.filled_significant", lang, test=test,
                                          alpha=alpha))
        fig.tight_layout()
    fig.ccdkit = {"data": table[["variable", "year", "I", "EI", "p_sim", "p_norm"]].copy()}
    return fig


def plot_moran_scatter(scatter: pd.DataFrame, moran: pd.DataFrame, *, years=None,
                       lang: str = "en", label: str | None = None, max_labels: int = 12):
    """Moran scatter plots (standardised value z against its spatial lag Wz), one panel per
    year, the regression line of slope I.

    Points of regions in a significant LISA cluster (``significant`` column of the LISA
    table) are filled, the others open. Names are written for the significant regions and
    the most extreme ones (largest z² + Wz²), at most ``max_labels`` per panel and never on
    top of another name or point (a name that finds no free place is left out) — at 26
    provinces every name would overlap, at 110 cities none could be read.

    ``scatter``: region, year, z, lag and optionally significant (the LISA table, or
    :func:`ccdkit.spatial.moran_scatter`); ``moran``: year, I.
    """
    plt = require_matplotlib()
    years = sorted(scatter["year"].unique()) if years is None else list(years)
    tested = "significant" in scatter.columns
    with mpl.rc_context(style(lang)):
        fig, axes = plt.subplots(1, len(years), figsize=(3.3 * len(years), 3.5),
                                 squeeze=False)
        lim = float(np.ceil(max(scatter[["z", "lag"]].abs().max().max(), 1) * 1.1 * 2) / 2)
        for ax, year in zip(axes[0], years):
            s = scatter[scatter["year"] == year]
            i = float(moran.loc[moran["year"] == year, "I"].iloc[0])
            ax.axhline(0, color="#999", lw=0.8)
            ax.axvline(0, color="#999", lw=0.8)
            sig = s["significant"].fillna(False).to_numpy(bool) if tested else \
                np.ones(len(s), bool)
            ax.scatter(s["z"][sig], s["lag"][sig], s=14, color="#2c7bb6", zorder=3)
            ax.scatter(s["z"][~sig], s["lag"][~sig], s=14, facecolor="white",
                       edgecolor="#2c7bb6", lw=0.8, zorder=3)
            x = np.array([-lim, lim])
            ax.plot(x, i * x, color="#d7191c", lw=1.2)
            ax.set_xlim(-lim, lim)
            ax.set_ylim(-lim, lim)
            ax.set_aspect("equal")
            ax.set_title(tr("title.year_moran", lang, year=year, i=i))
            name = label or tr("label.the_variable", lang)
            ax.set_xlabel(tr("axis.standardized_z", lang, name=name))
            ax.set_ylabel(tr("axis.spatial_lag", lang))
            for (tx, ty, q) in ((0.97, 0.97, "HH"), (0.03, 0.97, "LH"), (0.03, 0.03, "LL"),
                                (0.97, 0.03, "HL")):
                ax.text(tx, ty, spatial_class_label(q, lang), transform=ax.transAxes,
                        ha="right" if tx > 0.5 else "left", va="top" if ty > 0.5 else "bottom",
                        fontsize=6.5, color="#777")
        if tested:
            fig.text(0.5, 0.0, tr("key.moran_scatter", lang), ha="center", va="bottom", fontsize=6.5, color="#555")
        fig.tight_layout(rect=(0, 0.04 if tested else 0, 1, 1))
        # names placed on the final layout, where their sizes in pixels hold
        fig.canvas.draw()
        for ax, year in zip(axes[0], years):
            s = scatter[scatter["year"] == year]
            sig = s["significant"].fillna(False).to_numpy(bool) if tested else \
                np.ones(len(s), bool)
            extreme = (s["z"] ** 2 + s["lag"] ** 2).to_numpy()
            chosen = (np.lexsort((-extreme, ~sig)) if tested else np.argsort(-extreme))[
                :max_labels]
            _place_labels(fig, ax, s["z"].to_numpy()[chosen], s["lag"].to_numpy()[chosen],
                          [region_display(r, lang) for r in s["region"].to_numpy()[chosen]],
                          s["z"].to_numpy(), s["lag"].to_numpy())
    fig.ccdkit = {"data": scatter[scatter["year"].isin(years)].copy()}
    return fig


#: Where a name may sit around its point (offsets in points, alignment).
_SPOTS = ((3, 3, "left", "bottom"), (3, -3, "left", "top"), (-3, 3, "right", "bottom"),
          (-3, -3, "right", "top"), (0, 5, "center", "bottom"), (0, -5, "center", "top"))


def _place_labels(fig, ax, xs, ys, texts, all_x, all_y, fontsize: float = 5.5) -> None:
    """Names beside their points, greedily in the given order, each in the first of a few
    spots where it overlaps no name placed before, no point and stays inside the axes (the
    figure must have been drawn in its final layout)."""
    renderer = fig.canvas.get_renderer()
    pts = ax.transData.transform(np.column_stack([all_x, all_y]))
    r = 3.0 * fig.dpi / 72  # marker radius in pixels
    frame = ax.get_window_extent(renderer)
    taken = []
    for x, y, label in zip(xs, ys, texts):
        for dx, dy, ha, va in _SPOTS:
            ann = ax.annotate(label, (x, y), xytext=(dx, dy), textcoords="offset points",
                              fontsize=fontsize, ha=ha, va=va, color="#333", zorder=4)
            box = ann.get_window_extent(renderer).expanded(1.05, 1.1)
            inside = (box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0
                      and box.y1 <= frame.y1)
            clear = not any(box.overlaps(b) for b in taken) and not np.any(
                (pts[:, 0] + r > box.x0) & (pts[:, 0] - r < box.x1)
                & (pts[:, 1] + r > box.y0) & (pts[:, 1] - r < box.y1))
            if inside and clear:
                taken.append(box)
                break
            ann.remove()
