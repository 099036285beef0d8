"""Figures of the space-time patterns: the rose of the LISA moves, Theil's indices over
time, the trend surface, and the centre of gravity with its ellipses on the map."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd

from ..text import tr
from ._style import require_matplotlib, style

__all__ = ["plot_rose", "plot_theil", "plot_trend_surface", "plot_gravity_map",
           "ehsa_categories"]


def plot_rose(sectors: pd.DataFrame, *, lang: str = "en", alpha: float = 0.05):
    """Polar bars of the LISA moves per sector (``RoseResult.sectors``), the permutation
    expectation as a dashed ring; sectors with a two-sided p <= ``alpha`` dark."""
    plt = require_matplotlib()
    k = len(sectors)
    width = 2 * np.pi / k
    centres = np.radians(sectors["from_deg"].to_numpy()) + width / 2
    sig = sectors["p_two_sided"].to_numpy() <= alpha
    with mpl.rc_context(style(lang)):
        fig = plt.figure(figsize=(4.2, 4.2))
        ax = fig.add_subplot(projection="polar")
        ax.bar(centres, sectors["moves"], width=width * 0.92,
               color=np.where(sig, "#1f4e79", "#9dc3e6"), edgecolor="white")
        if sectors["expected"].notna().all():
            theta = np.r_[centres, centres[0]]
            exp = np.r_[sectors["expected"].to_numpy(), sectors["expected"].iloc[0]]
            ax.plot(theta, exp, ls="--", color="#c00000", lw=1,
                    label=tr("legend.rose_expected", lang))
            ax.legend(loc="lower left", bbox_to_anchor=(-0.1, -0.12), frameon=False,
                      fontsize=7)
        ax.set_xticks(np.radians([0, 90, 180, 270]))
        ax.set_xticklabels([tr(f"axis.rose_{d}", lang) for d in ("e", "n", "w", "s")],
                           fontsize=7)
        fig.tight_layout()
    fig.ccdkit = {"data": sectors.copy()}
    return fig


def plot_theil(theil: pd.DataFrame, *, lang: str = "en"):
    """Theil's T as within- and between-group parts stacked over the years, and L (where
    defined) as a line."""
    plt = require_matplotlib()
    years = theil["year"].to_numpy()
    with mpl.rc_context(style(lang)):
        fig, ax = plt.subplots(figsize=(6.4, 3.4))
        ax.stackplot(years, theil["theil_T_within"], theil["theil_T_between"],
                     colors=["#9dc3e6", "#1f4e79"],
                     labels=[tr("legend.theil_within", lang), tr("legend.theil_between", lang)])
        if theil["theil_L"].notna().any():
            ax.plot(years, theil["theil_L"], color="#c00000", marker="o", ms=3, lw=1.2,
                    label=tr("legend.theil_L", lang))
        ax.set_xlabel(tr("axis.year", lang))
        ax.set_ylabel(tr("axis.theil", lang))
        ax.legend(frameon=False, fontsize=7)
        fig.tight_layout()
    fig.ccdkit = {"data": theil.copy()}
    return fig


def plot_trend_surface(points: pd.DataFrame, value: str, trend, *, lang: str = "en",
                       label: str = "D"):
    """The papers' trend analysis plot: the values over the projected map (stems), their
    projections on the west-east and south-north walls, and the fitted surface's profiles
    through the centre on those walls."""
    plt = require_matplotlib()
    x, y, v = (points["x"].to_numpy() / 1e3, points["y"].to_numpy() / 1e3,
               points[value].to_numpy(dtype=float))
    lo = np.nanmin(v) - 0.05 * np.ptp(v)
    xs = np.linspace(x.min(), x.max(), 60)
    ys = np.linspace(y.min(), y.max(), 60)
    with mpl.rc_context(style(lang)):
        fig = plt.figure(figsize=(6.0, 4.6))
        ax = fig.add_subplot(projection="3d")
        for xi, yi, vi in zip(x, y, v):
            ax.plot([xi, xi], [yi, yi], [lo, vi], color="#7f7f7f", lw=0.6)
        ax.scatter(x, y, v, color="#1f4e79", s=10, depthshade=False)
        ax.scatter(x, np.full_like(y, y.max()), v, color="#2e75b6", s=5, alpha=0.5)
        ax.scatter(np.full_like(x, x.min()), y, v, color="#70ad47", s=5, alpha=0.5)
        cx, cy = trend.scale["x0"], trend.scale["y0"]
        ax.plot(xs, np.full_like(xs, y.max()), trend.predict(xs * 1e3, np.full_like(xs, cy)),
                color="#2e75b6", lw=1.6, label=tr("legend.trend_we", lang))
        ax.plot(np.full_like(ys, x.min()), ys, trend.predict(np.full_like(ys, cx), ys * 1e3),
                color="#70ad47", lw=1.6, label=tr("legend.trend_sn", lang))
        ax.set_xlabel(tr("axis.east_km", lang), labelpad=4)
        ax.set_ylabel(tr("axis.north_km", lang), labelpad=4)
        ax.set_zlabel(label, labelpad=2)
        ax.set_zlim(lo, None)
        ax.view_init(elev=22, azim=-55)
        ax.legend(frameon=False, fontsize=7, loc="upper left")
        fig.subplots_adjust(left=0, right=0.96, bottom=0.04, top=0.98)
    fig.ccdkit = {"data": points.copy()}
    return fig


def plot_gravity_map(ellipses: pd.DataFrame, *, years=None, lang: str = "en"):
    """The standard deviational ellipses of some years over China's provinces (left) and
    the path of the centre of gravity (right, enlarged), in the maps' Albers projection."""
    plt = require_matplotlib()
    from matplotlib.patches import Ellipse

    from ._maps import _GREY, _artists_data, _draw_base, _draw_layers

    all_years = ellipses["year"].tolist()
    if years is None:
        years = sorted({all_years[0], all_years[len(all_years) // 2], all_years[-1]})
    cmap = mpl.colormaps["viridis"]
    with mpl.rc_context(style(lang)):
        fig, (ax, zoom) = plt.subplots(1, 2, figsize=(9.6, 4.4),
                                       gridspec_kw={"width_ratios": [1.35, 1]})
        _draw_base(ax, {}, lang=lang)
        for i, year in enumerate(years):
            e = ellipses[ellipses["year"] == year].iloc[0]
            colour = cmap(0.1 + 0.8 * i / max(1, len(years) - 1))
            ax.add_patch(Ellipse((e["x_m"], e["y_m"]), 2e3 * e["sigma_x"], 2e3 * e["sigma_y"],
                                 angle=-e["rotation"], fill=False, lw=1.4, color=colour,
                                 label=str(year)))
            ax.plot(e["x_m"], e["y_m"], "o", color=colour, ms=3)
        ax.legend(frameon=False, fontsize=7, loc="upper center", bbox_to_anchor=(0.45, 0.0),
                  ncol=len(years), title=tr("axis.year", lang))
        _draw_layers(zoom, [_GREY] * len(_artists_data()[0]), 0.3)
        zoom.set_axis_off()
        xm, ym = ellipses["x_m"].to_numpy(), ellipses["y_m"].to_numpy()
        pad = max(np.ptp(xm), np.ptp(ym), 50e3) * 0.35
        zoom.plot(xm, ym, "-", color="#555", lw=0.8)
        zoom.scatter(xm, ym, c=np.linspace(0.1, 0.9, len(xm)), cmap="viridis", s=14, zorder=3)
        for j in {0, len(xm) - 1}:
            zoom.annotate(str(all_years[j]), (xm[j], ym[j]), textcoords="offset points",
                          xytext=(4, 4), fontsize=7)
        x0, x1 = xm.min() - pad, xm.max() + pad
        y0, y1 = ym.min() - pad, ym.max() + pad
        zoom.set_xlim(x0, x1)
        zoom.set_ylim(y0, y1)
        bar = _nice_km((x1 - x0) / 5e3)
        zoom.plot([x0 + 0.05 * (x1 - x0), x0 + 0.05 * (x1 - x0) + bar * 1e3],
                  [y0 + 0.06 * (y1 - y0)] * 2, color="black", lw=2)
        zoom.text(x0 + 0.05 * (x1 - x0) + bar * 500, y0 + 0.08 * (y1 - y0), f"{bar:g} km",
                  ha="center", va="bottom", fontsize=7)
        fig.tight_layout()
        fig.subplots_adjust(bottom=0.16)
    fig.ccdkit = {"data": ellipses.copy()}
    return fig


def _nice_km(target: float) -> float:
    """A round scale-bar length (km) near ``target``."""
    steps = np.array([1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000])
    return float(steps[np.argmin(np.abs(np.log(steps / max(target, 1e-9))))])


def ehsa_categories(lang: str) -> list[tuple[str, str, str]]:
    """(category, label, colour) of the emerging hot spot maps, hot then cold."""
    from ..text import EHSA_LABELS

    hot = ["#67000d", "#a50f15", "#cb181d", "#ef3b2c", "#fb6a4a", "#fc9272", "#fcbba1",
           "#fee0d2"]
    cold = ["#08306b", "#08519c", "#2171b5", "#4292c6", "#6baed6", "#9ecae1", "#c6dbef",
            "#deebf7"]
    kinds = ("intensifying", "persistent", "consecutive", "new", "diminishing", "sporadic",
             "oscillating", "historical")
    out = [(f"{k}_hot", EHSA_LABELS[f"{k}_hot"][lang], c) for k, c in zip(kinds, hot)]
    out += [(f"{k}_cold", EHSA_LABELS[f"{k}_cold"][lang], c) for k, c in zip(kinds, cold)]
    return out + [("no_pattern", EHSA_LABELS["no_pattern"][lang], "#f0f0f0")]
