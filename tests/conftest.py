"""Shared fixtures: the ../shared folder (skip when absent) and small file builders."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """Path inside ../shared; skips the calling test when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference data not available: {path} (the shared/ folder sits beside the "
                    "repository in CI; on a user's machine these tests are skipped)")
    return path


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
    from ccdkit._demo import write_demo_study

    folder = tmp_path_factory.mktemp("demo") / "study"
    write_demo_study(folder)
    return folder


@pytest.fixture
def demo_study(demo_study_dir, tmp_path) -> Path:
    """A private copy of the demo study that a test may modify; returns study.yaml."""
    target = tmp_path / "study"
    shutil.copytree(demo_study_dir, target)
    return target / "study.yaml"
