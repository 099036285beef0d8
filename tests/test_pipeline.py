"""The end-to-end study: outputs, report, determinism, failures and config variants."""

from __future__ import annotations

import json
import re
import warnings

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import file_digest
from openpyxl import load_workbook

from ccdkit import run_study
from ccdkit.cli import main
from ccdkit.present import REPORT_SECTIONS, write_study


def _edit(study_yaml, fn):
    data = yaml.safe_load(study_yaml.read_text(encoding="utf-8"))
    fn(data)
    study_yaml.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                          encoding="utf-8")


def _fast(data):
    data["detector"]["permutations"] = 99
    data["detector"]["bootstrap"] = 99


@pytest.fixture
def demo_run(demo_output):
    return demo_output


def test_demo_outputs_exist(demo_run):
    for name in ("report.html", "tables.xlsx", "manifest.json", "README.txt", "study/study.yaml"):
        assert (demo_run / name).exists(), name
    figures = {p.name for p in (demo_run / "figures").iterdir()}
    assert {"coupling_over_time.png", "type_shares.png", "interaction.png",
            "detector_q.png"} <= figures  # (the demo keeps to PNG)
    wb = load_workbook(demo_run / "tables.xlsx", read_only=True)
    assert {"scores", "coupling", "weights_nqpf", "type_shares", "D_dagum_gini",
            "detector_factor", "detector_interaction", "imputation"} <= set(wb.sheetnames)
    assert (demo_run / "tables" / "coupling.csv").exists()


def test_report_sections_and_numbers(demo_run, demo_result):
    report = (demo_run / "report.html").read_text(encoding="utf-8")
    for section in REPORT_SECTIONS:
        assert f"<section id='{section}'>" in report
    assert "合成数据" in report  # the synthetic banner (demo is in Chinese)
    assert report.count("data:image/png;base64,") >= 5
    # numbers in the report are the result's: national mean D of the last year, q of X1
    res = demo_result
    by = res.coupling_summary.by_group
    d_last = by[(by.group == "nation") & (by.year == 2023)]["D"].iloc[0]
    assert f"{d_last:.4f}" in report
    q = res.detector[2023].factor.set_index("factor").loc["X1", "q"]
    assert f"{q:.4f}" in report
    # index levels: the mean score of the eastern study regions, computed here by hand
    east = set(res.study.groups["east"])
    s = res.scores[(res.scores.year == 2016) & res.scores.region.isin(east)]["nqpf"].mean()
    levels = res.index_levels.set_index(["year", "group"])
    assert levels.loc[(2016, "east"), "nqpf"] == pytest.approx(s)
    assert f"{s:.4f}" in report
    coupling = pd.read_csv(demo_run / "tables" / "coupling.csv", encoding="utf-8-sig")
    np.testing.assert_allclose(np.sort(coupling["耦合协调度D"]), np.sort(res.coupling.D),
                               atol=1e-12)
    # breaks are joined by "; ", never by a comma that a thousands separator could be
    # mistaken for ("36,368, 41,949" before)
    import re
    cells = re.findall(r"<td class='l'>([-\d.,; ]+)</td>", report)
    assert any("; " in c for c in cells) and not any(re.search(r"\d, \d", c) for c in cells)
    # the MFPT matrix of the Markov chain is in the report (the methods text claims it)
    assert "平均首次通过时间" in report


def test_manifest(demo_run):
    m = json.loads((demo_run / "manifest.json").read_text(encoding="utf-8"))
    assert m["synthetic_data"] is True and m["options"]["coupling"]["model"] == "classic"
    files = {i["file"] for i in m["inputs"]}
    assert {"data/indicators.xlsx", "data/drivers.xlsx", "data/firms.xlsx", "study.yaml"} <= files
    assert all(re.fullmatch(r"[0-9a-f]{64}", i["sha256"]) for i in m["inputs"])
    assert "report.html" in m["outputs"] and "numpy" in m["dependencies"]


#: One figure of each drawing module (charts, maps, spatial, dynamics, robustness): drawn
#: again, each must give the same bytes (drawing all 19 again doubled the test's time).
REDRAWN = ("coupling_over_time", "interaction", "map_D_types", "moran_scatter_D", "kde_surface",
           "robust_rank_uncertainty")


