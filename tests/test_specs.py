"""Each method declared once: signatures match the parameter models, the defaults table in
docs/config.md is current, and every option a config accepts reaches its computation."""

from __future__ import annotations

import copy
import inspect
import warnings

import numpy as np
import pandas as pd
import pytest
import yaml

from ccdkit import ConfigError, impute_panel, load_study_data, study_from_dict
from ccdkit.geodetector import GeoDetector, k_values
from ccdkit.indices import SCORING, topsis, weighted_sum
from ccdkit.indices.weights import WEIGHTING, critic_weights, entropy_weights
from ccdkit.specs import REGISTRIES, defaults_markdown
from ccdkit.study import Study, system_index
from conftest import REPO


@pytest.mark.parametrize("family", sorted(REGISTRIES))
def test_functions_take_the_declared_parameters_with_the_same_defaults(family):
    for name, spec in REGISTRIES[family].items():
        sig = inspect.signature(spec.func).parameters
        for key, field in spec.params.model_fields.items():
            if key == "method":
                continue
            assert key in sig, f"{family}.{name}: {spec.func.__name__} lacks {key!r}"
            if not field.is_required():
                assert sig[key].default == field.get_default(call_default_factory=True), \
                    f"{family}.{name}.{key}"


def test_defaults_table_in_the_docs_is_current():
    text = (REPO / "docs" / "config.md").read_text(encoding="utf-8")
    begin, end = ("<!-- BEGIN GENERATED: method parameters -->",
                  "<!-- END GENERATED: method parameters -->")
    block = text.split(begin, 1)[1].split(end, 1)[0]
    assert block.strip() == defaults_markdown().strip(), \
        "docs/config.md is stale: paste ccdkit.specs.defaults_markdown() between the markers"


def test_library_and_config_share_the_detector_defaults():
    det = Study.model_fields["detector"].default_factory()
    gd = GeoDetector()
    assert gd.permutations == det.permutations == "auto"
    assert gd.bootstrap == det.bootstrap == "auto"
    assert k_values(gd.k) == k_values(det.discretization.k) == [3, 4, 5, 6, 7, 8]
    for key in ("singletons", "lambda_variance", "seed", "alpha", "ecological",
                "interaction", "risk"):
        assert getattr(gd, key) == getattr(det, key), key
    assert gd.min_stratum == det.discretization.min_stratum
    assert gd.select == det.discretization.select
    assert list(gd.methods) == list(det.discretization.methods)


def test_library_and_config_share_the_method_defaults():
    from ccdkit import agglomeration_index, composite_index

    for fn in (composite_index, agglomeration_index):
        assert inspect.signature(fn).parameters["weighting"].default == WEIGHTING.default
    assert inspect.signature(composite_index).parameters["scoring"].default == SCORING.default


# --- every option reaches its computation (the demo study) ---------------------------------

