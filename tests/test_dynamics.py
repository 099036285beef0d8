"""Dynamics: Markov and spatial Markov chains against PySAL giddy's numbers on the same
panel (tests/reference/dynamics.json, made by tools/make_dynamics_reference.py), kernel
densities against scipy, beta convergence against statsmodels."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import REFERENCE

from ccdkit.dynamics import (
    beta_convergence,
    kernel_density,
    markov_chain,
    quantile_classes,
    sigma_convergence,
    spatial_markov,
)
from ccdkit.exceptions import ConfigError, DataError

REF = json.loads((REFERENCE / "dynamics.json").read_text(encoding="utf-8"))


def test_markov_chain_equals_giddy():
    y = np.array(REF["y"])
    classes, bins = quantile_classes(y, 4)
    r = REF["markov"]
    assert classes.tolist() == r["classes"]  # mapclassify Quantiles convention
    mk = markov_chain(classes, 4)
    np.testing.assert_array_equal(mk.counts, r["transitions"])
    for ours, theirs in ((mk.p, "p"), (mk.steady_state, "steady_state"), (mk.mfpt, "mfpt"),
                         (mk.sojourn_time, "sojourn_time")):
        np.testing.assert_allclose(ours, r[theirs], rtol=1e-10, err_msg=theirs)


def test_markov_chain_with_an_absorbing_class_equals_giddy():
    """The top class absorbing (as the real study's): giddy's MFPT for the reachable pairs,
    inf where the target is never reached for sure, one steady state; a named warning and
    no numpy warning (before: NaN/inf silently and "divide by zero")."""
    from ccdkit.exceptions import ReducibleChainWarning
    r = REF["absorbing"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        mk = markov_chain(np.array(r["classes"]), 4)
    assert not [w for w in caught if issubclass(w.category, RuntimeWarning)]
    unreachable = [w for w in caught if issubclass(w.category, ReducibleChainWarning)]
    assert len(unreachable) == 1 and "may never happen" in str(unreachable[0].message)
    np.testing.assert_array_equal(mk.counts, r["transitions"])
    np.testing.assert_allclose(mk.p, r["p"], rtol=1e-12)
    theirs = np.array(r["mfpt"], dtype=float)
    assert (np.isinf(mk.mfpt) == np.isinf(theirs)).all()
    np.testing.assert_allclose(mk.mfpt[np.isfinite(theirs)], theirs[np.isfinite(theirs)],
                               rtol=1e-10)
    np.testing.assert_allclose(mk.steady_state, np.ravel(r["steady_state"]), atol=1e-12)
    assert mk.recurrent == [[3]] and np.isinf(mk.sojourn_time[3])
    assert "mfpt" in mk.to_frame().columns


def test_several_recurrent_classes_and_empty_classes_are_named():
    """Two closed classes: no unique steady state (NaN; one per class from steady_states,
    as giddy's list), and a class never occupied gives an empty row, both warned."""
    from ccdkit.dynamics import steady_states
    from ccdkit.exceptions import ReducibleChainWarning
    classes = np.array([[0, 1, 0, 1], [1, 0, 1, 0], [2, 2, 2, 2], [2, 2, 2, 2]])
    with pytest.warns(ReducibleChainWarning, match="2 recurrent classes"):
        mk = markov_chain(classes, 4)
    assert np.isnan(mk.steady_state).all()
    np.testing.assert_allclose(steady_states(mk.p), [[0.5, 0.5, 0, 0], [0, 0, 1, 0]])
    assert np.isnan(mk.mfpt[3]).all() and np.isnan(mk.sojourn_time[3])
    with pytest.warns(ReducibleChainWarning, match=r"class\(es\) \[4\] have no transition"):
        markov_chain(classes, 4)


def test_spatial_markov_and_homogeneity_tests_equal_giddy():
    libpysal = pytest.importorskip("libpysal")
    y = np.array(REF["y"])
    w = libpysal.weights.W(REF["neighbors"], id_order=REF["ids"])
    w.transform = "R"
    sm = spatial_markov(y, w, k=4, m=4)
    r = REF["spatial_markov"]
    np.testing.assert_allclose(sm.bins[:-1], r["cutoffs"], rtol=1e-12)
    np.testing.assert_allclose(sm.lag_bins[:-1], r["lag_cutoffs"], rtol=1e-12)
    np.testing.assert_array_equal(sm.counts, r["T"])
    np.testing.assert_allclose(sm.p, r["P"], rtol=1e-12)
    for ours, theirs in ((sm.Q, "Q"), (sm.Q_p, "Q_p_value"), (sm.LR, "LR"),
                         (sm.LR_p, "LR_p_value")):
        assert ours == pytest.approx(r[theirs], rel=1e-9), theirs
    assert sm.dof == r["dof_hom"]
    for ours, theirs in zip(sm.steady_states, r["S"]):
        theirs = np.asarray(theirs, dtype=float)
        if theirs.shape == (4,) and np.isfinite(ours).all():
            np.testing.assert_allclose(ours, theirs, rtol=1e-8)
    t = sm.tests()
    assert t["test"].tolist() == ["Q", "LR"] and (t["dof"] == 24).all()
    assert len(sm.to_frame()) == 4 * 16


def test_kernel_density_equals_scipy():
    """The curves are scipy's gaussian_kde with the same rule (Silverman, Scott) or the
    fixed bandwidth; they integrate to 1 over the grid; a two-cluster sample has 2 peaks."""
    from scipy.stats import gaussian_kde

    y = np.array(REF["y"])
    d = pd.DataFrame({"region": np.repeat(REF["ids"], 12), "year": np.tile(range(2012, 2024), 31),
                      "D": y.ravel()})
    for rule in ("silverman", "scott"):
        r = kernel_density(d, "D", bandwidth=rule)
        for year in (2012, 2023):
            curve = r.density[(r.density.year == year) & (r.density.group == "nation")]
            x = d.loc[d.year == year, "D"].to_numpy()
            np.testing.assert_allclose(curve["density"], gaussian_kde(x, bw_method=rule)(
                curve["x"].to_numpy()), rtol=1e-10)
            assert np.trapezoid(curve["density"], curve["x"]) == pytest.approx(1, abs=1e-3)
    fixed = kernel_density(d, "D", bandwidth=0.05, years=[2020])
    x = d.loc[d.year == 2020, "D"].to_numpy()
    curve = fixed.density
    np.testing.assert_allclose(curve["density"], gaussian_kde(
        x, bw_method=0.05 / x.std(ddof=1))(curve["x"].to_numpy()), rtol=1e-10)
    two = pd.DataFrame({"region": range(40), "year": 1,
                        "D": np.r_[np.linspace(0.1, 0.2, 20), np.linspace(0.7, 0.8, 20)]})
    assert kernel_density(two, "D").peaks["n_peaks"].iloc[0] == 2
    groups = {"east": REF["ids"][:11]}
    g = kernel_density(d, "D", groups=groups, years=[2012]).peaks
    assert g["group"].tolist() == ["nation", "east"] and g["N"].tolist() == [31, 11]
    with pytest.raises(ConfigError, match="bandwidth"):
        kernel_density(d, "D", bandwidth="wide")


def test_sigma_convergence():
    d = pd.DataFrame({"region": list("abc") * 2, "year": [1] * 3 + [2] * 3,
                      "D": [0.1, 0.5, 0.9, 0.4, 0.5, 0.6]})
    s = sigma_convergence(d, "D", groups={"ab": ["a", "b"]})
    nation = s[s.group == "nation"].set_index("year")
    assert nation.loc[1, "sd"] == pytest.approx(np.std([0.1, 0.5, 0.9], ddof=1))
    assert nation.loc[2, "cv"] == pytest.approx(np.std([0.4, 0.5, 0.6], ddof=1) / 0.5)
    assert s[s.group == "ab"]["N"].tolist() == [2, 2]


def test_beta_convergence_equals_statsmodels():
    """Panel beta with two-way fixed effects and region-clustered errors = statsmodels OLS
    with region and year dummies and cov_type="cluster"; cross-section beta = plain OLS;
    the speed and half-life follow from beta."""
    sm = pytest.importorskip("statsmodels.api")
    y = np.array(REF["y"])
    d = pd.DataFrame({"region": np.repeat(REF["ids"], 12), "year": np.tile(range(2012, 2024), 31),
                      "D": y.ravel(), "z": np.tile(np.linspace(0, 1, 12), 31) ** 2
                      + np.repeat(np.linspace(0, 1, 31), 12)})
    r = beta_convergence(d, "D", controls=["z"])
    p = d.sort_values(["region", "year"]).copy()
    p["lnD"] = np.log(p["D"])
    p["g"] = p.groupby("region")["lnD"].shift(-1) - p["lnD"]
    p = p.dropna(subset=["g"])
    x = pd.concat([p[["lnD", "z"]], pd.get_dummies(p["region"], drop_first=True, dtype=float),
                   pd.get_dummies(p["year"], drop_first=True, dtype=float)], axis=1)
    fit = sm.OLS(p["g"].to_numpy(), sm.add_constant(x.to_numpy())).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(p["region"])[0]})
    assert r.beta == pytest.approx(fit.params[1], rel=1e-9)
    assert r.se == pytest.approx(fit.bse[1], rel=1e-9)
    assert r.table.set_index("term").loc["z", "coef"] == pytest.approx(fit.params[2], rel=1e-9)
    assert r.N == len(p) and r.clusters == 31
    if -1 < r.beta < 0:
        assert r.speed == pytest.approx(-np.log(1 + r.beta))
        assert r.half_life == pytest.approx(np.log(2) / r.speed)
    else:  # no convergence speed outside (-1, 0)
        assert np.isnan(r.speed) and np.isnan(r.half_life)
    cs = beta_convergence(d, "D", kind="cross_section")
    first = d[d.year == 2012].set_index("region")["D"]
    last = d[d.year == 2023].set_index("region")["D"]
    ols = sm.OLS(np.log(last / first).to_numpy() / 11,
                 sm.add_constant(np.log(first).to_numpy())).fit()
    assert cs.beta == pytest.approx(ols.params[1], rel=1e-9)
    assert cs.se == pytest.approx(ols.bse[1], rel=1e-9)
    assert cs.p == pytest.approx(ols.pvalues[1], rel=1e-9)
    assert cs.speed == pytest.approx(-np.log(1 + 11 * cs.beta) / 11)


