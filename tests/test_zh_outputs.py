"""The label layer, end to end: a Chinese study's outputs hold no config id, method id or
English word that a reader would have to decode — report text, every cell of every sheet
and CSV, every text drawn in a figure."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

#: Latin words a Chinese results section uses as they are: acronyms, symbols, names.
ALLOWED = {"GDP", "AHP", "TOPSIS", "CRITIC", "OPGD", "IDW", "CI", "CR", "Xi", "Xj", "max",
           "Dagum", "ccdkit", "LOESS", "ln", "km", "Albers", "Kelley", "et", "al", "LISA",
           "Getis", "Ord", "Gi", "Wz", "PySAL", "esda", "FDR", "Bonferroni", "Queen", "Rook",
           "Benjamini", "Hochberg", "Ii", "Bickenbach", "Bode", "LR", "Silverman", "Scott",
           # authors of methods (robustness): Fan et al. 2024, Saisana et al. 2005,
           # Gamboa et al. 2014; BCa interval; Spearman / Kendall rank correlations
           "Fan", "Saisana", "Gamboa", "BCa", "Spearman", "Kendall",
           # spatial econometrics: model and test abbreviations as Chinese papers print them
           # (OLS, SLX, SAR, SEM, SDM, SDEM, SAC, LM, SARMA, AIC, Wald, Delta method) and the
           # authors cited (Anselin 1988, Elhorst 2014, LeSage and Pace 2009, Lee and Yu 2010)
           "OLS", "SLX", "SAR", "SEM", "SDM", "SDEM", "SAC", "LM", "SARMA", "AIC", "Wald",
           "Delta", "Nagelkerke", "Anselin", "Elhorst", "LeSage", "Pace", "Lee", "Yu", "Hausman",
           # newer Geographical Detector models and their statistics, as Chinese papers
           # print them (GOZH, LESH, RGD/RID, SPADE/IDSA: PSD, CPSD, PSMD, PID; Shapley
           # values; rpart, the tree's R package)
           "GOZH", "LESH", "RGD", "RID", "SPADE", "IDSA", "PSD", "CPSD", "PSMD", "PID",
           "Shapley", "rpart", "Moran",
           # their authors (Wagner & Dray 2015; Luo et al. 2022; Li et al. 2023; Zhang et al.
           # 2022; Cang & Luo 2018; Song & Wu 2021)
           "Wagner", "Dray", "Luo", "Li", "Zhang", "Cang", "Song", "Wu",
           # space-time patterns: the software whose conventions are named (ArcGIS,
           # CrimeStat) and the Mann-Kendall trend test; Rey (2001)
           "ArcGIS", "CrimeStat", "Mann", "Rey", "Lefever", "Shorrocks"}
WORD = re.compile(r"[A-Za-z][A-Za-z_]+")


def _foreign(text: str) -> set[str]:
    return {w for w in WORD.findall(str(text)) if w not in ALLOWED}


def _report_text(path) -> str:
    """The report as a reader sees it: no CSS, no embedded images or fonts, without the
    collapsed dump of the config (ids are the config's own words there)."""
    s = path.read_text(encoding="utf-8")
    s = re.sub(r"<style>.*?</style>", "", s, flags=re.S)
    s = s[:s.index("<section id='options'")]
    s = re.sub(r"<[^>]+>", " ", s)  # tags (and their attributes: data URIs, ids)
    return html.unescape(s)


def test_zh_report_text_has_no_ids_or_english(demo_output):
    words = _foreign(_report_text(demo_output / "report.html"))
    assert not words, sorted(words)


def test_zh_every_table_cell_is_labelled(demo_output):
    """Indicator, dimension and variable ids, method ids, reasons and true/false are shown
    in Chinese in every sheet of tables.xlsx and every CSV (firm ids are data)."""
    found = {}
    wb = load_workbook(demo_output / "tables.xlsx", read_only=True)
    for ws in wb.worksheets:
        rows = ws.iter_rows(values_only=True)
        header = next(rows)
        skip = {i for i, h in enumerate(header) if h == "企业"}
        for row in rows:
            for i, v in enumerate(row):
                if i not in skip and isinstance(v, str) and _foreign(v):
                    found.setdefault(ws.title, set()).update(_foreign(v))
        assert not any(isinstance(v, bool) for row in ws.iter_rows(values_only=True)
                       for v in row), ws.title
    for csv in sorted((demo_output / "tables").glob("*.csv")):
        frame = pd.read_csv(csv, dtype=str, encoding="utf-8-sig", keep_default_na=False)
        frame = frame.drop(columns=[c for c in frame.columns if c == "企业"])
        for col in frame.columns:
            bad = set().union(*[_foreign(v) for v in frame[col].unique()], _foreign(col))
            if bad:
                found.setdefault(csv.name, set()).update(bad)
    assert not found, found


def figure_words(figures: dict) -> dict:
    """Ids and English words in the texts of ``{stem: (caption, Figure)}`` (titles, axis
    labels, ticks, legends, colour bars, annotations); closes the figures. The zh demo's
    figures are scanned in test_pipeline.test_two_runs_are_identical, which draws them."""
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    found = {}
    try:
        for stem, (caption, fig) in figures.items():
            for text in [caption] + [a.get_text() for a in fig.findobj(Text)
                                     if a.get_visible()]:
                if _foreign(text):
                    found.setdefault(stem, set()).update(_foreign(text))
    finally:
        for _, fig in figures.values():
            plt.close(fig)
    return found


def test_figure_scan_finds_english(demo_result):
    """The scan used on the figures fails on an English label (it can fail)."""
    from ccdkit.present import study_figures

    figures = study_figures(demo_result, "en", include=["type_shares"])
    assert figure_words(figures)


def test_warnings_rendered_in_chinese(demo_result):
    """Each warning of the run has a Chinese text with labels (no English fallback)."""
    texts = demo_result.warning_texts("zh")
    assert texts and not [t for t in texts if "英文原文" in t or _foreign(t)]
    # English readers get the sentences (the log and manifest also name the warning class)
    en = demo_result.warning_texts("en")
    assert len(en) == len(texts) and not [t for t in en if "Warning:" in t or "q_adj" in t]
    assert all(any(t[1:] in log for log in demo_result.warnings) for t in en)


def test_report_embeds_the_font_subset_it_uses(demo_output):
    """The zh report carries its own font: a WOFF subset of Noto Sans CJK SC (a few hundred
    KB at most) whose character map covers every character of the page's text."""
    import base64
    import io

    pytest.importorskip("noto_cjk_sans_otc")
    from fontTools.ttLib import TTFont

    page = (demo_output / "report.html").read_text(encoding="utf-8")
    found = re.search(r"@font-face\{font-family:'([^']+)'.*?data:font/woff;base64,"
                      r"([A-Za-z0-9+/=]+)", page)
    assert found and f"font-family:'{found.group(1)}'" in page.split("@font-face", 2)[1]
    data = base64.b64decode(found.group(2))
    assert 20_000 < len(data) < 400_000
    cmap = TTFont(io.BytesIO(data)).getBestCmap()
    text = re.sub(r"data:[a-z/]+;base64,[A-Za-z0-9+/=]+", "", page)
    cjk = {c for c in html.unescape(re.sub(r"<[^>]+>", " ", text))
           if "\u4e00" <= c <= "\u9fff"}
    assert len(cjk) > 300 and not [c for c in cjk if ord(c) not in cmap]


def test_font_only_when_the_page_has_chinese(demo_result):
    from ccdkit.present import render_report
    from ccdkit.present import font_face_css

    assert font_face_css("Coupling coordination, 2012-2023") is None
    assert font_face_css("中").startswith("@font-face")
    assert render_report(demo_result, lang="zh", embed_font=False).count("@font-face") == 0


def test_english_tables_of_a_chinese_study_have_no_chinese(demo_result):
    """Any result renders in either language: tables("en") of the zh demo has no Chinese
    character in a header or a cell (before: the type shares and the type transition
    matrices kept the Chinese type names the summary was made with)."""
    import re

    import pandas as pd

    cjk = re.compile(r"[\u3400-\u9fff]")
    for name, frame in demo_result.tables("en").items():
        assert not [c for c in frame.columns if cjk.search(str(c))], name
        for col in frame.columns:
            values = frame[col]
            if values.dtype == object or isinstance(values.dtype, pd.CategoricalDtype) \
                    or pd.api.types.is_string_dtype(values):
                bad = [v for v in values.dropna().astype(str).unique() if cjk.search(v)]
                assert not bad, (name, col, bad[:3])
    zh = demo_result.tables("zh")
    assert "优质协调" in zh["type_transitions"].columns


def test_english_report_of_a_chinese_study_has_no_chinese(demo_result):
    """The whole report renders in English from the zh demo: no Chinese character in the
    text a reader sees (the config listing, which quotes the study's own file, aside)."""
    import html as html_module
    import re

    from ccdkit.present import render_report

    page = render_report(demo_result, lang="en", embed_font=False)
    page = re.sub(r"<pre>.*?</pre>|<style>.*?</style>", "", page, flags=re.S)
    text = html_module.unescape(re.sub(r"<[^>]+>", " ", page))
    found = sorted(set(re.findall(r"[^\s]*[\u3400-\u9fff]+[^\s]*", text)))
    assert not found, found[:10]
