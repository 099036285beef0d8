"""Benchmark: Monte Carlo sensitivity runs and bootstrap replicates of a 31 x 12 panel.

Workload (issue 16): two systems on 31 regions x 12 years (18 and 3 indicators, like the
reference study). Each Monte Carlo run picks a weighting method, a TOPSIS normalization, a
scoring method, a pooling and a coupling formula, and perturbs every weight by up to ±20 %
(so that no run can reuse another's scores); it yields D, ranks and types of all 372
region-years.

Side by side, on the same workload:

* ``ccdkit sensitivity_analysis`` — 1,000 runs, vectorised;
* the same runs one at a time through ccdkit's own functions (``composite_index`` with
  user weights + ``coupling_coordination``), what a script would do;
* one run at a time with the peer package pymcdm (entropy weights and TOPSIS of
  ``pymcdm``, coupling by hand): only weights + TOPSIS + D, no ranks or types.

The loops are timed on a subset of runs and scaled to 1,000. Also: 1,000 bootstrap
replicates (entropy weights on both systems).

Run: ``python benchmarks/robustness.py`` (``--runs 200`` for a short check). Results are
recorded in docs/performance.md.
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


def panel(seed: int = 0, n: int = 31, years: int = 12) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"region": np.repeat([f"r{i:02d}" for i in range(n)], years),
                       "year": np.tile(np.arange(2012, 2012 + years), n)})
    level = rng.lognormal(0, 0.5, n).repeat(years)
    trend = np.tile(np.linspace(1, 2, years), n)
    for j in range(18):
        df[f"x{j}"] = level * trend * rng.lognormal(0, 0.3, len(df))
    for j in range(3):
        df[f"a{j}"] = rng.lognormal(0, 0.8, len(df))
    return df


def systems(df):
    from ccdkit.robustness import IndexInput

    x = [f"x{j}" for j in range(18)]
    return {"nqpf": IndexInput(df, x, dimensions=["d1"] * 6 + ["d2"] * 6 + ["d3"] * 6,
                               weighting="entropy", scoring="topsis", name="nqpf"),
            "agg": IndexInput(df, ["a0", "a1", "a2"], weighting="entropy",
                              scoring="weighted_sum", name="agg")}


def ccdkit_mc(df, runs: int) -> float:
    from ccdkit.robustness import sensitivity_analysis

    t = time.perf_counter()
    res = sensitivity_analysis(systems(df), runs=runs, weight_noise=0.2, seed=1)
    elapsed = time.perf_counter() - t
    assert res.D.shape == (runs, len(df))
    return elapsed


def ccdkit_loop(df, runs: int) -> float:
    """The same kind of runs through composite_index + coupling_coordination."""
    from ccdkit import composite_index, coupling_coordination

    rng = np.random.default_rng(1)
    s = systems(df)
    t = time.perf_counter()
    for _ in range(runs):
        scores = []
        for inp in s.values():
            base = inp.compute().weights["all"].weights
            w = base.to_numpy() * rng.uniform(0.8, 1.2, len(base))
            w = dict(zip(base.index, w / w.sum()))
            scores.append(composite_index(
                inp.data, list(inp.indicators), weighting={"method": "user", "weights": w},
                scoring=inp.scoring, name=inp.name).scores)
        cc = coupling_coordination("nqpf", "agg", data=scores[0].merge(scores[1]))
        frame = cc.to_frame()
        frame.groupby("year")["D"].rank(ascending=False)
    return time.perf_counter() - t


def pymcdm_loop(df, runs: int) -> float:
    from pymcdm.methods import TOPSIS
    from pymcdm.weights import entropy_weights

    rng = np.random.default_rng(1)
    x = df[[f"x{j}" for j in range(18)]].to_numpy()
    a = df[["a0", "a1", "a2"]].to_numpy()
    topsis = TOPSIS()
    t = time.perf_counter()
    for _ in range(runs):
        w1 = entropy_weights(x) * rng.uniform(0.8, 1.2, 18)
        u1 = topsis(x, w1 / w1.sum(), np.ones(18))
        w2 = entropy_weights(a) * rng.uniform(0.8, 1.2, 3)
        mm = (a - a.min(0)) / (a.max(0) - a.min(0))
        u2 = mm @ (w2 / w2.sum())
        c = 2 * np.sqrt(u1 * u2) / (u1 + u2)
        np.sqrt(c * (u1 + u2) / 2)
    return time.perf_counter() - t


def ccdkit_bootstrap(df, replicates: int) -> float:
    from ccdkit.robustness import bootstrap_coupling

    t = time.perf_counter()
    bootstrap_coupling(systems(df), replicates=replicates, seed=1)
    return time.perf_counter() - t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=1000, help="Monte Carlo runs (default 1000)")
    ap.add_argument("--loop-runs", type=int, default=20,
                    help="runs timed for the one-at-a-time loops (scaled to --runs)")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    df = panel()
    import ccdkit

    print(f"ccdkit {ccdkit.__version__}, Python {platform.python_version()}, "
          f"{platform.machine()}, one thread; panel 31 x 12, systems of 18 and 3 indicators")
    rows = [("ccdkit sensitivity_analysis (vectorised)", args.runs, ccdkit_mc(df, args.runs),
             "D, ranks, types, indices, agreement")]
    t = ccdkit_loop(df, args.loop_runs)
    rows.append(("ccdkit composite_index + coupling, one run at a time", args.runs,
                 t * args.runs / args.loop_runs, f"timed {args.loop_runs} runs, scaled"))
    try:
        from importlib.metadata import version

        t = pymcdm_loop(df, max(args.loop_runs, 100))
        rows.append((f"pymcdm {version('pymcdm')} entropy + TOPSIS, one run at a time",
                     args.runs, t * args.runs / max(args.loop_runs, 100),
                     "weights, scores and D only; scaled"))
    except ImportError:
        rows.append(("pymcdm", args.runs, float("nan"), "not installed"))
    rows.append(("ccdkit bootstrap_coupling (entropy weights)", args.runs,
                 ccdkit_bootstrap(df, args.runs), "intervals of weights, U, T, C, D, types"))
    width = max(len(r[0]) for r in rows)
    print(f"{'workload':<{width}}  {'runs':>6}  {'seconds':>8}  note")
    for name, n, sec, note in rows:
        print(f"{name:<{width}}  {n:>6}  {sec:>8.2f}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
