"""The newer Geographical Detector models, each declared once: name, option model (types,
defaults, constraints, meanings), function and result type. The study config's
``detector.models`` block, the CLI's ``detect --model`` and :func:`run_model` all read
these declarations; a test checks that every function's keyword defaults equal its
option model's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..exceptions import ConfigError, DataError
from ._idsa import OVERLAYS, IDSAResult, idsa
from ._kselect import K_RULES
from ._nulls import NULL_MODELS
from ._optimal import k_values
from ._params import validated
from ._rgd import RobustResult, rgd
from ._sesu import SESU_MODELS, SESU_STATISTICS
from ._robust import ROBUST_MODES
from ._spade import DISTANCES, SPADE_MODES, SpadeResult, spade
from ._zones import SHAPLEY_MODES, LESHResult, ZonesResult, gozh, lesh

__all__ = ["GOZHOptions", "LESHOptions", "RGDOptions", "SPADEOptions", "IDSAOptions",
           "SESUOptions", "model_options", "validated",
           "ModelSpec", "DETECTOR_MODELS", "run_model", "MODEL_NAMES"]


def _choice(names):
    return Literal.__getitem__(tuple(names))


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True)


class _Levels(_Options):
    k: int | list[int] | tuple[int, ...] = Field(
        (3, 8), description="numbers of strata tried: an int, a [min, max] range or 3+ values")

    @field_validator("k")
    @classmethod
    def _k(cls, v):
        try:
            k_values(v)
        except DataError as exc:
            raise ValueError(str(exc)) from None
        return v


class _Null(_Options):
    permutations: Annotated[int, Field(ge=0, le=100_000)] = Field(
        0, description="null draws for p_permutation (0: none); the strata or zones are "
                       "refitted on every draw")
    null: _choice(NULL_MODELS) = Field(  # type: ignore[valid-type]
        "permutation", description="permutation (free) or spectral (Moran spectral "
                                   "randomization under the spatial weights)")
    seed: int = Field(0, ge=0, le=2**63 - 1, description="seed of the null draws")


class _Rule(_Options):
    select: _choice(K_RULES) = Field(  # type: ignore[valid-type]
        "elbow", description="k rule: elbow (LOESS knee), gdverse (gdverse's loess_optnum, "
                             "one k later) or max_q")
    increase_rate: float = Field(0.05, gt=0, lt=1,
                                 description="gain below which a larger k is not worth it")


class _Tree(_Options):
    cp: float = Field(0.01, ge=0, lt=1, description="complexity parameter (rpart)")
    minsplit: int = Field(20, ge=2, description="fewest rows of a node that is split")
    minbucket: int = Field(7, ge=1, description="fewest rows of a leaf")
    maxdepth: int = Field(30, ge=1, le=30, description="deepest leaf (root = 0)")


class GOZHOptions(_Tree, _Null):
    """GOZH (zones from regression trees)."""

    interaction: bool = Field(True, description="trees on every pair of factors")


class LESHOptions(_Tree):
    """LESH (Shapley shares of the GOZH interactions)."""

    shapley: _choice(SHAPLEY_MODES) = Field(  # type: ignore[valid-type]
        "complete", description="complete Shapley sum, or gdverse's (without the empty "
                                "coalition)")


class RGDOptions(_Levels, _Rule, _Null):
    """RGD and RID (robust strata)."""

    mode: _choice(ROBUST_MODES) = Field(  # type: ignore[valid-type]
        "ties", description="ties: never split equal values; gdverse: as gdverse")
    min_size: int | None = Field(None, ge=1, description="fewest rows of a segment (default "
                                                         "2, or 1 in gdverse mode)")
    interaction: bool = Field(True, description="run RID")
    bins: int | None = Field(None, ge=16, description="large data: factors with more "
                                                      "distinct values are first cut into "
                                                      "this many equal-count bins")


class SPADEOptions(_Levels, _Null):
    """SPADE (power of spatial determinant)."""

    mode: _choice(SPADE_MODES) = Field(  # type: ignore[valid-type]
        "ccdkit", description="quantile rule: ccdkit's or gdverse's (sdsfun)")
    distance: _choice(DISTANCES) = Field(  # type: ignore[valid-type]
        "haversine", description="inverse-distance weights from coordinates")
    power: float = Field(1.0, gt=0, le=4, description="distance decay of those weights")


class IDSAOptions(_Levels, _Rule):
    """IDSA (spatial fuzzy overlays of every subset of factors)."""

    mode: _choice(SPADE_MODES) = Field("ccdkit", description="quantile rule")  # type: ignore[valid-type]
    distance: _choice(DISTANCES) = Field("haversine", description="inverse distances")  # type: ignore[valid-type]
    power: float = Field(1.0, gt=0, le=4, description="distance decay")
    overlay: _choice(OVERLAYS) = Field(  # type: ignore[valid-type]
        "and", description="and (fuzzy intersection), or (fuzzy union) or intersection")


class SESUOptions(_Rule):
    """SESU (size effects of spatial units); the detector's own options are passed on."""

    model: _choice(SESU_MODELS) = Field(  # type: ignore[valid-type]
        "opgd", description="detector run at each unit size: opgd or gozh")
    statistic: _choice(SESU_STATISTICS) = Field(  # type: ignore[valid-type]
        "mean", description="curve over sizes: mean (gdverse) or q90 (R GD) of the "
                            "significant q")
    alpha: float = Field(0.05, gt=0, lt=1, description="level of the F test that admits a q "
                                                       "to the curve")


