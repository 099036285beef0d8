"""Spatial regression models against R spatialreg / spdep (tests/reference/econometrics.json,
made by tools/make_econometrics_reference.R): coefficients, standard errors, rho/lambda,
sigma^2 and log-likelihood to 1e-6, LM tests, LR statistics and effects."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ccdkit.econometrics import choose_model, lm_tests, spatial_regression

REF = Path(__file__).parent / "reference"
R = json.loads((REF / "econometrics.json").read_text(encoding="utf-8"))
X_COL = ["INC", "HOVAL"]
X_PANEL = ["pcap", "pc", "emp", "unemp"]


def _weights(edges: str, ids: list[str]) -> pd.DataFrame:
    e = pd.read_csv(REF / "data" / edges, dtype=str)
    pos = {r: i for i, r in enumerate(ids)}
    W = np.zeros((len(ids), len(ids)))
    W[[pos[a] for a in e["region"]], [pos[b] for b in e["neighbor"]]] = 1.0
    return pd.DataFrame(W / W.sum(axis=1, keepdims=True), index=ids, columns=ids)


@pytest.fixture(scope="module")
def columbus():
    df = pd.read_csv(REF / "data" / "columbus.csv", dtype={"region": str})
    return df, _weights("columbus_edges.csv", df["region"].tolist())


@pytest.fixture(scope="module")
def produc():
    df = pd.read_csv(REF / "data" / "produc.csv")
    ids = list(dict.fromkeys(df["region"]))
    return df, _weights("us_states_edges.csv", ids)


def _torus_weights(ids):
    side = 7
    W = np.zeros((49, 49))
    for r in range(side):
        for c in range(side):
            i = r * side + c
            for rr, cc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                W[i, (rr % side) * side + cc % side] = 0.25
    return pd.DataFrame(W, index=ids, columns=ids)


@pytest.fixture(scope="module")
def torus():
    df = pd.read_csv(REF / "data" / "torus_panel.csv")
    return df, _torus_weights(list(dict.fromkeys(df["region"])))


def _check(res, ref, rtol=1e-6, se_rtol=1e-6):
    coefs = res.coefficients.set_index("term")
    # R names the standard errors of errorsarlm after its filtered design: by position
    for (term, value), se in zip(ref["coef"].items(), ref["se"].values()):
        name = term.replace("lag.", "W*").replace("(Intercept)", "const")
        assert coefs.loc[name, "estimate"] == pytest.approx(value, rel=rtol, abs=1e-9), name
        assert coefs.loc[name, "std_error"] == pytest.approx(se, rel=se_rtol), name
    for p in ("rho", "lambda"):
        if p in ref:
            assert coefs.loc[p, "estimate"] == pytest.approx(ref[p], rel=rtol, abs=1e-8)
            assert coefs.loc[p, "std_error"] == pytest.approx(ref[f"{p}_se"], rel=se_rtol)
    assert res.sigma2 == pytest.approx(ref["sigma2"], rel=rtol)
    assert res.loglik == pytest.approx(ref["loglik"], rel=1e-9, abs=1e-7)
    assert res.nobs == ref["n"]
    if "aic" in ref:
        assert res.aic == pytest.approx(ref["aic"], rel=1e-9)


@pytest.mark.parametrize("model", ["ols", "slx", "sar", "sem", "sdm", "sdem", "sac"])
def test_columbus_models_equal_spatialreg(columbus, model):
    df, W = columbus
    res = spatial_regression(df, "CRIME", X_COL, W, year=None, model=model)
    # sacsarlm stops nlminb at its default relative tolerance (~1e-8 in rho, lambda)
    tol = 1e-5 if model == "sac" else 1e-6
    _check(res, R["columbus"][model], rtol=tol, se_rtol=tol)
    if model in ("ols", "slx"):
        assert res.r2 == pytest.approx(R["columbus"][model]["r2"], rel=1e-9)


def test_columbus_lm_tests_equal_spdep(columbus):
    df, W = columbus
    got = lm_tests(df, "CRIME", X_COL, W, year=None).set_index("test")
    names = {"LMerr": "lm_error", "LMlag": "lm_lag", "RLMerr": "robust_lm_error",
             "RLMlag": "robust_lm_lag", "SARMA": "sarma"}
    for r_name, ours in names.items():
        ref = R["columbus"]["lm_tests"][r_name]
        assert got.loc[ours, "statistic"] == pytest.approx(ref["statistic"], rel=1e-9)
        assert got.loc[ours, "df"] == ref["df"]
        assert got.loc[ours, "p_value"] == pytest.approx(ref["p"], rel=1e-7)


def test_columbus_lr_statistics_equal_spatialreg(columbus):
    df, W = columbus
    mc = choose_model(df, "CRIME", X_COL, W, year=None)
    lr = mc.restrictions.set_index("reduces_to")["lr"]
    assert lr["sar"] == pytest.approx(R["columbus"]["lr"]["sdm_sar"], rel=1e-6)
    assert lr["sem"] == pytest.approx(R["columbus"]["lr"]["sdm_sem"], rel=1e-6)
    assert set(mc.models) == {"ols", "slx", "sar", "sem", "sdm", "sdem"}


def _effects_frame(ref: dict) -> pd.DataFrame:
    return pd.DataFrame({e: ref[e] for e in ("direct", "indirect", "total")})


@pytest.mark.parametrize("model", ["sar", "sdm", "sac", "sdem", "slx"])
def test_columbus_effects_equal_spatialreg_impacts(columbus, model):
    df, W = columbus
    res = spatial_regression(df, "CRIME", X_COL, W, year=None, model=model)
    eff = res.effects(draws=0).table.pivot(index="variable", columns="effect",
                                           values="estimate")
    ref = _effects_frame(R["columbus"]["impacts"][model])
    tol = 1e-5 if model == "sac" else 1e-6
    for e in ("direct", "indirect", "total"):
        for v in X_COL:
            assert eff.loc[v, e] == pytest.approx(ref.loc[v, e], rel=tol), (v, e)


def test_slx_effect_standard_errors_equal_spatialreg(columbus):
    """SLX effects are linear in the coefficients: their standard errors are exact."""
    df, W = columbus
    res = spatial_regression(df, "CRIME", X_COL, W, year=None, model="slx")
    se = res.effects(draws=0).table.pivot(index="variable", columns="effect",
                                          values="std_error")
    ref = R["columbus"]["impacts"]["slx"]["se"]
    for e in ("direct", "indirect", "total"):
        for v in X_COL:
            assert se.loc[v, e] == pytest.approx(ref[e][v], rel=1e-6)


def test_sdem_effect_standard_errors_differ_from_spatialreg_by_its_dof_scaling(columbus):
    """spatialreg's SDEM impacts scale the ML covariance by n / (n - p) (p regression
    coefficients); ccdkit uses the ML covariance of the coefficients it reports."""
    df, W = columbus
    res = spatial_regression(df, "CRIME", X_COL, W, year=None, model="sdem")
    se = res.effects(draws=0).table.pivot(index="variable", columns="effect",
                                          values="std_error")
    n, p = 49, 5
    ref = R["columbus"]["impacts"]["sdem"]["se"]
    for e in ("direct", "indirect", "total"):
        for v in X_COL:
            assert se.loc[v, e] * np.sqrt(n / (n - p)) == pytest.approx(ref[e][v], rel=1e-6)


def test_simulated_effect_standard_errors_near_spatialreg(columbus):
    """Both simulate 20,000 draws (different generators): the direct effects' standard
    errors agree to Monte Carlo error (the indirect effects of this small, weakly
    identified rho have heavy tails and are not compared)."""
    df, W = columbus
    for model in ("sar", "sdm"):
        res = spatial_regression(df, "CRIME", X_COL, W, year=None, model=model)
        t = res.effects(draws=20000, seed=1).table
        se = t[t["effect"] == "direct"].set_index("variable")["std_error"]
        ref = R["columbus"]["impacts"][model]["sim_se"]["direct"]
        for v in X_COL:
            assert se[v] == pytest.approx(ref[v], rel=0.03)


@pytest.mark.parametrize("model", ["ols", "sar", "sdm", "sem"])
def test_produc_region_effects_direct_approach_equals_spatialreg(produc, model):
    df, W = produc
    res = spatial_regression(df, "gsp", X_PANEL, W, model=model, fixed_effects="region",
                             bias_correction="none")
    _check(res, R["produc"]["individual"][model])


def test_produc_region_effects_lee_yu_rescales_sigma2_only(produc):
    """With region effects only, the Lee-Yu transformation leaves rho and beta as the
    direct approach and multiplies sigma^2 by T / (T - 1) (Lee and Yu 2010)."""
    df, W = produc
    ref = R["produc"]["individual"]["sdm"]
    res = spatial_regression(df, "gsp", X_PANEL, W, model="sdm", fixed_effects="region")
    assert res.param("rho") == pytest.approx(ref["rho"], rel=1e-6)
    assert res.sigma2 == pytest.approx(ref["sigma2"] * 17 / 16, rel=1e-6)
    assert res.nobs == 48 * 16


@pytest.mark.parametrize("model", ["sar", "sdm"])
def test_produc_twoway_lee_yu_equals_transformed_likelihood_in_r(produc, model):
    df, W = produc
    res = spatial_regression(df, "gsp", X_PANEL, W, model=model, fixed_effects="twoway")
    ref = R["produc"]["twoway_leeyu"][model]
    # R's SEs come from a numerical Hessian (optimHess): compared with ours to the
    # accuracy of two finite-difference schemes; the point estimates to 1e-6
    hess = spatial_regression(df, "gsp", X_PANEL, W, model=model, fixed_effects="twoway",
                              covariance="hessian")
    _check(hess, ref, rtol=1e-6, se_rtol=1e-3)
    _check(res, ref, rtol=1e-6, se_rtol=np.inf)


def test_produc_panel_lm_tests_equal_spdep(produc):
    df, W = produc
    got = lm_tests(df, "gsp", X_PANEL, W, fixed_effects="region",
                   bias_correction="none").set_index("test")
    ref = R["produc"]["individual"]["lm_tests"]
    for r_name, ours in {"LMerr": "lm_error", "LMlag": "lm_lag", "RLMerr": "robust_lm_error",
                         "RLMlag": "robust_lm_lag", "SARMA": "sarma"}.items():
        assert got.loc[ours, "statistic"] == pytest.approx(ref[r_name]["statistic"], rel=1e-8)


def test_produc_effects_equal_spatialreg(produc):
    df, W = produc
    res = spatial_regression(df, "gsp", X_PANEL, W, model="sdm", fixed_effects="region",
                             bias_correction="none")
    eff = res.effects(draws=0).table.pivot(index="variable", columns="effect",
                                           values="estimate")
    ref = _effects_frame(R["produc"]["individual"]["impacts"]["sdm"])
    for e in ("direct", "indirect", "total"):
        for v in X_PANEL:
            assert eff.loc[v, e] == pytest.approx(ref.loc[v, e], rel=1e-6, abs=1e-10)


@pytest.mark.parametrize("model", ["sdm", "sem", "sac", "ols"])
def test_torus_twoway_direct_approach_equals_spatialreg(torus, model):
    df, W = torus
    res = spatial_regression(df, "y", ["x1", "x2"], W, model=model, fixed_effects="twoway",
                             bias_correction="none")
    tol = 1e-5 if model == "sac" else 1e-6
    _check(res, R["torus"]["twoway"][model], rtol=tol, se_rtol=tol)


def test_torus_time_effects_direct_approach_equals_spatialreg(torus):
    df, W = torus
    res = spatial_regression(df, "y", ["x1", "x2"], W, model="sar", fixed_effects="time",
                             bias_correction="none")
    _check(res, R["torus"]["time"]["sar"])


def test_torus_effects_and_simulated_standard_errors(torus):
    df, W = torus
    res = spatial_regression(df, "y", ["x1", "x2"], W, model="sdm", fixed_effects="twoway",
                             bias_correction="none")
    eff = res.effects(draws=20000, seed=3).table.set_index(["variable", "effect"])
    ref = R["torus"]["twoway"]["impacts"]["sdm"]
    for e in ("direct", "indirect", "total"):
        for v in ("x1", "x2"):
            assert eff.loc[(v, e), "estimate"] == pytest.approx(ref[e][v], rel=1e-6)
            # a well-identified rho: simulated SEs near the delta method's
            assert eff.loc[(v, e), "std_error"] == pytest.approx(
                eff.loc[(v, e), "delta_se"], rel=0.05)


def test_produc_twoway_lee_yu_on_the_sparse_path(produc, monkeypatch):
    """The Lee-Yu two-way SDM with sparse weights (LU log-determinants, the O(N) Helmert
    transformation, the observed information) equals R's transformed-likelihood fit."""
    import ccdkit.econometrics._weights_matrix as wm

    monkeypatch.setattr(wm, "EIGEN_LIMIT", 10)
    df, W = produc
    res = spatial_regression(df, "gsp", X_PANEL, W, model="sdm", fixed_effects="twoway")
    assert res.design.w.sparse and res.options["covariance"] == "hessian"
    _check(res, R["produc"]["twoway_leeyu"]["sdm"], rtol=1e-6, se_rtol=1e-3)


