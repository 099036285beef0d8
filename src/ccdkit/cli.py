"""Command-line interface: ``ccdkit init | validate | run | demo | detect | audit | app``.

A thin layer over the library: it parses arguments, calls library functions and prints.
Exit codes: 0 success, 1 data problems (or a failed step), 2 invalid config or usage.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ._version import __version__
from .exceptions import CcdkitError, ConfigError, DataError
from .text import LANGUAGES

# The library (pandas, scipy, the study pipeline) is imported inside the commands that use
# it, so that `ccdkit --help` and argument errors answer at once.

__all__ = ["main"]

EXIT_OK, EXIT_DATA, EXIT_CONFIG = 0, 1, 2

#: Columns of the list of empty cells (``validate --missing-csv``); its header is how ccdkit
#: recognises a list it wrote (the only kind of existing file ``--force`` may replace).
MISSING_COLUMNS = ("variable", "region", "year", "source", "cell", "imputable")


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
    from .scaffold import init_study

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
    from .study import IndicatorSystem

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
    from .data import atomic_path, check_output_file, csv_header_is
    from .study import check_study_data, load_study, summarize_missing

    study = load_study(args.study)
    if args.missing_csv:  # checked before any work: never an input, never a user's file
        check_output_file(args.missing_csv, force=args.force, protect=study.input_paths(),
                          written_by_ccdkit=lambda p: csv_header_is(p, MISSING_COLUMNS),
                          what="--missing-csv")
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
            check.missing[list(MISSING_COLUMNS)].to_csv(tmp, index=False, encoding="utf-8-sig")
        out.info(f"list of empty cells written to {path}")
    if check.errors:
        for e in check.errors:
            out.error(e)
        out.error(f"{args.study}: {len(check.errors)} problem(s) must be fixed before a run")
        return EXIT_DATA
    out.info(f"{args.study}: config and data are valid.")
    return EXIT_OK


def _step_text(name: str, lang: str, **values) -> str:
    from .text import MESSAGES, tr

    key = f"step.{name}"
    return tr(key, lang, **values) if key in MESSAGES else name


class _Steps:
    """Numbered progress lines in the study's language, and the time of each step."""

    def __init__(self, out: _Out, lang: str, total: int, first: int = 1) -> None:
        import time

        self.out, self.lang, self.total, self.i = out, lang, total, first - 1
        self.clock, self.times, self.current, self.started = time.perf_counter, [], None, 0.0

    def __call__(self, name: str, **values) -> None:
        self._stop()
        self.i += 1
        self.current, self.started = _step_text(name, self.lang, **values), self.clock()
        self.out.info(f"[{self.i}/{self.total}] {self.current} ...")

    def _stop(self) -> None:
        if self.current is not None:
            self.times.append((self.current, self.clock() - self.started))
            self.current = None

    def report(self) -> None:
        self._stop()
        from .text import tr

        parts = [tr("cli.step_time", self.lang, step=n, seconds=t) for n, t in self.times]
        total = sum(t for _, t in self.times)
        self.out.info(tr("cli.times", self.lang, seconds=total)
                      + tr("cli.step_separator", self.lang).join(parts))


def _run_pipeline(study, out_dir: Path, out: _Out, *, force: bool,
                  steps: _Steps | None = None) -> None:
    """run_study + figures + write_study, printing progress; used by `run` and `demo`."""
    from .present import write_study
    from .study import STEPS, load_study, run_study

    if not hasattr(study, "output"):
        study = load_study(study)
    lang = study.output.language
    steps = steps or _Steps(out, lang, len(STEPS) + 2)
    result = run_study(study, progress=steps)
    steps("figures")
    figures = _figures(result, out)
    steps("write")
    write_study(result, out_dir, figures=figures, force=force)
    steps.report()
    for w in result.warning_texts():
        out.warn(w)
    out.info(result.summary())


def _figures(result, out: _Out) -> dict:
    try:
        from .present import study_figures
    except ImportError:  # matplotlib missing: tables and report only
        out.warn("figures skipped: install the plotting extra with `pip install 'ccdkit[maps]'`")
        return {}
    return study_figures(result)


