"""Hypothesis invariants of the composite-index methods."""

from __future__ import annotations

import warnings

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from ccdkit import DataError, topsis
from ccdkit.weights import (
    critic_weights,
    cv_weights,
    entropy_weights,
    improved_entropy_weights,
    judgment_matrix,
)

matrices = st.integers(3, 12).flatmap(lambda m: st.integers(2, 5).flatmap(
    lambda n: arrays(np.float64, (m, n), elements=st.floats(0.1, 1000, allow_nan=False))))


def _varied(x):
    return (np.ptp(x, axis=0) > 1e-6 * np.abs(x).max(axis=0)).all()


@settings(max_examples=50, deadline=None)
@given(matrices)
def test_weights_are_a_distribution(x):
    assume(_varied(x))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for fn in (entropy_weights, critic_weights, cv_weights, improved_entropy_weights):
            try:
                w = fn(x).weights.to_numpy()
            except DataError as exc:  # CRITIC is undefined for perfectly correlated columns
                assert fn is critic_weights and "perfectly correlated" in str(exc)
                r = np.corrcoef(x, rowvar=False)
                assert np.allclose(np.abs(r), 1)
                continue
            assert (w >= 0).all() and abs(w.sum() - 1) < 1e-9


@settings(max_examples=50, deadline=None)
@given(matrices, st.data())
def test_invariant_to_row_order_and_positive_rescaling(x, data):
    assume(_varied(x))
    perm = data.draw(st.permutations(range(len(x))))
    scale = data.draw(st.floats(0.01, 100))
    col = data.draw(st.integers(0, x.shape[1] - 1))
    y = x[list(perm)].copy()
    y[:, col] *= scale
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w1 = entropy_weights(x).weights.to_numpy()
        w2 = entropy_weights(y).weights.to_numpy()
        np.testing.assert_allclose(w1, w2, atol=1e-9)
        c1 = topsis(x, w1).closeness
        c2 = topsis(y, w2).closeness
    np.testing.assert_allclose(c1[list(perm)], c2, atol=1e-9)
    assert ((c1 >= 0) & (c1 <= 1)).all()


@settings(max_examples=50, deadline=None)
@given(matrices, st.data())
def test_negative_indicator_reversed_equals_positive(x, data):
    assume(_varied(x))
    col = data.draw(st.integers(0, x.shape[1] - 1))
    dirs = ["+"] * x.shape[1]
    flipped = x.copy()
    flipped[:, col] = -flipped[:, col]
    dirs_neg = list(dirs)
    dirs_neg[col] = "-"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = improved_entropy_weights(x, directions=dirs)
        b = improved_entropy_weights(flipped, directions=dirs_neg)
        np.testing.assert_allclose(a.weights, b.weights, atol=1e-9)
        np.testing.assert_allclose(topsis(x, a.weights, directions=dirs).closeness,
                                   topsis(flipped, b.weights, directions=dirs_neg).closeness,
                                   atol=1e-9)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(1e-4, 1.0), min_size=1, max_size=12), st.sampled_from(["log", "linear"]))
def test_judgment_matrices_are_reciprocal_integer_scales(g, nearest):
    a, mapping = judgment_matrix(g, nearest=nearest)
    a = a.to_numpy()
    np.testing.assert_allclose(a * a.T, 1.0)
    upper = np.maximum(a, a.T)
    assert np.allclose(upper, np.round(upper))
    assert (upper >= 1).all() and (upper <= min(9, max(mapping["alpha"], 1))).all()
    assert np.all(np.diag(a) == 1)


@settings(max_examples=200, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(3, 12), st.integers(1, 4)),
              elements=st.sampled_from([0.0, 1.0, 2.0, 3.0, 1e9, -1e9])))
def test_dominant_values_all_columns_at_once_equal_column_by_column(x):
    """The one-sort path of dominant_values (a matrix without missing values) finds the
    cells its column-by-column path finds (taken here by an added row of NaN)."""
    from ccdkit.indices import dominant_values

    with_gap = np.vstack([x, np.full((1, x.shape[1]), np.nan)])
    assert dominant_values(x) == dominant_values(with_gap)
