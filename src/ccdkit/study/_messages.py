"""The run's warnings for readers: each warning's message id and values (``key``,
``params`` of :class:`~ccdkit.exceptions.CcdkitWarning`) rendered in the study language
by the catalogue (``warning.<key>`` of :mod:`ccdkit.text`), with display labels instead of
ids."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..data import CITIES, PROVINCES, check_language, region_display, space_cjk
from ..text import MESSAGES, tr

__all__ = ["RunMessage", "render_message"]


@dataclass(frozen=True)
class RunMessage:
    """One warning of a study run.

    Attributes
    ----------
    category : str
        The warning class name (e.g. ``"ImputationWarning"``).
    text : str
        The English message.
    key : str or None
        Message id (None for warnings that have none, e.g. from other libraries).
    params : dict
        The message's values.
    context : dict
        Where it was raised: ``{"y": ..., "year": ...}`` for a Geographical Detector run.
    """

    category: str
    text: str
    key: str | None = None
    params: dict = field(default_factory=dict)
    context: dict = field(default_factory=dict)

    def english(self, reader: bool = False) -> str:
        """The message as the run's log and manifest have it (with the warning class), or
        for a reader (``reader=True``: the sentence alone, capitalised)."""
        if self.context.get("year") is not None:
            return f"Geographical Detector {self.context.get('y')} ({self.context['year']}): " \
                   f"{self.text}"
        if reader:
            return self.text[:1].upper() + self.text[1:]
        return f"{self.category}: {self.text}"


def render_message(message: RunMessage, lang: str, labels: Mapping[str, str] | None = None
                   ) -> str:
    """``message`` for a reader in ``lang``; ``labels`` maps ids to display labels (region
    names are added).

    A message without a text in ``lang`` keeps its English text (marked as such).

    >>> m = RunMessage("ImputationWarning", "imputation filled 3 cell(s)",
    ...                "imputation.filled", {"n": 3, "left": 0})
    >>> render_message(m, "zh")
    '插补了 3 个缺失值（见缺失值插补记录）'
    >>> render_message(m, "en")
    'Imputation filled 3 cell(s) (see the imputation table)'
    """
    lang = check_language(lang)
    names = {**_region_names(lang), **(labels or {})}
    key = f"warning.{message.key}"
    text = (tr(key, lang, message.params, names, message.text) if key in MESSAGES
            else tr("warning.untranslated", lang, text=message.text))
    if message.context.get("year") is not None:
        y = message.context.get("y")
        text = tr("warning.detector_context", lang, y=names.get(y, y),
                  year=message.context["year"], text=text)
    return space_cjk(text[:1].upper() + text[1:])


@functools.lru_cache(maxsize=4)
def _region_names(lang: str) -> dict[str, str]:
    """Display names of every province and city id."""
    return {r.id: region_display(r.id, lang) for r in (*PROVINCES, *CITIES)}
