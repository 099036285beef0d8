"""Figure of the dynamic coupling model: the phase plane of the two systems' evolution
speeds (the coupling angle's quadrants are the four states) beside the share of regions in
each state per year."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd

from ..text import DYNAMIC_STATE_LABELS, tr
from ._charts import stacked_share_bars
from ._style import require_matplotlib, style

__all__ = ["plot_dynamic_coupling", "STATE_COLORS"]

#: Colours of the four states (and the stagnant pairs) in the phase plane and the bars.
STATE_COLORS = {"coordinated": "#2e7d32", "low_level": "#9dc3e6", "limit": "#f4a259",
                "spiral": "#c00000", "stagnant": "#9e9e9e"}


def plot_dynamic_coupling(table: pd.DataFrame, *, names: tuple[str, str] = ("U1", "U2"),
                          lang: str = "en"):
    """Left: every region-year's speeds (V2 across, V1 up; ``DynamicCoupling.table``),
    coloured by state, the last year ringed; right: the share of regions in each state per
    year (region-years without a speed left out).

    Parameters
    ----------
    table : DataFrame
        region, year, V1, V2, state (:attr:`ccdkit.coupling.DynamicCoupling.table`).
    names : (str, str)
        Readers' names of the first (vertical) and second system.
    lang : {"en", "zh"}
    """
    plt = require_matplotlib()
    rows = table.dropna(subset=["state"])
    with mpl.rc_context(style(lang)):
        fig, (ax, bars) = plt.subplots(1, 2, figsize=(9.6, 4.0),
                                       gridspec_kw={"width_ratios": [1, 1.25]})
        _phase(ax, rows, names, lang)
        _state_bars(bars, rows, lang)
        fig.tight_layout()
    fig.ccdkit = {"data": table.copy()}
    return fig


def _phase(ax, rows: pd.DataFrame, names, lang: str) -> None:
    last = rows["year"] == rows["year"].max()
    for state, color in STATE_COLORS.items():
        sel = rows["state"] == state
        if not sel.any():
            continue
        ax.scatter(rows.loc[sel & ~last, "V2"], rows.loc[sel & ~last, "V1"], s=12, alpha=0.6,
                   color=color, lw=0, label=DYNAMIC_STATE_LABELS[state][lang])
        ax.scatter(rows.loc[sel & last, "V2"], rows.loc[sel & last, "V1"], s=28,
                   facecolor=color, edgecolor="black", lw=0.7)
    ax.axhline(0, color="0.3", lw=0.8)
    ax.axvline(0, color="0.3", lw=0.8)
    lim = float(np.nanmax(np.abs(rows[["V1", "V2"]].to_numpy()))) * 1.1 if len(rows) else 1.0
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel(tr("axis.speed_of", lang, name=names[1]))
    ax.set_ylabel(tr("axis.speed_of", lang, name=names[0]))
    ax.text(0.99, 0.01, tr("legend.last_year_ringed", lang, year=int(rows["year"].max())),
            transform=ax.transAxes, ha="right", va="bottom", fontsize=7)


def _state_bars(ax, rows: pd.DataFrame, lang: str) -> None:
    wide = (rows.groupby(["year", "state"]).size().unstack(fill_value=0)
            .reindex(columns=[s for s in STATE_COLORS if s in set(rows["state"])]))
    shares = wide.div(wide.sum(axis=1), axis=0)
    colors = [STATE_COLORS[s] for s in shares.columns]
    stacked_share_bars(ax, shares.rename(columns=lambda s: DYNAMIC_STATE_LABELS[s][lang]),
                       colors, lang, legend_size=7)
