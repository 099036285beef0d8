"""Rasters as Geographical Detector input: one GeoTIFF per variable, all on one grid.

Needs the ``raster`` extra (rasterio); ``chunks`` also needs the ``dask`` extra.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..exceptions import DataError

__all__ = ["RasterStack", "read_rasters"]

_SUFFIXES = (".tif", ".tiff")


def _rasterio():
    try:
        import rasterio
    except ImportError as exc:
        raise DataError("reading GeoTIFFs needs rasterio: install it with "
                        "`pip install 'ccdkit[raster]'`") from exc
    return rasterio


@dataclass
class RasterStack:
    """Variables read from rasters on one grid.

    Attributes
    ----------
    data : dict of str to ndarray or dask array
        One 2-D float array per variable (nodata cells are NaN).
    files : dict of str to Path
    shape : (rows, cols)
    transform, crs
        The common georeferencing (rasterio objects).
    """

    data: dict
    files: dict
    shape: tuple[int, int]
    transform: object = None
    crs: object = None
    extra: dict = field(default_factory=dict)

    def flat(self) -> dict:
        """1-D views of every variable (the input :meth:`GeoDetector.fit` takes)."""
        return {k: v.ravel() for k, v in self.data.items()}

    def to_frame(self):
        """In-memory table of the cells (one column per variable)."""
        import pandas as pd

        return pd.DataFrame({k: np.asarray(v).ravel() for k, v in self.data.items()})


def _sources(sources) -> dict[str, Path]:
    if isinstance(sources, Mapping):
        return {str(k): Path(v) for k, v in sources.items()}
    if isinstance(sources, (str, Path)) and Path(sources).is_dir():
        files = sorted(p for p in Path(sources).iterdir() if p.suffix.lower() in _SUFFIXES)
        if not files:
            raise DataError(f"no GeoTIFF (.tif/.tiff) in {sources}")
        return {p.stem: p for p in files}
    if isinstance(sources, (str, Path)):
        sources = [sources]
    return {Path(p).stem: Path(p) for p in sources}


def _describe(src) -> str:
    return f"{src.height} x {src.width} cells, CRS {src.crs}, transform {tuple(src.transform)[:6]}"


def _read(path: Path, band: int, rows: slice | None = None) -> np.ndarray:
    rasterio = _rasterio()
    with rasterio.open(path) as src:
        window = None
        if rows is not None:
            from rasterio.windows import Window

            window = Window(0, rows.start, src.width, rows.stop - rows.start)
        a = src.read(band, window=window, masked=True)
    return np.ma.filled(a.astype(float), np.nan)


def read_rasters(sources: str | Path | Sequence[str | Path] | Mapping[str, str | Path], *,
                 band: int = 1, chunks: int | None = None) -> RasterStack:
    """Read one band of several rasters that share one grid.

    Parameters
    ----------
    sources : folder, list of files, or mapping of name to file
        A folder means every ``.tif``/``.tiff`` in it, named by file stem.
    band : int, default 1
    chunks : int, optional
        Rows per chunk: return dask arrays read window by window instead of loading.

    Returns
    -------
    RasterStack

    Raises
    ------
    DataError
        Missing files, or rasters whose grids (size, transform, CRS) differ — the message
        names both files and their grids.
    """
    rasterio = _rasterio()
    files = _sources(sources)
    missing = [str(p) for p in files.values() if not p.exists()]
    if missing:
        raise DataError(f"raster file(s) not found: {missing}")
    ref_name, ref = None, None
    for name, path in files.items():
        with rasterio.open(path) as src:
            if ref is None:
                ref_name, ref = name, (src.height, src.width, src.transform, src.crs,
                                       _describe(src))
                continue
            same = (src.height, src.width) == ref[:2] and src.crs == ref[3] and \
                src.transform.almost_equals(ref[2])
            if not same:
                raise DataError(
                    f"rasters are not on one grid: {files[ref_name]} ({ref[4]}) vs {path} "
                    f"({_describe(src)}); resample them to a common grid first")
    height, width = ref[0], ref[1]
    if chunks:
        import dask
        import dask.array as da

        data = {}
        for name, path in files.items():
            blocks = []
            for start in range(0, height, chunks):
                stop = min(height, start + chunks)
                blocks.append(da.from_delayed(dask.delayed(_read)(path, band, slice(start, stop)),
                                              shape=(stop - start, width), dtype=float))
            data[name] = da.concatenate(blocks, axis=0)
    else:
        data = {name: _read(path, band) for name, path in files.items()}
    return RasterStack(data, files, (height, width), ref[2], ref[3])
