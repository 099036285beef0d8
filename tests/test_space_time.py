"""The space-time chapter against peers (tests/reference/space_time.json, made by
tools/make_space_time_reference.py with giddy, pointpats, pymannkendall and esda)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ccdkit.dynamics import lisa_markov, lisa_paths, lisa_rose
from ccdkit.exceptions import DataError
from ccdkit.spatial import deviational_ellipse, emerging_hotspots, gi_star, mann_kendall

from conftest import reference

REF = reference("space_time")
DYN = reference("dynamics")
IDS = DYN["ids"]
Y = np.array(DYN["y"], dtype=float)
W = np.array([[1.0 if b in DYN["neighbors"][a] else 0.0 for b in IDS] for a in IDS])
PANEL = pd.DataFrame({"region": np.repeat(IDS, Y.shape[1]),
                      "year": np.tile(np.arange(2012, 2012 + Y.shape[1]), len(IDS)),
                      "D": Y.ravel()})


def test_lisa_markov_equals_giddy_and_the_corrected_test():
    r = lisa_markov(PANEL, "D", W, IDS)
    ref = REF["lisa_markov"]
    q = r.quadrants.pivot(index="region", columns="year", values="quadrant").reindex(IDS)
    codes = q.replace({"HH": 1, "LH": 2, "LL": 3, "HL": 4}).to_numpy(dtype=int)
    np.testing.assert_array_equal(codes, ref["q"])
    np.testing.assert_array_equal(r.counts.to_numpy(), ref["transitions"])
    assert r.test["chi2"] == pytest.approx(ref["chi2"], rel=1e-10)
    assert r.test["p"] == pytest.approx(ref["p"], rel=1e-8) and r.test["dof"] == ref["dof"]
    assert ref["giddy_chi2"][0] > 10 * ref["chi2"]  # giddy's transposed null, for the record
    # Rey's types from giddy's move codes (origin-1)*4 + destination
    from ccdkit.dynamics import rey_type

    mt = np.array(ref["move_types"])
    types = [rey_type((c - 1) // 4 + 1, (c - 1) % 4 + 1) for c in mt.ravel()]
    counts = pd.Series(types).value_counts()
    got = r.types.set_index("move_type")["count"]
    for t in ("I", "II", "IIIA", "IIIB", "IV"):
        assert got[t] == counts.get(t, 0), t
    assert got["flux"] == got["I"] + got["II"] and got["cohesion"] == got["IV"]
    assert r.types.set_index("move_type")["share"][["I", "II", "IIIA", "IIIB", "IV"]].sum() == \
        pytest.approx(1.0)


def test_rose_counts_equal_giddy_and_p_is_never_zero():
    r = lisa_rose(PANEL, "D", W, IDS, permutations=199, seed=1)
    assert r.sectors["moves"].tolist() == REF["rose"]["counts"]
    assert (r.sectors["p_two_sided"] > 0).all() and (r.sectors["p_two_sided"] <= 1).all()
    assert r.sectors["expected"].sum() == pytest.approx(len(IDS))


def test_lisa_paths_by_hand():
    p = lisa_paths(PANEL, "D", W, IDS).set_index("region")
    Z = (Y - Y.mean(axis=0)) / Y.std(axis=0)
    Wr = W / W.sum(axis=1, keepdims=True)
    L = Wr @ Z
    i = 3
    steps = sum(np.hypot(Z[i, t + 1] - Z[i, t], L[i, t + 1] - L[i, t]) for t in range(11))
    assert p["length"].iloc[i] == pytest.approx(steps, rel=1e-12)
    chord = np.hypot(Z[i, -1] - Z[i, 0], L[i, -1] - L[i, 0])
    assert p["tortuosity"].iloc[i] == pytest.approx(steps / chord, rel=1e-12)
    assert p["relative_length"].mean() == pytest.approx(1.0)


@pytest.mark.parametrize("case", range(3))
def test_ellipse_equals_pointpats(case):
    ref = REF["ellipses"][case]
    xy, w = np.array(ref["xy"]), np.array(ref["w"])
    cs = deviational_ellipse(xy, w, convention="crimestat")
    none = deviational_ellipse(xy, w, convention="none")
    assert [cs.x, cs.y] == pytest.approx(ref["center"], rel=1e-12)
    assert [cs.major, cs.minor] == pytest.approx(ref["crimestat"][:2], rel=1e-10)
    assert [none.major, none.minor] == pytest.approx(ref["none"][:2], rel=1e-10)
    # pointpats' angle runs counter-clockwise from east: 90 degrees minus the azimuth
    assert (90.0 - cs.azimuth) % 180.0 == pytest.approx(np.degrees(ref["crimestat"][2]) % 180,
                                                       abs=1e-8)
    arc = deviational_ellipse(xy, w, convention="arcgis")
    assert arc.major == pytest.approx(none.major * np.sqrt(2), rel=1e-12)


def test_ellipse_arcgis_formulas_by_hand():
    """ArcGIS's documented formulas (tan θ = (A + B)/C; σ with √2), written out here."""
    rng = np.random.default_rng(9)
    xy = rng.normal(size=(20, 2)) * [4.0, 1.0]
    w = rng.uniform(size=20)
    xm, ym = xy[:, 0] - np.average(xy[:, 0], weights=w), xy[:, 1] - np.average(xy[:, 1], weights=w)
    A = (w * xm ** 2).sum() - (w * ym ** 2).sum()
    C = 2 * (w * xm * ym).sum()
    theta = np.arctan((A + np.sqrt(A ** 2 + C ** 2)) / C)
    theta = theta if theta >= 0 else theta + np.pi
    sx = np.sqrt(2) * np.sqrt((w * (xm * np.cos(theta) - ym * np.sin(theta)) ** 2).sum() / w.sum())
    sy = np.sqrt(2) * np.sqrt((w * (xm * np.sin(theta) + ym * np.cos(theta)) ** 2).sum() / w.sum())
    e = deviational_ellipse(xy, w)
    assert e.rotation == pytest.approx(np.degrees(theta), abs=1e-9)
    assert [e.sigma_x, e.sigma_y] == pytest.approx([sx, sy], rel=1e-12)
    assert e.area == pytest.approx(np.pi * sx * sy, rel=1e-12)


