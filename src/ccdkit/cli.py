"""Command-line interface: ``ccdkit init | validate | run | demo``.

A thin layer over the library: it parses arguments, calls library functions and prints.
Exit codes: 0 success, 1 data problems (or a failed step), 2 invalid config or usage.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ._version import __version__
from .data import atomic_folder, atomic_path, check_output_folder, output_lock
from .exceptions import CcdkitError, ConfigError
from .study import (
    DEMO_SEED,
    IndicatorSystem,
    check_study_data,
    init_study,
    load_study,
    summarize_missing,
    write_demo_study,
)

__all__ = ["main"]

EXIT_OK, EXIT_DATA, EXIT_CONFIG = 0, 1, 2


class _Out:
    """Console output honouring --quiet; messages are printed without rich markup."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        self.out = Console(highlight=False, soft_wrap=True)
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)

    def info(self, text: str = "") -> None:
        if not self.quiet:
            self.out.print(text, markup=False)

    def table(self, table: Table) -> None:
        if not self.quiet:
            self.out.print(table)

    def warn(self, text: str) -> None:
        if self.quiet:  # --quiet prints errors only; warnings stay in the report/manifest
            return
        self.err.print("warning: ", style="yellow", end="")
        self.err.print(text, markup=False)

    def error(self, text: str) -> None:
        self.err.print("error: ", style="bold red", end="")
        self.err.print(text, markup=False)


def _cmd_init(args: argparse.Namespace, out: _Out) -> int:
    files = init_study(args.folder, lang=args.lang, force=args.force, level=args.level,
                       region=args.region)
    out.info(f"Wrote a study of the {'reference' if args.level == 'province' else 'city'} "
             f"design to {args.folder}:")
    for f in files:
        out.info(f"  {f}")
    out.info("Next: type the yearbook numbers into the workbooks in data/, then run")
    out.info(f"  ccdkit validate {Path(args.folder) / 'study.yaml'}")
    return EXIT_OK


def _row(table: Table, key: str, value: str) -> None:
    """A table row shown as plain text (names from the config may hold rich markup)."""
    table.add_row(Text(str(key)), Text(str(value)))


def _summary_table(study, check) -> Table:
    table = Table(title=Text(f"Study {study.study.name}"), show_header=False,
                  title_justify="left")
    table.add_column("key", style="bold")
    table.add_column("value")
    s = check.summary
    _row(table, "regions", f"{s['regions']}: " + ", ".join(study.region_ids))
    _row(table, "years", s["years"])
    for sys_ in study.systems:
        if isinstance(sys_, IndicatorSystem):
            desc = (f"{len(sys_.dimensions)} dimensions, {len(sys_.indicators)} indicators; "
                    f"weights {sys_.weighting.method}, scores {sys_.scoring.method}")
        else:
            desc = f"agglomeration from firms: {', '.join(sys_.indices)}"
        _row(table, f"system {sys_.id}", desc)
    _row(table, "coupling", f"{study.coupling.model}: {' x '.join(study.coupled_systems)}")
    _row(table, "detector", f"y = {study.detector.y}; {s['factors']} factors; years "
                              f"{', '.join(map(str, study.detector_years))}")
    if "cells" in s:
        _row(table, "panel cells", f"{s['cells']} ({s['missing_cells']} empty)")
    if "firms" in s:
        _row(table, "firms", f"{s['firms']} firms, {s['target_firms']} in the target industry")
    return table


