"""One browser session's study: a private temporary folder with the study config and its
workbooks, the last run and its outputs. No Streamlit here (the page only calls these).

Every file the session writes is inside its folder, under names the workspace chooses: an
uploaded file's name is never used as a path, a config's data path that is absolute or
leaves the study folder is replaced by one inside it, and the folder is removed when the
session ends (or the process exits).
"""

from __future__ import annotations

import copy
import io
import shutil
import tempfile
import threading
import time
import warnings
import weakref
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from ..exceptions import CcdkitError, ConfigError
from ..scaffold import blank_study, init_study, study_templates, write_demo_study
from ..study import StepCache, load_study, load_yaml, study_from_dict

__all__ = ["Workspace", "Slot", "AppInputError", "DATA_SUFFIXES", "start_janitor", "sweep"]

#: File types a data slot accepts (what the readers read).
DATA_SUFFIXES = (".xlsx", ".xls", ".csv", ".parquet", ".gal", ".gwt")


#: The workspaces alive in this process (the janitor looks here).
_LIVE: "weakref.WeakSet[Workspace]" = weakref.WeakSet()
_JANITOR: list = []


def sweep(is_active, grace: float, now: float | None = None) -> list[Path]:
    """Close the workspaces whose browser session has been gone for ``grace`` seconds
    (``is_active(owner)`` tells whether a session is connected); returns their folders."""
    now = time.monotonic() if now is None else now
    closed = []
    for ws in list(_LIVE):
        if ws.owner is None or ws.closed:
            continue
        if is_active(ws.owner):
            ws.away_since = None
        elif ws.away_since is None:
            ws.away_since = now
        elif now - ws.away_since >= grace:
            closed.append(ws.root)
            ws.close()
    return closed


def start_janitor(is_active, *, grace: float, period: float = 5.0) -> None:
    """Every ``period`` seconds, remove the folder of each session that ended (gone for
    ``grace`` seconds: a reconnecting page within it keeps its study)."""
    if _JANITOR:
        return

    def loop() -> None:
        while True:
            time.sleep(period)
            try:
                sweep(is_active, grace)
            except Exception:  # the server is shutting down
                return

    _JANITOR.append(threading.Thread(target=loop, name="ccdkit-app-janitor", daemon=True))
    _JANITOR[0].start()


#: One study computation at a time in the process: Python's warning capture and
#: matplotlib's state are process-wide, and two sessions share the process.
_ENGINE = threading.Lock()


class _engine:
    """Hold the engine lock; ``waiting()`` is called every half second until it is free
    (the page shows that another session is running, and can be cancelled meanwhile)."""

    def __init__(self, waiting=None) -> None:
        self.waiting = waiting

    def __enter__(self):
        while not _ENGINE.acquire(timeout=0.5):
            if self.waiting is not None:
                self.waiting()
        return self

    def __exit__(self, *exc) -> None:
        _ENGINE.release()


class AppInputError(CcdkitError):
    """An upload or a folder the app cannot take (too large, wrong type, unsafe)."""


@dataclass(frozen=True)
class Slot:
    """A data file the config names: its config key, its path in the study folder and
    whether a file is there."""

    key: str
    path: str
    present: bool


def _safe_relative(path: str) -> bool:
    p = PurePosixPath(str(path).replace("\\", "/"))
    return (not p.is_absolute() and ".." not in p.parts and len(p.parts) > 0
            and ":" not in str(path) and p.suffix.lower() in DATA_SUFFIXES)


def _slot_refs(cfg: dict) -> list[tuple[str, dict, str]]:
    """(config key, the mapping holding ``file``, default name) of every data file."""
    data = cfg.get("data") if isinstance(cfg.get("data"), dict) else {}
    refs = []
    for i, src in enumerate(data.get("panel") or []):
        if isinstance(src, dict) and "file" in src:
            refs.append((f"data.panel[{i}].file", src, f"data/panel_{i + 1}"))
    if isinstance(data.get("firms"), dict) and "file" in data["firms"]:
        refs.append(("data.firms.file", data["firms"], "data/firms"))
    spatial = cfg.get("spatial") if isinstance(cfg.get("spatial"), dict) else {}
    w = spatial.get("weights") if isinstance(spatial.get("weights"), dict) else {}
    if w.get("file"):
        refs.append(("spatial.weights.file", w, "data/weights"))
    return refs


