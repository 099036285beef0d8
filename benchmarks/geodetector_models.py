"""Benchmark: the newer Geographical Detector models at N = 1e3, 1e4, 1e5 rows.

Workload (issue 30): a seeded table of y, three continuous factors and one categorical
factor (5 classes) at points in a 20 x 20 degree box; y depends on two factors and on a
smooth spatial field. Per N, the time of:

* GOZH (factor + interaction detectors: 4 + 6 trees), LESH (15 trees);
* RGD + RID (k = 3..8, elbow rule; exact up to 1e3 distinct values, ``bins=1000`` beyond);
* SPADE and IDSA (quantile levels 3..8; inverse-distance weights at 1e3, sparse symmetric
  8-nearest-neighbour weights at 1e4 and 1e5, as dense weights would need N^2 memory);
* SESU over four "unit sizes" (the table and every 2nd, 4th, 8th row; OPGD at each);
* the classic detector's spatial p (Moran spectral randomization, 99 draws; 1e3 only: its
  eigen-decomposition is O(n^3)).

And the one workload gdverse reports a time for, on the same data: IDSA on its Depression
data (N = 1,072, 10 factors: 1,023 subsets) — gdverse 1.7's vignette: 82.42 s with 12
cores; its OPGD vignette (NDVI, N = 713): 3.31 s.

Run: ``python benchmarks/geodetector_models.py`` (``--sizes 1000 10000``). Results are
recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import warnings
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

REFERENCE = Path(__file__).resolve().parents[1] / "tests" / "reference" / "data"


def table(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(100, 120, n), rng.uniform(20, 40, n)
    field = np.sin(lon / 3) + np.cos(lat / 4)
    x1 = field + rng.normal(0, 0.5, n)
    x2 = rng.gamma(2.0, 1.0, n)
    x3 = rng.normal(size=n)
    c = rng.integers(0, 5, n)
    y = 2 * (x1 > 0) + np.log1p(x2) + 0.5 * c + field + rng.normal(0, 0.5, n)
    return pd.DataFrame({"y": y, "x1": x1, "x2": x2, "x3": x3,
                         "c": np.array(list("abcde"))[c], "lon": lon, "lat": lat})


def knn_weights(d: pd.DataFrame, k: int = 8):
    from scipy import sparse
    from scipy.spatial import cKDTree

    xy = d[["lon", "lat"]].to_numpy()
    _, idx = cKDTree(xy).query(xy, k + 1)
    n = len(xy)
    W = sparse.csr_matrix((np.ones(n * k), (np.repeat(np.arange(n), k), idx[:, 1:].ravel())),
                          shape=(n, n))
    return W.maximum(W.T)


def timed(f) -> float:
    t = time.perf_counter()
    f()
    return time.perf_counter() - t


def rows_for(n: int) -> list[tuple[str, float]]:
    from ccdkit.geodetector import (GeoDetector, distance_weights, gozh, idsa, lesh, rgd, sesu,
                                    spade)

    d = table(n)
    f = ["x1", "x2", "x3", "c"]
    dense = n <= 2_000
    W = distance_weights(d[["lon", "lat"]].to_numpy()) if dense else knn_weights(d)
    bins = None if n <= 1_000 else 1_000
    out = [("GOZH (factor + interaction)", timed(lambda: gozh(d, "y", f))),
           ("LESH (15 trees)", timed(lambda: lesh(d, "y", f))),
           ("RGD + RID (a)", timed(lambda: rgd(d, "y", f, bins=bins))),
           ("SPADE (b)", timed(lambda: spade(d, "y", f, weights=W))),
           ("IDSA, 11 subsets (b)", timed(lambda: idsa(d, "y", f, weights=W)))]
    sizes = {1: d, 2: d.iloc[::2], 4: d.iloc[::4], 8: d.iloc[::8]}
    out.append(("SESU (4 sizes, OPGD)", timed(lambda: sesu(sizes, "y", f))))
    if n <= 2_000:
        out.append(("GD + spatial p (99 MSR draws)", timed(lambda: GeoDetector(
            permutations=99, bootstrap=0).fit(d[["y", *f]], y="y", weights=W))))
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", nargs="+", type=int, default=[1_000, 10_000, 100_000])
    args = p.parse_args(argv)
    from ccdkit import __version__
    from ccdkit.geodetector import idsa

    print(f"ccdkit {__version__}, Python {sys.version.split()[0]}, {platform.machine()}, "
          f"{os.cpu_count()} cores (BLAS threads: 1)")
    print(f"{'model':<42} " + " ".join(f"{'N = ' + format(n, ','):>14}" for n in args.sizes))
    warnings.simplefilter("ignore")  # small-N notes of the warm-up and SESU's coarse sizes
    rows_for(200)  # imports and first calls out of the timings
    results = {n: dict(rows_for(n)) for n in args.sizes}
    names = list(dict.fromkeys(k for r in results.values() for k in r))
    for name in names:
        cells = [f"{results[n][name]:>13.2f}s" if name in results[n] else f"{'—':>14}"
                 for n in args.sizes]
        print(f"{name:<42} " + " ".join(cells))
    print("(a) exact up to 1,000 distinct values, bins=1000 beyond; (b) inverse-distance "
          "weights up to N = 2,000, sparse 8-nearest-neighbour weights beyond")
    dep = pd.read_csv(REFERENCE / "depression.csv")
    t = timed(lambda: idsa(dep, "Depression_prevelence", coords=("X", "Y"),
                           distance="geodesic", mode="gdverse", select="gdverse"))
    print(f"\nIDSA on gdverse's Depression data (N = 1,072, 1,023 subsets): ccdkit "
          f"{t:.1f} s on one core; gdverse 1.7 vignette: 82.42 s with 12 cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
