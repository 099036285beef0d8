"""Imputation: hand-computed fills, the log, options, and invariants."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccdkit import DataError, ImputationWarning, complete_panel, impute_panel

NAN = np.nan


def _panel(values, years=None, region="Beijing"):
    years = years or list(range(2012, 2012 + len(values)))
    return pd.DataFrame({"region": region, "year": years, "x": values})


def _fill(values, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImputationWarning)
        return impute_panel(_panel(values), **kw)


def test_interior_linear_and_edges_moving_average():
    # observed 2013=2, 2015=6, 2016=10; hand: 2014 = (2+6)/2 = 4; 2012 = mean(2,6,10) = 6;
    # 2017 = mean of the 3 last observed (2,6,10) = 6
    res = _fill([NAN, 2, NAN, 6, 10, NAN])
    assert res.data["x"].tolist() == [6.0, 2.0, 4.0, 6.0, 10.0, 6.0]
    assert res.log["method"].tolist() == ["moving_average", "linear", "moving_average"]
    assert res.log["year"].tolist() == [2012, 2014, 2017]


def test_linear_uses_year_distance():
    p = pd.DataFrame({"region": "Beijing", "year": [2012, 2013, 2014, 2016],
                      "x": [0.0, NAN, NAN, 8.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ImputationWarning)
        res = impute_panel(p, years=range(2012, 2017))
    # 2015 is absent from the input: completed, then 2013=2, 2014=4, 2015=6 on the line
    assert res.data["x"].tolist() == [0.0, 2.0, 4.0, 6.0, 8.0]


def test_trend_edges():
    # observed 2014..2016 = 1, 2, 3 -> trend slope 1: 2012 = -1, 2013 = 0; 2017 = 4
    res = _fill([NAN, NAN, 1, 2, 3, NAN], edges="trend")
    assert res.data["x"].tolist() == pytest.approx([-1, 0, 1, 2, 3, 4])
    assert set(res.log["method"]) == {"trend"}


def test_trend_window_uses_nearest_years():
    # window 2 at the end uses (2015: 4, 2016: 8): slope 4 -> 2017 = 12
    res = _fill([1, 2, 3, 4, 8, NAN], edges="trend", window=2)
    assert res.data["x"].iloc[-1] == pytest.approx(12)


def test_trend_with_single_observation_falls_back():
    res = _fill([NAN, 5, NAN], edges="trend")
    assert res.data["x"].tolist() == [5.0, 5.0, 5.0]
    assert set(res.log["method"]) == {"moving_average"}


def test_none_options_leave_gaps():
    res = _fill([NAN, 2, NAN, 6], method="none", edges="none")
    assert np.isnan(res.data["x"]).sum() == 2 and res.log.empty
    assert len(res.unfilled) == 2


def test_series_without_observation_is_reported():
    with pytest.warns(ImputationWarning, match="still missing"):
        res = impute_panel(_panel([NAN, NAN]))
    assert res.unfilled["reason"].unique().tolist() == ["no observed year for this region"]


def test_warning_is_issued_and_input_untouched():
    p = _panel([1, NAN, 3])
    before = p.copy()
    with pytest.warns(ImputationWarning, match="filled 1 cell"):
        res = impute_panel(p)
    pd.testing.assert_frame_equal(p, before)
    assert "1 cell(s) imputed" in res.summary()
    assert res.to_frame().columns.tolist() == ["region", "year", "variable", "method", "value"]
    assert res.options == {"method": "linear", "edges": "moving_average", "window": 3}


def test_no_warning_when_complete():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = impute_panel(_panel([1.0, 2.0]))
    assert res.log.empty


def test_bad_options():
    with pytest.raises(DataError, match="method"):
        impute_panel(_panel([1.0]), method="spline")
    with pytest.raises(DataError, match="edges"):
        impute_panel(_panel([1.0]), edges="mean")
    with pytest.raises(DataError, match="window"):
        impute_panel(_panel([1.0]), window=0)
    with pytest.raises(DataError, match="duplicate"):
        impute_panel(pd.concat([_panel([1.0]), _panel([2.0])]))


def test_complete_panel_grid():
    p = pd.DataFrame({"region": ["Tianjin", "Beijing"], "year": [2013, 2012], "x": [1.0, 2.0]})
    full = complete_panel(p)
    assert full[["region", "year"]].values.tolist() == [
        ["Beijing", 2012], ["Beijing", 2013], ["Tianjin", 2012], ["Tianjin", 2013]]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(-1e6, 1e6)), min_size=2, max_size=12))
def test_observed_cells_never_change_and_interior_fills_are_bounded(values):
    x = np.array([NAN if v is None else v for v in values])
    res = _fill(list(x))
    out = res.data["x"].to_numpy()
    obs = ~np.isnan(x)
    assert np.array_equal(out[obs], x[obs])
    if obs.sum() >= 1:
        assert not np.isnan(out).any()
        idx = np.flatnonzero(obs)
        for i in range(idx[0] + 1, idx[-1]):
            if not obs[i]:
                left = x[idx[idx < i][-1]]
                right = x[idx[idx > i][0]]
                assert min(left, right) - 1e-6 <= out[i] <= max(left, right) + 1e-6
