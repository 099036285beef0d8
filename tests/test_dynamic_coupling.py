"""The dynamic coupling model against hand-computed speeds and angles."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ccdkit.coupling import dynamic_coupling
from ccdkit.exceptions import DataError

# region A: both grow, then 1 grows while 2 falls, then both fall, then 1 falls, 2 grows
PANEL = pd.DataFrame({
    "region": ["A"] * 5 + ["B"] * 5,
    "year": list(range(2019, 2024)) * 2,
    "U1": [0.20, 0.30, 0.40, 0.35, 0.30, 0.5, 0.5, 0.5, 0.6, 0.7],
    "U2": [0.40, 0.45, 0.40, 0.30, 0.40, 0.2, 0.2, 0.3, 0.3, 0.3],
})


def test_difference_speeds_and_states_by_hand():
    t = dynamic_coupling(PANEL, ["U1", "U2"]).table.set_index(["region", "year"])
    a = t.loc["A"]
    assert math.isnan(a.loc[2019, "angle"]) and a.loc[2019, "state"] is None  # no speed yet
    assert a.loc[2020, "angle"] == pytest.approx(math.degrees(math.atan2(0.10, 0.05)))
    assert a.loc[2020, "state"] == "coordinated"
    assert a.loc[2021, "angle"] == pytest.approx(math.degrees(math.atan2(0.10, -0.05)))
    assert a.loc[2021, "state"] == "limit"
    assert a.loc[2022, "angle"] == pytest.approx(math.degrees(math.atan2(-0.05, -0.10)))
    assert a.loc[2022, "state"] == "spiral"
    assert a.loc[2023, "angle"] == pytest.approx(math.degrees(math.atan2(-0.05, 0.10)))
    assert a.loc[2023, "state"] == "low_level"
    b = t.loc["B"]
    assert math.isnan(b.loc[2020, "angle"]) and b.loc[2020, "state"] == "stagnant"
    assert b.loc[2021, "angle"] == pytest.approx(0.0) and b.loc[2021, "state"] == "low_level"
    assert b.loc[2022, "angle"] == pytest.approx(90.0) and b.loc[2022, "state"] == "coordinated"


def test_trend_speeds_by_hand():
    t = dynamic_coupling(PANEL, ["U1", "U2"], speed="trend", window=3).table
    a = t[t["region"] == "A"].set_index("year")
    # centred 3-year slope at 2021: through (2020, .30), (2021, .40), (2022, .35)
    assert a.loc[2021, "V1"] == pytest.approx(np.polyfit([2020, 2021, 2022],
                                                         [0.30, 0.40, 0.35], 1)[0])
    # the ends use the 2 years they have
    assert a.loc[2019, "V1"] == pytest.approx(0.10)
    counts = dynamic_coupling(PANEL, ["U1", "U2"]).counts
    assert counts["count"].sum() == len(PANEL) - 2  # the first year of each region


def test_errors():
    with pytest.raises(DataError, match="two systems"):
        dynamic_coupling(PANEL, ["U1"])
    with pytest.raises(DataError, match="odd"):
        dynamic_coupling(PANEL, ["U1", "U2"], speed="trend", window=4)
    with pytest.raises(DataError, match="'U3'"):
        dynamic_coupling(PANEL, ["U1", "U3"])


def test_the_demo_carries_the_diagnostics_and_the_dynamic_states(demo_output, demo_result):
    s = demo_result.coupling_summary
    assert s.diagnostics is not None and s.dynamic is not None
    for name in ("coupling_diagnostics", "coupling_dynamic", "coupling_dynamic_states"):
        assert (demo_output / "tables" / f"{name}.csv").exists(), name
    first = s.dynamic.table.groupby("region")["year"].transform("min")
    assert s.dynamic.table.loc[s.dynamic.table["year"] == first, "state"].isna().all()
    assert (demo_output / "figures" / "dynamic_coupling.png").exists()


def test_the_figure_plots_every_speed_pair_with_readers_names():
    """The phase plane shows each region-year with a state at (V2, V1), the bars the state
    shares per year (summing to 1), the axes the systems' names, never their ids."""
    import matplotlib.pyplot as plt

    from ccdkit.figures import plot_dynamic_coupling

    table = dynamic_coupling(PANEL, ["U1", "U2"]).table
    fig = plot_dynamic_coupling(table, names=("Industry", "Productivity"))
    phase, bars = fig.axes[:2]
    points = np.vstack([c.get_offsets() for c in phase.collections])
    shown = table.dropna(subset=["state"])
    assert sorted(map(tuple, points.round(9))) == sorted(
        zip(shown["V2"].round(9), shown["V1"].round(9)))
    assert phase.get_ylabel() == "Evolution speed of Industry"
    assert phase.get_xlabel() == "Evolution speed of Productivity"
    heights = pd.DataFrame([(p.get_x(), p.get_height()) for p in bars.patches])
    assert np.allclose(heights.groupby(0)[1].sum(), 1.0)
    assert len(bars.patches) == len(shown.groupby(["year", "state"]).size().unstack(
        fill_value=0).stack())
    plt.close(fig)