def test_two_runs_are_identical(demo_run, demo_result, tmp_path):
    """A second run of the demo study writes the same bytes in every output file (tables,
    workbook, the figures drawn again, README), the same report (its figures aside: the
    second run draws only some), and the same manifest except its `created` time and the
    figure list. The figures' texts are also scanned here (drawn once) for ids and English
    words (see test_zh_outputs)."""
    import re

    from test_zh_outputs import figure_words

    from ccdkit.present import study_figures

    figures = study_figures(demo_result, include=REDRAWN)
    write_study(demo_result, tmp_path / "b", figures=figures)
    assert not figure_words(figures)  # (closes them)
    a, b = demo_run, tmp_path / "b"
    files_a = {str(p.relative_to(a)) for p in a.rglob("*") if p.is_file()}
    files_b = {str(p.relative_to(b)) for p in b.rglob("*") if p.is_file()}
    drawn = {f"figures/{stem}.png" for stem in REDRAWN}  # (the demo keeps to PNG)
    # `ccdkit demo` also writes the demo study itself (study/) and a README.txt
    assert files_b == {f for f in files_a if not f.startswith(("study/", "figures/"))
                       and f != "README.txt"} | drawn
    assert len(files_b) > 25
    for name in sorted(files_b - {"manifest.json", "report.html"}):
        assert file_digest(a / name) == file_digest(b / name), name

    def without_figures(path):  # (and the font subset, which follows the captions' text)
        return re.sub(r"<figure .*?</figure>|<style>.*?</style>", "",
                      path.read_text(encoding="utf-8"), flags=re.S)

    assert without_figures(a / "report.html") == without_figures(b / "report.html")
    from ccdkit.present import render_report

    assert render_report(demo_result) == render_report(demo_result)  # font subset included
    ma = json.loads((a / "manifest.json").read_text(encoding="utf-8"))
    mb = json.loads((b / "manifest.json").read_text(encoding="utf-8"))
    assert ma.pop("created") != "" and mb.pop("created") != ""
    assert {k: v for k, v in ma.items() if k != "outputs"} == \
        {k: v for k, v in mb.items() if k != "outputs"}


def test_study_figures_include_names_the_figures(demo_result):
    from ccdkit.present import study_figures

    with pytest.raises(ValueError, match="no figure named \\['nope'\\].*map_D_types"):
        study_figures(demo_result, include=["nope"])


