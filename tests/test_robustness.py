"""Robustness: bootstrap intervals (against scipy.stats.bootstrap and a coverage simulation
with a known truth), the batch engine (against the library's own one-at-a-time path) and
the sensitivity analysis (analytic first-order indices, scipy's rank correlations)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from ccdkit import ConfigError, DataError, coupling_coordination
from ccdkit.indices import topsis, weighted_sum
from ccdkit.indices.weights import WEIGHTING, critic_weights, entropy_weights
from ccdkit.robustness import (
    IndexInput,
    bca_interval,
    bootstrap_coupling,
    first_order_indices,
    percentile_interval,
    rank_agreement,
    sensitivity_analysis,
)
from ccdkit.robustness._engine import score_batch, weights_batch


def _panel(seed: int = 0, n: int = 12, years=(2018, 2019, 2020, 2021)) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"region": np.repeat([f"r{i:02d}" for i in range(n)], len(years)),
                       "year": np.tile(years, n)})
    for c in ("a1", "a2", "a3", "b1", "b2"):
        df[c] = rng.lognormal(0, 0.6, len(df))
    return df


def _systems(df, **a_choices):
    a = IndexInput(df, ["a1", "a2", "a3"], directions=["+", "+", "-"], name="A",
                   **{"weighting": "entropy", "scoring": "topsis", **a_choices})
    b = IndexInput(df, ["b1", "b2"], weighting="critic", scoring="weighted_sum", name="B")
    return {"A": a, "B": b}


# --- intervals against scipy.stats.bootstrap ---------------------------------------------

@pytest.mark.parametrize("method", ["percentile", "BCa"])
def test_intervals_equal_scipy_bootstrap(method):
    """Given scipy's own bootstrap distribution (and the leave-one-out values), the
    percentile and BCa bounds are scipy's (scipy 1.17, ``scipy.stats.bootstrap``)."""
    rng = np.random.default_rng(3)
    x = rng.lognormal(0, 1, 40)
    res = stats.bootstrap((x,), np.mean, n_resamples=2000, method=method,
                          confidence_level=0.9, rng=np.random.default_rng(5))
    boot = res.bootstrap_distribution[:, None]
    if method == "BCa":
        jack = np.array([np.delete(x, i).mean() for i in range(len(x))])[:, None]
        lo, hi = bca_interval(np.array([x.mean()]), boot, jack, 0.9)
    else:
        lo, hi = percentile_interval(boot, 0.9)
    assert lo[0] == pytest.approx(res.confidence_interval.low, rel=1e-12)
    assert hi[0] == pytest.approx(res.confidence_interval.high, rel=1e-12)


def test_bca_of_many_statistics_at_once_equals_one_by_one():
    rng = np.random.default_rng(1)
    boot = rng.gamma(2.0, size=(500, 6))
    jack = rng.normal(size=(20, 6))
    theta = boot.mean(axis=0) * 0.97
    lo, hi = bca_interval(theta, boot, jack, 0.95)
    for j in range(6):
        l1, h1 = bca_interval(theta[j:j + 1], boot[:, j:j + 1], jack[:, j:j + 1], 0.95)
        assert (lo[j], hi[j]) == pytest.approx((l1[0], h1[0]), rel=1e-13)
    # a statistic that never varies has the interval [value, value]
    flat = np.full((100, 1), 0.25)
    assert bca_interval(np.array([0.25]), flat, np.zeros((5, 1)), 0.9) == (
        pytest.approx([0.25]), pytest.approx([0.25]))


def test_bca_with_ties_equals_scipy_and_rounding_noise_is_a_tie():
    """A statistic capped at 2.4 (the mean of x, at most 2.4): most replicates equal the
    estimate. With exact ties the bounds are scipy's (scipy.stats.bootstrap, BCa, ties
    counted half); when those replicates differ from the estimate by rounding only (as a
    study's recomputed scores do) the bounds are unchanged, never NaN (before: z0 = -inf,
    NaN bounds)."""
    x = np.random.default_rng(1).normal(2.5, 1, 30)

    def capped(v, axis=-1):
        return np.minimum(np.mean(v, axis=axis), 2.4)

    res = stats.bootstrap((x,), capped, n_resamples=999, method="BCa",
                          confidence_level=0.9, rng=np.random.default_rng(2))
    boot = res.bootstrap_distribution[:, None]
    assert (boot == 2.4).mean() > 0.5
    jack = np.array([capped(np.delete(x, i)) for i in range(len(x))])[:, None]
    lo, hi = bca_interval(np.array([2.4]), boot, jack, 0.9)
    assert lo[0] == pytest.approx(res.confidence_interval.low, rel=1e-12)
    assert hi[0] == pytest.approx(res.confidence_interval.high, rel=1e-12)
    noisy = np.where(boot == 2.4, 2.4 * (1 - 4e-16), boot)
    lo2, hi2 = bca_interval(np.array([2.4]), noisy, jack, 0.9)
    assert np.isfinite([lo2[0], hi2[0]]).all()
    assert (lo2[0], hi2[0]) == pytest.approx((lo[0], hi[0]), rel=1e-12)


