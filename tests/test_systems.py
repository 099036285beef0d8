"""Scoring the systems of a study config (the demo study)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from ccdkit import (
    IndexResult,
    impute_panel,
    load_study,
    load_study_data,
)
from ccdkit.study import system_index


@pytest.fixture(scope="module")
def demo(demo_study_dir):
    study = load_study(demo_study_dir / "study.yaml")
    data = load_study_data(study)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        imp = impute_panel(data.panel, variables=study.panel_columns())
    return study, data, imp.data


def test_productive_forces_index(demo):
    study, data, panel = demo
    res = system_index(study, "nqpf", panel, data.firms)
    assert isinstance(res, IndexResult)
    table = res.weight_table()
    assert len(table) == 18 and table["dimension"].nunique() == 3
    assert set(res.weights["all"].ahp) == {"tech", "green", "digital", "dimensions"}
    assert table["weight"].sum() == pytest.approx(1)
    assert res.options["weighting"] == {"method": "improved_entropy", "standardize": "minmax",
                                        "shift": 0.0, "hierarchy": "nested", "nearest": "log",
                                        "ri": "saaty"}
    assert res.options["scoring"] == {"method": "topsis", "matrix": "minmax",
                                      "weights_in": "matrix"}
    s = res.scores
    assert len(s) == 26 * 12 and s["nqpf"].between(0, 1).all()
    assert {"nqpf_tech", "nqpf_green", "nqpf_digital"} <= set(s.columns)
    # negative indicators are reversed: the region with the lowest energy intensity gets x' = 1
    xs = res.standardized
    best = panel["energy_intensity"].idxmin()
    assert xs.loc[best, "energy_intensity"] == 1.0


def test_agglomeration_system(demo):
    study, data, panel = demo
    res = system_index(study, "agglomeration", panel, data.firms)
    assert isinstance(res, IndexResult)  # one result type for every kind of system
    assert len(res.components) == 26 * 12
    assert np.isfinite(res.scores["agglomeration"]).all()
    assert res.options["weighting"]["method"] == "entropy" and res.options["n"] == 4


def test_study_detector_on_the_demo(demo):
    from ccdkit import coupling_coordination
    from ccdkit.study import detector_tables, study_detector

    study, data, panel = demo
    scores = None
    for sid in study.coupled_systems:
        res = system_index(study, sid, panel, data.firms)
        frame = res.scores
        scores = frame if scores is None else scores.merge(frame, on=["region", "year"])
    cc = coupling_coordination(*study.coupled_systems, data=scores).to_frame()
    results = study_detector(study, cc, panel)
    assert sorted(results) == [2016, 2020, 2023]
    r = results[2023]
    assert list(r.factor["factor"]) == [f"X{i}" for i in range(1, 8)]
    assert (r.factor["N"] == 26).all() and r.factor["p_permutation"].between(0, 1).all()
    # N = 26 with min_stratum 2 allows k up to 13: the default 3..8 grid is not cut
    assert all(len(d.grid) == 5 * 6 for d in r.discretization.values())
    tables = detector_tables(results)
    assert set(tables) == {"detector_factor", "detector_interaction", "detector_q_grid",
                           "detector_risk", "detector_ecological", "detector_models_q",
                           *[f"detector_{t}" for t in (
                               "gozh", "gozh_interaction", "lesh", "lesh_shapley", "rgd",
                               "rgd_curve", "rid", "spade", "spade_curve")]}
    # the demo's models: q of every factor by model, the classic one included
    q = tables["detector_models_q"]
    assert set(q["model"]) == {"gd", "gozh", "rgd", "spade"}  # LESH has no factor table
    assert len(q) == 3 * 7 * 4 and q["q"].notna().all()
    assert len(tables["detector_ecological"]) == 3 * 21
    assert len(tables["detector_interaction"]) == 3 * 21
