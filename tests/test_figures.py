"""Figures: render in zh and en without missing glyphs; maps are complete and correct."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("matplotlib", reason="the maps extra is not installed")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from ccdkit import MAINLAND_IDS, coupling_coordination, summarize_coupling  # noqa: E402
from ccdkit.figures import (  # noqa: E402
    idw,
    map_classes,
    plot_coupling_over_time,
    plot_factor_q,
    plot_interaction_heatmaps,
    plot_type_shares,
    plot_weights,
)
from ccdkit.geodetector import GeoDetector, natural_breaks  # noqa: E402


@pytest.fixture(scope="module")
def results():
    rng = np.random.default_rng(3)
    rows = [(r, y) for r in MAINLAND_IDS for y in range(2012, 2016)]
    panel = pd.DataFrame(rows, columns=["region", "year"])
    panel["agg"] = rng.uniform(0.05, 0.9, len(panel))
    panel["nqpf"] = np.clip(panel["agg"] + rng.normal(0, 0.1, len(panel)), 0, 1)
    cc = coupling_coordination(panel)
    summary = summarize_coupling(cc)
    frame = cc.to_frame()
    last = frame[frame.year == 2015].assign(x1=rng.normal(size=31), x2=rng.choice(list("abc"), 31))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gd = GeoDetector(k=(3, 4)).fit(last[["D", "x1", "x2", "agg"]], y="D")
    return panel, cc, summary, gd


def _render(fig):
    """Draw with every warning an error (a missing glyph fails)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.canvas.draw()
    return fig


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_charts_render_without_missing_glyphs(results, lang):
    panel, cc, summary, gd = results
    figs = [
        plot_coupling_over_time(summary.by_group, lang=lang),
        plot_type_shares(summary.type_shares, lang=lang),
        plot_interaction_heatmaps({2015: gd.result_.interaction_matrix()},
                                  {2015: gd.interaction_}, lang=lang),
        plot_factor_q({2015: gd.factor_}, lang=lang),
        plot_weights(pd.DataFrame({"indicator": ["a", "b"], "dimension": ["d1", "d2"],
                                   "weight": [0.4, 0.6]}), lang=lang,
                     labels={"a": "专利", "b": "收入"}),
    ]
    for fig in figs:
        _render(fig)
        assert "data" in fig.ccdkit
    # the time series has one line per group plus the nation; legend entries match
    ax = figs[0].axes[0]
    assert len(ax.get_legend().get_texts()) == 1 + len(summary.groups)
    shares = figs[1].axes[0]
    assert len(shares.get_legend().get_texts()) == int((summary.type_shares.groupby("type",
                                                        observed=True)["count"].sum() > 0).sum())


def test_natural_breaks_classes_are_exact():
    v = [1, 2, 3, 10, 11, 12, 50, 51, 52, 100]
    np.testing.assert_array_equal(map_classes(v, "natural", 3), natural_breaks(v, 3))
    assert map_classes(v, [5, 40]).tolist() == [1, 5, 40, 100]


def test_idw_reproduces_data_points():
    pts = np.array([[100.0, 30.0], [110.0, 35.0], [120.0, 40.0]])
    vals = np.array([1.0, 5.0, 9.0])
    np.testing.assert_array_equal(idw(pts, vals, pts), vals)
    mid = idw(pts, vals, np.array([[110.0, 35.0001]]))
    assert 1 < mid[0] < 9


@pytest.fixture(scope="module")
def cnmaps_installed():
    """The map tests need the maps extra (imported here, not at collection: it is slow)."""
    return pytest.importorskip("cnmaps", reason="cnmaps not installed")


@pytest.fixture(scope="module")
def map_figs(results, cnmaps_installed):
    from ccdkit.figures import plot_choropleth, plot_surface

    panel, cc, *_ = results
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nat = plot_choropleth(panel, "nqpf", years=[2012, 2015], lang="zh", k=5)
        types = plot_choropleth(cc.to_frame(), "D", years=[2015], classes="types", lang="en")
        surf = plot_surface(panel, "agg", years=[2012, 2015], lang="en", resolution=50)
    return nat, types, surf


def test_map_joins_all_31_provinces(map_figs):
    from ccdkit.figures import china_map

    prov, land, dash = china_map()
    assert set(MAINLAND_IDS) <= set(prov["region"]) and len(prov) == 34
    nat, types, _ = map_figs
    assert nat.ccdkit["unmatched"] == []
    drawn = nat.ccdkit["data"]
    assert set(drawn["region"]) == set(MAINLAND_IDS) and (drawn["class"] >= 0).all()
    assert len(dash) >= 1 and land.geometry.iloc[0].geom_type == "MultiPolygon"


