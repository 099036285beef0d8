"""Hypothesis invariants of the Geographical Detector."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ccdkit.geodetector import (
    assign,
    factor_detector,
    interaction_detector,
    jenks_backend,
    natural_breaks_all,
)

codes_and_y = st.integers(4, 40).flatmap(lambda n: st.tuples(
    st.lists(st.integers(0, 4), min_size=n, max_size=n),
    st.lists(st.floats(-100, 100, allow_nan=False), min_size=n, max_size=n)))


@settings(max_examples=60, deadline=None)
@given(codes_and_y, st.sampled_from(["drop", "keep"]), st.data())
def test_q_bounds_relabelling_and_row_order(cy, mode, data):
    codes, y = np.array(cy[0]), np.array(cy[1])
    assume(np.ptp(y) > 1e-6)
    q = factor_detector(y, {"x": codes}, singletons=mode)["q"].iloc[0]
    if np.isnan(q):
        return
    assert 0 <= q <= 1
    relabel = np.array(data.draw(st.permutations(range(5))))
    perm = np.array(data.draw(st.permutations(range(len(y)))))
    q2 = factor_detector(y[perm], {"x": relabel[codes][perm]}, singletons=mode)["q"].iloc[0]
    assert abs(q - q2) < 1e-9


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=6, max_size=30), st.lists(
    st.integers(-50, 50), min_size=4, max_size=4, unique=True))
def test_q_is_one_when_y_is_constant_within_strata(codes, levels):
    codes = np.array(codes)
    assume(len(np.unique(codes)) >= 2 and (np.bincount(codes) != 1).all())
    y = np.array(levels, dtype=float)[codes]
    assert abs(factor_detector(y, {"x": codes})["q"].iloc[0] - 1) < 1e-12


@settings(max_examples=50, deadline=None)
@given(st.integers(6, 40).flatmap(lambda n: st.tuples(
    st.lists(st.integers(0, 3), min_size=n, max_size=n),
    st.lists(st.integers(0, 3), min_size=n, max_size=n),
    st.lists(st.floats(-10, 10, allow_nan=False), min_size=n, max_size=n))))
def test_interaction_refines_with_keep(data):
    a, b, y = (np.array(v) for v in data)
    assume(np.ptp(y) > 1e-6)
    r = interaction_detector(y, {"a": a, "b": b}, singletons="keep").iloc[0]
    if np.isfinite(r["q12"]):
        assert r["q12"] >= max(r["q1"], r["q2"]) - 1e-9


def _brute_sse(x, k):
    v = np.unique(x)
    best = np.inf
    for cuts in itertools.combinations(range(1, len(v)), k - 1):
        ends = [v[c - 1] for c in cuts] + [v[-1]]
        codes = assign(x, [v[0], *ends])
        sse = sum(((x[codes == i] - x[codes == i].mean()) ** 2).sum() for i in range(k))
        best = min(best, sse)
    return best


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-20, 20), min_size=3, max_size=11), st.integers(2, 4))
def test_natural_breaks_are_the_brute_force_optimum(values, k):
    x = np.array(values, dtype=float)
    assume(len(np.unique(x)) >= k)
    backends = ["numpy"] + (["c"] if jenks_backend() == "c" else [])
    results = [natural_breaks_all(x, [k], backend=b)[k] for b in backends]
    for b in results[1:]:
        np.testing.assert_array_equal(b, results[0])
    codes = assign(x, results[0])
    sse = sum(((x[codes == i] - x[codes == i].mean()) ** 2).sum() for i in range(k))
    assert abs(sse - _brute_sse(x, k)) < 1e-9
