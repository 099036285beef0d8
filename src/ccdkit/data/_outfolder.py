"""Output folders that never cost a user a file.

Rules (docs/errors.md, "Output folders"):

* the output folder may not be the current folder or one of its parents, and may not be or
  contain an input (the study config, its folder, the data files): replacing it could
  delete them;
* an existing, non-empty folder is replaced only with ``force`` and only when ccdkit wrote
  it (its ``manifest.json`` names ccdkit); anything else is refused, ``force`` or not;
* every check (a file in the way, permissions, overlaps) runs before any computation;
* while a run writes into a folder it holds an exclusive lock on it, so a second run into
  the same folder fails at once instead of silently replacing the first one's results;
* everything is written into a hidden temporary folder beside the target and moved into
  place at the end; on an error, Ctrl-C or SIGTERM the temporary folder is removed, and one
  left by a killed run (SIGKILL) is removed by the next run into the same parent (it holds
  a marker naming its process, which no longer exists).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..exceptions import CcdkitError

__all__ = ["atomic_folder", "check_output_folder", "check_output_file", "is_ccdkit_output",
           "csv_header_is", "output_lock", "MANIFEST_NAME"]

#: The file by which ccdkit recognises a folder it wrote.
MANIFEST_NAME = "manifest.json"

_HELD: dict[str, list] = {}  # lock path -> [lock, depth]: locks are re-entrant per process


def is_ccdkit_output(folder: str | Path) -> bool:
    """Whether ``folder`` holds a ``manifest.json`` written by ccdkit."""
    path = Path(folder) / MANIFEST_NAME
    try:
        if not path.is_file() or path.stat().st_size > 50_000_000:
            return False
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and "ccdkit" in data


def _resolved(path: str | Path) -> Path:
    try:
        return Path(os.path.abspath(Path(path).expanduser())).resolve()
    except (RuntimeError, OSError) as exc:  # a symlink loop, a name too long
        raise CcdkitError(f"{path}: cannot be used as an output path ({exc})") from None


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def check_output_folder(destination: str | Path, *, force: bool = False,
                        protect: Iterable[str | Path] = (), what: str = "output folder"
                        ) -> Path:
    """Check that ``destination`` can receive ccdkit's outputs; return it resolved.

    Raises :class:`~ccdkit.CcdkitError` naming the folder and the reason: a file in the
    way, the current folder or a parent of it, a folder that is or contains one of the
    ``protect`` paths (inputs), a non-empty folder without ``force`` or not written by
    ccdkit, or a parent folder that cannot be written.
    """
    dest = _resolved(destination)
    shown = Path(destination)
    if dest.exists() and not dest.is_dir():
        raise CcdkitError(f"{what} {shown} exists and is not a folder")
    for parent in dest.parents:
        if parent.exists():
            if not parent.is_dir():
                raise CcdkitError(f"{what} {shown}: {parent} is a file, so no folder can be "
                                  "made below it")
            break
    cwd = _resolved(Path.cwd())
    if _inside(cwd, dest):
        raise CcdkitError(f"{what} {shown} is the current folder or one of its parents; "
                          "replacing it would delete what is in it. Choose a new folder, "
                          "e.g. ./results")
    for p in protect:
        rp = _resolved(p)
        if _inside(rp, dest):
            raise CcdkitError(f"{what} {shown} is or contains the input {p}; choose a "
                              "folder outside the study's inputs, e.g. a new 'results' "
                              "folder beside the study")
    if dest.exists() and any(dest.iterdir()):
        if not force:
            raise CcdkitError(f"{what} {shown} exists and is not empty; choose a new folder "
                              "(or pass --force to replace an earlier ccdkit output there)")
        if not is_ccdkit_output(dest):
            raise CcdkitError(f"{what} {shown} is not empty and was not written by ccdkit "
                              f"(no ccdkit {MANIFEST_NAME}); --force only replaces ccdkit's "
                              "own output folders. Choose a new folder, or move its files "
                              "away yourself")
    existing = next((p for p in (dest, *dest.parents) if p.exists()), None)
    if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
        raise CcdkitError(f"{what} {shown}: cannot write in {existing} (permission denied)")
    return dest


def csv_header_is(path: str | Path, columns: Iterable[str]) -> bool:
    """Whether the CSV file ``path`` starts with exactly the header ``columns`` (how ccdkit
    recognises a single file it wrote, e.g. the list of empty cells of ``validate``)."""
    try:
        with open(path, "rb") as fh:
            first = fh.read(4096).split(b"\n", 1)[0]
    except OSError:
        return False
    return first.decode("utf-8-sig", errors="replace").strip() == ",".join(columns)


def check_output_file(destination: str | Path, *, force: bool = False,
                      protect: Iterable[str | Path] = (), written_by_ccdkit=lambda p: False,
                      what: str = "output file") -> Path:
    """Check that ccdkit may write the single file ``destination``; return it resolved.

    The rules of :func:`check_output_folder` for one file: never an input (``protect``),
    never a folder, and an existing file only with ``force`` and only when ccdkit wrote it
    (``written_by_ccdkit(path)``, e.g. :func:`csv_header_is`); anything else is refused
    with a :class:`~ccdkit.CcdkitError` naming the file.
    """
    dest = _resolved(destination)
    shown = Path(destination)
    if dest.is_dir():
        raise CcdkitError(f"{what} {shown} is a folder; give a file name, e.g. "
                          f"{shown / 'missing.csv'}")
    for p in protect:
        rp = _resolved(p)
        if rp == dest or _inside(dest, rp) and rp.is_file():
            raise CcdkitError(f"{what} {shown} is the input {p}; writing it would replace "
                              "it. Choose a new file name")
    if dest.exists():
        if not written_by_ccdkit(dest):
            raise CcdkitError(f"{what} {shown} exists and was not written by ccdkit; it is "
                              "never replaced (--force only replaces ccdkit's own files). "
                              "Choose a new file name")
        if not force:
            raise CcdkitError(f"{what} {shown} exists; choose a new file name (or pass "
                              "--force to replace this earlier ccdkit output)")
    existing = next((p for p in dest.parents if p.exists()), None)
    if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
        raise CcdkitError(f"{what} {shown}: cannot write in {existing} (permission denied)")
    return dest


@contextlib.contextmanager
def output_lock(destination: str | Path, what: str = "output folder") -> Iterator[None]:
    """Hold an exclusive lock on ``destination`` (a lock file beside it) for the block.

    A second holder — another process, or another run in this one through a new lock —
    fails at once with :class:`~ccdkit.CcdkitError`; within one process the lock is
    re-entrant. The lock file ``.<name>.ccdkit-lock`` is removed when the block ends; the
    operating system releases the lock if the process dies.
    """
    dest = _resolved(destination)
    dest.parent.mkdir(parents=True, exist_ok=True)
    key = str(dest.parent / f".{dest.name}.ccdkit-lock")
    if key in _HELD:
        _HELD[key][1] += 1
        try:
            yield
        finally:
            _HELD[key][1] -= 1
        return
    try:
        handle = _acquire(key)
    except BlockingIOError:
        raise CcdkitError(f"{what} {destination} is being written by another ccdkit run; "
                          "wait for it to finish or choose another folder") from None
    except OSError as exc:
        raise CcdkitError(f"{what} {destination}: cannot create a lock file beside it "
                          f"({exc.strerror or exc})") from None
    _HELD[key] = [handle, 1]
    try:
        yield
    finally:
        _HELD.pop(key, None)
        _release(handle, key)


def _acquire(path: str):
    """An exclusive, non-blocking lock on ``path`` (BlockingIOError when held elsewhere)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: filelock, the lock file stays
        from filelock import FileLock, Timeout

        lock = FileLock(path, timeout=0)
        try:
            lock.acquire()
        except Timeout:
            raise BlockingIOError(path) from None
        return lock
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise BlockingIOError(path) from None
        # the previous holder may have removed the file between our open and our lock
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)


