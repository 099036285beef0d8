"""The study configuration: schema, defaults and validation (``study.yaml``).

A study file is validated once, at load: unknown keys are rejected and every error
names its key path (``systems[1].dimensions[0].indicators[2].direction``), the value
found and the line in the file. See ``docs/config.md`` for every key with its default.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..coupling import CouplingOptions
from ..data import (
    LAYOUTS,
    CITIES,
    CITY_PRESETS,
    ImputeOptions,
    MAINLAND_IDS,
    MERGED_RULES,
    canonicalize_cities,
    check_language,
    canonicalize_regions,
    preset_cities,
    region_groups,
)
from ..exceptions import ConfigError, RegionError
from ..dynamics import DynamicsOptions, RoseOptions
from ..econometrics import MODELS, ChoiceOptions, EffectsOptions, RegressionOptions
from ..geodetector import (DetectorOptions, DiscretizationOptions, GOZHOptions, IDSAOptions,
                           LESHOptions, RGDOptions, SPADEOptions)
from ..indices import AGGLOMERATION_INDICES, POOLING, SCORING
from ..indices.weights import WEIGHTING
from ..robustness import BootstrapOptions, SensitivityOptions
from ..spatial import (AutocorrelationOptions, EmergingOptions, GravityOptions, TrendOptions,
                       WeightsOptions)
from ._yaml import Positions, load_yaml

__all__ = [
    "Study",
    "load_study",
    "study_from_dict",
    "Labels",
    "Indicator",
    "Dimension",
    "IndicatorSystem",
    "AgglomerationSystem",
    "Factor",
]

_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")



def _choice(names):
    """A Literal type of the names a library registry or option tuple offers."""
    return Literal.__getitem__(tuple(names))


# Literal types built from the option tuples, and the method blocks built from the method
# declarations (ccdkit.specs), so config, API and CLI offer the same names and defaults
Weighting = WEIGHTING.union()
Scoring = SCORING.union()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True, frozen=False)


def _check_id(value: str, what: str) -> str:
    if not _ID.match(value):
        raise ValueError(f"{what} must start with a letter or _ and contain only letters, "
                         f"digits, _, . or - (found {value!r})")
    return value


class Labels(_Strict):
    """Display labels in Chinese and English; a plain string sets both."""

    zh: str | None = None
    en: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"zh": value, "en": value}
        return value

    def get(self, lang: str, default: str) -> str:
        text = getattr(self, check_language(lang))
        return text or self.en or self.zh or default


_DIRECTIONS = {"+": "+", "-": "-", "positive": "+", "negative": "-", "正": "+", "负": "-",
               "正向": "+", "负向": "-", "benefit": "+", "cost": "-"}


class Indicator(_Strict):
    """One indicator: a panel column, its direction, unit and labels."""

    id: str
    column: str | None = Field(None, description="panel column (default: the id)")
    direction: str = Field(..., description="'+' (benefit) or '-' (cost)")
    unit: Labels | None = Field(None, description="unit: a string, or {zh: ..., en: ...}; "
                                                  "common yearbook units are translated "
                                                  "for English outputs")
    label: Labels | None = None
    source: str | None = Field(None, description="where the numbers come from (free text)")

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        return _check_id(v, "indicator id")

    @field_validator("direction", mode="before")
    @classmethod
    def _direction(cls, v: Any) -> str:
        key = str(v).strip().lower() if v is not None else ""
        if key not in _DIRECTIONS:
            raise ValueError(f"direction must be '+' or '-' (also: positive/negative), found {v!r}")
        return _DIRECTIONS[key]

    @property
    def col(self) -> str:
        return self.column or self.id


class Dimension(_Strict):
    """A dimension (criterion layer) grouping indicators."""

    id: str
    label: Labels | None = None
    indicators: list[Indicator] = Field(..., min_length=1)

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        return _check_id(v, "dimension id")


def _check_user_weights(weighting, names: list[str], what: str) -> None:
    """User weights must name exactly the system's indicators."""
    if weighting.method != "user":
        return
    unknown = sorted(set(weighting.weights) - set(names))
    if unknown:
        raise ValueError(f"weighting.weights names unknown {what}: {unknown}")
    absent = sorted(set(names) - set(weighting.weights))
    if absent:
        raise ValueError(f"weighting.weights has no weight for: {absent}")


class _System(_Strict):
    """What every kind of system has: an id, a label, pooling and a weighting block."""

    id: str
    label: Labels | None = None
    pooling: _choice(POOLING) = Field(
        "pooled", description="min-max and weights over all region-years together "
                              "(comparable years), or per year")
    weighting: Weighting = Field(default_factory=lambda: WEIGHTING.parse(None),
                                 description="weighting method and its options")

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        return _check_id(v, "system id")

    @field_validator("weighting", mode="before")
    @classmethod
    def _weighting(cls, v: Any) -> Any:
        return WEIGHTING.fill_method(v)


