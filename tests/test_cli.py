"""The command line: init -> validate -> fill -> validate, demo, and every bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from conftest import file_digest
from openpyxl import load_workbook

from ccdkit.cli import main


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): file_digest(p)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    return code, out.out, out.err


def _edit_cell(xlsx: Path, sheet: str, ref: str, value) -> None:
    wb = load_workbook(xlsx)
    wb[sheet][ref] = value
    wb.save(xlsx)


def _edit_config(path: Path, fn) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fn(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# --- the happy path ---------------------------------------------------------------------

def test_init_validate_fill_validate(tmp_path, capsys):
    folder = tmp_path / "t"
    code, out, _ = _run(capsys, "init", str(folder))
    assert code == 0 and (folder / "study.yaml").exists()
    code, out, err = _run(capsys, "validate", str(folder / "study.yaml"))
    assert code == 1
    assert "patents_granted" in out and "all 312 cells empty (B2:M27)" in out
    assert "the firm table has no rows" in err

    # a researcher types the numbers in, leaving two cells empty
    for name in ("indicators.xlsx", "drivers.xlsx"):
        path = folder / "data" / name
        wb = load_workbook(path)
        for ws in wb.worksheets:
            if ws.title.startswith("_"):
                continue
            for r, row in enumerate(ws.iter_rows(min_row=2, min_col=2), start=2):
                for c, cell in enumerate(row, start=2):
                    cell.value = float(r * 100 + c)
        wb.save(path)
    _edit_cell(folder / "data" / "indicators.xlsx", "ic_output", "C3", None)
    _edit_cell(folder / "data" / "indicators.xlsx", "ic_output", "D4", "n/a")
    code, out, err = _run(capsys, "validate", str(folder / "study.yaml"))
    assert code == 1
    assert "C3 (Tianjin 2013), D4 (Hebei 2014)" in out
    assert "the firm table has no rows" in err and "patents_granted:" not in err

    firms = folder / "data" / "firms.xlsx"
    wb = load_workbook(firms)
    ws = wb["firms"]
    from ccdkit.scaffold import REFERENCE_REGIONS
    for i, region in enumerate(REFERENCE_REGIONS):
        for year in range(2012, 2024):
            ws.append([f"F{i}", "x", year, region, 100.0 + i, 1 if i % 3 == 0 else 0])
    wb.save(firms)
    csv = tmp_path / "missing.csv"
    code, out, err = _run(capsys, "validate", str(folder / "study.yaml"), "--missing-csv", str(csv))
    assert code == 0, err
    assert "2 empty cell(s) will be imputed" in out and "valid" in out
    assert csv.read_text(encoding="utf-8-sig").count("\n") == 3


def test_init_refuses_non_empty_folder(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine")
    code, _, err = _run(capsys, "init", str(tmp_path))
    assert code == 1 and "not empty" in err
    assert _snapshot(tmp_path) == {"keep.txt": file_digest(tmp_path / "keep.txt")}


def test_init_english(tmp_path, capsys):
    code, _, _ = _run(capsys, "init", str(tmp_path / "en"), "--lang", "en")
    assert code == 0
    wb = load_workbook(tmp_path / "en" / "data" / "indicators.xlsx")
    assert wb["patents_granted"]["A2"].value == "Beijing"
    assert "language: en" in (tmp_path / "en" / "study.yaml").read_text(encoding="utf-8")


def test_demo(demo_output, capsys):
    out_dir = demo_output
    wb = load_workbook(out_dir / "tables.xlsx", read_only=True)
    assert wb.sheetnames[:3] == ["panel_raw", "panel_imputed", "imputation"]
    assert {"weights_nqpf", "weights_agglomeration", "scores", "coupling", "type_shares",
            "D_dagum_gini", "detector_factor", "detector_interaction",
            "detector_q_grid"} <= set(wb.sheetnames)
    assert (out_dir / "tables" / "imputation.csv").exists()
    assert "synthetic: true" in (out_dir / "study" / "study.yaml").read_text(encoding="utf-8")
    assert "SYNTHETIC" in (out_dir / "README.txt").read_text(encoding="utf-8")
    before = _snapshot(out_dir)
    code, _, err = _run(capsys, "demo", "--out", str(out_dir))
    assert code == 1 and "not empty" in err and _snapshot(out_dir) == before


def test_demo_prints_what_it_wrote(tmp_path, capsys, monkeypatch):
    """The demo's console messages (the pipeline itself is tested on the session's demo)."""
    import ccdkit.cli as cli

    def fake_pipeline(study_path, out_dir, out, **kwargs):
        out_dir.mkdir()
        (out_dir / "report.html").write_text("")

    monkeypatch.setattr(cli, "_run_pipeline", fake_pipeline)
    code, out, err = _run(capsys, "demo", "--out", str(tmp_path / "demo"))
    assert code == 0, err
    assert "合成示例研究" in out and "合成数据" in out and "report.html" in out  # zh: default
    assert (tmp_path / "demo" / "study" / "study.yaml").exists()
    code, out, err = _run(capsys, "demo", "--lang", "en", "--out", str(tmp_path / "en"))
    assert code == 0, err
    assert "SYNTHETIC" in out and "synthetic data" in out and "report.html" in out


def test_demo_data_are_deterministic(demo_study_dir):
    """The demo study is generated from its seed alone: same config, same numbers."""
    import numpy as np
    import pandas as pd

    from ccdkit.scaffold import DEMO_SEED, demo_firms, demo_values

    a, b = demo_values(seed=DEMO_SEED), demo_values(seed=DEMO_SEED)
    assert a.keys() == b.keys()
    for key in a:
        np.testing.assert_array_equal(a[key], b[key])
    pd.testing.assert_frame_equal(pd.DataFrame(demo_firms(seed=DEMO_SEED)),
                                  pd.DataFrame(demo_firms(seed=DEMO_SEED)))
    assert not np.array_equal(demo_values(seed=DEMO_SEED + 1)[next(iter(a))], a[next(iter(a))])
    assert "synthetic: true" in (demo_study_dir / "study.yaml").read_text(encoding="utf-8")


def test_usage_errors(capsys):
    assert main([]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["--version"]) == 0


def test_module_entry_point_has_no_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "ccdkit", "validate", str(tmp_path / "no.yaml")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "config file not found" in proc.stderr and "Traceback" not in proc.stderr


# --- bad input: clear message, non-zero exit, no traceback, nothing written ---------------

def _validate_fails(capsys, study: Path, code: int, *patterns: str) -> str:
    before = _snapshot(study.parent)
    got, out, err = _run(capsys, "validate", str(study))
    assert got == code, out + err
    for p in patterns:
        assert p in err, f"{p!r} not in: {err}"
    assert _snapshot(study.parent) == before
    return err


def test_missing_data_file(demo_study, capsys):
    (demo_study.parent / "data" / "drivers.xlsx").unlink()
    _validate_fails(capsys, demo_study, 1, "data.panel[1]", "data file not found",
                    "drivers.xlsx")


def test_wrong_sheet_name(demo_study, capsys):
    _edit_config(demo_study, lambda d: d["data"]["panel"][0].update(sheets=["patents"]))
    _validate_fails(capsys, demo_study, 1, "no sheet named 'patents'", "'patents_granted'")


def test_empty_sheet(demo_study, capsys):
    path = demo_study.parent / "data" / "indicators.xlsx"
    wb = load_workbook(path)
    wb["ic_output"].delete_rows(1, 100)
    wb.save(path)
    _validate_fails(capsys, demo_study, 1, "sheet 'ic_output' is empty")


def test_duplicate_region_year(demo_study, capsys):
    path = demo_study.parent / "data" / "indicators.xlsx"
    wb = load_workbook(path)
    wb["patents_granted"].append(["北京市", *range(12)])
    wb.save(path)
    _validate_fails(capsys, demo_study, 1, "duplicate (region, year)",
                    "patents_granted / Beijing / 2012", "B2", "B28")


def test_year_outside_config_range(demo_study, capsys):
    _edit_cell(demo_study.parent / "data" / "drivers.xlsx", "X3", "N1", 2024)
    _edit_cell(demo_study.parent / "data" / "drivers.xlsx", "X3", "N2", 5)
    err = _validate_fails(capsys, demo_study, 1, "sheet 'X3'", "[2024] outside the study's years",
                          "extra_years: ignore")
    assert "2012-2023" in err


def test_non_numeric_cells(demo_study, capsys):
    path = demo_study.parent / "data" / "indicators.xlsx"
    _edit_cell(path, "telecom_business", "C3", "abc")
    _edit_cell(path, "telecom_business", "D3", "1,234.5")
    _validate_fails(capsys, demo_study, 1, "sheet 'telecom_business'", "1 cell(s) are not numbers",
                    "C3 (Tianjin, 2013, telecom_business): 'abc'")


def test_thousands_separator_and_na_are_accepted(demo_study, capsys):
    path = demo_study.parent / "data" / "indicators.xlsx"
    _edit_cell(path, "telecom_business", "D3", "1,234.5")
    _edit_cell(path, "telecom_business", "E3", "n/a")
    code, out, err = _run(capsys, "validate", str(demo_study))
    assert code == 0, err
    assert "E3 (Tianjin 2015)" in out


def test_unmatched_region(demo_study, capsys):
    _edit_cell(demo_study.parent / "data" / "indicators.xlsx", "hitech_revenue", "A5", "Shanxii")
    _validate_fails(capsys, demo_study, 1, "unknown region name", "sheet 'hitech_revenue'",
                    "'Shanxii' (row 5)", "Shanxi")


def test_indicator_column_absent(demo_study, capsys):
    def change(d):
        d["systems"][1]["dimensions"][1]["indicators"][2]["id"] = "water_use"
    _edit_config(demo_study, change)
    _validate_fails(capsys, demo_study, 1, "not in the data",
                    "systems[1].dimensions[1].indicators[2] (water_use): column 'water_use'")


def test_direction_invalid(demo_study, capsys):
    _edit_config(demo_study, lambda d: d["systems"][1]["dimensions"][0]["indicators"][0].update(
        direction="up"))
    _validate_fails(capsys, demo_study, 2,
                    "systems[1].dimensions[0].indicators[0].direction", "found 'up'")


def test_unknown_config_key(demo_study, capsys):
    _edit_config(demo_study, lambda d: d["detector"].update(permutatons=99))
    _validate_fails(capsys, demo_study, 2, "detector.permutatons", "unknown key")


def test_yaml_syntax_error(demo_study, capsys):
    text = demo_study.read_text(encoding="utf-8")
    demo_study.write_text(text.replace("  model: classic", "  model: [classic"), encoding="utf-8")
    _validate_fails(capsys, demo_study, 2, "YAML syntax error at line")


def test_python_object_refused(demo_study, capsys):
    text = demo_study.read_text(encoding="utf-8")
    demo_study.write_text(text.replace("  seed: 0", "  seed: !!python/object/apply:os.getpid []"),
                          encoding="utf-8")
    _validate_fails(capsys, demo_study, 2, "refused to construct")


def test_region_without_any_value(demo_study, capsys):
    path = demo_study.parent / "data" / "indicators.xlsx"
    wb = load_workbook(path)
    for cell in wb["so2_intensity"][3][1:]:
        cell.value = None
    wb.save(path)
    _validate_fails(capsys, demo_study, 1, "so2_intensity: 12 empty cell(s) that imputation "
                                           "cannot fill")


def test_help_imports_no_heavy_library():
    """`ccdkit --help` answers at once: the package root and the CLI import neither pandas
    nor scipy nor the study pipeline (before: everything, ~2-9 s); the names stay reachable
    as attributes of ccdkit."""
    import subprocess
    import sys

    code = ("import sys, ccdkit, ccdkit.cli; "
            "print(sorted(m for m in ('pandas', 'scipy', 'numpy', 'ccdkit.study') "
            "if m in sys.modules)); print(ccdkit.GeoDetector.__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[0] == "[]" and out[1] == "GeoDetector"
