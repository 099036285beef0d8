"""Figures of the dynamics: kernel density of a variable over the years, as the papers
draw it (a 3-D surface year x value x density) and as lines for selected years."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd

from ..text import tr
from ._style import require_matplotlib, style

__all__ = ["plot_kde_surface", "plot_kde_lines"]


def _curves(density: pd.DataFrame, group: str) -> tuple[list, np.ndarray, np.ndarray]:
    d = density[density["group"] == group]
    years = sorted(d["year"].unique())
    x = d[d["year"] == years[0]]["x"].to_numpy()
    z = np.vstack([d[d["year"] == y]["density"].to_numpy() for y in years])
    return years, x, z


def plot_kde_surface(density: pd.DataFrame, *, group: str = "nation", lang: str = "en",
                     label: str = "D"):
    """3-D surface of the kernel density: years x values x density.

    ``density``: :attr:`KDEResult.density` (group, year, x, density).
    """
    plt = require_matplotlib()
    years, x, z = _curves(density, group)
    with mpl.rc_context(style(lang)):
        fig = plt.figure(figsize=(6.4, 4.4))
        ax = fig.add_subplot(projection="3d")
        xx, yy = np.meshgrid(x, years)
        ax.plot_surface(xx, yy, z, cmap="viridis", linewidth=0, antialiased=True,
                        rstride=1, cstride=2, alpha=0.95)
        ax.set_xlabel(label, labelpad=6)
        ax.set_ylabel(tr("axis.year", lang), labelpad=8)
        ax.set_zlabel(tr("axis.density", lang), labelpad=4)
        ax.set_yticks(years[::max(1, len(years) // 6)])
        ax.view_init(elev=28, azim=-60)
        fig.subplots_adjust(left=0, right=0.95, bottom=0.05, top=0.98)
    fig.ccdkit = {"data": density[density["group"] == group].copy()}
    return fig


def plot_kde_lines(density: pd.DataFrame, *, years=None, group: str = "nation",
                   lang: str = "en", label: str = "D"):
    """Kernel density curves of selected years (default: up to five, first and last
    included), one line each, darker for later years."""
    plt = require_matplotlib()
    all_years, x, z = _curves(density, group)
    if years is None:
        idx = np.unique(np.round(np.linspace(0, len(all_years) - 1,
                                             min(5, len(all_years)))).astype(int))
        years = [all_years[i] for i in idx]
    cmap = mpl.colormaps["viridis"]
    with mpl.rc_context(style(lang)):
        fig, ax = plt.subplots(figsize=(6.4, 3.4))
        for i, year in enumerate(years):
            ax.plot(x, z[all_years.index(year)], lw=1.5, label=str(year),
                    color=cmap(0.1 + 0.8 * i / max(1, len(years) - 1)))
        ax.set_xlabel(label)
        ax.set_ylabel(tr("axis.density", lang))
        ax.legend(frameon=False, title=tr("axis.year", lang))
        fig.tight_layout()
    fig.ccdkit = {"data": density[(density["group"] == group)
                                  & density["year"].isin(years)].copy()}
    return fig