class IndicatorSystem(_System):
    """A system scored from an indicator hierarchy (system -> dimension -> indicator)."""

    type: Literal["indicators"] = "indicators"
    scoring: Scoring = Field(default_factory=lambda: SCORING.parse(None),
                             description="scoring method and its options")
    dimensions: list[Dimension] = Field(..., min_length=1)

    @field_validator("scoring", mode="before")
    @classmethod
    def _scoring(cls, v: Any) -> Any:
        return SCORING.fill_method(v)

    def tree(self, *, positions: bool = False):
        """(dimension, indicator) of every indicator, in config order: the one walk of the
        system -> dimension -> indicator hierarchy. With ``positions``, each item is
        preceded by (dimension index, indicator index) for key paths."""
        for d_i, d in enumerate(self.dimensions):
            for i_i, ind in enumerate(d.indicators):
                yield ((d_i, i_i, d, ind) if positions else (d, ind))

    @property
    def indicators(self) -> list[Indicator]:
        return [ind for _, ind in self.tree()]

    @model_validator(mode="after")
    def _unique(self) -> "IndicatorSystem":
        ids = [d.id for d in self.dimensions]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"dimension ids must be unique within a system, repeated: {dup}")
        ids = [i.id for i in self.indicators]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"indicator ids must be unique within a system, repeated: {dup}")
        _check_user_weights(self.weighting, ids, "indicators")
        return self


class AgglomerationSystem(_System):
    """Industry agglomeration from firm data: LQ, CR_n and Herfindahl, entropy-combined."""

    type: Literal["agglomeration"]
    indices: list[_choice(AGGLOMERATION_INDICES)] = Field(
        default_factory=lambda: list(AGGLOMERATION_INDICES), min_length=1,
        description="agglomeration indices combined (location quotient, concentration "
                    "ratio CR_n, Herfindahl)")
    n: int = Field(4, ge=1, description="number of largest firms in CR_n")
    scope: Literal["national", "within"] = Field(
        "national", description="CR and Herfindahl relative to the national or the region's "
                                "own target total")

    @model_validator(mode="after")
    def _user_weights(self) -> "AgglomerationSystem":
        _check_user_weights(self.weighting, list(self.indices), "indices")
        return self


System = Annotated[Union[IndicatorSystem, AgglomerationSystem], Field(discriminator="type")]


class Years(_Strict):
    """Inclusive range of study years."""

    start: int = Field(..., ge=1900, le=2200)
    end: int = Field(..., ge=1900, le=2200)

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: Any) -> Any:
        if isinstance(value, (list, tuple)) and len(value) == 2:
            return {"start": value[0], "end": value[1]}
        if isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*[-–~]\s*\d{4}\s*", value):
            a, b = re.split(r"[-–~]", value)
            return {"start": int(a), "end": int(b)}
        return value

    @model_validator(mode="after")
    def _order(self) -> "Years":
        if self.start > self.end:
            raise ValueError(f"years.start ({self.start}) is after years.end ({self.end})")
        return self

    @property
    def values(self) -> list[int]:
        return list(range(self.start, self.end + 1))


class PanelSource(_Strict):
    """One panel data file."""

    file: str
    sheets: list[str] | Literal["all"] = "all"
    layout: _choice(LAYOUTS) = "auto"
    region_col: str | None = None
    year_col: str | None = None
    variable_col: str | None = None
    value_col: str | None = None
    extra_years: Literal["error", "ignore"] = "error"

    @field_validator("sheets", mode="before")
    @classmethod
    def _sheets(cls, v: Any) -> Any:
        return [v] if isinstance(v, str) and v != "all" else v


class FirmSource(_Strict):
    """The firm-level file for agglomeration indices."""

    file: str
    sheet: str | None = None
    columns: dict[Literal["firm", "year", "region", "total_assets", "is_target"], str] = \
        Field(default_factory=dict)
    extra_years: Literal["error", "ignore"] = "error"


class DataSources(_Strict):
    panel: list[PanelSource] = Field(default_factory=list)
    firms: FirmSource | None = None
    merged: _choice(MERGED_RULES) = Field(
        "drop", description="city panels: rows of a unit merged into another (莱芜 into 济南, "
                            "2019) are left out, or summed into the successor (additive "
                            "variables only)")

    @field_validator("panel", mode="before")
    @classmethod
    def _one_or_many(cls, v: Any) -> Any:
        return [v] if isinstance(v, (dict, str)) else v

    @field_validator("panel", mode="before")
    @classmethod
    def _plain_paths(cls, v: Any) -> Any:
        return [{"file": x} if isinstance(x, str) else x for x in v] if isinstance(v, list) else v