def confine(cfg: dict) -> tuple[dict, dict[str, str]]:
    """The config with every data path inside the study folder, and ``{new: old}`` for the
    paths replaced (absolute, ``..``, a drive, or an unknown file type)."""
    cfg = copy.deepcopy(cfg)
    moved = {}
    for _key, holder, default in _slot_refs(cfg):
        old = str(holder["file"])
        if not _safe_relative(old):
            suffix = PurePosixPath(old.replace("\\", "/")).suffix.lower()
            new = default + (suffix if suffix in DATA_SUFFIXES else ".xlsx")
            holder["file"], moved[new] = new, old
    return cfg, moved


class Workspace:
    """A session's private study folder (``root``): ``study/`` (study.yaml and its data)
    and ``out/`` (the outputs of the last run)."""

    def __init__(self, *, max_upload_mb: float = 50.0, parent: str | Path | None = None):
        self.root = Path(tempfile.mkdtemp(prefix="ccdkit-app-", dir=parent))
        self._finalizer = weakref.finalize(self, shutil.rmtree, str(self.root), True)
        self.owner: str | None = None  # the browser session (its folder goes with it)
        self.away_since: float | None = None
        _LIVE.add(self)
        self.max_bytes = int(max_upload_mb * 1024 * 1024)
        self.study_dir = self.root / "study"
        self.out_dir = self.root / "out"
        self.cache = StepCache()
        self.config: dict | None = None
        self._saved: dict | None = None
        self.result = None
        self.seconds = 0.0
        self.written = None  # the result whose outputs are in out/
        self.generation = 0  # a new study: the page's widgets start again

    # -- life -------------------------------------------------------------------------
    def close(self) -> None:
        """Remove the folder (also done when the workspace is garbage collected)."""
        self._finalizer()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def _fresh(self) -> None:
        for folder in (self.study_dir, self.out_dir):
            shutil.rmtree(folder, ignore_errors=True)
        self.cache.clear()
        self.config = self._saved = self.result = self.written = None
        self.generation += 1

    # -- starting points ----------------------------------------------------------------
    def start(self, design: str, *, lang: str = "zh", region: str = "yreb") -> None:
        """A new study: ``reference`` (the province design), ``city`` (the city design of
        ``region``), ``blank``, or the synthetic ``demo`` / ``demo_city``."""
        self._fresh()
        if design in ("demo", "demo_city"):
            write_demo_study(self.study_dir, lang=lang,
                             level="city" if design == "demo_city" else "province")
        elif design in ("reference", "city"):
            init_study(self.study_dir, lang=lang, level="province" if design == "reference"
                       else "city", region=region)
        elif design == "blank":
            cfg = blank_study(lang)
            self.study_dir.mkdir(parents=True)
            study_templates(study_from_dict(cfg), self.study_dir, lang=lang)
            self._write_config(cfg)
        else:
            raise AppInputError(f"unknown design {design!r}")
        self._load()

    def open_folder(self, path: str | Path) -> None:
        """Copy a study (its ``study.yaml``, or the folder holding one, and the files it
        names) into the workspace; the original is only read."""
        self._open(Path(path).expanduser(), outside=True)

    def _open(self, path: Path, *, outside: bool) -> None:
        """``outside``: also copy data files the config names outside the study's folder
        (a study of the user's own, from the command line); never for an upload, whose
        config could name any file of this machine."""
        source = path / "study.yaml" if path.is_dir() else path
        if not source.is_file():
            raise AppInputError(f"{path}: no study.yaml there (give the study folder or its "
                                "YAML file)")
        cfg, _ = load_yaml(source)
        if not isinstance(cfg, dict):
            raise ConfigError(f"{source}: the top level must be a mapping of keys")
        self._fresh()
        safe, moved = confine(cfg)
        self.study_dir.mkdir(parents=True)
        for _key, holder, _default in _slot_refs(safe):
            rel = holder["file"]
            if rel in moved and not outside:
                continue
            original = Path(moved.get(rel, rel)).expanduser()
            original = original if original.is_absolute() else source.parent / original
            if original.is_file():
                target = self.study_dir / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(original, target)
        if moved:
            self._write_config(safe)
        else:  # the same bytes: the study opens unchanged
            shutil.copyfile(source, self.study_dir / "study.yaml")
        try:
            load_study(self.yaml_path)  # the CLI's check, with its words
        except ConfigError as exc:
            self._fresh()
            raise ConfigError(str(exc).replace(str(self.yaml_path), source.name)) from None
        self._load()

    def open_upload(self, name: str, data: bytes) -> None:
        """A study uploaded as ``study.yaml`` or as a zip exported by the app (its
        ``study/`` folder is taken; other members are ignored)."""
        self._check_size(name, data)
        if name.lower().endswith(".zip"):
            folder = self._unzip(data)
            self._open(folder, outside=False)
            shutil.rmtree(folder, ignore_errors=True)
            return
        if not name.lower().endswith((".yaml", ".yml")):
            raise AppInputError(f"{name}: expected study.yaml or an exported .zip")
        folder = Path(tempfile.mkdtemp(dir=self.root))
        (folder / "study.yaml").write_bytes(data)
        try:
            self._open(folder, outside=False)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _unzip(self, data: bytes) -> Path:
        folder = Path(tempfile.mkdtemp(dir=self.root))
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise AppInputError("the uploaded file is not a readable zip") from None
        members = [m for m in archive.infolist() if not m.is_dir()]
        if sum(m.file_size for m in members) > 4 * self.max_bytes:
            raise AppInputError("the zip unpacks to more than "
                                f"{4 * self.max_bytes / 2**20:.0f} MB; refused")
        for m in members:
            p = PurePosixPath(m.filename)
            if p.parts[:1] != ("study",) or ".." in p.parts or p.is_absolute():
                continue
            if p.name != "study.yaml" and not _safe_relative(str(p)):
                continue
            target = folder.joinpath(*p.parts[1:])
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(m))
        if not (folder / "study.yaml").is_file():
            raise AppInputError("the zip has no study/study.yaml (export a study from the "
                                "app, or upload its study.yaml)")
        return folder

    # -- the config -----------------------------------------------------------------------
    @property
    def yaml_path(self) -> Path:
        return self.study_dir / "study.yaml"

    def _load(self) -> None:
        cfg, _ = load_yaml(self.yaml_path)
        if not isinstance(cfg, dict):
            raise ConfigError(f"{self.yaml_path.name}: the top level must be a mapping of keys")
        self.config, self._saved = cfg, copy.deepcopy(cfg)

    def _write_config(self, cfg: dict) -> None:
        self.study_dir.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False, width=100)
        tmp = self.yaml_path.with_suffix(".yaml.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(self.yaml_path)
        self.config, self._saved = copy.deepcopy(cfg), copy.deepcopy(cfg)

    def update(self, cfg: dict) -> None:
        """Validate a changed config and save it (a :class:`ConfigError` leaves the saved
        study as it was); data paths are kept inside the study folder."""
        cfg, _ = confine(cfg)
        study_from_dict(copy.deepcopy(cfg), base_dir=self.study_dir, _source="study.yaml")
        if cfg != self._saved:
            self._write_config(cfg)

    def study(self):
        """The saved study, validated (a :class:`ConfigError` names the key)."""
        if self.config is None:
            raise AppInputError("no study yet: start one first")
        return load_study(self.yaml_path)

    @property
    def language(self) -> str:
        out = (self.config or {}).get("output") or {}
        return out.get("language", "en") if isinstance(out, dict) else "en"

    # -- data files -----------------------------------------------------------------------
    def slots(self) -> list[Slot]:
        return [Slot(key, holder["file"], (self.study_dir / holder["file"]).is_file())
                for key, holder, _ in _slot_refs(self.config or {})]

    def _check_size(self, name: str, data: bytes) -> None:
        if len(data) > self.max_bytes:
            raise AppInputError(f"{name}: {len(data) / 2**20:.1f} MB is above the upload "
                                f"limit of {self.max_bytes / 2**20:.0f} MB (start the app "
                                "with --max-upload-mb to raise it)")

    def put(self, key: str, name: str, data: bytes) -> Path:
        """Store an uploaded file as the data file of slot ``key``; its name only gives
        the file type."""
        self._check_size(name, data)
        slot = next((s for s in self.slots() if s.key == key), None)
        if slot is None:
            raise AppInputError(f"no data file {key!r} in the config")
        want = PurePosixPath(slot.path).suffix.lower()
        got = PurePosixPath(name).suffix.lower()
        if got != want and not {got, want} <= {".xlsx", ".xls"}:
            raise AppInputError(f"{name}: {key} is a {want} file ({slot.path}); found {got!r}")
        target = self.study_dir / slot.path
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".upload")
        tmp.write_bytes(data)
        tmp.replace(target)
        self.written = None
        return target

    def data_files(self) -> list[Path]:
        return [self.study_dir / s.path for s in self.slots() if s.present]

    def templates_zip(self, lang: str) -> bytes:
        """Empty Excel templates of the current design."""
        folder = Path(tempfile.mkdtemp(dir=self.root))
        try:
            files = study_templates(self.study(), folder, lang=lang)
            return _zip({str(p.relative_to(folder)): p.read_bytes() for p in files})
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def check(self):
        """``(DataCheck, warnings)`` of the saved study: what ``ccdkit validate`` finds."""
        from ..study import check_study_data

        study = self.study()
        with _engine(), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            warnings.simplefilter("ignore", ResourceWarning)
            check = check_study_data(study)
        return check, [str(w.message) for w in caught]

    # -- running ----------------------------------------------------------------------------
    def run(self, *, progress=None, on_message=None, on_result=None, waiting=None):
        """Run the saved study (unchanged steps come from the session's cache)."""
        from ..study import run_study

        study = self.study()
        with _engine(waiting):
            started = time.perf_counter()
            self.result = run_study(study, progress=progress, cache=self.cache,
                                    on_message=on_message, on_result=on_result)
            self.seconds = time.perf_counter() - started
        return self.result

    def draw(self, stem: str, lang: str) -> bytes:
        """One figure of the last run as PNG bytes (drawn on demand)."""
        from ..present import figure_plan

        with _engine():
            plan = figure_plan(self.result, lang)
            fig = plan[stem].draw()
            return _png(fig)

    def write_outputs(self, *, progress=None) -> Path:
        """Figures, tables, report and manifest of the last run in ``out/``, as
        ``ccdkit run`` writes them."""
        if self.result is None:
            raise AppInputError("run the study first")
        if self.written is not self.result:
            with _engine():
                self._write(progress)
            self.written = self.result
        return self.out_dir

    def _write(self, progress) -> None:
        from ..present import study_figures, write_study

        if progress:
            progress("figures")
        figures = study_figures(self.result)
        if progress:
            progress("write")
        write_study(self.result, self.out_dir, figures=figures, force=True)

    def export_zip(self, *, progress=None) -> bytes:
        """One zip: ``study/`` (study.yaml and its data files) and the outputs of the last
        run; ``ccdkit run study/study.yaml`` reproduces the outputs."""
        out = self.write_outputs(progress=progress)
        files = {"study/study.yaml": self.yaml_path.read_bytes()}
        for s in self.slots():
            if s.present:
                files[f"study/{s.path}"] = (self.study_dir / s.path).read_bytes()
        for p in sorted(out.rglob("*")):
            if p.is_file():
                files[str(p.relative_to(out))] = p.read_bytes()
        return _zip(files)


def _png(fig) -> bytes:
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    finally:
        plt.close(fig)
    return buffer.getvalue()


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return buffer.getvalue()
