"""A small study on real yearbook statistics (tests/reference/yearbook): read, validate, impute."""

from __future__ import annotations

import textwrap
import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import REFERENCE

from ccdkit import (
    ImputationWarning,
    check_study_data,
    impute_panel,
    load_study,
    load_study_data,
)

CONFIG = """\
study: {{name: real-data-check}}
years: {{start: 2012, end: 2023}}
regions: all
data:
  panel:
    - {{file: {techme}/RDPatentAuthority.csv, layout: stacked, region_col: province_std,
        variable_col: variables, value_col: value, extra_years: ignore}}
    - {{file: {techme}/IndustryOperation.csv, layout: stacked, region_col: province_std,
        variable_col: variables, value_col: value, extra_years: ignore}}
    - {{file: {techme}/RDLaborHour.csv, layout: stacked, region_col: province_std,
        variable_col: variables, value_col: value, extra_years: ignore}}
    - {{file: {techme}/PublicBudget.csv, layout: stacked, region_col: province_std,
        variable_col: variables, value_col: value, extra_years: ignore}}
systems:
  - id: innovation
    dimensions:
      - id: all
        indicators:
          - {{id: patents, column: v4_cg_zlsq2_hj, direction: "+"}}
          - {{id: hitech_revenue, column: {revenue}, direction: "+"}}
          - {{id: rd_fte, column: v4_zh_qsdl_hj, direction: "+"}}
  - id: government
    dimensions:
      - id: all
        indicators:
          - {{id: budget, column: v6_cz_yszc_hj, direction: "+"}}
"""


def _revenue_code(techme) -> str:
    ops = pd.read_csv(techme / "IndustryOperation.csv")
    codes = ops.loc[ops["chn_block4"].str.contains("主营业务收入"), "variables"].unique()
    assert len(codes) == 1
    return codes[0]


def test_real_yearbook_study(tmp_path):
    techme = REFERENCE / "yearbook"
    path = tmp_path / "study.yaml"
    path.write_text(textwrap.dedent(CONFIG.format(techme=techme, revenue=_revenue_code(techme))),
                    encoding="utf-8")
    study = load_study(path)
    check = check_study_data(study)
    assert check.ok, check.errors
    # high-tech industry revenue has no 2017 in the yearbook extract (PROVENANCE.md)
    missing = check.missing
    hitech = missing[missing["variable"] == _revenue_code(techme)]
    assert set(hitech["year"]) == {2017} and len(hitech) == 31
    assert hitech["imputable"].all()
    data = load_study_data(study)
    assert any("全国" in a for a in data.dropped_aggregates)
    with pytest.warns(ImputationWarning):
        res = impute_panel(data.panel, variables=study.panel_columns())
    code = _revenue_code(techme)
    filled = res.data.set_index(["region", "year"])[code]
    for region in ("Beijing", "Guangdong", "Xizang"):
        # interior gap: the mean of 2016 and 2018 (linear in the year)
        expect = (filled[(region, 2016)] + filled[(region, 2018)]) / 2
        assert filled[(region, 2017)] == pytest.approx(expect)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert res.data[study.panel_columns()].notna().all().all()
    # the Geographical Detector on a real cross-section of 31 provinces (2020): patents
    # explained by R&D staff, high-tech revenue and the budget; on one common sample no
    # interaction is "weakened" and every number of the tables is there
    from ccdkit import GeoDetector

    cross = res.data[res.data["year"] == 2020]
    frame = pd.DataFrame({"y": cross["v4_cg_zlsq2_hj"].to_numpy(),
                          "rd": cross["v4_zh_qsdl_hj"].to_numpy(),
                          "revenue": cross[code].to_numpy(),
                          "budget": cross["v6_cz_yszc_hj"].to_numpy()})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gd = GeoDetector(permutations=199, bootstrap=199).fit(
            frame, y="y", continuous=["rd", "revenue", "budget"])  # counts: not categories
    f = gd.factor_
    assert (f["N"] == 31).all()
    assert f[["q", "q_adj", "q_ci_low", "q_ci_high", "p_permutation"]].notna().all().all()
    assert (f["q_adj"] < f["q"]).all()
    inter = gd.interaction_
    assert inter["type"].notna().all() and not inter["type"].str.startswith("Weaken").any()
    assert (inter["N"] == 31).all()
    # R GD's rule on the same data, for comparison: its rows per pair are reported
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sep = GeoDetector(permutations=0, bootstrap=0, interaction_rule="separate").fit(
            frame, y="y", continuous=["rd", "revenue", "budget"]).interaction_
    assert ((sep["N"] + sep["N_dropped"]) == 31).all()


