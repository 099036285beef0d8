"""Shared fixtures: the reference values in tests/reference, the demo study and run (once
per session), and small file builders."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / "tests" / "reference"


def reference(name: str) -> dict:
    """A JSON file of reference values from tests/reference (see its README)."""
    return json.loads((REFERENCE / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _close_figures():
    """Close the matplotlib figures a test opened and left open (figures of module-scoped
    fixtures, made before, stay open for the tests that share them)."""
    plt = sys.modules.get("matplotlib.pyplot")
    before = set(plt.get_fignums()) if plt is not None else set()
    yield
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None:
        for num in set(plt.get_fignums()) - before:
            plt.close(num)


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """Write a workbook with the given sheets (lists of rows)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


@pytest.fixture(scope="session")
def demo_study_dir(tmp_path_factory) -> Path:
    """The synthetic demo study (config + filled templates), written once per session."""
    from ccdkit.scaffold import write_demo_study

    folder = tmp_path_factory.mktemp("demo") / "study"
    write_demo_study(folder)
    # fewer permutations and resamples for the tests that edit and rerun copies of it
    # (the session's demo run keeps the defaults)
    config = folder / "study.yaml"
    text = config.read_text(encoding="utf-8")
    for key in ("permutations", "bootstrap"):
        assert f"  {key}: 999 " in text
        text = text.replace(f"  {key}: 999 ", f"  {key}: 99 ")
    text = text.replace("  permutations: 999\n", "  permutations: 99\n")  # spatial
    config.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def demo_output(tmp_path_factory, worker_id) -> Path:
    """The output folder of one ``ccdkit demo`` run (tables, figures, report, manifest and
    the demo study itself), made once per test session and shared by the pytest-xdist
    workers (the first to need it makes it, under a file lock). Tests must not modify it."""
    from filelock import FileLock

    from ccdkit.cli import main

    # with xdist, basetemp is <session temp>/popen-gwN: its parent is this session's own
    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent
    out = root / "shared-demo-run"
    with FileLock(str(root / "shared-demo-run.lock")):
        if not (out / "manifest.json").exists():
            # keep the StudyResult the command computed (the demo_result fixture): the same
            # object that wrote these outputs, not a second run
            import pickle
            from unittest import mock

            import dataclasses

            import ccdkit.study
            from ccdkit import load_study

            run_study, kept = ccdkit.study.run_study, []

            def keep(*args, **kwargs):
                kept.append(run_study(*args, **kwargs))
                return kept[-1]

            with mock.patch.object(ccdkit.study, "run_study", keep):
                assert main(["demo", "--out", str(out), "--quiet"]) == 0
            # the demo ran in a temporary folder: its study, as it now lies in out/study
            result = dataclasses.replace(kept[0], study=load_study(out / "study" / "study.yaml"))
            (root / "shared-demo-result.pickle").write_bytes(pickle.dumps(result))
    return out


@pytest.fixture(scope="session")
def demo_result(demo_output):
    """The ``StudyResult`` of the session's demo run (the object that wrote its outputs),
    shared by the workers as a pickle."""
    import pickle

    return pickle.loads((demo_output.parent / "shared-demo-result.pickle").read_bytes())


@pytest.fixture
def demo_study(demo_study_dir, tmp_path) -> Path:
    """A private copy of the demo study that a test may modify; returns study.yaml."""
    target = tmp_path / "study"
    shutil.copytree(demo_study_dir, target)
    return target / "study.yaml"


def pytest_collection_modifyitems(session, config, items):
    """Order the tests so that no worker waits for the shared demo run. pytest-xdist's
    worksteal hands each worker one half of the list and lets an idle worker steal from
    the tail of the other's queue: so the tests that need the demo come first (the first
    half's worker makes the demo, then runs them: it never waits) and the independent tests
    after them (the second half's worker starts on those at once, and a worker that runs
    out steals independent tests from the other's tail)."""
    needs = [item for item in items
             if {"demo_output", "demo_result", "demo_run"} & set(getattr(item, "fixturenames",
                                                                         ()))]
    if not needs:
        return
    chosen = set(map(id, needs))
    rest = [item for item in items if id(item) not in chosen]
    # the longest demo test (a whole second run) next, while the other worker is busy
    heavy = [item for item in needs[1:] if item.name == "test_two_runs_are_identical"]
    others = [item for item in needs[1:] if item not in heavy]
    items[:] = needs[:1] + heavy + others + rest
