"""The Geographical Detector at scale: tree reductions, binned tables with their bounds,
dask.distributed, GeoTIFF stacks read by windows.

Expected values come from the in-memory path (exact, tested against R GD, gdverse and PyPI
geodetector elsewhere) and from direct computation on the data (ranks, GVF, breaks).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccdkit import DataError
from ccdkit.geodetector import GeoDetector, ValueTable, assign, read_rasters
from ccdkit.geodetector._chunked import SPLIT_EVERY, ChunkedSource, tree_reduce
from ccdkit.geodetector._sketch import BinnedTable, Moments

METHODS = ["equal", "quantile", "natural", "geometric", "sd"]


@pytest.fixture(scope="module")
def da():
    return pytest.importorskip("dask.array", reason="dask extra not installed")


def _binned(x, y, bins):
    m = Moments.of(x)
    return BinnedTable.from_arrays(x, y, lo=m.lo, hi=m.hi, bins=bins, offset=float(y.mean()),
                                   moments=m)


def _gvf(x, breaks):
    codes = assign(x, breaks)
    sst = ((x - x.mean()) ** 2).sum()
    ssw = sum(((x[codes == c] - x[codes == c].mean()) ** 2).sum() for c in np.unique(codes))
    return 1 - ssw / sst


@pytest.mark.parametrize("dist", ["normal", "lognormal", "mixture"])
def test_binned_breaks_within_their_bounds(dist):
    rng = np.random.default_rng(3)
    n = 60_000
    x = {"normal": rng.normal(0, 1, n), "lognormal": rng.lognormal(0, 1, n),
         "mixture": np.r_[rng.normal(0, 1, n // 2), rng.normal(6, 0.3, n - n // 2)]}[dist]
    y = x + rng.normal(0, 1, n)
    exact = ValueTable.from_arrays(x, y)
    binned = _binned(x, y, 200)
    b = binned.bounds()
    ks = list(range(3, 9))
    for method in ("equal", "geometric"):
        for k in ks:
            np.testing.assert_array_equal(binned.breaks(method, ks)[k], exact.breaks(method, ks)[k])
    for k in ks:
        np.testing.assert_allclose(binned.breaks("sd", ks)[k], exact.breaks("sd", ks)[k],
                                   rtol=1e-12)
    xs = np.sort(x)
    for k in ks:
        approx, true = binned.breaks("quantile", ks)[k], exact.breaks("quantile", ks)[k]
        assert len(approx) == len(true)
        assert np.abs(approx - true).max() <= b["quantile_value_error"] * (1 + 1e-9)
        # rank error: the share of data at or below each inner break vs its probability
        share = np.searchsorted(xs, approx[1:-1], side="right") / n
        assert np.abs(share - np.arange(1, k) / k).max() <= b["quantile_rank_error"] + 2 / n
    for k in ks:
        gvf_binned = _gvf(x, binned.breaks("natural", ks)[k])
        gvf_exact = _gvf(x, exact.breaks("natural", ks)[k])
        assert gvf_binned <= gvf_exact + 1e-12  # exact Jenks is the optimum
        assert gvf_exact - gvf_binned <= b["natural_gvf_bound"]
    assert b["table"] == "binned" and b["bins"] == 200


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=60), st.integers(1, 5))
def test_merging_summaries_is_order_free(values, parts):
    x = np.array(values)
    if x.max() == x.min():
        return
    y = np.cos(x)
    m = Moments.of(x)
    whole = BinnedTable.from_arrays(x, y, lo=m.lo, hi=m.hi, bins=16, offset=0.0)
    pieces = np.array_split(np.arange(len(x)), parts)
    merged = BinnedTable.merge([BinnedTable.from_arrays(x[i], y[i], lo=m.lo, hi=m.hi, bins=16,
                                                        offset=0.0) for i in pieces])
    for attr in ("n", "sx", "s1", "s2"):
        np.testing.assert_allclose(getattr(merged, attr), getattr(whole, attr), atol=1e-9)
    mm = Moments.merge([Moments.of(x[i]) for i in pieces[::-1]])
    assert mm.n == len(x) and mm.lo == x.min() and mm.hi == x.max()
    np.testing.assert_allclose([mm.mean, mm.m2], [x.mean(), ((x - x.mean()) ** 2).sum()],
                               rtol=1e-9, atol=1e-6)


def _frame(n=20_000, seed=0):
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"dem": rng.integers(0, 60, n).astype(float),  # whole numbers
                       "x": rng.lognormal(0, 0.8, n), "z": rng.normal(size=n),
                       "c": rng.integers(0, 4, n).astype(np.int64)})
    df["y"] = 0.05 * df["dem"] + np.log(df["x"]) + 0.4 * df["c"] + rng.normal(0, 0.5, n)
    df.loc[rng.choice(n, 300, replace=False), "y"] = np.nan
    df.loc[rng.choice(n, 200, replace=False), "z"] = np.nan
    return df


def _fit(data, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return GeoDetector(permutations=0, bootstrap=0, k=(3, 8), **kw).fit(
            data, y="y", categorical=["c"], continuous=["dem"])


def test_few_valued_factors_equal_the_in_memory_path_exactly(da):
    df = _frame()
    mem = _fit(df)
    # bins = 64 >= 60 distinct dem values: exact table; x and z have more and are binned
    lazy = _fit({k: da.from_array(v.to_numpy(), chunks=3000) for k, v in df.items()}, bins=64)
    assert lazy.discretization_["dem"].options["table"]["table"] == "exact"
    pd.testing.assert_frame_equal(mem.discretization_["dem"].grid.drop(columns="breaks"),
                                  lazy.discretization_["dem"].grid.drop(columns="breaks"))
    fm, fl = mem.factor_.set_index("factor"), lazy.factor_.set_index("factor")
    for f in ("dem", "c"):
        assert fl.loc[f, "q"] == pytest.approx(fm.loc[f, "q"], rel=1e-12)
        assert fl.loc[f, "p"] == pytest.approx(fm.loc[f, "p"], rel=1e-9, abs=1e-300)
        assert fl.loc[f, "N"] == fm.loc[f, "N"]
    im = mem.interaction_.set_index(["factor1", "factor2"])
    il = lazy.interaction_.set_index(["factor1", "factor2"])
    assert il.loc[("dem", "c"), "q12"] == pytest.approx(im.loc[("dem", "c"), "q12"], rel=1e-12)


def test_many_valued_factors_within_the_stated_bounds(da):
    df = _frame()
    mem = _fit(df)
    lazy = _fit({k: da.from_array(v.to_numpy(), chunks=3000) for k, v in df.items()}, bins=64)
    for f in ("x", "z"):
        d_mem, d_lazy = mem.discretization_[f], lazy.discretization_[f]
        b = d_lazy.options["table"]
        assert b["table"] == "binned" and b["bins"] == 64
        assert any("64 equal bins" in n for n in d_lazy.notes)
        gm = d_mem.grid.set_index(["method", "k"])
        gl = d_lazy.grid.set_index(["method", "k"])
        for method in ("equal", "geometric", "sd"):  # exact breaks, exact q
            np.testing.assert_allclose(gl.loc[method, "q"], gm.loc[method, "q"], rtol=1e-9)
        for k in range(3, 9):  # quantile breaks within one bin of the exact ones
            diff = np.abs(np.asarray(gl.loc[("quantile", k), "breaks"])
                          - np.asarray(gm.loc[("quantile", k), "breaks"]))
            assert diff.max() <= b["quantile_value_error"] * (1 + 1e-9)
        # every q in the grid is the exact q of its breaks (recomputed here on the data)
        ok = df["y"].notna() & df[f].notna()
        yv, xv = df.loc[ok, "y"].to_numpy(), df.loc[ok, f].to_numpy()
        for _, row in gl[gl["valid"]].iterrows():
            codes = assign(xv, row["breaks"])
            ssw = sum(((yv[codes == c] - yv[codes == c].mean()) ** 2).sum()
                      for c in np.unique(codes))
            assert row["q"] == pytest.approx(1 - ssw / ((yv - yv.mean()) ** 2).sum(), rel=1e-9)


def test_tree_reduction_merges_a_few_at_a_time(da):
    dask = pytest.importorskip("dask")
    parts = [dask.delayed(np.full)(3, i) for i in range(100)]
    root = tree_reduce(parts, lambda xs: np.sum(xs, axis=0), split_every=SPLIT_EVERY)
    from dask.core import get_dependencies

    graph = dict(root.__dask_graph__())
    merges = [k for k in graph if k not in {p.key for p in parts}]
    fan_in = [len(get_dependencies(graph, k)) for k in merges]
    assert len(merges) == 13 + 2 + 1  # 100 -> 13 -> 2 -> 1
    assert max(fan_in) == SPLIT_EVERY  # no task gathers every block
    assert root.compute().tolist() == [4950] * 3


def test_categories_beyond_the_cap_are_a_clear_error(da):
    rng = np.random.default_rng(0)
    ids = np.arange(70_000) % 5000 + np.repeat([0, 10**6], 35_000)  # 10,000 categories
    data = {"y": da.from_array(rng.normal(size=70_000), chunks=10_000),
            "ids": da.from_array(ids, chunks=10_000)}
    res = _fit_plain(data, bins=100, risk=False)  # categories are not limited by bins
    assert res.factor_.loc[0, "L"] == 10_000
    data["ids"] = da.from_array(np.arange(70_000), chunks=10_000)
    with pytest.raises(DataError, match=r"'ids' holds more than 65536 distinct values.*continuous"):
        _fit_plain(data, bins=100)
    data["txt"] = da.from_array(np.array(["a"] * 70_000), chunks=10_000)
    with pytest.raises(DataError, match=r"factor 'txt' must be numeric.*integers"):
        _fit_plain(data)


def _fit_plain(data, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return GeoDetector(permutations=0, **kw).fit(data, y="y")


def _write(path, array, transform, dtype="float32", nodata=None, crs="EPSG:4326", tile=16):
    import rasterio

    with rasterio.open(path, "w", driver="GTiff", height=array.shape[0], width=array.shape[1],
                       count=1, dtype=dtype, crs=crs, transform=transform, nodata=nodata,
                       tiled=True, blockxsize=tile, blockysize=tile) as dst:
        dst.write(array.astype(dtype), 1)


@pytest.fixture
def stack_dir(tmp_path):
    pytest.importorskip("rasterio")
    from rasterio.transform import from_origin

    rng = np.random.default_rng(5)
    shape = (96, 80)
    t = from_origin(100, 40, 0.01, 0.01)
    x = rng.gamma(2, 2, shape)
    zone = (np.arange(shape[0])[:, None] // 16 + np.zeros(shape, int)).astype(np.uint8)
    y = np.sqrt(x) + 0.2 * zone + rng.normal(0, 0.3, shape)
    y[:5, :7] = -9999.0       # y's nodata from its file
    zone[-3:, :] = 255        # zone's own nodata
    x[10:12, :] = -1.0        # x's nodata given by the caller
    _write(tmp_path / "y.tif", y, t, nodata=-9999.0)
    _write(tmp_path / "zone.tif", zone, t, dtype="uint8", nodata=255)
    _write(tmp_path / "x.tif", x, t)
    return tmp_path, shape


def test_raster_windows_equal_the_loaded_stack(stack_dir, da):
    folder, shape = stack_dir
    mem = _fit_r(read_rasters(folder, nodata={"x": -1.0}))
    lazy_stack = read_rasters(folder, nodata={"x": -1.0}, chunks="auto")
    assert lazy_stack.lazy and lazy_stack.windows[0] == (0, 96)  # one block: small grid
    lazy = _fit_r(read_rasters(folder, nodata={"x": -1.0}, chunks=20))
    for res in (lazy,):
        fm, fl = mem.factor_.set_index("factor"), res.factor_.set_index("factor")
        for f in ("x", "zone"):
            assert fl.loc[f, "q"] == pytest.approx(fm.loc[f, "q"], rel=1e-12)
            assert fl.loc[f, "N"] == fm.loc[f, "N"]
    n = mem.factor_.set_index("factor")["N"]
    cells = shape[0] * shape[1]
    assert n["x"] == cells - 35 - 2 * 80 and n["zone"] == cells - 35 - 3 * 80  # own nodata
    assert lazy.result_.options["passes"] == ["profile", "tables", "strata"]  # x is exact
    strata = lazy.result_.strata["zone"].compute()
    np.testing.assert_array_equal(strata.ravel(), np.asarray(mem.result_.strata["zone"]).ravel())


def test_relative_raster_paths_survive_another_working_folder(stack_dir, tmp_path, monkeypatch):
    folder, _ = stack_dir
    monkeypatch.chdir(folder.parent)
    stack = read_rasters(folder.name, nodata={"x": -1.0}, chunks=50)
    monkeypatch.chdir(tmp_path / "..")  # as a worker of a cluster may be
    assert all(p.is_absolute() for p in stack.files.values())
    assert _fit_r(stack).factor_["N"].min() > 0


def _fit_r(stack):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return GeoDetector(permutations=0, k=(3, 5)).fit(stack, y="y")


def test_raster_errors_name_the_file_and_the_fix(stack_dir):
    from rasterio.transform import from_origin

    folder, shape = stack_dir
    with pytest.raises(DataError, match=r"x\.tif has 1 band\(s\); band 2"):
        read_rasters(folder, band=2)
    with pytest.raises(DataError, match=r"nodata given for layer\(s\) \['q'\]"):
        read_rasters(folder, nodata={"q": 0})
    _write(folder / "w.tif", np.ones(shape), from_origin(100, 40, 0.01, 0.01), crs="EPSG:3857")
    with pytest.raises(DataError, match=r"not on one grid: .*w\.tif.*reproject"):
        read_rasters(folder)


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  memory_limit="1GiB", dashboard_address=None) as cluster, \
            distributed.Client(cluster) as c:
        yield c


def test_runs_on_a_distributed_cluster(client, stack_dir, da):
    folder, _ = stack_dir
    df = _frame(8000, seed=2)
    local = _fit({k: da.from_array(v.to_numpy(), chunks=1000) for k, v in df.items()}, bins=64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        remote = GeoDetector(permutations=0, k=(3, 8), bins=64).fit(
            {k: da.from_array(v.to_numpy(), chunks=1000) for k, v in df.items()}, y="y",
            categorical=["c"], continuous=["dem"])
    pd.testing.assert_frame_equal(local.factor_, remote.factor_, rtol=1e-12)
    pd.testing.assert_frame_equal(local.interaction_, remote.interaction_, rtol=1e-12)
    assert client.scheduler_info()["workers"]  # the work went through the cluster
    raster = _fit_r(read_rasters(folder, nodata={"x": -1.0}, chunks=24))
    mem = _fit_r(read_rasters(folder, nodata={"x": -1.0}))
    np.testing.assert_allclose(raster.factor_["q"], mem.factor_["q"], rtol=1e-12)


def test_source_reads_blocks_once_per_pass(da):
    df = _frame(4000)
    src = ChunkedSource.from_arrays({k: da.from_array(v.to_numpy(), chunks=1000)
                                     for k, v in df.items()}, "y", ["x", "z", "c", "dem"],
                                    bins=64)
    assert len(src.blocks) == 4
    assert src.is_continuous("x") and not src.is_continuous("c")
    assert src.n_rows == 4000 and src.passes == ["profile"]


def test_distributed_docs_example_runs(tmp_path, monkeypatch):
    """docs/distributed.md's "One machine" example, as written, on a small stack."""
    import re

    pytest.importorskip("distributed")
    pytest.importorskip("rasterio")
    from conftest import REPO
    from rasterio.transform import from_origin

    rng = np.random.default_rng(8)
    shape = (40, 30)
    landuse = rng.integers(1, 5, shape).astype(np.uint8)
    soil = (np.arange(shape[0])[:, None] // 10 + np.zeros(shape, int)).astype(np.uint8)
    precip = rng.gamma(3, 100, shape)
    ndvi = 0.1 * landuse + 0.001 * precip + rng.normal(0, 0.05, shape)
    (tmp_path / "grids").mkdir()
    t = from_origin(100, 40, 0.01, 0.01)
    for name, a, dt in (("ndvi", ndvi, "float32"), ("precip", precip, "float32"),
                        ("landuse", landuse, "uint8"), ("soil", soil, "uint8")):
        _write(tmp_path / "grids" / f"{name}.tif", a, t, dtype=dt)
    text = (REPO / "docs" / "distributed.md").read_text(encoding="utf-8")
    code = re.search(r"## One machine\n.*?```python\n(.*?)```", text, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    ns: dict = {}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(compile(code, "distributed.md", "exec"), ns)  # noqa: S102 - our own docs
        gd = ns["gd"]
        assert set(gd.factor_["factor"]) == {"precip", "landuse", "soil"}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mem = GeoDetector(permutations=0, bootstrap=0).fit(
                read_rasters(tmp_path / "grids"), y="ndvi", categorical=["landuse", "soil"])
        np.testing.assert_allclose(gd.factor_["q"], mem.factor_["q"], rtol=1e-12)
        assert gd.factor_.set_index("factor").loc["landuse", "q"] > 0.2
        assert gd.result_.options["input"] == "raster" and gd.result_.options["chunked"]
    finally:
        if "client" in ns:
            ns["client"].close()
            ns["cluster"].close()


def _cli(capsys, *argv):
    from ccdkit.cli import main

    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_detect_on_rasters_and_tables(stack_dir, tmp_path, capsys):
    import json

    folder, _ = stack_dir
    out = tmp_path / "res"
    code, text, err = _cli(capsys, "detect", folder, "--y", "y", "--nodata", "x=-1",
                           "--k", 3, 5, "--chunks", 20, "--out", out)
    assert code == 0, err
    assert "Results written to" in text and "x: breaks" not in text  # x is exact here
    factor = pd.read_csv(out / "factor_detector.csv", encoding="utf-8-sig")
    mem = _fit_r(read_rasters(folder, nodata={"x": -1.0}))
    np.testing.assert_allclose(factor["q"], mem.factor_["q"], rtol=1e-12)
    disc = pd.read_csv(out / "discretization.csv", encoding="utf-8-sig")
    assert disc.loc[0, "factor"] == "x" and disc.loc[0, "table"] == "exact"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["command"] == "detect" and manifest["options"]["chunked"]
    assert manifest["options"]["permutations"] == 0  # what was run, not what was asked
    # an output folder is never replaced without --force, and then only ccdkit's own
    code, _, err = _cli(capsys, "detect", folder, "--y", "y", "--out", out)
    assert code == 1 and "not empty" in err
    code, _, err = _cli(capsys, "detect", folder, "--y", "y", "--k", 3, 4, "--out", out,
                        "--force")
    assert code == 0, err
    code, text, err = _cli(capsys, "detect", folder, "--y", "y", "--thin", 4, "--k", 3, 4,
                           "--permutations", 49, "--out", tmp_path / "thin")
    assert code == 0, err
    thin = pd.read_csv(tmp_path / "thin" / "factor_detector.csv", encoding="utf-8-sig")
    assert thin["p_permutation"].between(0, 1).all() and thin["N"].max() <= 24 * 20
    table = tmp_path / "cells.csv"
    _frame(2000).to_csv(table, index=False)
    code, text, err = _cli(capsys, "detect", table, "--y", "y", "--categorical", "c",
                           "--permutations", 0, "--out", tmp_path / "tab")
    assert code == 0, err
    assert (tmp_path / "tab" / "q_grid.csv").exists()


def test_cli_detect_errors(stack_dir, tmp_path, capsys):
    folder, _ = stack_dir
    code, _, err = _cli(capsys, "detect", tmp_path / "nope", "--y", "y", "--out", tmp_path / "o")
    assert code == 1 and "input not found" in err and "Traceback" not in err
    code, _, err = _cli(capsys, "detect", folder, "--y", "y", "--nodata", "x:-1",
                        "--out", tmp_path / "o")
    assert code == 2 and "--nodata takes LAYER=VALUE" in err
    code, _, err = _cli(capsys, "detect", folder, "--y", "rain", "--out", tmp_path / "o")
    assert code == 1 and "'rain' not in the data" in err
    code, _, err = _cli(capsys, "detect", folder, "--y", "y", "--chunks", "-3",
                        "--out", tmp_path / "o")
    assert code == 2 and "--chunks" in err
    assert not (tmp_path / "o").exists()  # nothing half-written


def test_progress_reports_each_pass(stack_dir):
    folder, _ = stack_dir
    lines: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        GeoDetector(permutations=0, k=(3, 4)).fit(read_rasters(folder, chunks=40), y="y",
                                                  progress=lines.append)
    assert lines[0] == "pass 1, profile of y and the factors: 3 blocks ..."
    assert lines[1].startswith("pass 1 done in ") and len(lines) == 6  # x exact: 3 passes


def test_manual_breaks_on_a_binned_factor_are_exact(da):
    df = _frame(6000, seed=4)
    breaks = {"x": [0.5, 1.0, 2.5], "z": [-1.0, 0.0, 1.0]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mem = GeoDetector(permutations=0, bootstrap=0).fit(df, y="y", breaks=breaks,
                                                          categorical=["c", "dem"])
        lazy = GeoDetector(permutations=0, bins=32).fit(
            {k: da.from_array(v.to_numpy(), chunks=1000) for k, v in df.items()}, y="y",
            breaks=breaks, categorical=["c", "dem"])
    for f in ("x", "z"):
        assert lazy.discretization_[f].options == {"select": "manual", "methods": ["manual"]}
        np.testing.assert_array_equal(lazy.discretization_[f].best.breaks,
                                      mem.discretization_[f].best.breaks)
        assert lazy.discretization_[f].q == pytest.approx(mem.discretization_[f].q, rel=1e-12)
    assert lazy.result_.options["passes"] == ["profile", "tables", "scores", "strata"]


def test_results_do_not_depend_on_the_blocks(da):
    df = _frame(9000, seed=6)
    runs = [_fit({k: da.from_array(v.to_numpy(), chunks=size) for k, v in df.items()},
                 bins=128) for size in (9000, 2500, 700)]
    for other in runs[1:]:
        np.testing.assert_allclose(other.factor_["q"], runs[0].factor_["q"], rtol=1e-10)
        np.testing.assert_allclose(other.interaction_["q12"], runs[0].interaction_["q12"],
                                   rtol=1e-10)
        for f in ("x", "z"):
            assert other.discretization_[f].best.method == runs[0].discretization_[f].best.method
            np.testing.assert_allclose(other.discretization_[f].best.breaks,
                                       runs[0].discretization_[f].best.breaks, rtol=1e-10)


@pytest.mark.parametrize("chunked", [False, True])
def test_degenerate_factors_name_themselves(da, chunked):
    rng = np.random.default_rng(0)
    data = {"y": rng.normal(size=600), "x": np.full(600, 0.5), "z": np.full(600, np.nan)}
    if chunked:
        data = {k: da.from_array(v, chunks=200) for k, v in data.items()}
    with pytest.raises(DataError, match=r"factor 'x': the factor is constant"):
        _fit_plain({k: data[k] for k in ("y", "x")})
    with pytest.raises(DataError, match=r"factor 'z' is entirely missing"):
        _fit_plain({k: data[k] for k in ("y", "z")})


def test_permutation_null_of_q_as_the_docs_state():
    """methods.md ("Scale") argues from the permutation null of q: mean exactly
    (L - 1)/(N - 1) and sd about sqrt(2 (L - 1)) / N. Checked by simulation."""
    from ccdkit.geodetector import q_value, strata_sums

    rng = np.random.default_rng(11)
    N, L = 3000, 6
    y = rng.gamma(2.0, 1.0, N)  # skewed: the claim does not need normality
    codes = rng.integers(0, L, N)
    q = np.array([q_value(strata_sums(rng.permutation(y), codes, L))[0] for _ in range(4000)])
    assert q.mean() == pytest.approx((L - 1) / (N - 1), rel=0.03)
    assert q.std() == pytest.approx(np.sqrt(2 * (L - 1)) / N, rel=0.08)


def test_objects_holding_dask_arrays_are_accepted(da):
    """E.g. xarray/rioxarray DataArrays: their ``.data`` is used."""

    class Holder:
        def __init__(self, a):
            self.data = a

    df = _frame(3000)
    plain = _fit({k: da.from_array(v.to_numpy(), chunks=1000) for k, v in df.items()})
    held = _fit({k: Holder(da.from_array(v.to_numpy(), chunks=1000)) for k, v in df.items()})
    pd.testing.assert_frame_equal(plain.factor_, held.factor_)


def test_thinned_sample_for_permutation_tests(stack_dir, da):
    folder, shape = stack_dir
    lazy = read_rasters(folder, nodata={"x": -1.0}, chunks=20)
    loaded = read_rasters(folder, nodata={"x": -1.0})
    a, b = lazy.thin(4), loaded.thin(4)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 24 * 20 and a.index.names == ["row", "col"]
    np.testing.assert_array_equal(a["y"].to_numpy(),
                                  np.asarray(loaded.data["y"])[::4, ::4].ravel())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gd = GeoDetector(permutations=99, bootstrap=0, k=(3, 4)).fit(a, y="y")
    assert gd.factor_["p_permutation"].between(0, 1).all()  # computed in memory
    with pytest.raises(DataError, match="step must be a whole number"):
        lazy.thin(0)
