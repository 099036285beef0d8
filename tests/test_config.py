"""Study config: the init config validates; every kind of bad config gives a key path."""

from __future__ import annotations

import textwrap

import pytest
import yaml

from ccdkit import ConfigError, Study, load_study, study_from_dict
from ccdkit.scaffold import study_yaml
from ccdkit.study import AgglomerationSystem, IndicatorSystem

BASE = yaml.safe_load(study_yaml())


def _write(tmp_path, text: str):
    path = tmp_path / "study.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _with(**changes) -> dict:
    data = yaml.safe_load(study_yaml())
    data.update(changes)
    return data


def test_reference_design_config():
    study = study_from_dict(BASE)
    assert isinstance(study, Study)
    agg, nq = study.systems
    assert isinstance(agg, AgglomerationSystem) and agg.indices == ["lq", "cr", "hhi"]
    assert isinstance(nq, IndicatorSystem) and len(nq.indicators) == 18
    assert [len(d.indicators) for d in nq.dimensions] == [6, 6, 6]
    directions = {i.id: i.direction for i in nq.indicators}
    assert [k for k, v in directions.items() if v == "-"] == [
        "energy_intensity", "fossil_energy_intensity", "water_intensity",
        "wastewater_intensity", "so2_intensity"]
    assert [f.id for f in study.detector.factors] == [f"X{i}" for i in range(1, 8)]
    assert len(study.region_ids) == 26 and study.years.values[0] == 2012
    assert study.detector_years == [2016, 2020, 2023]
    assert study.coupling.weights == [0.5, 0.5]
    assert set(study.groups) == {"east", "central", "west"}
    opts = study.options()
    assert opts["detector"]["singletons"] == "drop" and opts["impute"]["window"] == 3


def test_defaults_fill_in():
    data = {k: BASE[k] for k in ("years", "data", "systems")}
    study = study_from_dict(data)
    assert study.regions == "all" and len(study.region_ids) == 31
    assert study.coupling.model == "classic" and study.detector.lambda_variance == "population"
    assert study.systems[1].weighting.method == "improved_entropy"
    assert study.output.language == "en"


def test_paths_resolve_against_config_folder(tmp_path):
    path = _write(tmp_path, study_yaml())
    study = load_study(path)
    assert study.resolve("data/x.xlsx") == tmp_path.resolve() / "data" / "x.xlsx"
    assert study.source == path


def test_unknown_key_reports_path_and_line(tmp_path):
    text = study_yaml().replace("  model: classic", "  model: classic\n  modle: wang2021")
    with pytest.raises(ConfigError) as info:
        load_study(_write(tmp_path, text))
    msg = str(info.value)
    line = [i for i, t in enumerate(text.splitlines(), 1) if t.startswith("  modle:")][0]
    assert f"coupling.modle (line {line}): unknown key" in msg


def test_unknown_nested_key_in_indicator():
    data = _with()
    data["systems"][1]["dimensions"][2]["indicators"][1]["colour"] = "red"
    with pytest.raises(ConfigError, match=r"systems\[1\]\.dimensions\[2\]\.indicators\[1\]\.colour"):
        study_from_dict(data)


def test_direction_other_than_plus_minus():
    data = _with()
    data["systems"][1]["dimensions"][0]["indicators"][3]["direction"] = "up"
    with pytest.raises(ConfigError, match=r"indicators\[3\]\.direction.*'\+' or '-'.*'up'"):
        study_from_dict(data)


def test_direction_aliases():
    data = _with()
    data["systems"][1]["dimensions"][0]["indicators"][0]["direction"] = "negative"
    assert study_from_dict(data).systems[1].indicators[0].direction == "-"


def test_yaml_syntax_error_line_and_column(tmp_path):
    path = _write(tmp_path, """\
        years: {start: 2012, end: 2023}
        systems:
          - id: a
            direction: -
        """)
    with pytest.raises(ConfigError, match=r"syntax error at line 4, column 16.*quote"):
        load_study(path)


def test_yaml_bad_indentation(tmp_path):
    path = _write(tmp_path, "years:\n  start: 2012\n end: 2023\n")
    with pytest.raises(ConfigError, match=r"YAML syntax error at line 3"):
        load_study(path)


@pytest.mark.parametrize("payload", [
    "!!python/object/apply:os.system ['echo pwned']",
    "!!python/name:os.system",
    "!!python/object:collections.OrderedDict {}",
])
def test_python_objects_are_refused(tmp_path, payload):
    path = _write(tmp_path, f"years: {payload}\n")
    with pytest.raises(ConfigError, match="refused to construct"):
        load_study(path)


def test_duplicate_key(tmp_path):
    path = _write(tmp_path, "years: [2012, 2023]\nyears: [2013, 2023]\n")
    with pytest.raises(ConfigError, match="duplicate key 'years' at line 2"):
        load_study(path)


def test_missing_and_empty_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_study(tmp_path / "none.yaml")
    with pytest.raises(ConfigError, match="empty"):
        load_study(_write(tmp_path, ""))
    with pytest.raises(ConfigError, match="top level must be a mapping"):
        load_study(_write(tmp_path, "- a\n- b\n"))


@pytest.mark.parametrize("change,pattern", [
    ({"years": {"start": 2023, "end": 2012}}, "after years.end"),
    ({"regions": ["北京", "Gotham"]}, r"regions.*'Gotham' \(regions\[1\]\)"),
    ({"regions": ["北京", "北京市", "天津"]}, r"regions\[1\]: '北京市' repeats 'Beijing'"),
    ({"region_groups": {"north": ["北京", "Gotham"]}}, r"region_groups.*Gotham"),
    ({"coupling": {"systems": ["agglomeration", "nope"]}}, "unknown systems"),
    ({"coupling": {"weights": [0.7, 0.7]}}, "sum to 1"),
    ({"coupling": {"weights": [1.0]}}, "1 values for 2 systems"),
    ({"coupling": {"model": "gini"}}, r"coupling\.model.*'classic', 'wang2021' or 'fan2024'"),
    ({"detector": {"years": [2030]}}, "outside the study years"),
    ({"detector": {"discretization": {"k": [1, 5]}}}, r"k must lie in 2..1000, got 1..5"),
    ({"detector": {"discretization": {"k": [3, 1000000000]}}}, r"k must lie in 2..1000"),
    ({"detector": {"discretization": {"k": [8, 3]}}}, "min <= max"),
    ({"detector": {"y": "D", "factors": [{"id": "X1"}, {"id": "X1"}]}}, "factor ids must be unique"),
    ({"output": {"language": "fr"}}, r"output\.language.*'zh' or 'en'"),
    ({"systems": [BASE["systems"][1]]}, "at least 2 items"),
])
def test_invalid_values(change, pattern):
    with pytest.raises(ConfigError, match=pattern):
        study_from_dict(_with(**change))


def test_agglomeration_needs_firm_table():
    data = _with()
    del data["data"]["firms"]
    with pytest.raises(ConfigError, match="needs a firm table"):
        study_from_dict(data)


def test_user_weights_checked():
    data = _with()
    data["systems"][1]["weighting"] = {"method": "user", "weights": {"patents_granted": 1.0}}
    with pytest.raises(ConfigError, match="no weight for"):
        study_from_dict(data)
    data["systems"][1]["weighting"] = {"method": "user"}
    with pytest.raises(ConfigError, match="weights: required key is missing"):
        study_from_dict(data)


def test_all_errors_reported_at_once():
    data = _with(bogus=1, output={"language": "fr"})
    with pytest.raises(ConfigError) as info:
        study_from_dict(data)
    assert "bogus" in str(info.value) and "output.language" in str(info.value)
