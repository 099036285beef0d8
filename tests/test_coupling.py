"""Coupling coordination degree against the reference vectors, boundaries and invariants."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import reference
from hypothesis import given, settings
from hypothesis import strategies as st

from ccdkit import (
    COORDINATION_TYPES,
    DataError,
    coordination_type,
    coupling_coordination,
    coupling_degree,
    relative_development,
)
from ccdkit.exceptions import MissingDataWarning

REF = reference("mcdm")


def test_r_coupling_package_vectors_4_systems():
    """R package `coupling` (stscl), 6 rows x 3 formulas, to 1e-7."""
    case = REF["r_coupling_4_systems"]
    assert case["columns"][:4] == ["U1", "U2", "U3", "U4"] and len(case["rows"]) == 6
    data = np.array(case["rows"])
    u = data[:, :4]
    expected = {"classic": (4, 5), "wang2021": (6, 7), "fan2024": (8, 9)}
    for model, (ci, di) in expected.items():
        res = coupling_coordination(*u.T, coupling=model)
        # inputs are printed to 7 decimals, so allow one unit in the 7th place
        np.testing.assert_allclose(res.C, data[:, ci], atol=1.5e-7, err_msg=model)
        np.testing.assert_allclose(res.D, data[:, di], atol=1.5e-7, err_msg=model)


def test_two_system_vectors():
    """Hand-checkable two-system values (alpha = beta = 0.5)."""
    data = np.array(REF["two_system_ccd"]["rows"])
    assert data.shape == (5, 8)
    classic = coupling_coordination(data[:, 0], data[:, 1])
    wang = coupling_coordination(data[:, 0], data[:, 1], coupling="wang2021")
    np.testing.assert_allclose(classic.C, data[:, 2], atol=5e-7)
    np.testing.assert_allclose(classic.T, data[:, 3], atol=5e-7)
    np.testing.assert_allclose(classic.D, data[:, 4], atol=5e-7)
    np.testing.assert_allclose(wang.C, data[:, 5], atol=5e-7)
    np.testing.assert_allclose(wang.D, data[:, 6], atol=5e-7)
    np.testing.assert_allclose(classic.E, data[:, 7], atol=5e-5)


def test_three_system_check_values():
    """U = (0.2, 0.5, 0.8)."""
    case = REF["three_system_c"]
    u = np.array([case["U"]])
    for model, expected in case["C"].items():
        assert coupling_degree(u, model)[0] == pytest.approx(expected, abs=5e-7)


def test_hand_computed_two_systems():
    # U = (0.8, 0.2): C = 2 sqrt(0.16) / 1.0 = 0.8; T = 0.5; D = sqrt(0.4)
    res = coupling_coordination([0.8], [0.2])
    assert res.C[0] == pytest.approx(0.8) and res.T[0] == 0.5
    assert res.D[0] == pytest.approx(np.sqrt(0.4))
    # weights 0.3/0.7: T = 0.24 + 0.14 = 0.38
    res = coupling_coordination([0.8], [0.2], weights=[0.3, 0.7])
    assert res.T[0] == pytest.approx(0.38) and res.D[0] == pytest.approx(np.sqrt(0.8 * 0.38))


def test_normative_n_system_formula_gives_one_for_equal_scores():
    for n in (2, 3, 4):
        u = np.full((1, n), 0.5)
        for model in ("classic", "wang2021", "fan2024"):
            assert coupling_degree(u, model)[0] == pytest.approx(1.0)


def test_all_zero_rule():
    for model in ("classic", "wang2021", "fan2024"):
        res = coupling_coordination([0.0, 0.3], [0.0, 0.0], coupling=model)
        assert res.C[0] == 0 and res.D[0] == 0
        assert np.isfinite(res.C).all()


@pytest.mark.parametrize("d,label", [
    (0.0, "Extreme disorder"), (0.0999999, "Extreme disorder"), (0.1, "Serious disorder"),
    (0.3999, "Mild disorder"), (0.4, "On the verge of disorder"), (0.5, "Barely coordinated"),
    (0.8999999, "Good coordination"), (0.9, "High-quality coordination"),
    (1.0, "High-quality coordination"),
])
def test_class_boundaries(d, label):
    assert list(coordination_type([d])) == [label]


def test_sweep_gives_every_class_in_order():
    d = np.linspace(0, 1, 1001)
    types = coordination_type(d)
    assert types.ordered and list(types.categories) == [t[1] for t in COORDINATION_TYPES]
    codes = types.codes
    assert set(codes) == set(range(10)) and (np.diff(codes) >= 0).all()
    assert list(coordination_type([0.95], lang="zh")) == ["优质协调"]


def test_relative_development_classes():
    e, cls = relative_development([0.4, 0.41, 0.6, 0.61, 0.5, 0.0], [0.5, 0.5, 0.5, 0.5, 0.0, 0.0],
                                  names=("agg", "nqpf"))
    assert list(cls)[:4] == ["agg lags", "synchronized", "synchronized", "nqpf lags"]
    assert np.isinf(e[4]) and list(cls)[4] == "nqpf lags" and pd.isna(cls[5])


def test_panel_input_and_frame():
    panel = pd.DataFrame({"region": ["Beijing", "Tianjin"], "year": [2012, 2012],
                          "agg": [0.5, 0.8], "nqpf": [0.5, 0.2]})
    res = coupling_coordination(panel)
    frame = res.to_frame(lang="zh")
    assert frame.columns.tolist() == ["region", "year", "agg", "nqpf", "C", "T", "D", "type", "E",
                                      "rdd_class"]
    assert frame["type"].tolist() == ["中级协调", "初级协调"]
    assert frame["rdd_class"].tolist() == ["同步型", "nqpf滞后型"]
    same = coupling_coordination("agg", "nqpf", data=panel)
    np.testing.assert_array_equal(same.D, res.D)
    assert "2 units" in res.summary()


def test_missing_scores_dropped_or_strict():
    panel = pd.DataFrame({"region": ["Beijing", "Tianjin"], "year": [2012, 2012],
                          "a": [0.5, np.nan], "b": [0.5, 0.2]})
    with pytest.warns(MissingDataWarning, match="Tianjin 2012"):
        res = coupling_coordination(panel)
    assert len(res.D) == 1 and res.dropped[["region", "year"]].values.tolist() == [["Tianjin", 2012]]
    with pytest.raises(DataError, match="Tianjin 2012"):
        coupling_coordination(panel, strict=True)


@pytest.mark.parametrize("kwargs,pattern", [
    ({"weights": [0.5, 0.3]}, "sum to 1"),
    ({"weights": [1.0]}, "one value per system"),
    ({"coupling": "magic"}, "coupling must be one of"),
])
def test_bad_options(kwargs, pattern):
    with pytest.raises(DataError, match=pattern):
        coupling_coordination([0.1], [0.2], **kwargs)


def test_bad_inputs():
    with pytest.raises(DataError, match="at least 2 systems"):
        coupling_coordination([0.1, 0.2])
    with pytest.raises(DataError, match=r"\[0, 1\].*U2\[1\] = 1.5.*rescale"):
        coupling_coordination([0.1, 0.2], [0.3, 1.5])
    with pytest.raises(DataError, match="same length"):
        coupling_coordination([0.1, 0.2], [0.3])
    res = coupling_coordination([1.0, 3.0], [10.0, 20.0], rescale=True)
    assert res.U.values.tolist() == [[0.0, 0.0], [1.0, 1.0]]


unit = st.floats(0, 1, allow_nan=False)


@settings(max_examples=120, deadline=None)
@given(st.integers(2, 5).flatmap(lambda n: st.lists(st.lists(unit, min_size=n, max_size=n),
                                                    min_size=1, max_size=20)),
       st.sampled_from(["classic", "wang2021", "fan2024"]))
def test_properties(rows, model):
    u = np.array(rows)
    res = coupling_coordination(*u.T, coupling=model)
    assert ((res.C >= -1e-12) & (res.C <= 1 + 1e-12)).all()
    assert ((res.D >= 0) & (res.D <= 1 + 1e-12)).all()
    # symmetric in the systems (equal weights)
    perm = coupling_coordination(*u.T[::-1], coupling=model)
    np.testing.assert_allclose(perm.D, res.D, atol=1e-12)
    # invariant to row order
    order = np.arange(len(u))[::-1]
    rev = coupling_coordination(*u[order].T, coupling=model)
    np.testing.assert_allclose(rev.D, res.D[order], atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(st.floats(0.01, 1), st.integers(2, 5))
def test_equal_positive_scores_couple_perfectly(value, n):
    u = np.full((1, n), value)
    for model in ("classic", "wang2021"):
        assert coupling_degree(u, model)[0] == pytest.approx(1.0)


@settings(max_examples=50, deadline=None)
@given(st.floats(0.01, 0.5), st.floats(0.01, 0.5), st.floats(1.01, 2.0))
def test_d_increases_with_t_at_fixed_c(a, b, k):
    # classic C depends only on the ratio U1/U2: scaling both by k keeps C and raises T
    low = coupling_coordination([a], [b])
    high = coupling_coordination([a * k], [b * k])
    assert high.C[0] == pytest.approx(low.C[0])
    assert high.T[0] > low.T[0] and high.D[0] > low.D[0]


def test_no_warning_on_clean_input():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        coupling_coordination([0.2, 0.3], [0.4, 0.5])


def test_weights_typed_with_seven_decimals_pass_both_validate_and_run():
    """One check for the library and the config: [0.3333333] * 3 (sum 0.9999999) passes
    both (before: the config accepted it at 1e-6 and the run refused it at 1e-9); the
    weights used sum to 1 exactly. Reversed rdd thresholds are refused by both."""
    from ccdkit.study._config import Coupling

    u = pd.DataFrame({"a": [0.2, 0.5], "b": [0.4, 0.5], "c": [0.6, 0.1]})
    res = coupling_coordination(u, weights=[0.3333333] * 3)
    assert sum(res.options["weights"]) == pytest.approx(1.0, abs=1e-15)
    np.testing.assert_allclose(res.T, u.mean(axis=1), rtol=1e-12)
    Coupling(weights=[0.3333333] * 3)
    with pytest.raises(DataError, match="sum to 1"):
        coupling_coordination(u, weights=[0.3, 0.3, 0.3])
    with pytest.raises(ValueError, match="sum to 1"):
        Coupling(weights=[0.3, 0.3, 0.3])
    with pytest.raises(DataError, match="0 < low < high"):
        coupling_coordination(u[["a", "b"]], rdd_thresholds=(1.2, 0.8))
    with pytest.raises(ValueError, match="0 < low < high"):
        Coupling(rdd_thresholds=(1.2, 0.8))


def test_score_frames_are_aligned_on_their_keys():
    """data=[frame_a, frame_b]: the named columns side by side on region and year, in the
    first frame's order; a region-year the other frame lacks is a dropped row, as with a
    merged panel."""
    rng = np.random.default_rng(5)
    keys = pd.DataFrame({"region": np.repeat(list("ABCDE"), 3), "year": np.tile([1, 2, 3], 5)})
    a = keys.assign(u1=rng.uniform(0.1, 0.9, 15), u1_dim=0.0)
    b = keys.assign(u2=rng.uniform(0.1, 0.9, 15))
    merged = coupling_coordination("u1", "u2", data=a.merge(b, on=["region", "year"]))
    same = coupling_coordination("u1", "u2", data=[a, b])
    pd.testing.assert_frame_equal(same.to_frame(), merged.to_frame())
    shuffled = b.sample(frac=1, random_state=1).iloc[2:]
    with pytest.warns(MissingDataWarning):
        part = coupling_coordination("u1", "u2", data=[a, shuffled])
    want = merged.to_frame().set_index(["region", "year"])
    got = part.to_frame().set_index(["region", "year"])
    assert len(got) == 13 and len(part.dropped) == 2
    pd.testing.assert_frame_equal(got, want.loc[got.index])
    with pytest.raises(DataError, match="'u3' is in none"):
        coupling_coordination("u1", "u3", data=[a, b])
    with pytest.raises(DataError, match="name the system columns"):
        coupling_coordination(data=[a, b])
    with pytest.raises(DataError, match="appears twice"):
        coupling_coordination("u1", "u2", data=[a, pd.concat([shuffled, shuffled])])
