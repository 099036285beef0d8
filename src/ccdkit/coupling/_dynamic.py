"""The dynamic (evolution-speed) coupling model of two systems.

Each system's evolution speed V_k = dU_k/dt is estimated per region and year from the panel
(option ``speed``): ``difference`` — V_t = U_t − U_{t−1} (per year; the first year has
none); ``trend`` — the slope of a least-squares line through the ``window`` years centred
on t (shrunk at the ends), which smooths year-to-year noise. The coupling angle
α = atan2(V_1, V_2) (degrees in (−180°, 180°]; V_2 on the horizontal axis, V_1 on the
vertical) places the pair's joint evolution in one of four states (Qiao & Fang 2005):

* (−90°, 0°]   low-level coordinated symbiosis (system 1 falls or stands while 2 grows);
* (0°, 90°]    coordinated development (both grow);
* (90°, 180°]  limit development (system 1 grows while 2 falls: a constraint binds);
* (−180°, −90°] spiral rise / recession (both fall: a new cycle begins).

Papers disagree on which system is on which axis: the first of ``systems`` is the vertical
one (a study's ``coupling.dynamic.vertical``, default its first coupled system), and the
angle convention is written into the outputs. A pair of
zero speeds has no angle (NaN, "stagnant"); a year without a speed (the first, with
differences) has no state.

References
----------
Qiao, B., & Fang, C. (2005). The dynamic coupling model of the harmonious development
between urbanization and eco-environment and its application in arid area. *Acta
Geographica Sinica*, 60(5), 827-835 (in Chinese).
Liu, C. (2017). Common misuses of the coupling degree model in China's geographical
research. *Economic Geography*, 37(9) (in Chinese).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ..text import tr

__all__ = ["dynamic_coupling", "DynamicCoupling", "SPEED_METHODS", "DYNAMIC_STATES",
           "coupling_state"]

SPEED_METHODS = ("difference", "trend")
DYNAMIC_STATES = ("low_level", "coordinated", "limit", "spiral", "stagnant")


def coupling_state(angle) -> np.ndarray:
    """The state of each coupling angle (degrees; module docstring).

    >>> coupling_state([-45.0, 0.0, 45.0, 135.0, -135.0, np.nan]).tolist()
    ['low_level', 'low_level', 'coordinated', 'limit', 'spiral', 'stagnant']
    """
    a = np.asarray(angle, dtype=float)
    return np.select([np.isnan(a), a <= -90, a <= 0, a <= 90], ["stagnant", "spiral",
                                                                 "low_level", "coordinated"],
                     "limit")


def _speeds(values: np.ndarray, years: np.ndarray, method: str, window: int) -> np.ndarray:
    """Speeds of one region's series (NaN where undefined)."""
    if method == "difference":
        out = np.full(len(values), np.nan)
        out[1:] = np.diff(values) / np.diff(years)
        return out
    half = window // 2
    out = np.empty(len(values))
    for i in range(len(values)):
        lo, hi = max(0, i - half), min(len(values), i + half + 1)
        x, y = years[lo:hi], values[lo:hi]
        out[i] = np.polyfit(x, y, 1)[0] if len(x) >= 2 else np.nan
    return out


@dataclass
class DynamicCoupling:
    """Evolution speeds, coupling angles and states.

    Attributes
    ----------
    table : DataFrame
        region, year, V1, V2 (speeds of the two systems), angle (degrees), state.
    counts : DataFrame
        year, state, count.
    options : dict
        systems (vertical first), speed, window, angle convention.
    """

    table: pd.DataFrame
    counts: pd.DataFrame
    options: dict

    def to_frame(self) -> pd.DataFrame:
        return self.table

    def speed_text(self, lang: str = "en") -> str:
        """How the speeds were measured, for a caption or a sentence.

        >>> p = pd.DataFrame({"region": "A", "year": [2020, 2021, 2022],
        ...                   "U1": [0.2, 0.3, 0.25], "U2": [0.4, 0.5, 0.6]})
        >>> dynamic_coupling(p, ["U1", "U2"], speed="trend").speed_text()
        '3-year centred linear trend'
        """
        return tr(f"speed.{self.options['speed']}", lang, window=self.options["window"])


def dynamic_coupling(panel: pd.DataFrame, systems, *, speed: str = "difference",
                     window: int = 3) -> DynamicCoupling:
    """The dynamic coupling model of two systems on a long panel.

    Parameters
    ----------
    panel : DataFrame
        region, year and the two systems' scores.
    systems : (str, str)
        The systems; the first is the vertical axis of the angle.
    speed : {"difference", "trend"}
    window : int
        ``trend``: years of the centred line (odd, >= 3).

    Examples
    --------
    >>> p = pd.DataFrame({"region": "A", "year": [2020, 2021, 2022],
    ...                   "U1": [0.2, 0.3, 0.25], "U2": [0.4, 0.5, 0.6]})
    >>> dynamic_coupling(p, ["U1", "U2"]).table[["angle", "state"]].round(1).values.tolist()
    [[nan, None], [45.0, 'coordinated'], [-26.6, 'low_level']]
    """
    systems = list(systems)
    if len(systems) != 2:
        raise DataError(f"the dynamic coupling model takes two systems, got {systems}")
    if speed not in SPEED_METHODS:
        raise DataError(f"speed must be one of {SPEED_METHODS}, got {speed!r}")
    if speed == "trend" and (window < 3 or window % 2 == 0):
        raise DataError(f"window must be an odd number >= 3, got {window}")
    missing = [c for c in ["region", "year", *systems] if c not in panel.columns]
    if missing:
        raise DataError(f"dynamic coupling: columns {missing} are not in the panel")
    frame = panel[["region", "year", *systems]].sort_values(["region", "year"])
    rows = []
    for region, g in frame.groupby("region", sort=False):
        years = g["year"].to_numpy(dtype=float)
        v1 = _speeds(g[systems[0]].to_numpy(dtype=float), years, speed, window)
        v2 = _speeds(g[systems[1]].to_numpy(dtype=float), years, speed, window)
        with np.errstate(invalid="ignore"):
            angle = np.where((v1 == 0) & (v2 == 0), np.nan, np.degrees(np.arctan2(v1, v2)))
        rows.append(pd.DataFrame({"region": region, "year": g["year"].to_numpy(), "V1": v1,
                                  "V2": v2, "angle": angle}))
    table = pd.concat(rows, ignore_index=True)
    state = pd.Series(coupling_state(table["angle"]), dtype=object)
    undefined = table["V1"].isna() | table["V2"].isna()  # the first year: no speed yet
    table["state"] = state.where(~undefined, None)
    counts = table.dropna(subset=["state"]).groupby(["year", "state"]).size().rename(
        "count").reset_index()
    opts = {"systems": systems, "speed": speed, "window": window if speed == "trend" else None,
            "angle": "atan2(V1, V2), degrees; V1 = first system (vertical)"}
    return DynamicCoupling(table, counts, opts)
