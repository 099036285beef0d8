"""Figures of a study (matplotlib; install the ``maps`` extra).

Every function returns a :class:`matplotlib.figure.Figure` drawn from result objects only,
with Chinese (``lang="zh"``) or English labels.
"""

try:
    import matplotlib  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise ImportError("ccdkit.figures needs matplotlib (and cnmaps, geopandas for maps): "
                      "install them with `pip install 'ccdkit[maps]'`") from exc

from ._charts import (
    plot_coupling_over_time,
    plot_factor_q,
    plot_interaction_heatmaps,
    plot_type_shares,
    plot_weights,
)
from ._coupling_dynamics import plot_dynamic_coupling
from ._dynamics import plot_kde_lines, plot_kde_surface
from ._space_time import (ehsa_categories, plot_gravity_map, plot_rose, plot_theil,
                          plot_trend_surface)
from ._maps import (
    china_map,
    gcj02_to_wgs84,
    idw,
    map_classes,
    plot_category_map,
    plot_choropleth,
    plot_surface,
)
from ._spatial import (
    hotspot_categories,
    lisa_categories,
    plot_moran_over_time,
    plot_moran_scatter,
)
from ._robustness import plot_d_bands, plot_rank_agreement, plot_rank_uncertainty
from ._style import cjk_font

__all__ = ["plot_dynamic_coupling", "plot_rose", "plot_theil", "plot_trend_surface", "plot_gravity_map",
           "ehsa_categories", "plot_coupling_over_time", "plot_type_shares", "plot_interaction_heatmaps",
           "plot_factor_q", "plot_weights", "cjk_font", "plot_choropleth",
           "plot_surface", "map_classes", "idw", "china_map", "gcj02_to_wgs84",
           "plot_category_map", "plot_moran_over_time", "plot_moran_scatter",
           "lisa_categories", "hotspot_categories", "plot_kde_surface", "plot_kde_lines",
           "plot_d_bands", "plot_rank_uncertainty", "plot_rank_agreement"]