def test_random_effects_lag_equals_splm(produc):
    """Random region effects SAR against R splm spml(model = "random", lag = TRUE) on the
    splm paper's example (Munnell's panel, usaww = this queen contiguity): log L to 1e-9,
    coefficients and rho to 1e-5 (splm's nlminb stops at a relative change of 1e-10 of the
    log-likelihood, which is flat to 1e-11 along the two fits' difference), phi (splm:
    sigma_mu^2/sigma^2) through phi^2 = 1/(T r + 1),
    and rho's standard error, which splm takes from a numerical Hessian, to 2e-3. The
    observed-information SE of rho also equals the curvature of the profile likelihood."""
    from scipy import optimize

    df, W = produc
    ref = R["splm"]["random_lag"]
    res = spatial_regression(df, "gsp", X_PANEL, W, model="sar", fixed_effects="none",
                             random_effects=True)
    c = res.coefficients.set_index("term")
    for term, value in ref["coef"].items():
        assert c.loc[term.replace("(Intercept)", "const"), "estimate"] == pytest.approx(
            value, rel=1e-5)
    assert c.loc["rho", "estimate"] == pytest.approx(ref["rho"], rel=1e-5)
    assert res.loglik == pytest.approx(ref["loglik"], rel=1e-9)
    assert c.loc["phi", "estimate"] == pytest.approx(1 / np.sqrt(17 * ref["phi"] + 1),
                                                     rel=1e-5)
    assert c.loc["rho", "std_error"] == pytest.approx(ref["rho_se"], rel=2e-3)
    d = res.design

    def profile(rho):
        def neg(phi):
            d.phi = phi
            X, _ = d.regressors(False)
            yy = d.transform(d.y) - rho * d.transform(d.lag(d.y))
            e = yy - X @ np.linalg.lstsq(X, yy, rcond=None)[0]
            return 0.5 * d.nobs * np.log(e @ e / d.nobs) - d.N * np.log(phi) - d.logdet(rho)
        return -optimize.minimize_scalar(neg, bounds=(1e-6, 1), method="bounded",
                                         options={"xatol": 1e-12}).fun

    r0, h = c.loc["rho", "estimate"], 1e-4
    curvature = (profile(r0 + h) - 2 * profile(r0) + profile(r0 - h)) / h ** 2
    assert c.loc["rho", "std_error"] == pytest.approx(1 / np.sqrt(-curvature), rel=1e-4)


def test_region_effects_lee_yu_equals_splm(produc):
    """spml(effect = "individual", LeeYu = TRUE): the same rho and beta as the direct
    approach and sigma^2 times T/(T-1) — as ccdkit's transformation approach."""
    df, W = produc
    ref = R["splm"]["individual_leeyu"]
    res = spatial_regression(df, "gsp", X_PANEL, W, model="sar", fixed_effects="region")
    c = res.coefficients.set_index("term")["estimate"]
    for term, value in ref["coef"].items():
        assert c[term] == pytest.approx(value, rel=1e-6)
    assert c["rho"] == pytest.approx(ref["rho"], rel=1e-6)
    assert res.sigma2 == pytest.approx(ref["sigma2"], rel=1e-6)