def test_legend_and_axes(map_figs):
    nat, types, _ = map_figs
    main_axes = [a for a in nat.axes if a.get_title()]
    assert [a.get_title() for a in main_axes] == ["2012", "2015"]
    for ax in main_axes:
        assert len(ax.child_axes) == 1  # the South China Sea inset
    labels = [t.get_text() for t in nat.legends[0].get_texts()]
    assert len(labels) == 6 and labels[0].startswith("低") and labels[-1] == "无数据"
    type_labels = [t.get_text() for t in types.legends[0].get_texts()]
    assert type_labels[-1] == "No data" and all("disorder" in t or "coordinat" in t
                                                 for t in type_labels[:-1])
    # each type with its interval of D, and the inset labelled
    assert all(re.search(r"\(0\.\d–[01]\.\d\)$", t) for t in type_labels[:-1])
    inset_texts = [t.get_text() for a in main_axes for t in a.child_axes[0].texts]
    assert inset_texts and all(t == "南海诸岛" for t in inset_texts)


def test_colour_at_beijing_is_its_class_colour(map_figs):
    from ccdkit.figures._maps import ALBERS, china_map

    nat = map_figs[0]
    nat.set_dpi(150)
    nat.canvas.draw()
    prov = china_map()[0].set_index("region").to_crs(ALBERS)
    data = nat.ccdkit["data"]
    ax = [a for a in nat.axes if a.get_title() == "2012"][0]
    rgba = np.asarray(nat.canvas.buffer_rgba())
    height = rgba.shape[0]
    for region in ("Beijing", "Xinjiang", "Sichuan"):
        point = prov.loc[region].geometry.representative_point()
        x, y = ax.transData.transform((point.x, point.y))
        pixel = rgba[int(round(height - y)), int(round(x)), :3] / 255
        cls = int(data[(data.region == region) & (data.year == 2012)]["class"].iloc[0])
        expected = matplotlib.colors.to_rgb(nat.ccdkit["palette"][cls])
        np.testing.assert_allclose(pixel, expected, atol=0.02, err_msg=region)


def test_surface_is_masked_to_the_provinces_with_data(map_figs, results):
    """The surface covers exactly the provinces with a value (grey elsewhere, as on the
    choropleths), with an inset, a scale bar and a labelled colour bar."""
    from shapely import contains_xy

    from ccdkit.figures._maps import _projected

    panel = results[0]
    surf = map_figs[2]
    info = surf.ccdkit
    prov = _projected()[0].set_index("region").geometry
    gx, gy = np.meshgrid(info["x"], info["y"])
    for year, grid in info["grids"].items():
        have = panel.loc[(panel["year"] == year) & panel["agg"].notna(), "region"]
        inside = contains_xy(prov[list(have)].union_all(), gx, gy)
        assert (np.isfinite(grid) == inside).all()
        missing = sorted(set(prov.index) - set(have))
        if missing:  # a province without data gets no surface
            assert not contains_xy(prov[missing].union_all(), gx, gy)[np.isfinite(grid)].any()
    main_axes = [a for a in surf.axes if a.get_title()]
    assert all(len(a.child_axes) == 1 for a in main_axes)  # South China Sea inset
    assert surf.axes[-1].get_xlabel() == "agg"  # the colour bar is labelled


def test_kriging_surface_when_pykrige_is_present(results, cnmaps_installed):
    pytest.importorskip("pykrige", reason="pykrige not installed (optional)")
    from ccdkit.figures import plot_surface

    panel = results[0]
    fig = plot_surface(panel, "agg", years=[2015], method="kriging", resolution=100)
    grid = fig.ccdkit["grids"][2015]
    assert np.isfinite(grid[fig.ccdkit["inside"][2015]]).all()
    assert np.isnan(grid[~fig.ccdkit["inside"][2015]]).all()


def test_gcj02_conversion_matches_cnmaps(cnmaps_installed):
    """The vectorized GCJ-02 -> WGS84 step gives cnmaps' own point-by-point numbers."""
    from cnmaps.geo import gcj02_to_wgs84 as theirs

    from ccdkit.figures import gcj02_to_wgs84

    rng = np.random.default_rng(0)
    pts = np.column_stack([rng.uniform(73, 135, 500), rng.uniform(3, 54, 500)])
    expected = np.array([theirs(lon, lat) for lon, lat in pts])
    np.testing.assert_allclose(gcj02_to_wgs84(pts), expected, rtol=0, atol=1e-12)


def test_heat_map_marks_significant_enhancement():
    m = pd.DataFrame([[0.5, np.nan, np.nan], [0.8, 0.4, np.nan], [0.7, 0.6, 0.3]],
                     index=["a", "b", "c"], columns=["a", "b", "c"])
    inter = pd.DataFrame({"factor1": ["a", "a", "b"], "factor2": ["b", "c", "c"],
                          "type": ["Enhance, bi-", "Enhance, bi-", "Enhance, nonlinear"],
                          "p_enhance": [0.01, 0.2, np.nan]})
    fig = plot_interaction_heatmaps({2020: m}, {2020: inter}, alpha=0.05)
    texts = {t.get_text(): t.get_fontweight() for t in fig.axes[0].texts
             if t.get_text()[:1].isdigit()}
    # tested: bold when significant, "°" when not; untested (p NaN): neither
    assert texts["0.80"] == "bold" and texts["0.70°"] == "normal"
    assert texts["0.60*"] == "normal" and texts["0.50"] == "normal"
    key = [t.get_text() for t in fig.axes[0].texts if "bold:" in t.get_text()]
    assert key and "bold: significant enhancement (permutation p < 0.05), °: not " \
        "significant" in key[0]
    matplotlib.pyplot.close(fig)


