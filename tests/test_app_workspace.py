"""The app's session workspace (no browser, no Streamlit): designs, opening a study without
touching it, upload safety and limits, the export that ``ccdkit run`` reproduces."""

from __future__ import annotations

import gc
import io
import json
import zipfile

import pytest
import yaml

from ccdkit.app import AppInputError, Workspace
from ccdkit.study import load_study

from conftest import file_digest


@pytest.fixture
def ws(tmp_path):
    w = Workspace(parent=tmp_path)
    yield w
    w.close()


@pytest.mark.parametrize("design, files", [
    ("reference", {"data/indicators.xlsx", "data/drivers.xlsx", "data/firms.xlsx"}),
    ("city", {"data/indicators.xlsx", "data/drivers.xlsx"}),
    ("blank", {"data/indicators.xlsx"}),
])
def test_new_study_from_each_design(ws, design, files):
    ws.start(design, lang="en", region="bth")
    study = ws.study()
    assert {s.path for s in ws.slots() if s.present} == files
    assert study.output.language == "en"
    if design == "city":
        assert study.level == "city" and len(study.region_ids) == 13  # Beijing-Tianjin-Hebei
    # the templates of the design, as a zip of the same workbooks
    names = zipfile.ZipFile(io.BytesIO(ws.templates_zip("en"))).namelist()
    assert set(names) == files