def test_bca_with_every_replicate_on_one_side_falls_back_to_percentile_with_a_warning():
    from ccdkit.exceptions import ResamplingWarning
    rng = np.random.default_rng(0)
    boot = np.column_stack([rng.normal(1.0, 0.1, 400), 5.0 + rng.random(400)])
    theta = np.array([1.0, 4.0])  # the second estimate lies below every replicate
    with pytest.warns(ResamplingWarning, match="1 of 2"):
        lo, hi = bca_interval(theta, boot, rng.normal(size=(30, 2)), 0.95)
    plo, phi = percentile_interval(boot[:, 1:], 0.95)
    assert (lo[1], hi[1]) == (plo[0], phi[0])
    assert np.isfinite(lo).all() and np.isfinite(hi).all()


# --- the batch engine equals the library, replicate by replicate -------------------------

@pytest.mark.parametrize("params", [{"method": "entropy"},
                                    {"method": "entropy", "shift": 0.01},
                                    {"method": "entropy", "standardize": "none"},
                                    {"method": "critic"}])
def test_weights_batch_equals_weight_functions(params):
    df = _panel()
    x = df[["a1", "a2", "a3"]].to_numpy()
    d = ["+", "+", "-"]
    inp = IndexInput(df, ["a1", "a2", "a3"], directions=d)
    idx = np.random.default_rng(0).integers(0, len(x), size=(25, len(x)))
    got = weights_batch(x, idx, inp, WEIGHTING.parse(params))
    options = {k: v for k, v in params.items() if k != "method"}
    func = entropy_weights if params["method"] == "entropy" else critic_weights
    want = np.vstack([func(x[i], directions=d, **options).weights for i in idx])
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-14)


@pytest.mark.parametrize("scoring", [{"method": "topsis"},
                                     {"method": "topsis", "matrix": "vector"},
                                     {"method": "topsis", "matrix": "proportion"},
                                     {"method": "topsis", "matrix": "raw"},
                                     {"method": "topsis", "weights_in": "distance"},
                                     {"method": "weighted_sum"}])
def test_score_batch_equals_topsis_and_weighted_sum(scoring):
    df = _panel(1)
    x = df[["a1", "a2", "a3"]].to_numpy()
    d = ["+", "-", "+"]
    W = np.random.default_rng(2).dirichlet(np.ones(3), size=15)
    got = score_batch(x, W, d, scoring)
    options = {k: v for k, v in scoring.items() if k != "method"}
    if scoring["method"] == "weighted_sum":
        want = np.vstack([weighted_sum(x, w, directions=d).scores for w in W])
    else:
        want = np.vstack([topsis(x, w, directions=d, **options).closeness for w in W])
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-14)


@pytest.mark.parametrize("pooling", ["pooled", "per_year"])
def test_bootstrap_estimates_are_the_library_results(pooling):
    """The point estimates are composite_index + coupling_coordination on the data."""
    df = _panel(4)
    systems = _systems(df, pooling=pooling)
    res = bootstrap_coupling(systems, replicates=50, seed=0, coupling="wang2021",
                             coupling_weights=[0.4, 0.6])
    scores = systems["A"].compute().scores.merge(systems["B"].compute().scores)
    cc = coupling_coordination("A", "B", data=scores, coupling="wang2021",
                               weights=[0.4, 0.6])
    d = res.interval("D").merge(cc.to_frame()[["region", "year", "D"]])
    np.testing.assert_allclose(d["estimate"], d["D"], atol=1e-12)
    a = res.interval("A").merge(scores[["region", "year", "A"]])
    np.testing.assert_allclose(a["estimate"], a["A"], atol=1e-12)
    wa = res.weights[res.weights["system"] == "A"]
    table = systems["A"].compute().weight_table()
    if pooling == "pooled":
        np.testing.assert_allclose(wa["estimate"], table["weight"], atol=1e-12)
    else:
        assert len(wa) == 3 * 4 and set(wa["pool"]) == {2018, 2019, 2020, 2021}