class Impute(ImputeOptions, _Strict):
    """Missing-data handling (METHODS section 0): the library's declaration
    (:class:`ccdkit.data.ImputeOptions`), unchanged."""


class Coupling(CouplingOptions, _Strict):
    """Coupling coordination options (METHODS section 5): the library's declaration
    (:class:`ccdkit.coupling.CouplingOptions`) plus the systems to couple."""

    systems: list[str] | None = Field(None, description="system ids to couple (default: all)")


class Factor(_Strict):
    """A driver (explanatory factor) for the Geographical Detector."""

    id: str = Field(..., description="factor id (e.g. X1), used in tables and figures")
    column: str | None = Field(None, description="panel column (default: the id)")
    type: Literal["continuous", "categorical"] = Field(
        "continuous", description="continuous factors are discretized; categorical ones are "
                                  "strata as they are")
    unit: Labels | None = Field(None, description="unit: a string, or {zh: ..., en: ...}")
    label: Labels | None = Field(None, description="name: a string, or {zh: ..., en: ...}")
    source: str | None = Field(None, description="where the data come from (yearbook, table)")
    breaks: list[float] | None = Field(None, description="manual breaks (skip optimisation)")

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        return _check_id(v, "factor id")

    @property
    def col(self) -> str:
        return self.column or self.id


class Discretization(DiscretizationOptions, _Strict):
    """Optimal discretization of continuous factors: the library's declaration
    (:class:`ccdkit.geodetector.DiscretizationOptions`), unchanged."""

class DetectorModels(_Strict):
    """The newer Geographical Detector models run beside the classic one, each with the
    library's options (:data:`ccdkit.geodetector.DETECTOR_MODELS`); absent = not run.
    SPADE and IDSA weight the regions by inverse great-circle distance (all pairs, as
    gdverse); ``null: spectral`` uses the spatial block's weights."""

    gozh: GOZHOptions | None = Field(None, description="GOZH: q on regression-tree zones")
    lesh: LESHOptions | None = Field(None, description="LESH: Shapley shares of GOZH "
                                                       "interactions")
    rgd: RGDOptions | None = Field(None, description="RGD and RID: robust strata")
    spade: SPADEOptions | None = Field(None, description="SPADE: power of spatial determinant")
    idsa: IDSAOptions | None = Field(None, description="IDSA: spatial fuzzy overlays")

    def configured(self) -> dict[str, dict]:
        """Options of the models to run, by name, in the declaration order."""
        return {name: opts.model_dump() for name in type(self).model_fields
                if (opts := getattr(self, name)) is not None}


class Detector(DetectorOptions, _Strict):
    """Geographical Detector options (METHODS section 6): the library's declaration
    (:class:`ccdkit.geodetector.DetectorOptions`) plus what the study adds (y, years,
    factors, discretization)."""

    enabled: bool = Field(True, description="run the Geographical Detector")
    y: str = Field("D", description="variable explained: D (coupling coordination), C, T, "
                                    "a system id or a panel column")
    years: list[int] | Literal["all", "last"] = Field(
        "last", description="cross-sections analysed: a list of years, all or the last")
    factors: list[Factor] = Field(default_factory=list)
    discretization: Discretization = Field(default_factory=Discretization)
    spatial_p: bool = Field(True, description="add the p of q under Moran spectral "
                                              "randomization (p_spatial) when the spatial "
                                              "block's weights are available")
    models: DetectorModels = Field(default_factory=DetectorModels,
                                   description="newer detector models run beside it")

    @model_validator(mode="after")
    def _unique(self) -> "Detector":
        ids = [f.id for f in self.factors]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"factor ids must be unique, repeated: {dup}")
        return self


class SpatialWeightsConfig(WeightsOptions, _Strict):
    """How the spatial weights are built: the library's declaration
    (:class:`ccdkit.spatial.WeightsOptions`)."""


class Spatial(AutocorrelationOptions, _Strict):
    """Spatial autocorrelation of the results (global and local Moran, Gi*): the library's
    options (:class:`ccdkit.spatial.AutocorrelationOptions`) plus what the study adds."""

    enabled: bool = Field(True, description="run the spatial statistics")
    weights: SpatialWeightsConfig = Field(default_factory=SpatialWeightsConfig)
    variables: list[str] = Field(
        default_factory=lambda: ["D"], min_length=1,
        description="variables analysed: D, C, T, a system id (its score) or a panel column")
    years: list[int] | Literal["all"] = Field("all", description="years analysed")
    bivariate: list[tuple[str, str]] = Field(
        default_factory=list, description="pairs [x, y]: bivariate Moran of x with the "
                                          "spatial lag of y (e.g. the two system scores)")
    map_years: list[int] | None = Field(
        None, description="years of the LISA and hot-spot maps (default: output.map_years, "
                          "else up to four years spread over the period)")
    gravity: GravityOptions = Field(default_factory=GravityOptions,
                                    description="centre of gravity and deviational ellipse "
                                                "of the first variable")
    emerging: EmergingOptions = Field(default_factory=EmergingOptions,
                                      description="emerging hot spots of the first variable")
    trend_surface: TrendOptions = Field(default_factory=TrendOptions,
                                        description="trend surface of the first variable "
                                                    "(last year)")