def test_beta_convergence_errors():
    d = pd.DataFrame({"region": list("abc") * 3, "year": [1] * 3 + [2] * 3 + [3] * 3,
                      "D": [0, 0.5, 0.9, 0.2, 0.6, 0.8, 0.3, 0.6, 0.85]})
    with pytest.raises(DataError, match="log growth needs D > 0.*a 1.*growth='difference'"):
        beta_convergence(d, "D")
    assert np.isfinite(beta_convergence(d, "D", growth="difference",
                                        fixed_effects="none").beta)
    with pytest.raises(ConfigError, match="kind"):
        beta_convergence(d, "D", kind="global")


def test_demo_runs_the_dynamics(demo_output, demo_result):
    """The demo's dynamics: tables, figures and report section; the numbers are the
    library functions' on the run's own coupling table."""
    dyn = demo_result.dynamics
    for name in ("kde_peaks", "markov", "spatial_markov_tests", "sigma_convergence",
                 "beta_convergence"):
        assert (demo_output / "tables" / f"{name}.csv").exists(), name
    for stem in ("kde_surface", "kde_lines"):
        assert (demo_output / "figures" / f"{stem}.png").exists(), stem
    frame = demo_result.coupling.to_frame()
    wide = frame.pivot(index="region", columns="year", values="D").reindex(
        demo_result.study.region_ids)
    classes, bins = quantile_classes(wide.to_numpy(), 4)
    np.testing.assert_array_equal(dyn.markov.counts, markov_chain(classes, 4).counts)
    assert dyn.options["growth"] == "difference"  # D is 0 somewhere in 2012
    b = beta_convergence(frame, "D", growth="difference")
    assert dyn.beta["absolute"].beta == pytest.approx(b.beta, rel=1e-12)
    assert dyn.spatial_markov.dof > 0 and 0 <= dyn.spatial_markov.Q_p <= 1
    # the spatial chain uses the classic chain's classes
    np.testing.assert_array_equal(dyn.spatial_markov.pooled.counts, dyn.markov.counts)
    np.testing.assert_array_equal(dyn.spatial_markov.counts.sum(axis=0), dyn.markov.counts)
    report = (demo_output / "report.html").read_text(encoding="utf-8")
    section = report[report.index("<section id='dynamics'"):]
    section = section[:section.index("</section>")]
    assert "id='fig-kde_surface'" in section and "β收敛" in section
    assert "动态演进方面，以高斯核密度估计" in report


