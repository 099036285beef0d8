"""The Geographical Detector at small N: interactions on one sample, adjusted q, bootstrap
intervals, permutation tests of interactions, one core for tables and dask, validation."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccdkit import ConfigError, DataError
from ccdkit.exceptions import MissingDataWarning
from ccdkit.geodetector import (
    GeoDetector,
    bootstrap_q,
    encode,
    enhancement_pvalue,
    factor_detector,
    interaction_detector,
    optimal_discretization,
    q_adjusted,
)


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def _province_like(seed=0, n=26):
    """A cross-section like a provincial study: N = 26, continuous factors, some missing."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({f"x{i}": rng.lognormal(size=n) for i in range(1, 5)})
    df["y"] = np.log(df["x1"]) + 0.5 * np.log(df["x2"]) + rng.normal(0, 0.5, n)
    df.loc[[3, 11], "x3"] = np.nan
    return df


# --- 1. interactions on one sample ------------------------------------------------------------

def test_common_sample_never_weakens_by_lost_rows():
    df = _province_like()
    gd = _quiet(GeoDetector(permutations=0, bootstrap=0).fit, df, y="y")
    inter = gd.interaction_
    assert inter["type"].notna().all()
    assert not inter["type"].str.startswith("Weaken, nonlinear").any()
    assert (inter["q12"] >= inter[["q1", "q2"]].max(axis=1) - 1e-12).all()
    # the rows of each pair are said: x3 misses 2 provinces
    with_x3 = inter[(inter["factor1"] == "x3") | (inter["factor2"] == "x3")]
    assert (with_x3["N"] == 24).all() and (with_x3["N_dropped"] == 2).all()
    others = inter.drop(with_x3.index)
    assert (others["N"] == 26).all() and (others["N_dropped"] == 0).all()


def test_separate_rule_reproduces_the_artefact_and_warns():
    """R GD's rule (singletons of X1 ∩ X2 dropped, q1 and q2 from their own rows) loses
    rows; the table says how many and a warning names the pairs."""
    df = _province_like()
    with pytest.warns(MissingDataWarning, match="x1 ∩ x2 \\(N = "):
        gd = GeoDetector(permutations=0, bootstrap=0, interaction_rule="separate").fit(
            df, y="y")
    inter = gd.interaction_
    assert (inter["N"] < 26).all() and (inter["N"] + inter["N_dropped"] == 26).all()
    common = _quiet(GeoDetector(permutations=0, bootstrap=0).fit, df, y="y").interaction_
    assert (common["N"] >= inter["N"]).all()


def test_common_drop_keeps_refinement_on_the_rows_it_keeps():
    df = _province_like(3)
    gd = _quiet(GeoDetector(permutations=0, bootstrap=0, interaction_rule="common_drop").fit,
                df, y="y")
    inter = gd.interaction_
    ok = inter["q12"].notna()
    assert (inter.loc[ok, "q12"] >= inter.loc[ok, ["q1", "q2"]].max(axis=1) - 1e-12).all()
    assert (inter.loc[~ok, "reason"] != "").all()


def test_every_blank_interaction_has_a_reason():
    y = np.arange(6.0)
    res = interaction_detector(y, {"a": [0, 1, 2, 3, 4, 5], "b": [0, 0, 0, 1, 1, 1]},
                               rule="common_drop")
    assert np.isnan(res.loc[0, "q12"]) and "strata of one row" in res.loc[0, "reason"]
    res = interaction_detector(y, {"a": [0, 0, 0, 0, 0, 0], "b": [0, 0, 0, 0, 0, 0]})
    assert "fewer than 2 strata" in res.loc[0, "reason"]
    keep = interaction_detector(y, {"a": [0, 1, 2, 3, 4, 5], "b": [0, 0, 0, 1, 1, 1]})
    assert keep.loc[0, "q12"] == 1 and "q12 = 1 by construction" in keep.loc[0, "reason"]
    assert np.isnan(keep.loc[0, "q12_adj"])
    # a trivial q12 has no type (before: "Enhance, nonlinear"), and no label claims one
    assert keep.loc[0, "type"] is None
    from ccdkit.data import localize_table
    assert localize_table(keep, "zh").loc[0, "交互作用类型"] == "无（见原因）"
    assert localize_table(keep, "en").loc[0, "type"] == "none (see reason)"


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["common", "common_drop"]),
       st.integers(8, 40))
