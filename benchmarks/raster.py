"""Benchmark: the Geographical Detector on a 10,000 x 10,000 GeoTIFF stack on dask.distributed.

Workload (issue 18): a seeded synthetic stack of 10^8 cells — y, 4 continuous factors
(normal, uniform, lognormal, gamma; float32) and 3 categorical ones (5, 8, 12 zones; uint8),
each a tiled, deflate-compressed GeoTIFF with its own nodata (y is missing outside an
elliptical "country", 25 % of the grid; x_gamma has missing patches; the zones use 255) —
through the full workload: optimal discretization of the 4 continuous factors over
5 methods x k = 3..8, the factor detector on all 7 and the interaction detector on all
21 pairs, on a LocalCluster of 2 single-threaded workers with a 4 GiB memory limit each.

Reported: wall time (total and per pass), peak memory (RSS) of each worker sampled every
0.25 s, the bytes of the summaries each pass merges, and agreement with the in-memory path
on a 10^7-cell subset (the stack's first 1,000 rows, written as its own stack with the same
seeds, so the two hold identical cells). The same subset run on the cluster calibrates the
scaling model (time per cell per pass), which predicts the 10^8 run; the prediction and the
measurement are printed side by side, with the extrapolation to 10^10 cells.

Run: ``python benchmarks/raster.py`` (``--quick``: a 2,000 x 2,000 stack; ``--help``).
Needs the ``raster`` and ``dask`` extras. The stack is written to ``--data`` (default: a
folder under the system's temporary directory, reused when present; about 1.5 GB).
Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import tempfile
import threading
import time
import warnings
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402

CONTINUOUS = ["x_normal", "x_uniform", "x_lognormal", "x_gamma"]
CATEGORICAL = ["c5", "c8", "c12"]
STRIP = 500  # rows generated at a time (seeded per strip, so a subset has the same cells)
SEED = 20240601


def _strip(r0: int, r1: int, cols: int, side: int) -> dict:
    rng = np.random.default_rng([SEED, r0 // STRIP])
    shape = (r1 - r0, cols)
    rows = np.arange(r0, r1)[:, None]
    colsi = np.arange(cols)[None, :]
    out = {"x_normal": rng.normal(0, 1, shape), "x_uniform": rng.uniform(0, 10, shape),
           "x_lognormal": rng.lognormal(0, 0.75, shape), "x_gamma": rng.gamma(2.0, 2.0, shape)}
    out["c5"] = np.broadcast_to(colsi * 5 // side, shape).astype(np.uint8)
    out["c8"] = ((rows // (side // 4)) * 2 + colsi // (side // 2)) % 8 + np.zeros(shape, int)
    block = np.random.default_rng([SEED, 99]).integers(0, 12, (side // 100 + 1,) * 2)
    out["c12"] = block[rows // 100, colsi // 100]
    effects = {c: np.random.default_rng([SEED, int(c[1:])]).normal(0, 1, int(c[1:]))
               for c in CATEGORICAL}
    y = (np.sin(out["x_normal"]) + 0.3 * out["x_uniform"] + np.log(out["x_lognormal"])
         + 0.1 * out["x_gamma"] + effects["c5"][out["c5"]] + 0.5 * effects["c8"][out["c8"]]
         + 0.3 * effects["c12"][out["c12"]] + rng.normal(0, 1, shape))
    inside = ((rows - side / 2) / (0.56 * side)) ** 2 + ((colsi - side / 2) / (0.56 * side)) ** 2
    y[inside > 1] = -9999.0  # outside the "country"
    gap = (rows // 250 % 7 == 3) & (colsi // 250 % 5 == 1)
    out["x_gamma"] = np.where(gap, -1.0, out["x_gamma"])
    out["y"] = y
    return out


def make_stack(folder: Path, rows: int, cols: int, side: int) -> Path:
    """Write the stack (skipped when complete). ``side`` fixes the zones' geometry."""
    import rasterio
    from rasterio.transform import from_origin

    folder.mkdir(parents=True, exist_ok=True)
    done = folder / ".complete"
    if done.exists():
        return folder
    layers = {"y": ("float32", -9999.0), **{c: ("float32", None) for c in CONTINUOUS},
              **{c: ("uint8", 255) for c in CATEGORICAL}}
    layers["x_gamma"] = ("float32", -1.0)
    t = from_origin(73.0, 54.0, 0.0062 * 10000 / side, 0.0035 * 10000 / side)
    files = {name: rasterio.open(folder / f"{name}.tif", "w", driver="GTiff", height=rows,
                                 width=cols, count=1, dtype=dt, nodata=nd, crs="EPSG:4326",
                                 transform=t, tiled=True, blockxsize=512, blockysize=512,
                                 compress="deflate", BIGTIFF="IF_SAFER")
             for name, (dt, nd) in layers.items()}
    try:
        from rasterio.windows import Window

        for r0 in range(0, rows, STRIP):
            r1 = min(rows, r0 + STRIP)
            strip = _strip(r0, r1, cols, side)
            for name, dst in files.items():
                dst.write(strip[name].astype(layers[name][0]), 1,
                          window=Window(0, r0, cols, r1 - r0))
    finally:
        for dst in files.values():
            dst.close()
    done.write_text("ok")
    return folder