def test_failing_run_leaves_nothing(demo_study, tmp_path, capsys):
    (demo_study.parent / "data" / "firms.xlsx").unlink()
    out = tmp_path / "out"
    assert main(["run", str(demo_study), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "firms.xlsx" in err and "Traceback" not in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["study"]


def test_all_nan_indicator_fails_cleanly(demo_study, tmp_path, capsys):
    path = demo_study.parent / "data" / "indicators.xlsx"
    wb = load_workbook(path)
    ws = wb["ic_output"]
    for row in ws.iter_rows(min_row=2, min_col=2):
        for cell in row:
            cell.value = None
    wb.save(path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    (out / "manifest.json").write_text('{"ccdkit": "0.1"}')  # an earlier ccdkit output
    assert main(["run", str(demo_study), "--out", str(out), "--force"]) == 1
    assert "ic_output" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt", "manifest.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "study"]


@pytest.mark.parametrize("variant", ["combined", "en"])
def test_config_variants(demo_study, tmp_path, variant):
    """Per-year pooling, the wang2021 model, the elbow rule and a third system in one run;
    English outputs in another (writing is the same for every variant)."""
    def change(d):
        _fast(d)
        if variant == "en":
            d["output"]["language"] = "en"
            return
        # the chapters after the detector are tested on the shared demo run; here they
        # would only repeat per-year improved-entropy bootstraps (most of this test's time)
        for block in ("spatial", "dynamics", "robustness"):
            d.pop(block, None)
        d["systems"][1]["pooling"] = "per_year"
        d["coupling"]["model"] = "wang2021"
        d["detector"]["discretization"]["select"] = "elbow"
        d["systems"].append({"id": "digital", "type": "indicators",
                             "weighting": {"method": "critic"},
                             "scoring": {"method": "weighted_sum"},
                             "dimensions": [{"id": "d", "indicators": [
                                 {"id": "ports", "column": "broadband_ports",
                                  "direction": "+"},
                                 {"id": "software", "column": "software_revenue",
                                  "direction": "+"}]}]})
        d["coupling"]["systems"] = ["agglomeration", "nqpf", "digital"]
        d["coupling"]["weights"] = None
    _edit(demo_study, change)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = run_study(demo_study)
    if variant == "en":
        # and the other way round: tables("zh") of this English study have Chinese
        # headers and type names (no English header or coordination type left)
        from ccdkit.data import coordination_labels
        from ccdkit.text import HEADERS_EN, HEADERS_ZH

        english = (set(HEADERS_EN.values()) - set(HEADERS_ZH.values())  # (R², k, ...)
                   | set(coordination_labels("en")))
        for name, frame in res.tables("zh").items():
            assert not english & {str(c) for c in frame.columns}, name
        assert "优质协调" in res.tables("zh")["type_transitions"].columns
        files = write_study(res, tmp_path / "out")
        assert (tmp_path / "out" / "report.html") in files
        page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
        assert "Coupling coordination over time" in page
        # an English reader sees no Chinese (units translated), no option ids, no warning
        # class names (the collapsed config listing aside)
        import re
        body = page[page.index("<body>"):]
        text = "\n".join(p for p in re.split(r"(<pre>.*?</pre>|<[^>]+>)", body, flags=re.S)
                         if not p.startswith("<"))
        assert not re.search(r"[\u3400-\u9fff]", text)
        for word in ("standardize minmax", "ri saaty", "normalization (Vector)", "Warning:",
                     "q_adj"):
            assert word not in text, word
        assert "100 million yuan" in text and "10,000 yuan per person" in text
        assert all(m.key for m in res.messages)  # readers see only ccdkit's own warnings
        return
    assert sorted(res.systems["nqpf"].weights) == list(range(2012, 2024))
    assert res.tables("en")["weights_nqpf"]["year"].nunique() == 12
    assert res.coupling.options["coupling"] == "wang2021"
    assert all(d.options["select"] == "elbow"
               for r in res.detector.values() for d in r.discretization.values())
    assert res.coupling.systems == ["agglomeration", "nqpf", "digital"]
    assert res.coupling.E is None and np.all((res.coupling.D >= 0) & (res.coupling.D <= 1))


def test_zh_tables_render_labels_not_ids(demo_run, demo_result):
    """The label layer renders codes and ids: relative development classes name the systems
    by their labels, interaction types are in Chinese under their own header."""
    coupling = pd.read_csv(demo_run / "tables" / "coupling.csv", encoding="utf-8-sig")
    labels = demo_result.labels("zh")
    classes = set(coupling["相对发展类型"].dropna())
    assert classes <= {f"{labels['agglomeration']}滞后型", "同步型", f"{labels['nqpf']}滞后型"}
    assert not any("nqpf" in c or "agglomeration" in c for c in classes)
    inter = pd.read_csv(demo_run / "tables" / "detector_interaction.csv", encoding="utf-8-sig")
    assert "交互作用类型" in inter.columns and "协调类型" not in inter.columns
    names = {"非线性减弱", "单因子非线性减弱", "双因子增强", "独立", "非线性增强"}
    assert set(inter["交互作用类型"].dropna()) <= names | {f"{n}（不显著）" for n in names} | {
        "无（见原因）"}


def test_report_numbers_read_like_a_paper(demo_run):
    """p-values as 0.012 / < 0.001, ranks and counts as whole numbers, breaks in fixed
    notation; the q-grid CSV keeps breaks at full precision."""
    import re

    html = (demo_run / "report.html").read_text(encoding="utf-8")
    section = html[html.index("<section id='detector'"):]
    section = section[:section.index("</section>")]
    section = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", section)  # figures
    assert "&lt; 0.001" in section
    assert not re.search(r"\de[+-]\d", section)  # no scientific notation
    assert not re.search(r"<td>\d+\.0000</td>", section)  # no "4.0000" ranks or counts
    grid = pd.read_csv(demo_run / "tables" / "detector_q_grid.csv", encoding="utf-8-sig")
    breaks = grid.filter(like="断点").iloc[:, 0].dropna()
    first = [float(v) for v in breaks.iloc[0].split(", ")]
    assert first == sorted(first) and len(first) >= 3
    assert any(len(v.split(".")[-1]) > 6 for b in breaks for v in b.split(", "))


def test_zh_table_headers_have_no_internal_ids(demo_run):
    """Every header of the zh demo's CSV tables and workbook sheets is Chinese (short
    symbols such as D, q, X1 aside): no config id or English column name."""
    import re

    from openpyxl import load_workbook

    def bad(header) -> bool:
        text = str(header)
        return bool(re.search(r"[A-Za-z]{2,}", text)) and not re.search(r"[\u4e00-\u9fff]",
                                                                           text)

    for csv in sorted((demo_run / "tables").glob("*.csv")):
        cols = pd.read_csv(csv, nrows=0, encoding="utf-8-sig").columns
        assert not [c for c in cols if bad(c)], csv.name
    wb = load_workbook(demo_run / "tables.xlsx", read_only=True)
    for ws in wb.worksheets:
        header = next(ws.iter_rows(min_row=1, max_row=1, values_only=True))
        assert not [c for c in header if bad(c)], ws.title


def test_report_structure(demo_run):
    """A table of contents, numbered figures inside the sections they illustrate, tables
    that scroll inside their box, the options and the imputation log collapsed."""
    import re

    html = (demo_run / "report.html").read_text(encoding="utf-8")
    assert "<nav class='toc'>" in html and "<a href='#detector'>" in html
    numbers = [int(n) for n in re.findall(r"<figcaption>图 (\d+)", html)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 8
    detector = html[html.index("<section id='detector'"):]
    detector = detector[:detector.index("</section>")]
    assert "id='fig-interaction'" in detector and "id='fig-detector_q'" in detector
    options = html[html.index("<section id='options'"):]
    assert options.index("<details>") < options.index("<pre>")
    assert html.count("<div class='table-wrap") >= 10  # classes: wide, short
    # Table 1 says how each system was scored in words, the AHP table in Chinese
    assert "weights: " not in html and "赋权：改进熵权法" in html
    assert "一致性比率 CR" in html and "lambda_max" not in html  # one spacing rule


def test_methods_paragraph_follows_what_was_run(demo_result):
    """The draft methods text names the methods actually used (read from the results'
    recorded options), in the study's language, without internal ids."""
    import re

    from ccdkit.present import methods_paragraph

    zh = "".join(methods_paragraph(demo_result, "zh"))
    assert "改进熵权法" in zh and "TOPSIS" in zh and "地理探测器" in zh and "999 次置换" in zh
    assert not re.search(r"improved_entropy|weighted_sum|per_year|max_q|topsis", zh)
    en = " ".join(methods_paragraph(demo_result, "en"))
    assert "improved entropy weights" in en and "one common sample" in en
    det = next(iter(demo_result.detector.values()))
    assert f"{det.options['permutations']} permutations" in en


def test_summary_speaks_the_study_language(demo_result):
    text = demo_result.summary()
    assert "全国：" in text and "地理探测器" in text
    assert "national" not in text and "Geographical Detector" not in text
    assert "national: " in demo_result.coupling_summary.summary("en")


def test_zh_report_typesetting(demo_run):
    """One spacing rule in the zh report (a space between Chinese and Latin letters or
    digits), an en dash in year ranges, the minus sign in the direction column, and every
    table numbered with a caption in order."""
    import re
    page = (demo_run / "report.html").read_text(encoding="utf-8")
    body = page[page.index("<body>"):]
    text = "\n".join(p for p in re.split(r"(<pre>.*?</pre>|<[^>]+>)", body, flags=re.S)
                     if not p.startswith("<"))
    assert not re.search(r"[\u4e00-\u9fff][A-Za-z0-9]|[A-Za-z0-9][\u4e00-\u9fff]", text)
    assert "2012–2023" in text and "2012-2023" not in text
    assert "<td class='l'>−</td>" in body and "<td class='l'>-</td>" not in body
    numbers = [int(n) for n in re.findall(r"<caption>表 (\d+)　", body)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 20
    assert body.count("<table>") == len(numbers)


def test_every_figure_is_registered_with_its_report_section(demo_result):
    """The report places figures from the registry (section and caption declared with each
    figure), never by file-name patterns."""
    from ccdkit.present import REPORT_SECTIONS, figure_plan

    for lang in ("zh", "en"):
        plan = figure_plan(demo_result, lang)
        assert {p.section for p in plan.values()} <= set(REPORT_SECTIONS)
        assert plan["weights_nqpf"].section == "indicators"
        assert plan["interaction"].section == "detector"
        assert all(p.caption for p in plan.values())


def test_svg_figures_are_the_same_bytes_every_time(demo_result, tmp_path):
    """Figures saved as SVG (a study's default, beside PNG) carry no run-dependent ids or
    dates: the same figure drawn twice gives the same file."""
    from ccdkit.present import study_figures
    from ccdkit.present._outputs import _save_figures

    files = []
    for name in ("a", "b"):
        figures = study_figures(demo_result, include=["coupling_over_time", "map_D_types"])
        _save_figures(figures, tmp_path / name, ["svg"], 300)
        files.append({p.name: p.read_bytes() for p in (tmp_path / name).iterdir()})
    assert files[0] == files[1] and set(files[0]) == {"coupling_over_time.svg",
                                                      "map_D_types.svg"}
    assert files[0]["coupling_over_time.svg"].lstrip().startswith(b"<?xml")
