"""Benchmark: the Geographical Detector workload, ccdkit and PyPI ``geodetector`` side by side.

Workload (issue 5): on seeded synthetic data with 4 continuous factors (normal, uniform,
lognormal, gamma) and 3 categorical ones (5, 8, 12 levels), y depending on them plus noise:

1. optimal discretization of the 4 continuous factors over 5 methods x k = 3..8;
2. factor detector (q and p) on all 7 factors;
3. interaction q on all 21 pairs.

Each run happens in a fresh process (one core: BLAS/OpenMP threads = 1) so that wall time
and peak memory (max RSS) are measured honestly; the peer gets a time limit and a run that
hits it is reported as "> limit". The chosen discretizations are compared for the methods
whose definitions agree (equal, quantile).

Run: ``python benchmarks/geodetector.py`` (``--quick`` for a short check, ``--help``).
Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import statistics
import sys
import time

# this file is named like the peer package: keep its folder off the import path
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

CONTINUOUS = ["x_normal", "x_uniform", "x_lognormal", "x_gamma"]
CATEGORICAL = ["c5", "c8", "c12"]
METHODS = ["equal", "quantile", "natural", "geometric", "sd"]
K = (3, 8)


def make_data(n: int, seed: int = 20240601) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({
        "x_normal": rng.normal(0, 1, n),
        "x_uniform": rng.uniform(0, 10, n),
        "x_lognormal": rng.lognormal(0, 0.75, n),
        "x_gamma": rng.gamma(2.0, 2.0, n),
        "c5": rng.integers(0, 5, n),
        "c8": rng.integers(0, 8, n),
        "c12": rng.integers(0, 12, n),
    })
    effects = {c: rng.normal(0, 1, int(c[1:])) for c in CATEGORICAL}
    df["y"] = (np.sin(df["x_normal"]) + 0.3 * df["x_uniform"] + np.log(df["x_lognormal"])
               + 0.1 * df["x_gamma"] + effects["c5"][df["c5"]] + 0.5 * effects["c8"][df["c8"]]
               + 0.3 * effects["c12"][df["c12"]] + rng.normal(0, 1, n))
    return df


def _import(tool: str) -> None:
    """Import a tool's modules before the clock starts (import time is not the workload)."""
    if tool == "ccdkit":
        import ccdkit.geodetector  # noqa: F401
    else:
        import geodetector._stats  # noqa: F401
        import geodetector.discretize  # noqa: F401


def run_ccdkit(df: pd.DataFrame, methods=METHODS, min_stratum: int = 2) -> dict:
    from ccdkit.geodetector import (
        assign,
        encode,
        factor_detector,
        interaction_detector,
        optimal_discretization,
    )

    y = df["y"].to_numpy()
    strata, chosen = {}, {}
    for f in CONTINUOUS:
        res = optimal_discretization(df[f].to_numpy(), y, methods=methods, k=K,
                                     min_stratum=min_stratum)
        strata[f] = assign(df[f].to_numpy(), res.best.breaks)
        chosen[f] = (res.best.method, res.best.k, round(res.q, 6))
    for f in CATEGORICAL:
        strata[f] = encode(df[f])[0]
    factor_detector(y, strata)
    interaction_detector(y, strata)
    return chosen


def run_peer(df: pd.DataFrame, methods=METHODS, min_stratum: int = 1) -> dict:
    from geodetector._stats import q_significance_test, q_statistic
    from geodetector.discretize import OptimalDiscretizer

    y = df["y"].to_numpy()
    strata, chosen = {}, {}
    for f in CONTINUOUS:
        od = OptimalDiscretizer(discretize_methods=list(methods), k_range=K).fit(df[[f]], y)
        strata[f] = np.digitize(df[f].to_numpy(), od.bins_[f], right=True)
        chosen[f] = (od.best_method_[f], od.best_k_[f], round(od.best_q_[f], 6))
    for f in CATEGORICAL:
        strata[f] = df[f].to_numpy()
    for f, codes in strata.items():
        q_statistic(y, codes)
        q_significance_test(y, codes)
    names = list(strata)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            q_statistic(y, strata[a] * 1000 + strata[b])
    return chosen