class Dynamics(DynamicsOptions, _Strict):
    """Dynamic evolution of a variable (docs/methods.md, "Dynamic evolution"): the library's
    declaration (:class:`ccdkit.dynamics.DynamicsOptions`) plus the variable and the
    controls of conditional beta convergence."""

    enabled: bool = Field(True, description="run the dynamics")
    variable: str = Field("D", description="D, C, T, a system id or a panel column")
    controls: list[str] = Field(default_factory=list,
                                description="panel columns of conditional beta convergence")
    lisa_markov: bool = Field(True, description="LISA Markov chain, Rey's space-time "
                                                "transitions and LISA time paths")
    rose: RoseOptions = Field(default_factory=RoseOptions, description="rose of the LISA moves")
    theil: bool = Field(True, description="Theil's T and L, within and between region "
                                          "groups")


class Econometrics(RegressionOptions, EffectsOptions, ChoiceOptions, _Strict):
    """Spatial regression of a study variable on others (docs/methods.md, "Spatial
    regression"): the library's declarations (:class:`ccdkit.econometrics.RegressionOptions`,
    :class:`~ccdkit.econometrics.EffectsOptions`, :class:`~ccdkit.econometrics.ChoiceOptions`)
    plus the variables, their transformation and the model-choice tests; the weights are
    the ``spatial`` block's (else queen contiguity)."""

    enabled: bool = Field(True, description="run the spatial regression")
    y: str = Field("D", description="response: D, C, T, a system or a panel column")
    x: list[str] = Field(..., min_length=1,
                         description="regressors: systems or panel columns (e.g. the detector "
                                     "factors)")
    log: list[str] = Field(default_factory=list,
                           description="variables (of y and x) used as natural logarithms "
                                       "(every value must be > 0)")
    standardize: bool = Field(False, description="regressors as z-scores (pooled mean and "
                                                 "standard deviation)")
    model: Literal[("auto", *MODELS)] = Field(  # type: ignore[valid-type]
        "auto", description="the model reported with its effects: auto (chosen by the tests: "
                            "LM tests, then the SDM against SAR and SEM) or one of ols, slx, "
                            "sar, sem, sdm, sdem, sac")
    tests: bool = Field(True, description="LM tests, the tests of the SDM against SAR, SEM "
                                          "and SLX and the comparison of the models (needed "
                                          "by model: auto)")


class RobustnessBootstrap(BootstrapOptions, _Strict):
    """Bootstrap intervals: the library's options (:class:`ccdkit.robustness.BootstrapOptions`)."""

    enabled: bool = Field(True, description="compute the bootstrap intervals")


class RobustnessSensitivity(SensitivityOptions, _Strict):
    """Sensitivity analysis: the library's options
    (:class:`ccdkit.robustness.SensitivityOptions`), weighting blocks validated as a
    system's ``weighting``."""

    enabled: bool = Field(True, description="run the sensitivity analysis")
    weighting: list[Weighting] = Field(  # type: ignore[valid-type]
        default_factory=lambda: [WEIGHTING.parse(m) for m in ("entropy", "critic", "equal")],
        description="weighting methods (names or blocks with options), applied to every system",
        json_schema_extra={"type_text": "list of weighting methods",
                           "default_text": "`[entropy, critic, equal]`"})

    @field_validator("weighting", mode="before")
    @classmethod
    def _weighting(cls, v: Any) -> Any:
        return [WEIGHTING.fill_method(w) for w in v] if isinstance(v, list) else v


class Robustness(_Strict):
    """How sure the results are (docs/methods.md, "Robustness"): bootstrap intervals and
    the sensitivity to the methodological choices."""

    enabled: bool = Field(True, description="run the robustness chapter")
    seed: int = Field(0, ge=0, description="seed of the bootstrap and of the Monte Carlo")
    bootstrap: RobustnessBootstrap = Field(default_factory=RobustnessBootstrap)
    sensitivity: RobustnessSensitivity = Field(default_factory=RobustnessSensitivity)
    year: int | None = Field(None, description="year of the rank-uncertainty plot "
                                               "(default: the last year)")