def test_spatial_beta_convergence_is_spreg_on_the_panel():
    """The spatial beta model is spreg's ML_LagFE on growth (regions x years-1, in the
    weights' order) and the initial level, whatever the row order of the input table."""
    spreg = pytest.importorskip("spreg")
    libpysal = pytest.importorskip("libpysal")
    from ccdkit.dynamics import spatial_beta_convergence

    y = np.array(REF["y"])
    w = libpysal.weights.W(REF["neighbors"], id_order=REF["ids"])
    w.transform = "R"
    d = pd.DataFrame({"region": np.repeat(REF["ids"], 12), "year": np.tile(range(2012, 2024), 31),
                      "D": y.ravel()}).sample(frac=1, random_state=1)
    r = spatial_beta_convergence(d, "D", w)
    lev = np.log(y)
    m = spreg.ML_LagFE(lev[:, 1:] - lev[:, :-1], lev[:, :-1], w)
    assert r.beta == pytest.approx(float(m.betas[0, 0]), rel=1e-8)
    assert r.options["rho"] == pytest.approx(float(m.betas[1, 0]), rel=1e-8)
    assert r.se == pytest.approx(float(np.sqrt(m.vm[0, 0])), rel=1e-8)
    assert r.N == 31 * 11 and r.table["term"].tolist() == ["beta", "rho"]


