"""Scoring the systems of a study config (the demo study)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from ccdkit import AgglomerationResult, IndexResult, impute_panel, load_study, load_study_data
from ccdkit._systems import system_index, weighting_options


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
    assert set(res.weights.ahp) == {"tech", "green", "digital", "dimensions"}
    assert table["weight"].sum() == pytest.approx(1)
    assert res.options["weighting"] == "improved_entropy" and res.options["scoring"] == "topsis"
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
    assert isinstance(res, AgglomerationResult)
    assert len(res.indices) == 26 * 12
    assert np.isfinite(res.scores["agglomeration"]).all()


def test_weighting_options_mapping(demo):
    study, _, _ = demo
    nq = study.systems[1]
    assert weighting_options(nq.weighting) == {"shift": 0.0, "hierarchy": "nested",
                                               "nearest": "log", "ri": "saaty"}