def test_the_options_are_declared_once_and_reach_the_summary():
    """CouplingDiagnosticsOptions and DynamicCouplingOptions hold the functions' defaults;
    summarize_coupling passes the study's values on (trend speeds, thresholds), and
    ``dynamic.enabled: false`` skips the model."""
    import inspect

    from ccdkit import coupling_coordination
    from ccdkit.coupling import (CouplingDiagnosticsOptions, DynamicCouplingOptions,
                                 coupling_diagnostics, summarize_coupling)

    for model, function in [(CouplingDiagnosticsOptions, coupling_diagnostics),
                            (DynamicCouplingOptions, dynamic_coupling)]:
        sig = inspect.signature(function).parameters
        shared = [k for k in model.model_fields if k in sig]
        assert len(shared) >= 2
        for k in shared:
            assert sig[k].default == model.model_fields[k].default, (function.__name__, k)
    panel = PANEL.assign(region=PANEL["region"].map({"A": "Beijing", "B": "Sichuan"}))
    res = coupling_coordination(panel)
    trend = summarize_coupling(res, dynamic={"speed": "trend", "window": 3})
    assert trend.dynamic.options["speed"] == "trend"
    direct = dynamic_coupling(res.U, res.systems, speed="trend")
    pd.testing.assert_frame_equal(trend.dynamic.table, direct.table)
    assert summarize_coupling(res, dynamic={"enabled": False}).dynamic is None
    s = summarize_coupling(res, diagnostics={"high_c": 0.99, "low_t": 0.5})
    assert s.diagnostics.options["high_c"] == 0.99 and s.diagnostics.options["low_t"] == 0.5
    with pytest.raises(ValueError, match="odd"):
        DynamicCouplingOptions(window=4)
    # the other system on the vertical axis: V1 and V2 swap, α becomes 90° − α (mod 360)
    swapped = summarize_coupling(res, dynamic={"vertical": "U2"}).dynamic
    assert swapped.options["systems"] == ["U2", "U1"]
    a = summarize_coupling(res).dynamic.table
    b = swapped.table
    assert np.allclose(b["V1"], a["V2"], equal_nan=True)
    ok = a["angle"].notna()
    assert np.allclose(np.mod(b["angle"][ok] - (90 - a["angle"][ok]), 360), 0)
    with pytest.raises(DataError, match="not a coupled system"):
        summarize_coupling(res, dynamic={"vertical": "U3"})


def test_a_study_with_trend_speeds_says_so(demo_study):
    """coupling.dynamic from the study config reaches the model, the report paragraph and
    the figure's caption (the speed convention is written where it is read)."""
    import yaml

    from ccdkit import run_study
    from ccdkit.present import figure_plan, render_report

    config = yaml.safe_load(demo_study.read_text(encoding="utf-8"))
    config["coupling"]["dynamic"] = {"speed": "trend", "window": 5, "vertical": "nqpf"}
    config["coupling"]["diagnostics"] = {"high_c": 0.9}
    for block in ("detector", "spatial", "dynamics", "econometrics", "robustness"):
        config[block]["enabled"] = False
    demo_study.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = run_study(demo_study)
    s = result.coupling_summary
    assert s.dynamic.options == {**s.dynamic.options, "speed": "trend", "window": 5}
    assert s.diagnostics.options["high_c"] == 0.9
    assert s.dynamic.options["systems"] == ["nqpf", "agglomeration"]
    assert s.dynamic.options["systems"] == ["nqpf", "agglomeration"]
    for lang, words in (("en", "5-year centred linear trend"), ("zh", "5 年居中线性趋势")):
        assert words in render_report(result, lang=lang)
        assert words in figure_plan(result, lang)["dynamic_coupling"].caption


def test_an_unknown_vertical_system_is_a_config_error(demo_study):
    import yaml

    from ccdkit.exceptions import ConfigError
    from ccdkit.study import load_study

    config = yaml.safe_load(demo_study.read_text(encoding="utf-8"))
    config["coupling"]["dynamic"] = {"vertical": "X1"}
    demo_study.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"coupling.dynamic.vertical names 'X1'"):
        load_study(demo_study)