def _cmd_run(args: argparse.Namespace, out: _Out) -> int:
    from .data import check_output_folder, output_lock
    from .study import load_study

    study = load_study(args.study)
    # every output-folder check runs before the computation, and the folder stays locked
    # until the results are in place (a second run into it fails at once)
    check_output_folder(args.out, force=args.force, protect=study.input_paths())
    with output_lock(args.out):
        _run_pipeline(study, Path(args.out), out, force=args.force)
    out.info(_written(args.out, study.output.language))
    return EXIT_OK


def _written(folder, lang: str) -> str:
    from .text import tr

    return tr("cli.written", lang, folder=folder, files=tr("cli.files", lang))


def _cmd_demo(args: argparse.Namespace, out: _Out) -> int:
    from .data import atomic_folder
    from .scaffold import DEMO_SEED, write_demo_study

    target = Path(args.out)
    seed = DEMO_SEED if args.seed is None else args.seed
    with atomic_folder(target, force=args.force) as tmp:
        from .study import STEPS

        # writing the demo study, the study's steps, figures, writing the outputs
        steps = _Steps(out, args.lang, len(STEPS) + 3)
        steps("demo", seed=seed)
        write_demo_study(tmp / "study", seed=seed, lang=args.lang, level=args.level)
        _run_pipeline(tmp / "study" / "study.yaml", tmp / "results", out, force=False,
                      steps=steps)
        for item in (tmp / "results").iterdir():
            item.rename(tmp / item.name)
        (tmp / "results").rmdir()
        (tmp / "README.txt").write_text(
            "ccdkit demo output. The data are SYNTHETIC (generated from a seed by ccdkit), "
            "not official statistics.\n", encoding="utf-8")
    from .text import tr

    out.info(tr("cli.demo_written", args.lang, folder=target))
    out.info(tr("cli.demo_study", args.lang, folder=target / "study"))
    out.info(tr("cli.demo_outputs", args.lang, report=target / "report.html"))
    return EXIT_OK


_TABLE_SUFFIXES = (".csv", ".parquet", ".pq")


def _detect_input(paths: list[Path], args: argparse.Namespace):
    """A table (CSV/Parquet) or a raster stack, as ``detect`` was given it."""
    import pandas as pd

    from .geodetector import read_rasters

    missing = [str(p) for p in paths if not p.exists() and "://" not in str(p)
               and not str(p).startswith("/vsi")]
    if missing:
        raise CcdkitError(f"input not found: {', '.join(missing)}")
    if len(paths) == 1 and paths[0].suffix.lower() in _TABLE_SUFFIXES:
        try:
            if paths[0].suffix.lower() == ".csv":
                return pd.read_csv(paths[0]), "table"
            return pd.read_parquet(paths[0]), "table"
        except (ValueError, ImportError, pd.errors.ParserError) as exc:
            raise CcdkitError(f"{paths[0]}: cannot read the table ({exc})") from None
    nodata = {}
    for item in args.nodata or []:
        name, sep, value = item.partition("=")
        try:
            nodata[name] = float(value)
        except ValueError:
            sep = ""
        if not sep or not name:
            raise ConfigError(f"--nodata takes LAYER=VALUE (e.g. precip=-32768), got {item!r}")
    chunks = None if args.chunks == "none" else (
        "auto" if args.chunks == "auto" else _positive_int(args.chunks, "--chunks"))
    sources = paths[0] if len(paths) == 1 and paths[0].is_dir() else [str(p) for p in paths]
    return read_rasters(sources, chunks=chunks, nodata=nodata), "raster"


