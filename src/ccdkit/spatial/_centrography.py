"""Centre of gravity and standard deviational ellipse of a score over the regions, per year
(the D-weighted "gravity centre" and its migration, and the directional distribution).

On projected coordinates (x, y) in metres and weights w_i >= 0 (the score of each region):

* centre: x̄ = Σ w x / Σ w, ȳ = Σ w y / Σ w; the migration between years is the distance
  (km) and the azimuth (degrees clockwise from north) from one centre to the next;
* ellipse: with x̃ = x - x̄, ỹ = y - ȳ, ArcGIS's rotation θ (clockwise from north) solves
  tan θ = (A + B) / C, A = Σ w x̃² − Σ w ỹ², B = √(A² + 4 (Σ w x̃ỹ)²), C = 2 Σ w x̃ỹ, and
  σx = c √(Σ w (x̃ cos θ − ỹ sin θ)² / Σ w), σy = c √(Σ w (x̃ sin θ + ỹ cos θ)² / Σ w);
  the semi-axes are the larger and smaller of σx, σy (the principal axes of the weighted
  covariance), the area π σx σy, the flattening 1 − minor/major.

The factor c is the convention the literature disagrees on (option ``convention``): ArcGIS
(``arcgis``, default: √2, so that one standard deviation covers about 63 % of the weight
for a bivariate normal), CrimeStat / PySAL pointpats (``crimestat``: √(2n/(n − 2)), a
degrees-of-freedom correction with n the number of regions), or none (``none``: c = 1, the
standard deviations themselves). pointpats returns the major axis' angle counter-clockwise
from east although its docstring says clockwise; ccdkit reports ArcGIS's clockwise
rotation from north, and the major axis' azimuth.

Coordinates: longitude/latitude are projected to the Albers equal-area projection of the
maps (lat_1 25, lat_2 47, lon_0 105; pyproj) before any of this; the centre is reported in
both.

References
----------
Lefever, D. W. (1926). Measuring geographic concentration by means of the standard
deviational ellipse. *American Journal of Sociology*, 32(1), 88-94.
Levine, N. (2015). *CrimeStat IV*, chapter 4: Spatial distribution. NIJ.
Esri. How Directional Distribution (Standard Deviational Ellipse) works. ArcGIS Pro
documentation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import DataError

__all__ = ["ELLIPSE_CONVENTIONS", "ALBERS_CHINA", "EllipseResult", "deviational_ellipse",
           "project", "gravity_panel", "GravityResult"]

ELLIPSE_CONVENTIONS = ("arcgis", "crimestat", "none")
#: The maps' projection (Albers equal-area for China).
ALBERS_CHINA = "+proj=aea +lat_1=25 +lat_2=47 +lat_0=0 +lon_0=105 +datum=WGS84 +units=m +no_defs"


@dataclass
class EllipseResult:
    """A weighted standard deviational ellipse (module docstring; lengths in the units
    of the coordinates)."""

    x: float
    y: float
    sigma_x: float
    sigma_y: float
    rotation: float  # degrees clockwise from north (ArcGIS)
    major: float
    minor: float
    azimuth: float  # of the major axis, degrees clockwise from north, [0, 180)
    area: float
    n: int
    convention: str

    @property
    def flattening(self) -> float:
        return 1.0 - self.minor / self.major if self.major > 0 else float("nan")


def _factor(convention: str, n: int) -> float:
    if convention == "arcgis":
        return np.sqrt(2.0)
    if convention == "crimestat":
        if n <= 2:
            raise DataError("ellipse: the crimestat correction needs more than 2 points")
        return np.sqrt(2.0 * n / (n - 2))
    return 1.0


def deviational_ellipse(xy, weights=None, *, convention: str = "arcgis") -> EllipseResult:
    """The weighted standard deviational ellipse of points ``xy`` (n, 2), projected.

    Examples
    --------
    >>> xy = np.array([[0.0, 0.0], [2.0, 2.0], [4.0, 4.0], [1.0, 3.0], [3.0, 1.0]])
    >>> e = deviational_ellipse(xy, convention="none")
    >>> round(e.azimuth, 6), round(e.major, 6), round(e.minor, 6)
    (45.0, 1.788854, 0.894427)
    """
    if convention not in ELLIPSE_CONVENTIONS:
        raise DataError(f"convention must be one of {ELLIPSE_CONVENTIONS}, got {convention!r}")
    xy = np.asarray(xy, dtype=float)
    w = np.ones(len(xy)) if weights is None else np.asarray(weights, dtype=float)
    if xy.ndim != 2 or xy.shape[1] != 2 or len(w) != len(xy) or not np.isfinite(xy).all():
        raise DataError("ellipse: expected finite (n, 2) coordinates and n weights")
    if (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
        raise DataError("ellipse: weights must be finite, non-negative, with a positive sum")
    sw = w.sum()
    cx, cy = (w @ xy) / sw
    dx, dy = xy[:, 0] - cx, xy[:, 1] - cy
    sxx, syy, sxy = (w * dx * dx).sum(), (w * dy * dy).sum(), (w * dx * dy).sum()
    a = sxx - syy
    theta = np.arctan2(a + np.sqrt(a * a + 4 * sxy * sxy), 2 * sxy) if sxy else (
        0.0 if a <= 0 else np.pi / 2)
    c = _factor(convention, len(xy))
    ct, st = np.cos(theta), np.sin(theta)
    sig_x = c * np.sqrt((w * (dx * ct - dy * st) ** 2).sum() / sw)
    sig_y = c * np.sqrt((w * (dx * st + dy * ct) ** 2).sum() / sw)
    # the rotated y axis points to azimuth theta; the rotated x axis to theta + 90
    rot = np.degrees(theta) % 180.0
    major_az = rot if sig_y >= sig_x else (rot + 90.0) % 180.0
    return EllipseResult(float(cx), float(cy), float(sig_x), float(sig_y), float(rot),
                         float(max(sig_x, sig_y)), float(min(sig_x, sig_y)), float(major_az),
                         float(np.pi * sig_x * sig_y), len(xy), convention)


def project(lonlat, crs: str = ALBERS_CHINA) -> np.ndarray:
    """Longitude/latitude (degrees) to projected metres (pyproj)."""
    from pyproj import Transformer

    lonlat = np.asarray(lonlat, dtype=float)
    t = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    x, y = t.transform(lonlat[:, 0], lonlat[:, 1])
    return np.column_stack([x, y])


def _unproject(xy, crs: str = ALBERS_CHINA) -> np.ndarray:
    from pyproj import Transformer

    t = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    lon, lat = t.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([lon, lat])


@dataclass
class GravityResult:
    """Centre of gravity and ellipse of a score per year.

    Attributes
    ----------
    ellipses : DataFrame
        year, n, lon, lat (centre), x_m, y_m (projected, m), sigma_x, sigma_y, rotation,
        major, minor (km), azimuth, area (km²), flattening.
    moves : DataFrame
        from_year, to_year, distance (km), heading (degrees clockwise from north), dx, dy
        (km, east and north), km_per_year.
    options : dict
    """

    ellipses: pd.DataFrame
    moves: pd.DataFrame
    options: dict

    def to_frame(self) -> pd.DataFrame:
        return self.ellipses


def gravity_panel(panel: pd.DataFrame, value: str, lonlat: dict, *,
                  convention: str = "arcgis", crs: str = ALBERS_CHINA) -> GravityResult:
    """Centre of gravity (weighted by ``value``), its migration and the standard
    deviational ellipse per year.

    Parameters
    ----------
    panel : DataFrame
        Long panel: region, year and ``value`` (non-negative weights, e.g. D).
    value : str
    lonlat : mapping of region to (longitude, latitude)
        A point in each region (e.g. ``ccdkit.spatial.region_points``).
    convention : {"arcgis", "crimestat", "none"}
    crs : str
        The projection (default: the maps' Albers equal-area).

    Returns
    -------
    GravityResult
    """
    missing = sorted(set(panel["region"]) - set(lonlat))
    if missing:
        raise DataError(f"gravity centre: no location for {missing}")
    rows = []
    for year, frame in panel.groupby("year", sort=True):
        frame = frame[np.isfinite(frame[value].to_numpy(dtype=float))]
        xy = project(np.array([lonlat[r] for r in frame["region"]]), crs)
        e = deviational_ellipse(xy, frame[value].to_numpy(dtype=float), convention=convention)
        lon, lat = _unproject(np.array([[e.x, e.y]]), crs)[0]
        rows.append({"year": year, "n": e.n, "lon": lon, "lat": lat, "x_m": e.x, "y_m": e.y,
                     "sigma_x": e.sigma_x / 1e3, "sigma_y": e.sigma_y / 1e3,
                     "rotation": e.rotation, "major": e.major / 1e3, "minor": e.minor / 1e3,
                     "azimuth": e.azimuth, "area": e.area / 1e6,
                     "flattening": e.flattening})
    ell = pd.DataFrame(rows)
    dx, dy = np.diff(ell["x_m"]) / 1e3, np.diff(ell["y_m"]) / 1e3
    years = ell["year"].to_numpy()
    moves = pd.DataFrame({"from_year": years[:-1], "to_year": years[1:],
                          "distance": np.hypot(dx, dy),
                          "heading": np.degrees(np.arctan2(dx, dy)) % 360.0, "dx": dx, "dy": dy})
    moves["km_per_year"] = moves["distance"] / (moves["to_year"] - moves["from_year"])
    return GravityResult(ell, moves, {"value": value, "convention": convention, "crs": crs})
