"""Geographical Detector on dask arrays and rasters: the same numbers as in memory."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from ccdkit import DataError
from ccdkit.geodetector import GeoDetector, read_rasters

@pytest.fixture(scope="module")
def da():
    """dask.array (the dask extra), imported when a test needs it, not at collection."""
    return pytest.importorskip("dask.array", reason="dask extra not installed")


def _data(n=3000, seed=0):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"x1": rng.lognormal(size=n), "x2": rng.normal(size=n),
                       "c": rng.integers(0, 4, n)})
    df["y"] = np.log(df["x1"]) + 0.5 * df["c"] + rng.normal(0, 0.5, n)
    df.loc[rng.choice(n, 50, replace=False), "x2"] = np.nan
    return df


def _compare(a, b):
    fa, fb = a.factor_.set_index("factor"), b.factor_.set_index("factor")
    for col in ("q", "p", "N", "L", "method", "k"):
        pd.testing.assert_series_equal(fa[col], fb[col], check_exact=False, rtol=1e-9,
                                       check_dtype=False)
    np.testing.assert_allclose(a.interaction_["q12"], b.interaction_["q12"], rtol=1e-9)
    np.testing.assert_allclose(a.ecological_["F"], b.ecological_["F"], rtol=1e-9)
    for f in a.risk_:
        np.testing.assert_allclose(a.risk_[f][0]["mean"], b.risk_[f][0]["mean"], rtol=1e-9)


def test_dask_equals_in_memory(da):
    df = _data()
    ours = GeoDetector(k=(3, 6)).fit(df, y="y", categorical=["c"])
    chunked = GeoDetector(k=(3, 6)).fit({c: da.from_array(df[c].to_numpy(), chunks=700)
                                         for c in df.columns}, y="y", categorical=["c"])
    _compare(ours, chunked)
    assert chunked.factor_.set_index("factor").loc["x2", "missing"] == 50
    for f in ("x1", "x2"):
        pd.testing.assert_frame_equal(ours.discretization_[f].grid.drop(columns="breaks"),
                                      chunked.discretization_[f].grid.drop(columns="breaks"))


def _write_tif(path, array, transform, nodata=-9999.0, crs="EPSG:4326"):
    import rasterio

    with rasterio.open(path, "w", driver="GTiff", height=array.shape[0], width=array.shape[1],
                       count=1, dtype="float64", crs=crs, transform=transform,
                       nodata=nodata) as dst:
        dst.write(np.where(np.isnan(array), nodata, array), 1)


def test_rasters_in_memory_and_chunked(tmp_path, da):
    rasterio = pytest.importorskip("rasterio")
    from rasterio.transform import from_origin

    rng = np.random.default_rng(1)
    shape = (60, 50)
    x1 = rng.gamma(2, 2, shape)
    zone = np.repeat(np.arange(6), 10)[:, None] * np.ones(shape)
    y = np.sqrt(x1) + 0.3 * zone + rng.normal(0, 0.3, shape)
    y[:3, :4] = np.nan  # nodata cells
    t = from_origin(100, 40, 0.1, 0.1)
    for name, a in (("y", y), ("x1", x1), ("zone", zone)):
        _write_tif(tmp_path / f"{name}.tif", a, t)
    stack = read_rasters(tmp_path)
    assert set(stack.data) == {"y", "x1", "zone"} and stack.shape == shape
    assert np.isnan(stack.data["y"]).sum() == 12
    mem = GeoDetector(k=(3, 5)).fit(stack, y="y", categorical=["zone"])
    frame = GeoDetector(k=(3, 5)).fit(stack.to_frame(), y="y", categorical=["zone"])
    lazy = GeoDetector(k=(3, 5)).fit(read_rasters(tmp_path, chunks=17), y="y",
                                     categorical=["zone"])
    _compare(mem, frame)
    _compare(mem, lazy)
    assert mem.factor_.set_index("factor").loc["x1", "N"] == 60 * 50 - 12
    assert rasterio is not None


def test_mismatched_grids_name_both_files(tmp_path):
    pytest.importorskip("rasterio")
    from rasterio.transform import from_origin

    a = np.ones((10, 10))
    _write_tif(tmp_path / "a.tif", a, from_origin(100, 40, 0.1, 0.1))
    _write_tif(tmp_path / "b.tif", a, from_origin(100, 40, 0.2, 0.2))
    with pytest.raises(DataError, match=r"not on one grid: .*a\.tif .* vs .*b\.tif"):
        read_rasters(tmp_path)
    with pytest.raises(DataError, match="not found"):
        read_rasters([tmp_path / "nope.tif"])


def test_dask_permutations_warn(da):
    df = _data(500)
    data = {c: da.from_array(df[c].to_numpy(), chunks=200) for c in ("y", "x1")}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gd = GeoDetector(permutations=9, k=(3, 4)).fit(data, y="y")
    assert any("permutation" in str(w.message) for w in caught)
    assert np.isnan(gd.factor_["p_permutation"]).all()