class Output(_Strict):
    language: Literal["zh", "en"] = Field(
        "en", description="language of the tables, figures and report")
    figure_formats: list[Literal["png", "svg", "pdf"]] = Field(
        default_factory=lambda: ["png", "svg"], description="formats of the figure files")
    dpi: int = Field(300, ge=50, le=1200, description="PNG resolution")
    tables: list[Literal["xlsx", "csv"]] = Field(
        default_factory=lambda: ["xlsx", "csv"], description="formats of the result tables")
    csv_text: Literal["safe", "raw"] = Field(
        "safe", description="safe: text that would act as a spreadsheet formula gets a "
                            "leading ' in the CSVs; raw: as it is")
    map_years: list[int] | None = Field(
        None, description="years of the maps (default: the first and last years)")
    embed_font: bool = Field(
        True, description="embed in report.html the subset of Noto Sans CJK SC that it uses "
                          "(Chinese text renders the same on any machine)")


class StudyInfo(_Strict):
    name: str = "study"
    title: Labels | None = None
    description: str | None = None
    synthetic: bool = Field(False, description="the data are synthetic (demo); shown in reports")


class Study(_Strict):
    """A validated study configuration.

    Build it with :func:`load_study` (from YAML) or :func:`study_from_dict`. Relative file
    paths are resolved against :attr:`base_dir`, the folder of the config file.
    """

    study: StudyInfo = Field(default_factory=StudyInfo)
    years: Years
    level: Literal["province", "city"] = Field(
        "province", description="units of the study: provinces or prefecture-level cities")
    regions: list[str] | str = Field(
        "all", description="all, a list of names, or (cities) a study-region preset: "
                           + ", ".join(CITY_PRESETS))
    region_groups: Literal["region3", "region4", "province"] | dict[str, list[str]] = "region3"
    data: DataSources
    impute: Impute = Field(default_factory=Impute)
    systems: list[System] = Field(..., min_length=2)
    coupling: Coupling = Field(default_factory=Coupling)
    detector: Detector = Field(default_factory=Detector)
    spatial: Spatial | None = Field(
        None, description="spatial autocorrelation (needs the spatial extra); absent: not run")
    dynamics: Dynamics | None = Field(
        None, description="kernel density, Markov chains and convergence; absent: not run")
    robustness: Robustness | None = Field(
        None, description="bootstrap intervals and sensitivity analysis; absent: not run")
    econometrics: Econometrics | None = Field(
        None, description="spatial regression models, model choice and spillover effects "
                          "(needs the spatial extra); absent: not run")
    output: Output = Field(default_factory=Output)

    _base_dir: Path = PrivateAttr(default_factory=Path.cwd)
    _source: Path | None = PrivateAttr(default=None)

    @field_validator("systems", mode="before")
    @classmethod
    def _default_type(cls, v: Any) -> Any:
        """A system without ``type`` is an indicator system."""
        if isinstance(v, list):
            return [{**s, "type": "indicators"} if isinstance(s, dict) and "type" not in s else s
                    for s in v]
        return v

    @field_validator("regions", mode="before")
    @classmethod
    def _regions(cls, v: Any, info: ValidationInfo) -> Any:
        city_level = info.data.get("level") == "city"
        if isinstance(v, str) and v != "all":
            if not city_level:
                raise ValueError(f"expected 'all' or a list of provinces, found {v!r} (study-"
                                 "region presets need `level: city`)")
            if v not in CITY_PRESETS:
                raise ValueError(f"unknown study region {v!r}; presets are "
                                 f"{', '.join(CITY_PRESETS)}")
            return preset_cities(v)
        if isinstance(v, list):
            rows = [f"regions[{i}]" for i in range(len(v))]
            try:
                ids = (canonicalize_cities(v, rows=rows)[0] if city_level else
                       canonicalize_regions(v, rows=rows))
            except RegionError as exc:
                raise ValueError(str(exc)) from None
            problems = []
            out: list[str] = []
            for i, (name, rid) in enumerate(zip(v, ids)):
                if rid is None:
                    problems.append(f"regions[{i}]: empty region name")
                elif rid in out:
                    problems.append(f"regions[{i}]: {name!r} repeats {rid!r}")
                else:
                    out.append(rid)
            if problems:
                raise ValueError("; ".join(problems))
            return out
        return v

    @field_validator("region_groups", mode="before")
    @classmethod
    def _groups(cls, v: Any) -> Any:
        if isinstance(v, dict):
            try:
                return region_groups(v)
            except RegionError as exc:
                raise ValueError(str(exc)) from None
        return v

    @model_validator(mode="after")
    def _cross_checks(self) -> "Study":
        """The checks between blocks (ids, coupled systems, variables, years)."""
        ids = self._check_ids()
        coupled = self._check_coupling(ids)
        self._check_sources()
        if self.detector.enabled:
            known = {"C", "T", "D", "E", *coupled, *self.panel_columns()}
            if self.detector.y not in known:
                raise ValueError(f"detector.y {self.detector.y!r} is not a coupling column "
                                 "(C, T, D, E), a coupled system or a panel column the study "
                                 f"reads; choose one of {sorted(known)}")
            self._check_detector_models()
        known = {"C", "T", "D", *ids, *self.panel_columns()}
        if self.spatial is not None and self.spatial.enabled:
            self._check_spatial(known)
        if self.dynamics is not None and self.dynamics.enabled:
            bad = [v for v in [self.dynamics.variable, *self.dynamics.controls]
                   if v not in known]
            if bad:
                raise ValueError(f"dynamics.variable/controls name {bad}: not D, C, T, a "
                                 f"system or a panel column the study reads; choose from "
                                 f"{sorted(known)}")
        self._check_years()
        if self.econometrics is not None and self.econometrics.enabled:
            self._check_econometrics(known | set(self.factor_columns()))
        if isinstance(self.regions, list) and isinstance(self.region_groups, dict):
            outside = sorted({r for members in self.region_groups.values() for r in members}
                             - set(self.regions))
            if outside:
                raise ValueError(f"region_groups name regions that are not in `regions`: {outside}")
        return self

    def _check_detector_models(self) -> None:
        spatial = self.spatial is not None and self.spatial.enabled
        for name, opts in self.detector.models.configured().items():
            if opts.get("null") == "spectral" and not spatial:
                raise ValueError(f"detector.models.{name}.null: spectral needs spatial "
                                 "weights: add an enabled `spatial` block, whose `weights` "
                                 "it uses")

    def _check_econometrics(self, known: set) -> None:
        e = self.econometrics
        bad = [v for v in [e.y, *e.x] if v not in known]
        if bad:
            raise ValueError(f"econometrics.y/x name {bad}: not D, C, T, a system or a panel "
                             f"column the study reads; choose from {sorted(known)}")
        if e.y in e.x or len(set(e.x)) < len(e.x):
            raise ValueError(f"econometrics.x {e.x} must not repeat a variable or the "
                             f"response {e.y!r}")
        extra = [v for v in e.log if v not in [e.y, *e.x]]
        if extra:
            raise ValueError(f"econometrics.log names {extra}, which are not y or x")
        if e.model == "auto" and not e.tests:
            raise ValueError("econometrics.model auto is chosen by the tests: set tests: true "
                             "or name a model")

    def _check_ids(self) -> list[str]:
        """System ids unique; an indicator id in one system only, not a system id."""
        ids = [s.id for s in self.systems]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"system ids must be unique, repeated: {dup}")
        owner: dict[str, str] = {}
        for sys_ in self.systems:
            for ind in getattr(sys_, "indicators", []):
                if ind.id in owner and owner[ind.id] != sys_.id:
                    raise ValueError(f"indicator id {ind.id!r} is used in systems "
                                     f"{owner[ind.id]!r} and {sys_.id!r}; give each indicator "
                                     "its own id (the same column may appear under two ids)")
                owner[ind.id] = sys_.id
        clash = sorted(set(owner) & set(ids))
        if clash:
            raise ValueError(f"ids {clash} name both a system and an indicator")
        return ids

    def _check_coupling(self, ids: list[str]) -> list[str]:
        coupled = self.coupling.systems or ids
        unknown = [s for s in coupled if s not in ids]
        if unknown:
            raise ValueError(f"coupling.systems names unknown systems {unknown}; "
                             f"systems are {ids}")
        if len(coupled) < 2:
            raise ValueError("coupling needs at least 2 systems")
        vertical = self.coupling.dynamic.vertical
        if vertical is not None and vertical not in coupled:
            raise ValueError(f"coupling.dynamic.vertical names {vertical!r}, which is not a "
                             f"coupled system {coupled}")
        if self.coupling.weights is not None and len(self.coupling.weights) != len(coupled):
            raise ValueError(f"coupling.weights has {len(self.coupling.weights)} values for "
                             f"{len(coupled)} systems")
        return coupled

    def _check_sources(self) -> None:
        """Each kind of system has the data it needs, at a level that supports it."""
        agglomeration = any(isinstance(s, AgglomerationSystem) for s in self.systems)
        if self.level == "city" and agglomeration:
            raise ValueError("agglomeration systems (firm tables) are computed for provinces; "
                             "at `level: city` use indicator systems")
        if agglomeration and self.data.firms is None:
            raise ValueError("an agglomeration system needs a firm table: set data.firms")
        if not self.data.panel and any(isinstance(s, IndicatorSystem) for s in self.systems):
            raise ValueError("indicator systems need panel data: set data.panel")

    def _check_spatial(self, known: set) -> None:
        names = [*self.spatial.variables, *[v for pair in self.spatial.bivariate
                                            for v in pair]]
        bad = [v for v in names if v not in known]
        if bad:
            raise ValueError(f"spatial.variables/bivariate name {bad}: not D, C, T, a "
                             f"system or a panel column the study reads; choose from "
                             f"{sorted(known)}")
        w = self.spatial.weights
        if w.type == "economic" and w.variable not in known:
            raise ValueError(f"spatial.weights.variable {w.variable!r}: economic distance "
                             f"needs one of {sorted(known)}")
        if w.type == "file" and not w.file:
            raise ValueError("spatial.weights.file: type 'file' needs a file")

    def _check_years(self) -> None:
        """Every year a block names lies within the study's years."""
        start, end = self.years.start, self.years.end
        named = {"detector.years": self.detector.years,
                 "output.map_years": self.output.map_years}
        if self.spatial is not None and self.spatial.enabled:
            named.update({"spatial.years": self.spatial.years,
                          "spatial.map_years": self.spatial.map_years})
        r = self.robustness
        if r is not None and r.enabled and r.year is not None:
            named["robustness.year"] = [r.year]
        for key, value in named.items():
            bad = [y for y in value if not start <= y <= end] if isinstance(value, list) else []
            if bad:
                shown = bad[0] if key == "robustness.year" else bad
                raise ValueError(f"{key} {shown} {'is' if key == 'robustness.year' else 'are'} "
                                 f"outside the study years {start}-{end}")

    # -- derived ------------------------------------------------------------------------
    @property
    def base_dir(self) -> Path:
        """Folder against which relative data paths are resolved."""
        return self._base_dir

    @property
    def source(self) -> Path | None:
        """The YAML file this study was loaded from, if any."""
        return self._source

    def resolve(self, path: str | Path) -> Path:
        """Resolve a data path from the config against :attr:`base_dir`."""
        p = Path(path).expanduser()
        return p if p.is_absolute() else self._base_dir / p

    def data_files(self) -> list[Path]:
        """The panel files and the firm table, resolved (what the data step reads)."""
        files = [self.resolve(p.file) for p in self.data.panel]
        if self.data.firms is not None:
            files.append(self.resolve(self.data.firms.file))
        return files

    def input_paths(self) -> list[Path]:
        """Every file the study reads (its YAML, if loaded from one, and the data files)
        and its folder: an output folder may not be or contain any of them."""
        files = self.data_files()
        if self.spatial is not None and self.spatial.weights.file:
            files.append(self.resolve(self.spatial.weights.file))
        if self.source is not None:
            files.append(Path(self.source))
            files.append(Path(self.source).parent)
        return files

    @property
    def region_ids(self) -> list[str]:
        """Canonical ids of the study regions (cities: ``all`` = every unit at or above
        prefecture level)."""
        if self.level == "city" and self.regions == "all":
            return [c.id for c in CITIES if c.prefecture_level]
        return list(MAINLAND_IDS) if self.regions == "all" else list(self.regions)

    @property
    def groups(self) -> dict[str, list[str]]:
        """Region groups restricted to the study regions."""
        return region_groups(self.region_groups, regions=self.region_ids)

    @property
    def coupled_systems(self) -> list[str]:
        return self.coupling.systems or [s.id for s in self.systems]

    @property
    def detector_years(self) -> list[int]:
        d = self.detector.years
        if d == "all":
            return self.years.values
        if d == "last":
            return [self.years.end]
        return list(d)

    def panel_columns(self) -> list[str]:
        """Every panel column the study reads (indicators, and the factors when the detector
        or the spatial regression runs), in config order."""
        cols: list[str] = []
        for s in self.systems:
            if isinstance(s, IndicatorSystem):
                cols += [i.col for i in s.indicators]
        econ = self.econometrics is not None and self.econometrics.enabled
        if self.detector.enabled or econ:  # the factors are the regressors' usual source
            cols += [f.col for f in self.detector.factors]
        return list(dict.fromkeys(cols))

    def factor_columns(self) -> dict[str, str]:
        """The data column of each detector factor id (the id itself when the factor has no
        ``column:``)."""
        return {f.id: f.col for f in self.detector.factors}

    def options(self) -> dict:
        """Every option with its value, defaults included (for manifests and reports)."""
        return self.model_dump(mode="json")