def _positive_int(text: str, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigError(f"{what} takes a whole number >= 1, 'auto' or 'none'; got {text!r}")
    return value


#: Most LocalCluster workers ``detect`` starts per core of the machine.
MAX_WORKERS_PER_CORE = 4


def _cluster_size(workers: int, memory: str) -> int:
    """Checked before a LocalCluster starts: 1 <= workers <= 4 per core, and the memory per
    worker a size (e.g. 4GiB) of at least 256 MiB whose total fits in the machine."""
    import os

    from dask.utils import parse_bytes

    cores = os.cpu_count() or 1
    if not 1 <= workers <= MAX_WORKERS_PER_CORE * cores:
        raise ConfigError(f"--workers takes a whole number from 1 to "
                          f"{MAX_WORKERS_PER_CORE * cores} ({MAX_WORKERS_PER_CORE} per core of "
                          f"this machine's {cores}); got {workers}")
    try:
        size = int(parse_bytes(str(memory)))
    except (ValueError, TypeError):
        raise ConfigError(f"--memory takes a size per worker such as 4GiB or 512MiB; got "
                          f"{memory!r}") from None
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - no sysconf
        total = None
    if size < 256 * 2**20 or (total and size * workers > total):
        limit = f" and {workers} x {memory} must fit in {total / 2**30:.1f} GiB" if total else ""
        raise ConfigError(f"--memory: at least 256MiB per worker{limit}; got {memory!r}")
    return size


@contextlib.contextmanager
def _scheduler(args: argparse.Namespace, out: _Out):
    """The dask scheduler ``detect`` computes on: threads here, a LocalCluster, or the
    scheduler at an address (e.g. one started by dask-jobqueue on Slurm or PBS)."""
    if args.scheduler == "threads":
        yield
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise CcdkitError("--scheduler local or an address needs dask.distributed: "
                          "pip install 'ccdkit[dask]'") from None
    if args.scheduler == "local":
        memory = _cluster_size(args.workers, args.memory)
        with LocalCluster(n_workers=args.workers, threads_per_worker=1,
                          memory_limit=memory, dashboard_address=None) as cluster, \
                Client(cluster):
            out.info(f"LocalCluster: {args.workers} workers x 1 thread, {args.memory} each")
            yield
        return
    if "://" not in args.scheduler:
        raise ConfigError(f"--scheduler takes 'threads', 'local' or a scheduler address such "
                          f"as tcp://host:8786; got {args.scheduler!r}")
    try:
        client = Client(args.scheduler, timeout="30s")
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise CcdkitError(f"--scheduler {args.scheduler}: cannot connect ({exc})") from None
    with client:
        out.info(f"connected to a dask scheduler with {len(client.scheduler_info()['workers'])} "
                 "worker(s)")
        yield


def _json_default(value):
    import numpy as np

    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (np.ndarray, tuple, set)):
        return list(value)
    return str(value)


def _cmd_detect(args: argparse.Namespace, out: _Out) -> int:
    from .data import check_output_folder
    from .geodetector import GeoDetector

    paths = [Path(p) for p in args.data]
    protect = [p for p in paths if p.exists()]
    check_output_folder(args.out, force=args.force, protect=protect)
    if args.model == "sesu":
        return _detect_sesu(args, out, paths, protect)
    data, kind = _detect_input(paths, args)
    if args.thin is not None:
        if kind != "raster" or args.thin < 1:
            raise ConfigError("--thin takes a whole number >= 1 and applies to rasters")
        data, kind = data.thin(args.thin), f"raster cells every {args.thin} rows and columns"
    if args.model != "opgd":
        return _detect_model(args, out, data, kind, paths, protect)
    options = {}
    for key in ("k", "bins", "methods", "seed"):
        if getattr(args, key) is not None:
            options[key] = getattr(args, key)
    if args.permutations is not None:
        options["permutations"] = args.permutations
    weights = _coords_weights(args, data, kind)
    with _scheduler(args, out), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gd = GeoDetector(**options).fit(data, y=args.y, factors=args.factors or None,
                                        categorical=args.categorical or None,
                                        continuous=args.continuous or None,
                                        weights=weights, progress=out.info)
    for message in dict.fromkeys(str(w.message) for w in caught):
        out.warn(message)
    result = gd.result_
    # the writer of `run`: text that a spreadsheet would read as a formula is inert
    return _write_model(args, out, result, kind, paths, protect, tables=result.tables(),
                        extra={"notes": result.notes})


def _coords_weights(args: argparse.Namespace, data, kind: str):
    """Inverse great-circle distances between the rows from ``--coords`` (None without)."""
    if not args.coords:
        return None
    if kind != "table":
        raise ConfigError("--coords names two columns of a table; rasters have no rows to "
                          "weight")
    from .geodetector import distance_weights

    missing = [c for c in args.coords if c not in data.columns]
    if missing:
        raise DataError(f"--coords: columns {missing} are not in the table "
                        f"(columns: {list(data.columns)})")
    return distance_weights(data[args.coords].to_numpy(dtype=float))


