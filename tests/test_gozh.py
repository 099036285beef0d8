"""GOZH and LESH: the regression tree against R rpart's own leaves (tools/make_gozh_reference.R),
the gdverse shegd vignette's printed GOZH and LESH values, and the Shapley modes against a
brute-force average over orderings."""

from __future__ import annotations

import json
from itertools import permutations
from math import factorial

import numpy as np
import pandas as pd
import pytest

from ccdkit.exceptions import DataError
from ccdkit.geodetector import gozh, lesh, regression_tree, shapley_values

from conftest import REFERENCE

NDVI = pd.read_csv(REFERENCE / "data" / "ndvi_40.csv")
CASES = pd.read_csv(REFERENCE / "data" / "tree_cases.csv")
RPART = json.loads((REFERENCE / "gozh.json").read_text())
FORMULAS = {"all": ["x1", "x2", "x3", "x4"], "x1": ["x1"], "x2": ["x2"], "x2x4": ["x2", "x4"],
            "x4x1": ["x4", "x1"]}
TREE_CASES = sorted(k for k in RPART if k.startswith("tree_"))


def _inputs(data, y, names):
    X, cat = [], []
    for c in names:
        is_cat = not pd.api.types.is_numeric_dtype(data[c])
        X.append(pd.factorize(data[c], sort=True)[0] if is_cat else data[c].to_numpy(float))
        cat.append(is_cat)
    return np.column_stack(X).astype(float), data[y].to_numpy(float), cat


@pytest.mark.parametrize("case", TREE_CASES)
def test_tree_leaves_equal_rpart(case):
    ref = RPART[case]
    ctl = ref["control"] or {}
    minsplit = ctl.get("minsplit", 20)
    minbucket = ctl.get("minbucket", round(minsplit / 3))
    X, y, cat = _inputs(CASES, "y", FORMULAS[case.split("_")[-1]])
    leaf = regression_tree(X, y, categorical=cat, cp=ctl.get("cp", 0.01), minsplit=minsplit,
                           minbucket=minbucket, maxdepth=ctl.get("maxdepth", 30))
    np.testing.assert_array_equal(leaf, ref["leaf"])


def test_ndvi_trees_of_every_subset_equal_rpart():
    for s in RPART["ndvi"]["subsets"]:
        names = [s["factors"]] if isinstance(s["factors"], str) else s["factors"]
        X, y, cat = _inputs(NDVI, "NDVIchange", names)
        leaf = regression_tree(X, y, categorical=cat)
        if "leaf" in s:
            np.testing.assert_array_equal(leaf, s["leaf"], err_msg=str(names))
        z = np.unique(leaf, return_inverse=True)[1]
        q = 1 - sum(((y[z == c] - y[z == c].mean()) ** 2).sum() for c in np.unique(z)) / (
            ((y - y.mean()) ** 2).sum())
        assert q == pytest.approx(s["q"], abs=1e-12), names


# gdverse 1.7 vignettes/shegd.Rmd (gozh(NDVIchange ~ ., data = ndvi), printed to 8 digits)
GOZH_Q = {"Precipitation": 0.87255056, "Climatezone": 0.82129550, "Tempchange": 0.33324945,
          "Popdensity": 0.22321863, "Mining": 0.13982859, "GDP": 0.09170153}
GOZH_TYPES = {
    ("Climatezone", "Mining"): "Weaken, uni-", ("Climatezone", "Tempchange"): "Weaken, uni-",
    ("Climatezone", "Precipitation"): "Enhance, bi-", ("Climatezone", "GDP"): "Enhance, bi-",
    ("Climatezone", "Popdensity"): "Enhance, bi-", ("Mining", "Tempchange"): "Enhance, bi-",
    ("Mining", "Precipitation"): "Weaken, uni-", ("Mining", "GDP"): "Enhance, bi-",
    ("Mining", "Popdensity"): "Enhance, bi-", ("Tempchange", "Precipitation"): "Enhance, bi-",
    ("Tempchange", "GDP"): "Enhance, nonlinear", ("Tempchange", "Popdensity"): "Enhance, bi-",
    ("Precipitation", "GDP"): "Enhance, bi-", ("Precipitation", "Popdensity"): "Enhance, bi-",
    ("GDP", "Popdensity"): "Weaken, uni-"}
