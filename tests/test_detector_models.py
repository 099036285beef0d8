"""The newer detector models are declared once: every function's keyword defaults equal its
option model's, run_model validates options by name, and every model runs by name."""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd
import pytest

from ccdkit.exceptions import ConfigError
from ccdkit.geodetector import DETECTOR_MODELS, run_model


@pytest.mark.parametrize("name", list(DETECTOR_MODELS))
def test_function_defaults_equal_the_declaration(name):
    spec = DETECTOR_MODELS[name]
    params = inspect.signature(spec.function).parameters
    for key, f in spec.options.model_fields.items():
        assert key in params, (name, key)
        assert params[key].kind is inspect.Parameter.KEYWORD_ONLY, (name, key)
        assert params[key].default == f.default, (name, key, params[key].default, f.default)


def _data(n=150, seed=0):
    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(100, 120, n), rng.uniform(20, 40, n)
    x = lat + rng.normal(0, 2, n)
    return pd.DataFrame({"y": (x > 30) + rng.normal(0, 0.3, n), "x": x,
                         "c": rng.choice(list("ab"), n), "lon": lon, "lat": lat})


@pytest.mark.parametrize("name", list(DETECTOR_MODELS))
def test_every_model_runs_by_name(name):
    d = _data()
    r = run_model(name, d, "y", ["x", "c"], coords=("lon", "lat"))
    assert isinstance(r, DETECTOR_MODELS[name].result)
    assert isinstance(r.to_frame(), pd.DataFrame) and len(r.to_frame()) > 0
    assert isinstance(r.summary(), str)


def test_bad_options_are_named():
    with pytest.raises(ConfigError, match=r"cp: .*found 2"):
        run_model("gozh", _data(), "y", cp=2)
    with pytest.raises(ConfigError, match="unknown model 'opgdx'"):
        run_model("opgdx", _data(), "y")
    with pytest.raises(ConfigError, match="colour"):
        run_model("rgd", _data(), "y", colour="red")
    with pytest.raises(ConfigError, match="overlay"):
        run_model("idsa", _data(), "y", overlay="xor")