@pytest.fixture(scope="module")
def demo(demo_study_dir):
    text = (demo_study_dir / "study.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    study = study_from_dict(data, base_dir=demo_study_dir)
    raw = load_study_data(study)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        panel = impute_panel(raw.panel, variables=study.panel_columns()).data
    return data, demo_study_dir, panel, raw.firms


def _system(demo, system_id, change):
    data, base, panel, firms = demo
    d = copy.deepcopy(data)
    change(d)
    study = study_from_dict(d, base_dir=base)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return study, system_index(study, system_id, panel, firms)


def _nqpf_matrix(study, panel):
    system = next(s for s in study.systems if s.id == "nqpf")
    tree = list(system.tree())
    x = panel[[i.col for _, i in tree]].to_numpy(dtype=float)
    return x, [i.direction for _, i in tree], [i.id for _, i in tree], [d.id for d, _ in tree]


def test_agglomeration_weighting_options_reach_the_weights(demo):
    def shift(d):
        d["systems"][0]["weighting"] = {"method": "entropy", "shift": 0.5}
    _, res = _system(demo, "agglomeration", shift)
    assert res.options["weighting"] == {"method": "entropy", "standardize": "minmax",
                                        "shift": 0.5}
    comp = res.components[["lq", "cr", "hhi"]].to_numpy()
    expected = entropy_weights(comp, shift=0.5).weights.to_numpy()
    np.testing.assert_allclose(res.weights["all"].weights.to_numpy(), expected)
    plain = entropy_weights(comp).weights.to_numpy()
    assert not np.allclose(expected, plain)  # the option changes the numbers

    def user(d):
        d["systems"][0]["weighting"] = {"method": "user",
                                        "weights": {"lq": 0.5, "cr": 0.3, "hhi": 0.2}}
    _, res = _system(demo, "agglomeration", user)
    assert res.weights["all"].weights.tolist() == [0.5, 0.3, 0.2]

    def critic(d):
        d["systems"][0]["weighting"] = "critic"  # shorthand: a bare method name
    _, res = _system(demo, "agglomeration", critic)
    np.testing.assert_allclose(res.weights["all"].weights, critic_weights(comp).weights)


def test_indicator_weighting_options_reach_the_weights(demo):
    _, _, panel, _ = demo

    def change(d):
        d["systems"][1]["weighting"] = {"method": "critic", "correlation": "spearman",
                                        "standardize": "none"}
    study, res = _system(demo, "nqpf", change)
    x, dirs, names, _ = _nqpf_matrix(study, panel)
    expected = critic_weights(x, directions=dirs, names=names, correlation="spearman",
                              standardize="none").weights
    np.testing.assert_allclose(res.weights["all"].weights, expected)
    assert res.options["weighting"]["correlation"] == "spearman"

    def improved(d):
        d["systems"][1]["weighting"] = {"method": "improved_entropy", "nearest": "linear",
                                        "ri": "donegan_dodd", "shift": 0.01}
    study, res = _system(demo, "nqpf", improved)
    w = res.weights["all"]
    assert {a.ri_table for a in w.ahp.values()} == {"donegan_dodd"}
    assert w.options == {"hierarchy": "nested", "nearest": "linear", "ri": "donegan_dodd",
                         "shift": 0.01, "standardize": "minmax"}
    x, dirs, names, dims = _nqpf_matrix(study, panel)
    expected = WEIGHTING["improved_entropy"](x, params=res.options["weighting"],
                                             directions=dirs, names=names, dimensions=dims)
    np.testing.assert_allclose(w.weights, expected.weights)


def test_scoring_options_reach_the_scores(demo):
    _, _, panel, _ = demo

    def change(d):
        d["systems"][1]["scoring"] = {"method": "topsis", "matrix": "vector",
                                      "weights_in": "distance"}
    study, res = _system(demo, "nqpf", change)
    x, dirs, names, _ = _nqpf_matrix(study, panel)
    w = res.weights["all"].weights.to_numpy()
    expected = topsis(x, w, directions=dirs, names=names, matrix="vector",
                      weights_in="distance").closeness
    np.testing.assert_allclose(res.scores["nqpf"], expected, atol=1e-12)

    def ws(d):
        d["systems"][1]["scoring"] = "weighted_sum"
    study, res = _system(demo, "nqpf", ws)
    w = res.weights["all"].weights.to_numpy()
    np.testing.assert_allclose(res.scores["nqpf"],
                               weighted_sum(x, w, directions=dirs).scores, atol=1e-12)


@pytest.mark.parametrize("block,pattern", [
    ({"method": "entropy", "weights": {"a": 1.0}},
     r"weighting.weights: not an option of weighting method 'entropy' \(its options: "
     r"standardize, shift\)"),
    ({"method": "cv", "shift": 0.1}, r"weighting.shift: not an option of weighting method 'cv'"),
    ({"method": "magic"}, r"weighting: unknown method 'magic'; methods are entropy"),
    ({"method": "ahp"}, r"weighting.matrix: required key is missing"),
    ({"method": "entropy", "shift": -1}, r"weighting.shift: .*greater than or equal to 0"),
])
def test_inapplicable_options_are_config_errors_with_the_key_path(demo, block, pattern):
    data = copy.deepcopy(demo[0])
    data["systems"][1]["weighting"] = block
    with pytest.raises(ConfigError, match=r"systems\[1\]\." + pattern):
        study_from_dict(data)


def test_user_weights_must_name_the_agglomeration_indices(demo):
    data = copy.deepcopy(demo[0])
    data["systems"][0]["weighting"] = {"method": "user", "weights": {"lq": 0.5, "x": 0.5}}
    with pytest.raises(ConfigError, match=r"systems\[0\].*unknown indices: \['x'\]"):
        study_from_dict(data)


def test_the_manifest_records_what_was_used(demo_output):
    import json

    m = json.loads((demo_output / "manifest.json").read_text(encoding="utf-8"))
    used = m["used"]
    assert used["systems"]["nqpf"]["weighting"]["method"] == "improved_entropy"
    assert used["systems"]["agglomeration"]["weighting"] == {
        "method": "entropy", "standardize": "minmax", "shift": 0.0}
    assert used["systems"]["agglomeration"]["n"] == 4
    assert used["coupling"]["coupling"] == "classic"
    det = used["detector"]["2023"]
    assert det["permutations"] == m["options"]["detector"]["permutations"]
    assert k_values(det["k"]) == k_values(m["options"]["detector"]["discretization"]["k"])
    assert used["impute"] == {"method": "linear", "edges": "moving_average", "window": 3}


def test_detector_and_coupling_options_reach_the_results(demo_study):
    from ccdkit import run_study

    data = yaml.safe_load(demo_study.read_text(encoding="utf-8"))
    data["detector"].update(permutations=49, seed=7, years=[2020], singletons="keep",
                            lambda_variance="sample", alpha=0.1, ecological="geodetector",
                            bootstrap=59, ci_level=0.8, interaction_rule="common_drop",
                            risk=False, ecological_detector=False)
    data["detector"]["discretization"] = {"methods": ["quantile"], "k": [3, 5, 7],
                                          "min_stratum": 3, "select": "max_q_adj"}
    data["coupling"].update(model="fan2024", rdd_thresholds=[0.7, 1.3])
    data["impute"] = {"method": "linear", "edges": "trend", "window": 2}
    demo_study.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = run_study(demo_study)
    used = res.used_options()
    assert used["impute"] == {"method": "linear", "edges": "trend", "window": 2}
    assert used["coupling"]["coupling"] == "fan2024"
    assert tuple(used["coupling"]["rdd_thresholds"]) == (0.7, 1.3)
    det = res.detector[2020]
    for key, value in (("permutations", 49), ("seed", 7), ("singletons", "keep"),
                       ("lambda_variance", "sample"), ("alpha", 0.1),
                       ("ecological", "geodetector"), ("min_stratum", 3), ("bootstrap", 59),
                       ("ci_level", 0.8), ("interaction_rule", "common_drop"),
                       ("select", "max_q_adj"), ("risk", False),
                       ("ecological_detector", False)):
        assert det.options[key] == value, key
    for d in det.discretization.values():
        assert set(d.grid["method"]) == {"quantile"} and set(d.grid["k"]) <= {3, 5, 7}
        assert d.options["select"] == "max_q_adj"
        assert d.grid.loc[d.grid["k"] == d.best.k, "q_adj"].max() == d.grid["q_adj"].max()
    assert pd.notna(det.factor["p_permutation"]).all()
    assert pd.notna(det.factor["q_ci_low"]).all()
    assert det.risk == {} and det.ecological is None
    assert pd.notna(det.interaction["p_enhance"]).any()


def test_geodetector_signature_defaults_are_the_declared_ones():
    """Every keyword of GeoDetector has the default its declaration (GeoDetectorParams) has,
    and no declared option is missing: a default written twice cannot drift (#27)."""
    from ccdkit.geodetector import GeoDetectorParams

    signature = inspect.signature(GeoDetector.__init__).parameters
    declared = GeoDetectorParams.model_fields
    assert set(signature) - {"self"} == set(declared)
    for name, field in declared.items():
        default = field.get_default(call_default_factory=True)
        ours = signature[name].default
        if isinstance(default, (list, tuple)):
            default, ours = list(default), list(ours)
        assert ours == default, name


@pytest.mark.parametrize("function, options, renamed", [
    ("impute_panel", "ImputeOptions", {}),
    ("coupling_coordination", "CouplingOptions", {"model": "coupling"}),
])
def test_step_functions_take_their_declared_defaults(function, options, renamed):
    """The imputation and coupling steps are declared once (ccdkit.data.ImputeOptions,
    ccdkit.coupling.CouplingOptions; the config's blocks are these models): every declared
    option the library function takes has the declared default there too."""
    import ccdkit
    import ccdkit.coupling
    import ccdkit.data

    model = getattr(ccdkit.data, options, None) or getattr(ccdkit.coupling, options)
    signature = inspect.signature(getattr(ccdkit, function)).parameters
    checked = 0
    for name, field in model.model_fields.items():
        arg = renamed.get(name, name)
        if arg not in signature:
            continue  # a study-level option (e.g. impute.extrapolate, checked at load)
        default = field.get_default(call_default_factory=True)
        assert signature[arg].default == default, (function, name)
        checked += 1
    assert checked >= 3


def test_dynamics_functions_take_their_declared_defaults():
    """The dynamics step is declared once (ccdkit.dynamics.DynamicsOptions, the config's
    block): the kernel density's bandwidth, the spatial Markov chain's classes and the
    panel beta model's fixed effects default to the declared values (growth "auto" is
    resolved by the study from the data: the functions take log or difference)."""
    from ccdkit.dynamics import (
        DynamicsOptions,
        beta_convergence,
        kernel_density,
        spatial_markov,
    )

    declared = {k: f.get_default() for k, f in DynamicsOptions.model_fields.items()}
    assert inspect.signature(kernel_density).parameters["bandwidth"].default == \
        declared["bandwidth"]
    assert inspect.signature(spatial_markov).parameters["k"].default == declared["k"]
    assert inspect.signature(beta_convergence).parameters["fixed_effects"].default == \
        declared["fixed_effects"]
    with pytest.raises(ValueError, match="bandwidth must be"):
        DynamicsOptions(bandwidth=-1.0)


def test_user_weights_use_their_own_tolerance():
    """UserParams checks the sum with its own ``tol`` (before: always 1e-6)."""
    from ccdkit.indices.weights import WEIGHTING

    loose = WEIGHTING.parse({"method": "user", "weights": {"a": 0.499, "b": 0.5}, "tol": 0.01})
    assert loose.tol == 0.01
    with pytest.raises(ConfigError, match="within 1e-06"):
        WEIGHTING.parse({"method": "user", "weights": {"a": 0.499, "b": 0.5}})


def test_discretization_defaults_are_written_once():
    """The optimal-discretization functions and the `detect` command take the declared
    defaults (DiscretizationOptions): signatures equal, and the command's help states the
    declared values (it passes nothing unless asked, so the library's apply)."""

    from ccdkit.cli import _parser
    from ccdkit.geodetector import DiscretizationOptions, optimal_discretization
    from ccdkit.geodetector import GeoDetectorParams, optimal_from_table

    declared = {k: f.get_default(call_default_factory=True)
                for k, f in DiscretizationOptions.model_fields.items()}
    for fn in (optimal_discretization, optimal_from_table):
        sig = inspect.signature(fn).parameters
        for name in ("methods", "k", "min_stratum", "select"):
            assert list(np.atleast_1d(sig[name].default)) == \
                list(np.atleast_1d(declared[name])), (fn.__name__, name)
    detect = _parser()._subparsers._group_actions[0].choices["detect"]
    helps = {a.dest: a.help for a in detect._actions}
    lo, hi = declared["k"]
    assert f"(default: {lo} {hi})" in helps["k"]
    assert f"(default: {declared['bins']})" in helps["bins"]
    assert all(m in helps["methods"] for m in declared["methods"])
    assert f"(default {GeoDetectorParams.model_fields['seed'].default})" in helps["seed"]
    args = _parser().parse_args(["detect", "x.csv", "--y", "y", "--out", "o"])
    assert args.k is None and args.methods is None and args.bins is None and args.seed is None


def _option_grid(spec):
    """Every combination of a method's Literal options (other options at their defaults)."""
    from itertools import product
    from typing import Literal, get_args, get_origin

    fields = {k: get_args(f.annotation) for k, f in spec.params.model_fields.items()
              if k != "method" and get_origin(f.annotation) is Literal}
    keys = list(fields)
    return [dict(zip(keys, values)) for values in product(*fields.values())] or [{}]


@pytest.mark.parametrize("family", ["weighting", "scoring"])
def test_batch_implementations_equal_the_functions(family):
    """A declared batch path gives the numbers of the method's own function, option by
    option (the robustness engine and the composite sub-scores use it)."""
    rng = np.random.default_rng(3)
    x = rng.lognormal(0, 0.6, (40, 4))
    d = ["+", "-", "+", "+"]
    reg = REGISTRIES[family]
    with_batch = [name for name, spec in reg.items() if spec.batch is not None]
    assert with_batch, f"no {family} method declares a batch implementation"
    for name in with_batch:
        spec = reg[name]
        for options in _option_grid(spec):
            params = reg.parse({"method": name, **options})
            if family == "weighting":
                idx = rng.integers(0, len(x), size=(6, len(x)))
                got = spec.run_batch(x[idx], params=params, directions=d)
                want = np.vstack([spec(x[i], params=params, directions=d).weights
                                  for i in idx])
            else:
                W = rng.dirichlet(np.ones(4), size=5)
                got = spec.run_batch(x, W, params=params, directions=d)
                want = np.vstack([spec(x, w, params=params, directions=d).scores for w in W])
            np.testing.assert_allclose(got, want, rtol=0, atol=1e-13, err_msg=f"{name} {options}")


def test_data_free_weighting_is_declared_truthfully():
    """A method declared data-free gives the same weights on any data (the bootstrap keeps
    them fixed); every other method's weights change with the data."""
    rng = np.random.default_rng(4)
    x1 = rng.uniform(1, 2, (30, 3))  # evenly spread indicators
    x2 = x1.copy()
    x2[:, 0] = rng.lognormal(0, 3, 30)  # one very concentrated indicator
    options = {"user": {"weights": {"x1": 0.2, "x2": 0.3, "x3": 0.5}},
               "ahp": {"matrix": [[1, 2, 3], [0.5, 1, 2], [1 / 3, 0.5, 1]], "hierarchy": "flat"}}
    for name, spec in WEIGHTING.items():
        params = WEIGHTING.parse({"method": name, **options.get(name, {})})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            w1, w2 = (spec(x, params=params, names=["x1", "x2", "x3"]).weights.to_numpy()
                      for x in (x1, x2))
        assert np.allclose(w1, w2) == spec.data_free, name


def _doc_tables() -> dict[str, dict[str, list[str]]]:
    """The option tables of docs/config.md: block -> key -> [key, type, default, meaning]."""
    import re

    text = (REPO / "docs" / "config.md").read_text(encoding="utf-8")
    blocks = {}
    for m in re.finditer(r"^## `(\w+)`\n(.*?)(?=^## |\Z)", text, re.S | re.M):
        rows = {}
        for line in m.group(2).splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            if line.startswith("| `") and len(cells) >= 4:
                for key in re.findall(r"`([^`]+)`", cells[0]):
                    rows[key] = cells
        blocks[m.group(1)] = rows
    return blocks


@pytest.mark.parametrize("block", ["impute", "coupling", "detector", "spatial", "dynamics",
                                   "econometrics", "robustness", "output"])
def test_config_docs_agree_with_the_declarations(block):
    """Every option of a config block is in docs/config.md with the declared default, the
    declared choices and the declared bounds: a default or bound written in the docs too
    cannot drift from its one declaration (a changed default fails here until the docs
    say it)."""
    import re

    from ccdkit.specs import options_rows

    model = Study.model_fields[block].annotation
    model = next((a for a in getattr(model, "__args__", [model]) if a is not type(None)))
    docs = _doc_tables()[block]
    problems = []
    for row in options_rows(model):
        if row["key"] not in docs:
            problems.append(f"{block}.{row['key']} is not in docs/config.md")
            continue
        _, doc_type, doc_default, _ = docs[row["key"]][:4]
        first = re.match(r"`([^`]*)`", doc_default)  # (a note may follow the value)
        if row["default"] != "none" and (first.group(1) if first else doc_default) \
                != row["default"].replace("`", ""):
            problems.append(f"{block}.{row['key']}: docs say {doc_default}, declared "
                            f"{row['default']}")
        choices = re.findall(r"`([^`]+)`", row["type"])
        if choices and "list" not in row["type"] and \
                not set(re.findall(r"`([^`]+)`", doc_type)) >= set(choices):
            problems.append(f"{block}.{row['key']}: docs list {doc_type}, declared "
                            f"{row['type']}")
        bound = re.search(r"(≥ [\d.]+|≤ [\d.]+|> [\d.]+|in [\[(][^)\]]+[)\]]|[\d,]+–[\d,]+)",
                          row["type"])
        if bound and bound.group(1) not in doc_type:
            problems.append(f"{block}.{row['key']}: docs type {doc_type!r}, declared "
                            f"{row['type']!r}")
    assert not problems, "\n".join(problems)


def test_every_config_option_has_a_help_line():
    """Every option of every config block says what it does in its declaration (the help
    line of docs, config errors and the app's forms)."""
    from ccdkit.specs import options_rows

    bare = []
    for block in ("impute", "coupling", "detector", "spatial", "dynamics", "econometrics",
                  "robustness", "output"):
        model = Study.model_fields[block].annotation
        model = next(a for a in getattr(model, "__args__", [model]) if a is not type(None))
        bare += [f"{block}.{r['key']}" for r in options_rows(model) if not r["meaning"]]
    assert not bare, bare