# the same vignette, lesh(NDVIchange ~ ., data = ndvi): Variable1 SPD, Variable2 SPD
LESH_SPD = {
    ("Climatezone", "Mining"): (0.75353265, 0.06776285),
    ("Climatezone", "Tempchange"): (0.64437728, 0.17691822),
    ("Climatezone", "Precipitation"): (0.39405554, 0.48986045),
    ("Climatezone", "GDP"): (0.79843017, 0.05246998),
    ("Climatezone", "Popdensity"): (0.74240657, 0.11069841),
    ("Mining", "Tempchange"): (0.10161351, 0.31023743),
    ("Mining", "Precipitation"): (0.05886173, 0.81368883),
    ("Mining", "GDP"): (0.12735177, 0.09306564),
    ("Mining", "Popdensity"): (0.13123771, 0.21760488),
    ("Tempchange", "Precipitation"): (0.16187198, 0.73291613),
    ("Tempchange", "GDP"): (0.35277116, 0.08443737),
    ("Tempchange", "Popdensity"): (0.28786726, 0.15633619),
    ("Precipitation", "GDP"): (0.84089496, 0.04445297),
    ("Precipitation", "Popdensity"): (0.79267181, 0.09507756),
    ("GDP", "Popdensity"): (0.06828443, 0.15493420)}
LESH_THETA = {"Precipitation": 0.218, "Climatezone": 0.176, "Tempchange": 0.0482,
              "Popdensity": 0.0262, "Mining": 0.0158, "GDP": 0.0115}


@pytest.fixture(scope="module")
def ndvi_gozh():
    return gozh(NDVI, "NDVIchange")


def test_gozh_reproduces_gdverse_vignette(ndvi_gozh):
    q = ndvi_gozh.factor.set_index("factor")["q"]
    for name, value in GOZH_Q.items():
        assert round(q[name], 8) == pytest.approx(value, abs=1e-12), name
    types = {(r.factor1, r.factor2): r.type for r in ndvi_gozh.interaction.itertuples()}
    assert types == GOZH_TYPES
    assert (ndvi_gozh.factor["N"] == 713).all() and (ndvi_gozh.factor["missing"] == 0).all()
    assert ndvi_gozh.factor.set_index("factor")["L"]["Precipitation"] == 5


def test_lesh_gdverse_mode_reproduces_vignette():
    r = lesh(NDVI, "NDVIchange", shapley="gdverse")
    got = {(t.factor1, t.factor2): (t.spd1, t.spd2) for t in r.interaction.itertuples()}
    for pair, (s1, s2) in LESH_SPD.items():
        assert round(got[pair][0], 8) == pytest.approx(s1, abs=1e-12), pair
        assert round(got[pair][1], 8) == pytest.approx(s2, abs=1e-12), pair
    theta = r.shapley.set_index("factor")["phi"]
    for name, value in LESH_THETA.items():
        assert float(f"{theta[name]:.3g}") == value, name
    assert list(r.shapley.factor) == list(LESH_THETA)  # sorted as gdverse prints them


def test_lesh_complete_mode_is_efficient_and_differs_by_the_empty_coalition():
    full = lesh(NDVI, "NDVIchange")
    gdv = lesh(NDVI, "NDVIchange", shapley="gdverse")
    phi_full = full.shapley.set_index("factor")
    phi_gdv = gdv.shapley.set_index("factor")["phi"]
    q_all = full.coalitions["q"].iloc[-1]
    assert full.coalitions["factors"].iloc[-1].count("+") == 5
    assert phi_full["phi"].sum() == pytest.approx(q_all, abs=1e-12)
    m = len(phi_full)
    for name in phi_full.index:
        assert phi_full.loc[name, "phi"] - phi_gdv[name] == pytest.approx(
            phi_full.loc[name, "q"] / m, abs=1e-12)
    t = full.interaction
    np.testing.assert_allclose(t.spd1 + t.spd2, t.q12, rtol=1e-12)


