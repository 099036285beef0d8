"""Coupling validity diagnostics: hand calculations on panels with known behaviour."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import stats

from ccdkit.coupling import coupling_diagnostics, variance_share_of_t
from ccdkit.exceptions import CouplingSaturationWarning, DataError


def test_equal_scores_give_c_one_and_all_of_d_from_t():
    u = np.array([[0.1, 0.1], [0.4, 0.4], [0.7, 0.7]])
    with pytest.warns(CouplingSaturationWarning):
        r = coupling_diagnostics(u)
    assert r.value("c_min") == 1.0 and r.value("c_max") == 1.0  # classic C = 1 exactly
    assert r.value("share_c_high") == 1.0 and r.value("share_t_of_d") == 1.0
    assert not r.discriminates
    # U = 0.1 with C = 1: pseudo-coupled (C >= 0.8, T < 0.3)
    assert r.pseudo["row"].tolist() == [0]


def test_the_saturation_band_of_the_classic_c():
    """2 sqrt(r) / (1 + r) >= 0.9 for U1/U2 in about [0.39, 2.57]: C is 'high' for most
    pairs of scores within a factor of 2.5 of each other."""
    c = lambda r: 2 * np.sqrt(r) / (1 + r)  # noqa: E731
    assert c(0.39) < 0.9 < c(0.40) and c(1 / 0.39) < 0.9 < c(1 / 0.40)
    rng = np.random.default_rng(0)
    u1 = rng.uniform(0.2, 0.8, 200)
    u = np.column_stack([u1, u1 * rng.uniform(0.5, 2.0, 200)]).clip(0, 1)
    with pytest.warns(CouplingSaturationWarning):
        r = coupling_diagnostics(u, high_c=0.9)
    ratio = u[:, 0] / u[:, 1]
    assert r.value("share_c_high") == pytest.approx(np.mean(c(ratio) >= 0.9))


def test_variance_share_by_hand_and_the_model_comparison():
    rng = np.random.default_rng(1)
    u = rng.uniform(0.05, 0.95, size=(60, 2))
    r = coupling_diagnostics(u)
    c = 2 * np.sqrt(u[:, 0] * u[:, 1]) / u.sum(axis=1)
    t = u.mean(axis=1)
    lc, lt = np.log(c), np.log(t)
    share = stats.pearsonr(0.5 * (lc + lt), lt).statistic ** 2
    assert r.value("share_t_of_d") == pytest.approx(share, rel=1e-12)
    assert variance_share_of_t(c, t)[0] == pytest.approx(share, rel=1e-12)
    # Wang et al. (2021) modified C for two systems: sqrt((1 - |U1 - U2|) * min/max)
    cw = np.sqrt((1 - np.abs(u[:, 0] - u[:, 1])) * u.min(axis=1) / u.max(axis=1))
    assert r.value("spearman_c_other") == pytest.approx(stats.spearmanr(c, cw).statistic)
    assert r.value("spearman_d_other") == pytest.approx(
        stats.spearmanr(np.sqrt(c * t), np.sqrt(cw * t)).statistic)
    # a shift raises both scores: C of row 0 moves by the hand-computed amount at most
    s = 2 * np.sqrt((u[:, 0] + 0.01) * (u[:, 1] + 0.01)) / (u.sum(axis=1) + 0.02)
    assert r.value("shift_max_dc") == pytest.approx(np.abs(s - c).max(), rel=1e-12)
    assert r.discriminates and r.options["compared_with"] == "wang2021"


def test_no_warning_when_c_discriminates_and_errors():
    rng = np.random.default_rng(2)
    u = np.column_stack([rng.uniform(0.01, 1, 80), rng.uniform(0.01, 1, 80)])
    with warnings.catch_warnings():
        warnings.simplefilter("error", CouplingSaturationWarning)
        coupling_diagnostics(u, model="wang2021")
    with pytest.raises(DataError, match=r"\[0, 1\]"):
        coupling_diagnostics([[0.5, 1.5], [0.2, 0.3]])
    with pytest.raises(DataError, match="coupling model"):
        coupling_diagnostics([[0.5, 0.4], [0.2, 0.3]], model="modified")


def test_c_never_exceeds_one():
    from ccdkit.coupling import COUPLING_MODELS, coupling_degree

    rng = np.random.default_rng(3)
    for n in (2, 3, 5):
        u = rng.uniform(0, 1, size=(500, n))
        equal = np.repeat(rng.uniform(0.001, 1, size=(500, 1)), n, axis=1)
        for model in COUPLING_MODELS:
            assert (coupling_degree(u, model) <= 1.0).all(), model
            assert (coupling_degree(equal, model) == 1.0).all(), model


def test_a_study_summary_names_the_pseudo_coupled_region_years():
    """C >= 0.8 with T < 0.3 by hand: Beijing 2012 (0.10, 0.12: C = 0.996, T = 0.11) and
    Sichuan 2013 (0.20, 0.25: C = 0.994, T = 0.225); the others have T >= 0.3."""
    import pandas as pd

    from ccdkit import coupling_coordination
    from ccdkit.coupling import summarize_coupling

    panel = pd.DataFrame({"region": ["Beijing", "Sichuan"] * 2, "year": [2012, 2012, 2013, 2013],
                          "U1": [0.10, 0.60, 0.70, 0.20], "U2": [0.12, 0.50, 0.60, 0.25]})
    with pytest.warns(CouplingSaturationWarning):
        s = summarize_coupling(coupling_coordination(panel))
    pseudo = s.to_frames()["coupling_pseudo"]
    assert pseudo[["region", "year"]].values.tolist() == [["Beijing", 2012], ["Sichuan", 2013]]
    assert pseudo["T"].tolist() == pytest.approx([0.11, 0.225])


def test_share_of_c_above_09_by_hand():
    """C of (0.5, 0.5) = 1, of (0.2, 0.8) = 0.8, of (0.3, 0.6) = 2√0.18/0.9 = 0.943,
    of (0.1, 0.9) = 0.6: two of four are >= 0.9, three >= 0.8."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CouplingSaturationWarning)
        r = coupling_diagnostics([[0.5, 0.5], [0.2, 0.8], [0.3, 0.6], [0.1, 0.9]])
    assert r.value("share_c_09") == 0.5
    assert r.value("share_c_high") == 0.75
