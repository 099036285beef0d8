"""Why a Geographical Detector candidate or interaction has no usable q, by id.

The results keep the English sentence (readable in a data frame); it is written from
these texts by :func:`reason` and read back into its id and numbers by
:func:`reason_text`, which renders it in any language (the English text is the pattern:
one source, no hand-written translation patterns).
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

from ._language import check_language

__all__ = ["REASON_TEXTS", "reason", "reason_text"]

REASON_TEXTS = {
    "reason.no_breaks": {"zh": "无法分级（取值过少或为常数）",
                         "en": "no breaks (too few distinct values or constant)"},
    "reason.breaks_repeat": {"zh": "断点重复", "en": "breaks repeat"},
    "reason.small_stratum": {"zh": "存在样本数少于 {n} 的层",
                             "en": "a stratum has fewer than {n} samples"},
    "reason.y_constant": {"zh": "因变量为常数", "en": "y is constant"},
    "reason.no_common_rows": {"zh": "没有同时具有因变量和两个因子的样本",
                              "en": "no row has y and both factors"},
    "reason.all_singletons": {"zh": "全部 {n} 个样本都在单样本层中（已剔除）",
                              "en": "all {n} rows are in strata of one row (dropped)"},
    "reason.one_stratum": {"zh": "所用 {n} 个样本上的层数少于 2",
                           "en": "fewer than 2 strata on the {n} row(s) used"},
    "reason.y_constant_rows": {"zh": "因变量在所用 {n} 个样本上为常数",
                               "en": "y is constant on the {n} row(s) used"},
    "reason.one_row_strata": {"zh": "每层只有一个样本（N = L = {n}）：q12 恒为 1",
                              "en": "every stratum has one row (N = L = {n}): q12 = 1 by "
                                    "construction"},
}


def reason(key: str, **values) -> str:
    """The English sentence of a reason (what the results hold).

    >>> reason("small_stratum", n=2)
    'a stratum has fewer than 2 samples'
    """
    return REASON_TEXTS[f"reason.{key}"]["en"].format(**values)


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern, str]]:
    out = []
    for key, entry in REASON_TEXTS.items():
        regex = "".join(re.escape(literal) + (f"(?P<{name}>.+?)" if name else "")
                        for literal, name, _, _ in string.Formatter().parse(entry["en"]))
        out.append((re.compile(regex), key))
    return out


def reason_text(text, lang: str):
    """A reason sentence of the results in ``lang`` (any other text unchanged).

    >>> reason_text("a stratum has fewer than 2 samples", "zh")
    '存在样本数少于 2 的层'
    """
    check_language(lang)
    if not isinstance(text, str) or not text:
        return text
    for pattern, key in _patterns():
        m = pattern.fullmatch(text)
        if m:
            return REASON_TEXTS[key][lang].format(**m.groupdict())
    return text
