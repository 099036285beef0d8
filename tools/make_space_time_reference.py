"""Regenerate tests/reference/space_time.json: peer results for the space-time chapter on
the fixed panel of tests/reference/dynamics.json (31 provinces x 12 years, queen weights):

* PySAL giddy ``LISA_Markov`` (quadrants, transition counts, move types) and the corrected
  independence test built from giddy's own pieces (``Markov`` on the regions' above/below
  the yearly mean, ``chi2``), next to giddy's value (transposed panel);
* giddy ``Rose`` counts (k = 8) of the standardised first and last years;
* PySAL pointpats ``ellipse`` (crimestat, and yuill without corrections) and
  ``weighted_mean_center`` on seeded points with weights;
* pymannkendall ``original_test`` on seeded series with ties;
* esda ``G_Local`` (star, binary) z-scores of the last year (positive values).

Run: ``pip install giddy pointpats pymannkendall && python tools/make_space_time_reference.py``.
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

import libpysal
import numpy as np

REF = Path(__file__).resolve().parents[1] / "tests" / "reference"


def _panel():
    d = json.loads((REF / "dynamics.json").read_text(encoding="utf-8"))
    ids = d["ids"]
    w = libpysal.weights.W({k: d["neighbors"][k] for k in ids}, id_order=ids)
    return ids, np.array(d["y"], dtype=float), w


def _lisa(ids, y, w) -> dict:
    from giddy.markov import LISA_Markov, Markov, chi2

    w.transform = "r"
    lm = LISA_Markov(y, w)
    # the independence test with the chains built over the regions (giddy's transposes)
    r = y / y.mean(axis=0)
    lag = np.column_stack([libpysal.weights.lag_spatial(w, y[:, t]) for t in range(y.shape[1])])
    rlag = lag / y.mean(axis=0)
    my, ml = Markov(r < 1.0, summary=False), Markov(rlag < 1.0, summary=False)
    A = np.array([[1, 0, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0, 1, 0, 0]])
    expected = np.diag(lm.transitions.sum(axis=1)) @ (A @ np.kron(my.p, ml.p) @ A.T)
    c2, p, dof = chi2(lm.transitions, expected)
    return {"provenance": f"giddy {metadata.version('giddy')} LISA_Markov(y, w row-standardised);"
                          " test: giddy.markov.chi2 of the transitions against the product of "
                          "giddy Markov chains over the regions",
            "q": lm.q.tolist(), "transitions": lm.transitions.tolist(),
            "move_types": lm.move_types.tolist(), "chi2": float(c2), "p": float(p),
            "dof": int(dof), "giddy_chi2": [float(v) for v in lm.chi_2]}


def _rose(y, w) -> dict:
    from giddy.directional import Rose

    w.transform = "r"
    z = (y - y.mean(axis=0)) / y.std(axis=0)
    r = Rose(z[:, [0, -1]], w, k=8)
    return {"provenance": f"giddy {metadata.version('giddy')} Rose(z[:, [0, -1]], w, k=8), z "
                          "standardised per year (ddof 0)", "counts": r.counts.tolist()}


def _ellipses() -> list:
    from pointpats.centrography import ellipse, weighted_mean_center

    out = []
    for seed in (1, 2, 3):
        rng = np.random.default_rng(seed)
        xy = rng.normal(size=(31, 2)) @ np.array([[3.0, 1.0], [0.5, 1.0]]) * 1e5
        w = rng.uniform(0.1, 1, 31)
        cs = ellipse(xy, weights=w, method="crimestat")
        raw = ellipse(xy, weights=w, method="yuill", crimestatCorr=False, degfreedCorr=False)
        out.append({"provenance": f"pointpats {metadata.version('pointpats')} ellipse and "
                                  f"weighted_mean_center; default_rng({seed})",
                    "xy": xy.tolist(), "w": w.tolist(),
                    "center": list(map(float, weighted_mean_center(xy, w))),
                    "crimestat": list(map(float, cs)), "none": list(map(float, raw))})
    return out


def _mann_kendall() -> list:
    import pymannkendall as mk

    out = []
    rng = np.random.default_rng(5)
    for i in range(6):
        x = np.round(np.cumsum(rng.normal(0.2 * (i - 2), 1, 12)), 0)  # rounded: ties
        r = mk.original_test(x)
        out.append({"provenance": f"pymannkendall {metadata.version('pymannkendall')} "
                                  "original_test", "x": x.tolist(), "S": float(r.s),
                    "var_S": float(r.var_s), "z": float(r.z), "p": float(r.p),
                    "tau": float(r.Tau)})
    return out


def _gi(y, w) -> dict:
    import esda

    w.transform = "b"
    g = esda.G_Local(y[:, -1], w, transform="B", star=True, permutations=0)
    return {"provenance": f"esda {metadata.version('esda')} G_Local(star=True, transform B) of "
                          "the last year", "z": np.asarray(g.Zs, float).tolist()}


def main() -> None:
    ids, y, w = _panel()
    out = {"_about": "peers on tests/reference/dynamics.json's panel; "
                     "tools/make_space_time_reference.py",
           "lisa_markov": _lisa(ids, y, w), "rose": _rose(y, w), "ellipses": _ellipses(),
           "mann_kendall": _mann_kendall(), "gi_star": _gi(y, w)}
    (REF / "space_time.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    print("wrote", REF / "space_time.json")


if __name__ == "__main__":
    main()
