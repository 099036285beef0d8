"""Province registry: canonical ids, names, codes, aliases and region groups.

Every region name that enters ccdkit goes through :func:`canonicalize_regions` first, so
that 北京, 北京市, Beijing, ``110000`` and ``BEIJING `` all become the canonical id
``"Beijing"``. A value that cannot be matched raises :class:`~ccdkit.exceptions.RegionError`
naming the value, where it came from and the nearest known names.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ..exceptions import RegionError
from ..text import check_language, pick
from ._province_data import (
    AGGREGATE_NAMES,
    GROUP_LABELS,
    PROVINCE_ROWS,
    SUFFIXES_EN,
    SUFFIXES_ZH,
    TRADITIONAL_TO_SIMPLIFIED,
)

__all__ = [
    "Province",
    "PROVINCES",
    "MAINLAND_IDS",
    "province",
    "canonicalize_regions",
    "is_aggregate",
    "group_label",
    "province_table",
]

REGION_SCHEMES = ("region3", "region4", "province")


@dataclass(frozen=True)
class Province:
    """One provincial-level unit of China.

    Attributes
    ----------
    id : str
        Canonical id used in every ccdkit table (ASCII, e.g. ``"Inner Mongolia"``).
    adcode : int
        Six-digit administrative division code (GB/T 2260), e.g. ``110000``.
    name_zh, short_zh : str
        Full and short Chinese names (``北京市``, ``北京``).
    name_en : str
        English name.
    pinyin : str
        Toneless pinyin of the short name (``Shaanxi`` by convention for 陕西).
    traditional : str
        Short name in traditional characters.
    region3, region4 : str or None
        Classic 3-region group and NBS 4-region group; ``None`` for map-only units.
    mainland : bool
        False for Hong Kong, Macao and Taiwan (map-only units).
    aliases : tuple of str
        Further spellings accepted by :func:`canonicalize_regions`.
    """

    adcode: int
    id: str
    name_zh: str
    short_zh: str
    name_en: str
    pinyin: str
    traditional: str
    region3: str | None
    region4: str | None
    aliases: tuple[str, ...]

    @property
    def mainland(self) -> bool:
        return self.region3 is not None

    def label(self, lang: str = "en") -> str:
        """Display name: short Chinese name for ``lang="zh"``, English otherwise."""
        return pick({"zh": self.short_zh, "en": self.name_en}, lang)


PROVINCES: tuple[Province, ...] = tuple(Province(*row) for row in PROVINCE_ROWS)
_BY_ID: dict[str, Province] = {p.id: p for p in PROVINCES}
#: Canonical ids of the 31 mainland provinces, in adcode order.
MAINLAND_IDS: tuple[str, ...] = tuple(p.id for p in PROVINCES if p.mainland)

_TRAD = str.maketrans(TRADITIONAL_TO_SIMPLIFIED)
_NON_WORD = re.compile(r"[\s\W_]+", re.UNICODE)


def _normalize(value: str) -> str:
    """Fold width, case, traditional characters, white space and punctuation."""
    text = unicodedata.normalize("NFKC", value).translate(_TRAD).casefold()
    return _NON_WORD.sub("", text)


@lru_cache(maxsize=1)
def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for p in PROVINCES:
        names = (p.id, p.name_zh, p.short_zh, p.name_en, p.pinyin, p.traditional, *p.aliases)
        for name in names:
            table[_normalize(name)] = p.id
        table[str(p.adcode)] = p.id
        table[str(p.adcode // 10000)] = p.id
    return table


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _match(key: str) -> str | None:
    table = _lookup()
    if key in table:
        return table[key]
    suffixes = SUFFIXES_ZH if _is_cjk(key) else SUFFIXES_EN
    stripped = key
    changed = True
    while changed:
        changed = False
        for suffix in suffixes:
            if stripped.endswith(suffix) and len(stripped) > len(suffix):
                stripped = stripped[: -len(suffix)]
                if stripped in table:
                    return table[stripped]
                changed = True
    return None


def _as_key(value: object) -> str | None:
    """String key of a raw cell value; ``None`` for missing values."""
    if value is None:
        return None
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        if value.is_integer():
            return str(int(value))
    text = str(value)
    if text.strip() == "":
        return None
    # numeric strings such as "110000.0"
    if re.fullmatch(r"\s*\d+\.0+\s*", text):
        text = text.split(".")[0]
    return _normalize(text)


def is_aggregate(value: object) -> bool:
    """Whether ``value`` names a national or multi-province aggregate (全国, 东部地区, Total...).

    Examples
    --------
    >>> is_aggregate("全国"), is_aggregate(" 东部地区 "), is_aggregate("北京")
    (True, True, False)
    """
    key = _as_key(value)
    return key is not None and key in _AGGREGATE_KEYS


_AGGREGATE_KEYS = frozenset(_normalize(n) for n in AGGREGATE_NAMES)


def province(value: object) -> Province:
    """Return the :class:`Province` that ``value`` names.

    Parameters
    ----------
    value : str or int
        Any accepted spelling: short or full Chinese name (simplified or traditional),
        English name, toneless pinyin, adcode (``110000`` or its 2-digit prefix ``11``),
        or a canonical id. Case, white space (also full-width) and punctuation are ignored.

    Raises
    ------
    RegionError
        If the value matches no province; the message lists the nearest known names.

    Examples
    --------
    >>> province("內蒙古自治區").id
    'Inner Mongolia'
    >>> province(440000).short_zh
    '广东'
    """
    return _BY_ID[canonicalize_regions([value])[0]]


def _suggestions(key: str, n: int = 3) -> list[str]:
    table = _lookup()
    close = difflib.get_close_matches(key, list(table), n=8, cutoff=0.5)
    out: list[str] = []
    for c in close:
        p = _BY_ID[table[c]]
        label = f"{p.short_zh} / {p.name_en}"
        if label not in out:
            out.append(label)
    return out[:n]


def canonicalize_regions(
    values: Iterable[object],
    *,
    source: str | None = None,
    rows: Sequence[object] | None = None,
    allow_aggregates: bool = False,
) -> list[str | None]:
    """Map region names or codes to canonical province ids.

    Parameters
    ----------
    values : iterable
        Region names or codes in any accepted spelling (see :func:`province`).
    source : str, optional
        Where the values come from (e.g. ``"data.xlsx, sheet 'patents'"``), used in errors.
    rows : sequence, optional
        Where each value stands (same length as ``values``), used in errors: numbers are
        shown as ``row N``, strings verbatim (e.g. ``"regions[3]"``).
    allow_aggregates : bool, default False
        If True, aggregate rows (全国, 东部地区, ...) map to ``None`` instead of raising.

    Returns
    -------
    list of str or None
        Canonical ids; ``None`` for missing values and (if allowed) aggregates.

    Raises
    ------
    RegionError
        Listing every value that could not be matched, with its row and the nearest names.

    Examples
    --------
    >>> canonicalize_regions(["北京市", "Nei Mongol", "廣東", "650000", " Xizang "])
    ['Beijing', 'Inner Mongolia', 'Guangdong', 'Xinjiang', 'Xizang']
    """
    values = list(values)
    if rows is not None and len(rows) != len(values):
        raise ValueError("rows must have the same length as values")
    out: list[str | None] = []
    problems: list[str] = []
    cache: dict[str, str | None] = {}
    for i, value in enumerate(values):
        key = _as_key(value)
        if key is None:
            out.append(None)
            continue
        if key not in cache:
            cache[key] = _match(key)
        match = cache[key]
        if match is None and allow_aggregates and key in _AGGREGATE_KEYS:
            out.append(None)
            continue
        if match is None:
            if rows is None:
                where = f"position {i}"
            else:
                where = rows[i] if isinstance(rows[i], str) else f"row {rows[i]}"
            msg = f"{value!r} ({where})"
            if key in _AGGREGATE_KEYS:
                msg += " is an aggregate (national or regional total), not a province"
            else:
                hint = _suggestions(key)
                msg += f"; nearest known names: {', '.join(hint)}" if hint else "; no similar known name"
            problems.append(msg)
        out.append(match)
    if problems:
        head = "unknown region name" + ("s" if len(problems) > 1 else "")
        if source:
            head += f" in {source}"
        shown = problems[:20]
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise RegionError(f"{head}:\n  " + "\n  ".join(shown) + more)
    return out


def group_label(group: str, lang: str = "en") -> str:
    """Display label of a region group; user-defined groups are returned unchanged.

    >>> group_label("central", "zh")
    '中部'
    """
    if group not in GROUP_LABELS and group in _BY_ID:  # scheme "province"
        return _BY_ID[group].label(lang)
    return GROUP_LABELS.get(group, {}).get(check_language(lang), group)


def province_table(*, include_map_only: bool = False) -> pd.DataFrame:
    """The registry as a DataFrame (one row per province, adcode order).

    Examples
    --------
    >>> province_table().shape[0]
    31
    """
    rows = [
        {
            "id": p.id,
            "adcode": p.adcode,
            "name_zh": p.name_zh,
            "short_zh": p.short_zh,
            "name_en": p.name_en,
            "pinyin": p.pinyin,
            "traditional": p.traditional,
            "region3": p.region3,
            "region4": p.region4,
            "mainland": p.mainland,
        }
        for p in PROVINCES
        if include_map_only or p.mainland
    ]
    return pd.DataFrame(rows)
