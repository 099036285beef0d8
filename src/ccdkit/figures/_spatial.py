"""Figures of spatial autocorrelation: Moran's I over time, Moran scatter plots, and the
categories (with their colours) of LISA cluster and Gi* hot-spot maps."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib as mpl
import numpy as np
import pandas as pd

from ..data import region_display, spatial_class_label
from ._style import require_matplotlib, style, text

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
    zh = lang == "zh"
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
        ax.set_xlabel(text("year", lang))
        ax.set_ylabel("莫兰指数 I" if zh else "Moran's I")
        ax.set_xticks(sorted(table["year"].unique()))
        ax.tick_params(axis="x", rotation=45)
        test = "置换检验" if table["p_sim"].notna().any() else "正态近似"
        test_en = "permutation" if table["p_sim"].notna().any() else "normal"
        ax.legend(frameon=False, title=(f"实心点：{test} p < {alpha:g}" if zh else
                                        f"filled: {test_en} p < {alpha:g}"))
        fig.tight_layout()
    fig.ccdkit = {"data": table[["variable", "year", "I", "EI", "p_sim", "p_norm"]].copy()}
    return fig


def plot_moran_scatter(scatter: pd.DataFrame, moran: pd.DataFrame, *, years=None,
                       lang: str = "en", label: str | None = None):
    """Moran scatter plots (standardised value z against its spatial lag Wz), one panel per
    year, each point named by its region, the regression line of slope I.

    ``scatter``: region, year, z, lag (:func:`ccdkit.spatial.moran_scatter` or the LISA
    table); ``moran``: year, I.
    """
    plt = require_matplotlib()
    zh = lang == "zh"
    years = sorted(scatter["year"].unique()) if years is None else list(years)
    with mpl.rc_context(style(lang)):
        fig, axes = plt.subplots(1, len(years), figsize=(3.3 * len(years), 3.4),
                                 squeeze=False)
        lim = float(np.ceil(max(scatter[["z", "lag"]].abs().max().max(), 1) * 1.1 * 2) / 2)
        for ax, year in zip(axes[0], years):
            s = scatter[scatter["year"] == year]
            i = float(moran.loc[moran["year"] == year, "I"].iloc[0])
            ax.axhline(0, color="#999", lw=0.8)
            ax.axvline(0, color="#999", lw=0.8)
            ax.scatter(s["z"], s["lag"], s=14, color="#2c7bb6", zorder=3)
            x = np.array([-lim, lim])
            ax.plot(x, i * x, color="#d7191c", lw=1.2)
            for r in s.itertuples():
                ax.annotate(region_display(r.region, lang), (r.z, r.lag), fontsize=5.5,
                            xytext=(2, 2), textcoords="offset points", color="#333")
            ax.set_xlim(-lim, lim)
            ax.set_ylim(-lim, lim)
            ax.set_aspect("equal")
            ax.set_title(f"{year}（I = {i:.3f}）" if zh else f"{year} (I = {i:.3f})")
            name = label or ("z" if not zh else "标准化值 z")
            ax.set_xlabel(name)
            ax.set_ylabel("空间滞后 Wz" if zh else "Spatial lag Wz")
            for (tx, ty, q) in ((0.97, 0.97, "HH"), (0.03, 0.97, "LH"), (0.03, 0.03, "LL"),
                                (0.97, 0.03, "HL")):
                ax.text(tx, ty, spatial_class_label(q, lang), transform=ax.transAxes,
                        ha="right" if tx > 0.5 else "left", va="top" if ty > 0.5 else "bottom",
                        fontsize=6.5, color="#777")
        fig.tight_layout()
    fig.ccdkit = {"data": scatter[scatter["year"].isin(years)].copy()}
    return fig