class PeakMemory:
    """Polls every worker's RSS in a thread; ``peaks`` maps worker -> max bytes."""

    def __init__(self, client, every: float = 0.25) -> None:
        self.client, self.every = client, every
        self.peaks: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _rss() -> int:
        import psutil

        return psutil.Process().memory_info().rss

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                for w, rss in self.client.run(self._rss).items():
                    self.peaks[w] = max(self.peaks.get(w, 0), rss)
            except Exception:  # noqa: BLE001 - a worker restarting: keep sampling
                pass
            self._stop.wait(self.every)

    def __enter__(self):
        self.peaks.clear()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._stop.clear()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def fit(data, **kw):
    from ccdkit.geodetector import GeoDetector

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gd = GeoDetector(permutations=0, bootstrap=0, k=(3, 8), **kw)
        return gd.fit(data, y="y", categorical=CATEGORICAL)


def run_cluster(client, folder: Path) -> tuple:
    from ccdkit.geodetector import read_rasters

    stack = read_rasters(folder, chunks="auto")
    with PeakMemory(client) as mem:
        t0 = time.perf_counter()
        gd = fit(stack)
        wall = time.perf_counter() - t0
    return gd, wall, dict(mem.peaks), len(stack.windows)


def in_memory(folder: Path):
    from ccdkit.geodetector import read_rasters

    t0 = time.perf_counter()
    gd = fit(read_rasters(folder).to_frame())
    return gd, time.perf_counter() - t0


