"""ccdkit.econometrics beyond the R references: PySAL spreg on the same data, invariances,
a simulation with known parameters, the options' declaration and every bad input."""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccdkit.econometrics import (
    ChoiceOptions,
    EffectsOptions,
    RegressionOptions,
    choose_model,
    lm_tests,
    spatial_effects,
    spatial_regression,
)
from ccdkit.exceptions import BoundaryWarning, DataError
from ccdkit.spatial import IslandWarning

from test_econometrics_reference import REF, X_COL, _weights


@pytest.fixture(scope="module")
def columbus():
    df = pd.read_csv(REF / "data" / "columbus.csv", dtype={"region": str})
    return df, _weights("columbus_edges.csv", df["region"].tolist())


def _ring(n: int) -> np.ndarray:
    W = np.zeros((n, n))
    for i in range(n):
        W[i, (i - 1) % n] = W[i, (i + 1) % n] = 0.5
    return W


def _simulated_panel(N=60, T=10, rho=0.5, beta=(1.0, -0.5), theta=(0.4, 0.2), seed=0):
    """A two-way fixed-effects SDM panel on a row-standardised k-nearest-neighbour W."""
    rng = np.random.default_rng(seed)
    pts = rng.uniform(size=(N, 2))
    d = ((pts[:, None] - pts[None]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    W = np.zeros((N, N))
    W[np.repeat(np.arange(N), 5), np.argsort(d, axis=1)[:, :5].ravel()] = 1
    W = np.maximum(W, W.T)
    W /= W.sum(axis=1, keepdims=True)
    X = rng.normal(size=(T, N, 2))
    mu, alpha = rng.normal(size=N), rng.normal(size=T)
    A = np.linalg.inv(np.eye(N) - rho * W)
    y = np.stack([A @ (X[t] @ beta + W @ X[t] @ theta + mu + alpha[t]
                       + rng.normal(scale=0.5, size=N)) for t in range(T)])
    ids = [f"r{i:03d}" for i in range(N)]
    df = pd.DataFrame({"region": np.tile(ids, T), "year": np.repeat(np.arange(2000, 2000 + T), N),
                       "y": y.ravel(), "x1": X[..., 0].ravel(), "x2": X[..., 1].ravel()})
    return df, pd.DataFrame(W, index=ids, columns=ids)


# --- spreg on the same data -------------------------------------------------------------------

def test_spreg_ml_lag_durbin_gives_the_same_fit_but_counts_wx_as_indirect(columbus):
    """spreg 1.9 ML_Lag(slx_lags=1): same coefficients, log L and common-factor Wald
    statistic; its direct effects are adi * beta (every W x term counted as indirect), so
    ours exceed them by exactly theta * tr((I - rho W)^-1 W) / N; totals are equal."""
    spreg = pytest.importorskip("spreg")
    libpysal = pytest.importorskip("libpysal")
    df, W = columbus
    ids = df["region"].tolist()
    nb = {i: [j for j in ids if W.loc[i, j] > 0] for i in ids}
    w = libpysal.weights.W(nb, id_order=ids)
    w.transform = "r"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = spreg.ML_Lag(df[["CRIME"]].to_numpy(), df[X_COL].to_numpy(), w, slx_lags=1,
                         method="full", spat_impacts="full")
    ours = spatial_regression(df, "CRIME", X_COL, W, year=None, model="sdm")
    np.testing.assert_allclose(ours.coefficients["estimate"], m.betas.ravel(), rtol=2e-7)
    assert ours.loglik == pytest.approx(m.logll, abs=1e-7)
    cf = choose_model(df, "CRIME", X_COL, W, year=None).restrictions.set_index("reduces_to")
    assert cf.loc["sem", "wald"] == pytest.approx(m.cfh_test[0], rel=1e-4)
    adi, _, ati = m.sp_multipliers["full"]
    beta, theta = m.betas.ravel()[1:3], m.betas.ravel()[3:5]
    rho = m.betas.ravel()[-1]
    Wm = W.to_numpy()
    wx_direct = theta * np.trace(np.linalg.solve(np.eye(49) - rho * Wm, Wm)) / 49
    eff = ours.effects(draws=0).table.set_index(["variable", "effect"])["estimate"]
    for i, v in enumerate(X_COL):
        assert eff[(v, "direct")] - adi * beta[i] == pytest.approx(wx_direct[i], rel=1e-5)
        assert eff[(v, "total")] == pytest.approx(ati * (beta[i] + theta[i]), rel=1e-5)
    assert abs(wx_direct[0]) > 0.05  # the difference matters here: 6 % of the direct effect


# --- invariances and simulation -----------------------------------------------------------------

def test_row_order_does_not_change_the_fit(columbus):
    df, W = columbus
    a = spatial_regression(df, "CRIME", X_COL, W, year=None, model="sdm")
    shuffled = df.sample(frac=1.0, random_state=3)
    perm = list(reversed(W.index))
    b = spatial_regression(shuffled, "CRIME", X_COL, W.loc[perm, perm], year=None,
                           model="sdm")
    np.testing.assert_allclose(a.coefficients["estimate"], b.coefficients["estimate"],
                               rtol=1e-9)
    assert a.loglik == pytest.approx(b.loglik, rel=1e-12)


def test_rescaling_a_regressor_rescales_its_coefficients_and_effects(columbus):
    df, W = columbus
    a = spatial_regression(df, "CRIME", X_COL, W, year=None, model="sdm")
    b = spatial_regression(df.assign(INC=df["INC"] * 1000), "CRIME", X_COL, W, year=None,
                           model="sdm")
    ca, cb = (r.coefficients.set_index("term")["estimate"] for r in (a, b))
    assert cb["INC"] * 1000 == pytest.approx(ca["INC"], rel=1e-7)
    assert cb["W*INC"] * 1000 == pytest.approx(ca["W*INC"], rel=1e-7)
    assert cb["rho"] == pytest.approx(ca["rho"], rel=1e-8)
    ea, eb = (r.effects(draws=0).table.set_index(["variable", "effect"]) for r in (a, b))
    assert eb.loc[("INC", "indirect"), "estimate"] * 1000 == pytest.approx(
        ea.loc[("INC", "indirect"), "estimate"], rel=1e-7)


def test_simulated_sdm_recovers_rho_beta_theta_and_effects():
    truth = {"rho": 0.5, "beta": (1.0, -0.5), "theta": (0.4, 0.2)}
    df, W = _simulated_panel(N=80, T=12, **truth, seed=1)
    res = spatial_regression(df, "y", ["x1", "x2"], W, model="sdm", fixed_effects="twoway")
    c = res.coefficients.set_index("term")
    for name, value in [("rho", 0.5), ("x1", 1.0), ("x2", -0.5), ("W*x1", 0.4),
                        ("W*x2", 0.2)]:
        assert abs(c.loc[name, "estimate"] - value) < 4 * c.loc[name, "std_error"], name
    eff = res.effects(draws=2000, seed=5).table.set_index(["variable", "effect"])
    Wm = W.to_numpy()
    S = np.linalg.inv(np.eye(80) - 0.5 * Wm)
    for i, v in enumerate(["x1", "x2"]):
        Sk = S @ (np.eye(80) * truth["beta"][i] + Wm * truth["theta"][i])
        true = {"direct": np.trace(Sk) / 80, "total": Sk.sum() / 80}
        for e, value in true.items():
            row = eff.loc[(v, e)]
            assert row["ci_lower"] - 0.05 < value < row["ci_upper"] + 0.05, (v, e)


def test_lee_yu_two_way_is_less_biased_than_the_direct_approach():
    """Averaged over simulated panels with small T, the direct approach's sigma^2 is
    biased down by about (T - 1) / T; the Lee-Yu estimate is not (Lee and Yu 2010)."""
    s_direct, s_ly = [], []
    for seed in range(8):
        df, W = _simulated_panel(N=40, T=4, seed=seed)
        s_direct.append(spatial_regression(df, "y", ["x1", "x2"], W, model="sdm",
                                           bias_correction="none").sigma2)
        s_ly.append(spatial_regression(df, "y", ["x1", "x2"], W, model="sdm").sigma2)
    assert abs(np.mean(s_ly) - 0.25) < abs(np.mean(s_direct) - 0.25)
    assert np.mean(s_direct) < 0.25 * 0.85


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000))
def test_estimates_stay_in_their_bounds(seed):
    rng = np.random.default_rng(seed)
    n = 12
    W = _ring(n)
    ids = [f"u{i}" for i in range(n)]
    df = pd.DataFrame({"region": ids, "y": rng.normal(size=n), "x": rng.normal(size=n)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BoundaryWarning)
        for model in ("sar", "sem", "sdm"):
            r = spatial_regression(df, "y", "x", pd.DataFrame(W, ids, ids), year=None,
                                   model=model)
            p = r.param("rho") if model != "sem" else r.param("lambda")
            assert -1 < p < 1
            assert 0 <= r.r2 <= 1
            eff = r.effects(draws=0).table
            assert np.all(np.isfinite(eff["estimate"]))


def test_effects_are_seeded_and_reproducible(columbus):
    df, W = columbus
    r = spatial_regression(df, "CRIME", X_COL, W, year=None, model="sar")
    a, b = r.effects(draws=300, seed=9), spatial_effects(r, draws=300, seed=9)
    pd.testing.assert_frame_equal(a.table, b.table)
    c = r.effects(draws=300, seed=10)
    assert not np.allclose(a.table["std_error"], c.table["std_error"])
    assert a.kept <= 300 and a.simulated.shape == (3, a.kept, 2)


def test_non_row_standardised_weights_effects_equal_dense_computation(columbus):
    df, W = columbus
    B = (W > 0).astype(float)  # binary weights: total effects need 1'(I - rho W)^-1 1
    r = spatial_regression(df, "CRIME", X_COL, B, year=None, model="sdm")
    c = r.coefficients.set_index("term")["estimate"]
    S = np.linalg.inv(np.eye(49) - c["rho"] * B.to_numpy())
    eff = r.effects(draws=0).table.set_index(["variable", "effect"])["estimate"]
    for v in X_COL:
        Sk = S @ (np.eye(49) * c[v] + B.to_numpy() * c[f"W*{v}"])
        assert eff[(v, "direct")] == pytest.approx(np.trace(Sk) / 49, rel=1e-8)
        assert eff[(v, "total")] == pytest.approx(Sk.sum() / 49, rel=1e-8)


# --- declarations -------------------------------------------------------------------------------

@pytest.mark.parametrize("func, model", [
    (spatial_regression, RegressionOptions), (spatial_effects, EffectsOptions),
    (choose_model, ChoiceOptions)])
def test_functions_take_the_declared_options_with_their_defaults(func, model):
    sig = inspect.signature(func).parameters
    for name, field in model.model_fields.items():
        assert name in sig, name
        assert sig[name].default == field.default, name


# --- bad input ----------------------------------------------------------------------------------

def _panel():
    df, W = _simulated_panel(N=20, T=4, seed=2)
    return df, W


def test_unbalanced_panel_is_named():
    df, W = _panel()
    with pytest.raises(DataError, match=r"balanced panel.*r003 2001"):
        spatial_regression(df.drop(index=df.index[(df.region == "r003") & (df.year == 2001)]),
                           "y", ["x1"], W)


def test_missing_value_is_named():
    df, W = _panel()
    df.loc[(df.region == "r005") & (df.year == 2002), "x1"] = np.nan
    with pytest.raises(DataError, match="r005 2002"):
        spatial_regression(df, "y", ["x1"], W)


def test_regions_without_weights_or_data_are_named():
    df, W = _panel()
    with pytest.raises(DataError, match="r007.*no data"):
        spatial_regression(df[df.region != "r007"], "y", ["x1"], W)
    df2 = df.copy()
    df2.loc[df2.region == "r001", "region"] = "Atlantis"
    with pytest.raises(DataError, match="Atlantis.*no spatial weights"):
        spatial_regression(df2, "y", ["x1"], W)


def test_singular_design_and_absorbed_regressor_are_named():
    df, W = _panel()
    with pytest.raises(DataError, match="collinear"):
        spatial_regression(df.assign(x3=2 * df.x1 - df.x2), "y", ["x1", "x2", "x3"], W)
    const = df.groupby("region")["x1"].transform("mean")
    with pytest.raises(DataError, match=r"\['g', 'W\*g'\] do not vary once the two"):
        spatial_regression(df.assign(g=const), "y", ["x1", "g"], W)


def test_cross_section_with_fixed_effects_and_bad_options_are_refused(columbus):
    df, W = columbus
    with pytest.raises(DataError, match="need a panel"):
        spatial_regression(df, "CRIME", X_COL, W, year=None, fixed_effects="region")
    with pytest.raises(ValueError, match="model"):
        spatial_regression(df, "CRIME", X_COL, W, year=None, model="gns")
    with pytest.raises(DataError, match="no column"):
        spatial_regression(df, "CRIME", ["INCOME"], W, year=None)
    with pytest.raises(DataError, match="both the response and a regressor"):
        spatial_regression(df, "CRIME", ["CRIME"], W, year=None)


def test_island_warns_and_lee_yu_time_needs_row_standardised_weights():
    df, W = _panel()
    Wi = W.copy()
    Wi.loc["r000", :] = 0.0
    with pytest.warns(IslandWarning, match="r000"):
        with pytest.raises(DataError, match="row-standardised"):
            spatial_regression(df, "y", ["x1"], Wi)
    with pytest.warns(IslandWarning, match="1 region"):
        r = spatial_regression(df, "y", ["x1"], Wi, fixed_effects="region")
    assert r.n_regions == 20


def test_rho_at_its_bound_warns():
    n = 30
    W = _ring(n)
    ids = [f"u{i}" for i in range(n)]
    rng = np.random.default_rng(0)
    x = rng.normal(size=n)
    # y alternating in sign around the ring: the best rho is at its lower bound (-1)
    y = np.array([(-1) ** i * 1000.0 for i in range(n)]) + 0.001 * x
    df = pd.DataFrame({"region": ids, "y": y, "x": x})
    with pytest.warns(BoundaryWarning, match="rho"):
        r = spatial_regression(df, "y", "x", pd.DataFrame(W, ids, ids), year=None,
                               model="sar")
    assert r.at_bound == ["rho"]


def test_lm_tests_on_a_panel_runs_with_lee_yu():
    df, W = _panel()
    t = lm_tests(df, "y", ["x1", "x2"], W)
    assert list(t["test"]) == ["lm_error", "lm_lag", "robust_lm_error", "robust_lm_lag",
                               "sarma"]
    assert t["p_value"].between(0, 1).all()


# --- random effects and the Hausman test ----------------------------------------------------

def test_random_effects_sar_equals_spreg_panel_re_lag():
    """Random region effects (Elhorst 2003): beta, rho, phi and sigma^2 as PySAL spreg
    Panel_RE_Lag on Munnell's panel (spreg iterates to 1e-7); the covariance is the
    observed information's (spreg's analytical matrix differs, docs/methods.md): its
    beta block is X*'X*/sigma^2 exactly at the optimum, checked here."""
    spreg = pytest.importorskip("spreg")
    libpysal = pytest.importorskip("libpysal")
    from test_econometrics_reference import X_PANEL

    df = pd.read_csv(REF / "data" / "produc.csv")
    ids = list(dict.fromkeys(df["region"]))
    W = _weights("us_states_edges.csv", ids)
    w = libpysal.weights.W({i: [j for j in ids if W.loc[i, j] > 0] for i in ids},
                           id_order=ids)
    w.transform = "r"
    long = df.assign(r=pd.Categorical(df["region"], ids)).sort_values(["year", "r"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        peer = spreg.Panel_RE_Lag(long[["gsp"]].to_numpy(), long[X_PANEL].to_numpy(), w)
    ours = spatial_regression(df, "gsp", X_PANEL, W, model="sar", fixed_effects="none",
                              random_effects=True)
    np.testing.assert_allclose(ours.coefficients["estimate"], peer.betas.ravel(), rtol=2e-5)
    assert ours.sigma2 == pytest.approx(float(np.ravel(peer.sig2)[0]), rel=1e-5)
    assert list(ours.coefficients["term"])[-2:] == ["rho", "phi"]
    from ccdkit.econometrics._likelihood import fit_lag
    from ccdkit.econometrics._random import random_covariance

    d = ours.design
    X, _ = d.regressors(False)
    k = X.shape[1]
    full = np.linalg.inv(random_covariance(d, fit_lag(d, False), False))
    np.testing.assert_allclose(full[:k, :k], X.T @ X / ours.sigma2, rtol=1e-5)
    assert ours.cov.shape == (k + 2, k + 2)


def test_hausman_rejects_random_effects_correlated_with_the_regressors():
    rng = np.random.default_rng(4)
    df, W = _simulated_panel(N=60, T=8, seed=4)
    mu = df.groupby("region")["x1"].transform("mean") * 3  # effects correlated with x1
    corr = df.assign(y=df["y"] + mu + rng.normal(scale=0.1, size=len(df)))
    mc = choose_model(corr, "y", ["x1", "x2"], W)
    h = mc.hausman.iloc[0]
    assert h["model"] == "sdm" and h["p_value"] < 0.001
    from ccdkit.econometrics import hausman
    fe = mc.models["sdm"]
    re = spatial_regression(corr, "y", ["x1", "x2"], W, model="sdm", random_effects=True)
    again = hausman(fe, re).iloc[0]
    assert again["statistic"] == pytest.approx(h["statistic"], rel=1e-9)
    common = ["x1", "x2", "W*x1", "W*x2", "rho"]
    d = (fe.coefficients.set_index("term").loc[common, "estimate"]
         - re.coefficients.set_index("term").loc[common, "estimate"]).to_numpy()
    V = fe.cov.loc[common, common].to_numpy() - re.cov.loc[common, common].to_numpy()
    if again["positive_definite"]:
        assert again["statistic"] == pytest.approx(d @ np.linalg.solve(V, d), rel=1e-9)
        assert again["df"] == 5


def test_no_hausman_without_region_fixed_effects_and_random_effects_only_for_lag_models():
    df, W = _simulated_panel(N=30, T=5, seed=6)
    assert choose_model(df, "y", ["x1"], W, fixed_effects="time").hausman is None
    with pytest.raises(DataError, match="random region effects are implemented for sar"):
        spatial_regression(df, "y", ["x1"], W, model="sem", random_effects=True)
    one = df[df["year"] == df["year"].min()]
    with pytest.raises(DataError, match="random region effects need a panel"):
        spatial_regression(one, "y", ["x1"], W, model="sar", random_effects=True,
                           fixed_effects="none")


# --- sparse weights (N > EIGEN_LIMIT): exact LU log-determinants -----------------------------

def _torus_sparse(n: int):
    from scipy import sparse

    rows, cols = [], []
    for r in range(n):
        for c in range(n):
            for rr, cc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                rows.append(r * n + c)
                cols.append((rr % n) * n + cc % n)
    W = sparse.csr_matrix((np.full(len(rows), 0.25), (rows, cols)), shape=(n * n, n * n))
    a = np.cos(2 * np.pi * np.arange(n) / n)
    return W, ((a[:, None] + a[None, :]) / 2).ravel()  # its eigenvalues, in closed form


def test_sparse_weights_beyond_the_eigen_limit_use_exact_lu_log_determinants():
    from scipy.sparse.linalg import spsolve

    from ccdkit.econometrics import EIGEN_LIMIT, weights_matrix

    n = 65
    W, lam = _torus_sparse(n)
    N = n * n
    assert N > EIGEN_LIMIT
    w = weights_matrix(W)
    assert w.sparse and w.row_standardized
    assert w.bounds() == pytest.approx((1 / lam.min(), 1 / lam.max()), rel=1e-8)
    for rho in (-0.7, 0.3, 0.9):
        assert w.logdet(rho) == pytest.approx(np.sum(np.log(1 - rho * lam)), rel=1e-10)
    rng = np.random.default_rng(1)
    x = rng.normal(size=(2, N))
    from scipy import sparse

    A = (sparse.identity(N) - 0.5 * W).tocsc()  # no dense matrix of this size is formed
    y = np.stack([spsolve(A, 1.0 * x[t] + rng.normal(size=N)) for t in range(2)])
    ids = [str(i) for i in range(N)]
    df = pd.DataFrame({"region": np.tile(ids, 2), "year": np.repeat([1, 2], N),
                       "y": y.ravel(), "x": x.ravel()})
    res = spatial_regression(df, "y", "x", W, model="sar", fixed_effects="region")
    assert res.options["covariance"] == "hessian"
    rho, beta = res.param("rho"), res.param("x")
    assert abs(rho - 0.5) < 4 * res.coefficients.set_index("term").loc["rho", "std_error"]
    eff = res.effects(draws=200, seed=2).table.set_index("effect")["estimate"]
    # direct: power series with Monte Carlo traces; total: exact for a row-standardised W
    assert eff["direct"] == pytest.approx(beta * np.mean(1 / (1 - rho * lam)), rel=2e-3)
    assert eff["total"] == pytest.approx(beta / (1 - rho), rel=1e-12)


def test_the_sparse_path_gives_the_same_digits_every_time(columbus, monkeypatch):
    """The sparse path's interval of rho comes from ARPACK, whose own start vector is
    random: started from a fixed vector, two fits agree to the last digit (before, the
    estimates moved by ~1e-8 between runs and a reference test failed now and then)."""
    import ccdkit.econometrics._weights_matrix as wm

    df, W = columbus
    monkeypatch.setattr(wm, "EIGEN_LIMIT", 10)
    fits = [spatial_regression(df, "CRIME", X_COL, W, year=None, model="sdm")
            for _ in range(4)]
    assert len({f.design.w.bounds() for f in fits}) == 1
    for f in fits[1:]:
        pd.testing.assert_frame_equal(f.coefficients, fits[0].coefficients, rtol=0, atol=0)


def test_sparse_path_equals_the_eigen_path(columbus, monkeypatch):
    """The same Columbus SDM with the sparse path forced: equal coefficients, log L, LM
    tests; Hessian SEs as the dense path's Hessian; effects to the Monte Carlo error of
    the traces (N = 49 is where that error is largest)."""
    import ccdkit.econometrics._weights_matrix as wm

    df, W = columbus
    dense = spatial_regression(df, "CRIME", X_COL, W, year=None, model="sdm",
                               covariance="hessian")
    lm_dense = lm_tests(df, "CRIME", X_COL, W, year=None)
    monkeypatch.setattr(wm, "EIGEN_LIMIT", 10)
    pd.testing.assert_frame_equal(lm_tests(df, "CRIME", X_COL, W, year=None), lm_dense,
                                  rtol=1e-10)
    sparse_fit = spatial_regression(df, "CRIME", X_COL, W, year=None, model="sdm")
    assert sparse_fit.design.w.sparse
    np.testing.assert_allclose(sparse_fit.coefficients["estimate"],
                               dense.coefficients["estimate"], rtol=1e-6)
    np.testing.assert_allclose(sparse_fit.coefficients["std_error"],
                               dense.coefficients["std_error"], rtol=1e-4)
    assert sparse_fit.loglik == pytest.approx(dense.loglik, rel=1e-10)
    a = dense.effects(draws=0).table["estimate"].to_numpy()
    b = sparse_fit.effects(draws=0).table["estimate"].to_numpy()
    np.testing.assert_allclose(b, a, rtol=2e-2)
