"""Coupling summaries and the Dagum Gini decomposition."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccdkit import (
    DataError,
    RegionError,
    coupling_coordination,
    dagum_gini,
    dagum_gini_panel,
    summarize_coupling,
)
from ccdkit.coupling import growth_by_region, top_bottom, type_shares, type_transitions


def _brute_dagum(y, g):
    """Dagum (1997) from its definitions, with explicit d_jh and p_jh."""
    y, g = np.asarray(y, float), np.asarray(g, object)
    names = list(dict.fromkeys(g))
    n, m = len(y), y.mean()
    total = sum(abs(a - b) for a in y for b in y) / (2 * n * n * m)
    part = {k: y[g == k] for k in names}
    p = {k: len(part[k]) / n for k in names}
    s = {k: len(part[k]) * part[k].mean() / (n * m) for k in names}
    gw = 0.0
    for k in names:
        yk = part[k]
        gjj = sum(abs(a - b) for a in yk for b in yk) / (2 * len(yk) ** 2 * yk.mean())
        gw += gjj * p[k] * s[k]
    gnb = gt = 0.0
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            j, h = (a, b) if part[a].mean() >= part[b].mean() else (b, a)
            yj, yh = part[j], part[h]
            pairs = [(x, z) for x in yj for z in yh]
            gjh = sum(abs(x - z) for x, z in pairs) / (len(yj) * len(yh) * (yj.mean() + yh.mean()))
            d = sum(max(x - z, 0) for x, z in pairs) / len(pairs)
            q = sum(max(z - x, 0) for x, z in pairs) / len(pairs)
            djh = (d - q) / (d + q) if d + q > 0 else 0.0
            w = gjh * (p[j] * s[h] + p[h] * s[j])
            gnb += w * djh
            gt += w * (1 - djh)
    return total, gw, gnb, gt


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0.01, 1.0), st.sampled_from("abc")), min_size=4, max_size=25))
def test_dagum_matches_definitions_and_adds_up(data):
    y = [v for v, _ in data]
    g = [k for _, k in data]
    res = dagum_gini(y, g)
    total, gw, gnb, gt = _brute_dagum(y, g)
    assert res.G == pytest.approx(total, abs=1e-12)
    assert res.G_within == pytest.approx(gw, abs=1e-12)
    assert res.G_between == pytest.approx(gnb, abs=1e-12)
    assert res.G_transvariation == pytest.approx(gt, abs=1e-12)
    assert res.G_within + res.G_between + res.G_transvariation == pytest.approx(res.G, abs=1e-12)


def test_total_gini_equals_pysal_inequality():
    inequality = pytest.importorskip("inequality", reason="PySAL inequality not installed")
    rng = np.random.default_rng(7)
    y = rng.lognormal(0, 0.5, 31)
    g = rng.choice(["east", "central", "west"], 31)
    assert dagum_gini(y, g).G == pytest.approx(inequality.gini.Gini(y).g, abs=1e-12)


def test_dagum_special_cases():
    # one group: everything is within-group
    r = dagum_gini([1, 2, 3, 4], ["a"] * 4)
    assert r.G_within == pytest.approx(r.G) and r.G_between == 0 and r.G_transvariation == 0
    # non-overlapping groups: no transvariation
    r = dagum_gini([1, 2, 10, 11], ["lo", "lo", "hi", "hi"])
    assert r.G_transvariation == pytest.approx(0) and r.D.loc["lo", "hi"] == pytest.approx(1)
    # hand: [1,2,3,4], G = 20 / (2 * 16 * 2.5) = 0.25
    assert dagum_gini([1, 2, 3, 4], ["a", "a", "b", "b"]).G == pytest.approx(0.25)
    with pytest.raises(DataError, match="non-negative"):
        dagum_gini([-1, 2], ["a", "b"])
    with pytest.raises(DataError, match="NaN"):
        dagum_gini([np.nan, 2], ["a", "b"])


def _panel():
    # D values chosen by U1 = U2 = u: C = 1, T = u, D = sqrt(u)
    d = {("Beijing", 2012): 0.45, ("Beijing", 2013): 0.55, ("Beijing", 2014): 0.62,
         ("Shanghai", 2012): 0.52, ("Shanghai", 2013): 0.58, ("Shanghai", 2014): 0.51,
         ("Anhui", 2012): 0.31, ("Anhui", 2013): 0.33, ("Anhui", 2014): 0.41,
         ("Sichuan", 2012): 0.22, ("Sichuan", 2013): 0.35, ("Sichuan", 2014): 0.36}
    rows = [{"region": r, "year": y, "U1": v ** 2, "U2": v ** 2} for (r, y), v in d.items()]
    return pd.DataFrame(rows), d


def test_group_means_and_shares():
    panel, d = _panel()
    res = coupling_coordination(panel)
    np.testing.assert_allclose(res.D, list(d.values()))
    s = summarize_coupling(res)
    bg = s.by_group.set_index(["year", "group"])["D"]
    assert bg[(2012, "nation")] == pytest.approx(np.mean([0.45, 0.52, 0.31, 0.22]))
    assert bg[(2012, "east")] == pytest.approx((0.45 + 0.52) / 2)
    assert bg[(2014, "west")] == pytest.approx(0.36)
    assert list(s.groups) == ["east", "central", "west"]
    shares = type_shares(res)
    assert len(shares) == 30 and shares.groupby("year")["share"].sum().tolist() == [1.0] * 3
    y12 = shares[shares.year == 2012].set_index("type")["count"]
    assert y12["Moderate disorder"] == 1 and y12["Mild disorder"] == 1
    assert y12["On the verge of disorder"] == 1 and y12["Barely coordinated"] == 1


def test_transitions():
    panel, _ = _panel()
    tr = type_transitions(coupling_coordination(panel))
    assert tr.counts.values.sum() == 8  # 4 regions x 2 year pairs
    # Beijing 2012 verge (0.45) -> 2013 barely (0.55); Sichuan moderate -> mild
    assert tr.counts.loc["On the verge of disorder", "Barely coordinated"] == 1
    assert tr.counts.loc["Moderate disorder", "Mild disorder"] == 1
    moves = tr.moves.set_index("from_year")
    # 2012->2013: Beijing up, Shanghai same, Anhui same, Sichuan up
    assert moves.loc[2012, ["up", "same", "down"]].tolist() == [2, 2, 0]
    # 2013->2014: Beijing up (0.55 -> 0.62), Shanghai same, Anhui up, Sichuan same
    assert moves.loc[2013, ["up", "same", "down"]].tolist() == [2, 2, 0]
    probs = tr.probabilities
    rows = probs.dropna()
    np.testing.assert_allclose(rows.sum(axis=1), 1.0)


def test_growth_and_top_bottom():
    panel, _ = _panel()
    res = coupling_coordination(panel)
    g = growth_by_region(res).set_index("region")
    assert g.loc["Beijing", "change"] == pytest.approx(0.62 - 0.45)
    assert g.loc["Sichuan", "annual_rate"] == pytest.approx((0.36 / 0.22) ** 0.5 - 1)
    tb = top_bottom(res, n=2)
    y14 = tb[tb.year == 2014]
    assert y14["top"].tolist() == ["Beijing", "Shanghai"]
    assert y14["bottom"].tolist() == ["Sichuan", "Anhui"]


def test_summary_tables_and_gini():
    panel, _ = _panel()
    s = summarize_coupling(coupling_coordination(panel), groups="region4")
    frames = s.to_frames()
    assert set(frames) >= {"coupling_by_group", "type_shares", "type_markov", "D_dagum_gini"}
    gini = frames["D_dagum_gini"]
    parts = gini["G_within"] + gini["G_between"] + gini["G_transvariation"]
    np.testing.assert_allclose(parts, gini["G"])
    assert "national" in s.summary()


def test_custom_groups_and_errors():
    panel, _ = _panel()
    res = coupling_coordination(panel)
    s = summarize_coupling(res, groups={"coast": ["北京", "上海"], "inland": ["安徽", "四川"]})
    assert s.by_group["group"].unique().tolist() == ["nation", "coast", "inland"]
    with pytest.raises(RegionError, match="Atlantis"):
        summarize_coupling(res, groups={"coast": ["北京", "Atlantis"]})
    with pytest.raises(DataError, match="regions without a group"):
        dagum_gini_panel(res.to_frame(), "D", {"coast": ["Beijing"]})
    with pytest.raises(DataError, match="need a coupling result computed on a panel"):
        summarize_coupling(coupling_coordination([0.1], [0.2]))