def compare(mem, dist) -> list[str]:
    """Agreement lines: q per factor, q12 per pair, chosen discretizations and bounds."""
    lines = []
    fm, fd = mem.factor_.set_index("factor"), dist.factor_.set_index("factor")
    for f in CATEGORICAL:
        lines.append(f"{f}: q {fm.loc[f, 'q']:.10f} vs {fd.loc[f, 'q']:.10f} "
                     f"(|diff| {abs(fm.loc[f, 'q'] - fd.loc[f, 'q']):.1e}), N "
                     f"{fm.loc[f, 'N']:,} vs {fd.loc[f, 'N']:,}")
    for f in CONTINUOUS:
        dm, dd = mem.discretization_[f], dist.discretization_[f]
        b = dd.options["table"]
        gm, gd = dm.grid.set_index(["method", "k"]), dd.grid.set_index(["method", "k"])
        exact = ["equal", "geometric", "sd"]
        d_exact = np.nanmax(np.abs(gm.loc[exact, "q"].to_numpy() - gd.loc[exact, "q"].to_numpy()))
        d_q = np.nanmax(np.abs(gm.loc["quantile", "q"].to_numpy()
                               - gd.loc["quantile", "q"].to_numpy()))
        d_n = np.nanmax(np.abs(gm.loc["natural", "q"].to_numpy()
                               - gd.loc["natural", "q"].to_numpy()))
        lines.append(
            f"{f}: chosen {dm.best.method} k={dm.best.k} q={dm.q:.6f} (memory) vs "
            f"{dd.best.method} k={dd.best.k} q={dd.q:.6f} (cluster); grid |dq| max: "
            f"equal/geometric/sd {d_exact:.1e}, quantile {d_q:.1e}, natural {d_n:.1e}; "
            f"bounds: bin width {b.get('bin_width', 0):.2e}, quantile rank error "
            f"{b.get('quantile_rank_error', 0):.1e}, natural GVF {b.get('natural_gvf_bound', 0):.1e}")
    im = mem.interaction_.set_index(["factor1", "factor2"])["q12"]
    idd = dist.interaction_.set_index(["factor1", "factor2"])["q12"]
    cat_pairs = [(a, b) for a, b in im.index if a in CATEGORICAL and b in CATEGORICAL]
    lines.append(f"interactions of zones (exact): max |dq12| "
                 f"{np.max(np.abs(im.loc[cat_pairs] - idd.loc[cat_pairs])):.1e}; all 21 pairs: "
                 f"max |dq12| {np.max(np.abs(im - idd.loc[im.index])):.1e}")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", type=int, default=10_000, help="grid side (cells)")
    parser.add_argument("--subset-rows", type=int, default=None,
                        help="rows of the subset stack (default side / 10: 10^7 at 10,000)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory", default="4GiB", help="memory limit per worker")
    parser.add_argument("--data", type=Path,
                        default=Path(tempfile.gettempdir()) / "ccdkit-raster-bench")
    parser.add_argument("--quick", action="store_true", help="a 2,000 x 2,000 stack")
    args = parser.parse_args(argv)
    if args.quick:
        args.side = 2000
    side = args.side
    sub_rows = args.subset_rows or side // 10
    from distributed import Client, LocalCluster

    import ccdkit
    from ccdkit.geodetector import jenks_backend

    t0 = time.perf_counter()
    big = make_stack(args.data / f"stack-{side}", side, side, side)
    small = make_stack(args.data / f"stack-{side}-first-{sub_rows}", sub_rows, side, side)
    t_make = time.perf_counter() - t0
    print(f"# Geographical Detector at raster scale — ccdkit {ccdkit.__version__}, Python "
          f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, "
          f"natural-breaks kernel {jenks_backend()}")
    print(f"# stack: {side:,} x {side:,} = {side * side:,} cells x 8 layers (tiled deflate "
          f"GeoTIFF), subset {sub_rows:,} x {side:,}; written/checked in {t_make:.0f} s")
    print(f"# cluster: LocalCluster, {args.workers} workers x 1 thread, memory limit "
          f"{args.memory} each")
    alone = calibrate(big)
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                      memory_limit=args.memory, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        fit(_warmup(client), bins=16)  # imports on the workers happen before the clock
        overhead = {p: v["seconds"] for p, v in fit(_warmup(client), bins=16).timings_.items()}
        run_cluster(client, small)  # workers open GDAL and the files once, untimed
        runs = {}
        for label, folder in (("subset", small), ("full", big)):
            gd, wall, peaks, blocks = run_cluster(client, folder)
            runs[label] = (gd, wall, peaks, blocks)
    cells = {"subset": sub_rows * side, "full": side * side}
    print()
    print("| cells | blocks | wall time | profile | tables | scores | strata | peak RSS per "
          "worker | summary bytes per pass |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label in ("subset", "full"):
        gd, wall, peaks, blocks = runs[label]
        tm = gd.timings_
        sec = " | ".join(f"{tm[p]['seconds']:.1f} s" if p in tm else "-"
                         for p in ("profile", "tables", "scores", "strata"))
        mem = ", ".join(f"{v / 2**30:.2f} GiB" for v in sorted(peaks.values()))
        size = ", ".join(f"{p} {tm[p]['summary_bytes'] / 1024:.0f} KiB" for p in tm)
        print(f"| {cells[label]:,} | {blocks} | {wall:.1f} s | {sec} | {mem} | {size} |")
    # scaling model: per pass, time = overhead + ceil(blocks / workers) x cells per block x
    # cost per cell. Overheads from a 1,000-cell run on the cluster; costs per cell from the
    # 10^7 run (one block per worker, all workers busy) -- then checked on the 10^8 run.
    # The in-process cost of one block on an idle machine is printed beside it.
    print()
    print("Scaling model: per pass, time = overhead + ceil(blocks / workers) x cells per block"
          " x cost per cell")
    from ccdkit.geodetector import read_rasters

    first = read_rasters(big, chunks="auto").windows[0]
    block_cells = {k: min((first[1] - first[0]) * side, cells[k]) for k in runs}
    sub = runs["subset"][0].timings_
    cost = {}
    for p in sub:
        per_worker = math.ceil(runs["subset"][3] / args.workers) * block_cells["subset"]
        cost[p] = max(sub[p]["seconds"] - overhead.get(p, 0.0), 0.0) / per_worker
        print(f"  {p}: {cost[p] * 1e9:.0f} ns per cell per core with all cores busy "
              f"({alone.get(p, float('nan')) * 1e9:.0f} ns alone), overhead "
              f"{overhead.get(p, 0):.2f} s, summary "
              f"{runs['full'][0].timings_[p]['summary_bytes'] / 1024:.0f} KiB per block")
    print(f"  all passes: {sum(cost.values()) * 1e8:.0f} s per 10^8 cells per core "
          f"({sum(alone.values()) * 1e8:.0f} s alone)")

    def predict(n_blocks, cells_per_block, workers):
        return sum(overhead.get(p, 0.0) + math.ceil(n_blocks / workers) * cells_per_block * c
                   for p, c in cost.items())

    gd, wall, _, blocks = runs["full"]
    pred = predict(blocks, block_cells["full"], args.workers)
    print(f"  check at {cells['full']:.0e} cells ({blocks} blocks, {args.workers} workers): "
          f"predicted {pred:.0f} s, measured {wall:.0f} s ({(wall - pred) / pred:+.0%})")
    summary = sum(v["summary_bytes"] for v in gd.timings_.values())
    per_block = block_cells["full"]
    for target, workers in ((1e10, 2), (1e10, 64), (1e10, 512)):
        n_blocks = math.ceil(target / per_block)
        t = predict(n_blocks, per_block, workers)
        depth = math.ceil(math.log(n_blocks, 8))
        print(f"  1e10 cells ({n_blocks:,} blocks of {per_block:,.0f}) on {workers} single-"
              f"threaded workers: ~{t / 60:.0f} min; {summary / 2**20:.1f} MiB of summaries "
              f"per block, {n_blocks * summary * 8 / 7 / 2**30:.0f} GiB moved in all over "
              f"trees of depth {depth}")
    print()
    print("Agreement with the in-memory path on the subset:")
    mem_gd, t_mem = in_memory(small)
    print(f"  in memory: {t_mem:.1f} s")
    for line in compare(mem_gd, runs["subset"][0]):
        print("  " + line)
    wall_full = runs["full"][1]
    print(f"\n{cells['full']:.0e} cells within 15 min: {'yes' if wall_full < 900 else 'NO'}; "
          f"peak worker RSS {max(runs['full'][2].values()) / 2**30:.2f} GiB "
          f"(limit {args.memory})")
    return 0


def calibrate(folder: Path) -> dict:
    """Seconds per cell of each pass on one core: the stack's first block, in-process."""
    import dataclasses

    import dask

    from ccdkit.geodetector import read_rasters

    stack = read_rasters(folder, chunks="auto")
    one = dataclasses.replace(stack, windows=stack.windows[:1])
    cells = (one.windows[0][1] - one.windows[0][0]) * stack.shape[1]
    with dask.config.set(scheduler="sync"):
        fit(one)  # warm (imports, file cache)
        timings = fit(one).timings_
    return {p: v["seconds"] / cells for p, v in timings.items()}


def _warmup(client):
    """A tiny dask input so that workers import ccdkit and numpy before the timed runs."""
    import dask.array as da

    rng = np.random.default_rng(0)
    data = {c: da.from_array(rng.normal(size=1000), chunks=500) for c in ["y", *CONTINUOUS]}
    data.update({c: da.from_array(rng.integers(0, 3, 1000), chunks=500) for c in CATEGORICAL})
    return data


if __name__ == "__main__":
    raise SystemExit(main())