def _loc_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _clean_loc(loc: tuple) -> tuple:
    """Drop pydantic's union markers from an error location.

    A discriminated union (``systems``) inserts the tag after the list index; a plain union
    adds the member type (``list[int]``, ``literal['all','last']``) as the last element.
    """
    loc = tuple(loc)
    if len(loc) > 2 and loc[0] == "systems" and isinstance(loc[1], int):
        loc = loc[:2] + loc[3:]
    loc = tuple(p for i, p in enumerate(loc) if not _tag_family(loc, i))
    return tuple(p for p in loc
                 if not (isinstance(p, str) and (not _ID.match(p) or p in _TYPE_MARKERS)))


_FAMILIES = {"weighting": WEIGHTING, "scoring": SCORING}


def _method_tag(parent, part) -> bool:
    """Whether ``part`` is the union tag pydantic puts after a method block's key."""
    return isinstance(part, str) and parent in _FAMILIES and part in _FAMILIES[parent]


def _tag_family(loc: tuple, i: int) -> str | None:
    """The method family (``weighting``, ``scoring``) if ``loc[i]`` is the union tag of a
    method block: after the block's key, or after its index in a list of blocks."""
    for back in (1, 2):
        if i >= back and (back == 1 or isinstance(loc[i - 1], int)) \
                and _method_tag(loc[i - back], loc[i]):
            return loc[i - back]
    return None


