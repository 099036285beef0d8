"""The report's embedded font: the subset of Noto Sans CJK SC that the page uses, so that
Chinese text renders the same on any machine (and in a PDF printed from it)."""

from __future__ import annotations

import base64
import io
import re
from functools import lru_cache

__all__ = ["FONT_FAMILY", "font_face_css"]

#: CSS family name of the embedded subset (listed first in the report's font stack).
FONT_FAMILY = "ccdkit Noto Sans CJK SC"

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


@lru_cache(maxsize=1)
def _font_source() -> tuple[str, int] | None:
    """Path of the Noto Sans CJK collection (PyPI ``noto-cjk-sans-otc``) and the index of
    its simplified Chinese face; None when the package or fontTools is missing."""
    try:
        import noto_cjk_sans_otc
        from fontTools.ttLib import TTCollection
    except ImportError:
        return None
    path = str(noto_cjk_sans_otc.FONT_PATH)
    with TTCollection(path, lazy=True) as collection:
        for i, font in enumerate(collection.fonts):
            if font["name"].getDebugName(1) == "Noto Sans CJK SC":
                return path, i
    return None


def font_face_css(text: str) -> str | None:
    """An ``@font-face`` rule embedding (as a WOFF data URI) the glyphs of ``text`` from Noto
    Sans CJK SC, or None when ``text`` has no Chinese character or the font (the ``maps``
    extra) is not installed. The same text gives the same bytes (no timestamps).

    The subset keeps the glyphs of every character in ``text`` (printable ASCII always),
    without OpenType layout features or hinting: a few hundred kilobytes for a report.
    """
    if not _CJK.search(text):
        return None
    source = _font_source()
    if source is None:
        return None
    from fontTools import subset
    from fontTools.ttLib import TTFont

    path, index = source
    chars = {c for c in text if c.isprintable()} | {chr(c) for c in range(32, 127)}
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.flavor = "woff"
    buffer = io.BytesIO()
    # no timestamps (same bytes every run); font-wide bounds kept from the full font (computing
    # them again over the glyphs would take longer than the subsetting)
    with TTFont(path, fontNumber=index, lazy=True, recalcTimestamp=False,
                recalcBBoxes=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text="".join(sorted(chars)))
        subsetter.subset(font)
        font.flavor = "woff"
        font.save(buffer, reorderTables=True)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f"@font-face{{font-family:'{FONT_FAMILY}';font-style:normal;font-weight:400;"
            f"src:url(data:font/woff;base64,{data}) format('woff')}}")