def test_markov_by_coordination_types(demo_study, tmp_path):
    """classes: types — the chain runs over the coordination types that occur, named in
    the study language; its counts are those of the type codes of D."""
    import yaml

    from ccdkit import run_study
    from ccdkit.coupling import type_codes
    from ccdkit.study import dynamics_tables

    data = yaml.safe_load(demo_study.read_text(encoding="utf-8"))
    data["dynamics"]["classes"] = "types"
    data["detector"]["enabled"] = False
    data.pop("spatial")
    demo_study.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = run_study(demo_study)
    wide = res.coupling.to_frame().pivot(index="region", columns="year", values="D").reindex(
        res.study.region_ids)
    codes = type_codes(wide.to_numpy())
    present = np.unique(codes)
    np.testing.assert_array_equal(res.dynamics.markov.counts,
                                  markov_chain(np.searchsorted(present, codes)).counts)
    t = dynamics_tables(res.dynamics, "zh")["markov_classes"]
    assert t["class"].iloc[0].endswith("失调") and len(t) == len(present)


def test_kernel_density_reflected_at_bounds():
    """With bounds (0, 1) the grid stays in [0, 1], the density is the sum of the kernel
    and its mirror images at 0 and 1, and it integrates to 1 there."""
    rng = np.random.default_rng(3)
    x = np.r_[rng.uniform(0, 0.1, 15), rng.uniform(0.4, 0.9, 25)]
    d = pd.DataFrame({"region": range(40), "year": 1, "D": x})
    r = kernel_density(d, "D", bounds=(0, 1), bandwidth=0.05)
    c = r.density
    assert c["x"].min() >= 0 and c["x"].max() <= 1
    grid = c["x"].to_numpy()
    pts = np.concatenate([x, -x, 2 - x])
    manual = np.exp(-0.5 * ((grid[:, None] - pts[None, :]) / 0.05) ** 2).sum(axis=1) / (
        40 * 0.05 * np.sqrt(2 * np.pi))
    np.testing.assert_allclose(c["density"], manual, rtol=1e-12)
    assert np.trapezoid(c["density"], grid) == pytest.approx(1, abs=2e-3)
    with pytest.raises(DataError, match="outside bounds"):
        kernel_density(d.assign(D=d["D"] + 0.5), "D", bounds=(0, 1))