def test_refinement_holds_with_missing_values(seed, rule, n):
    rng = np.random.default_rng(seed)
    y = rng.normal(size=n)
    a = rng.integers(0, 4, n)
    b = rng.integers(-1, 3, n)  # -1 = missing
    y[rng.random(n) < 0.1] = np.nan
    res = interaction_detector(y, {"a": a, "b": b}, rule=rule)
    r = res.iloc[0]
    if np.isfinite(r["q12"]) and np.isfinite(r["q1"]) and np.isfinite(r["q2"]):
        assert r["q12"] >= max(r["q1"], r["q2"]) - 1e-12
        assert not str(r["type"]).startswith("Weaken, nonlinear")
    assert r["N"] + r["N_dropped"] == int(np.isfinite(y).sum())


# --- 2. significance of interactions ------------------------------------------------------------

def test_enhancement_p_against_a_loop_over_the_same_permutations():
    """The vectorized test equals a plain loop that shuffles X2 with the same draws and
    computes q12 - q1 with factor_detector (independent code path)."""
    rng = np.random.default_rng(5)
    n = 40
    x1, x2 = rng.integers(0, 3, n), rng.integers(0, 3, n)
    y = x1 + 0.4 * x2 + rng.normal(0, 0.7, n)
    B = 99
    p = enhancement_pvalue(y, x1, x2, B=B, rng=np.random.default_rng(1), rule="common")
    perms = np.random.default_rng(1).permuted(np.broadcast_to(x2, (B, n)), axis=1)

    def q(codes):
        return factor_detector(y, {"c": codes}, singletons="keep").loc[0, "q"]

    q1 = q(x1)
    observed = q(encode(x1 * 10 + x2)[0]) - q1
    hits = sum(q(encode(x1 * 10 + perm)[0]) - q1 >= observed - 1e-12 for perm in perms)
    assert p == pytest.approx((1 + hits) / (1 + B))