def _cmd_validate(args: argparse.Namespace, out: _Out) -> int:
    study = load_study(args.study)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check = check_study_data(study)
    for w in caught:
        out.warn(str(w.message))
    out.table(_summary_table(study, check))
    for note in check.notes:
        out.info(f"note: {note}")
    if len(check.missing):
        size = len(study.region_ids) * len(study.years.values)
        lines = summarize_missing(check.missing, limit=args.limit, full_size=size)
        out.info(f"empty cells ({len(check.missing)}):")
        for line in lines:
            out.info(f"  {line}")
    if args.missing_csv and len(check.missing):
        path = Path(args.missing_csv)
        with atomic_path(path) as tmp:
            check.missing.to_csv(tmp, index=False, encoding="utf-8-sig")
        out.info(f"list of empty cells written to {path}")
    if check.errors:
        for e in check.errors:
            out.error(e)
        out.error(f"{args.study}: {len(check.errors)} problem(s) must be fixed before a run")
        return EXIT_DATA
    out.info(f"{args.study}: config and data are valid.")
    return EXIT_OK


_STEP_TEXT = {
    "validate": "validating config and data",
    "impute": "imputing missing cells",
    "indices": "system indices (weights, scores)",
    "coupling": "coupling coordination and its summaries",
    "detector": "Geographical Detector",
    "spatial": "spatial autocorrelation (Moran's I, LISA, Gi*)",
    "dynamics": "dynamics (kernel density, Markov chains, convergence)",
    "robustness": "robustness (bootstrap intervals, sensitivity to the choices)",
}


def _run_pipeline(study_path, out_dir: Path, out: _Out, *, force: bool,
                  first_step: int = 1, total: int | None = None) -> None:
    """run_study + figures + write_study, printing progress; used by `run` and `demo`."""
    from .study import STEPS, run_study, write_study

    total = total or len(STEPS) + 2
    counter = {"i": first_step - 1}

    def progress(name: str) -> None:
        counter["i"] += 1
        out.info(f"[{counter['i']}/{total}] {_STEP_TEXT.get(name, name)} ...")

    result = run_study(study_path, progress=progress)
    progress("figures")
    figures = _figures(result, out)
    progress("writing tables, figures, report and manifest")
    write_study(result, out_dir, figures=figures, force=force)
    for w in result.warning_texts():
        out.warn(w)
    out.info(result.summary())


def _figures(result, out: _Out) -> dict:
    try:
        from .figures import study_figures
    except ImportError:  # matplotlib missing: tables and report only
        out.warn("figures skipped: install the plotting extra with `pip install 'ccdkit[maps]'`")
        return {}
    return study_figures(result)


