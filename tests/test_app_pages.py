"""The app's pages, one by one, with Streamlit's AppTest (no browser): start, data, design,
methods, run, results, language; each test is one browser session."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
import yaml

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from ccdkit.app import APP_ENV, APP_SCRIPT  # noqa: E402
from ccdkit.specs import form_fields  # noqa: E402
from ccdkit.study import AgglomerationSystem, IndicatorSystem  # noqa: E402
from ccdkit.text import option_label  # noqa: E402

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _app(monkeypatch, **options) -> AppTest:
    monkeypatch.setenv(APP_ENV, json.dumps(options))
    at = AppTest.from_file(str(APP_SCRIPT), default_timeout=240)
    at.run()
    assert not at.exception, at.exception
    return at


def _go(at: AppTest, page: str) -> AppTest:
    at.session_state["page"] = page
    at.run()
    assert not at.exception, at.exception
    return at


def _labels(at: AppTest) -> set[str]:
    out = set()
    for kind in ("selectbox", "multiselect", "number_input", "checkbox", "text_input",
                 "radio", "text_area"):
        out |= {w.label for w in getattr(at, kind)}
    return out


@pytest.fixture(scope="module")
def demo_app():
    """One session: ``ccdkit app --demo --lang en`` (the demo is run on the first view)."""
    mp = pytest.MonkeyPatch()
    try:
        at = _app(mp, demo=True, lang="en")
        # the first view, before any test moves on (tests may run in any order)
        at.first_view = (at.session_state["page"], [h.value for h in at.header],
                         [e.value for e in at.error])
        yield at
    finally:
        mp.undo()


def test_the_demo_opens_on_its_results(demo_app):
    assert demo_app.first_view == ("results", ["6 Results"], [])
    at = _go(demo_app, "results")
    table = at.selectbox(key="table")
    assert table.value == "coupling" and "Coupling, coordination and types" in table.options
    assert {"Region", "Year", "Coordination type"} <= set(
        at.dataframe[0].value.columns)
    assert "nqpf" not in at.dataframe[0].value.columns  # labels, not ids
    assert len(at.get("image")) == 0  # figures are drawn on demand
    assert any("SYNTHETIC" in w.value for w in at.warning)
    chrome = ([h.value for h in at.header] + [b.label for b in at.button]
              + list(_labels(at) - {"语言 / Language"}))
    assert not [t for t in chrome if _CJK.search(t)]
    at.get("button_group")[0].set_value("figures").run()
    assert len(at.get("image")) == 1 and not at.exception  # the first figure, drawn now
    at.get("button_group")[0].set_value("tables").run()


def test_the_language_switches_the_whole_page(demo_app):
    at = _go(demo_app, "results")
    at.selectbox(key="lang").set_value("zh").run()
    assert [h.value for h in at.header] == ["6 结果"]
    assert at.selectbox(key="table").options[0] and "耦合度、协调度与类型" in at.selectbox(
        key="table").options
    at.selectbox(key="lang").set_value("en").run()
    assert [h.value for h in at.header] == ["6 Results"]


def test_every_config_option_is_in_a_form(demo_app):
    """Every option of every step's block and of each system (its method and that
    method's parameters) has a widget with its label and help."""
    at = _go(demo_app, "methods")
    labels = _labels(at)
    wanted = []

    def walk(fields, option, skip=()):
        for f in fields:
            name = f.key.split(".")[-1]
            if name in skip:
                continue
            if f.kind == "block":
                walk(f.fields, f"{option}.{name}")
            else:
                wanted.append(option_label(f"{option}.{name}", "en"))

    from ccdkit.app._pages_methods import BLOCKS, _model

    for block in BLOCKS:
        walk(form_fields(_model(block)), block, ("factors",))
    for model in (AgglomerationSystem, IndicatorSystem):
        walk(form_fields(model), "systems",
             ("id", "type", "label", "dimensions", "weighting", "scoring"))
    wanted += [option_label("systems.weighting", "en"), option_label("systems.scoring", "en")]
    missing = sorted(set(wanted) - labels)
    assert not missing, missing
    helps = [w.help for kind in ("selectbox", "number_input", "checkbox", "text_input")
             for w in getattr(at, kind) if w.key and w.key.startswith("m")]
    assert sum(1 for h in helps if h) >= 0.9 * len(helps)


def test_a_changed_method_reruns_from_its_step(demo_app):
    at = _go(demo_app, "methods")
    ws = at.session_state["ws"]
    g = ws.generation
    at.selectbox(key=f"m{g}.systems[1].weighting.method").set_value("critic")
    at.button(key=f"FormSubmitter:m{g}.systems[1]-Apply").click().run()
    assert [s.value for s in at.success] == ["Saved."]
    assert yaml.safe_load(ws.yaml_path.read_text(encoding="utf-8"))["systems"][1][
        "weighting"] == {"method": "critic"}
    at = _go(at, "run")
    at.button(key="run").click().run()
    assert not at.error and at.session_state["page"] == "results"
    assert ws.cache.reused == ["validate", "impute"]
    assert ws.result.used_options()["systems"]["nqpf"]["weighting"]["method"] == "critic"