# --- bootstrap behaviour ---------------------------------------------------------------

def test_bootstrap_is_reproducible_with_the_seed_and_records_it():
    df = _panel(5)
    a = bootstrap_coupling(_systems(df), replicates=60, seed=11)
    b = bootstrap_coupling(_systems(df), replicates=60, seed=11)
    c = bootstrap_coupling(_systems(df), replicates=60, seed=12)
    pd.testing.assert_frame_equal(a.scores, b.scores)
    pd.testing.assert_frame_equal(a.type_probability, b.type_probability)
    assert not a.scores["ci_lower"].equals(c.scores["ci_lower"])
    assert a.options["seed"] == 11 and a.options["used"] == 60
    drawn = bootstrap_coupling(_systems(df), replicates=30)
    assert isinstance(drawn.options["seed"], int)  # drawn, recorded, repeatable
    again = bootstrap_coupling(_systems(df), replicates=30, seed=drawn.options["seed"])
    pd.testing.assert_frame_equal(drawn.scores, again.scores)


def test_bootstrap_estimates_do_not_depend_on_row_order():
    df = _panel(6)
    shuffled = df.sample(frac=1.0, random_state=1).reset_index(drop=True)
    a = bootstrap_coupling(_systems(df), replicates=30, seed=0).interval("D")
    b = bootstrap_coupling(_systems(shuffled), replicates=30, seed=0).interval("D")
    m = a.merge(b, on=["region", "year"])
    np.testing.assert_allclose(m["estimate_x"], m["estimate_y"], atol=1e-12)


def test_bootstrap_tables_are_consistent():
    df = _panel(7)
    res = bootstrap_coupling(_systems(df), replicates=100, seed=1, groups={
        "first": ["r00", "r01", "r02"], "rest": [f"r{i:02d}" for i in range(3, 12)]})
    s = res.scores
    assert (s["ci_lower"] <= s["ci_upper"] + 1e-15).all()
    d = res.interval("D")
    assert d[["ci_lower", "ci_upper"]].stack().between(0, 1).all()
    # type probabilities of each region-year sum to 1; the point type is flagged once
    tp = res.type_probability.groupby(["region", "year"])
    np.testing.assert_allclose(tp["probability"].sum(), 1.0)
    assert (tp["estimated"].sum() <= 1).all()
    # shares of the types in a year sum to 1
    np.testing.assert_allclose(res.type_shares.groupby("year")["estimate"].sum(), 1.0)
    assert set(res.group_means["group"]) == {"nation", "first", "rest"}
    nation = res.group_means[res.group_means["group"] == "nation"].set_index("year")
    np.testing.assert_allclose(nation["estimate"], d.groupby("year")["estimate"].mean())
    assert "Bootstrap (within_year" in res.summary()


def test_data_free_weights_have_zero_width_intervals():
    df = _panel(8)
    systems = {"A": IndexInput(df, ["a1", "a2"], weighting="equal"),
               "B": IndexInput(df, ["b1", "b2"], weighting="equal")}
    res = bootstrap_coupling(systems, replicates=40, seed=0)
    assert (res.weights["ci_lower"] == res.weights["ci_upper"]).all()
    assert (res.scores["boot_se"] < 1e-12).all()


def test_cluster_bootstrap_and_bca_run_and_cluster_needs_a_balanced_panel():
    df = _panel(9)
    from ccdkit.exceptions import SmallSampleWarning
    with pytest.warns(SmallSampleWarning, match="BCa intervals from 60 replicates on 12 "):
        res = bootstrap_coupling(_systems(df), replicates=60, seed=0, scheme="cluster",
                                 interval="bca")
    assert res.options["scheme"] == "cluster" and res.options["interval"] == "bca"
    assert any("unreliable" in n for n in res.notes)
    assert res.interval("D")["ci_lower"].notna().all()
    with pytest.raises(DataError, match="balanced panel"):
        bootstrap_coupling(_systems(df.iloc[1:]), replicates=30, seed=0, scheme="cluster")
    with pytest.raises(ConfigError, match="replicates"):
        bootstrap_coupling(_systems(df), replicates=5)