@pytest.mark.parametrize("case", range(6))
def test_mann_kendall_equals_pymannkendall(case):
    ref = REF["mann_kendall"][case]
    r = mann_kendall(ref["x"])
    for key in ("S", "var_S", "z", "p", "tau"):
        assert r[key] == pytest.approx(ref[key], rel=1e-10, abs=1e-14), key


def test_gi_star_equals_esda():
    z, _ = gi_star(Y[:, -1], W)
    np.testing.assert_allclose(z, REF["gi_star"]["z"], rtol=1e-10)


def test_emerging_hotspot_categories():
    # a 1-D chain of 9 regions, 8 years: region 0's neighbourhood grows steadily
    n, T = 9, 8
    W1 = np.eye(n, k=1) + np.eye(n, k=-1)
    base = np.ones((n, T))
    base[:2] += np.linspace(0.5, 4, T)  # intensifying at the left end
    base[-2:, -1] += 3  # new at the right end
    regions = [f"r{i}" for i in range(n)]
    panel = pd.DataFrame({"region": np.repeat(regions, T), "year": np.tile(range(T), n),
                          "D": base.ravel()})
    r = emerging_hotspots(panel, "D", W1, regions, alpha=0.1)
    cat = r.regions.set_index("region")["category"]
    # Gi* is standardised per year: r0's z is the same for 7 years, then falls; it is hot
    # every year; MK: S = -7, var S = (8*7*21 - 7*6*19)/18 = 21, z = -6/sqrt(21), p = 0.19
    row = r.regions.set_index("region").loc["r0"]
    assert row["mk_S"] == -7 and row["mk_z"] == pytest.approx(-6 / np.sqrt(21))
    assert cat["r0"] == "persistent_hot"
    assert set(r.regions["category"]) <= set(__import__("ccdkit.spatial", fromlist=["x"])
                                               .EHSA_CATEGORIES)
    st = emerging_hotspots(panel, "D", W1, regions, neighbourhood="space_time", alpha=0.1)
    assert len(st.gi) == n * T
    with pytest.raises(DataError, match="balanced"):
        emerging_hotspots(panel.iloc[1:], "D", W1, regions)


