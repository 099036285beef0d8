"""End to end in a real browser: ``ccdkit app`` served on localhost, driven by Playwright
in the system's Chromium (Debian package ``chromium``; ``.ci/run`` installs it).

The screenshots of docs/app.md are taken here: set ``CCDKIT_APP_SCREENSHOTS`` to a folder
(``docs/app``) to keep them.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    if os.environ.get("CCDKIT_REQUIRE_BROWSER"):
        raise RuntimeError("CCDKIT_REQUIRE_BROWSER is set but Chromium is not installed")
    pytest.skip("Chromium is not installed (Debian: apt-get install chromium)",
                allow_module_level=True)

_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: Generous: the CI machine is slow and shared.
_WAIT = 180_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``ccdkit app --demo`` on a free port (English page)."""
    port = _free_port()
    folder = tmp_path_factory.mktemp("app")
    log = folder / "server.log"
    # the sessions' folders go to this temporary folder; a closed session ends 2 s later
    env = {**os.environ, "TMPDIR": str(folder), "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": "2"}
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "ccdkit", "app", "--demo", "--lang",
                                 "en", "--port", str(port), "--no-browser"],
                                stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        raise RuntimeError("the app did not start:\n" + log.read_text())
    yield url, folder
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text
    assert not list(folder.glob("ccdkit-app-*"))


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=_ARGS)
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("CCDKIT_APP_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open(browser, server):
    url = server[0]
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(_WAIT)
    page.goto(url)
    return context, page


def _page(page, name: str) -> None:
    """Go to a page of the sidebar (its label, e.g. '4 Methods')."""
    page.locator('[data-testid="stSidebar"]').get_by_text(name, exact=True).click()
    page.get_by_role("heading", name=name).wait_for()
    _settled(page)


def _settled(page) -> None:
    """Wait until the page has finished running (before a screenshot)."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden")
    page.wait_for_timeout(500)


def _choose(page, label: str, option: str, within=None) -> None:
    scope = within or page
    box = scope.get_by_role("combobox", name=label).first
    item = page.get_by_role("option", name=option, exact=True)
    for _ in range(5):  # a rerun of the page may close the list just opened: open it again
        box.click()
        try:
            item.wait_for(timeout=5_000)
        except sync_api.TimeoutError:
            continue
        item.click()
        return
    raise AssertionError(f"option {option!r} of {label!r} never showed")


def _results(page) -> None:
    page.get_by_role("heading", name="6 Results").wait_for()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    _settled(page)


def test_demo_change_run_and_export_reproduced_by_the_cli(server, browser, shots, tmp_path):
    context, page = _open(browser, server)
    started = time.monotonic()
    _results(page)
    opened = time.monotonic() - started
    page.screenshot(path=str(shots / "results_en.png"))
    _page(page, "4 Methods")
    page.get_by_text("System index: New quality productive forces").click()
    form = page.locator('[data-testid="stForm"]').nth(1)  # the second system's
    _choose(page, "Weighting method", "CRITIC (critic)", within=form)
    form.get_by_role("button", name="Apply").click()
    page.get_by_text("Saved.").wait_for()
    _settled(page)
    page.screenshot(path=str(shots / "methods_en.png"))
    _page(page, "5 Run")
    clicked = time.monotonic()
    page.get_by_role("button", name="Run the study").click()
    _results(page)
    rerun = time.monotonic() - clicked
    page.get_by_role("radio", name="Figures").click()
    page.locator('[data-testid="stImage"] img').first.wait_for()
    _settled(page)
    page.screenshot(path=str(shots / "figures_en.png"))
    _page(page, "7 Export")
    page.get_by_role("button", name="Prepare the export").click()
    with page.expect_download(timeout=_WAIT) as download:
        page.get_by_role("button", name="Download the zip").click()
    archive = tmp_path / "export.zip"
    download.value.save_as(archive)
    _page(page, "6 Results")  # the report the export wrote, embedded in the page
    page.get_by_role("radio", name="Report").click()
    page.frame_locator("iframe").first.get_by_role("heading", name="Contents").wait_for()
    _settled(page)
    page.screenshot(path=str(shots / "report_en.png"))
    context.close()
    _same_as_cli(archive, tmp_path)
    (tmp_path / "times.json").write_text(json.dumps({"demo": opened, "rerun": rerun}))
    print(f"demo to results {opened:.1f} s; changed method to results {rerun:.1f} s")


def _same_as_cli(archive: Path, tmp_path: Path) -> None:
    """``ccdkit run`` on the exported study.yaml and workbooks gives every exported output
    byte for byte (the manifest but for its time of creation)."""
    folder = tmp_path / "unzipped"
    zipfile.ZipFile(archive).extractall(folder)
    out = tmp_path / "cli"
    done = subprocess.run([sys.executable, "-m", "ccdkit", "run",
                           str(folder / "study" / "study.yaml"), "--out", str(out), "--quiet"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    exported = {str(p.relative_to(folder)) for p in folder.rglob("*")
                if p.is_file() and p.relative_to(folder).parts[0] != "study"}
    written = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert exported == written and "report.html" in written
    for name in sorted(written - {"manifest.json"}):
        assert (folder / name).read_bytes() == (out / name).read_bytes(), name
    a = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    b = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    a.pop("created"), b.pop("created")
    assert a == b
    assert a["used"]["systems"]["nqpf"]["weighting"]["method"] == "critic"


def _bad_workbook(tmp_path: Path) -> Path:
    """The demo's indicator workbook with Tianjin misspelt and one cell emptied."""
    from openpyxl import load_workbook

    from ccdkit.scaffold import write_demo_study

    write_demo_study(tmp_path / "demo", lang="en")
    wb = load_workbook(tmp_path / "demo" / "data" / "indicators.xlsx")
    sheet = wb["patents_granted"]
    sheet["A3"] = "Tianjn"
    sheet["D4"] = None
    path = tmp_path / "our numbers (final).xlsx"
    wb.save(path)
    return path


def test_an_uploaded_workbook_with_problems_is_checked_in_the_page(server, browser, shots,
                                                                  tmp_path):
    context, page = _open(browser, server)
    _results(page)
    _page(page, "1 Start")
    page.get_by_text("Provinces: the reference design").click()
    page.get_by_role("button", name="Create").click()
    page.get_by_role("heading", name="2 Data").wait_for()
    page.locator('input[type="file"]').first.set_input_files(str(_bad_workbook(tmp_path)))
    page.get_by_text("'Tianjn' (row 3)").first.wait_for()
    page.get_by_text("D4 (Hebei 2014)").first.wait_for()
    _settled(page)
    page.get_by_text("'Tianjn' (row 3)").first.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "data_en.png"))
    context.close()


