"""House style and fonts (Chinese glyphs from the Noto Sans CJK font)."""

from __future__ import annotations

from functools import lru_cache

from ..text import needs_cjk_font
from ..exceptions import CcdkitError

__all__ = ["require_matplotlib", "cjk_font", "style", "PALETTE", "TYPE_COLORS"]

PALETTE = ["#2f5d8a", "#d1495b", "#edae49", "#66a182", "#8d6a9f", "#00798c", "#6b6b6b"]
# ten coordination types: from red (disorder) to green (coordination)
TYPE_COLORS = ["#a50026", "#d73027", "#f46d43", "#fdae61", "#fee08b", "#d9ef8b", "#a6d96a",
               "#66bd63", "#1a9850", "#006837"]

def require_matplotlib():
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise CcdkitError("figures need matplotlib: install it with `pip install 'ccdkit[maps]'`"
                          ) from exc
    return plt


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """Register the Noto Sans CJK font shipped by PyPI ``noto-cjk-sans-otc``; its family name."""
    from matplotlib import font_manager

    try:
        import noto_cjk_sans_otc
    except ImportError:
        return None
    path = str(noto_cjk_sans_otc.FONT_PATH)
    font_manager.fontManager.addfont(path)
    names = {f.name for f in font_manager.fontManager.ttflist}
    # the collection holds JP, KR, SC, TC and HK faces; simplified Chinese glyph forms first
    for name in ("Noto Sans CJK SC", "Noto Sans CJK TC"):
        if name in names:
            return name
    return font_manager.FontProperties(fname=path).get_name()


def style(lang: str) -> dict:
    """rcParams of the house style (use with ``matplotlib.rc_context``)."""
    family = cjk_font()
    if needs_cjk_font(lang) and family is None:
        raise CcdkitError("Chinese labels need a CJK font: `pip install noto-cjk-sans-otc` "
                          "(part of the maps extra)")
    # concrete family names (not the generic "sans-serif"), so that text created in the
    # style context keeps its font when the figure is drawn or saved later
    families = ([family] if family else []) + ["DejaVu Sans"]
    return {
        "font.family": families, "axes.unicode_minus": False,
        "font.size": 9, "axes.titlesize": 10, "axes.labelsize": 9, "legend.fontsize": 8,
        "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True,
        "grid.alpha": 0.3, "figure.dpi": 100, "savefig.dpi": 300,
        "svg.hashsalt": "ccdkit", "axes.prop_cycle": __import__("cycler").cycler(color=PALETTE),
    }