def _model_options(args: argparse.Namespace) -> dict:
    """The model's options from --option KEY=VALUE (values read as YAML) and the shared
    flags (--k, --permutations, --seed)."""
    import yaml

    options = {}
    for item in args.option or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ConfigError(f"--option takes KEY=VALUE (e.g. cp=0.02), got {item!r}")
        options[key] = yaml.safe_load(value)
    if args.k is not None:
        options["k"] = list(args.k)
    for key in ("permutations", "seed"):
        if getattr(args, key) is not None:
            options[key] = getattr(args, key)
    return options


def _detect_model(args, out: _Out, data, kind: str, paths, protect) -> int:
    """``detect --model NAME``: one of the newer detector models on a table (or a raster
    stack's cells in memory, for the models that need no coordinates)."""
    import pandas as pd

    from .geodetector import DETECTOR_MODELS, run_model

    spec = DETECTOR_MODELS[args.model]
    options = _model_options(args)
    if not isinstance(data, pd.DataFrame):
        if spec.spatial:
            raise ConfigError(f"--model {args.model} needs a table with coordinates (--coords); "
                              "rasters run with opgd, gozh, lesh or rgd")
        data = data.to_frame()  # the cells in memory (use --thin for very large rasters)
        if args.model == "rgd":
            options.setdefault("bins", 1_000)
    # SPADE / IDSA build their distances from the coordinates (option `distance`); the
    # others take inverse great-circle distances for the spatial null
    weights = None if spec.spatial else _coords_weights(args, data, kind)
    factors = args.factors or [c for c in data.columns if c != args.y
                               and c not in (args.coords or [])]
    data_options = {"gozh": {"categorical": args.categorical or ()},
                    "lesh": {"categorical": args.categorical or ()},
                    "rgd": {"segment": args.continuous}}.get(args.model)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = run_model(args.model, data, args.y, factors, weights=weights,
                           coords=args.coords if spec.spatial else None,
                           data_options=data_options, **options)
    for message in dict.fromkeys(str(w.message) for w in caught):
        out.warn(message)
    return _write_model(args, out, result, kind, paths, protect)


def _write_model(args, out: _Out, result, kind: str, paths, protect, *, tables=None,
                 extra=None) -> int:
    """A detector's tables (default: the result's non-empty ones) and manifest, written
    atomically into ``--out``."""
    from .data import atomic_folder, write_tables

    if tables is None:
        tables = {k: v for k, v in result.tables().items() if v is not None and len(v)}
    with atomic_folder(args.out, force=args.force, protect=protect) as tmp:
        files = write_tables(tables, csv_dir=tmp)
        names = [f.name for f in files]
        manifest = {"ccdkit": __version__, "command": "detect", "model": args.model,
                    "inputs": {"kind": kind, "paths": [str(p) for p in paths]},
                    "options": result.options, **(extra or {}), "outputs": names}
        (tmp / "manifest.json").write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False, default=_json_default),
            encoding="utf-8")
    out.info(result.summary())
    out.info(f"Results written to {args.out}: {', '.join(names)}, manifest.json")
    return EXIT_OK


def _detect_sesu(args, out: _Out, paths, protect) -> int:
    """``detect --model sesu A.csv B.csv ... --sizes 5 10 ...``: one table per unit size."""
    from .geodetector import SESUOptions, sesu, validated

    if not args.sizes or len(args.sizes) != len(paths):
        raise ConfigError(f"--model sesu takes one table per unit size and --sizes with as "
                          f"many numbers: {len(paths)} table(s), sizes {args.sizes}")
    tables = {}
    for size, path in zip(args.sizes, paths):
        if path.suffix.lower() not in _TABLE_SUFFIXES:
            raise ConfigError(f"--model sesu reads tables (CSV/Parquet), got {path}")
        tables[size] = _detect_input([path], args)[0]
    options = _model_options(args)
    own = {k: options.pop(k) for k in list(options) if k in SESUOptions.model_fields}
    chosen = validated(SESUOptions, own, "--option").model_dump()
    result = sesu(tables, args.y, args.factors or None, **chosen, **options)
    return _write_model(args, out, result, "tables", paths, protect)


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
    for add in (_add_init, _add_validate, _add_run, _add_demo, _add_detect, _add_audit,
                _add_app):
        add(sub, common)
    return parser