def _cmd_run(args: argparse.Namespace, out: _Out) -> int:
    study = load_study(args.study)
    # every output-folder check runs before the computation, and the folder stays locked
    # until the results are in place (a second run into it fails at once)
    check_output_folder(args.out, force=args.force, protect=study.input_paths())
    with output_lock(args.out):
        _run_pipeline(study, Path(args.out), out, force=args.force)
    out.info(f"Results written to {args.out}: tables.xlsx, tables/, figures/, report.html, "
             "manifest.json")
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace, out: _Out) -> int:
    target = Path(args.out)
    with atomic_folder(target, force=args.force) as tmp:
        from .study import STEPS

        total = len(STEPS) + 3  # writing the demo study, figures, writing the outputs
        out.info(f"[1/{total}] writing the SYNTHETIC demo study (seed {args.seed}) ...")
        write_demo_study(tmp / "study", seed=args.seed, lang=args.lang, level=args.level)
        _run_pipeline(tmp / "study" / "study.yaml", tmp / "results", out, force=False,
                      first_step=2, total=total)
        for item in (tmp / "results").iterdir():
            item.rename(tmp / item.name)
        (tmp / "results").rmdir()
        (tmp / "README.txt").write_text(
            "ccdkit demo output. The data are SYNTHETIC (generated from a seed by ccdkit), "
            "not official statistics.\n", encoding="utf-8")
    out.info(f"Demo written to {target} (synthetic data, labelled as such):")
    out.info(f"  {target / 'study'}: the study config and its filled Excel templates")
    out.info(f"  {target / 'report.html'}, tables.xlsx, tables/, figures/, manifest.json")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ccdkit",
        description="Coupling-coordination studies of regional panels (indices, coupling "
                    "coordination degree, Geographical Detector).")
    parser.add_argument("--version", action="version", version=f"ccdkit {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true",
                        help="show the Python traceback of an error (for bug reports)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser(
        "init", parents=[common], help="write a ready-to-fill study (config + Excel templates)")
    p.add_argument("folder", help="folder to create")
    p.add_argument("--lang", choices=("zh", "en"), default="zh",
                   help="language of the templates and outputs (default: zh)")
    p.add_argument("--force", action="store_true", help="overwrite a non-empty folder")
    p.add_argument("--level", choices=("province", "city"), default="province",
                   help="provinces (the reference design) or prefecture-level cities")
    p.add_argument("--region", default="yreb",
                   help="city level: a study-region preset (yreb, yellow_river, bth, yrd, "
                        "yrd_full, gba, chengyu) or a province (default: yreb)")
    p.add_argument("--quiet", action="store_true", help="print errors only")
    p.set_defaults(func=_cmd_init)

    p = sub.add_parser(
        "validate", parents=[common], help="check a study config and its data")
    p.add_argument("study", help="the study.yaml file")
    p.add_argument("--limit", type=int, default=40,
                   help="empty cells listed per sheet (default: 40)")
    p.add_argument("--missing-csv", metavar="FILE", help="write every empty cell to a CSV file")
    p.add_argument("--quiet", action="store_true", help="print errors only")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser(
        "run", parents=[common], help="run a study: indices, coupling, detector, figures, report")
    p.add_argument("study", help="the study.yaml file")
    p.add_argument("--out", required=True, help="output folder (must not exist or be empty)")
    p.add_argument("--force", action="store_true", help="replace a non-empty output folder")
    p.add_argument("--quiet", action="store_true", help="print errors only")
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser(
        "demo", parents=[common], help="run ccdkit on its built-in synthetic demo study")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--lang", choices=("zh", "en"), default="zh")
    p.add_argument("--seed", type=int, default=DEMO_SEED, help=f"default: {DEMO_SEED}")
    p.add_argument("--level", choices=("province", "city"), default="province",
                   help="province: the reference study's 26 provinces; city: the 110 cities "
                        "of the Yangtze River Economic Belt")
    p.add_argument("--force", action="store_true", help="overwrite a non-empty folder")
    p.add_argument("--quiet", action="store_true", help="print errors only")
    p.set_defaults(func=_cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 data problem, 2 config/usage)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help/--version
        return int(exc.code or 0)
    out = _Out(quiet=getattr(args, "quiet", False))
    debug = getattr(args, "debug", False)
    previous = _on_sigterm()
    try:
        return args.func(args, out)
    except ConfigError as exc:
        _traceback(debug)
        out.error(str(exc))
        return EXIT_CONFIG
    except CcdkitError as exc:
        _traceback(debug)
        out.error(str(exc))
        return EXIT_DATA
    except OSError as exc:  # a file or folder the system refused (permissions, disk full)
        _traceback(debug)
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        out.error(f"{where}{exc.strerror or exc}")
        return EXIT_DATA
    except RecursionError:
        _traceback(debug)
        out.error("the input is nested too deeply to be read")
        return EXIT_DATA
    except _Terminated:
        out.error("terminated (SIGTERM); nothing was left half-written")
        return 143
    except KeyboardInterrupt:
        out.error("interrupted; nothing was left half-written")
        return 130
    finally:
        _restore_sigterm(previous)


def _traceback(debug: bool) -> None:
    if debug:
        import traceback

        traceback.print_exc()


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that temporary output folders are removed."""


def _on_sigterm():
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None

    def handler(signum, frame):
        raise _Terminated()

    try:
        return signal.signal(signal.SIGTERM, handler)
    except (ValueError, OSError):  # pragma: no cover - platforms without SIGTERM handling
        return None


def _restore_sigterm(previous) -> None:
    import signal

    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


def entry_point() -> None:  # pragma: no cover - console script wrapper
    sys.exit(main())
