"""Benchmark: the browser app's response times, as a researcher feels them (issue 28).

In a real browser (Playwright driving the system's Chromium) against ``ccdkit app --demo``
on localhost, each repeat a fresh server:

* **demo to results**: from opening the page to the results table on screen (the demo
  study written, run whole — every chapter, 999 permutations — and its first table shown);
* **changed option to new tables**: on the methods page, one option changed and applied,
  then from the click on *Run* to the new coupling table on screen (shown while the later
  steps run) and to the whole results page; for a coupling option
  (the coupling model: coupling, detector and the chapters recomputed) and a weighting
  method (the index step and everything after it); the data and imputation steps come
  from the session's cache;
* **export**: from *Prepare the export* (all 19 figures drawn, every output written, the
  zip built) to the download button.

Side by side, the same study's steps without the app (``run_study`` in one process: a
first run, and a re-run with the cache after the same two changes), which is the floor
the app adds its page to. Median of the repeats (``--repeats``, default 3).

Run: ``python benchmarks/app.py``. Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _server(folder: Path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "ccdkit", "app", "--demo", "--lang", "en",
                             "--port", str(port), "--no-browser"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "TMPDIR": str(folder)})
    url = f"http://localhost:{port}"
    for _ in range(180):
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            return proc, url
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("the app did not start")


def _results(page) -> None:
    page.get_by_role("heading", name="6 Results").wait_for()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()


def _change(page, form_index: int, label: str, option: str, expander: str | None) -> float:
    page.locator('[data-testid="stSidebar"]').get_by_text("4 Methods", exact=True).click()
    page.get_by_role("heading", name="4 Methods").wait_for()
    if expander:
        page.get_by_text(expander, exact=True).click()
    form = page.locator('[data-testid="stForm"]').nth(form_index)
    box = form.get_by_role("combobox", name=label).first
    for _ in range(5):
        box.click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            break
        except Exception:
            continue
    else:
        raise RuntimeError(f"option {option!r} of {label!r} not found")
    form.get_by_role("button", name="Apply").click()
    page.get_by_text("Saved.").wait_for()
    page.locator('[data-testid="stSidebar"]').get_by_text("5 Run", exact=True).click()
    page.get_by_role("heading", name="5 Run").wait_for()
    started = time.perf_counter()
    page.get_by_role("button", name="Run the study").click()
    page.get_by_text("The new coupling coordination").wait_for()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    first = time.perf_counter() - started
    _results(page)
    return first, time.perf_counter() - started


def browser_times(browser) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp())
    proc, url = _server(folder)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(300_000)
        started = time.perf_counter()
        page.goto(url)
        _results(page)
        out = {"demo to results": time.perf_counter() - started}
        expander = "Coupling coordination"
        for name, (form, label, option, where) in {
                "coupling model changed": (3, "Coupling model",
                                           "Wang et al. (2021) (wang2021)", expander),
                "weighting changed": (1, "Weighting method", "CRITIC (critic)",
                                      "System index: New quality productive forces")}.items():
            first, whole = _change(page, form, label, option, where)
            out[f"{name} -> new coupling table"] = first
            out[f"{name} -> all results"] = whole
        page.locator('[data-testid="stSidebar"]').get_by_text("7 Export", exact=True).click()
        started = time.perf_counter()
        page.get_by_role("button", name="Prepare the export").click()
        page.get_by_role("button", name="Download the zip").wait_for()
        out["export (figures, outputs, zip)"] = time.perf_counter() - started
        page.close()
        return out
    finally:
        proc.terminate()
        proc.wait(30)
        shutil.rmtree(folder, ignore_errors=True)


def library_times() -> dict[str, float]:
    """The same work without the app: run_study in one process."""
    import warnings

    import yaml

    from ccdkit.scaffold import write_demo_study
    from ccdkit.study import StepCache, load_study, run_study

    folder = Path(tempfile.mkdtemp()) / "demo"
    write_demo_study(folder, lang="en")
    path = folder / "study.yaml"
    cache = StepCache()
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        started = time.perf_counter()
        run_study(load_study(path), cache=cache)
        out["demo to results"] = time.perf_counter() - started
        for name, change in (
                ("coupling model changed -> all results",
                 lambda c: c["coupling"].update(model="wang2021")),
                ("weighting changed -> all results",
                 lambda c: c["systems"][1].update(weighting={"method": "critic"}))):
            cfg = yaml.safe_load(path.read_text(encoding="utf-8"))
            change(cfg)
            path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
            started = time.perf_counter()
            run_study(load_study(path), cache=cache)
            out[name] = time.perf_counter() - started
    shutil.rmtree(folder.parent, ignore_errors=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    runs, libs = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(args.repeats):
            runs.append(browser_times(browser))
            libs.append(library_times())
        browser.close()
    print(f"ccdkit app, demo study; {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores; median of {args.repeats} (min-max)")
    print(f"{'step':42} {'app (browser)':>22} {'run_study alone':>18}")
    for key in runs[0]:
        app = [r[key] for r in runs]
        lib = [r[key] for r in libs if key in r]
        app_text = f"{statistics.median(app):.1f} s ({min(app):.1f}-{max(app):.1f})"
        lib_text = f"{statistics.median(lib):.1f} s" if lib else "—"
        print(f"{key:42} {app_text:>22} {lib_text:>18}")


if __name__ == "__main__":
    main()