def test_category_rules_on_hand_made_series():
    from ccdkit.spatial._hotspots import _category

    t, f = True, False
    arr = lambda *v: np.array(v, dtype=bool)  # noqa: E731
    none = arr(f, f, f, f, f, f, f, f, f, f)
    assert _category(arr(f, f, f, f, f, f, f, f, f, t), none, 0, 1, 0.05) == "new_hot"
    assert _category(arr(f, f, f, f, f, f, f, t, t, t), none, 0, 1, 0.05) == "consecutive_hot"
    all_hot = arr(*[t] * 10)
    assert _category(all_hot, none, 3.0, 0.001, 0.05) == "intensifying_hot"
    assert _category(all_hot, none, -3.0, 0.001, 0.05) == "diminishing_hot"
    assert _category(all_hot, none, 0.5, 0.6, 0.05) == "persistent_hot"
    assert _category(arr(t, f, t, f, f, t, f, f, t, t), none, 0, 1, 0.05) == "sporadic_hot"
    assert _category(arr(f, f, f, f, f, t, f, f, t, t), arr(t, f, f, f, f, f, f, f, f, f), 0, 1,
                     0.05) == "oscillating_hot"
    assert _category(arr(*[t] * 9, f), none, 0, 1, 0.05) == "historical_hot"
    assert _category(none, arr(*[f] * 9, t), 0, 1, 0.05) == "new_cold"


def test_trend_surface_equals_statsmodels():
    sm = pytest.importorskip("statsmodels.api")
    from ccdkit.spatial import trend_surface

    rng = np.random.default_rng(4)
    xy = rng.uniform(0, 2e6, size=(31, 2))
    y = 0.3 + 1e-7 * xy[:, 0] - 2e-14 * (xy[:, 1] - 1e6) ** 2 + rng.normal(0, 0.02, 31)
    t = trend_surface(xy, y)
    for order in (1, 2, 3):
        u = (xy[:, 0] - xy[:, 0].mean()) / xy[:, 0].std()
        v = (xy[:, 1] - xy[:, 1].mean()) / xy[:, 1].std()
        X = np.column_stack([u ** a * v ** (s - a) for s in range(order + 1)
                             for a in range(s, -1, -1)])
        ols = sm.OLS(y, X).fit()
        row = t.fits.set_index("order").loc[order]
        assert row["r2"] == pytest.approx(ols.rsquared, rel=1e-10)
        assert row["r2_adj"] == pytest.approx(ols.rsquared_adj, rel=1e-10)
        # statsmodels' AIC (-2 log L + 2k) adds the constant n (1 + ln 2 pi)
        assert row["aic"] == pytest.approx(ols.aic - 31 * (1 + np.log(2 * np.pi)), rel=1e-10)
    assert t.order == 2  # the quadratic term is real, the cubic one is noise
    assert t.predict(xy[:, 0], xy[:, 1]) == pytest.approx(t.fitted)


def test_fdr_equals_statsmodels_and_changes_the_categories():
    smm = pytest.importorskip("statsmodels.stats.multitest")
    from ccdkit.spatial._hotspots import fdr_significant

    rng = np.random.default_rng(2)
    p = np.concatenate([rng.uniform(0, 0.01, 5), rng.uniform(0, 1, 26)])
    for alpha in (0.05, 0.1):
        ref = smm.multipletests(p, alpha=alpha, method="fdr_bh")[0]
        np.testing.assert_array_equal(fdr_significant(p, alpha), ref)
    plain = emerging_hotspots(PANEL, "D", W, IDS, alpha=0.1)
    fdr = emerging_hotspots(PANEL, "D", W, IDS, alpha=0.1, fdr=True)
    assert fdr.gi["hot"].sum() <= plain.gi["hot"].sum() and fdr.options["fdr"]
