"""composite_index on panels: pooled and per-year, sub-scores, obstacles, bad input."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from ccdkit import (
    CcdkitError,
    ConstantIndicatorWarning,
    DataError,
    MissingDataWarning,
    composite_index,
    entropy_weights,
    improved_entropy_weights,
    topsis,
)


def _panel(seed=0, years=(2020, 2021, 2022)):
    rng = np.random.default_rng(seed)
    regions = ["Beijing", "Tianjin", "Hebei", "Shanxi", "Jiangsu", "Sichuan"]
    rows = [(r, y) for r in regions for y in years]
    frame = pd.DataFrame(rows, columns=["region", "year"])
    for name in ("a", "b", "c", "d"):
        frame[name] = rng.lognormal(size=len(frame))
    return frame


DIRS = ["+", "+", "-", "+"]
DIMS = ["tech", "tech", "green", "green"]


def test_pooled_topsis_equals_its_parts():
    panel = _panel()
    before = panel.copy()
    res = composite_index(panel, ["a", "b", "c", "d"], directions=DIRS)
    pd.testing.assert_frame_equal(panel, before)
    x = panel[["a", "b", "c", "d"]].to_numpy()
    w = entropy_weights(x, directions=DIRS).weights.to_numpy()
    np.testing.assert_allclose(res.weights["all"].weights, w)
    np.testing.assert_allclose(res.scores["score"], topsis(x, w, directions=DIRS).closeness)
    assert res.scores[["region", "year"]].equals(panel[["region", "year"]])
    assert res.scoring["all"].V.shape == (18, 4)


def test_per_year_weights():
    panel = _panel()
    res = composite_index(panel, ["a", "b", "c", "d"], directions=DIRS, pooling="per_year",
                          scoring="weighted_sum")
    assert sorted(res.weights) == [2020, 2021, 2022]
    y = panel[panel.year == 2021]
    w = entropy_weights(y[["a", "b", "c", "d"]].to_numpy(), directions=DIRS).weights
    np.testing.assert_allclose(res.weights[2021].weights, w)
    table = res.weight_table()
    assert table["year"].nunique() == 3 and len(table) == 12
    # each year's scores span [0, 1] in weighted-sum-of-minmax form only if a unit is best
    assert (res.scores["score"] <= 1).all() and (res.scores["score"] >= 0).all()


def test_improved_entropy_with_dimension_subscores():
    panel = _panel(1)
    res = composite_index(panel, ["a", "b", "c", "d"], directions=DIRS, dimensions=DIMS,
                          weighting="improved_entropy", scoring="weighted_sum")
    x = panel[["a", "b", "c", "d"]].to_numpy()
    ref = improved_entropy_weights(x, directions=DIRS, dimensions=DIMS)
    np.testing.assert_allclose(res.weights["all"].weights, ref.weights)
    xs = res.standardized[["a", "b", "c", "d"]].to_numpy()
    local = ref.table["local_weight"].to_numpy()
    np.testing.assert_allclose(res.scores["score_tech"], xs[:, :2] @ local[:2], atol=1e-12)
    np.testing.assert_allclose(res.scores["score_green"], xs[:, 2:] @ local[2:], atol=1e-12)
    obs = res.obstacles
    np.testing.assert_allclose(obs.indicators.sum(axis=1), 1.0)
    assert list(obs.dimensions.columns) == ["tech", "green"]
    assert "Composite index" in res.summary()


def test_plain_matrix_input():
    x = _panel()[["a", "b"]].to_numpy()
    res = composite_index(x, scoring="weighted_sum")
    assert list(res.scores.columns) == ["score"] and len(res.scores) == len(x)


def test_missing_rows_dropped_with_warning():
    panel = _panel()
    panel.loc[3, "b"] = np.nan
    with pytest.warns(MissingDataWarning, match="1 row"):
        res = composite_index(panel, ["a", "b"])
    assert len(res.scores) == 17 and res.dropped.values.tolist() == [[panel.region[3], 2020]]


@pytest.mark.parametrize("kwargs,pattern", [
    ({"scoring": "vikor"}, "scoring: unknown method 'vikor'"),
    ({"pooling": "per_region"}, "pooling must be one of"),
    ({"weighting": "magic"}, "weighting: unknown method 'magic'"),
    ({"weighting": {"method": "entropy", "weights": {"a": 1.0}}},
     "'weights' is not an option of method 'entropy'"),
    ({"scoring": {"method": "weighted_sum", "matrix": "vector"}},
     "'matrix' is not an option of method 'weighted_sum'"),
    ({"dimensions": ["a"]}, "1 dimension labels for 2"),
])
def test_bad_options(kwargs, pattern):
    with pytest.raises(CcdkitError, match=pattern):
        composite_index(_panel(), ["a", "b"], **kwargs)


def test_all_missing_indicator_and_too_few_units():
    panel = _panel().assign(b=np.nan)
    with pytest.raises(DataError, match=r"\['b'\] have no value"):
        composite_index(panel, ["a", "b"])
    with pytest.raises(DataError, match="at least 2 units"):
        composite_index(_panel().head(1), ["a", "b"])
    with pytest.raises(DataError, match="not in the data"):
        composite_index(_panel(), ["a", "zz"])
    with pytest.raises(DataError, match="per_year"):
        composite_index(_panel()[["a", "b"]].to_numpy(), pooling="per_year")


def test_constant_indicator_is_not_a_crash():
    panel = _panel().assign(c=5.0)
    for weighting in ("entropy", "improved_entropy", "critic"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            res = composite_index(panel, ["a", "b", "c"], weighting=weighting)
        assert res.weights["all"].weights["c"] == 0
        # raised once, naming the indicator (not once per step that standardizes again)
        constant = [w for w in caught if issubclass(w.category, ConstantIndicatorWarning)]
        assert len(constant) == 1 and "'c'" in str(constant[0].message), weighting
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        composite_index(panel, ["a", "b", "c"], pooling="per_year")
    constant = [w for w in caught if issubclass(w.category, ConstantIndicatorWarning)]
    assert len(constant) == 1 and "'c' in 2020, 2021, 2022" in str(constant[0].message)


@pytest.mark.parametrize("weighting, scoring, pooling", [
    ("improved_entropy", {"method": "topsis", "matrix": "proportion"}, "pooled"),
    ("critic", "weighted_sum", "per_year"),
    ("entropy", "topsis", "per_year"),
])
def test_each_pool_is_standardized_once(monkeypatch, weighting, scoring, pooling):
    """Weights, scores, dimension sub-scores and obstacles reuse one min-max matrix per pool
    (same numbers as each step standardizing on its own)."""
    import ccdkit.indices._standardize as std

    panel = _panel()
    kwargs = dict(directions=DIRS, dimensions=DIMS, weighting=weighting, scoring=scoring,
                  pooling=pooling)
    expected = composite_index(panel, ["a", "b", "c", "d"], **kwargs)
    calls = []
    real = std.minmax

    def counting(*args, **kw):
        calls.append(1)
        return real(*args, **kw)

    # every module that standardizes imports minmax from _standardize (directly or
    # through minmax_or_given): count the calls at the source
    monkeypatch.setattr(std, "minmax", counting)
    import ccdkit.indices._composite as comp
    monkeypatch.setattr(comp, "minmax", counting)
    res = composite_index(panel, ["a", "b", "c", "d"], **kwargs)
    assert len(calls) == len(res.weights)  # one per pool
    pd.testing.assert_frame_equal(res.scores, expected.scores)
    pd.testing.assert_frame_equal(res.weight_table(), expected.weight_table())


def test_a_standardized_matrix_of_the_wrong_shape_is_refused():
    with pytest.raises(DataError, match=r"standardized matrix of shape \(2, 2\)"):
        entropy_weights([[1, 2, 3], [4, 5, 7]], standardized=[[0, 1], [1, 0]])