def _release(handle, path: str) -> None:
    if not isinstance(handle, int):  # pragma: no cover - filelock on Windows
        handle.release()
        return
    import fcntl

    try:
        os.unlink(path)  # while still holding the lock: see _acquire
    except OSError:  # pragma: no cover
        pass
    fcntl.flock(handle, fcntl.LOCK_UN)
    os.close(handle)


@contextlib.contextmanager
def atomic_folder(destination: str | Path, *, force: bool = False,
                  protect: Iterable[str | Path] = (), what: str = "output folder"
                  ) -> Iterator[Path]:
    """Yield a temporary folder beside ``destination``; it replaces ``destination`` on success.

    The checks of :func:`check_output_folder` run first and again, under the lock of
    :func:`output_lock`, just before the move. On an exception (including Ctrl-C and the
    SIGTERM that the command line turns into one) the temporary folder is removed and
    ``destination`` is left as it was. Files get the modes of normal files (umask).
    """
    protect = list(protect)
    check_output_folder(destination, force=force, protect=protect, what=what)
    dest = _resolved(destination)
    with output_lock(destination, what):
        dest.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(dest.parent)
        tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
        try:
            _umask_mode(tmp, directory=True)
            (tmp / PARTIAL_MARKER).write_text(str(os.getpid()), encoding="utf-8")
            yield tmp
            (tmp / PARTIAL_MARKER).unlink()
            for path in tmp.rglob("*"):
                _umask_mode(path, directory=path.is_dir())
            check_output_folder(destination, force=force, protect=protect, what=what)
            if dest.exists():
                shutil.rmtree(dest) if any(dest.iterdir()) else dest.rmdir()
            tmp.rename(dest)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)


#: A file in each temporary output folder naming the process that writes it; a folder
#: whose process is gone (killed while writing) is removed by the next run into its parent.
PARTIAL_MARKER = ".ccdkit-partial"


def remove_stale_temporaries(parent: Path) -> list[Path]:
    """Remove the hidden temporary folders that ccdkit left in ``parent`` when a run was
    killed (SIGKILL, power loss): only folders named ``.<name>.<random>.tmp`` that hold
    ccdkit's marker and whose writing process no longer exists. Returns those removed."""
    removed = []
    try:
        candidates = [p for p in Path(parent).iterdir()
                      if p.name.startswith(".") and p.name.endswith(".tmp") and p.is_dir()
                      and not p.is_symlink()]
    except OSError:
        return removed
    for folder in candidates:
        marker = folder / PARTIAL_MARKER
        try:
            pid = int(marker.read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            continue  # not ccdkit's (or not readable): never touched
        if _alive(pid):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):  # exists but another user's, or not checkable
        return True
    return True


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _umask_mode(path: Path, *, directory: bool) -> None:
    """Give a file made by mkdtemp/mkstemp (0700/0600) the mode a normal file gets."""
    try:
        os.chmod(path, (0o777 if directory else 0o666) & ~_current_umask())
    except OSError:  # pragma: no cover - e.g. a filesystem without modes
        pass