@dataclass(frozen=True)
class ModelSpec:
    """One model: its function, options and result type, and what it needs."""

    name: str
    function: Callable
    options: type[BaseModel]
    result: type
    spatial: bool  # needs weights or coordinates
    summary: str


DETECTOR_MODELS = {
    "gozh": ModelSpec("gozh", gozh, GOZHOptions, ZonesResult, False,
                      "q on the leaves of a regression tree (Luo et al. 2022)"),
    "lesh": ModelSpec("lesh", lesh, LESHOptions, LESHResult, False,
                      "GOZH interactions shared by Shapley values (Li et al. 2023)"),
    "rgd": ModelSpec("rgd", rgd, RGDOptions, RobustResult, False,
                     "q on robust strata, and RID (Zhang et al. 2022)"),
    "spade": ModelSpec("spade", spade, SPADEOptions, SpadeResult, True,
                       "power of spatial determinant (Cang & Luo 2018)"),
    "idsa": ModelSpec("idsa", idsa, IDSAOptions, IDSAResult, True,
                      "spatial fuzzy overlays of factor subsets (Song & Wu 2021)"),
}
MODEL_NAMES = tuple(DETECTOR_MODELS)


def model_options(name: str, options: dict, where: str = "") -> BaseModel:
    """Validated options of model ``name`` (ConfigError naming each bad key and value)."""
    if name not in DETECTOR_MODELS:
        raise ConfigError(f"{where or 'model'}: unknown model {name!r} (one of "
                          f"{', '.join(MODEL_NAMES)})")
    return validated(DETECTOR_MODELS[name].options, options, where)


def run_model(name: str, data, y: str, factors=None, *, weights=None, coords=None,
              data_options: dict | None = None, **options):
    """Run one model by name with validated options.

    ``weights`` go to every model (the spectral null; SPADE and IDSA's spatial variance),
    ``coords`` to SPADE and IDSA; ``data_options`` are the data-level arguments of the
    function (``categorical`` for GOZH / LESH, ``segment`` for RGD, ``subsets`` for IDSA).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> x = rng.uniform(size=200)
    >>> d = pd.DataFrame({"y": (x > 0.5) + rng.normal(0, 0.1, 200), "x": x})
    >>> run_model("gozh", d, "y", interaction=False).factor.L.tolist()
    [2]
    """
    spec = DETECTOR_MODELS.get(name)
    opts = model_options(name, options).model_dump()
    kwargs = dict(data_options or {})
    if spec.spatial:
        kwargs.update(weights=weights, coords=coords)
    elif "null" in opts:
        kwargs["weights"] = weights
    return spec.function(data, y, factors, **opts, **kwargs)
