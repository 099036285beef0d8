"""Functions over provinces and cities alike (region groups, display names, registry
order): above both registries, so that neither imports the other."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..exceptions import RegionError
from ._cities import _BY_ID as _CITY_BY_ID
from ._cities import canonicalize_cities
from ._regions import _BY_ID, PROVINCES, REGION_SCHEMES, canonicalize_regions

__all__ = ["region_groups", "region_label", "region_display", "region_order"]


def _is_province(name) -> bool:
    try:
        canonicalize_regions([name])
    except RegionError:
        return False
    return True


def region_groups(
    scheme: str | Mapping[str, Iterable[object]] = "region3",
    regions: Iterable[str] | None = None,
) -> dict[str, list[str]]:
    """Region groups as ``{group: [canonical ids]}``.

    Parameters
    ----------
    scheme : {"region3", "region4"} or mapping
        ``"region3"``: east (11, incl. Liaoning) / central (8) / west (12);
        ``"region4"``: NBS east (10) / central (6) / west (12) / northeast (3);
        or a user mapping ``{group name: [region names in any spelling]}``.
    regions : iterable of str, optional
        Restrict the groups to these canonical ids (groups left empty are dropped).

    Raises
    ------
    RegionError
        If a user mapping names an unknown region, or a region appears in two groups.

    Examples
    --------
    >>> {g: len(v) for g, v in region_groups("region4").items()}
    {'east': 10, 'central': 6, 'west': 12, 'northeast': 3}
    """
    if isinstance(scheme, str):
        if scheme not in REGION_SCHEMES:
            raise ValueError(f"scheme must be one of {REGION_SCHEMES} or a mapping, got {scheme!r}")
        groups: dict[str, list[str]] = {}
        for p in PROVINCES:
            g = p.id if scheme == "province" and p.mainland else getattr(p, scheme, None)
            if g is not None:
                groups.setdefault(g, []).append(p.id)
        if regions is not None:
            # cities belong to the group of their province
            of = {r: next(g for g, v in groups.items() if r in v)
                  for r in _BY_ID if any(r in v for v in groups.values())}
            for r in regions:
                c = _CITY_BY_ID.get(r)
                if c is not None and r not in _BY_ID and c.province in of:
                    groups[of[c.province]].append(r)
    else:
        groups = {}
        seen: dict[str, str] = {}
        for name, members in scheme.items():
            members = list(members)
            where = [f"{name}[{i}]" for i in range(len(members))]
            try:
                ids = canonicalize_regions(members, source=f"region group {name!r}", rows=where)
            except RegionError as province_error:  # a group of cities, or a misspelling
                try:
                    ids = canonicalize_cities(members, source=f"region group {name!r}",
                                              rows=where)[0]
                except RegionError as city_error:
                    # neither: the error of the kind most members are (a province group
                    # names its unknown province, never a "city name")
                    provinces = sum(_is_province(m) for m in members)
                    raise (province_error if provinces >= len(members) - provinces
                           else city_error) from None
            for rid in ids:
                if rid is None:
                    continue
                if rid in seen and seen[rid] != name:
                    raise RegionError(
                        f"region {rid!r} is in two region groups: {seen[rid]!r} and {name!r}"
                    )
                seen[rid] = name
            groups[str(name)] = [r for r in ids if r is not None]
    if regions is not None:
        keep = set(regions)
        groups = {g: [r for r in v if r in keep] for g, v in groups.items()}
        groups = {g: v for g, v in groups.items() if v}
    return groups


def region_display(value, lang: str = "en") -> str:
    """:func:`region_label` of a canonical id; any other value (a unit outside the
    registry, a row number) as text.

    >>> region_display("Guangxi", "zh"), region_display("row 3", "zh")
    ('广西', 'row 3')
    """
    p = _BY_ID.get(value) if isinstance(value, str) else None
    if p is None and isinstance(value, str):
        p = _CITY_BY_ID.get(value)
    return p.label(lang) if p is not None else str(value)


def region_order(ids: Iterable[str]) -> list[str]:
    """Sort canonical ids in registry (adcode) order: provinces, then cities by adcode."""
    rank = {p.id: i for i, p in enumerate(PROVINCES)}
    return sorted(set(ids), key=lambda r: (0, rank[r]) if r in rank else
                  (1, _CITY_BY_ID[r].adcode if r in _CITY_BY_ID else 0, str(r)))


def region_label(region_id: str, lang: str = "en") -> str:
    """Display label of a canonical id (``lang`` ``"zh"`` or ``"en"``).

    >>> region_label("Guangxi", "zh")
    '广西'
    """
    return region_display(region_id, lang)
