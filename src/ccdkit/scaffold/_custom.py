"""Templates for any study design (the one a researcher edits in the app), and a blank
design to start from."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..data import check_language, city, province
from ..study import AgglomerationSystem, IndicatorSystem, Study
from ..text import pick
from ._design import REFERENCE_YEARS, Item
from ._workbooks import firm_workbook, variable_workbook

__all__ = ["blank_study", "study_templates", "TEMPLATE_FILES"]

#: The template workbooks of a design: indicators, drivers (detector factors), firms.
TEMPLATE_FILES = ("data/indicators.xlsx", "data/drivers.xlsx", "data/firms.xlsx")


def blank_study(lang: str = "zh") -> dict:
    """A blank two-system design (one dimension and two indicators each, no drivers) over
    the 31 mainland provinces, 2012-2023, as a config dict to edit.

    >>> from ccdkit.study import study_from_dict
    >>> study_from_dict(blank_study("en")).coupled_systems
    ['system_a', 'system_b']
    """
    check_language(lang)

    def system(letter: str) -> dict:
        return {"id": f"system_{letter}", "type": "indicators",
                "label": {"zh": f"系统{letter.upper()}", "en": f"System {letter.upper()}"},
                "dimensions": [{"id": f"{letter}_dimension",
                                "label": {"zh": "维度1", "en": "Dimension 1"},
                                "indicators": [
                                    {"id": f"{letter}{i}", "direction": "+",
                                     "label": {"zh": f"指标{letter.upper()}{i}",
                                               "en": f"Indicator {letter.upper()}{i}"}}
                                    for i in (1, 2)]}]}

    return {"study": {"name": "study", "title": {"zh": "耦合协调研究", "en": "Coupling study"}},
            "years": {"start": REFERENCE_YEARS[0], "end": REFERENCE_YEARS[1]},
            "regions": "all",
            "data": {"panel": [{"file": TEMPLATE_FILES[0], "layout": "wide"}]},
            "systems": [system("a"), system("b")],
            "detector": {"factors": []},
            "output": {"language": lang}}


def _items(entries, lang: str) -> list[Item]:
    out = []
    for e, direction, dimension in entries:
        label = e.label.get(lang, e.id) if e.label else e.id
        unit = e.unit.get(lang, "") if e.unit else ""
        out.append(Item(e.col, e.label.get("zh", label) if e.label else label,
                        e.label.get("en", label) if e.label else label, unit, direction,
                        dimension, e.source or ""))
    return out


def _region_name(study: Study, lang: str):
    if study.level == "city":
        return lambda r: pick({"zh": city(r).short_zh, "en": city(r).id}, lang)
    return lambda r: province(r).label(lang)


def study_templates(study: Study, folder: str | Path, *, lang: str = "zh") -> list[Path]:
    """Write empty Excel templates for ``study``'s design into ``folder``: the indicators
    of every indicator system (one sheet each, regions x years), the detector's drivers
    and, with an agglomeration system, the firm table (names in :data:`TEMPLATE_FILES`).
    """
    check_language(lang)
    folder = Path(folder)
    (folder / "data").mkdir(parents=True, exist_ok=True)
    indicators = [(i, i.direction, d.id) for s in study.systems
                  if isinstance(s, IndicatorSystem) for d, i in s.tree()]
    drivers = [(f, "+", None) for f in study.detector.factors]
    regions: Sequence[str] = study.region_ids
    name = _region_name(study, lang)
    years = study.years.values
    written = []
    for rel, entries in zip(TEMPLATE_FILES[:2], (indicators, drivers)):
        if entries:
            variable_workbook(folder / rel, _items(entries, lang), regions, years, lang,
                              name=name)
            written.append(folder / rel)
    if any(isinstance(s, AgglomerationSystem) for s in study.systems):
        firm_workbook(folder / TEMPLATE_FILES[2], lang)
        written.append(folder / TEMPLATE_FILES[2])
    return written
