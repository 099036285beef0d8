"""The language layer: every reader-facing text of ccdkit, in Chinese and English, by id.

Imports only :mod:`ccdkit.exceptions`; every other layer takes its labels, headers and
captions from here (:func:`tr`), so a result renders in either language.
"""

from ._catalogue import MESSAGES, fields, option_label, pick, readable_tables, tr
from ._headers import HEADERS_EN, HEADERS_ZH, header
from ._language import LANGUAGES, check_language, needs_cjk_font, space_cjk
from ._reason_texts import reason, reason_text

__all__ = ["MESSAGES", "tr", "fields", "pick", "readable_tables", "option_label", "HEADERS_ZH", "HEADERS_EN",
           "header", "reason", "reason_text", "LANGUAGES", "check_language", "needs_cjk_font", "space_cjk"]
