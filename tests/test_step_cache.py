"""run_study with a StepCache: the same result as without one; a change recomputes the
step that reads it and the steps after it, nothing before; warnings come again and as
they come."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from ccdkit.study import StepCache, load_study, run_study, step_keys


@pytest.fixture
def core_study(demo_study):
    """The demo study without the optional chapters (spatial, dynamics, robustness)."""
    cfg = yaml.safe_load(demo_study.read_text(encoding="utf-8"))
    for block in ("spatial", "dynamics", "robustness"):
        cfg.pop(block)
    demo_study.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return demo_study


def _edit(path, change):
    cfg = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(cfg)
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return load_study(path)


def _same(a, b):
    for name, frame in a.tables().items():
        pd.testing.assert_frame_equal(frame, b.tables()[name], obj=name)
    assert a.warnings == b.warnings
    assert [m.text for m in a.messages] == [m.text for m in b.messages]


def test_a_cached_run_equals_a_fresh_one(core_study):
    cache = StepCache()
    first = run_study(core_study, cache=cache)
    assert cache.computed == ["validate", "impute", "indices", "coupling", "detector",
                              "spatial", "dynamics", "econometrics", "robustness"]
    assert cache.reused == []
    again = run_study(core_study, cache=cache)
    assert cache.computed == [] and len(cache.reused) == 9
    _same(first, again)
    assert again.warnings and any("imputation" in w for w in again.warnings)

    def weighting(cfg):
        cfg["systems"][1]["weighting"] = {"method": "critic"}

    changed = _edit(core_study, weighting)
    via_cache = run_study(changed, cache=cache)
    assert cache.reused == ["validate", "impute"]
    assert cache.computed[:2] == ["indices", "coupling"]
    _same(via_cache, run_study(changed))
    assert not via_cache.scores.equals(first.scores)


def test_each_change_recomputes_from_its_step(core_study):
    base = load_study(core_study)
    keys = step_keys(base)
    changes = {
        "impute": lambda c: c["impute"].update(window=2),
        "coupling": lambda c: c["coupling"].update(model="fan2024"),
        "detector": lambda c: c["detector"].update(seed=5),
        "indices": lambda c: c["systems"][0].update(n=3),
    }
    first_changed = {"impute": "impute", "coupling": "coupling", "detector": "detector",
                     "indices": "indices"}
    order = list(keys)
    text = core_study.read_text(encoding="utf-8")
    for name, change in changes.items():
        new = step_keys(_edit(core_study, change))
        core_study.write_text(text, encoding="utf-8")
        differ = [s for s in order if new[s] != keys[s]]
        start = order.index(first_changed[name])
        assert order[start] in differ, name
        assert all(s in differ or s in ("detector", "spatial", "dynamics", "econometrics",
                                        "robustness")
                   for s in order[start:]), (name, differ)
        assert not [s for s in order[:start] if s in differ], (name, differ)


def test_new_data_bytes_recompute_everything(core_study):
    cache = StepCache()
    run_study(core_study, cache=cache)
    data = core_study.parent / "data" / "drivers.xlsx"
    raw = data.read_bytes()
    data.write_bytes(raw)  # written again, the same bytes: the same key
    run_study(core_study, cache=cache)
    assert cache.computed == []
    from openpyxl import load_workbook

    wb = load_workbook(data)
    ws = wb["X1"]
    ws["B2"] = float(ws["B2"].value) * 2
    wb.save(data)
    run_study(core_study, cache=cache)
    assert cache.reused == [] and cache.computed[0] == "validate"


def test_warnings_are_told_as_they_come(core_study):
    told, steps = [], []
    run_study(core_study, progress=steps.append,
              on_message=lambda m: told.append((steps[-1], m.key)))
    assert ("impute", "imputation.filled") in told
    assert len(told) == len(set(told))
    cache = StepCache()
    run_study(core_study, cache=cache)
    again = []
    run_study(core_study, cache=cache, on_message=lambda m: again.append(m.key))
    assert again == [key for _, key in told]


def test_cache_bounds():
    cache = StepCache(maxsize=2)
    for key in "abc":
        cache.put("coupling", key, key.upper(), [])
    assert cache.get("coupling", "a") is None and cache.get("coupling", "c")[0] == "C"
    with pytest.raises(ValueError, match="at least 1"):
        StepCache(maxsize=0)


def test_each_step_result_is_handed_over_as_it_ends(core_study):
    seen = []
    res = run_study(core_study, on_result=lambda step, value: seen.append((step, value)))
    assert [s for s, _ in seen] == ["validate", "impute", "indices", "coupling", "detector",
                                    "spatial", "dynamics", "econometrics", "robustness"]
    cc, summary = dict(seen)["coupling"]
    assert cc is res.coupling and summary is res.coupling_summary