def test_two_sessions_at_once(server, browser, shots):
    """Two browser sessions side by side: one starts a blank study and switches to Chinese;
    the other still has the demo, in English."""
    (ca, a), (cb, b) = _open(browser, server), _open(browser, server)
    _results(a)
    _results(b)
    _page(a, "1 Start")
    a.get_by_text("Blank: two systems").click()
    a.get_by_role("button", name="Create").click()
    a.get_by_role("heading", name="2 Data").wait_for()
    a.get_by_text("Current study: Coupling study").wait_for()
    _choose(a, "语言 / Language", "中文")
    a.get_by_role("heading", name="2 数据").wait_for()
    _settled(a)
    a.screenshot(path=str(shots / "data_blank_zh.png"))
    b.get_by_text("Current study: NEV industry agglomeration").wait_for()  # still the demo
    _choose(b, "语言 / Language", "中文")
    b.get_by_role("heading", name="6 结果").wait_for()
    b.locator('[data-testid="stDataFrame"]').first.wait_for()
    _settled(b)
    b.screenshot(path=str(shots / "results_zh.png"))
    _page(b, "4 方法")
    b.screenshot(path=str(shots / "methods_zh.png"))
    assert a.get_by_text("Current study").count() == 0  # a is in Chinese now
    a.get_by_text("当前研究：耦合协调研究").wait_for()
    folder = server[1]
    assert len(list(folder.glob("ccdkit-app-*"))) >= 2
    ca.close()
    cb.close()
    # each session's folder is removed when the session ends
    deadline = time.monotonic() + 60
    while list(folder.glob("ccdkit-app-*")) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not list(folder.glob("ccdkit-app-*"))