def test_open_folder_copies_and_never_changes_the_original(ws, demo_study):
    folder = demo_study.parent
    before = {p: (file_digest(p), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}
    ws.open_folder(folder)
    assert ws.yaml_path.read_bytes() == demo_study.read_bytes()  # opens unchanged
    assert all(s.present for s in ws.slots())
    ws.update(ws.config)  # saving without a change keeps the same bytes
    assert ws.yaml_path.read_bytes() == demo_study.read_bytes()
    cfg = dict(ws.config, coupling={**ws.config["coupling"], "model": "wang2021"})
    ws.update(cfg)
    assert load_study(ws.yaml_path).coupling.model == "wang2021"
    after = {p: (file_digest(p), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}
    assert after == before
    assert ws.root in ws.yaml_path.parents


def test_data_paths_outside_the_study_are_moved_inside(ws, demo_study, tmp_path):
    outside = tmp_path / "elsewhere" / "ind.xlsx"
    outside.parent.mkdir()
    outside.write_bytes((demo_study.parent / "data" / "indicators.xlsx").read_bytes())
    cfg = yaml.safe_load(demo_study.read_text(encoding="utf-8"))
    cfg["data"]["panel"][0]["file"] = str(outside)           # absolute
    cfg["data"]["panel"][1]["file"] = "../../drivers.xlsx"    # leaves the folder
    demo_study.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    ws.open_folder(demo_study)
    paths = [s.path for s in ws.slots()]
    assert paths[:2] == ["data/panel_1.xlsx", "data/panel_2.xlsx"]
    assert ws.slots()[0].present and not ws.slots()[1].present
    for s in ws.slots():
        assert (ws.study_dir / s.path).resolve().is_relative_to(ws.study_dir.resolve())


def test_an_upload_name_is_never_a_path(ws):
    ws.start("blank", lang="en")
    target = ws.put("data.panel[0].file", "../../../evil.xlsx", b"PK not really")
    assert target == ws.study_dir / "data" / "indicators.xlsx"
    assert not (ws.root.parent / "evil.xlsx").exists()
    with pytest.raises(AppInputError, match="is a .xlsx file"):
        ws.put("data.panel[0].file", "numbers.csv", b"a,b")
    with pytest.raises(AppInputError, match="no data file"):
        ws.put("data.panel[7].file", "x.xlsx", b"")


def test_uploads_above_the_limit_are_refused_with_the_limit(tmp_path):
    ws = Workspace(max_upload_mb=1, parent=tmp_path)
    ws.start("blank", lang="en")
    with pytest.raises(AppInputError, match=r"2\.0 MB is above the upload limit of 1 MB "
                                            r"\(start the app with --max-upload-mb"):
        ws.put("data.panel[0].file", "big.xlsx", b"0" * (2 * 2**20))
    ws.close()


def test_a_zip_is_unpacked_safely(ws, demo_study):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("study/study.yaml", demo_study.read_bytes())
        z.writestr("study/data/indicators.xlsx",
                   (demo_study.parent / "data" / "indicators.xlsx").read_bytes())
        z.writestr("study/../../escaped.yaml", b"x")
        z.writestr("/etc/absolute.xlsx", b"x")
        z.writestr("study/data/script.sh", b"x")
    ws.open_upload("mine.zip", buffer.getvalue())
    assert ws.yaml_path.read_bytes() == demo_study.read_bytes()
    assert [s.present for s in ws.slots()] == [True, False, False]
    assert not any(p.name in ("escaped.yaml", "absolute.xlsx", "script.sh")
                   for p in ws.root.parent.rglob("*"))
    with pytest.raises(AppInputError, match="not a readable zip"):
        ws.open_upload("broken.zip", b"nope")
    with pytest.raises(AppInputError, match="expected study.yaml"):
        ws.open_upload("notes.txt", b"hello")


def test_the_folder_goes_when_the_session_ends(tmp_path):
    a, b = Workspace(parent=tmp_path), Workspace(parent=tmp_path)
    a.start("blank", lang="zh")
    b.start("blank", lang="en")
    assert a.root != b.root and a.language == "zh" and b.language == "en"
    root_a, root_b = a.root, b.root
    a.close()
    assert not root_a.exists() and root_b.exists()
    del b
    gc.collect()
    assert not root_b.exists()


def test_a_session_gone_longer_than_the_grace_loses_its_folder(tmp_path):
    from ccdkit.app._workspace import sweep

    here, gone, unowned = (Workspace(parent=tmp_path) for _ in range(3))
    here.owner, gone.owner = "a", "b"
    active = {"a"}
    assert sweep(active.__contains__, 60, now=0.0) == []       # b noticed gone at t=0
    assert sweep(active.__contains__, 60, now=30.0) == []      # within the grace
    active.add("b")
    assert sweep(active.__contains__, 60, now=70.0) == []      # came back: kept
    active.discard("b")
    sweep(active.__contains__, 60, now=80.0)
    assert sweep(active.__contains__, 60, now=141.0) == [gone.root]
    assert gone.closed and not gone.root.exists()
    assert here.root.exists() and unowned.root.exists()
    for w in (here, unowned):
        w.close()


def test_the_app_command(monkeypatch, capsys, demo_study):
    """``ccdkit app`` starts Streamlit on 127.0.0.1 with usage statistics off (the server
    takes over the process); another host is warned about; bad options are refused."""
    import os

    from ccdkit.app import APP_ENV
    from ccdkit.cli import main

    started = []
    monkeypatch.setattr(os, "execve", lambda path, cmd, env: started.append((cmd, env)))
    assert main(["app", str(demo_study.parent), "--no-browser", "--port", "8600"]) == 0
    cmd, env = started[-1]
    flag = {cmd[i]: cmd[i + 1] for i in range(len(cmd) - 1) if cmd[i].startswith("--")}
    assert flag["--server.address"] == "127.0.0.1" and flag["--server.port"] == "8600"
    assert flag["--browser.gatherUsageStats"] == "false"
    assert flag["--server.maxUploadSize"] == "50" and flag["--server.headless"] == "true"
    assert json.loads(env[APP_ENV])["study"] == str(demo_study.parent.resolve())
    assert "reachable from other machines" not in capsys.readouterr().err
    assert main(["app", "--host", "0.0.0.0", "--no-browser"]) == 0
    assert "--host 0.0.0.0: the app is reachable from other machines" in capsys.readouterr().err
    assert main(["app", "--demo", str(demo_study.parent)]) == 2
    assert main(["app", "no/such/folder"]) == 2
    assert main(["app", "--max-upload-mb", "0"]) == 2
    assert "--max-upload-mb: expected 1 to 10000, found 0" in capsys.readouterr().err


def test_an_uploaded_study_cannot_read_files_of_the_machine(ws, demo_study, tmp_path):
    """A study.yaml uploaded (or in a zip) naming a file elsewhere on the server gets an
    empty box for it: the file is not copied (nor exported)."""
    secret = tmp_path / "secret.xlsx"
    secret.write_bytes(b"not yours")
    cfg = yaml.safe_load(demo_study.read_text(encoding="utf-8"))
    cfg["data"]["panel"][0]["file"] = str(secret)
    cfg["data"]["panel"][1]["file"] = "../../../../" + str(secret)
    ws.open_upload("study.yaml", yaml.safe_dump(cfg, allow_unicode=True).encode())
    assert [s.present for s in ws.slots()][:2] == [False, False]
    assert not [p for p in ws.root.rglob("*") if p.is_file() and p.read_bytes() == b"not yours"]
    ws.open_folder(_written(tmp_path / "mine", cfg))  # the user's own study: copied
    assert ws.slots()[0].present


def _written(folder, cfg):
    folder.mkdir()
    (folder / "study.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True),
                                       encoding="utf-8")
    return folder