def test_kernel_density_peak_at_a_bound_is_found():
    """A density highest at D = 0 (reflected support) has its main peak there, and every
    peak is what scipy.signal.find_peaks finds on the curve padded below its minimum at
    both ends, above 5 % of the maximum (before: only interior maxima counted, so the
    table gave a lower interior peak, or a peak 'at 0' only when there was none)."""
    from scipy.signal import find_peaks
    rng = np.random.default_rng(4)
    x = np.r_[rng.uniform(0, 0.04, 20), rng.uniform(0.4, 0.5, 8), rng.uniform(0.7, 0.9, 5)]
    d = pd.DataFrame({"region": range(len(x)), "year": 1, "D": x})
    r = kernel_density(d, "D", bounds=(0, 1), bandwidth=0.04)
    f = r.density["density"].to_numpy()
    grid = r.density["x"].to_numpy()
    row = r.peaks.iloc[0]
    assert row["peak"] == grid[np.argmax(f)] == 0.0
    assert row["height"] == pytest.approx(f.max())
    low = f.min() - 1
    idx, _ = find_peaks(np.r_[low, f, low], height=0.05 * f.max())
    expected = "; ".join(f"{grid[i - 1]:.4f}" for i in idx)
    assert row["peaks"] == expected and row["n_peaks"] == len(idx) >= 2


def test_spatial_markov_names_conditional_chains_with_several_recurrent_classes():
    """A conditional chain with two closed classes has no unique steady state: NaN there
    and a ReducibleChainWarning naming the lag class and its recurrent classes (giddy
    returns one steady state per class). The closed classes are checked here with scipy's
    strongly connected components of the conditional transition graph."""
    libpysal = pytest.importorskip("libpysal")
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    from ccdkit.exceptions import ReducibleChainWarning
    n = 12
    w = libpysal.weights.lat2W(3, 4)
    w.transform = "R"
    rng = np.random.default_rng(2)
    classes = np.zeros((n, 6), int)
    classes[:, 0] = rng.integers(0, 3, n)
    for t in range(1, 6):
        classes[:, t] = np.where(rng.random(n) < 0.7, classes[:, t - 1], rng.integers(0, 3, n))
    y = classes + rng.random((n, 6)) * 0.1
    with pytest.warns(ReducibleChainWarning, match="spatial Markov chain: the chains of lag"):
        sm = spatial_markov(y, w, m=2, classes=classes)
    for lag in range(sm.p.shape[0]):
        p = sm.p[lag]
        if not (sm.counts[lag].sum(axis=1) > 0).all():
            continue
        n_comp, label = connected_components(csr_matrix(p > 0), connection="strong")
        closed = [c for c in range(n_comp)
                  if not (p[np.ix_(label == c, label != c)] > 0).any()]
        assert np.isnan(sm.steady_states[lag]).all() == (len(closed) > 1)
