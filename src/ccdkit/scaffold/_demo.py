"""A deterministic SYNTHETIC demo study mirroring the reference study's design.

The numbers are generated from a seed by a simple latent-development model: each
province has a development level (east > central > west, plus noise) that rises over
the years; every indicator and driver is a log-linear function of it with noise, in the
real units and plausible magnitudes of the yearbooks. They are **not official
statistics** and must never be presented as such: the data, the config
(``study.synthetic: true``) and every output say so.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..data import canonicalize_regions, province
from ._design import DRIVERS, INDICATORS, REFERENCE_REGIONS, REFERENCE_YEARS
from ._templates import init_study

__all__ = ["demo_values", "demo_firms", "write_demo_study", "DEMO_SEED"]

DEMO_SEED = 20240601

# variable -> (typical value, elasticity to development, yearly growth, noise sd, upper bound)
_PROFILE: dict[str, tuple[float, float, float, float, float | None]] = {
    "patents_granted": (60000, 0.91, 0.12, 0.15, None),
    "hitech_revenue": (3000, 0.98, 0.09, 0.18, None),
    "ind_rd_expenditure": (4.0e6, 0.84, 0.10, 0.15, None),
    "labor_productivity": (100, 0.28, 0.05, 0.10, None),
    "ind_rd_fte": (60000, 0.84, 0.07, 0.15, None),
    "robot_density": (150, 0.63, 0.16, 0.20, None),
    "energy_intensity": (0.6, -0.245, -0.04, 0.10, None),
    "fossil_energy_intensity": (0.5, -0.28, -0.05, 0.10, None),
    "water_intensity": (20, -0.315, -0.06, 0.15, None),
    "solid_waste_utilization": (60, 0.105, 0.01, 0.08, 99.0),
    "wastewater_intensity": (5, -0.28, -0.07, 0.15, None),
    "so2_intensity": (20, -0.42, -0.15, 0.20, None),
    "ic_output": (50000, 1.26, 0.12, 0.35, None),
    "telecom_business": (1000, 0.56, 0.18, 0.12, None),
    "broadband_ports": (1500, 0.49, 0.10, 0.10, None),
    "software_revenue": (1000, 1.12, 0.14, 0.25, None),
    "fiber_density": (0.2, 0.56, 0.05, 0.20, None),
    "ecommerce_sales": (5000, 0.91, 0.12, 0.20, None),
    "X1": (60000, 0.315, 0.07, 0.08, None),
    "X2": (60, 0.105, 0.012, 0.05, 95.0),
    "X3": (50, 0.7, 0.01, 0.25, None),
    "X4": (33, 0.035, -0.01, 0.10, 60.0),
    "X5": (25, -0.245, 0.01, 0.15, None),
    "X6": (0.5, -0.14, 0.03, 0.25, None),
    "X7": (5000, 0.91, 0.13, 0.20, None),
}
_GROUP_LEVEL = {"east": 0.8, "central": 0.0, "west": -0.5}
_DECIMALS = {"patents_granted": 0, "ind_rd_expenditure": 0, "ind_rd_fte": 0, "ic_output": 0,
             "X1": 0, "X7": 0}
# cells left empty to exercise imputation: (variable, region, year)
_GAPS = (("hitech_revenue", None, 2017),          # the real yearbook series lacks 2017
         ("robot_density", "Guizhou", 2012), ("robot_density", "Guizhou", 2013),
         ("software_revenue", "Qinghai", 2023), ("X6", "Gansu", 2019))


def _levels(regions: list[str], rng: np.random.Generator) -> np.ndarray:
    base = np.array([_GROUP_LEVEL[province(r).region3] for r in regions])
    return base + rng.normal(0.0, 0.35, len(regions))


def demo_values(*, seed: int = DEMO_SEED, regions=REFERENCE_REGIONS,
                years: tuple[int, int] = REFERENCE_YEARS) -> dict[str, np.ndarray]:
    """Synthetic panel values ``{variable: array (regions x years)}`` (NaN = left empty)."""
    rng = np.random.default_rng(seed)
    ids = [r for r in canonicalize_regions(regions) if r is not None]
    level = _levels(ids, rng)
    t = np.arange(years[1] - years[0] + 1) - (2018 - years[0])
    out: dict[str, np.ndarray] = {}
    for item in (*INDICATORS, *DRIVERS):
        typical, elast, growth, sd, upper = _PROFILE[item.id]
        trend = growth * (1 + 0.4 * rng.normal(0, 0.3, len(ids)))[:, None] * t[None, :]
        noise = rng.normal(0.0, sd, (len(ids), len(t)))
        values = typical * np.exp(elast * level[:, None] + trend + noise)
        if upper is not None:
            values = upper * values / (values + upper * 0.6)  # saturating, stays below upper
        values = np.round(values, _DECIMALS.get(item.id, 3))
        out[item.id] = values
    for var, region, year in _GAPS:
        j = year - years[0]
        if not 0 <= j < len(t):
            continue
        rows = range(len(ids)) if region is None else [ids.index(region)] if region in ids else []
        for i in rows:
            out[var][i, j] = np.nan
    return out


def demo_firms(*, seed: int = DEMO_SEED, regions=REFERENCE_REGIONS,
               years: tuple[int, int] = REFERENCE_YEARS) -> list[tuple]:
    """Synthetic listed-firm rows ``(firm, firm_name, year, region, total_assets, is_target)``.

    Total assets are in 亿元. Every region has listed firms in every year (so the
    location quotient is defined) and at least one NEV firm from some year on.
    """
    rng = np.random.default_rng(seed + 1)
    ids = [r for r in canonicalize_regions(regions) if r is not None]
    level = _levels(ids, np.random.default_rng(seed))
    rows: list[tuple] = []
    code = 100000
    year_list = list(range(years[0], years[1] + 1))
    for i, rid in enumerate(ids):
        p = province(rid)
        n_firms = int(np.clip(np.round(12 * np.exp(0.4 * level[i])), 4, 40))
        n_nev = int(np.clip(np.round(3.0 * np.exp(0.5 * level[i]) + rng.normal(0, 0.8)), 1, 10))
        for k in range(n_firms + n_nev):
            code += 1
            is_nev = k >= n_firms
            start = years[0] if not is_nev else int(rng.integers(years[0], years[0] + 6))
            size = rng.lognormal(np.log(80 if not is_nev else 40) + 0.3 * level[i], 0.4)
            growth = rng.normal(0.06 if not is_nev else 0.15, 0.04)
            for y in year_list:
                if y < start:
                    continue
                assets = size * np.exp(growth * (y - start) + rng.normal(0, 0.05))
                rows.append((f"SYN{code}", f"示例企业{code}（合成）", y, p.short_zh,
                             round(float(assets), 2), 1 if is_nev else 0))
    return rows


def write_demo_study(folder: str | Path, *, seed: int = DEMO_SEED, lang: str = "zh",
                     force: bool = False, level: str = "province") -> list[Path]:
    """Write the synthetic demo study (config + filled templates) into ``folder``.

    ``level="city"``: the 110 cities of the Yangtze River Economic Belt, 2012-2023
    (economic development x ecological environment)."""
    if level == "city":
        from ._city import CITY_YEARS, city_demo_values, city_regions

        ids = city_regions("yreb")
        city_values = city_demo_values(ids, seed=seed)
        index = {r: i for i, r in enumerate(ids)}

        def city_value(var: str, region: str, year: int):
            v = city_values[var][index[region], year - CITY_YEARS[0]]
            return None if np.isnan(v) else float(v)

        return init_study(folder, lang=lang, force=force, values=city_value, synthetic=True,
                          level="city", region="yreb")
    values = demo_values(seed=seed)
    ids = [r for r in canonicalize_regions(REFERENCE_REGIONS) if r is not None]
    index = {r: i for i, r in enumerate(ids)}

    def value(var: str, region: str, year: int):
        v = values[var][index[region], year - REFERENCE_YEARS[0]]
        return None if np.isnan(v) else float(v)

    return init_study(folder, lang=lang, force=force, values=value,
                      firm_rows=demo_firms(seed=seed), synthetic=True)
