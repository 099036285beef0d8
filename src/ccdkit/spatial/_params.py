"""Options of the spatial weights and of the spatial autocorrelation statistics, declared
once: the library functions validate with them and the study config's ``spatial`` block is
built from them (same names, values and defaults)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["GravityOptions", "EmergingOptions", "TrendOptions", "DEFAULT_LINKS", "WEIGHT_TYPES", "MULTIPLE_TESTING", "WeightsOptions", "AutocorrelationOptions"]

#: Joins added to contiguity weights by default: Hainan, which has no land neighbour, to
#: Guangdong (province level; city weights use none by default).
DEFAULT_LINKS = {"Hainan": ["Guangdong"]}

#: Kinds of spatial weights.
WEIGHT_TYPES = ("queen", "rook", "knn", "distance", "economic", "file")
#: Multiple-testing handling of local statistics.
MULTIPLE_TESTING = ("none", "bonferroni", "fdr")


class WeightsOptions(BaseModel):
    """How the spatial weights are built (docs/methods.md, "Spatial weights")."""

    model_config = ConfigDict(extra="forbid")

    type: Literal[WEIGHT_TYPES] = Field(  # type: ignore[valid-type]
        "queen", description="queen/rook contiguity, knn (k nearest), distance (inverse "
                             "great-circle distance), economic (1/|difference of a variable's "
                             "means|) or file (user weights)")
    k: int = Field(4, ge=1, description="knn: number of neighbours")
    threshold_km: float | None = Field(
        None, gt=0, description="distance: only pairs closer than this (km); none: all pairs")
    power: float = Field(1.0, gt=0, description="distance: weight = distance ** -power")
    links: dict[str, list[str]] = Field(
        default_factory=lambda: {k: list(v) for k, v in DEFAULT_LINKS.items()},
        description="joins added to contiguity/knn weights (both directions); default links "
                    "Hainan, which has no land neighbour, to Guangdong")
    islands: Literal["nearest", "keep", "error"] = Field(
        "nearest", description="units still without a neighbour, and groups of units cut off "
                               "from the rest: linked to the nearest unit (great-circle, with "
                               "a warning naming each link), kept isolated, or an error")
    directed: bool = Field(
        False, description="file: the file's weights are one-way (an asymmetric W); by "
                           "default a pair listed once holds in both directions")
    transform: Literal["r", "b", "o"] = Field(
        "r", description="r: row-standardised; b: binary; o: as built (distances)")
    variable: str | None = Field(None, description="economic: the data column")
    file: str | None = Field(None, description="file: CSV/Excel edge list or square matrix")


class AutocorrelationOptions(BaseModel):
    """Options of Moran's I, local Moran (LISA) and Getis-Ord Gi* (docs/methods.md)."""

    model_config = ConfigDict(extra="forbid")

    permutations: int = Field(999, ge=0, le=99_999,
                              description="conditional permutations for pseudo p-values")
    seed: int = Field(20240601, ge=0, description="seed of the permutations")
    alpha: float = Field(0.05, gt=0, lt=1, description="significance level of LISA clusters")
    multiple_testing: Literal[MULTIPLE_TESTING] = Field(  # type: ignore[valid-type]
        "none", description="LISA significance: none (p < alpha), bonferroni (p < alpha/n) "
                            "or fdr (Benjamini-Hochberg, as esda.fdr)")
    gi_transform: Literal["b", "r"] = Field(
        "b", description="weights of Getis-Ord Gi*: binary (as Getis & Ord; ArcGIS) or "
                         "row-standardised")


class GravityOptions(BaseModel):
    """Centre of gravity and standard deviational ellipse (docs/methods.md, "Space-time
    patterns")."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(True, description="centre of gravity, its migration and the "
                                            "standard deviational ellipse per year")
    convention: Literal[("arcgis", "crimestat", "none")] = Field(  # type: ignore[valid-type]
        "arcgis", description="ellipse axes: arcgis (sqrt 2), crimestat (sqrt(2n/(n-2)), as "
                              "pointpats) or none")


class EmergingOptions(BaseModel):
    """Emerging hot spots (Gi* per year, Mann-Kendall trend, ArcGIS categories)."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(True, description="emerging hot spot categories of each region")
    neighbourhood: Literal[("per_year", "space_time")] = Field(  # type: ignore[valid-type]
        "per_year", description="Gi* of each year, or ArcGIS's space-time neighbourhood")
    time_window: int = Field(1, ge=1, le=10, description="space_time: previous years in a "
                                                         "neighbourhood")
    alpha: float = Field(0.05, gt=0, lt=1, description="significance of a hot or cold spot "
                                                       "(ArcGIS: 0.10)")
    trend_alpha: float = Field(0.05, gt=0, lt=1, description="significance of the "
                                                             "Mann-Kendall trend")
    fdr: bool = Field(False, description="hot and cold spots at false discovery rate alpha "
                                         "(Benjamini-Hochberg per year, as recent ArcGIS)")


class TrendOptions(BaseModel):
    """Trend surface of the variable over the map."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(True, description="polynomial trend surface (orders 1-3)")
    order: Literal[1, 2, 3, "auto"] = Field("auto", description="order, or auto (the "
                                                                "smallest AIC)")
