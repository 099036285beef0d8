"""TOPSIS (VECTORS.md section 3), obstacle degree (section 8), against pymcdm."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import reference

from ccdkit import DataError, normalize, obstacle_degree, topsis
from ccdkit.weights import critic_weights, entropy_weights, std_weights

REF = reference("mcdm")


def test_tzeng_huang_2011_vector():
    case = REF["tzeng2011_topsis"]
    res = topsis(case["X"], case["w"], matrix=case["matrix"])
    np.testing.assert_allclose(res.closeness, case["closeness"], atol=5e-5)


def test_opricovic_tzeng_2004_minmax_with_cost():
    case = REF["opricovic2004_topsis"]
    res = topsis(case["X"], case["w"], directions=case["directions"])
    np.testing.assert_allclose(res.closeness, case["closeness"], atol=5e-4)


def test_scikit_criteria_unscaled():
    case = REF["scikit_criteria_topsis_unscaled"]
    res = topsis(case["X"], [1 / 3] * 3, matrix="raw")
    np.testing.assert_allclose(res.closeness, case["closeness"], atol=5e-9)
    # the ideal points with unit weights
    np.testing.assert_allclose(res.ideal * 3, case["ideal_unit_weights"])
    np.testing.assert_allclose(res.anti_ideal * 3, case["anti_ideal_unit_weights"])


def test_akestoridis_mcdm_readme_rankings():
    case = REF["akestoridis_mcdm_readme"]
    a = np.array(case["X"], dtype=float)

    # Vector normalization, SD weights on it, TOPSIS
    r = normalize(a, "vector")
    got = topsis(a, std_weights(r).weights, matrix="vector").closeness
    # Linear2 = min-max, CRITIC, simple additive weighting
    z = normalize(a, "minmax")
    saw = z @ critic_weights(z, standardize="none").weights.to_numpy()
    # Linear3 = proportions, entropy, modified TOPSIS (weights in the distance)
    p = normalize(a, "proportion")
    mt = topsis(p, entropy_weights(p, standardize="none").weights, matrix="raw",
                weights_in="distance").closeness
    for key, values in zip(("vector_sd_topsis", "linear2_critic_saw", "linear3_em_mtopsis"),
                           (got, saw, mt)):
        for k, name in enumerate("ABCD"):
            assert values[k] == pytest.approx(case[key][name], abs=5e-10), key


def test_obstacle_degree_vectors():
    case = REF["obstacle_degree"]
    rows = case["O"]
    res = obstacle_degree(case["X_std"], case["w"], dimensions=["d1", "d2", "d2"])
    np.testing.assert_allclose(res.indicators.to_numpy(), rows, atol=5e-7)
    np.testing.assert_allclose(res.dimensions["d2"], np.array(rows)[:, 1:].sum(axis=1), atol=2e-6)
    assert res.top(1)["obstacle_1"].tolist() == ["x1", "x1"]


def test_topsis_against_pymcdm():
    pytest.importorskip("pymcdm")
    from pymcdm.methods import TOPSIS

    rng = np.random.default_rng(5)
    for _ in range(5):
        x = rng.lognormal(size=(12, 4))
        w = rng.dirichlet(np.ones(4))
        types = np.array([1, -1, 1, -1])
        theirs = TOPSIS()(x, w, types)
        ours = topsis(x, w, directions=types).closeness
        np.testing.assert_allclose(ours, theirs, atol=1e-12)


def test_topsis_details_and_errors():
    res = topsis([[1, 2], [3, 1], [2, 3]], [0.5, 0.5], index=["a", "b", "c"])
    frame = res.to_frame()
    assert frame.index.tolist() == ["a", "b", "c"] and frame["rank"].min() == 1
    assert ((res.closeness >= 0) & (res.closeness <= 1)).all()
    with pytest.raises(DataError, match="sum to 1"):
        topsis([[1, 2], [3, 1]], [0.5, 0.6])
    with pytest.raises(DataError, match="2 weights for 3"):
        topsis([[1, 2, 3], [3, 1, 2]], [0.5, 0.5])
    with pytest.raises(DataError, match="matrix must be one of"):
        topsis([[1, 2], [3, 1]], [0.5, 0.5], matrix="l1")
    with pytest.raises(DataError, match=r"in \[0, 1\]"):
        obstacle_degree([[2.0, 0.5]], [0.5, 0.5])