def _option_hint(loc: tuple) -> str | None:
    """For an unknown key in a method block: which method it is and the options it takes."""
    for i in range(1, len(loc) - 1):
        family = _tag_family(loc, i)
        if family:
            spec = _FAMILIES[family][loc[i]]
            options = [k for k in spec.params.model_fields if k != "method"]
            return (f"not an option of {family} method {spec.name!r} (its options: "
                    f"{', '.join(options) or 'none'})")
    return None


_TYPE_MARKERS = {"str", "int", "float", "bool", "list", "dict", "tuple"}


def _format_errors(exc: ValidationError, positions: Positions, source: str) -> str:
    merged: dict[tuple, list[str]] = {}
    for err in exc.errors(include_url=False):
        loc = _clean_loc(tuple(err["loc"]))
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        if err["type"] == "extra_forbidden":
            msg = (_option_hint(tuple(err["loc"]))
                   or "unknown key (not part of the study schema; check the spelling)")
        elif err["type"] == "union_tag_invalid":
            key = next((p for p in reversed(loc) if isinstance(p, str)), None)
            family = _FAMILIES.get(key)
            msg = (f"unknown method {err.get('ctx', {}).get('tag')!r}"
                   + (f"; methods are {', '.join(family)}" if family else ""))
        elif err["type"] == "missing":
            msg = "required key is missing"
        elif err["type"] != "value_error" and not isinstance(err.get("input"), (dict, list)):
            msg += f" (found {err.get('input')!r})"
        msg = " ".join(part.strip() for part in msg.splitlines())
        msgs = merged.setdefault(loc, [])
        if msg not in msgs:
            msgs.append(msg)
    lines = []
    for loc, msgs in merged.items():
        pos = None
        for n in range(len(loc), 0, -1):
            if loc[:n] in positions:
                pos = positions[loc[:n]]
                break
        where = f" (line {pos[0]})" if pos else ""
        lines.append(f"{_loc_path(loc)}{where}: " + "; or ".join(msgs))
    return f"invalid study config {source}:\n  " + "\n  ".join(lines)