def test_permutation_p_over_strata_with_gaps_against_a_loop():
    """Stratum codes with gaps (the cells of X1 ∩ X2 that hold no row): the p-value equals
    a plain loop over the same permutations with factor_detector. Before: every permuted q
    was NaN (0/0 in the empty cells), never a hit, so p12_permutation was 1/(B + 1)."""
    from ccdkit.geodetector import permutation_pvalue
    rng = np.random.default_rng(8)
    n, B = 45, 99
    y = rng.normal(size=n)
    codes = rng.choice([0, 2, 5, 7], n)  # cells 1, 3, 4, 6 empty
    q = factor_detector(y, {"c": codes}, singletons="keep").loc[0, "q"]
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        p = permutation_pvalue(y, codes, q, B, np.random.default_rng(3), singletons="keep")
    perms = np.random.default_rng(3).permuted(np.broadcast_to(y, (B, n)), axis=1)
    hits = sum(factor_detector(perm, {"c": codes}, singletons="keep").loc[0, "q"] >= q - 1e-12
               for perm in perms)
    assert p == pytest.approx((1 + hits) / (1 + B)) and p > 0.05
    res = interaction_detector(y, {"a": codes // 4, "b": codes % 4}, permutations=B)
    assert res.loc[0, "p12_permutation"] > 1 / (1 + B)


def test_interaction_tests_separate_real_from_noise():
    rng = np.random.default_rng(2)
    n = 120
    df = pd.DataFrame({"a": rng.integers(0, 3, n), "b": rng.integers(0, 3, n),
                       "noise": rng.integers(0, 3, n)})
    df["y"] = df["a"] + df["b"] + rng.normal(0, 0.5, n)
    gd = _quiet(GeoDetector(permutations=199, bootstrap=0, seed=1).fit, df, y="y",
                categorical=["a", "b", "noise"])
    inter = gd.interaction_.set_index(["factor1", "factor2"])
    assert inter.loc[("a", "b"), "p_enhance"] == pytest.approx(1 / 200)
    assert inter.loc[("a", "b"), "p12_permutation"] == pytest.approx(1 / 200)
    assert inter.loc[("a", "noise"), "p_enhance"] > 0.05
    # the type says whether its enhancement is significant (tables, zh and en)
    assert inter.loc[("a", "b"), "enhance_significant"] is np.True_ or \
        inter.loc[("a", "b"), "enhance_significant"] == True  # noqa: E712
    assert inter.loc[("a", "noise"), "enhance_significant"] == False  # noqa: E712
    from ccdkit.data import localize_table
    en = localize_table(gd.interaction_, "en").set_index(["factor1", "factor2"])["type"]
    zh = localize_table(gd.interaction_, "zh").set_index(["因子1", "因子2"])["交互作用类型"]
    noise_type = inter.loc[("a", "noise"), "type"]
    assert en[("a", "noise")] == noise_type + " (n.s.)"
    assert zh[("a", "noise")].endswith("（不显著）")
    assert not en[("a", "b")].endswith("(n.s.)")
    again = _quiet(GeoDetector(permutations=199, bootstrap=0, seed=1).fit, df, y="y",
                   categorical=["a", "b", "noise"])
    pd.testing.assert_frame_equal(gd.interaction_, again.interaction_)


# --- 3. effect sizes ------------------------------------------------------------------------------

def test_q_adj_is_epsilon_squared_from_scipy_anova():
    """q_adj = epsilon-squared = (L - 1)(F - 1) / ((L - 1) F + N - L), F from scipy."""
    from scipy import stats

    rng = np.random.default_rng(0)
    codes = rng.integers(0, 5, 60)
    y = codes * 0.3 + rng.normal(size=60)
    F, _ = stats.f_oneway(*[y[codes == h] for h in range(5)])
    N, L = 60, 5
    eps2 = (L - 1) * (F - 1) / ((L - 1) * F + N - L)
    row = factor_detector(y, {"x": codes}).iloc[0]
    assert row["q_adj"] == pytest.approx(eps2, abs=1e-12)
    assert row["q_adj"] == pytest.approx(q_adjusted(row["q"], N, L))
    assert row["F"] == pytest.approx(F, rel=1e-10)


def test_q_adj_does_not_grow_with_noise_strata():
    rng = np.random.default_rng(1)
    qs, adj = [], []
    for _ in range(200):
        y = rng.normal(size=26)
        row = factor_detector(y, {"x": rng.integers(0, 8, 26)}).iloc[0]
        qs.append(row["q"])
        adj.append(row["q_adj"])
    assert np.mean(qs) > 0.2  # about (L - 1)/(N - 1) with no effect at all
    assert abs(np.mean(adj)) < 0.05


def test_select_max_q_adj_prefers_fewer_strata_at_small_n():
    df = _province_like(7)
    ok = df["x1"].notna()
    a = _quiet(optimal_discretization, df.loc[ok, "x4"], df.loc[ok, "y"])
    b = _quiet(optimal_discretization, df.loc[ok, "x4"], df.loc[ok, "y"], select="max_q_adj")
    assert b.grid.loc[b.grid["valid"], "q_adj"].max() == pytest.approx(
        b.grid.loc[(b.grid["method"] == b.best.method) & (b.grid["k"] == b.best.k),
                   "q_adj"].iloc[0])
    assert b.best.n_classes <= a.best.n_classes


# --- 4. uncertainty of q ------------------------------------------------------------------------

def test_bootstrap_interval_against_scipy_bootstrap():
    from scipy import stats

    rng = np.random.default_rng(3)
    codes = np.repeat([0, 1, 2], 40)
    y = codes * 0.5 + rng.normal(size=120)
    lo, hi, used = bootstrap_q(y, codes, B=4000, rng=np.random.default_rng(0))
    assert used == 4000

    def q(yy, cc, axis=-1):  # plain numpy, vectorized over resamples: 1 - SSW/SST
        sst = ((yy - yy.mean(axis=axis, keepdims=True)) ** 2).sum(axis=axis)
        ssw = 0.0
        for h in range(3):
            m = cc == h
            nh = m.sum(axis=axis, keepdims=True)
            mean_h = (yy * m).sum(axis=axis, keepdims=True) / np.maximum(nh, 1)
            ssw = ssw + (((yy - mean_h) ** 2) * m).sum(axis=axis)
        return 1 - ssw / sst

    assert q(y, codes) == pytest.approx(factor_detector(y, {"x": codes})["q"].iloc[0])
    ref = stats.bootstrap((y, codes), q, paired=True, vectorized=True, n_resamples=4000,
                          method="percentile", random_state=1).confidence_interval
    assert lo == pytest.approx(ref.low, abs=0.03) and hi == pytest.approx(ref.high, abs=0.03)
    row = factor_detector(y, {"x": codes}, bootstrap=199, seed=4).iloc[0]
    assert row["q_ci_low"] <= row["q"] <= row["q_ci_high"]


def test_estimator_tables_carry_every_number():
    df = _province_like()
    gd = _quiet(GeoDetector(permutations=99, bootstrap=99).fit, df, y="y")
    f = gd.factor_
    for col in ("q", "q_adj", "q_ci_low", "q_ci_high", "p", "p_permutation"):
        assert f[col].notna().all(), col
    assert gd.result_.options["bootstrap"] == 99
    assert any("N/L" in n for n in gd.result_.notes)
    inter = gd.interaction_
    assert inter[["q12_adj", "p12_permutation", "p_enhance"]].notna().any().all()


# --- 5. one core ---------------------------------------------------------------------------------

def test_dask_and_memory_give_identical_tables_and_notes():
    da = pytest.importorskip("dask.array")
    rng = np.random.default_rng(8)
    n = 600
    df = pd.DataFrame({
        "y": rng.normal(size=n),
        "ints_as_float": rng.integers(0, 4, n).astype(float),   # categorical in both paths
        "cont": rng.uniform(0, 10, n),
        "const": np.ones(n),
        "with_nan": rng.uniform(0, 1, n),
    })
    df["y"] += df["ints_as_float"] + 0.2 * df["cont"]
    df.loc[rng.choice(n, 40, replace=False), "with_nan"] = np.nan
    df.loc[rng.choice(n, 5, replace=False), "y"] = np.nan
    df.loc[0, "ints_as_float"] = 9.0  # a singleton stratum
    opts = dict(permutations=0, bootstrap=0, k=(3, 5))
    with warnings.catch_warnings(record=True) as w_mem:
        warnings.simplefilter("always")
        mem = GeoDetector(**opts).fit(df, y="y")
    with warnings.catch_warnings(record=True) as w_dask:
        warnings.simplefilter("always")
        lazy = GeoDetector(**opts).fit({c: da.from_array(df[c].to_numpy(), chunks=97)
                                        for c in df}, y="y")
    pd.testing.assert_frame_equal(mem.factor_, lazy.factor_, check_exact=False, rtol=1e-9)
    pd.testing.assert_frame_equal(mem.interaction_, lazy.interaction_, check_exact=False,
                                  rtol=1e-9)
    assert mem.result_.notes == lazy.result_.notes
    assert [str(w.message) for w in w_mem] == [str(w.message) for w in w_dask]
    assert mem.factor_.set_index("factor").loc["ints_as_float", "method"] == "categorical"
    for f in mem.risk_:
        pd.testing.assert_frame_equal(mem.risk_[f][1], lazy.risk_[f][1], check_exact=False,
                                      rtol=1e-9)


# --- 6. validation --------------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, key", [
    ({"permutations": -1}, "permutations"),
    ({"alpha": 1.5}, "alpha"),
    ({"min_stratum": 0}, "min_stratum"),
    ({"k": 10**9}, "k"),
    ({"k": (3, 10**12)}, "k"),
    ({"seed": "x"}, "seed"),
    ({"interaction_rule": "gd"}, "interaction_rule"),
    ({"bootstrap": -5}, "bootstrap"),
    ({"select": "best"}, "select"),
])
def test_bad_options_name_the_option(kwargs, key):
    df = _province_like()
    with pytest.raises(ConfigError, match=f"GeoDetector: {key}"):
        GeoDetector(**kwargs).fit(df, y="y")


