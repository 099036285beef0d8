"""Benchmark: the cost of one call, what an interactive app pays on every change.

Workload (issue 27): two systems on 31 regions x 12 years (18 indicators in 3 dimensions
with entropy weights and TOPSIS; 3 indicators with entropy weights and a weighted sum),
then their coupling coordination. Side by side, in one run:

* ccdkit: ``composite_index`` twice (every intermediate: weights table, TOPSIS ideal points
  and distances, dimension sub-scores, obstacle degrees) + ``coupling_coordination`` of
  their score frames + its ``to_frame()`` (C, T, D, type, E and its class);
* pymcdm (the peer package): its entropy weights and TOPSIS for the first system, entropy
  weights and a weighted sum by hand for the second, C and D by hand (scores only).

Each is the best of several repeats (the machine's noise is one-sided). Also the
reference-like demo study run from its config without figures (``run_study``: read,
validate, impute, both systems, coupling, summaries and the Geographical Detector; the
spatial, dynamics and robustness chapters left out, as they have their own benchmarks).

Run: ``python benchmarks/per_call.py``. Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
import timeit
import warnings
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from robustness import panel  # noqa: E402  (the same 31 x 12 panel)

X = [f"x{j}" for j in range(18)]
A = ["a0", "a1", "a2"]
DIMS = ["d1"] * 6 + ["d2"] * 6 + ["d3"] * 6


def ccdkit_call(df):
    from ccdkit import composite_index, coupling_coordination

    first = df[["region", "year", *X]]
    second = df[["region", "year", *A]]

    def run():
        u1 = composite_index(first, X, dimensions=DIMS, weighting="entropy",
                             scoring="topsis", name="nqpf")
        u2 = composite_index(second, A, weighting="entropy", scoring="weighted_sum",
                             name="agg")
        return coupling_coordination("nqpf", "agg", data=[u1.scores, u2.scores]).to_frame()

    return run


def pymcdm_call(df):
    from pymcdm.methods import TOPSIS
    from pymcdm.weights import entropy_weights

    x = df[X].to_numpy()
    a = df[A].to_numpy()
    topsis = TOPSIS()

    def run():
        u1 = topsis(x, entropy_weights(x), np.ones(18))
        mm = (a - a.min(0)) / (a.max(0) - a.min(0))
        u2 = mm @ entropy_weights(a)
        c = 2 * np.sqrt(u1 * u2) / (u1 + u2)
        return np.sqrt(c * (u1 + u2) / 2)

    return run


def best_ms(func, number: int, repeat: int) -> float:
    func()  # warm up (imports, caches)
    return min(timeit.repeat(func, number=number, repeat=repeat)) / number * 1000


def demo_study_seconds() -> float:
    from ccdkit.scaffold import write_demo_study
    from ccdkit.study import load_study, run_study

    with tempfile.TemporaryDirectory() as tmp:
        write_demo_study(Path(tmp) / "demo")
        study = load_study(Path(tmp) / "demo" / "study.yaml")
        study.spatial = study.dynamics = study.robustness = None
        t = time.perf_counter()
        run_study(study)
        return time.perf_counter() - t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--number", type=int, default=50, help="calls per repeat (default 50)")
    ap.add_argument("--repeat", type=int, default=7, help="repeats, the best kept (default 7)")
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    df = panel()
    import ccdkit

    print(f"ccdkit {ccdkit.__version__}, Python {platform.python_version()}, "
          f"{platform.machine()}, one thread; panel 31 x 12, systems of 18 and 3 indicators; "
          f"best of {args.repeat} x {args.number} calls")
    rows = [("ccdkit composite_index x 2 + coupling_coordination + to_frame",
             best_ms(ccdkit_call(df), args.number, args.repeat), "ms per call",
             "every intermediate")]
    try:
        from importlib.metadata import version

        rows.append((f"pymcdm {version('pymcdm')} entropy + TOPSIS, weighted sum, D by hand",
                     best_ms(pymcdm_call(df), args.number, args.repeat), "ms per call",
                     "scores only"))
    except ImportError:
        rows.append(("pymcdm", float("nan"), "", "not installed"))
    rows.append(("ccdkit run_study, the demo without figures", demo_study_seconds(), "s",
                 "read, validate, impute, index, couple, detect"))
    width = max(len(r[0]) for r in rows)
    print(f"{'workload':<{width}}  {'time':>8}  unit         note")
    for name, value, unit, note in rows:
        print(f"{name:<{width}}  {value:>8.2f}  {unit:<11}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