def _add_init(sub, common) -> None:
    p = sub.add_parser(
        "init", parents=[common], help="write a ready-to-fill study (config + Excel templates)")
    p.add_argument("folder", help="folder to create")
    p.add_argument("--lang", choices=LANGUAGES, default="zh",
                   help="language of the templates and outputs (default: zh)")
    p.add_argument("--force", action="store_true", help="overwrite a non-empty folder")
    p.add_argument("--level", choices=("province", "city"), default="province",
                   help="provinces (the reference design) or prefecture-level cities")
    p.add_argument("--region", default="yreb",
                   help="city level: a study-region preset (yreb, yellow_river, bth, yrd, "
                        "yrd_full, gba, chengyu) or a province (default: yreb)")
    p.add_argument("--quiet", action="store_true", help="print errors only")
    p.set_defaults(func=_cmd_init)


def _add_validate(sub, common) -> None:
    p = sub.add_parser(
        "validate", parents=[common], help="check a study config and its data")
    p.add_argument("study", help="the study.yaml file")
    p.add_argument("--limit", type=int, default=40,
                   help="empty cells listed per sheet (default: 40)")
    p.add_argument("--missing-csv", metavar="FILE",
                   help="write every empty cell to a new CSV file (never an input or a file "
                        "ccdkit did not write)")
    p.add_argument("--force", action="store_true",
                   help="replace a list of empty cells that ccdkit wrote earlier")
    p.add_argument("--quiet", action="store_true", help="print errors only")
    p.set_defaults(func=_cmd_validate)


def _add_run(sub, common) -> None:
    p = sub.add_parser(
        "run", parents=[common], help="run a study: indices, coupling, detector, figures, report")
    p.add_argument("study", help="the study.yaml file")
    p.add_argument("--out", required=True, help="output folder (must not exist or be empty)")
    p.add_argument("--force", action="store_true", help="replace a non-empty output folder")
    p.add_argument("--quiet", action="store_true", help="print errors only")
    p.set_defaults(func=_cmd_run)


def _add_demo(sub, common) -> None:
    p = sub.add_parser(
        "demo", parents=[common], help="run ccdkit on its built-in synthetic demo study")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--lang", choices=LANGUAGES, default="zh")
    p.add_argument("--seed", type=int, help="seed of the synthetic data (default: the "
                                            "demo's own fixed seed)")
    p.add_argument("--level", choices=("province", "city"), default="province",
                   help="province: the reference study's 26 provinces; city: the 110 cities "
                        "of the Yangtze River Economic Belt")
    p.add_argument("--force", action="store_true", help="overwrite a non-empty folder")
    p.add_argument("--quiet", action="store_true", help="print errors only")
    p.set_defaults(func=_cmd_demo)