def test_bootstrap_coverage_on_data_with_a_known_truth():
    """Entropy weights on raw shares are ratios of Theil indices (g_j = T_j / ln m), so for
    log-normal indicators with sigma_j the true weight is sigma_j^2 / sum sigma^2 (Theil =
    sigma^2 / 2). 90 % percentile intervals from 31 regions x 12 years must cover it (and
    the true D, computed by hand from the true weights) close to 90 % of the time."""
    sig = np.array([0.3, 0.5, 0.7, 0.9])
    truth = sig ** 2 / (sig ** 2).sum()

    def minmax(x):
        return (x - x.min(0)) / (x.max(0) - x.min(0))

    w_hits, d_hits = [], []
    for rep in range(45):
        rng = np.random.default_rng(1000 + rep)
        n, T = 31, 12
        df = pd.DataFrame({"region": np.repeat([f"r{i}" for i in range(n)], T),
                           "year": np.tile(np.arange(2010, 2010 + T), n)})
        xa, xb = rng.lognormal(0, sig, (n * T, 4)), rng.uniform(1, 2, (n * T, 2))
        for j in range(4):
            df[f"a{j}"] = xa[:, j]
        df["b0"], df["b1"] = xb[:, 0], xb[:, 1]
        systems = {"A": IndexInput(df, [f"a{j}" for j in range(4)], scoring="weighted_sum",
                                   weighting={"method": "entropy", "standardize": "none"}),
                   "B": IndexInput(df, ["b0", "b1"], weighting="equal",
                                   scoring="weighted_sum")}
        res = bootstrap_coupling(systems, replicates=200, level=0.9, seed=rep)
        w = res.weights[res.weights["system"] == "A"]
        w_hits += list((w["ci_lower"] <= truth) & (truth <= w["ci_upper"]))
        u1, u2 = minmax(xa) @ truth, minmax(xb).mean(axis=1)
        true_d = np.sqrt(2 * np.sqrt(u1 * u2) / (u1 + u2) * (u1 + u2) / 2)
        d = res.interval("D")
        d_hits.append(((d["ci_lower"] <= true_d) & (true_d <= d["ci_upper"])).mean())
    assert 0.80 <= np.mean(w_hits) <= 0.97
    assert 0.80 <= np.mean(d_hits) <= 0.97


# --- sensitivity ---------------------------------------------------------------------------

def test_first_order_indices_of_an_additive_function_are_analytic():
    """Y = a [X1 = 1] + b X2 on the full factorial of X1 in {0, 1}, X2 in {0, 1, 2}:
    S1 = (a^2 / 4) / (a^2 / 4 + 2 b^2 / 3), S2 = 1 - S1 (no interaction)."""
    a, b = 1.5, 0.7
    x1, x2 = np.repeat([0, 1], 3), np.tile([0, 1, 2], 2)
    y = a * x1 + b * x2
    s1 = (a ** 2 / 4) / (a ** 2 / 4 + 2 * b ** 2 / 3)
    assert float(first_order_indices(y, x1)) == pytest.approx(s1, rel=1e-12)
    assert float(first_order_indices(y, x2)) == pytest.approx(1 - s1, rel=1e-12)
    # with an interaction the first-order indices sum to less than 1
    y2 = y + 2.0 * x1 * (x2 == 2)
    assert first_order_indices(y2, x1) + first_order_indices(y2, x2) < 1
    # a Monte Carlo sample estimates them (bias about (levels - 1) / runs)
    rng = np.random.default_rng(0)
    m1, m2 = rng.integers(0, 2, 20000), rng.integers(0, 3, 20000)
    assert float(first_order_indices(a * m1 + b * m2, m1)) == pytest.approx(s1, abs=0.01)


def test_rank_agreement_is_scipy_spearman_and_kendall_per_year():
    rng = np.random.default_rng(2)
    years = np.repeat([1, 2, 3], 15)
    a = rng.normal(size=45)
    b = a + rng.normal(scale=0.8, size=45)
    b[:3] = b[3]  # ties
    rho, tau = rank_agreement(a, b, years)
    want_rho = np.mean([stats.spearmanr(a[years == y], b[years == y])[0] for y in (1, 2, 3)])
    want_tau = np.mean([stats.kendalltau(a[years == y], b[years == y])[0] for y in (1, 2, 3)])
    assert rho == pytest.approx(want_rho, abs=1e-12)
    assert tau == pytest.approx(want_tau, abs=1e-12)


