"""The language layer: every reader-facing text of ccdkit, in Chinese and English, by id.

Imports only :mod:`ccdkit.exceptions`; every other layer takes its labels, headers and
captions from here (:func:`tr`), so a result renders in either language.
"""

from ._catalogue import MESSAGES, fields, pick, tr
from ._language import LANGUAGES, check_language, space_cjk

__all__ = ["MESSAGES", "tr", "fields", "pick", "LANGUAGES", "check_language", "space_cjk"]
