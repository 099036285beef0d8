"""Theil's T and L against PySAL inequality (TheilD) and a hand calculation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ccdkit.coupling import theil, theil_panel
from ccdkit.exceptions import DataError


def test_theil_t_and_its_decomposition_equal_inequality():
    inequality = pytest.importorskip("inequality")
    from inequality.theil import Theil, TheilD

    rng = np.random.default_rng(0)
    y = rng.lognormal(size=31)
    g = rng.integers(0, 4, 31)
    r = theil(y, g)
    ref = TheilD(y, g)
    assert r.T == pytest.approx(float(Theil(y).T), rel=1e-12)
    assert r.T_between == pytest.approx(float(np.ravel(ref.bg)[0]), rel=1e-9)
    assert r.T_within == pytest.approx(float(np.ravel(ref.wg)[0]), rel=1e-9)
    assert inequality.__version__


def test_theil_l_by_hand():
    y = np.array([1.0, 2.0, 3.0, 6.0])
    m = 3.0
    L = np.mean(np.log(m / y))  # (ln 3 + ln 1.5 + 0 + ln 0.5) / 4
    r = theil(y, ["a", "a", "b", "b"])
    assert r.L == pytest.approx(L, rel=1e-14)
    # between: group means 1.5 and 4.5, each half of the units
    assert r.L_between == pytest.approx(0.5 * np.log(3 / 1.5) + 0.5 * np.log(3 / 4.5))
    assert r.L_within + r.L_between == pytest.approx(r.L, rel=1e-12)
    equal = theil([2.0, 2.0, 2.0])
    assert equal.T == pytest.approx(0.0, abs=1e-15) and equal.L == pytest.approx(0.0, abs=1e-15)


def test_theil_panel_and_errors():
    p = pd.DataFrame({"region": ["A", "B", "C", "D"] * 2, "year": [2020] * 4 + [2021] * 4,
                      "D": [1.0, 2, 3, 6, 2, 2, 2, 2]})
    t = theil_panel(p, "D", {"g1": ["A", "B"], "g2": ["C", "D"]})
    assert t["year"].tolist() == [2020, 2021] and t["theil_T"][1] == pytest.approx(0.0, abs=1e-15)
    assert t["theil_T_between_share"][0] == pytest.approx(t["theil_T_between"][0]
                                                          / t["theil_T"][0])
    assert np.isnan(theil([0.0, 1.0, 2.0]).L)  # a zero: the mean log deviation is undefined
    with pytest.raises(DataError, match="non-negative"):
        theil([1.0, -1.0])
    with pytest.raises(DataError, match="without a group"):
        theil_panel(p, "D", {"g1": ["A"]})
