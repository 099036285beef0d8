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


#: Cells per block when ``chunks="auto"`` (about 32 MiB per float64 layer).
BLOCK_CELLS = 1 << 22


@dataclass
class RasterStack:
    """Variables read from rasters on one grid.

    Attributes
    ----------
    data : dict of str to ndarray or dask array
        One 2-D float array per variable (nodata cells are NaN).
    files : dict of str to Path or str
    shape : (rows, cols)
    transform, crs
        The common georeferencing (rasterio objects).
    windows : list of (int, int)
        Row ranges of the blocks of a lazy stack (empty when loaded): the Geographical
        Detector reads each window of every file in one task.
    band : int
    nodata : dict of str to float
        Nodata values given by the caller (others come from each file's metadata).
    """

    data: dict
    files: dict
    shape: tuple[int, int]
    transform: object = None
    crs: object = None
    extra: dict = field(default_factory=dict)
    windows: list = field(default_factory=list)
    band: int = 1
    nodata: dict = field(default_factory=dict)

    @property
    def lazy(self) -> bool:
        return bool(self.windows)

    def flat(self) -> dict:
        """1-D views of every variable (the input :meth:`GeoDetector.fit` takes)."""
        return {k: v.ravel() for k, v in self.data.items()}

    def to_frame(self):
        """In-memory table of the cells (one column per variable)."""
        import pandas as pd

        return pd.DataFrame({k: np.asarray(v).ravel() for k, v in self.data.items()})

    def thin(self, step: int):
        """Every ``step``-th cell in both directions, as an in-memory table (index: row, col).

        A systematic sample for what needs the cells in memory — permutation p-values and
        bootstrap intervals — at a spacing chosen beyond the range of spatial
        autocorrelation (e.g. from a semivariogram of y), so that the sampled cells are
        close to independent (docs/methods.md, "Scale").

        >>> import numpy as np
        >>> s = RasterStack({"y": np.arange(20.0).reshape(4, 5)}, {}, (4, 5))
        >>> s.thin(2)["y"].tolist()
        [0.0, 2.0, 4.0, 10.0, 12.0, 14.0]
        """
        import pandas as pd

        if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or step < 1:
            raise DataError(f"step must be a whole number >= 1, got {step!r}")
        sliced = {k: v[::step, ::step] for k, v in self.data.items()}
        if self.lazy:
            import dask

            sliced = dict(zip(sliced, dask.compute(*sliced.values())))
        rows = np.arange(0, self.shape[0], step)
        cols = np.arange(0, self.shape[1], step)
        index = pd.MultiIndex.from_product([rows, cols], names=["row", "col"])
        return pd.DataFrame({k: np.asarray(v).ravel() for k, v in sliced.items()}, index=index)

    def blocks(self, names: Sequence[str]) -> list:
        """One reader per window of the named layers (called inside the task that uses the
        block, so that a block is never sent between workers)."""
        files = {n: self.files[n] for n in names}
        return [WindowReader(files, self.band, start, stop, self.nodata)
                for start, stop in self.windows]

    def kinds(self) -> dict:
        """dtype kind of each layer as stored ("f" float, "i"/"u" integer)."""
        rasterio = _rasterio()
        out = {}
        for name, path in self.files.items():
            with rasterio.open(path) as src:
                out[name] = np.dtype(src.dtypes[self.band - 1]).kind
        return out


def _remote(p) -> bool:
    return isinstance(p, str) and ("://" in p or p.startswith("/vsi"))


def _sources(sources) -> dict:
    """Name -> absolute path (or URL): workers of a cluster may run in another folder."""
    if isinstance(sources, Mapping):
        return {str(k): (v if _remote(v) else Path(v).absolute()) for k, v in sources.items()}
    if isinstance(sources, (str, Path)) and not _remote(sources) and Path(sources).is_dir():
        files = sorted(p for p in Path(sources).iterdir() if p.suffix.lower() in _SUFFIXES)
        if not files:
            raise DataError(f"no GeoTIFF (.tif/.tiff) in {sources}")
        return {p.stem: p.absolute() for p in files}
    if isinstance(sources, (str, Path)):
        sources = [sources]
    out: dict = {}
    for p in sources:
        name = Path(str(p).split("?")[0]).stem if _remote(p) else Path(p).stem
        path = p if _remote(p) else Path(p).absolute()
        if name in out:  # a layer is named by its file: two files, one name
            raise DataError(f"two rasters would both be layer {name!r}: {out[name]} and "
                            f"{path}; rename one of the files (layers are named by file)")
        out[name] = path
    return out


def _describe(src) -> str:
    return f"{src.height} x {src.width} cells, CRS {src.crs}, transform {tuple(src.transform)[:6]}"


def _read(path, band: int, rows: slice | None = None, nodata: float | None = None
          ) -> np.ndarray:
    """One band (or a window of rows) as float64, every missing cell NaN: the caller's
    nodata value, else the file's nodata value or its mask band."""
    rasterio = _rasterio()
    from rasterio.enums import MaskFlags

    with rasterio.open(path) as src:
        window = None
        if rows is not None:
            from rasterio.windows import Window

            window = Window(0, rows.start, src.width, rows.stop - rows.start)
        a = src.read(band, window=window, out_dtype="float64")
        flags = src.mask_flag_enums[band - 1]
        value = nodata if nodata is not None else src.nodata
        if value is not None and not np.isnan(value):
            a[a == value] = np.nan
        elif nodata is None and (MaskFlags.per_dataset in flags or MaskFlags.alpha in flags):
            a[src.read_masks(band, window=window) == 0] = np.nan
    return a


