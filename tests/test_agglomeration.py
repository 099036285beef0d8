"""Agglomeration indices on a hand-built firm table with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ccdkit import DataError, agglomeration_index, agglomeration_indices

FIRMS = pd.DataFrame({
    "firm": ["T1", "T2", "O1", "T3", "O2", "O3"],
    "year": 2020,
    "region": ["Beijing", "Beijing", "Beijing", "Tianjin", "Tianjin", "Hebei"],
    "total_assets": [30.0, 10.0, 60.0, 20.0, 20.0, 60.0],
    "is_target": [True, True, False, True, False, False],
})
# national: all firms 200, target 60 (share 0.3)


def _by_region(frame):
    return frame.set_index("region")


def test_location_quotient_by_hand():
    out = _by_region(agglomeration_indices(FIRMS))
    assert out.loc["Beijing", "lq"] == pytest.approx((40 / 100) / 0.3)
    assert out.loc["Tianjin", "lq"] == pytest.approx((20 / 40) / 0.3)
    assert out.loc["Hebei", "lq"] == 0  # no target firm
    assert out.loc["Beijing", "assets_all"] == 100 and out.loc["Beijing", "assets_target"] == 40


def test_national_scope_by_hand():
    out = _by_region(agglomeration_indices(FIRMS, n=1))
    assert out.loc["Beijing", "cr"] == pytest.approx(30 / 60)
    assert out.loc["Tianjin", "cr"] == pytest.approx(20 / 60)
    out4 = _by_region(agglomeration_indices(FIRMS, n=4))
    assert out4.loc["Beijing", "cr"] == pytest.approx(40 / 60)
    assert out4.loc["Beijing", "hhi"] == pytest.approx((30 / 60) ** 2 + (10 / 60) ** 2)
    assert out4.loc["Tianjin", "hhi"] == pytest.approx((20 / 60) ** 2)
    # regional contributions add up to the national firm-level HHI
    national = ((FIRMS.loc[FIRMS.is_target, "total_assets"] / 60) ** 2).sum()
    assert out4["hhi"].sum() == pytest.approx(national)
    assert out4.loc["Hebei", ["cr", "hhi"]].tolist() == [0, 0]


def test_within_scope_by_hand():
    out = _by_region(agglomeration_indices(FIRMS, n=1, scope="within"))
    assert out.loc["Beijing", "cr"] == pytest.approx(30 / 40)
    assert out.loc["Beijing", "hhi"] == pytest.approx(0.75 ** 2 + 0.25 ** 2)
    assert out.loc["Tianjin", "cr"] == 1 and out.loc["Tianjin", "hhi"] == 1
    assert out.loc["Hebei", "cr"] == 0


def test_grid_and_years():
    two = pd.concat([FIRMS, FIRMS.assign(year=2021)])
    out = agglomeration_indices(two, regions=["Tianjin", "Beijing"])
    assert out[["region", "year"]].values.tolist() == [
        ["Beijing", 2020], ["Beijing", 2021], ["Tianjin", 2020], ["Tianjin", 2021]]
    # national totals still include Hebei's firm
    assert out["lq"].iloc[0] == pytest.approx((40 / 100) / 0.3)


def test_region_without_any_firm_is_an_error():
    with pytest.raises(DataError, match="Shanxi 2020"):
        agglomeration_indices(FIRMS, regions=["Beijing", "Shanxi"])


def test_bad_firm_tables():
    with pytest.raises(DataError, match="negative total assets"):
        agglomeration_indices(FIRMS.assign(total_assets=[-1.0, 10, 60, 20, 20, 60]))
    with pytest.raises(DataError, match="lacks columns"):
        agglomeration_indices(FIRMS.drop(columns="is_target"))
    with pytest.raises(DataError, match="scope"):
        agglomeration_indices(FIRMS, scope="global")
    with pytest.raises(DataError, match="positive integer"):
        agglomeration_indices(FIRMS, n=0)


def test_composite_is_entropy_weighted_sum():
    rng = np.random.default_rng(2)
    rows = []
    for year in (2020, 2021, 2022):
        for region in ("Beijing", "Tianjin", "Hebei", "Shanxi", "Jiangsu"):
            for k in range(4):
                rows.append((f"{region}{k}", year, region, float(rng.lognormal(3, 1)),
                             bool(k < 2 and rng.random() > 0.3)))
    firms = pd.DataFrame(rows, columns=["firm", "year", "region", "total_assets", "is_target"])
    before = firms.copy()
    res = agglomeration_index(firms)
    pd.testing.assert_frame_equal(firms, before)
    ind = res.components[["lq", "cr", "hhi"]].to_numpy()
    # the entropy method written out: min-max, shares, e, g, w, weighted sum
    xs = (ind - ind.min(0)) / (ind.max(0) - ind.min(0))
    p = xs / xs.sum(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        e = -np.where(p > 0, p * np.log(p), 0).sum(0) / np.log(len(xs))
    w = (1 - e) / (1 - e).sum()
    np.testing.assert_allclose(res.scores["agglomeration"], xs @ w, atol=1e-12)
    assert "Agglomeration" in res.summary()
    assert set(res.to_frame().columns) >= {"lq", "cr", "hhi", "agglomeration"}
