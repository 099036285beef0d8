"""The languages of ccdkit's outputs (the base of the label layer)."""

from __future__ import annotations

from ..exceptions import ConfigError

__all__ = ["LANGUAGES", "check_language"]

#: The languages of ccdkit's outputs.
LANGUAGES = ("zh", "en")


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
