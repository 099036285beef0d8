"""Kernel density of a variable by year (Gaussian kernel, scipy), on one common grid, with
the numbers behind the usual figure: peaks (positions, heights), their number
(polarisation) and the width of the main peak."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import ConfigError, DataError

__all__ = ["BANDWIDTH_RULES", "KDEResult", "kernel_density"]

#: Bandwidth rules of :func:`kernel_density` (or a positive number: the bandwidth itself).
BANDWIDTH_RULES = ("silverman", "scott")


@dataclass
class KDEResult:
    """Kernel densities of one variable per year (and group).

    Attributes
    ----------
    density : DataFrame
        group, year, x, density (the curves, on a grid common to every year).
    peaks : DataFrame
        group, year, N, bandwidth, n_peaks, peak (x of the highest peak: the density's
        maximum), height, width (full width at half height of the highest peak), peaks
        (every local maximum at or above 5% of the highest, the grid's ends included — a
        density highest at a bound of its support peaks there —, as "x1; x2").
    options : dict
    """

    density: pd.DataFrame
    peaks: pd.DataFrame
    options: dict

    def to_frame(self) -> pd.DataFrame:
        return self.peaks.copy()


def _bandwidth(x: np.ndarray, rule) -> float:
    """The kernel's standard deviation (bandwidth h) for data ``x``."""
    n, sd = len(x), float(np.std(x, ddof=1))
    if isinstance(rule, str):
        if rule == "silverman":  # scipy's rule: (n * 3 / 4) ** (-1 / 5) * sd
            return sd * (n * 3 / 4) ** (-1 / 5)
        if rule == "scott":
            return sd * n ** (-1 / 5)
        raise ConfigError(f"bandwidth must be one of {BANDWIDTH_RULES} or a number > 0, "
                          f"got {rule!r}")
    if not rule > 0:
        raise ConfigError(f"bandwidth must be > 0, got {rule!r}")
    return float(rule)


def _peaks(grid: np.ndarray, f: np.ndarray) -> tuple[list[int], float]:
    """Local maxima of the density at or above 5% of the highest — the grid's two ends
    included, so that a density highest at a bound of its support (reflection) has its
    peak there — and the full width at half height of the highest (cut at the grid's
    ends)."""
    padded = np.concatenate([[-np.inf], f, [-np.inf]])
    maxima = np.flatnonzero((padded[1:-1] > padded[:-2]) & (padded[1:-1] >= padded[2:]))
    keep = [int(i) for i in maxima if f[i] >= 0.05 * f.max()]
    main = max(keep, key=lambda i: f[i])
    half = f[main] / 2
    left = main
    while left > 0 and f[left] > half:
        left -= 1
    right = main
    while right < len(f) - 1 and f[right] > half:
        right += 1
    return keep, float(grid[right] - grid[left])


def kernel_density(data: pd.DataFrame, variable: str, *, years=None, groups=None,
                   bandwidth="silverman", grid_size: int = 256, cut: float = 3.0,
                   bounds=None) -> KDEResult:
    """Gaussian kernel density of ``variable`` in each year (nationally and per group).

    Parameters
    ----------
    data : DataFrame
        ``region``, ``year`` and ``variable``.
    groups : mapping of group to list of regions, optional
        Densities for each group too (group "nation" is every region).
    bandwidth : "silverman" (default), "scott" or a number
        The rule of thumb (as scipy ``gaussian_kde``: Silverman (n (d+2)/4)^(-1/(d+4)) sd,
        Scott n^(-1/5) sd, sd with ddof 1) computed per year and group, or a fixed
        bandwidth in the variable's units.
    grid_size : int
        Points of the common grid.
    cut : float
        The grid reaches ``cut`` bandwidths beyond the smallest and largest value.
    bounds : (float, float), optional
        Support of the variable (e.g. (0, 1) for D): the grid stays inside it and the
        density is corrected at the edges by reflection (the kernels' mass beyond a bound
        is folded back; Silverman 1986, 3.10), so it still integrates to 1. Default: none.

    References
    ----------
    Silverman, B. W. (1986). Density Estimation for Statistics and Data Analysis. Chapman &
    Hall. Scott, D. W. (1992). Multivariate Density Estimation. Wiley.

    Examples
    --------
    >>> d = pd.DataFrame({"region": list("abcdef"), "year": 2020,
    ...                   "D": [0.1, 0.15, 0.2, 0.6, 0.65, 0.7]})
    >>> r = kernel_density(d, "D", bandwidth=0.05)
    >>> r.peaks[["n_peaks", "N"]].values.tolist()
    [[2, 6]]
    """
    if variable not in data.columns:
        raise DataError(f"kernel density: column {variable!r} not in the data")
    years = sorted(data["year"].unique()) if years is None else list(years)
    sets = {"nation": None, **(dict(groups) if groups else {})}
    rows, curves, samples = [], [], []
    for g, members in sets.items():
        for year in years:
            sub = data[data["year"] == year]
            if members is not None:
                sub = sub[sub["region"].isin(members)]
            x = pd.to_numeric(sub[variable], errors="coerce").to_numpy(float)
            x = x[np.isfinite(x)]
            if len(x) < 3 or np.ptp(x) == 0:
                raise DataError(f"kernel density of {variable} in {year} ({g}): needs at least "
                                f"3 values, not all equal; got {len(x)} value(s), "
                                f"{len(np.unique(x))} distinct")
            samples.append((g, year, x, _bandwidth(x, bandwidth)))
    lo = min(x.min() - cut * h for _, _, x, h in samples)
    hi = max(x.max() + cut * h for _, _, x, h in samples)
    if bounds is not None:
        b_lo, b_hi = (float(v) for v in bounds)
        outside = [x for _, _, x, _ in samples if (x < b_lo).any() or (x > b_hi).any()]
        if outside or not b_lo < b_hi:
            raise DataError(f"kernel density of {variable}: values outside bounds {bounds}")
        lo, hi = max(lo, b_lo), min(hi, b_hi)
    grid = np.linspace(lo, hi, grid_size)
    for g, year, x, h in samples:
        pts = x if bounds is None else np.concatenate([x, 2 * b_lo - x, 2 * b_hi - x])
        u = (grid[:, None] - pts[None, :]) / h
        f = np.exp(-0.5 * u * u).sum(axis=1) / (len(x) * h * np.sqrt(2 * np.pi))
        keep, width = _peaks(grid, f)
        main = max(keep, key=lambda i: f[i])
        curves.append(pd.DataFrame({"group": g, "year": year, "x": grid, "density": f}))
        rows.append({"group": g, "year": year, "N": len(x), "bandwidth": h,
                     "n_peaks": len(keep), "peak": float(grid[main]),
                     "height": float(f[main]), "width": width,
                     "peaks": "; ".join(f"{grid[i]:.4f}" for i in keep)})
    return KDEResult(pd.concat(curves, ignore_index=True), pd.DataFrame(rows),
                     {"variable": variable, "bandwidth": bandwidth, "grid_size": grid_size,
                      "cut": cut, "kernel": "gaussian",
                      "bounds": None if bounds is None else [float(v) for v in bounds]})