def _add_detect(sub, common) -> None:
    p = sub.add_parser(
        "detect", parents=[common],
        help="Geographical Detector on rasters (GeoTIFF/COG, any size) or a CSV/Parquet table",
        description="The factor, interaction, risk and ecological detectors with optimal "
                    "discretization. Rasters are read by windows and reduced block by block "
                    "on dask (threads, a LocalCluster, or a cluster's scheduler address), so "
                    "their size is not limited by memory.")
    p.add_argument("data", nargs="+",
                   help="a folder of GeoTIFFs (one per variable, named by file), GeoTIFF "
                        "files or URLs, or one CSV/Parquet table")
    p.add_argument("--y", required=True, help="the response layer or column")
    p.add_argument("--model", default="opgd",
                   choices=["opgd", "gozh", "lesh", "rgd", "spade", "idsa", "sesu"],
                   help="opgd: the classic detector with optimal discretization (default); "
                        "gozh, lesh, rgd, spade, idsa: the newer models; sesu: one table per "
                        "unit size (--sizes)")
    p.add_argument("--sizes", nargs="+", type=float,
                   help="--model sesu: the unit size of each table, in the same order")
    p.add_argument("--coords", nargs=2, metavar=("LON", "LAT"),
                   help="tables: longitude and latitude columns; inverse great-circle "
                        "distances weight SPADE/IDSA and give the spatial p (p_spatial)")
    p.add_argument("--option", nargs="+", metavar="KEY=VALUE",
                   help="an option of the model, e.g. cp=0.02 mode=gdverse null=spectral")
    p.add_argument("--factors", nargs="+", help="factors (default: every other layer/column)")
    p.add_argument("--categorical", nargs="+", help="factors used as categories")
    p.add_argument("--continuous", nargs="+", help="factors discretized (whole numbers too)")
    # defaults and allowed values are the library's (GeoDetector validates them, naming the
    # option); the help texts are checked against the declarations by a test
    p.add_argument("--k", nargs=2, type=int, metavar=("MIN", "MAX"),
                   help="candidate numbers of strata (default: 3 8)")
    p.add_argument("--methods", nargs="+", metavar="METHOD",
                   help="discretization methods: equal, quantile, natural, geometric, sd "
                        "(default: all five)")
    p.add_argument("--bins", type=int,
                   help="rasters: continuous factors with more distinct values are binned "
                        "into this many bins for their breaks (default: 65536)")
    p.add_argument("--permutations", type=int,
                   help="permutations for the p-values (default: 999 up to 5,000 rows, "
                        "none beyond and on rasters read by blocks, where the F test is used)")
    p.add_argument("--seed", type=int,
                   help="seed of the permutations and the bootstrap (default 0)")
    p.add_argument("--nodata", nargs="+", metavar="LAYER=VALUE",
                   help="nodata of a layer, overriding its file")
    p.add_argument("--chunks", default="auto",
                   help="rasters: rows per block, 'auto' (about 4 million cells) or 'none' "
                        "(load into memory); default auto")
    p.add_argument("--thin", type=int, metavar="STEP",
                   help="rasters: run in memory on every STEP-th cell of each row and column "
                        "(with permutation p-values and bootstrap intervals); choose STEP "
                        "beyond the range of spatial autocorrelation")
    p.add_argument("--scheduler", default="threads",
                   help="'threads' (default), 'local' (a dask.distributed LocalCluster) or "
                        "the address of a running scheduler, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--workers", type=int, default=2, help="LocalCluster workers (default 2)")
    p.add_argument("--memory", default="4GiB", help="LocalCluster memory per worker")
    p.add_argument("--out", required=True, help="output folder (must not exist or be empty)")
    p.add_argument("--force", action="store_true", help="replace an earlier ccdkit output")
    p.add_argument("--quiet", action="store_true", help="print errors only")
    p.set_defaults(func=_cmd_detect)


def _add_audit(sub, common) -> None:
    p = sub.add_parser(
        "audit", parents=[common],
        help="which coupling formula did a published table use? (C, T, D from printed U)",
        description="Recompute the printed C, T and/or D of a table from its printed system "
                    "scores with every known variant (classic with exponent 1/n, 1/2 or none, "
                    "without the coefficient n, modified, Fan 2024; T by equal, given or "
                    "fitted weights), within the printed rounding, and name internal "
                    "inconsistencies (C > 1, D != sqrt(C T), types against class bounds).")
    p.add_argument("table", help="a CSV/TSV/text or Excel table, or - to paste it (stdin); "
                                 "one row per unit")
    p.add_argument("--systems", nargs="+", help="columns of the system scores (default: "
                                                "columns named U...)")
    p.add_argument("--c", help="column of C (default: C, if present)")
    p.add_argument("--t", help="column of T (default: T, if present)")
    p.add_argument("--d", help="column of D (default: D, if present)")
    p.add_argument("--type", dest="type_column", help="column of the coordination type")
    p.add_argument("--weights", nargs="+", type=float, help="the weights of T the paper states")
    p.add_argument("--bounds", nargs="+", type=float,
                   help="lower bounds of the coordination classes (default: 0 0.1 ... 0.9)")
    p.add_argument("--labels", nargs="+", help="the table's type label of each class, in "
                                               "--bounds order (default: ccdkit's ten types, "
                                               "zh or en)")
    p.add_argument("--decimals", type=int, help="printed decimals of every column "
                                                "(default: read off the values, or Excel's "
                                                "number formats)")
    p.add_argument("--sheet", help="Excel: the sheet (default: the first)")
    p.add_argument("--lang", choices=LANGUAGES, default="zh", help="language (default: zh)")
    p.add_argument("--out", help="also write the tables (fits, residuals, issues) to this "
                                 "folder (must not exist or be empty)")
    p.add_argument("--force", action="store_true", help="replace an earlier ccdkit output")
    p.add_argument("--quiet", action="store_true", help="print errors only")
    p.set_defaults(func=_cmd_audit)