def test_sensitivity_scenarios_equal_the_library_path():
    """The baseline and each one-at-a-time scenario equal composite_index +
    coupling_coordination with that choice."""
    df = _panel(10)
    systems = _systems(df)
    res = sensitivity_analysis(systems, seed=0, alternatives={
        "weighting": ["equal"], "scoring": ["weighted_sum"], "coupling": ["fan2024"],
        "normalization": ["vector"], "pooling": ["per_year"]})
    assert res.options["design"] == "factorial" and len(res.design) == 2 ** 5

    def library_d(a_changes, b_changes, coupling="classic"):
        s = [systems[k].replace(**c).compute().scores for k, c in (("A", a_changes),
                                                                   ("B", b_changes))]
        cc = coupling_coordination("A", "B", data=s[0].merge(s[1]), coupling=coupling)
        return cc.to_frame()[["region", "year", "D"]]

    def run_d(**levels):
        row = np.ones(len(res.design), dtype=bool)
        for f in ("weighting", "normalization", "scoring", "pooling", "coupling"):
            row &= res.design[f] == levels.get(f, "configured")
        (i,) = np.flatnonzero(row)
        return res.keys.assign(got=res.D[i])

    cases = [({}, {}, {}, "classic"),
             ({"weighting": "equal"}, {"weighting": "equal"}, {"weighting": "equal"},
              "classic"),
             ({"scoring": "weighted_sum"}, {"scoring": "weighted_sum"}, {}, "classic"),
             ({"normalization": "vector"}, {"scoring": {"method": "topsis", "matrix": "vector"}},
              {}, "classic"),
             ({"pooling": "per_year"}, {"pooling": "per_year"}, {"pooling": "per_year"},
              "classic"),
             ({"coupling": "fan2024"}, {}, {}, "fan2024")]
    for levels, a_changes, b_changes, coupling in cases:
        m = run_d(**levels).merge(library_d(a_changes, b_changes, coupling))
        np.testing.assert_allclose(m["got"], m["D"], atol=1e-12, err_msg=str(levels))
    base = res.baseline.merge(library_d({}, {}), on=["region", "year"])
    np.testing.assert_allclose(base["D_x"], base["D_y"], atol=1e-12)


def test_sensitivity_outputs():
    df = _panel(11)
    res = sensitivity_analysis(_systems(df), seed=0)
    u = res.units
    assert ((u["rank_p05"] <= u["rank_median"]) & (u["rank_median"] <= u["rank_p95"])).all()
    assert u["type_change"].between(0, 1).all()
    assert res.indices["S_D"].between(0, 1).all() and res.indices["S_rank"].between(0, 1).all()
    m = res.agreement_matrix("kendall")
    assert list(m.index) == list(m.columns) and np.allclose(np.diag(m), 1.0)
    np.testing.assert_allclose(m.to_numpy(), m.to_numpy().T)
    # ranks within a year are a permutation of 1..n (ties averaged keep the sum)
    for _, rows in pd.Series(range(len(res.keys))).groupby(res.keys["year"]):
        np.testing.assert_allclose(res.rank[:, rows.to_numpy()].sum(axis=1),
                                   len(rows) * (len(rows) + 1) / 2)
    assert "first-order index of D" in res.summary()


def test_monte_carlo_is_reproducible_and_noise_forces_it():
    df = _panel(12)
    a = sensitivity_analysis(_systems(df), runs=40, design="monte_carlo", seed=3)
    b = sensitivity_analysis(_systems(df), runs=40, design="monte_carlo", seed=3)
    np.testing.assert_array_equal(a.D, b.D)
    pd.testing.assert_frame_equal(a.design, b.design)
    n = sensitivity_analysis(_systems(df), runs=40, weight_noise=0.2, seed=3)
    assert n.options["design"] == "monte_carlo" and len(n.design) == 40
    with pytest.raises(ConfigError, match="weight_noise"):
        sensitivity_analysis(_systems(df), design="factorial", weight_noise=0.1)
    with pytest.raises(ConfigError, match="unknown factor"):
        sensitivity_analysis(_systems(df), alternatives={"weights": ["equal"]})
    with pytest.raises(ConfigError, match="unknown method"):
        sensitivity_analysis(_systems(df), alternatives={"weighting": ["entropyy"]})


def test_undefined_alternative_falls_back_with_a_warning():
    """improved entropy with nested judgments needs dimensions; a system without them
    keeps its configured weighting in those runs, and the run says so."""
    df = _panel(13)
    systems = _systems(df)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = sensitivity_analysis(systems, seed=0, alternatives={
            "weighting": [{"method": "ahp", "matrix": {"dimensions": [[1]]}}]})
    assert res.notes and any(getattr(w.message, "key", None) ==
                             "robustness.weighting_fallback" for w in caught)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), scale=st.floats(0.01, 1000))
