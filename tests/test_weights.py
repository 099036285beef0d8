"""Weighting methods against published vectors (VECTORS.md 1, 4, 5, 6) and peer packages."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import reference

from ccdkit import ConfigError, ConsistencyWarning, ConstantIndicatorWarning, DataError
from ccdkit.weights import (
    RI_TABLES,
    WEIGHTING_METHODS,
    ahp_hierarchy_weights,
    ahp_weights,
    angle_weights,
    compute_weights,
    critic_weights,
    cv_weights,
    entropy_weights,
    equal_weights,
    improved_entropy_weights,
    judgment_matrix,
    random_index,
    std_weights,
    user_weights,
)

REF = reference("mcdm")

XU = np.array([[30, 30, 38, 29], [19, 54, 86, 29], [19, 15, 85, 28.9], [68, 70, 60, 29]])


# --- section 1: entropy, CV, angle, SD ------------------------------------------------------

def test_xu2004_raw_proportion_entropy():
    case = REF["xu2004_entropy"]
    x = np.array(case["X"], dtype=float)
    np.testing.assert_array_equal(x, XU)
    expected = case["raw_proportion_w"]
    w = entropy_weights(x, standardize="none").weights.to_numpy()
    np.testing.assert_allclose(w, expected, atol=5e-5)


def test_xu2004_min_max_variants_table():
    rows = REF["xu2004_entropy_variants"]["rows"]
    assert len(rows) == 4
    for label, row in rows.items():
        res = entropy_weights(XU, **row["options"])
        g_exp, w_exp = row["g"], row["w"]
        np.testing.assert_allclose(res.table["g"], g_exp, atol=5e-7, err_msg=label)
        np.testing.assert_allclose(res.weights, w_exp, atol=5e-7, err_msg=label)


def test_shuai2012_cv_and_angle():
    cv, angle = REF["shuai2012_cv_angle"]["cv_w"], REF["shuai2012_cv_angle"]["angle_w"]
    np.testing.assert_allclose(cv_weights(XU).weights, cv, atol=5e-5)
    np.testing.assert_allclose(angle_weights(XU).weights, angle, atol=5e-5)


def test_elsayed2017_entropy():
    x = np.array(REF["elsayed2017_entropy"]["X"])
    expected = REF["elsayed2017_entropy"]["raw_proportion_w"]
    np.testing.assert_allclose(entropy_weights(x, standardize="none").weights, expected,
                               atol=5e-7)


def test_small_library_examples():
    case = REF["scikit_criteria_weighters"]
    assert case["X"] == [[1, 2], [4, 16]]
    ent, std = case["entropy_w"], case["std_w"]
    np.testing.assert_allclose(entropy_weights([[1, 2], [4, 16]], standardize="none").weights,
                               ent, atol=5e-7)
    np.testing.assert_allclose(std_weights([[1, 2], [4, 16]]).weights, std, atol=5e-6)
    x = np.array(REF["jahan2013_std"]["X"])
    jahan = REF["jahan2013_std"]["std_w"]
    np.testing.assert_allclose(std_weights(x).weights, jahan, atol=5e-3)


# --- section 4: CRITIC ----------------------------------------------------------------------

def test_diakoulaki1995_critic_and_variants():
    case = REF["diakoulaki1995_critic"]
    x = np.array(case["X"])
    np.testing.assert_allclose(critic_weights(x).weights, case["minmax_pearson"], atol=5e-9)
    np.testing.assert_allclose(critic_weights(x, standardize="none").weights,
                               case["none_pearson"], atol=5e-9)
    np.testing.assert_allclose(critic_weights(x, correlation="spearman").weights,
                               case["minmax_spearman"], atol=5e-8)
    np.testing.assert_allclose(critic_weights(x, standardize="none", correlation="spearman")
                               .weights, case["none_spearman"], atol=5e-8)


# --- section 5: AHP -------------------------------------------------------------------------

DRINKS = ["water", "soda", "coffee", "milk", "beer", "tea", "wine"]


def _drinks_pairs() -> dict[tuple[str, str], float]:
    return {(a, b): float(v) for a, b, v in REF["saaty2008_drinks"]["pairs"]}


def _matrix_from_pairs(pairs, names):
    idx = {n: i for i, n in enumerate(names)}
    a = np.ones((len(names), len(names)))
    for (i, j), v in pairs.items():
        a[idx[i], idx[j]] = v
        a[idx[j], idx[i]] = 1 / v
    return a


def test_saaty_drinks_example():
    pairs = _drinks_pairs()
    assert len(pairs) == 21
    case = REF["saaty2008_drinks"]
    res = ahp_weights(_matrix_from_pairs(pairs, DRINKS), DRINKS, ri="saaty2005")
    for name, w in case["weights"].items():
        assert res.weights[name] == pytest.approx(float(w), abs=5e-5)
    assert round(res.CR, 3) == case["CR"]["saaty2005"]
    dd = ahp_weights(_matrix_from_pairs(pairs, DRINKS), DRINKS, ri="donegan_dodd")
    assert round(dd.CR, 4) == case["CR"]["donegan_dodd"]
    assert round(ahp_weights(res.matrix, ri="tummala_ling").CR, 4) == case["CR"]["tummala_ling"]
    assert round(ahp_weights(res.matrix, ri="saaty").CR, 4) == case["CR"]["saaty"]


def test_ahp_against_ahpy():
    ahpy = pytest.importorskip("ahpy")
    pairs = _drinks_pairs()
    for ri, theirs in (("saaty2005", "saaty"), ("donegan_dodd", "dd")):
        cmp = ahpy.Compare("drinks", pairs, precision=6, random_index=theirs)
        ours = ahp_weights(_matrix_from_pairs(pairs, DRINKS), DRINKS, ri=ri)
        for name, w in cmp.target_weights.items():
            assert ours.weights[name] == pytest.approx(w, abs=2e-6)
        assert ours.CR == pytest.approx(cmp.consistency_ratio, abs=2e-6)


def test_ahp_against_pymcdm():
    pytest.importorskip("pymcdm")
    from pymcdm.weights.subjective import AHP

    pairs = _drinks_pairs()
    a = _matrix_from_pairs(pairs, DRINKS)
    theirs = AHP(matrix=a)
    ours = ahp_weights(a, DRINKS, ri="tummala_ling")
    np.testing.assert_allclose(ours.weights.to_numpy(), theirs(), atol=1e-6)
    assert ours.CR == pytest.approx(theirs.get_cr(), abs=1e-9)


def test_ahp_bad_matrices_name_the_cell():
    with pytest.raises(DataError, match=r"reciprocal.*\[a, b\] = 3.*\[b, a\] = 0.5"):
        ahp_weights([[1, 3], [0.5, 1]], ["a", "b"])
    with pytest.raises(DataError, match=r"positive.*\[b, a\] is -1"):
        ahp_weights([[1, 3], [-1, 1]], ["a", "b"])
    with pytest.raises(DataError, match=r"diagonal.*\[b, b\] is 2"):
        ahp_weights([[1, 0.5], [2, 2]], ["a", "b"])
    with pytest.raises(DataError, match="square"):
        ahp_weights([[1, 2, 3], [0.5, 1, 2]])


def test_inconsistent_matrix_warns():
    a = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
    with pytest.warns(ConsistencyWarning, match="CR = "):
        res = ahp_weights(a)
    assert res.CR >= 0.1 and not res.consistent


def test_random_index_tables():
    assert random_index(2) == 0 and random_index(3) == 0.58 and random_index(12) == 1.48
    assert set(RI_TABLES) == {"saaty", "saaty2005", "donegan_dodd", "tummala_ling",
                              "alonso_lamata"}
    with pytest.raises(DataError, match="n = 3..15"):
        random_index(16)


# --- section 6: improved entropy -> AHP mapping ----------------------------------------------

def test_improved_entropy_example_log_and_linear():
    case = REF["improved_entropy_example1"]
    g = case["g"]
    expected_a = np.array(case["A_log"])
    w_log = case["w_log"]
    lam, ci, cr = case["lambda_max"], case["CI"], case["CR"]
    w_lin, cr_lin = case["w_linear"], case["CR_linear"]

    a, mapping = judgment_matrix(g)
    assert mapping["D"] == pytest.approx(case["D"]) and mapping["alpha"] == case["alpha"]
    assert mapping["R"] == pytest.approx(case["R"], abs=5e-7)
    np.testing.assert_allclose(a.to_numpy(), expected_a)
    res = ahp_weights(a)
    np.testing.assert_allclose(res.weights, w_log, atol=5e-7)
    assert (res.lambda_max, res.CI, res.CR) == pytest.approx((lam, ci, cr), abs=5e-7)

    a_lin, _ = judgment_matrix(g, nearest="linear")
    assert a_lin.iloc[0, 4] == 3 and (a_lin.to_numpy() != a.to_numpy()).sum() == 2
    res_lin = ahp_weights(a_lin)
    np.testing.assert_allclose(res_lin.weights, w_lin, atol=5e-7)
    assert res_lin.CR == pytest.approx(cr_lin, abs=5e-7)


def test_judgment_matrix_rules():
    # D < 1.5 -> alpha = 1 -> all ones (equal weights)
    a, m = judgment_matrix([0.30, 0.25, 0.21])
    assert m["alpha"] == 1 and (a.to_numpy() == 1).all()
    # alpha is capped at 9 and k never exceeds it
    a, m = judgment_matrix([1.0, 0.01])
    assert m["alpha"] == 9 and a.iloc[0, 1] == 9
    # round half up: D = 2.5 -> alpha = 3 (Python's round would give 2)
    _, m = judgment_matrix([0.5, 0.2])
    assert m["alpha"] == 3
    with pytest.raises(DataError, match="positive"):
        judgment_matrix([0.2, 0.0])


def test_improved_entropy_nested_equals_manual_composition():
    rng = np.random.default_rng(3)
    x = rng.lognormal(size=(30, 6))
    dims = ["a", "a", "a", "b", "b", "c"]
    res = improved_entropy_weights(x, dimensions=dims)
    g = entropy_weights(x).table["g"].to_numpy()
    wa = ahp_weights(judgment_matrix(g[:3])[0]).weights.to_numpy()
    wb = ahp_weights(judgment_matrix(g[3:5])[0]).weights.to_numpy()
    big = [g[:3].sum(), g[3:5].sum(), g[5]]
    wd = ahp_weights(judgment_matrix(big)[0]).weights.to_numpy()
    expected = np.concatenate([wd[0] * wa, wd[1] * wb, [wd[2]]])
    np.testing.assert_allclose(res.weights, expected, atol=1e-12)
    assert set(res.ahp) == {"a", "b", "dimensions"}
    np.testing.assert_allclose(res.dimension_weights, wd, atol=1e-12)
    np.testing.assert_allclose(res.table["local_weight"].iloc[:3], wa, atol=1e-12)
    flat = improved_entropy_weights(x, dimensions=dims, hierarchy="flat")
    assert set(flat.ahp) == {"all"}
    assert "judgment matrix" in res.summary()


def test_ahp_hierarchy_from_user_matrices(tmp_path):
    dims = ["a", "a", "b"]
    names = ["p", "q", "r"]
    res = ahp_hierarchy_weights({"a": [[1, 3], [1 / 3, 1]], "dimensions": [[1, 1], [1, 1]]},
                                names=names, dimensions=dims)
    assert res.weights.round(6).tolist() == [0.375, 0.125, 0.5]
    with pytest.raises(DataError, match=r"needs matrices for \['a'\]"):
        ahp_hierarchy_weights({"dimensions": [[1, 1], [1, 1]]}, names=names, dimensions=dims)
    csv = tmp_path / "m.csv"
    pd.DataFrame([[1, 2], [0.5, 1]], index=["q", "p"], columns=["q", "p"]).to_csv(csv)
    flat = ahp_hierarchy_weights(str(csv), names=["p", "q"], hierarchy="flat")
    np.testing.assert_allclose(flat.weights, [1 / 3, 2 / 3])


# --- peers ----------------------------------------------------------------------------------

def test_entropy_and_critic_against_pymcdm():
    pytest.importorskip("pymcdm")
    from pymcdm import weights as pw

    rng = np.random.default_rng(11)
    for _ in range(5):
        x = rng.lognormal(size=(15, 5))
        np.testing.assert_allclose(entropy_weights(x, standardize="none").weights,
                                   pw.entropy_weights(x), atol=1e-12)
        np.testing.assert_allclose(critic_weights(x).weights, pw.critic_weights(x), atol=1e-12)
        np.testing.assert_allclose(std_weights(x).weights, pw.standard_deviation_weights(x),
                                   atol=1e-12)


# --- registry, user weights, bad input -------------------------------------------------------

def test_registry_and_uniform_interface():
    x = np.random.default_rng(1).random((10, 3)) + 0.1
    for method, fn in WEIGHTING_METHODS.items():
        opts = {"weights": {"x1": 0.2, "x2": 0.3, "x3": 0.5}} if method == "user" else {}
        if method == "ahp":
            opts = {"matrix": np.ones((3, 3))}
        res = compute_weights(method, x, names=["x1", "x2", "x3"], **opts)
        assert res.weights.sum() == pytest.approx(1) and (res.weights >= 0).all()
        assert list(res.weights.index) == ["x1", "x2", "x3"]
        assert "weight" in res.to_frame().columns
    with pytest.raises(ConfigError, match="unknown method 'magic'"):
        compute_weights("magic", x)
    with pytest.raises(ConfigError, match="'shift' is not an option of method 'cv'"):
        compute_weights("cv", x, shift=0.1)


def test_user_weights_must_sum_to_one():
    with pytest.raises(DataError, match="sum to 1"):
        user_weights([0.5, 0.6])
    with pytest.raises(DataError, match=r"missing \['b'\]"):
        user_weights({"a": 1.0}, names=["a", "b"])
    assert equal_weights(n=4).weights.tolist() == [0.25] * 4


def test_constant_indicator_gets_zero_weight_with_warning():
    x = np.array([[1, 5, 2], [2, 5, 3], [3, 5, 1]], dtype=float)
    with pytest.warns(ConstantIndicatorWarning, match="x2"):
        res = entropy_weights(x)
    assert res.weights["x2"] == 0 and res.weights.sum() == pytest.approx(1)
    with pytest.warns(ConstantIndicatorWarning):
        assert critic_weights(x).weights["x2"] == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert improved_entropy_weights(x).weights["x2"] == 0


@pytest.mark.parametrize("fn,x,pattern", [
    (entropy_weights, [[1.0, np.nan], [2.0, np.nan]], r"\['x2'\] are entirely missing"),
    (entropy_weights, [[1.0, 2.0]], "at least 2 units"),
    (entropy_weights, [[1.0, -2.0], [2.0, 3.0]], r"non-negative.*\['x2'\]"),
    (cv_weights, [[1.0, -2.0], [2.0, 3.0]], r"non-negative.*\['x2'\]"),
    (cv_weights, [[0.0, 2.0], [0.0, 3.0]], "positive mean"),
])
def test_bad_input(fn, x, pattern):
    kwargs = {"standardize": "none"} if fn is entropy_weights and "non-negative" in pattern else {}
    with pytest.raises(DataError, match=pattern):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fn(x, **kwargs)


def test_all_constant_is_an_error():
    with pytest.raises(DataError, match="zero weight"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            entropy_weights([[1, 2], [1, 2]])
