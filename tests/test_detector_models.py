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


def test_cli_detect_runs_a_model_by_name(tmp_path, capsys):
    import json

    from ccdkit.cli import _parser, main
    from ccdkit.geodetector import MODEL_NAMES

    from conftest import REFERENCE

    detect = next(a for a in _parser()._subparsers._group_actions[0].choices["detect"]._actions
                  if a.dest == "model")
    assert tuple(detect.choices) == ("opgd", *MODEL_NAMES, "sesu")
    depression = str(REFERENCE / "data" / "depression.csv")
    out = tmp_path / "spade"
    assert main(["detect", depression, "--y", "Depression_prevelence", "--factors",
                 "PopulationDensity", "--model", "spade", "--coords", "X", "Y", "--option",
                 "mode=gdverse", "distance=geodesic", "--out", str(out), "--quiet"]) == 0
    table = pd.read_csv(out / "spade.csv")
    assert round(table["q"][0], 8) == 0.21532238
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["model"] == "spade" and manifest["options"]["mode"] == "gdverse"
    gd = tmp_path / "gd"
    assert main(["detect", depression, "--y", "Depression_prevelence", "--factors",
                 "PopulationDensity", "--coords", "X", "Y", "--permutations", "49",
                 "--out", str(gd), "--quiet"]) == 0
    assert "p_spatial" in pd.read_csv(gd / "factor_detector.csv").columns
    capsys.readouterr()
    assert main(["detect", depression, "--y", "Depression_prevelence", "--model", "rgd",
                 "--option", "select=best", "--out", str(tmp_path / "x")]) != 0
    err = capsys.readouterr().err
    assert "select" in err and "best" in err and "Traceback" not in err
    assert not (tmp_path / "x").exists()
    assert main(["detect", depression, "--y", "Depression_prevelence", "--coords", "lon",
                 "lat", "--out", str(tmp_path / "y")]) != 0
    assert "lon" in capsys.readouterr().err


def test_sesu_declaration_and_cli(tmp_path, capsys):
    from ccdkit.cli import main
    from ccdkit.geodetector import SESUOptions, sesu

    from conftest import REFERENCE

    params = inspect.signature(sesu).parameters
    for key, f in SESUOptions.model_fields.items():
        assert params[key].default == f.default, key
    files = [str(REFERENCE / "data" / f"ndvi_{s}.csv") for s in (20, 30, 40, 50)]
    out = tmp_path / "sesu"
    assert main(["detect", *files, "--sizes", "20", "30", "40", "50", "--y", "NDVIchange",
                 "--factors", "Climatezone", "Mining", "--model", "sesu", "--option",
                 "statistic=q90", "--out", str(out), "--quiet"]) == 0
    curve = pd.read_csv(out / "sesu_curve.csv")
    assert curve["size"].tolist() == [20, 30, 40, 50] and (curve["n_significant"] == 2).all()
    capsys.readouterr()
    assert main(["detect", *files[:2], "--sizes", "20", "--y", "NDVIchange", "--model",
                 "sesu", "--out", str(tmp_path / "bad")]) != 0
    assert "--sizes" in capsys.readouterr().err
    assert main(["detect", *files[:2], "--sizes", "20", "30", "--y", "NDVIchange", "--model",
                 "sesu", "--option", "statistic=median", "--out", str(tmp_path / "bad")]) != 0
    assert "statistic" in capsys.readouterr().err


def test_cli_tree_models_on_raster_cells(tmp_path):
    pytest.importorskip("rasterio")
    import rasterio
    from rasterio.transform import from_origin

    from ccdkit.cli import main

    rng = np.random.default_rng(0)
    x = rng.uniform(size=(40, 50))
    layers = {"y": (x > 0.5) + rng.normal(0, 0.1, x.shape), "x": x}
    folder = tmp_path / "rasters"
    folder.mkdir()
    for name, arr in layers.items():
        with rasterio.open(folder / f"{name}.tif", "w", driver="GTiff", height=40, width=50,
                           count=1, dtype="float64", crs="EPSG:4326",
                           transform=from_origin(100, 40, 0.1, 0.1)) as dst:
            dst.write(arr, 1)
    out = tmp_path / "rgd"
    assert main(["detect", str(folder), "--y", "y", "--model", "rgd", "--out", str(out),
                 "--quiet"]) == 0
    assert pd.read_csv(out / "rgd.csv")["q"][0] > 0.9
    assert main(["detect", str(folder), "--y", "y", "--model", "spade", "--out",
                 str(tmp_path / "s"), "--quiet"]) != 0