def test_heat_map_shows_no_value_or_type_for_a_trivial_interaction():
    """One row per stratum of X1 ∩ X2: q12 = 1 by construction; before, the cell read
    "1.00*" (nonlinear enhancement)."""
    from ccdkit import GeoDetector

    rng = np.random.default_rng(0)
    df = pd.DataFrame({"y": rng.normal(size=8), "a": [0, 0, 1, 1, 2, 2, 3, 3],
                       "b": [0, 1, 0, 1, 0, 1, 0, 1]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = GeoDetector(permutations=99, bootstrap=0).fit(
            df, y="y", categorical=["a", "b"]).result_
    row = res.interaction.iloc[0]
    assert row["q12"] == pytest.approx(1.0) and row["type"] is None
    assert "q12 = 1 by construction" in row["reason"]
    assert np.isnan(res.interaction_matrix().loc["b", "a"])
    fig = plot_interaction_heatmaps({2020: res.interaction_matrix()}, {2020: res.interaction},
                                    lang="zh")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "—" in texts and not any(t.startswith("1.00") for t in texts)
    assert any("无可用的 q12" in t for t in texts)
    matplotlib.pyplot.close(fig)


def test_weights_legend_has_one_colour_per_dimension():
    from ccdkit.figures import plot_weights

    table = pd.DataFrame({"indicator": ["a", "b", "c", "d"],
                          "dimension": ["x", "x", "y", "z"],
                          "weight": [0.1, 0.2, 0.3, 0.4]})
    fig = plot_weights(table, labels={"x": "Dim X", "y": "Dim Y", "z": "Dim Z"})
    legend = fig.legends[0]
    colours = [tuple(h.get_facecolor()) for h in legend.legend_handles]
    assert len(set(colours)) == 3
    assert [t.get_text() for t in legend.get_texts()] == ["Dim X", "Dim Y", "Dim Z"]
    # the legend lies below the bars, not over them
    fig.canvas.draw()
    ax_box = fig.axes[0].get_window_extent()
    assert legend.get_window_extent().y1 <= ax_box.y0
    matplotlib.pyplot.close(fig)


def test_moran_scatter_names_do_not_overlap_at_city_scale():
    """110 regions: at most max_labels names, the significant and most extreme first, none
    overlapping another name or a point; the x axis says the values are standardized
    (before: every region named, unreadable; the axis read as the raw D)."""
    from ccdkit.figures import plot_moran_scatter

    rng = np.random.default_rng(0)
    n = 110
    z = rng.normal(size=n)
    lag = 0.5 * z + rng.normal(0, 0.5, n)
    scatter = pd.DataFrame({"region": [f"r{i}" for i in range(n)], "year": 2020, "z": z,
                            "lag": lag, "significant": np.abs(z) > 1.8})
    fig = plot_moran_scatter(scatter, pd.DataFrame({"year": [2020], "I": [0.5]}),
                             label="D", max_labels=12)
    ax = fig.axes[0]
    names = [t for t in ax.texts if t.get_text().startswith("r")]
    assert 3 <= len(names) <= 12
    fig.canvas.draw()
    boxes = [t.get_window_extent() for t in names]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    named = {t.get_text() for t in names}
    extreme = scatter.assign(e=z ** 2 + lag ** 2).sort_values("e")["region"].iloc[-1]
    assert extreme in named or scatter.loc[scatter.significant, "region"].isin(named).any()
    assert "standardized" in ax.get_xlabel()
    matplotlib.pyplot.close(fig)


def test_rank_uncertainty_of_many_regions_stays_a_page_high():
    """110 cities: columns of at most 40 regions on one rank axis (before: 6.4 x 22 in,
    1899 x 6609 px); every region is still shown."""
    from ccdkit.figures import plot_rank_uncertainty

    n = 110
    ranks = np.arange(1, n + 1, dtype=float)
    units = pd.DataFrame({"region": [f"c{i}" for i in range(n)], "year": 2023,
                          "rank_median": ranks, "rank_baseline": ranks,
                          "rank_p05": ranks - 2, "rank_p95": ranks + 2})
    fig = plot_rank_uncertainty(units, year=2023, region_names=str)
    width, height = fig.get_size_inches()
    panels = [ax for ax in fig.axes if ax.get_yticklabels()]
    assert len(panels) == 3 and height <= 10
    shown = [t.get_text() for ax in panels for t in ax.get_yticklabels()]
    assert sorted(shown) == sorted(units["region"])
    matplotlib.pyplot.close(fig)