def _cmd_audit(args: argparse.Namespace, out: _Out) -> int:
    from .coupling import COORDINATION_BOUNDS, audit
    from .data import check_output_folder, read_printed_table

    protect = [Path(args.table)] if args.table != "-" else []
    if args.out:
        check_output_folder(args.out, force=args.force, protect=protect)
    table = (read_printed_table(sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer")
                                else sys.stdin.read().encode("utf-8"), name="stdin")
             if args.table == "-" else read_printed_table(args.table, sheet=args.sheet))
    decimals = ({c: args.decimals for c in table.columns} if args.decimals is not None
                else None)
    result = audit(table, args.systems, c=args.c, t=args.t, d=args.d,
                   type_column=args.type_column, weights=args.weights, decimals=decimals,
                   bounds=args.bounds or COORDINATION_BOUNDS, type_labels=args.labels)
    out.info(result.summary(args.lang))
    brief = result.fits[["quantity", "variant", "n", "n_within", "worst", "reproduces"]]
    for frame in (brief, result.outside().head(20), result.issues):
        if len(frame):
            out.table(_frame_table(result.readable(frame, args.lang)))
    if args.out:
        _write_audit(args, out, result, protect)
    return EXIT_OK


def _frame_table(frame) -> Table:
    """A small frame as a terminal table: numbers to 6 significant digits, True as ✓,
    missing values blank."""
    import numpy as np

    def cell(value) -> str:
        if value is None or (isinstance(value, (float, np.floating)) and value != value):
            return ""
        if isinstance(value, (bool, np.bool_)):
            return "✓" if value else ""
        if isinstance(value, (float, np.floating)):
            return f"{value:.6g}"
        return str(value)

    table = Table(*(str(c) for c in frame.columns))
    for row in frame.itertuples(index=False):
        table.add_row(*(Text(cell(v)) for v in row))
    return table


def _write_audit(args, out: _Out, result, protect) -> None:
    """The audit's tables (headers and labels in the chosen language) and a manifest,
    written atomically."""
    from .data import atomic_folder, write_tables

    with atomic_folder(args.out, force=args.force, protect=protect) as tmp:
        files = write_tables(result.tables(args.lang), csv_dir=tmp)
        manifest = {"ccdkit": __version__, "command": "audit", "input": args.table,
                    "identified": result.identified, "decimals": result.decimals,
                    "options": result.options, "summary": result.summary(args.lang),
                    "outputs": [f.name for f in files]}
        (tmp / "manifest.json").write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False, default=_json_default),
            encoding="utf-8")
    out.info(f"Results written to {args.out}: {', '.join(f.name for f in files)}, "
             "manifest.json")


