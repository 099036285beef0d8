"""Benchmark: spatial panel models on 300 cities x 12 years.

Workload (issue 29): a seeded two-way fixed-effects SDM panel, N = 300 regions on a
symmetric 6-nearest-neighbour W (row-standardised), T = 12 years, three regressors.

Side by side, on the same data:

* ``ccdkit`` — two-way fixed-effects SDM (Lee-Yu) with direct/indirect/total effects and
  1,000 simulated draws (the issue's target: under 5 s); the region-effects SAR; the whole
  model choice (LM tests, OLS, SLX, SAR, SEM, SDM, SDEM and the restriction tests);
* PySAL ``spreg`` 1.9 — ``Panel_FE_Lag`` (region-effects SAR, the nearest model it has; no
  time effects, no SDM panel, no bias correction).

Run: ``python benchmarks/econometrics.py`` (``--repeat 3``). Results are recorded in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import warnings

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402


def panel(n: int = 300, years: int = 12, seed: int = 0):
    """A two-way fixed-effects SDM panel (rho 0.4) and its weights."""
    rng = np.random.default_rng(seed)
    pts = rng.uniform(size=(n, 2))
    d = ((pts[:, None] - pts[None]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    W = np.zeros((n, n))
    W[np.repeat(np.arange(n), 6), np.argsort(d, axis=1)[:, :6].ravel()] = 1
    W = np.maximum(W, W.T)
    W /= W.sum(axis=1, keepdims=True)
    X = rng.normal(size=(years, n, 3))
    A = np.linalg.inv(np.eye(n) - 0.4 * W)
    mu, alpha = rng.normal(size=n), rng.normal(size=years)
    y = np.stack([A @ (X[t] @ [1.0, -0.5, 0.3] + W @ X[t] @ [0.5, 0.0, -0.2] + mu
                       + alpha[t] + rng.normal(size=n)) for t in range(years)])
    ids = [f"c{i:03d}" for i in range(n)]
    df = pd.DataFrame({"region": np.tile(ids, years),
                       "year": np.repeat(np.arange(2012, 2012 + years), n), "y": y.ravel(),
                       **{f"x{j + 1}": X[..., j].ravel() for j in range(3)}})
    return df, pd.DataFrame(W, index=ids, columns=ids)


def best(f, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    from ccdkit.econometrics import choose_model, spatial_regression

    df, W = panel()
    x = ["x1", "x2", "x3"]
    rows = []

    def sdm_effects():
        spatial_regression(df, "y", x, W, model="sdm").effects(draws=1000, seed=1)

    rows.append(("ccdkit", "two-way FE SDM (Lee-Yu) + effects, 1,000 draws",
                 best(sdm_effects, args.repeat)))
    rows.append(("ccdkit", "region FE SAR (direct approach)", best(
        lambda: spatial_regression(df, "y", x, W, model="sar", fixed_effects="region",
                                   bias_correction="none"), args.repeat)))
    rows.append(("ccdkit", "model choice: LM tests + 6 models + restriction tests",
                 best(lambda: choose_model(df, "y", x, W), args.repeat)))
    try:
        import libpysal
        import spreg

        ids = list(W.index)
        nb = {i: [ids[j] for j in np.flatnonzero(W.loc[i].to_numpy())] for i in ids}
        w = libpysal.weights.W(nb, id_order=ids)
        w.transform = "r"
        long = df.sort_values(["year", "region"])

        def peer():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                spreg.Panel_FE_Lag(long[["y"]].to_numpy(), long[x].to_numpy(), w)

        rows.append((f"spreg {spreg.__version__}", "region FE SAR (Panel_FE_Lag)",
                     best(peer, args.repeat)))
    except ImportError:
        rows.append(("spreg", "not installed", float("nan")))
    print(f"# spatial panel models, N = 300, T = 12 (best of {args.repeat}); "
          f"Python {sys.version.split()[0]}, {platform.machine()}, {os.cpu_count()} cores")
    print(f"{'package':<14} {'model':<56} {'seconds':>8}")
    for pkg, what, sec in rows:
        print(f"{pkg:<14} {what:<56} {sec:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
