"""Figures of the robustness analysis: D with bootstrap confidence bands over time, the
rank-uncertainty plot of the composite-indicator literature, and the rank agreement of
the methodological choices."""

from __future__ import annotations

from collections.abc import Callable

import matplotlib as mpl
import numpy as np
import pandas as pd

from ..data import choice_label, group_label, region_display
from ..text import tr
from ._style import PALETTE, require_matplotlib, style

__all__ = ["plot_d_bands", "plot_rank_uncertainty", "plot_rank_agreement"]


def plot_d_bands(group_means: pd.DataFrame, *, lang: str = "en", level: float = 0.95,
                 whole: str | None = None):
    """Mean D per year for the nation and each region group, with its bootstrap confidence
    band.

    ``group_means``: :attr:`BootstrapResult.group_means` (year, group, estimate,
    ci_lower, ci_upper); ``whole``: the name of the group of all units (default 全国 /
    National).
    """
    plt = require_matplotlib()
    with mpl.rc_context(style(lang)):
        fig, ax = plt.subplots(figsize=(6.4, 3.6))
        for i, (g, sub) in enumerate(group_means.groupby("group", sort=False)):
            color = "#222" if g == "nation" else PALETTE[(i - 1) % len(PALETTE)]
            name = (whole or tr("label.national", lang)) if g == "nation" else group_label(g, lang)
            ax.fill_between(sub["year"], sub["ci_lower"], sub["ci_upper"], color=color,
                            alpha=0.18, lw=0)
            ax.plot(sub["year"], sub["estimate"], marker="o", ms=3, color=color,
                    lw=2.2 if g == "nation" else 1.4, label=name)
        years = sorted(group_means["year"].unique())
        ax.set_xticks(years)
        ax.tick_params(axis="x", rotation=45)
        ax.set_xlabel(tr("axis.year", lang))
        ax.set_ylabel(tr("axis.D", lang))
        band = tr("legend.bootstrap_band", lang, level=level)
        ax.legend(loc="upper left", ncol=2, frameon=False, title=band, title_fontsize=7,
                  alignment="left")
        fig.tight_layout()
    fig.ccdkit = {"data": group_means.copy()}
    return fig


def plot_rank_uncertainty(units: pd.DataFrame, *, year: int, lang: str = "en",
                          region_names: Callable[[str], str] | None = None,
                          per_column: int = 40):
    """Rank uncertainty of the regions in one year: the median rank over the sensitivity
    runs (dot) with its 5-95 % band (bar) and the rank as configured (cross), regions
    ordered by median rank (Saisana et al. 2005). More than ``per_column`` regions (a city
    study) are split into side-by-side columns on one shared rank axis, so that the figure
    stays a page high.

    ``units``: :attr:`SensitivityResult.units`.
    """
    plt = require_matplotlib()
    d = units[units["year"] == year].sort_values(["rank_median", "rank_baseline"])
    names = np.array([region_names(r) if region_names else region_display(r, lang)
                      for r in d["region"]], dtype=object)
    n = len(d)
    ncols = int(np.ceil(n / per_column))
    rows = int(np.ceil(n / ncols))
    with mpl.rc_context(style(lang)):
        fig, axes = plt.subplots(1, ncols, figsize=(6.4 if ncols == 1 else 3.4 * ncols,
                                                    max(3.2, 0.19 * rows + 1.2)),
                                 squeeze=False, sharex=True)
        for c, ax in enumerate(axes[0]):
            part = d.iloc[c * rows:(c + 1) * rows]
            pos = np.arange(len(part))
            ax.hlines(pos, part["rank_p05"], part["rank_p95"], color=PALETTE[0], lw=3,
                      alpha=0.45, label="5%–95%")
            ax.plot(part["rank_median"], pos, "o", color=PALETTE[0], ms=4,
                    label=tr("label.median", lang))
            ax.plot(part["rank_baseline"], pos, "x", color=PALETTE[1], ms=5,
                    label=tr("label.as_configured", lang))
            ax.set_yticks(pos, names[c * rows:(c + 1) * rows])
            ax.set_ylim(rows - 0.5, -0.5)  # first rank on top, no empty margin
            ax.set_xlim(0.5, n + 0.5)
            ax.grid(axis="y", alpha=0.15)
        fig.supxlabel(tr("axis.rank_of_D", lang, year=year), fontsize=mpl.rcParams["font.size"])
        handles, labels = axes[0][0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="upper center", ncol=3, frameon=False)
        fig.tight_layout(rect=(0, 0, 1, 1 - 0.35 / fig.get_size_inches()[1]))
    fig.ccdkit = {"data": d.copy()}
    return fig


def plot_rank_agreement(agreement: pd.DataFrame, *, lang: str = "en"):
    """Rank agreement of D between the scenarios (the configured choices and each
    alternative alone): Spearman's rho below the diagonal, Kendall's tau-b above.

    ``agreement``: :attr:`SensitivityResult.agreement` (scenario_a, scenario_b, spearman,
    kendall).
    """
    plt = require_matplotlib()
    names = list(dict.fromkeys(agreement["scenario_a"]))
    rho = agreement.pivot(index="scenario_a", columns="scenario_b",
                          values="spearman").reindex(index=names, columns=names).to_numpy()
    tau = agreement.pivot(index="scenario_a", columns="scenario_b",
                          values="kendall").reindex(index=names, columns=names).to_numpy()
    k = len(names)
    a = np.where(np.tril(np.ones((k, k), dtype=bool)), rho, tau)
    labels = [choice_label(n, lang) for n in names]
    vmin = min(0.5, float(np.floor(np.nanmin(a) * 10) / 10))
    with mpl.rc_context(style(lang)):
        size = max(4.2, 0.5 * k + 2.2)
        fig, ax = plt.subplots(figsize=(size + 1.2, size))
        im = ax.imshow(a, cmap="viridis", vmin=vmin, vmax=1.0)
        for i in range(k):
            for j in range(k):
                if np.isfinite(a[i, j]):
                    ax.text(j, i, f"{a[i, j]:.2f}", ha="center", va="center", fontsize=6.5,
                            color="black" if a[i, j] > vmin + 0.6 * (1 - vmin) else "white")
        ax.set_xticks(range(k), labels, rotation=60, ha="right", rotation_mode="anchor")
        ax.set_yticks(range(k), labels)
        ax.grid(False)
        fig.colorbar(im, ax=ax, shrink=0.8,
                     label=tr("axis.rank_correlation", lang))
        ax.set_title(tr("title.rank_agreement_key", lang), fontsize=8)
        fig.tight_layout()
    fig.ccdkit = {"data": agreement.copy()}
    return fig