def _run_quietly(folder, config: str):
    """run_study on ``config`` written to folder/study.yaml, its warnings silenced."""
    from ccdkit import run_study

    path = folder / "study.yaml"
    path.write_text(config, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_study(path)


def test_real_yearbook_study_spatial(tmp_path):
    """The whole study on the 31 provinces' yearbook data with spatial and dynamics blocks:
    Hainan is
    linked to Guangdong, every year has N = 31, the spatial tables are written, and
    patents granted are positively autocorrelated in every year (Moran's I > 0)."""
    pytest.importorskip("esda")
    from ccdkit.present import write_study

    techme = REFERENCE / "yearbook"
    config = textwrap.dedent(CONFIG.format(techme=techme, revenue=_revenue_code(techme)))
    config += textwrap.dedent("""\
        detector: {enabled: false}
        spatial:
          variables: [D, v4_cg_zlsq2_hj]
          permutations: 199
          seed: 1
        dynamics:
          variable: v4_cg_zlsq2_hj
        """)
    result = _run_quietly(tmp_path, config)
    sp = result.spatial
    assert ("Hainan", "Guangdong") in sp.weights.links and sp.weights.n == 31
    assert (sp.moran.table["N"] == 31).all() and len(sp.moran.table) == 24
    patents = sp.moran.table[sp.moran.table["variable"] == "v4_cg_zlsq2_hj"]
    assert (patents["I"] > 0).all() and patents["p_sim"].between(0, 1).all()
    # dynamics of patents granted: log growth (all > 0), Markov and spatial Markov on the 31
    # provinces x 12 years (11 moves each), convergence models incl. the spatial one
    dyn = result.dynamics
    assert dyn.options["growth"] == "log" and dyn.markov.counts.sum() == 31 * 11
    assert dyn.spatial_markov.counts.sum() == 31 * 11 and dyn.spatial_markov.dof > 0
    assert set(dyn.beta) == {"absolute", "cross_section", "spatial"}
    assert (dyn.kde.peaks.groupby("group")["N"].first()["nation"]) == 31
    files = write_study(result, tmp_path / "out")
    names = {p.name for p in files} | {p.name for p in (tmp_path / "out" / "tables").iterdir()}
    assert {"moran_global.csv", "lisa.csv", "gi_star.csv", "spatial_weights.csv",
            "kde_peaks.csv", "spatial_markov_tests.csv", "beta_convergence.csv"} <= names
    # the space-time chapter runs from the same blocks (defaults on) on the 31 provinces
    assert {"gravity_centre.csv", "gravity_moves.csv", "emerging_hotspots.csv",
            "trend_surface.csv", "lisa_markov.csv", "lisa_transition_types.csv",
            "lisa_markov_test.csv", "lisa_paths.csv", "lisa_rose.csv", "theil.csv"} <= names
    st, pat = dyn.space_time, sp.patterns
    assert st["lisa_markov"].counts.to_numpy().sum() == 31 * 11
    assert st["lisa_markov"].test["dof"] <= 9 and 0 <= st["lisa_markov"].test["p"] <= 1
    assert st["rose"].sectors["moves"].sum() == 31
    centre = pat["gravity"].ellipses
    assert centre["lon"].between(100, 125).all() and centre["lat"].between(25, 42).all()
    assert len(pat["emerging"].regions) == 31
    theil = st["theil"]
    assert (theil["theil_T_within"] + theil["theil_T_between"]
            - theil["theil_T"]).abs().max() < 1e-12


def test_real_yearbook_spatial_regression(tmp_path):
    """The econometrics chapter on the 31 provinces' yearbook data (2012-2023): patents
    granted (log) on R&D intensity and R&D expenditure (log), two-way fixed effects with the
    Lee-Yu correction; every model, test and effect is finite, no region or year is
    dropped, and the region-effects SAR and SEM equal PySAL spreg's Panel_FE_Lag and
    Panel_FE_Error (coefficients and standard errors) on the same data."""
    pytest.importorskip("libpysal")
    spreg = pytest.importorskip("spreg")
    from ccdkit.econometrics import spatial_regression
    from ccdkit.present import render_report, write_study

    techme = REFERENCE / "yearbook"
    config = textwrap.dedent(CONFIG.format(techme=techme, revenue=_revenue_code(techme)))
    config = config.replace(
        "    - {file: " + str(techme) + "/PublicBudget.csv",
        "    - {file: " + str(techme) + "/RDIntense.csv, layout: stacked, region_col: "
        "province_std,\n        variable_col: variables, value_col: value, extra_years: "
        "ignore}\n    - {file: " + str(techme) + "/PublicBudget.csv")
    config += textwrap.dedent("""\
        detector:
          enabled: false
          factors:
            - {id: rd_intensity, column: v4_ztr_qd_RD}
            - {id: rd_expenditure, column: v4_ztr_jf_RD}
        econometrics:
          y: v4_cg_zlsq2_hj
          x: [rd_intensity, rd_expenditure]
          log: [v4_cg_zlsq2_hj, rd_expenditure]
          draws: 500
          seed: 3
        """)
    result = _run_quietly(tmp_path, config)
    e = result.econometrics
    assert e.model.n_regions == 31 and e.model.n_periods == 12
    assert e.model.nobs == 30 * 11 and e.model.fixed_effects == "twoway"
    for fit in e.choice.models.values():
        assert np.isfinite(fit.coefficients[["estimate", "std_error"]].to_numpy()).all()
        assert np.isfinite(fit.loglik)
    assert e.choice.lm["p_value"].between(0, 1).all()
    assert e.choice.chosen in ("ols", "sar", "sem", "sdm")
    files = write_study(result, tmp_path / "out")
    names = {p.name for p in (tmp_path / "out" / "tables").iterdir()}
    assert {"econometrics_models.csv", "econometrics_lm.csv",
            "econometrics_restrictions.csv"} <= names and files
    for lang in ("zh", "en"):
        assert "econometrics" in render_report(result, lang=lang, embed_font=False)
    # spreg on the same panel (region effects, demeaned: the direct approach)
    frame = result.imputation.data.assign(
        y=lambda f: np.log(f["v4_cg_zlsq2_hj"]), x1=lambda f: f["v4_ztr_qd_RD"],
        x2=lambda f: np.log(f["v4_ztr_jf_RD"]))
    ids = e.weights.ids
    long = frame.assign(r=pd.Categorical(frame["region"], ids)).sort_values(["year", "r"])
    w = e.weights.copy_w("r")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lag = spreg.Panel_FE_Lag(long[["y"]].to_numpy(), long[["x1", "x2"]].to_numpy(), w)
        err = spreg.Panel_FE_Error(long[["y"]].to_numpy(), long[["x1", "x2"]].to_numpy(), w)
    for model, peer in (("sar", lag), ("sem", err)):
        ours = spatial_regression(frame, "y", ["x1", "x2"], e.weights, model=model,
                                  fixed_effects="region", bias_correction="none")
        np.testing.assert_allclose(ours.coefficients["estimate"], peer.betas.ravel(),
                                   rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(ours.coefficients["std_error"], peer.std_err.ravel(),
                                   rtol=1e-5)
