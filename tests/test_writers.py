"""write_tables: workbook layout, CSV, and atomic writes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

import ccdkit.data._writers as writers
from ccdkit import DataError, write_tables


def _tables():
    return {
        "weights": pd.DataFrame({"indicator": ["专利", "收入"], "w": [0.25, 0.75]}),
        "a/b:c" + "x" * 40: pd.DataFrame({"n": [1, 2], "big": [12345.678, np.nan]}),
    }


def test_xlsx_layout(tmp_path):
    files = write_tables(_tables(), xlsx=tmp_path / "t.xlsx")
    wb = load_workbook(files[0])
    assert wb.sheetnames[0] == "weights"
    second = wb.sheetnames[1]
    assert len(second) <= 31 and "/" not in second and ":" not in second
    ws = wb["weights"]
    assert ws.freeze_panes == "B2"
    assert [c.value for c in ws[1]] == ["indicator", "w"]
    assert ws["B2"].value == 0.25 and ws["B2"].number_format == "0.0000"
    assert ws["A1"].font.bold
    ws2 = wb[second]
    assert ws2["A2"].number_format == "0" and ws2["B3"].value is None


def test_csv_utf8_bom(tmp_path):
    files = write_tables({"weights": _tables()["weights"]}, csv_dir=tmp_path / "csv")
    raw = files[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "专利".encode() in raw
    assert pd.read_csv(files[0], encoding="utf-8-sig")["w"].tolist() == [0.25, 0.75]


def test_failed_write_leaves_nothing(tmp_path, monkeypatch):
    def boom(tables, path):
        path.write_bytes(b"partial")
        raise RuntimeError("disk full")

    monkeypatch.setattr(writers, "_write_xlsx", boom)
    with pytest.raises(RuntimeError):
        write_tables(_tables(), xlsx=tmp_path / "t.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_failed_write_keeps_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"old")
    monkeypatch.setattr(writers, "_write_xlsx", lambda t, p: (_ for _ in ()).throw(OSError()))
    with pytest.raises(OSError):
        write_tables(_tables(), xlsx=target)
    assert target.read_bytes() == b"old" and len(list(tmp_path.iterdir())) == 1


def test_not_a_frame():
    with pytest.raises(DataError, match="expected a DataFrame"):
        write_tables({"x": [1, 2]}, csv_dir=".")