def test_bad_response_and_lengths():
    df = _province_like()
    df["y"] = df["y"].astype(object)
    df.loc[4, "y"] = "n/a?"
    with pytest.raises(DataError, match=r"response 'y' must be numeric: row\(s\) \[4\]"):
        GeoDetector().fit(df, y="y")
    df = _province_like()
    df.loc[2, "y"] = np.inf
    with pytest.warns(MissingDataWarning, match="1 row\\(s\\) without a finite value"):
        gd = GeoDetector(permutations=0, bootstrap=0).fit(df, y="y")
    assert gd.factor_["N"].max() == 25
    with pytest.raises(DataError, match="different lengths"):
        GeoDetector().fit({"y": np.arange(5.0), "x": np.arange(4)}, y="y")


def test_functions_check_their_counts():
    with pytest.raises(DataError, match="permutations must be a whole number >= 0, got -1"):
        factor_detector([1.0, 2, 3, 4], {"x": [0, 0, 1, 1]}, permutations=-1)
    with pytest.raises(DataError, match="bootstrap must be"):
        factor_detector([1.0, 2, 3, 4], {"x": [0, 0, 1, 1]}, bootstrap=1.5)
    with pytest.raises(DataError, match="ci_level"):
        factor_detector([1.0, 2, 3, 4], {"x": [0, 0, 1, 1]}, ci_level=95)
    with pytest.raises(DataError, match="rule must be one of"):
        interaction_detector([1.0, 2], {"a": [0, 1], "b": [0, 1]}, rule="gd")