def test_property_weights_and_d_are_valid_and_scale_free(seed, scale):
    """Replicate weights are >= 0 and sum to 1; D and its bounds lie in [0, 1]; positive
    rescaling of an indicator changes nothing (min-max is scale-free)."""
    df = _panel(seed, n=8, years=(2020, 2021))
    res = bootstrap_coupling(_systems(df), replicates=25, seed=seed)
    scaled = df.assign(a1=df["a1"] * scale)
    res2 = bootstrap_coupling(_systems(scaled), replicates=25, seed=seed)
    np.testing.assert_allclose(res.scores["estimate"], res2.scores["estimate"], atol=1e-9)
    np.testing.assert_allclose(res.scores["ci_lower"], res2.scores["ci_lower"], atol=1e-9)
    d = res.interval("D")
    assert d[["estimate", "ci_lower", "ci_upper"]].stack().between(0, 1).all()
    w = res.weights
    assert (w[["estimate", "ci_lower", "ci_upper"]] >= 0).all().all()
    np.testing.assert_allclose(w.groupby("system")["estimate"].sum(), 1.0)


# --- the study's robustness block ------------------------------------------------------------

def test_config_block_is_off_in_init_and_validated():
    import yaml

    from ccdkit import study_from_dict
    from ccdkit.scaffold import study_yaml

    data = yaml.safe_load(study_yaml())
    study = study_from_dict(data)
    assert study.robustness is not None and study.robustness.enabled is False
    assert study_from_dict({k: v for k, v in data.items() if k != "robustness"}).robustness is None
    bad = dict(data, robustness={"bootstrap": {"replicate": 100}})
    with pytest.raises(ConfigError, match=r"robustness\.bootstrap\.replicate"):
        study_from_dict(bad)
    bad = dict(data, robustness={"sensitivity": {"weighting": ["entropy", "entropi"]}})
    with pytest.raises(ConfigError, match=r"robustness\.sensitivity\.weighting\[1\]: unknown method .entropi."):
        study_from_dict(bad)
    bad = dict(data, robustness={"sensitivity": {"weighting": [{"method": "entropy",
                                                                 "shfit": 0.01}]}})
    with pytest.raises(ConfigError, match=r"weighting\[0\]\.shfit: not an option of weighting "
                                          r"method 'entropy'"):
        study_from_dict(bad)
    bad = dict(data, robustness={"sensitivity": {"coupling": ["classic", "wang"]}})
    with pytest.raises(ConfigError, match=r"robustness\.sensitivity\.coupling"):
        study_from_dict(bad)
    bad = dict(data, robustness={"year": 2030})
    with pytest.raises(ConfigError, match="robustness.year 2030"):
        study_from_dict(bad)


def test_demo_writes_intervals_rank_plot_and_sensitivity(demo_output, demo_result):
    """The demo has the block on (small B): its tables, figures, report section and the
    options used (seed, replicates, levels) in the manifest."""
    import json

    rob = demo_result.robustness
    assert rob is not None and rob.bootstrap.options["replicates"] == 200
    for name in ("bootstrap_weights", "bootstrap_scores", "bootstrap_group_D",
                 "bootstrap_type_shares", "bootstrap_type_probability", "sensitivity_units",
                 "sensitivity_indices", "sensitivity_agreement", "sensitivity_runs"):
        assert (demo_output / "tables" / f"{name}.csv").is_file(), name
    for stem in ("robust_D_bands", "robust_rank_uncertainty", "robust_rank_agreement"):
        assert (demo_output / "figures" / f"{stem}.png").is_file(), stem
    report = (demo_output / "report.html").read_text(encoding="utf-8")
    assert "id='robustness'" in report and "一阶敏感性指数" in report
    used = json.loads((demo_output / "manifest.json").read_text(encoding="utf-8"))["used"]
    assert used["robustness"]["bootstrap"]["seed"] == 0
    assert used["robustness"]["sensitivity"]["levels"]["coupling"][0] == "configured"
    # the baseline of the sensitivity analysis is the study's own D
    base = rob.sensitivity.baseline.merge(demo_result.coupling.to_frame()[["region", "year", "D"]],
                                          on=["region", "year"])
    np.testing.assert_allclose(base["D_x"], base["D_y"], atol=1e-12)
    est = rob.bootstrap.interval("D").merge(demo_result.coupling.to_frame(),
                                            on=["region", "year"])
    np.testing.assert_allclose(est["estimate"], est["D"], atol=1e-12)