def test_an_invalid_option_is_refused_with_the_config_error(demo_app):
    at = _go(demo_app, "methods")
    ws = at.session_state["ws"]
    before = ws.yaml_path.read_bytes()
    g = ws.generation
    at.text_input(key=f"m{g}.coupling.weights").set_value("[0.7, 0.7]")
    at.button(key=f"FormSubmitter:m{g}.coupling-Apply").click().run()
    text = at.error[0].value
    assert "Not saved" in text and "coupling weights must sum to 1" in text
    assert ws.yaml_path.read_bytes() == before
    at.text_input(key=f"m{g}.coupling.weights").set_value("[0.7, ")
    at.button(key=f"FormSubmitter:m{g}.coupling-Apply").click().run()
    assert "coupling.weights: '[0.7, ' is not a value" in at.error[0].value
    # the options after it are still shown
    assert option_label("coupling.strict", "en") in _labels(at)


def _bad_indicators(demo_study_dir, tmp_path):
    """The demo's indicator workbook with Tianjin misspelt and one cell emptied."""
    from openpyxl import load_workbook

    wb = load_workbook(demo_study_dir / "data" / "indicators.xlsx")
    sheet = wb["patents_granted"]
    sheet["A3"] = "Tianjn"
    sheet["D4"] = None
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    return path.read_bytes()


def test_the_data_page_names_a_misspelt_province_and_an_empty_cell(monkeypatch, tmp_path,
                                                                   demo_study_dir):
    at = _app(monkeypatch, lang="en")
    at.radio(key="start_design").set_value("reference")
    at.selectbox(key="start_lang").set_value("en")
    at.button(key="start_create").click().run()
    assert at.session_state["page"] == "data"
    ws = at.session_state["ws"]
    uploader = at.get("file_uploader")[0]
    uploader.upload("my yearbook numbers.xlsx", _bad_indicators(demo_study_dir, tmp_path))
    at.run()
    assert not at.exception, at.exception
    errors = "\n".join(e.value for e in at.error)
    assert "'Tianjn' (row 3); nearest known names: 天津 / Tianjin" in errors
    assert (ws.study_dir / "data" / "indicators.xlsx").exists()
    cells = next(d.value for d in at.dataframe if "cell" in d.value.columns)
    row = cells[(cells["cell"] == "D4") & (cells["variable"] == "patents_granted")]
    assert row[["variable", "region", "year"]].values.tolist() == [
        ["patents_granted", "Hebei", 2014]]
    assert "sheet 'patents_granted'" in row["file and sheet"].iloc[0]


def test_starting_a_blank_study_and_its_templates(monkeypatch):
    at = _app(monkeypatch, lang="zh")
    assert at.session_state["page"] == "start" and [h.value for h in at.header] == ["1 开始"]
    at.radio(key="start_design").set_value("blank")
    at.button(key="start_create").click().run()
    ws = at.session_state["ws"]
    assert [s.path for s in ws.slots()] == ["data/indicators.xlsx"]
    names = zipfile.ZipFile(io.BytesIO(ws.templates_zip("zh"))).namelist()
    assert names == ["data/indicators.xlsx"]
    at = _go(at, "design")
    assert not at.error and "系统：系统A" in [s.value for s in at.subheader]


def test_a_bad_yaml_shows_the_config_error_in_the_page(monkeypatch, tmp_path):
    at = _app(monkeypatch, lang="en")
    bad = b"years: {start: 2012, end: 2023}\ncolour: blue\n"
    at.get("file_uploader")[0].upload("study.yaml", bad)
    at.run()
    assert not at.exception
    text = at.error[0].value
    assert "colour" in text and "Traceback" not in text


def test_two_sessions_have_their_own_folders(monkeypatch):
    a = _app(monkeypatch, lang="en")
    b = _app(monkeypatch, lang="en")
    for at, design in ((a, "blank"), (b, "reference")):
        at.radio(key="start_design").set_value(design)
        at.button(key="start_create").click().run()
    wa, wb = a.session_state["ws"], b.session_state["ws"]
    assert wa.root != wb.root
    assert len(wa.slots()) == 1 and len(wb.slots()) == 3


def test_a_study_folder_from_the_command_line_opens_on_its_data(monkeypatch, demo_study):
    before = demo_study.read_bytes()
    at = _app(monkeypatch, study=str(demo_study.parent))
    assert at.session_state["page"] == "data" and not at.error
    ws = at.session_state["ws"]
    assert ws.yaml_path.read_bytes() == before and all(s.present for s in ws.slots())
    assert at.session_state["lang"] == "zh"  # the study's language
    assert any("配置与数据有效" in s.value for s in at.success)
    assert demo_study.read_bytes() == before