def study_from_dict(data: dict, *, base_dir: str | Path | None = None,
                    _positions: Positions | None = None, _source: str = "(dict)") -> Study:
    """Validate a study configuration given as a dict (e.g. loaded from YAML).

    Parameters
    ----------
    data : dict
        The configuration (same structure as ``study.yaml``).
    base_dir : path, optional
        Folder against which relative data paths are resolved (default: current folder).

    Raises
    ------
    ConfigError
        Listing every problem with its key path.

    Examples
    --------
    >>> from ccdkit.scaffold import study_yaml
    >>> import yaml
    >>> study = study_from_dict(yaml.safe_load(study_yaml()))
    >>> study.coupled_systems, len(study.region_ids)
    (['agglomeration', 'nqpf'], 26)
    """
    if not isinstance(data, dict):
        raise ConfigError(f"invalid study config {_source}: the top level must be a mapping "
                          f"of keys, found {type(data).__name__}")
    try:
        study = Study.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format_errors(exc, _positions or {}, _source)) from None
    study._base_dir = Path(base_dir) if base_dir is not None else Path.cwd()
    return study


def load_study(path: str | Path) -> Study:
    """Load and validate a study configuration file (YAML).

    Parameters
    ----------
    path : str or Path
        The ``study.yaml`` file. Relative data paths inside it are resolved against
        its folder.

    Returns
    -------
    Study

    Raises
    ------
    ConfigError
        Missing file, YAML syntax error (line and column), Python tags, unknown keys,
        invalid values; each problem is given with its key path and line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from ccdkit import init_study
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "mystudy"
    >>> _ = init_study(folder)
    >>> load_study(folder / "study.yaml").detector_years
    [2016, 2020, 2023]
    """
    path = Path(path)
    data, positions = load_yaml(path)
    study = study_from_dict(data, base_dir=path.resolve().parent, _positions=positions,
                            _source=str(path))
    study._source = path
    return study