def _child(tool: str, n: int, methods, min_stratum: int, queue) -> None:
    import resource

    df = make_data(n)
    _import(tool)
    fn = run_ccdkit if tool == "ccdkit" else run_peer
    t0 = time.perf_counter()
    chosen = fn(df, methods, min_stratum)
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB (Linux)
    queue.put((elapsed, peak, chosen))


def measure(tool: str, n: int, timeout: float, methods=METHODS, min_stratum: int = 2):
    """(seconds, peak MiB, chosen) or (None, None, None) when the time limit was hit."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_child, args=(tool, n, methods, min_stratum, queue))
    proc.start()
    proc.join(timeout)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return None, None, None
    if proc.exitcode != 0:
        raise RuntimeError(f"{tool} at n={n} failed with exit code {proc.exitcode}")
    return queue.get()


def fmt(seconds) -> str:
    return "-" if seconds is None else f"{seconds:.2f} s"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1e5, 1e6])
    parser.add_argument("--big", type=float, default=1e7, help="ccdkit-only size (0 = skip)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--peer-timeout", type=float, default=600.0)
    parser.add_argument("--quick", action="store_true", help="1e4 and 1e5 rows, 1 repeat")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.big, args.repeats, args.peer_timeout = [1e4, 1e5], 0, 1, 120.0
    try:
        import geodetector  # noqa: F401

        have_peer = True
    except ImportError:
        have_peer = False
    from ccdkit.geodetector import jenks_backend

    print(f"# Geographical Detector benchmark — Python {platform.python_version()}, "
          f"{platform.machine()}, natural-breaks kernel: {jenks_backend()}, one thread")
    print(f"# workload: OPGD {len(METHODS)} methods x k={K[0]}..{K[1]} on {len(CONTINUOUS)} "
          f"continuous factors, factor detector on 7, interaction on 21 pairs")
    rows = []
    for n in (int(s) for s in args.sizes):
        ours = [measure("ccdkit", n, 3600) for _ in range(args.repeats)]
        t_ours = statistics.median(r[0] for r in ours)
        peak = max(r[1] for r in ours)
        t_peer, agree = None, "-"
        if have_peer:
            peer = measure("peer", n, args.peer_timeout)
            t_peer = peer[0]
            # the methods whose definitions agree (no minimum stratum size, singletons
            # dropped, as the peer does): compare the chosen k per method
            same = []
            for method in ("equal", "quantile"):
                a = measure("ccdkit", n, 3600, [method], min_stratum=1)[2]
                b = measure("peer", n, args.peer_timeout, [method])[2]
                if b is None:
                    same.append(f"{method}: peer timed out")
                    continue
                ok = all(a[f][1] == b[f][1] for f in CONTINUOUS)
                same.append(f"{method}: {'same k' if ok else 'DIFFERENT k'}")
            agree = "; ".join(same)
        ratio = (f"{t_peer / t_ours:.0f}x" if t_peer else
                 (f"> {args.peer_timeout / t_ours:.0f}x" if have_peer else "-"))
        rows.append((f"{n:,}", fmt(t_ours), f"{peak:.0f} MiB",
                     fmt(t_peer) if t_peer is not None or not have_peer
                     else f"> {args.peer_timeout:.0f} s", ratio, agree))
    if args.big:
        n = int(args.big)
        t, peak, _ = measure("ccdkit", n, 3600)
        rows.append((f"{n:,}", fmt(t), f"{peak:.0f} MiB", "not run", "-", "-"))
    header = ("rows", "ccdkit (median)", "ccdkit peak RSS", "PyPI geodetector 0.2.0",
              "speed-up", "same discretization")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = " | ".join(h.ljust(w) for h, w in zip(header, widths))
    print(line)
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(" | ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
