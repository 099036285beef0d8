"""Spatial analysis of a regional panel: spatial weights of the provinces (libpysal) and
spatial autocorrelation year by year (esda): global and bivariate Moran's I, local Moran
(LISA) clusters, Getis-Ord Gi* hot spots, Moran scatter data.

Needs the ``spatial`` extra (``pip install 'ccdkit[spatial]'``); the province contiguity
and inner points are shipped, so no boundary data are needed.
"""

from ._autocorrelation import (
    HOTSPOT_CLASSES,
    LISA_CLUSTERS,
    LocalResult,
    MoranResult,
    bivariate_moran,
    getis_ord,
    global_moran,
    local_moran,
    moran_scatter,
)
from ._centrography import (ALBERS_CHINA, ELLIPSE_CONVENTIONS, EllipseResult, GravityResult,
                            deviational_ellipse, gravity_panel, project)
from ._hotspots import (EHSA_CATEGORIES, NEIGHBOURHOODS, EmergingResult, emerging_hotspots,
                        gi_star, mann_kendall)
from ._trend import TREND_ORDERS, TrendSurfaceResult, trend_surface
from ._params import (
    MULTIPLE_TESTING,
    WEIGHT_TYPES,
    AutocorrelationOptions,
    EmergingOptions,
    GravityOptions,
    TrendOptions,
    WeightsOptions,
)
from ._weights import (
    EARTH_RADIUS_KM,
    IslandWarning,
    SpatialWeights,
    build_weights,
    region_points,
    great_circle_km,
    province_weights,
    read_weights,
)

__all__ = [
    "WeightsOptions", "AutocorrelationOptions", "WEIGHT_TYPES", "MULTIPLE_TESTING",
    "SpatialWeights", "province_weights", "build_weights", "read_weights", "great_circle_km",
    "region_points",
    "EARTH_RADIUS_KM", "IslandWarning",
    "global_moran", "bivariate_moran", "local_moran", "getis_ord", "moran_scatter",
    "MoranResult", "LocalResult", "LISA_CLUSTERS", "HOTSPOT_CLASSES",
    "deviational_ellipse", "EllipseResult", "gravity_panel", "GravityResult", "project",
    "ELLIPSE_CONVENTIONS", "ALBERS_CHINA", "emerging_hotspots", "EmergingResult", "gi_star",
    "mann_kendall", "EHSA_CATEGORIES", "NEIGHBOURHOODS", "trend_surface", "TrendSurfaceResult",
    "TREND_ORDERS", "GravityOptions", "EmergingOptions", "TrendOptions",
]