def _brute_shapley(v, m):
    phi = np.zeros(m)
    for order in permutations(range(m)):
        mask = 0
        for i in order:
            phi[i] += v[mask | 1 << i] - v[mask]
            mask |= 1 << i
    return phi / factorial(m)


@pytest.mark.parametrize("m", [1, 2, 3, 5])
def test_shapley_equals_brute_force(m):
    rng = np.random.default_rng(m)
    v = rng.uniform(size=1 << m)
    v[0] = 0.0
    np.testing.assert_allclose(shapley_values(v), _brute_shapley(v, m), rtol=1e-12)
    single = v[[1 << i for i in range(m)]]
    np.testing.assert_allclose(shapley_values(v, mode="gdverse"),
                               _brute_shapley(v, m) - single / m, rtol=1e-12, atol=1e-15)


def test_gozh_row_order_and_missing_rows():
    rng = np.random.default_rng(3)
    shuffled = NDVI.sample(frac=1.0, random_state=4)
    a = gozh(NDVI, "NDVIchange", interaction=False).factor.set_index("factor")["q"]
    b = gozh(shuffled, "NDVIchange", interaction=False).factor.set_index("factor")["q"]
    pd.testing.assert_series_equal(a, b, rtol=1e-12)
    holes = NDVI.copy()
    holes.loc[rng.choice(len(holes), 13, replace=False), "GDP"] = np.nan
    r = gozh(holes, "NDVIchange", ["GDP", "Mining"], interaction=False)
    assert (r.factor["N"] == 700).all() and (r.factor["missing"] == 13).all()
    assert len(r.rows) == 700
    assert NDVI["GDP"].notna().all()  # the input is untouched


def test_regrown_permutation_p_is_uniform_on_noise_where_the_f_test_is_not():
    """On noise the F test of q on fitted zones rejects too often (the zones were chosen to
    make q large); the p with the tree regrown on every permutation does not."""
    rng = np.random.default_rng(11)
    f_rej = perm_rej = 0
    reps = 60
    for _ in range(reps):
        d = pd.DataFrame({"y": rng.normal(size=80), "x": rng.uniform(size=80)})
        r = gozh(d, "y", interaction=False, permutations=39, seed=int(rng.integers(1e6)),
                 minsplit=10, minbucket=4, cp=0.02)
        f_rej += r.factor.p[0] < 0.05
        perm_rej += r.factor.p_permutation[0] <= 0.05
    assert f_rej / reps > 0.4
    assert perm_rej / reps < 0.15


def test_bad_inputs_are_named():
    with pytest.raises(DataError, match="'nope'"):
        gozh(NDVI, "NDVIchange", ["nope"])
    with pytest.raises(DataError, match="shapley"):
        lesh(NDVI, "NDVIchange", shapley="full")
    bad = NDVI.assign(NDVIchange=NDVI["NDVIchange"].astype(object))
    bad.loc[5, "NDVIchange"] = "n/a"
    with pytest.raises(DataError, match=r"NDVIchange.*\[5\]"):
        gozh(bad, "NDVIchange")
    with pytest.raises(DataError, match="713 x 713"):
        gozh(NDVI, "NDVIchange", ["GDP"], permutations=9, null="spectral", weights=np.eye(3))
    with pytest.raises(DataError, match="needs spatial weights"):
        gozh(NDVI, "NDVIchange", ["GDP"], permutations=9, null="spectral")
    wide = pd.DataFrame(np.random.default_rng(0).normal(size=(30, 16)),
                        columns=["y"] + [f"x{i}" for i in range(15)])
    with pytest.raises(DataError, match="15 factors"):
        lesh(wide, "y")
    with pytest.raises(DataError, match="distinct"):
        gozh(NDVI, "NDVIchange", ["GDP", "GDP"])
