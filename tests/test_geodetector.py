"""Geographical Detector against the published R results (README R1-R10) and PyPI geodetector."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import REFERENCE, reference

from ccdkit import DataError
from ccdkit.exceptions import SingletonStrataWarning, SmallSampleWarning
from ccdkit.geodetector import (
    GeoDetector,
    discretize,
    ecological_detector,
    encode,
    factor_detector,
    interaction_detector,
    optimal_discretization,
    risk_detector,
)

FACTORS = ["watershed", "elevation", "soiltype"]
REF = reference("geodetector")


@pytest.fixture(scope="module")
def ntds():
    return pd.read_csv(REFERENCE / "data" / "ntds_collectdata.csv")


def _strata(frame, names=FACTORS):
    return {f: encode(frame[f])[0] for f in names}


def test_r1_factor_detector_q_and_both_lambda_variants(ntds):
    case = REF["R1"]
    expected = {f: (case["q"][f], case["p_sample"][f], case["p_population"][f]) for f in FACTORS}
    y = ntds["incidence"].to_numpy()
    sample = factor_detector(y, _strata(ntds), lambda_variance="sample").set_index("factor")
    pop = factor_detector(y, _strata(ntds)).set_index("factor")
    for f, (q, p_sample, p_pop) in expected.items():
        assert sample.loc[f, "q"] == pytest.approx(q, abs=1e-7)
        assert sample.loc[f, "p"] == pytest.approx(p_sample, abs=1e-6)
        assert pop.loc[f, "p"] == pytest.approx(p_pop, abs=1e-6)
    # the scipy survival-function values, to 1e-9
    sf = [case["p_sample_sf"][f] for f in FACTORS] + [case["p_population_sf"][f] for f in FACTORS]
    got = [sample.loc[f, "p"] for f in FACTORS] + [pop.loc[f, "p"] for f in FACTORS]
    np.testing.assert_allclose(got, sf, rtol=1e-8)


def test_r2_interaction_q_both_singleton_modes(ntds):
    case = REF["R2"]
    keep, drop = case["q12_keep"], case["q12_drop"]
    pairs = [tuple(p) for p in case["pairs"]]
    y = ntds["incidence"].to_numpy()
    # R geodetector keeps singleton strata: ccdkit's default rule (one common sample,
    # singletons kept) gives its numbers; R GD drops them per stratification: rule "separate"
    for rule, mode, expected in (("common", "drop", keep), ("separate", "keep", keep),
                                 ("separate", "drop", drop)):
        res = interaction_detector(y, _strata(ntds), pairs=pairs, rule=rule, singletons=mode)
        np.testing.assert_allclose(res["q12"], expected, atol=1e-9)
        assert (res["type"] == case["type"]).all()
        if rule == "common":  # refinement can only raise q
            assert (res["q12"] >= res[["q1", "q2"]].max(axis=1) - 1e-12).all()
            assert (res["N"] == 185).all() and (res["N_dropped"] == 0).all()


def test_r3_risk_detector(ntds):
    case = REF["R3"]
    y = ntds["incidence"].to_numpy()
    for f in FACTORS:
        expected = case["means"][f]
        codes, labels = encode(ntds[f])
        means, pairs = risk_detector(y, codes, labels=labels)
        np.testing.assert_allclose(means["mean"], expected, atol=5e-7)
    codes, labels = encode(ntds["soiltype"])
    _, pairs = risk_detector(y, codes, labels=labels)
    not_sig = {(a, b) for a, b, s in pairs[["stratum1", "stratum2", "significant"]].values if not s}
    assert not_sig == {tuple(p) for p in case["soiltype_not_significant"]}
    assert pairs["df"].apply(float.is_integer).sum() == 0  # Welch df are not rounded


def test_r4_ecological_rules(ntds):
    y = ntds["incidence"].to_numpy()
    strata = _strata(ntds, ["soiltype", "watershed", "elevation"])
    gd = ecological_detector(y, strata, rule="geodetector").set_index(["factor1", "factor2"])
    for f1, f2, significant in REF["R4"]["geodetector_rule_significant"]:
        assert bool(gd.loc[(f1, f2), "significant"]) is significant
    paper = ecological_detector(y, strata, rule="paper")
    reversed_order = ecological_detector(y, dict(reversed(list(strata.items()))), rule="paper")
    a = {frozenset((r.factor1, r.factor2)): (r.p, r.significant) for r in paper.itertuples()}
    b = {frozenset((r.factor1, r.factor2)): (r.p, r.significant) for r in reversed_order.itertuples()}
    for key in a:
        assert a[key][0] == pytest.approx(b[key][0]) and a[key][1] == b[key][1]


@pytest.fixture(scope="module")
def ndvi():
    return pd.read_csv(REFERENCE / "data" / "ndvi_40.csv")


def test_r5_gd_optimal_discretization(ndvi):
    case = REF["R5"]
    y = ndvi["NDVIchange"]
    temp = optimal_discretization(ndvi["Tempchange"], y, methods=["equal", "natural", "quantile"],
                                  k=(4, 6))
    exp = case["Tempchange"]
    assert (temp.best.method, temp.best.k) == (exp["method"], exp["k"])
    np.testing.assert_allclose(temp.best.breaks, exp["breaks"], atol=5e-6)
    assert temp.best.counts.tolist() == exp["counts"]
    gdp = optimal_discretization(ndvi["GDP"], y, methods=["equal", "natural", "quantile"], k=(4, 6))
    exp = case["GDP"]
    assert (gdp.best.method, gdp.best.k) == (exp["method"], exp["k"])
    np.testing.assert_allclose(gdp.best.breaks, exp["breaks"], atol=5e-3)
    assert gdp.best.counts.tolist() == exp["counts"]
    gd = GeoDetector(methods=["equal", "natural", "quantile"], k=(4, 6)).fit(
        ndvi, y="NDVIchange", factors=["Climatezone", "Mining", "Tempchange", "GDP"])
    q = gd.factor_.set_index("factor")["q"]
    for name, value in case["q"].items():
        assert q[name] == pytest.approx(value, abs=1e-8)
    assert set(gd.discretization_) == {"Tempchange", "GDP"}


def test_r7_definitions_that_agree_with_gdverse(ndvi):
    case = REF["R7"]
    y = ndvi["NDVIchange"]
    temp = optimal_discretization(ndvi["Tempchange"], y, methods=["equal"], k=(3, 15),
                                  min_stratum=1)
    assert (temp.best.method, temp.best.k) == ("equal", case["Tempchange_equal"]["k"])
    assert temp.q == pytest.approx(case["Tempchange_equal"]["q"], abs=5e-8)
    pop = optimal_discretization(ndvi["Popdensity"], y, methods=["quantile"], k=(3, 15),
                                 min_stratum=1)
    assert (pop.best.method, pop.best.k) == ("quantile", case["Popdensity_quantile"]["k"])
    assert pop.q == pytest.approx(case["Popdensity_quantile"]["q"], abs=5e-8)
    # exact Jenks beats gdverse's natural breaks for Precipitation
    pre = optimal_discretization(ndvi["Precipitation"], y, methods=["natural"], k=(3, 15),
                                 min_stratum=1)
    exact = case["Precipitation_natural_exact"]
    assert pre.best.k == exact["k"] and pre.q == pytest.approx(exact["q"], abs=5e-8)
    table = factor_detector(y, {f: encode(ndvi[f])[0] for f in ["Climatezone", "Mining"]})
    np.testing.assert_allclose(table["q"], [case["q"]["Climatezone"], case["q"]["Mining"]],
                               atol=5e-8)


def test_r10_singleton_fixture():
    y = np.arange(1, 8, dtype=float)
    codes = encode(list("xyyyzzz"))[0]
    case = REF["R10"]
    drop = factor_detector(y, {"x": codes})
    keep = factor_detector(y, {"x": codes}, singletons="keep", lambda_variance="sample")
    assert drop.loc[0, "q"] == pytest.approx(case["drop"]["q"], abs=5e-7)
    assert drop.loc[0, "p"] == pytest.approx(case["drop"]["p"], abs=5e-7)
    assert keep.loc[0, "q"] == pytest.approx(case["keep"]["q"], abs=1e-10)
    assert keep.loc[0, "p"] == pytest.approx(case["keep"]["p"], abs=5e-9)
    assert drop.loc[0, "singletons"] == 1 and drop.loc[0, "N"] == 6


def test_against_pypi_geodetector():
    gdpkg = pytest.importorskip("geodetector")
    # the peer package's own copy of the disease data (geodetector/dataset/data/disease.csv)
    from pathlib import Path

    from geodetector._stats import q_significance_test, q_statistic

    data = pd.read_csv(Path(gdpkg.__file__).parent / "dataset" / "data" / "disease.csv",
                       encoding="utf-8-sig")
    y = data["incidence"].to_numpy()
    names = ["type", "region", "level"]
    ours = factor_detector(y, {f: encode(data[f])[0] for f in names}).set_index("factor")
    for f in names:
        codes = encode(data[f])[0]
        assert ours.loc[f, "q"] == pytest.approx(q_statistic(y, codes), abs=1e-12)
        assert ours.loc[f, "p"] == pytest.approx(q_significance_test(y, codes), abs=1e-9)
    inter = interaction_detector(y, {f: encode(data[f])[0] for f in names}, rule="separate")
    for r in inter.itertuples():
        combined = encode(data[r.factor1].astype(str) + "_" + data[r.factor2].astype(str))[0]
        assert r.q12 == pytest.approx(q_statistic(y, combined), abs=1e-12)
    assert gdpkg is not None


def test_permutation_p_is_seeded_and_sensible(ntds):
    y = ntds["incidence"].to_numpy()
    strata = _strata(ntds)
    a = factor_detector(y, strata, permutations=199, seed=3)
    b = factor_detector(y, strata, permutations=199, seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert (a["p_permutation"] >= 1 / 200).all() and (a["p_permutation"] <= 1).all()
    noise = factor_detector(np.random.default_rng(0).normal(size=185), strata,
                            permutations=499, seed=1)
    assert noise["p_permutation"].min() > 0.01


def test_small_n_cross_section_cuts_the_k_grid():
    rng = np.random.default_rng(4)
    x = rng.lognormal(size=26)
    y = np.log(x) + rng.normal(0, 0.3, 26)
    with pytest.warns(SmallSampleWarning, match="k grid cut from 3..15 to 3..13"):
        res = optimal_discretization(x, y, k=(3, 15))
    assert res.grid["k"].max() == 13 and any("allows at most 13" in n for n in res.notes)
    assert (res.best.counts >= 2).all()
    with pytest.warns(SmallSampleWarning, match="N = 26 is small"):
        gd = GeoDetector(permutations=0).fit(pd.DataFrame({"y": y, "x": x}), y="y")
    assert any("use permutations" in n for n in gd.result_.notes)
    with pytest.warns(SmallSampleWarning, match="N = 26 is small"):
        gd = GeoDetector().fit(pd.DataFrame({"y": y, "x": x}), y="y")  # 999 by default
    assert gd.factor_["p_permutation"].notna().all()


def test_estimator_outputs():
    rng = np.random.default_rng(1)
    n = 500
    df = pd.DataFrame({"x1": rng.normal(size=n), "x2": rng.choice(["a", "b", "c"], n),
                       "x3": rng.uniform(size=n)})
    df["y"] = df["x1"] + (df["x2"] == "a") * 2 + rng.normal(0, 0.2, n)
    gd = GeoDetector(permutations=99, seed=0).fit(df, y="y")
    f = gd.factor_.set_index("factor")
    assert f.loc["x2", "method"] == "categorical" and f.loc["x1", "method"] != "categorical"
    assert f.loc["x3", "rank"] == 3  # x3 is noise
    m = gd.result_.interaction_matrix()
    assert m.shape == (3, 3) and np.isnan(m.loc["x1", "x2"]) and np.isfinite(m.loc["x2", "x1"])
    assert "Geographical Detector" in gd.summary()
    assert set(gd.risk_) == {"x1", "x2", "x3"} and len(gd.ecological_) == 3
    grid = gd.discretization_["x1"].grid
    assert len(grid) == 5 * 6 and set(grid.columns) >= {"method", "k", "q", "valid", "reason"}


# --- bad input ------------------------------------------------------------------------------

def test_constant_y_gives_nan_with_warning():
    df = pd.DataFrame({"y": np.ones(50), "x": np.repeat(list("ab"), 25)})
    with pytest.warns(SmallSampleWarning, match="constant"):
        gd = GeoDetector(interaction=False).fit(df, y="y")
    assert np.isnan(gd.factor_["q"].iloc[0])


def test_factor_with_one_stratum_and_singletons():
    y = np.arange(10.0)
    out = factor_detector(y, {"one": np.zeros(10, dtype=int)})
    assert np.isnan(out["q"].iloc[0]) and out["L"].iloc[0] == 1
    out = factor_detector(y, {"s": np.arange(10)})  # all singletons -> nothing left
    assert np.isnan(out["q"].iloc[0]) and out["singletons"].iloc[0] == 10
    df = pd.DataFrame({"y": np.arange(7.0), "x": list("xyyyzzz")})
    with pytest.warns(SingletonStrataWarning):
        GeoDetector(interaction=False).fit(df, y="y")


def test_all_nan_factor_and_missing_columns():
    df = pd.DataFrame({"y": np.arange(40.0), "x": np.nan})
    with pytest.raises(DataError, match="entirely missing"):
        GeoDetector().fit(df, y="y")
    with pytest.raises(DataError, match="response column 'z'"):
        GeoDetector().fit(df, y="z")
    with pytest.raises(DataError, match="not in the data"):
        GeoDetector().fit(df, y="y", factors=["w"])


def test_k_larger_than_distinct_values():
    # 4 distinct values: k = 3 works; k >= 4 would need 5 distinct break values
    x = np.repeat([1.5, 2.5, 3.5, 10.0], 15)
    y = x + np.random.default_rng(0).normal(0, 0.1, 60)
    res = optimal_discretization(x, y, methods=["natural", "quantile"], k=(3, 6))
    assert res.best.k == 3 and res.best.breaks.tolist() == [1.5, 2.5, 3.5, 10.0]
    assert not res.grid.loc[res.grid["k"] > 3, "valid"].any()
    assert set(res.grid.loc[res.grid["k"] > 3, "reason"]) <= {
        "breaks repeat", "no breaks (too few distinct values or constant)"}
    with pytest.raises(DataError, match=r"not defined here \(4 distinct"):
        discretize(x, "natural", 5)
    with pytest.raises(DataError, match="constant"):
        optimal_discretization(np.ones(30), np.arange(30.0))


def test_geometric_handles_zero_and_negative_values():
    for x in (np.linspace(0, 10, 101), np.linspace(-5, 5, 101)):
        d = discretize(x, "geometric", 4)
        assert d.n_classes == 4 and d.breaks[0] == x.min() and d.breaks[-1] == x.max()
        assert (np.diff(d.breaks) > 0).all() and d.counts.sum() == len(x)


def test_manual_breaks():
    d = discretize([1, 2, 3, 4, 5, 6], breaks=[2.5, 4.5])
    assert d.breaks.tolist() == [1, 2.5, 4.5, 6] and d.counts.tolist() == [2, 2, 2]
    with pytest.raises(DataError, match="strictly increasing"):
        discretize([1, 2, 3], breaks=[2, 2])


def test_elbow_rule_picks_the_knee():
    from ccdkit.geodetector._optimal import loess

    # a local quadratic LOESS reproduces a quadratic exactly
    k = np.arange(2.0, 11.0)
    np.testing.assert_allclose(loess(k, 0.3 * k ** 2 - k + 2), 0.3 * k ** 2 - k + 2, atol=1e-9)
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 10, 2000)
    y = np.minimum(np.floor(x / 2.5), 3) + rng.normal(0, 0.05, 2000)  # 4 true strata
    elbow = optimal_discretization(x, y, methods=["equal"], k=(2, 10), select="elbow")
    best = optimal_discretization(x, y, methods=["equal"], k=(2, 10), select="max_q")
    assert elbow.best.k == 4
    assert best.best.k == int(best.grid.loc[best.grid["q"].idxmax(), "k"]) == 8


def test_permutations_on_many_rows():
    # not a timing assertion (benchmarks/ times it): B = 999 on 3 x 10^4 rows completes and
    # gives the smallest attainable p for a strong effect
    rng = np.random.default_rng(0)
    codes = rng.integers(0, 8, 3 * 10 ** 4)
    y = codes * 0.1 + rng.normal(size=3 * 10 ** 4)
    p = factor_detector(y, {"x": codes}, permutations=999, seed=1)["p_permutation"].iloc[0]
    assert p == pytest.approx(1 / 1000)


def test_discretization_definitions_by_hand():
    from ccdkit.geodetector import breaks_for

    x = np.arange(1.0, 11.0)  # mean 5.5, sd (ddof 1) = 3.0276504
    sd = np.std(x, ddof=1)
    # sd, k = 3: m = 4 -> offsets (1) * sd/2
    np.testing.assert_allclose(breaks_for(x, "sd", [3])[3], [1, 5.5 - sd / 2, 5.5 + sd / 2, 10])
    # sd, k = 4: m = 5 -> offsets (2, 0) * sd/2
    np.testing.assert_allclose(breaks_for(x, "sd", [4])[4], [1, 5.5 - sd, 5.5, 5.5 + sd, 10])
    # geometric on 0..9: x' = x + 1 in [1, 10], r = 10^(1/2); mapped back by -1
    np.testing.assert_allclose(breaks_for(np.arange(10.0), "geometric", [2])[2],
                               [0, np.sqrt(10) - 1, 9])
    # geometric with negatives: x' = x - min + 1 = x + 6 on [-5, 5] -> [1, 11]
    np.testing.assert_allclose(breaks_for(np.linspace(-5, 5, 11), "geometric", [2])[2],
                               [-5, np.sqrt(11) - 6, 5])
    # quantile = R type 7 = numpy's default
    y = np.random.default_rng(0).normal(size=101)
    np.testing.assert_allclose(breaks_for(y, "quantile", [4])[4],
                               np.quantile(y, [0, 0.25, 0.5, 0.75, 1]))
    np.testing.assert_allclose(breaks_for(x, "equal", [3])[3], [1, 4, 7, 10])


def test_one_discretization_result_type_for_manual_and_optimal_breaks():
    from ccdkit.geodetector import OptimalDiscretization

    rng = np.random.default_rng(3)
    df = pd.DataFrame({"a": rng.uniform(0, 10, 200), "b": rng.uniform(0, 10, 200)})
    df["y"] = np.floor(df["a"] / 2.5) + rng.normal(0, 0.2, 200)
    gd = GeoDetector(methods=["equal"], k=(3, 4), permutations=0).fit(
        df, y="y", factors=["a", "b"], breaks={"a": [2.5, 5.0, 7.5]})
    disc = gd.discretization_
    assert all(isinstance(d, OptimalDiscretization) for d in disc.values())
    assert disc["a"].grid["method"].tolist() == ["manual"] and disc["a"].best.k == 4
    # the grid's q of the manual breaks is the factor detector's q (no singletons here)
    q = gd.factor_.set_index("factor").loc["a", "q"]
    assert disc["a"].q == pytest.approx(q, abs=1e-12)
    assert set(disc["b"].grid["method"]) == {"equal"}
