"""The econometrics chapter of a study: config, the run's tables, the report section and the
methods sentence (zh and en), the decision path, and the chapter's bad inputs."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import yaml

from ccdkit.econometrics._choice import _decide
from ccdkit.exceptions import ConfigError, DataError
from ccdkit.present import methods_paragraph, render_report
from ccdkit.study import coefficient_table, load_study, run_study, study_econometrics


def test_demo_writes_the_chapter(demo_output, demo_result):
    econ = demo_result.econometrics
    assert econ is not None and econ.model.model == "sdm"  # the demo names the SDM
    assert econ.choice is not None and set(econ.choice.models) >= {"ols", "sar", "sem", "sdm"}
    assert econ.effects is not None and econ.effects.kept <= econ.effects.draws == 1000
    for name in ("econometrics_models", "econometrics_coefficients", "econometrics_lm",
                 "econometrics_restrictions", "econometrics_fit", "econometrics_effects"):
        assert (demo_output / "tables" / f"{name}.csv").exists(), name
    manifest = json.loads((demo_output / "manifest.json").read_text(encoding="utf-8"))
    text = json.dumps(manifest)
    assert "econometrics" in text and "lee-yu" in text


def test_demo_model_table_is_three_line_style(demo_result):
    t = coefficient_table(demo_result.econometrics).set_index("regressor")
    assert list(t.columns) == ["ols", "slx", "sar", "sem", "sdm", "sdem"]
    sdm = demo_result.econometrics.model.coefficients.set_index("term")
    x = demo_result.study.econometrics.x[0]
    assert t.loc[x, "sdm"].replace("\u2212", "-").startswith(f"{sdm.loc[x, 'estimate']:.4f}")
    assert t.loc[f"{x}:se", "sdm"] == f"({sdm.loc[x, 'std_error']:.4f})"
    assert t.loc["rho", "sar"] and not t.loc["rho", "ols"]
    assert t.loc["_nobs", "sdm"] == str(demo_result.econometrics.model.nobs) == str(25 * 11)
    shown = demo_result.tables("zh")["econometrics_models"]
    assert list(shown.columns[:2]) == ["解释变量", "OLS模型"]
    assert shown.iloc[0, 0] == demo_result.labels("zh")[x]  # labels, not ids
    assert shown.iloc[1, 0] == ""  # the standard-error row


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_section_and_methods_sentence(demo_result, lang):
    page = render_report(demo_result, lang=lang, embed_font=False)
    section = page[page.index("<section id='econometrics'"):]
    section = section[:section.index("</section>")]
    e = demo_result.econometrics
    assert f"{e.model.param('rho'):.4f}" in section
    assert ("空间杜宾模型" if lang == "zh" else "Spatial Durbin") in section
    assert ("检验选择的模型为 OLS" if lang == "zh" else "the tests choose OLS") in section
    sentence = [s for s in methods_paragraph(demo_result, lang)
                if ("LeSage" in s)]
    assert len(sentence) == 1
    assert str(e.effects.kept) in sentence[0] and "Lee" in sentence[0]
    assert "sdm" not in section and "lee-yu" not in section and "W*" not in section


def _lm(lag: float, err: float, plain: float = 1.0) -> pd.DataFrame:
    return pd.DataFrame({"test": ["lm_error", "lm_lag", "robust_lm_error", "robust_lm_lag",
                                  "sarma"], "p_value": [plain, plain, err, lag, plain]})


def _restr(p_sar, p_sem, p_ols=0.0) -> pd.DataFrame:
    return pd.DataFrame({"reduces_to": ["sar", "sem", "slx", "ols"],
                         "lr_p": [p_sar, p_sem, 0.5, p_ols], "wald_p": [p_sar, p_sem, 0.5, p_ols]})


@pytest.mark.parametrize("lm, restr, expected", [
    (_lm(0.5, 0.5, 0.5), _restr(0.5, 0.5, 0.4), ("ols", "no_dependence")),
    (_lm(0.5, 0.5, 0.01), _restr(0.5, 0.5, 0.4), ("sdm", "disagree")),
    (_lm(0.01, 0.5), _restr(0.001, 0.002), ("sdm", "both_rejected")),
    (_lm(0.01, 0.5), _restr(0.3, 0.002), ("sar", "lag")),
    (_lm(0.5, 0.01), _restr(0.002, 0.3), ("sem", "error")),
    (_lm(0.5, 0.01), _restr(0.3, 0.002), ("sdm", "disagree")),
])
def test_decision_path(lm, restr, expected):
    assert _decide(lm, restr, 0.05, "lr") == expected


def _config(demo_study, **econ):
    cfg = yaml.safe_load(demo_study.read_text(encoding="utf-8"))
    cfg["econometrics"].update(econ)
    cfg["robustness"] = None
    cfg.pop("robustness")
    demo_study.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return demo_study


@pytest.mark.parametrize("change, pattern", [
    ({"x": ["X1", "nope"]}, r"econometrics.y/x name \['nope'\]"),
    ({"x": ["D"]}, "must not repeat a variable or the response 'D'"),
    ({"log": ["X9"]}, r"econometrics.log names \['X9'\]"),
    ({"tests": False}, "model auto is chosen by the tests"),
    ({"model": "gns"}, "econometrics.model"),
    ({"fixed_effects": "both"}, "econometrics.fixed_effects"),
    ({"draws": -1}, "econometrics.draws"),
    ({"colour": 1}, "econometrics.colour"),
])
def test_config_errors_name_the_key(demo_study, change, pattern):
    if "tests" in change:
        change = {**change, "model": "auto"}
    with pytest.raises(ConfigError, match=pattern):
        load_study(_config(demo_study, **change))


def test_log_of_a_non_positive_value_names_the_cell(demo_study):
    study = load_study(_config(demo_study, log=["X2"], x=["X2"]))
    study.spatial = study.dynamics = None
    frame = pd.DataFrame({"region": ["Beijing", "Tianjin"], "year": [2012, 2012],
                          "D": [0.5, 0.4], "X2": [0.0, 1.0]})
    with pytest.raises(DataError, match=r"X2 must be > 0.*Beijing 2012 = 0.0"):
        study_econometrics(study, frame)


def _small_run(demo_study, **econ):
    """The demo with two regressors, without the dynamics and the detector."""
    study = load_study(_config(demo_study, x=["X1", "X2"], log=["X1"], **econ))
    study.dynamics = None
    study.detector.enabled = False
    return run_study(study)


def test_configured_model_without_tests_and_delta_only(demo_study):
    res = _small_run(demo_study, model="sar", tests=False, draws=0)
    e = res.econometrics
    assert e.choice is None and e.model.model == "sar" and e.effects.draws == 0
    t = e.effects.table
    assert np.allclose(t["std_error"], t["delta_se"])
    tables = res.tables("en")
    assert "econometrics_lm" not in tables and "econometrics_effects" in tables
    page = render_report(res, lang="en", embed_font=False)
    assert "The model reported is the one" not in page  # no test path without tests
    assert any("LeSage" in s for s in methods_paragraph(res, "en"))


def test_random_effects_model_in_a_study(demo_study):
    res = _small_run(demo_study, model="sdm", random_effects=True, draws=100)
    e = res.econometrics
    assert e.model.options["random_effects"] and "phi" in set(e.model.coefficients["term"])
    t = coefficient_table(e).set_index("regressor")
    assert "sdm_re" in t.columns and t.loc["_fe_region", "sdm_re"] == "random"
    assert t.loc["_fe_region", "sdm"] == "yes"
    zh = res.tables("zh")["econometrics_models"]
    assert "SDM模型（随机效应）" in zh.columns and "随机效应" in set(zh["SDM模型（随机效应）"])
    assert "econometrics_hausman" in res.tables("en")
    assert any("随机地区效应与年份固定效应" in s for s in methods_paragraph(res, "zh"))
    with pytest.raises(DataError, match="econometrics.random_effects"):
        bad = load_study(_config(demo_study, model="sem", random_effects=True))
        bad.dynamics = None
        bad.detector.enabled = False
        run_study(bad)