def test_the_design_tables_round_trip_and_edit(demo_study):
    """The indicator and driver tables of the design page give back the config they were
    made from; an edit changes just what was edited."""
    from ccdkit.app._pages_design import (apply_factors, apply_indicators, factor_frame,
                                          indicator_frame)
    from ccdkit.study import study_from_dict

    cfg = yaml.safe_load(demo_study.read_text(encoding="utf-8"))
    nqpf = cfg["systems"][1]
    frame = indicator_frame(nqpf)
    assert len(frame) == 18 and list(frame["dimension"].unique()) == ["tech", "green",
                                                                      "digital"]
    assert apply_indicators(nqpf, frame) == nqpf
    factors = cfg["detector"]["factors"]
    assert apply_factors(factors, factor_frame(factors)) == factors
    edited = frame.copy()
    edited.loc[0, "direction"] = "-"
    edited.loc[len(edited)] = ["digital", "", "", "ev_chargers", "", "+", "个", "units",
                               "充电桩数量", "Charging points", ""]
    new = apply_indicators(nqpf, edited)
    tree = {i["id"]: i for d in new["dimensions"] for i in d["indicators"]}
    assert tree["patents_granted"]["direction"] == "-"
    assert tree["ev_chargers"] == {"id": "ev_chargers", "direction": "+",
                                   "unit": {"zh": "个", "en": "units"},
                                   "label": {"zh": "充电桩数量", "en": "Charging points"}}
    cfg["systems"][1] = new
    study = study_from_dict(cfg)
    assert "ev_chargers" in study.panel_columns()


def test_the_design_page_saves_an_edit(monkeypatch, demo_study):
    at = _app(monkeypatch, study=str(demo_study.parent), lang="en")
    at = _go(at, "design")
    ws = at.session_state["ws"]
    g = ws.generation
    title_en = [t for t in at.text_input if t.label == "Title (English)"]
    assert len(title_en) == 1
    title_en[0].set_value("NEV and NQPF, 2012-2023")
    at.button(key=f"FormSubmitter:design_study_{g}-Apply").click().run()
    assert [s.value for s in at.success] == ["Saved."]
    assert ws.study().study.title.en == "NEV and NQPF, 2012-2023"
    assert ws.study().study.title.zh == "新能源汽车产业集聚与新质生产力耦合协调"


def test_the_data_check_speaks_the_pages_language(demo_study_dir, tmp_path):
    """The check's own sentences and the list of empty cells in Chinese (the English is
    the CLI's, unchanged); a reader's message (file, row) stays as written."""
    import shutil

    from openpyxl import load_workbook

    from ccdkit.study import check_study_data, load_study, summarize_missing

    folder = tmp_path / "study"
    shutil.copytree(demo_study_dir, folder)
    wb = load_workbook(folder / "data" / "indicators.xlsx")
    wb["patents_granted"]["A3"] = "Tianjn"
    wb["patents_granted"]["D4"] = None
    wb.save(folder / "data" / "indicators.xlsx")
    study = load_study(folder / "study.yaml")
    check = check_study_data(study)
    errors_en, notes_en = check.texts("en")
    assert (errors_en, notes_en) == (check.errors, check.notes)
    errors_zh, notes_zh = check.texts("zh", {"patents_granted": "国内专利授权数"})
    assert "国内专利授权数：12 个空单元格无法插补" in "\n".join(errors_zh)
    assert any("'Tianjn' (row 3)" in e for e in errors_zh)
    assert any(n.startswith("31 个空单元格将被插补") for n in notes_zh)
    lines = summarize_missing(check.missing, lang="zh",
                              labels={"patents_granted": "国内专利授权数"})
    assert "国内专利授权数 — （数据中没有该地区-年份的行）：缺 12 个：天津 2012" in lines[0]
    assert "1 个空单元格：D4 (河北 2014)" in lines[1]
    assert summarize_missing(check.missing)[1].endswith("1 empty: D4 (Hebei 2014)")


def test_the_audit_page_identifies_a_pasted_published_table(monkeypatch):
    """A table pasted from a paper (tests/reference/audit.json, tab-separated as Excel
    copies it) is audited in the page with no study: the verdict, the fits, in the page's
    language; a bad weight is refused in words."""
    from pathlib import Path

    case = next(c for c in json.loads((Path(__file__).parent / "reference" / "audit.json")
                                      .read_text("utf-8"))["cases"]
                if c["id"] == "logistics_2022_table4")
    at = _go(_app(monkeypatch, lang="en"), "audit")
    assert at.header[0].value == "Audit a published table"
    pasted = "\n".join("\t".join(r) for r in [case["columns"], *case["rows"]])
    at.text_area(key="audit_paste").set_value(pasted).run()
    at.multiselect(key="audit_systems").set_value(case["systems"]).run()
    at.selectbox(key="audit_type").set_value(case["type_column"]).run()
    at.button(key="audit_run").click().run()
    assert not at.exception and not at.error
    text = " ".join(m.value for m in at.markdown)
    assert "C: reproduced within the printed rounding by classic" in text
    assert "No internal inconsistency found." in text
    fits = at.dataframe[0].value
    assert {"Formula", "Reproduces"} <= set(fits.columns)
    assert "classic" in set(fits["Formula"]) and "wang2021" not in set(fits["Formula"])
    at.text_input(key="audit_weights").set_value("0.5 x").run()
    at.button(key="audit_run").click().run()
    assert any("Weights must be numbers" in e.value for e in at.error)
    at.session_state["lang"] = "zh"
    at.run()
    assert at.header[0].value == "核查已发表的表格"
