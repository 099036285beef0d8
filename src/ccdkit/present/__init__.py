"""Presenting a study result: its tables, the HTML report with the methods text, the
figures (each registered with its report section and caption) and the output folder.

Reads results and computes nothing; the text comes from :mod:`ccdkit.text`.
"""

from ._figures import PlannedFigure, figure_plan, study_figures
from ._font import FONT_FAMILY, font_face_css
from ._methods import METHOD_NAMES, methods_paragraph
from ._outputs import manifest, write_study
from ._report import REPORT_SECTIONS, number_tables, render_report, zh_spacing

__all__ = ["study_figures", "figure_plan", "PlannedFigure", "FONT_FAMILY", "font_face_css", "METHOD_NAMES",
           "methods_paragraph", "manifest", "write_study", "REPORT_SECTIONS", "number_tables",
           "render_report", "zh_spacing"]