class WindowReader:
    """Reads rows start..stop of every layer, flattened: the unit of work at scale."""

    def __init__(self, files: dict, band: int, start: int, stop: int, nodata: dict) -> None:
        self.files, self.band, self.start, self.stop = files, band, start, stop
        self.nodata = nodata

    def __call__(self) -> dict:
        return {n: _read(p, self.band, slice(self.start, self.stop), self.nodata.get(n)).ravel()
                for n, p in self.files.items()}

    def __dask_tokenize__(self):
        return (type(self).__name__, {k: str(v) for k, v in self.files.items()}, self.band,
                self.start, self.stop, sorted(self.nodata.items()))


def _rows_per_block(src, chunks) -> int:
    if chunks != "auto":
        if isinstance(chunks, bool) or not isinstance(chunks, (int, np.integer)) or chunks < 1:
            raise DataError(f"chunks must be a number of rows >= 1 or 'auto', got {chunks!r}")
        return int(chunks)
    tile = max(int(src.block_shapes[0][0]), 1)
    rows = max(BLOCK_CELLS // max(src.width, 1), 1)
    return max(tile, rows // tile * tile)


def read_rasters(sources: str | Path | Sequence[str | Path] | Mapping[str, str | Path], *,
                 band: int = 1, chunks: int | str | None = None,
                 nodata: Mapping[str, float] | None = None) -> RasterStack:
    """Read one band of several rasters (GeoTIFF, Cloud-Optimized GeoTIFF) on one grid.

    Parameters
    ----------
    sources : folder, list of files, or mapping of name to file
        A folder means every ``.tif``/``.tiff`` in it, named by file stem. Paths may be
        URLs or GDAL virtual paths (``/vsicurl/...``, ``s3://...``) that rasterio opens.
    band : int, default 1
    chunks : int or "auto", optional
        Read lazily, this many rows per block (``"auto"``: about 4 million cells, a
        multiple of the files' tile height). The Geographical Detector then reads each
        window of every file in one task, on any dask scheduler.
    nodata : mapping of name to float, optional
        Nodata value of a layer, overriding its file's metadata (each layer has its own;
        NaN cells are always missing).

    Returns
    -------
    RasterStack

    Raises
    ------
    DataError
        Missing files, a missing band, or rasters whose grids (size, transform, CRS)
        differ — the message names both files and their grids and how to align them.
    """
    rasterio = _rasterio()
    files = _sources(sources)
    missing = [str(p) for p in files.values() if not _remote(p) and not p.exists()]
    if missing:
        raise DataError(f"raster file(s) not found: {missing}")
    unknown = sorted(set(nodata or {}) - set(files))
    if unknown:
        raise DataError(f"nodata given for layer(s) {unknown} that are not among the rasters "
                        f"{list(files)}")
    ref_name, ref = None, None
    for name, path in files.items():
        try:
            opened = rasterio.open(path)
        except rasterio.errors.RasterioIOError as exc:
            raise DataError(f"cannot read raster {path}: {exc}") from None
        with opened as src:
            if band > src.count or band < 1:
                raise DataError(f"{path} has {src.count} band(s); band {band} was asked for")
            if ref is None:
                ref_name, ref = name, (src.height, src.width, src.transform, src.crs,
                                       _describe(src), _rows_per_block(src, chunks)
                                       if chunks is not None else None)
                continue
            same_crs = src.crs == ref[3]
            same = (src.height, src.width) == ref[:2] and same_crs and \
                src.transform.almost_equals(ref[2])
            if not same:
                how = ("reproject it onto the first grid (e.g. rioxarray's reproject_match or "
                       "gdalwarp -t_srs/-te/-ts)" if not same_crs else
                       "resample it onto a common grid (gdalwarp -te/-tr, or rioxarray's "
                       "reproject_match)")
                raise DataError(
                    f"rasters are not on one grid: {files[ref_name]} ({ref[4]}) vs {path} "
                    f"({_describe(src)}); {how}")
    height, width = ref[0], ref[1]
    nodata = {k: float(v) for k, v in (nodata or {}).items()}
    if chunks is not None:
        import dask
        import dask.array as da

        step = ref[5]
        windows = [(s, min(height, s + step)) for s in range(0, height, step)]
        data = {}
        for name, path in files.items():
            blocks = [da.from_delayed(dask.delayed(_read, pure=True)(
                path, band, slice(a, b), nodata.get(name)), shape=(b - a, width), dtype=float)
                for a, b in windows]
            data[name] = da.concatenate(blocks, axis=0)
        return RasterStack(data, files, (height, width), ref[2], ref[3], windows=windows,
                           band=band, nodata=nodata)
    data = {name: _read(path, band, nodata=nodata.get(name)) for name, path in files.items()}
    return RasterStack(data, files, (height, width), ref[2], ref[3], band=band, nodata=nodata)
