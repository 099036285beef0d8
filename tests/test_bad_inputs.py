"""The catalogue of bad and hostile inputs (docs/errors.md): config, data, output folders,
API. Every case asserts the exit code (2 config, 1 data or output), that the message names
the place, that there is no traceback, and that nothing was written or deleted."""

from __future__ import annotations

import os
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from ccdkit import ConfigError, DataError
from ccdkit.cli import main

TINY = """\
study: {name: tiny}
years: {start: 2018, end: 2020}
regions: [Beijing, Tianjin, Hebei, Shanxi, Jiangsu, Zhejiang]
data:
  panel:
    - {file: data/panel.csv, layout: long}
systems:
  - id: a
    dimensions:
      - id: d1
        indicators: [{id: a1, direction: "+"}, {id: a2, direction: "+"}]
  - id: b
    dimensions:
      - id: d2
        indicators: [{id: b1, direction: "+"}, {id: b2, direction: "-"}]
detector:
  y: D
  years: last
  factors: [{id: X1, column: x1}]
  permutations: 0
  bootstrap: 0
output: {language: en, tables: [csv], figure_formats: [png]}
"""
REGIONS = ["北京", "天津", "河北", "山西", "江苏", "浙江"]


def _panel() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = [(r, y) for r in REGIONS for y in (2018, 2019, 2020)]
    df = pd.DataFrame(rows, columns=["region", "year"])
    for c in ("a1", "a2", "b1", "b2", "x1"):
        df[c] = rng.uniform(1, 10, len(df)).round(3)
    return df


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A small valid study (6 provinces x 3 years, CSV data); returns study.yaml."""
    folder = tmp_path / "study"
    (folder / "data").mkdir(parents=True)
    (folder / "study.yaml").write_text(TINY, encoding="utf-8")
    _panel().to_csv(folder / "data" / "panel.csv", index=False)
    return folder / "study.yaml"


def _snapshot(root: Path) -> dict:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*"))}


def _cli(capsys, *args) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _check(capsys, root: Path, args, code: int, *needles: str) -> str:
    before = _snapshot(root)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got, text = _cli(capsys, *args)
    assert got == code, text
    assert "Traceback" not in text
    for needle in needles:
        assert needle in text, (needle, text)
    assert _snapshot(root) == before, "files were written or deleted"
    return text


def test_the_tiny_study_is_valid(tiny, capsys):
    code, text = _cli(capsys, "validate", str(tiny))
    assert code == 0, text


# --- config (exit 2) ---------------------------------------------------------------------------

def _set(path: list, value):
    def edit(d):
        target = d
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return edit


def _append_system(d):
    d["systems"].append({"id": "c", "dimensions": [{"id": "d3", "indicators": [
        {"id": "a1", "direction": "+"}]}]})


CONFIG_CASES = [
    ("unknown top-level key", _set(["colour"], "red"), "colour"),
    ("unknown detector key", _set(["detector", "permutation"], 9), "detector.permutation"),
    ("years reversed", _set(["years"], {"start": 2020, "end": 2018}), "years"),
    ("one system", lambda d: d["systems"].pop(), "systems"),
    ("duplicate system ids", _set(["systems", 1, "id"], "a"), "system ids must be unique"),
    ("bad direction", _set(["systems", 0, "dimensions", 0, "indicators", 0, "direction"], "up"),
     "direction"),
    ("unknown weighting", _set(["systems", 0, "weighting"], {"method": "magic"}), "magic"),
    ("option of another method", _set(["systems", 0, "weighting"],
                                      {"method": "entropy", "weights": {"a1": 1}}), "weights"),
    ("user weights not summing to 1", _set(["systems", 0, "weighting"],
                                           {"method": "user", "weights": {"a1": 0.2, "a2": 0.2}}),
     "sum to 1"),
    ("shift infinite", _set(["systems", 0, "weighting"], {"method": "entropy", "shift": ".inf"}),
     "shift"),
    ("coupling names an unknown system", _set(["coupling"], {"systems": ["a", "zz"]}), "zz"),
    ("coupling weights count", _set(["coupling"], {"weights": [0.2, 0.3, 0.5]}),
     "coupling.weights"),
    ("coupling weights negative", _set(["coupling"], {"weights": [-0.5, 1.5]}), ">= 0"),
    ("coupling model unknown", _set(["coupling"], {"model": "quantum"}), "quantum"),
    ("detector.y unknown", _set(["detector", "y"], "GDP"), "detector.y 'GDP'"),
    ("detector year outside", _set(["detector", "years"], [1990]), "detector.years"),
    ("permutations negative", _set(["detector", "permutations"], -1), "permutations"),
    ("permutations huge", _set(["detector", "permutations"], 10**9), "permutations"),
    ("seed negative", _set(["detector", "seed"], -1), "seed"),
    ("alpha above 1", _set(["detector", "alpha"], 1.5), "alpha"),
    ("k range huge", _set(["detector", "discretization"], {"k": [3, 1000000000]}), "k must"),
    ("k of one", _set(["detector", "discretization"], {"k": 1}), "k must"),
    ("unknown discretization", _set(["detector", "discretization"], {"methods": ["kmeans"]}),
     "kmeans"),
    ("unknown interaction rule", _set(["detector", "interaction_rule"], "gd"),
     "interaction_rule"),
    ("duplicate factor ids", _set(["detector", "factors"], [{"id": "X1", "column": "x1"},
                                                           {"id": "X1", "column": "a1"}]),
     "factor ids must be unique"),
    ("language", _set(["output", "language"], "fr"), "language"),
    ("dpi", _set(["output", "dpi"], 10), "dpi"),
    ("figure format", _set(["output", "figure_formats"], ["bmp"]), "figure_formats"),
    ("csv_text", _set(["output", "csv_text"], "maybe"), "csv_text"),
    ("impute window", lambda d: d.setdefault("impute", {}).update(window=0),
     "impute.window"),
    ("impute extrapolate", lambda d: d.setdefault("impute", {}).update(extrapolate=-1),
     "impute.extrapolate"),
    ("map year outside", _set(["output", "map_years"], [1999]), "map_years"),
    ("one indicator id in two systems", _append_system, "is used in systems"),
    ("bad id", _set(["systems", 0, "id"], "a b"), "id"),
    ("study-region preset without city level", _set(["regions"], "yreb"), "level: city"),
    ("unknown study region", lambda d: d.update(level="city", regions="pearl"), "pearl"),
    ("robustness unknown key", _set(["robustness"], {"bootstrap": {"replicate": 10}}),
     "robustness.bootstrap.replicate"),
    ("sensitivity weighting unknown", _set(["robustness"], {"sensitivity": {
        "weighting": ["entropi"]}}), "robustness.sensitivity.weighting[0]"),
    ("kde bounds reversed", _set(["dynamics"], {"kde_bounds": [1, 0]}), "kde_bounds"),
    ("coupling weights not summing to 1", _set(["coupling"], {"weights": [0.3, 0.3]}),
     "sum to 1"),
    ("rdd thresholds reversed", _set(["coupling"], {"rdd_thresholds": [1.2, 0.8]}),
     "0 < low < high"),
    ("weights directed not a bool", _set(["spatial"], {"weights": {"directed": "maybe"}}),
     "spatial.weights.directed"),
]


@pytest.mark.parametrize("name, edit, needle", CONFIG_CASES, ids=[c[0] for c in CONFIG_CASES])
def test_config_errors(tiny, capsys, name, edit, needle):
    data = yaml.safe_load(tiny.read_text(encoding="utf-8"))
    edit(data)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).replace("'.inf'", ".inf")
    tiny.write_text(text, encoding="utf-8")
    _check(capsys, tiny.parent.parent, ["validate", str(tiny)], 2, needle)


YAML_CASES = [
    ("tab indentation", "study:\n\tname: x\n", "tab"),
    ("syntax", "years: {start: 2018, end: 2020\n", "YAML syntax error"),
    ("python tag", "study: !!python/object/apply:os.system ['echo hi']\n", "refused"),
    ("duplicate key", "years: {start: 2018, end: 2020}\nyears: {start: 2018, end: 2019}\n",
     "duplicate key 'years'"),
    ("empty", "", "empty"),
    ("alias bomb", "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdef", "bcdefg")),
     "more than 200,000 values"),
    ("recursive alias", "a: &a\n  b: *a\n", "recursive alias"),
    ("deep nesting", "a: " + "[" * 60 + "]" * 60 + "\n", "nested more than"),
]


@pytest.mark.parametrize("name, text, needle", YAML_CASES, ids=[c[0] for c in YAML_CASES])
def test_yaml_errors(tmp_path, capsys, name, text, needle):
    path = tmp_path / "study.yaml"
    path.write_text(text, encoding="utf-8")
    _check(capsys, tmp_path, ["validate", str(path)], 2, needle)


def test_config_file_problems(tmp_path, capsys):
    _check(capsys, tmp_path, ["validate", str(tmp_path)], 2, "is a folder")
    _check(capsys, tmp_path, ["validate", str(tmp_path / "nope.yaml")], 2, "not found")
    (tmp_path / "gbk.yaml").write_bytes("study: {name: 研究}\n".encode("gbk"))
    _check(capsys, tmp_path, ["validate", str(tmp_path / "gbk.yaml")], 2, "not UTF-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.yaml")
        _check(capsys, tmp_path, ["validate", str(tmp_path / "pipe.yaml")], 2,
               "not a regular file")


# --- data (exit 1) --------------------------------------------------------------------------------

def _csv_edit(fn):
    def edit(folder: Path):
        path = folder / "data" / "panel.csv"
        df = pd.read_csv(path, dtype=object)
        df = fn(df)
        df.to_csv(path, index=False)
    return edit


def _cell(row, col, value):
    def fn(df):
        df.loc[row, col] = value
        return df
    return fn


def _config(fn):
    def edit(folder: Path):
        path = folder / "study.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        fn(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    return edit


def _replace_file(make):
    def edit(folder: Path):
        path = folder / "data" / "panel.csv"
        path.unlink()
        make(path)
    return edit


def _formula_workbook(folder: Path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "panel"
    df = _panel()
    ws.append(list(df.columns))
    for row in df.itertuples(index=False):
        ws.append(list(row))
    ws["C3"] = "=C2*2"  # a formula that openpyxl saves without a value
    wb.save(folder / "data" / "panel.xlsx")
    _config(_set(["data", "panel", 0, "file"], "data/panel.xlsx"))(folder)


def _constant_factor(df):
    df.loc[df["year"] == "2020", "x1"] = "5"
    return df


DATA_CASES = [
    ("text in a number cell", _csv_edit(_cell(2, "a1", "abc")), "abc"),
    ("infinite value", _csv_edit(_cell(2, "a1", "inf")), "a1"),
    ("blank region with values", _csv_edit(_cell(1, "region", "")), "no region"),
    ("unknown region", _csv_edit(_cell(1, "region", "Atlantis")), "Atlantis"),
    ("duplicate region-year", _csv_edit(lambda df: pd.concat([df, df.iloc[[0]]])),
     "Beijing"),
    ("year outside the study", _csv_edit(_cell(0, "year", "2031")), "2031"),
    ("year not a year", _csv_edit(_cell(0, "year", "last year")), "year"),
    ("indicator column absent", _csv_edit(lambda df: df.drop(columns="b2")), "b2"),
    ("a region without any value", _csv_edit(
        lambda df: df.assign(a1=np.where(df["region"] == "河北", "", df["a1"]))), "a1"),
    ("data missing", _replace_file(lambda p: None), "not found"),
    ("data is a folder", _replace_file(lambda p: p.mkdir()), "folder"),
    ("unsupported type", _config(_set(["data", "panel", 0, "file"], "data/panel.doc")),
     "panel.doc"),
    ("empty file", _replace_file(lambda p: p.write_text("")), "empty"),
    ("formula without a saved value", _formula_workbook, "formula cells without a saved value"),
    ("years far beyond the data", _config(_set(["years"], {"start": 2010, "end": 2020})),
     "extrapolation"),
    ("constant detector factor", _csv_edit(_constant_factor), "constant in 2020"),
    ("AHP matrix missing", _config(_set(["systems", 0, "weighting"], {
        "method": "ahp", "matrix": {"dimensions": [[1]]}})), "weighting.matrix"),
    ("AHP matrix file missing", _config(_set(["systems", 0, "weighting"], {
        "method": "ahp", "matrix": "nowhere.csv"})), "nowhere.csv"),
    ("sheet missing", _config(_set(["data", "panel", 0, "sheets"], ["s1"])), "sheets"),
]


def _weights_file(body: str | None, **options):
    """A spatial block with a weights file (None: the file is absent)."""
    def edit(folder: Path):
        if body is not None:
            (folder / "data" / "w.csv").write_text("region,neighbor,weight\n" + body,
                                                   encoding="utf-8")
        _config(_set(["spatial"], {"permutations": 9, "weights": {
            "type": "file", "file": "data/w.csv", **options}}))(folder)
    return edit


#: Spatial inputs that the run used to reject only after the indices, coupling and
#: detector steps (or not at all); validate now rejects them too, before any computation.
SPATIAL_CASES = [
    ("weights file missing", _weights_file(None), "w.csv"),
    ("weights file non-numeric", _weights_file("Beijing,Tianjin,abc\n"), "finite number"),
    ("weights file negative", _weights_file("Beijing,Tianjin,-1\n"), "finite number"),
    ("weights file infinite", _weights_file("Beijing,Tianjin,inf\n"), "finite number"),
    ("weights file self-loop", _weights_file("Beijing,Beijing,1\n"), "own neighbour"),
    ("weights file conflicting pair", _weights_file("Beijing,Tianjin,1\nTianjin,Beijing,2\n"),
     "different weights"),
    ("weights file unknown region", _weights_file("Atlantis,Tianjin,1\n"), "Atlantis"),
    ("weights file islands refused", _weights_file("Beijing,Tianjin,1\n", islands="error"),
     "regions without a neighbour"),
    ("knn k not below the regions", _config(_set(["spatial"], {"weights": {
        "type": "knn", "k": 6}})), "spatial.weights.k"),
]
DATA_CASES += SPATIAL_CASES


def _non_positive_log(folder: Path):
    """An econometrics block taking the log of a factor with a zero in the data."""
    panel = pd.read_csv(folder / "data" / "panel.csv")
    panel.loc[(panel["region"] == "河北") & (panel["year"] == 2019), "x1"] = 0.0
    panel.to_csv(folder / "data" / "panel.csv", index=False)
    _config(_set(["econometrics"], {"x": ["X1"], "log": ["X1"], "draws": 0}))(folder)


DATA_CASES.append(("econometrics log of a zero", _non_positive_log,
                   "econometrics.log: X1 must be > 0"))


@pytest.mark.parametrize("name, edit, needle", DATA_CASES, ids=[c[0] for c in DATA_CASES])
def test_data_errors(tiny, capsys, name, edit, needle):
    edit(tiny.parent)
    _check(capsys, tiny.parent.parent, ["validate", str(tiny)], 1, needle)


def test_validate_rejects_what_run_rejects(tmp_path):
    """Every data case of the catalogue (spatial ones included): validate and the run agree
    — both refuse it, and the run refuses it in its validate step, before computing
    anything (before: 17 inputs passed validate and failed in the run, the spatial ones
    after the indices, coupling and detector steps)."""
    from ccdkit import check_study_data, load_study, run_study

    for name, edit, _ in DATA_CASES:
        folder = tmp_path / name.replace(" ", "_")
        (folder / "data").mkdir(parents=True)
        (folder / "study.yaml").write_text(TINY, encoding="utf-8")
        _panel().to_csv(folder / "data" / "panel.csv", index=False)
        edit(folder)
        steps = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                valid = check_study_data(load_study(folder / "study.yaml")).ok
            except (ConfigError, DataError):
                valid = False
            try:
                run_study(folder / "study.yaml", progress=steps.append)
                ran = True
            except (ConfigError, DataError):
                ran = False
        assert valid is ran is False, name
        assert steps in ([], ["validate"]), (name, steps)


def test_fifo_and_device_data_files(tiny, capsys):
    path = tiny.parent / "data" / "panel.csv"
    path.unlink()
    if hasattr(os, "mkfifo"):
        os.mkfifo(path)
        _check(capsys, tiny.parent.parent, ["validate", str(tiny)], 1, "not a regular file")
        path.unlink()
    if Path("/dev/zero").exists():
        path.symlink_to("/dev/zero")
        _check(capsys, tiny.parent.parent, ["validate", str(tiny)], 1, "not a regular file")


def test_size_limit(tiny, capsys, monkeypatch):
    monkeypatch.setenv("CCDKIT_MAX_FILE_MB", "0.0001")
    _check(capsys, tiny.parent.parent, ["validate", str(tiny)], 1, "CCDKIT_MAX_FILE_MB")


def test_rich_markup_in_names_is_shown_as_text(tiny, capsys):
    _config(_set(["study", "name"], "[/] [bold]x"))(tiny.parent)
    code, text = _cli(capsys, "validate", str(tiny))
    assert code == 0 and "[/] [bold]x" in text


# --- output folders (exit 1, checked before any computation) -------------------------------------

def test_out_is_the_current_folder(tiny, capsys, monkeypatch):
    monkeypatch.chdir(tiny.parent)
    _check(capsys, tiny.parent.parent, ["run", str(tiny), "--out", ".", "--force"], 1,
           "current folder")
    _check(capsys, tiny.parent.parent, ["run", str(tiny), "--out", "..", "--force"], 1,
           "current folder")


def test_out_is_or_contains_the_study(tiny, capsys):
    root = tiny.parent.parent
    _check(capsys, root, ["run", str(tiny), "--out", str(tiny.parent), "--force"], 1,
           "input")
    _check(capsys, root, ["run", str(tiny), "--out", str(root), "--force"], 1, "input")
    _check(capsys, root, ["run", str(tiny), "--out", str(tiny.parent / "data"), "--force"], 1,
           "input")


def test_out_is_a_file_or_below_one(tiny, capsys):
    root = tiny.parent.parent
    (root / "afile").write_text("keep")
    _check(capsys, root, ["run", str(tiny), "--out", str(root / "afile")], 1,
           "not a folder")
    _check(capsys, root, ["run", str(tiny), "--out", str(root / "afile" / "sub")], 1,
           "is a file")


def test_force_never_replaces_a_foreign_folder(tiny, capsys):
    root = tiny.parent.parent
    other = root / "thesis"
    other.mkdir()
    (other / "chapter1.docx").write_text("years of work")
    _check(capsys, root, ["run", str(tiny), "--out", str(other), "--force"], 1,
           "not written by ccdkit")
    _check(capsys, root, ["run", str(tiny), "--out", str(other)], 1, "not empty")
    assert (other / "chapter1.docx").read_text() == "years of work"


def test_force_replaces_an_earlier_ccdkit_output(tiny, capsys, monkeypatch):
    import ccdkit.cli

    monkeypatch.setattr(ccdkit.cli, "_figures", lambda result, out: {})  # folders, not figures
    root = tiny.parent.parent
    out = root / "results"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["run", str(tiny), "--out", str(out), "--quiet"]) == 0
        assert main(["run", str(tiny), "--out", str(out), "--quiet", "--force"]) == 0
    assert (out / "manifest.json").exists()
    assert sorted(p.name for p in root.iterdir()) == ["results", "study"]  # no lock left
    mode = (out / "tables" / "coupling.csv").stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


def test_a_second_run_into_a_locked_folder_fails(tiny, capsys):
    from ccdkit.data import output_lock

    root = tiny.parent.parent
    out = root / "results"
    # another process holds the lock: emulate it with a lock taken through a new file handle
    import fcntl

    lock_path = root / ".results.ccdkit-lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        _check(capsys, root, ["run", str(tiny), "--out", str(out)], 1,
               "being written by another ccdkit run")
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
        lock_path.unlink()
    with output_lock(out):  # re-entrant within one process
        with output_lock(out):
            pass


def test_missing_csv_target_problems(tiny, capsys):
    root = tiny.parent.parent
    (root / "folder.csv").mkdir()
    # refused before any work, even when nothing is missing
    _check(capsys, root, ["validate", str(tiny), "--missing-csv", str(root / "folder.csv")],
           1, "folder.csv", "is a folder")
    _csv_edit(_cell(2, "a1", ""))(tiny.parent)
    _check(capsys, root, ["validate", str(tiny), "--missing-csv", str(root / "folder.csv")],
           1, "folder.csv", "is a folder")


@pytest.mark.parametrize("target", ["data/panel.csv", "study.yaml"])
def test_missing_csv_never_replaces_an_input(tiny, capsys, target):
    """Before: the user's panel (or config) was replaced by the list of empty cells and
    validate said the data were valid."""
    _csv_edit(_cell(2, "a1", ""))(tiny.parent)
    root = tiny.parent.parent
    for extra in ([], ["--force"]):
        _check(capsys, root, ["validate", str(tiny), "--missing-csv",
                              str(tiny.parent / target), *extra],
               1, target.split("/")[-1], "is the input")


def test_missing_csv_replaces_only_its_own_list_and_only_with_force(tiny, capsys):
    _csv_edit(_cell(2, "a1", ""))(tiny.parent)
    root = tiny.parent.parent
    notes = root / "notes.csv"
    notes.write_text("my,own\n1,2\n")
    for extra in ([], ["--force"]):
        _check(capsys, root, ["validate", str(tiny), "--missing-csv", str(notes), *extra],
               1, "notes.csv", "not written by ccdkit")
    listing = root / "missing.csv"
    code, text = _cli(capsys, "validate", str(tiny), "--missing-csv", str(listing))
    assert code == 0 and listing.exists(), text
    first = listing.read_text(encoding="utf-8-sig")
    assert first.startswith("variable,region,year,source,cell,imputable") and "a1" in first
    _check(capsys, root, ["validate", str(tiny), "--missing-csv", str(listing)], 1,
           "missing.csv", "--force")
    code, text = _cli(capsys, "validate", str(tiny), "--missing-csv", str(listing), "--force")
    assert code == 0, text


def test_init_force_keeps_unrelated_files(tmp_path, capsys):
    folder = tmp_path / "proj"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / "study.yaml").write_text("old")
    code, text = _cli(capsys, "init", str(folder))
    assert code == 1 and "not empty" in text and (folder / "study.yaml").read_text() == "old"
    code, text = _cli(capsys, "init", str(folder), "--force", "--lang", "en")
    assert code == 0, text
    assert (folder / "notes.txt").read_text() == "mine"
    assert (folder / "study.yaml").read_text() != "old"
    assert sorted(p.name for p in folder.iterdir()) == ["data", "notes.txt", "study.yaml"]


def test_debug_shows_the_traceback(tmp_path, capsys):
    code = main(["validate", str(tmp_path / "none.yaml"), "--debug"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" in err and "not found" in err


# --- injection -----------------------------------------------------------------------------------

def test_formula_text_is_inert_in_xlsx_and_csv(tmp_path):
    from openpyxl import load_workbook

    from ccdkit.data import write_tables

    evil = pd.DataFrame({"firm": ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tx",
                                  "plain", "\r=1+1"], "value": [-1.5, 2, 3, 4, 5, 6, 7]})
    write_tables({"t": evil}, xlsx=tmp_path / "t.xlsx", csv_dir=tmp_path / "csv")
    ws = load_workbook(tmp_path / "t.xlsx")["t"]
    assert [c.data_type for c in ws["A"][1:]] == ["s"] * 7  # strings, never formulas
    assert ws["A2"].value == "=cmd|' /C calc'!A0"
    csv = pd.read_csv(tmp_path / "csv" / "t.csv", encoding="utf-8-sig")
    assert csv["firm"].tolist()[:5] == ["'=cmd|' /C calc'!A0", "'+1+1", "'-2+3", "'@SUM(A1)",
                                        "' x"]  # control characters become spaces
    assert csv["firm"].tolist()[6] == "' =1+1"  # a carriage return starts no row
    assert csv["value"].tolist() == [-1.5, 2, 3, 4, 5, 6, 7]  # numbers untouched
    write_tables({"t": evil}, csv_dir=tmp_path / "raw", csv_text="raw")
    raw = pd.read_csv(tmp_path / "raw" / "t.csv", encoding="utf-8-sig")
    assert raw["firm"][0] == "=cmd|' /C calc'!A0"


def test_report_escapes_names(tiny, tmp_path):
    from ccdkit import run_study
    from ccdkit.present import write_study

    _config(_set(["study", "name"], "<script>alert(1)</script>"))(tiny.parent)
    _config(_set(["systems", 0, "label"], "<b>A</b>"))(tiny.parent)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        write_study(run_study(tiny), tmp_path / "out")
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<b>A</b>" not in html


# --- API ----------------------------------------------------------------------------------------

def test_api_errors_name_the_problem():
    from ccdkit import GeoDetector, composite_index, load_study

    with pytest.raises(ConfigError, match="GeoDetector: permutations"):
        GeoDetector(permutations=-1).fit(pd.DataFrame({"y": [1.0, 2], "x": [1, 2]}), y="y")
    with pytest.raises(DataError, match="different lengths"):
        GeoDetector().fit({"y": np.arange(3.0), "x": np.arange(2)}, y="y")
    with pytest.raises(DataError, match="must be numeric"):
        GeoDetector().fit(pd.DataFrame({"y": ["a", "b"], "x": [1, 2]}), y="y")
    with pytest.raises(DataError, match="missing or infinite"):
        composite_index(pd.DataFrame({"a": [1.0, np.inf, 2], "b": [1.0, 2, 3]}), ["a", "b"])
    with pytest.raises(ConfigError, match="not found"):
        load_study("/nonexistent/study.yaml")


def test_catalogue_size():
    n = (len(CONFIG_CASES) + len(YAML_CASES) + len(DATA_CASES)
         + 4 + 2 + 1 + 3 + 2 + 2 + 1 + 1 + 1 + 2 + 1 + 1 + 2 + 5 + 2 + 2 + 1 + 6 + 2 + 1 + 1
         + 4 + 1 + 1)
    assert n >= 60


def test_docs_list_the_catalogue():
    text = (Path(__file__).resolve().parents[1] / "docs" / "errors.md").read_text(
        encoding="utf-8")
    for name, *_ in CONFIG_CASES + YAML_CASES + DATA_CASES:
        assert name in text, name
    assert textwrap.dedent("exit code") in text


def test_sigterm_leaves_nothing_behind(tmp_path):
    """SIGTERM while a run writes: exit 143, no hidden temporary folder, no lock file."""
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "demo"
    proc = subprocess.Popen([sys.executable, "-m", "ccdkit", "demo", "--out", str(out),
                             "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(
            p.name.startswith(".demo.") for p in tmp_path.iterdir()):
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err.decode()
    assert "Traceback" not in err.decode()
    assert list(tmp_path.iterdir()) == []


def test_a_killed_runs_temporary_folder_is_removed_by_the_next_run(tmp_path):
    """SIGKILL leaves the hidden temporary folder; the next run into the same parent removes
    it (its marker names a process that no longer exists), and never a folder without the
    marker or one whose process is alive."""
    import subprocess
    import sys

    from ccdkit.data import atomic_folder

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = tmp_path / ".results.abc123.tmp"
    (stale / "tables").mkdir(parents=True)
    (stale / ".ccdkit-partial").write_text(dead)
    foreign = tmp_path / ".mine.tmp"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep")
    living = tmp_path / ".other.xyz.tmp"
    living.mkdir()
    (living / ".ccdkit-partial").write_text(str(os.getppid()))  # a live process
    with atomic_folder(tmp_path / "results") as tmp:
        (tmp / "a.txt").write_text("x")
    assert not stale.exists() and foreign.exists() and living.exists()
    assert sorted(p.name for p in (tmp_path / "results").iterdir()) == ["a.txt"]


def test_svg_text_is_escaped(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"svg.fonttype": "none"}):  # text kept as text
        fig, ax = plt.subplots()
        ax.set_title("<script>alert(1)</script> & co")
        fig.savefig(tmp_path / "f.svg")
        plt.close(fig)
    svg = (tmp_path / "f.svg").read_text(encoding="utf-8")
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_dominant_value_is_named_and_quiet_silences_warnings(tiny, capsys):
    _csv_edit(_cell(4, "a2", "1e12"))(tiny.parent)
    code, text = _cli(capsys, "validate", str(tiny))
    assert code == 0 and "warning: a2: the value 1e+12" in text and "sets the whole range" in text
    code, text = _cli(capsys, "validate", str(tiny), "--quiet")
    assert code == 0 and "warning" not in text


def test_dominant_value_is_reported_once_by_a_run(tiny):
    from ccdkit import run_study

    _csv_edit(_cell(4, "a2", "1e12"))(tiny.parent)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = run_study(tiny)
    assert sum("sets the whole range" in w for w in result.warnings) == 1


# --- ccdkit detect: bounds, output safety -------------------------------------------------------

def _detect_table(tmp_path) -> Path:
    rng = np.random.default_rng(0)
    labels = np.array(['=HYPERLINK("http://x","y")', "=1+1", "@SUM(1)", "\r=1+1", "plain"])
    df = pd.DataFrame({"c": labels[rng.integers(0, 5, 200)], "x": rng.uniform(0, 1, 200)})
    df["y"] = df["x"] + rng.normal(0, 0.1, 200)
    path = tmp_path / "cells.csv"
    df.to_csv(path, index=False)
    return path


def test_detect_csvs_neutralise_formulas_like_run(tmp_path, capsys):
    """Before: detect wrote its tables with a plain to_csv, so category labels such as
    =HYPERLINK(...) became live formulas, and "\r=1+1" split a row in some readers."""
    table = _detect_table(tmp_path)
    code, text = _cli(capsys, "detect", str(table), "--y", "y", "--categorical", "c",
                      "--permutations", "0", "--out", str(tmp_path / "o"))
    assert code == 0, text
    raw = (tmp_path / "o" / "risk_detector.csv").read_text(encoding="utf-8-sig")
    assert "\r" not in raw
    risk = pd.read_csv(tmp_path / "o" / "risk_detector.csv", encoding="utf-8-sig")
    cells = set(risk["label"].astype(str))
    assert not any(c.lstrip().startswith(("=", "@", "+", "-")) for c in cells), cells
    assert {"'=1+1", "'@SUM(1)", "plain"} <= cells


@pytest.mark.parametrize("args, needle", [
    (["--workers", "0"], "--workers takes a whole number from 1"),
    (["--workers", "-2"], "--workers takes a whole number from 1"),
    (["--workers", "100000"], "--workers takes a whole number from 1"),
    (["--memory", "lots"], "--memory takes a size per worker"),
    (["--memory", "1KiB"], "at least 256MiB"),
    (["--memory", "100TiB"], "must fit in"),
])
def test_detect_cluster_bounds_are_checked_before_it_starts(tmp_path, capsys, args, needle):
    """Before: --workers 0, -2 or 100000 hung (100000 ignoring Ctrl-C); --memory lots was a
    traceback. Now exit 2 at once, nothing written."""
    pytest.importorskip("distributed")
    table = _detect_table(tmp_path)
    _check(capsys, tmp_path, ["detect", str(table), "--y", "y", "--scheduler", "local",
                              *args, "--out", str(tmp_path / "o")], 2, needle)


def test_detect_bad_scheduler_address_and_symlink_loop(tmp_path, capsys):
    pytest.importorskip("distributed")
    (tmp_path / "in").mkdir()
    table = _detect_table(tmp_path / "in")
    _check(capsys, tmp_path / "in", ["detect", str(table), "--y", "y", "--scheduler",
                                     "nonsense", "--out", str(tmp_path / "in" / "o")],
           2, "--scheduler takes")
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    _check(capsys, tmp_path / "in", ["detect", str(table), "--y", "y", "--out", str(loop)],
           1, "cannot be used as an output path")


def test_detect_refuses_two_layers_with_one_name(tmp_path, capsys):
    """Before: detect a/y.tif b/x1.tif c/x1.tif silently kept only c/x1.tif."""
    rasterio = pytest.importorskip("rasterio")
    from rasterio.transform import from_origin

    paths = []
    for folder, name in (("a", "y"), ("b", "x1"), ("c", "x1")):
        (tmp_path / folder).mkdir()
        path = tmp_path / folder / f"{name}.tif"
        with rasterio.open(path, "w", driver="GTiff", height=4, width=4, count=1,
                           dtype="float64", transform=from_origin(0, 4, 1, 1)) as dst:
            dst.write(np.arange(16.0).reshape(1, 4, 4))
        paths.append(str(path))
    _check(capsys, tmp_path, ["detect", *paths, "--y", "y", "--out", str(tmp_path / "o")],
           1, "two rasters would both be layer 'x1'")


def test_detect_refuses_a_stratification_that_cannot_fit(tmp_path, capsys):
    """An id column as categories (10^5 classes): the risk detector's pairs would need
    hundreds of GiB. Before: an allocation of 931 GiB at 10^6 classes. Now exit 1 at once,
    naming the factor, its classes and the estimate."""
    rng = np.random.default_rng(0)
    n = 100_000
    (tmp_path / "in").mkdir()
    table = tmp_path / "in" / "cells.csv"
    pd.DataFrame({"cat": np.arange(n), "y": rng.normal(size=n)}).to_csv(table, index=False)
    _check(capsys, tmp_path / "in", ["detect", str(table), "--y", "y", "--categorical", "cat",
                                     "--out", str(tmp_path / "in" / "o")],
           1, "cat (100,000 strata", "GiB", "pass it as continuous")


def test_messages_say_what_is_wrong(tmp_path):
    """Messages that misled (#26.7): the counts of a constant kernel density, why beta
    convergence has no observation, a misspelt province in a group (not "city name"), a
    file of repeated rows (a short message, not megabytes)."""
    from ccdkit import read_panel, region_groups
    from ccdkit.dynamics import beta_convergence, kernel_density
    from ccdkit.exceptions import RegionError

    flat = pd.DataFrame({"region": [f"r{i}" for i in range(31)], "year": 2020, "D": 0.5})
    with pytest.raises(DataError, match="got 31 value\\(s\\), 1 distinct"):
        kernel_density(flat, "D")
    one_year = pd.DataFrame({"region": ["a", "b", "c"], "year": 2020, "D": [0.1, 0.2, 0.3]})
    with pytest.raises(DataError, match="0 observation\\(s\\).*consecutive years.*1 year"):
        beta_convergence(one_year, "D")
    with pytest.raises(RegionError, match="unknown region name in region group 'north':"
                                          "\\s+'Atlantis'") as info:
        region_groups({"north": ["Beijing", "Atlantis"]})
    assert "city" not in str(info.value)
    n = 200_000
    path = tmp_path / "dup.csv"
    pd.DataFrame({"region": ["北京"] * n, "year": 2020, "a": 1.0}).to_csv(path, index=False)
    with pytest.raises(DataError, match="1 duplicate key") as info:
        read_panel(path, years=(2020, 2020))
    assert len(str(info.value)) < 2000 and f"and {n - 5} more" in str(info.value)


def test_ctrl_c_ends_detect_and_its_cluster_within_seconds(tmp_path):
    """SIGINT while a LocalCluster computes: exit 130 in a few seconds, the workers gone,
    nothing written (#26.2)."""
    pytest.importorskip("distributed")
    import signal
    import subprocess
    import sys
    import time

    rng = np.random.default_rng(0)
    n = 400_000
    df = pd.DataFrame({"x": rng.random(n), "z": rng.integers(0, 5, n)})
    df["y"] = df["x"] + rng.normal(0, 1, n)
    table = tmp_path / "cells.csv"
    df.to_csv(table, index=False)
    proc = subprocess.Popen([sys.executable, "-m", "ccdkit", "detect", str(table), "--y", "y",
                             "--scheduler", "local", "--workers", "2", "--memory", "1GiB",
                             "--permutations", "9999", "--out", str(tmp_path / "o")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = ""
    deadline = time.monotonic() + 60
    while "LocalCluster" not in line and time.monotonic() < deadline:
        line = proc.stdout.readline()
    time.sleep(1.0)
    start = time.monotonic()
    proc.send_signal(signal.SIGINT)  # once: an interrupt swallowed by a dask callback is
    try:                               # raised again by ccdkit a second later
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    # 130: ccdkit's own exit after Ctrl-C (-2, ended by the signal, is tolerated: the
    # command still ended and removed what it wrote)
    assert proc.returncode in (130, -signal.SIGINT), (line, err)
    assert time.monotonic() - start < 30 and "Traceback" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cells.csv"]
