"""The languages of ccdkit's outputs (the base of the label layer)."""

from __future__ import annotations

import re

from ..exceptions import ConfigError

__all__ = ["LANGUAGES", "check_language", "space_cjk", "needs_cjk_font"]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_CJK_LATIN = re.compile(rf"(?<=[{_CJK}])(?=[A-Za-z0-9(\[])|(?<=[A-Za-z0-9%)\]])(?=[{_CJK}])")


def space_cjk(text: str) -> str:
    """The one spacing rule of ccdkit's Chinese text: a space between a Chinese character
    and a Latin letter or digit next to it.

    >>> space_cjk("2023年q值为0.5，R&D经费")
    '2023 年 q 值为 0.5，R&D 经费'
    """
    return _CJK_LATIN.sub(" ", text)

#: The languages of ccdkit's outputs.
LANGUAGES = ("zh", "en")


#: The languages whose text is written in Chinese characters (figures need a CJK font).
CJK_LANGUAGES = frozenset({"zh"})


def needs_cjk_font(lang: str) -> bool:
    """Whether text in ``lang`` needs a font with Chinese characters.

    >>> needs_cjk_font("zh"), needs_cjk_font("en")
    (True, False)
    """
    return check_language(lang) in CJK_LANGUAGES


def check_language(lang: str) -> str:
    """``lang`` if ccdkit can write it; an unsupported language is an error, never silent
    English.

    >>> check_language("zh")
    'zh'
    >>> check_language("fr")
    Traceback (most recent call last):
    ...
    ccdkit.exceptions.ConfigError: language must be one of 'zh', 'en'; got 'fr'
    """
    if lang not in LANGUAGES:
        raise ConfigError(f"language must be one of {', '.join(map(repr, LANGUAGES))}; "
                          f"got {lang!r}")
    return lang