def _add_app(sub, common) -> None:
    p = sub.add_parser(
        "app", parents=[common],
        help="the whole study in a local browser app (needs the app extra)",
        description="Start the browser app on this computer (http://localhost:PORT). Each "
                    "browser tab works in its own temporary folder, removed when it closes; "
                    "no data leave the machine.")
    p.add_argument("study", nargs="?",
                   help="a study to open: its folder or study.yaml (copied, never changed)")
    p.add_argument("--demo", action="store_true",
                   help="open the synthetic demo study and run it")
    p.add_argument("--lang", choices=LANGUAGES, help="language of the page (default: the "
                   "study's, else zh)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this computer only)")
    p.add_argument("--port", type=int, default=8501, help="port (default 8501)")
    p.add_argument("--max-upload-mb", type=int, default=50,
                   help="largest upload accepted, in MB (default 50)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    p.set_defaults(func=_cmd_app)


def _cmd_app(args: argparse.Namespace, out: _Out) -> int:
    import importlib.util
    import os
    import subprocess

    if importlib.util.find_spec("streamlit") is None:
        out.error("the app needs Streamlit: pip install 'ccdkit[app]'")
        return EXIT_CONFIG
    from .app import APP_ENV, app_command, app_options

    if args.demo and args.study:
        out.error("give a study or --demo, not both")
        return EXIT_CONFIG
    if args.study and not Path(args.study).exists():
        out.error(f"{args.study}: no such folder or file")
        return EXIT_CONFIG
    if not 1 <= args.max_upload_mb <= 10_000:
        out.error(f"--max-upload-mb: expected 1 to 10000, found {args.max_upload_mb}")
        return EXIT_CONFIG
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        out.warn(f"--host {args.host}: the app is reachable from other machines on the "
                 "network, with no password; anyone who can reach it can run studies here")
    env = {**os.environ, APP_ENV: app_options(demo=args.demo, study=args.study,
                                              max_upload_mb=args.max_upload_mb,
                                              lang=args.lang)}
    cmd = app_command(host=args.host, port=args.port, max_upload_mb=args.max_upload_mb,
                      browser=not args.no_browser)
    out.info(f"ccdkit app: http://{'localhost' if args.host == '127.0.0.1' else args.host}"
             f":{args.port} (Ctrl-C to stop)")
    sys.stdout.flush()
    if hasattr(os, "execve"):  # the server takes this process over: signals reach it
        os.execve(cmd[0], cmd, env)
        return EXIT_OK  # (not reached)
    try:  # pragma: no cover - systems without exec
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:  # pragma: no cover
        return EXIT_OK


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
    previous_int = _on_sigint()
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
        _ignore_further_interrupts()
        out.error("terminated (SIGTERM); nothing was left half-written")
        return 143
    except KeyboardInterrupt:
        _ignore_further_interrupts()
        out.error("interrupted; nothing was left half-written")
        return 130
    finally:
        _restore_sigterm(previous)
        _restore_sigint(previous_int)


def _restore_sigint(previous) -> None:
    """Give SIGINT back to its previous handler, unless an interrupt ended the command (it
    stays ignored until the process exits, which :func:`entry_point` does at once)."""
    import signal

    if previous is None:
        return
    handler, hook = previous
    sys.unraisablehook = hook
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, handler)


def _ignore_further_interrupts() -> None:
    """The command is ending: a second SIGINT (pressed again, or re-delivered by
    dask.distributed while its cluster closes) must not raise during the clean-up or the
    interpreter's exit, which would end the process by the signal instead of exit 130."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


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


def _on_sigint():
    """Ctrl-C raises KeyboardInterrupt as usual, and again every second until the command
    has ended: an interrupt that lands in code that swallows exceptions (a garbage-collector
    callback of dask.distributed, for one) would otherwise be lost and the command run on.
    The repetition stops when the command handles the interrupt (SIGINT is then ignored)."""
    import signal
    import threading
    import time

    if threading.current_thread() is not threading.main_thread():
        return None
    started = []

    def repeat() -> None:
        import _thread

        while signal.getsignal(signal.SIGINT) is handler:
            time.sleep(1.0)
            if signal.getsignal(signal.SIGINT) is handler:
                _thread.interrupt_main(signal.SIGINT)

    def handler(signum, frame):
        if not started:
            started.append(threading.Thread(target=repeat, daemon=True))
            started[0].start()
        raise KeyboardInterrupt

    default_hook = sys.unraisablehook

    def unraisable(info) -> None:  # the swallowed interrupt: raised again, not printed
        if not isinstance(info.exc_value, KeyboardInterrupt):
            default_hook(info)

    sys.unraisablehook = unraisable
    try:
        return signal.signal(signal.SIGINT, handler), default_hook
    except (ValueError, OSError):  # pragma: no cover
        sys.unraisablehook = default_hook
        return None


def _restore_sigterm(previous) -> None:
    import signal

    if previous is not None:
        signal.signal(signal.SIGTERM, previous)


def entry_point() -> None:  # pragma: no cover - console script wrapper
    code = main()
    if code in (130, 143):
        # interrupted, and everything ccdkit wrote is already removed: leave at once with
        # that code (the interpreter's exit would run dask.distributed's exit handlers, which
        # can re-raise the interrupt and end the process by the signal instead)
        import os

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)
