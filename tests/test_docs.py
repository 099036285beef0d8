"""The config reference documents every key of the schema."""

from __future__ import annotations

import re
import typing

from conftest import REPO
from pydantic import BaseModel

from ccdkit.study import Study


def _models(annotation):
    """BaseModel subclasses inside a (possibly nested/union/annotated) annotation."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in typing.get_args(annotation):
        yield from _models(arg)


def _keys(model, seen=None) -> set[str]:
    seen = set() if seen is None else seen
    keys: set[str] = set()
    if model in seen:
        return keys
    seen.add(model)
    for name, field in model.model_fields.items():
        keys.add(name)
        for sub in _models(field.annotation):
            keys |= _keys(sub, seen)
    return keys


def test_every_config_key_is_documented():
    text = (REPO / "docs" / "config.md").read_text(encoding="utf-8")
    spans = re.findall(r"`([^`]+)`", text)
    words = {w for span in spans for w in re.findall(r"[A-Za-z_]+", span)}
    missing = sorted(k for k in _keys(Study) if k not in words)
    assert not missing, f"keys not in docs/config.md: {missing}"


def test_every_public_function_has_a_runnable_example():
    import inspect

    import ccdkit
    from ccdkit import weights

    missing = []
    for module, names in ((ccdkit, ccdkit.__all__), (weights, weights.__all__)):
        for name in names:
            obj = getattr(module, name)
            if inspect.isfunction(obj) and ">>>" not in (obj.__doc__ or ""):
                missing.append(f"{module.__name__}.{name}")
    assert not missing, f"public functions without a doctest example: {missing}"


def test_readme_python_section_runs(tmp_path, monkeypatch):
    """The README's "From Python" example, executed as written (in a fresh folder)."""
    import warnings

    text = (REPO / "README.md").read_text(encoding="utf-8")
    code = re.search(r"## From Python.*?```python\n(.*?)```", text, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own docs
    assert namespace["gd"].factor_["q"].notna().all()
    assert namespace["cc"].to_frame()["D"].between(0, 1).all()