def test_resampling_defaults_depend_on_n_and_are_recorded():
    """permutations/bootstrap "auto": 999 at provincial N; none above 5,000 rows, with a
    note that the F test is used (before: 999 of each at any N, minutes at 1e5 rows with no
    progress). The numbers used are in the options; progress reports each test; the
    tables of a run without resampling leave its empty columns out."""
    from ccdkit.geodetector import AUTO_MAX_N
    rng = np.random.default_rng(0)

    def frame(n):
        df = pd.DataFrame({"x": rng.integers(0, 4, n), "z": rng.integers(0, 3, n)})
        return df.assign(y=df["x"] + rng.normal(0, 1, n))

    small = _quiet(GeoDetector(k=(3, 4)).fit, frame(31), y="y", categorical=["x", "z"])
    assert small.result_.options["permutations"] == small.result_.options["bootstrap"] == 999
    assert small.result_.options["resampling_rule"]["permutations"] == "auto"
    assert np.isfinite(small.factor_["p_permutation"]).all()
    lines = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        big = GeoDetector(k=(3, 4)).fit(frame(AUTO_MAX_N + 1), y="y", categorical=["x", "z"],
                                        progress=lines.append)
    res = big.result_
    assert res.options["permutations"] == res.options["bootstrap"] == 0
    assert any("F test" in str(w.message) and f"N = {AUTO_MAX_N + 1}" in str(w.message)
               for w in caught)
    assert lines == []  # nothing resampled
    assert "p_permutation" not in res.tables()["factor_detector"]
    assert "q_ci_low" not in res.tables()["factor_detector"]
    assert "p_enhance" not in res.tables()["interaction_detector"]
    assert "not computed" in res.summary()
    forced = _quiet(GeoDetector(k=(3, 4), permutations=19, bootstrap=0).fit,
                    frame(AUTO_MAX_N + 1), y="y", categorical=["x", "z"],
                    progress=lines.append)
    assert forced.result_.options["permutations"] == 19
    assert len(lines) == 3 and lines[-1].startswith("resampling 3/3: x ∩ z")
