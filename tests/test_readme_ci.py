"""README.md and .ci/run must not drift apart."""

from __future__ import annotations

import re

from conftest import REPO


def _bash_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```bash\n(.*?)```", text, flags=re.S)]


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_test_one():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    blocks = _bash_blocks(setup)
    assert len(blocks) == 2, blocks
    install_demo, test_cmd = blocks
    assert "\n" not in install_demo and "\n" not in test_cmd
    assert "ccdkit demo --out" in install_demo and "pytest" in test_cmd
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in ci.splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    assert commands[-1] == test_cmd, "the last command of .ci/run must be the README's test command"


def test_ci_installs_from_scratch():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m venv" in ci and "set -euo pipefail" in ci
