"""Coupling coordination degree (METHODS section 5).

For systems U_1..U_n in [0, 1] (n >= 2) and weights a_k summing to 1:

* coupling degree C — ``classic``: C = n (prod U)^(1/n) / sum U (n = 2: 2 sqrt(U1 U2)/(U1+U2));
  ``wang2021``: C = sqrt([1 - sum_{i<j}|U_i - U_j| / (n(n-1)/2)] [prod (U_i / max U)]^(1/(n-1)));
  ``fan2024``: C = 1 - 2 sqrt((n sum U^2 - (sum U)^2) / n^2);
* comprehensive index T = sum a_k U_k; coordination degree D = sqrt(C T);
* all U = 0 gives C = 0 and D = 0;
* relative development degree (n = 2) E = U1 / U2 with classes E <= 0.8 (system 1 lags),
  0.8 < E <= 1.2 (synchronized), E > 1.2 (system 2 lags);
* ten coordination types on [a, b), the last closed at 1.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..data import coordination_labels, rdd_labels
from ..exceptions import DataError, MissingDataWarning
from ..text import COORDINATION_TYPE_LABELS, warning

__all__ = [
    "COUPLING_MODELS",
    "COORDINATION_TYPES",
    "coupling_degree",
    "coordination_type",
    "relative_development",
    "coupling_coordination",
    "CouplingResult",
    "type_codes",
    "rdd_codes",
    "COORDINATION_BOUNDS",
    "check_coupling_weights",
    "check_rdd_thresholds",
    "WEIGHT_SUM_TOL",
]

#: How far the coupling weights' sum may be from 1 (weights typed with 7 decimals, e.g.
#: [0.3333333] * 3, pass); the weights used are rescaled to sum to 1 exactly.
WEIGHT_SUM_TOL = 1e-6


def check_coupling_weights(weights, n: int | None = None) -> np.ndarray:
    """The comprehensive index's weights, checked (finite, >= 0, one per system, summing to
    1 within :data:`WEIGHT_SUM_TOL`) and rescaled to sum to 1 exactly. The one check of the
    library and the study config (``coupling.weights``).

    >>> check_coupling_weights([0.3333333] * 3).sum()
    np.float64(1.0)
    """
    w = np.asarray(weights, dtype=float).ravel()
    if n is not None and w.shape != (n,):
        raise DataError(f"weights must have one value per system ({n}), got {len(w)}")
    if not np.isfinite(w).all() or (w < 0).any():
        raise DataError(f"weights must be finite and >= 0, got {w.tolist()}")
    if abs(w.sum() - 1) > WEIGHT_SUM_TOL:
        raise DataError(f"weights must sum to 1 (within {WEIGHT_SUM_TOL:g}), they sum to "
                        f"{w.sum():.9g}: {w.tolist()}")
    return w / w.sum()


def check_rdd_thresholds(thresholds) -> tuple[float, float]:
    """The relative development thresholds (low, high), checked: 0 < low < high.

    >>> check_rdd_thresholds((0.8, 1.2))
    (0.8, 1.2)
    """
    try:
        lo, hi = (float(v) for v in thresholds)
    except (TypeError, ValueError):
        raise DataError(f"rdd_thresholds must be two numbers (low, high), got {thresholds!r}"
                        ) from None
    if not (np.isfinite([lo, hi]).all() and 0 < lo < hi):
        raise DataError(f"rdd_thresholds must satisfy 0 < low < high, got ({lo:g}, {hi:g})")
    return lo, hi

_KEYS = ("region", "year")


def _c_classic(u: np.ndarray) -> np.ndarray:
    n = u.shape[1]
    total = u.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        geo = np.exp(np.log(u).mean(axis=1))  # geometric mean; 0 if any U = 0
        # geometric <= arithmetic mean: C <= 1, and equal U give 1 exactly (not 1 ± 1 ulp)
        c = np.where(total > 0, np.minimum(n * geo / total, 1.0), 0.0)
    return np.where((total > 0) & (np.ptp(u, axis=1) == 0), 1.0, c)


def _c_wang2021(u: np.ndarray) -> np.ndarray:
    n = u.shape[1]
    i, j = np.triu_indices(n, k=1)
    spread = np.abs(u[:, i] - u[:, j]).sum(axis=1) / (n * (n - 1) / 2)
    top = u.max(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.prod(u / top[:, None], axis=1) ** (1.0 / (n - 1))
    c = np.sqrt(np.clip((1 - spread) * ratio, 0.0, None))
    return np.where(top > 0, c, 0.0)


def _c_fan2024(u: np.ndarray) -> np.ndarray:
    n = u.shape[1]
    s1 = u.sum(axis=1)
    # n Σ U² − (Σ U)² = n Σ (U − Ū)², computed centred: equal U give C = 1 exactly
    dev = u - u[:, :1]  # shifted by the first system first: equal rows are exactly 0
    dev = dev - dev.mean(axis=1, keepdims=True)
    c = 1 - 2 * np.sqrt(n * (dev * dev).sum(axis=1) / n ** 2)
    return np.where(s1 > 0, c, 0.0)


#: Coupling-degree formulas by name (the ``coupling`` option).
COUPLING_MODELS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "classic": _c_classic,
    "wang2021": _c_wang2021,
    "fan2024": _c_fan2024,
}

#: Lower bounds of the ten coordination types (codes 0..9); the last class is closed at 1.
COORDINATION_BOUNDS: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)

#: The ten coordination types: (lower bound, English label, Chinese label); the labels come
#: from the language layer (:data:`ccdkit.text.COORDINATION_TYPE_LABELS`).
COORDINATION_TYPES: tuple[tuple[float, str, str], ...] = tuple(
    zip(COORDINATION_BOUNDS, COORDINATION_TYPE_LABELS["en"], COORDINATION_TYPE_LABELS["zh"]))


def _as_matrix(systems: Sequence, what: str = "U") -> np.ndarray:
    arrays = [np.asarray(s, dtype=float).ravel() for s in systems]
    if len(arrays) < 2:
        raise DataError(f"coupling needs at least 2 systems, got {len(arrays)}")
    sizes = {a.size for a in arrays}
    if len(sizes) != 1:
        raise DataError(f"all systems must have the same length, got {sorted(sizes)}")
    return np.column_stack(arrays)


def _check_unit_interval(u: np.ndarray, names: Sequence[str]) -> None:
    bad = np.isfinite(u) & ((u < 0) | (u > 1))
    if bad.any():
        rows, cols = np.nonzero(bad)
        where = ", ".join(f"{names[c]}[{r}] = {u[r, c]:.6g}" for r, c in zip(rows[:5], cols[:5]))
        raise DataError(
            f"system scores must lie in [0, 1]; {int(bad.sum())} value(s) do not: {where}"
            " (pass rescale=True to min-max each system to [0, 1])")


def coupling_degree(u: np.ndarray, model: str = "classic") -> np.ndarray:
    """Coupling degree C for each row of ``u`` (rows = units, columns = systems).

    Parameters
    ----------
    u : array of shape (m, n), n >= 2
        System scores in [0, 1].
    model : {"classic", "wang2021", "fan2024"}
        See :data:`COUPLING_MODELS`. Rows with all U = 0 get C = 0.

    Examples
    --------
    >>> coupling_degree(np.array([[0.8, 0.2], [0.5, 0.5]])).round(6).tolist()
    [0.8, 1.0]
    """
    if model not in COUPLING_MODELS:
        raise DataError(f"coupling model must be one of {list(COUPLING_MODELS)}, got {model!r}")
    u = np.asarray(u, dtype=float)
    if u.ndim != 2 or u.shape[1] < 2:
        raise DataError(f"u must have shape (units, systems >= 2), got {u.shape}")
    return COUPLING_MODELS[model](u)


def coordination_type(d, lang: str = "en") -> pd.Categorical:
    """The coordination type of each D as an ordered categorical (10 classes).

    Classes are [0, 0.1), [0.1, 0.2), ..., [0.8, 0.9), [0.9, 1]; D = 0.1 is "Serious disorder"
    and D = 1 "High-quality coordination". NaN stays missing.

    >>> list(coordination_type([0.05, 0.1, 0.5, 1.0]))
    ['Extreme disorder', 'Serious disorder', 'Barely coordinated', 'High-quality coordination']
    >>> list(coordination_type([0.45], lang="zh"))
    ['濒临失调']
    """
    return pd.Categorical.from_codes(type_codes(d), categories=coordination_labels(lang),
                                     ordered=True)


def type_codes(d) -> np.ndarray:
    """Coordination type code 0..9 of each D (-1 for NaN); see :data:`COORDINATION_TYPES`.

    >>> type_codes([0.05, 0.1, 1.0, float("nan")]).tolist()
    [0, 1, 9, -1]
    """
    d = np.asarray(d, dtype=float)
    bounds = np.array(COORDINATION_BOUNDS)
    codes = np.searchsorted(bounds, d, side="right") - 1
    return np.where(np.isfinite(d), np.clip(codes, 0, len(bounds) - 1), -1)


def _ratio(u1, u2) -> np.ndarray:
    """E = U1 / U2 (inf for U2 = 0 < U1, NaN for both 0)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.asarray(u1, dtype=float) / np.asarray(u2, dtype=float)


def relative_development(u1, u2, thresholds: tuple[float, float] = (0.8, 1.2),
                         names: tuple[str, str] = ("U1", "U2"),
                         lang: str = "en") -> tuple[np.ndarray, pd.Categorical]:
    """Relative development degree E = U1 / U2 and its class.

    Classes: E <= low -> "<U1> lags"; low < E <= high -> "synchronized"; E > high ->
    "<U2> lags". U2 = 0 < U1 gives E = inf (U2 lags); both 0 gives NaN.

    >>> e, cls = relative_development([0.3, 0.5, 0.8], [0.6, 0.5, 0.2])
    >>> e.tolist(), list(cls)
    ([0.5, 1.0, 4.0], ['U1 lags', 'synchronized', 'U2 lags'])
    """
    e = _ratio(u1, u2)
    return e, pd.Categorical.from_codes(rdd_codes(e, thresholds),
                                        categories=rdd_labels(tuple(names), lang), ordered=True)


def rdd_codes(e, thresholds: tuple[float, float] = (0.8, 1.2)) -> np.ndarray:
    """Relative development class of each E: 0 (system 1 lags, E <= low), 1 (synchronized),
    2 (system 2 lags, E > high); -1 for NaN.

    >>> rdd_codes([0.5, 1.0, 4.0, float("nan")]).tolist()
    [0, 1, 2, -1]
    """
    e = np.asarray(e, dtype=float)
    lo, hi = thresholds
    codes = np.where(e <= lo, 0, np.where(e <= hi, 1, 2))
    return np.where(np.isnan(e), -1, codes)


@dataclass
class CouplingResult:
    """Result of :func:`coupling_coordination`.

    Attributes
    ----------
    systems : list of str
        System names (columns of ``U``).
    U : DataFrame
        System scores used (with ``region``/``year`` keys when computed on a panel).
    C, T, D : ndarray
        Coupling degree, comprehensive index and coupling coordination degree.
    type_code : ndarray of int
        Coordination type 0..9 (see :data:`COORDINATION_TYPES`).
    E : ndarray or None
        Relative development degree U1/U2 (two systems only).
    dropped : DataFrame
        Rows excluded because a system score was missing.
    options : dict
        ``coupling``, ``weights``, ``rdd_thresholds``, ``rescale``.
    """

    systems: list[str]
    U: pd.DataFrame
    C: np.ndarray
    T: np.ndarray
    D: np.ndarray
    type_code: np.ndarray
    E: np.ndarray | None
    dropped: pd.DataFrame
    options: dict = field(default_factory=dict)

    def types(self, lang: str = "en") -> pd.Categorical:
        """Coordination types as an ordered categorical (``lang`` "en" or "zh")."""
        return pd.Categorical.from_codes(self.type_code, categories=coordination_labels(lang),
                                         ordered=True)

    def rdd_class(self, lang: str = "en",
                  labels: Mapping[str, str] | None = None) -> pd.Categorical | None:
        """Relative development classes (two systems), or None; ``labels`` maps system ids
        to the display names used in the class labels (default: the ids)."""
        if self.E is None:
            return None
        names = tuple((labels or {}).get(s, s) for s in self.systems)
        return pd.Categorical.from_codes(rdd_codes(self.E, self.options["rdd_thresholds"]),
                                         categories=rdd_labels(names, lang), ordered=True)

    def to_frame(self, lang: str = "en",
                 labels: Mapping[str, str] | None = None) -> pd.DataFrame:
        """One row per unit: keys, U, C, T, D, type (and E, its class for two systems);
        ``labels``: display names of the systems in the class labels."""
        values = pd.DataFrame(np.column_stack([self.C, self.T, self.D]),
                              columns=["C", "T", "D"], index=self.U.index)
        parts = [self.U, values, pd.DataFrame({"type": self.types(lang)}, index=self.U.index)]
        if self.E is not None:
            parts.append(pd.DataFrame({"E": self.E, "rdd_class": self.rdd_class(lang, labels)},
                                      index=self.U.index))
        return pd.concat(parts, axis=1)

    def summary(self) -> str:
        """Text summary: options, ranges of C, T, D, and the type counts."""
        lines = [f"Coupling coordination ({self.options['coupling']}) of "
                 f"{' x '.join(self.systems)}; weights {self.options['weights']}; "
                 f"{len(self.D)} units" + (f", {len(self.dropped)} dropped (missing)"
                                           if len(self.dropped) else "")]
        for name, v in (("C", self.C), ("T", self.T), ("D", self.D)):
            if len(v):
                lines.append(f"  {name}: mean {np.mean(v):.4f}, min {np.min(v):.4f}, "
                             f"max {np.max(v):.4f}")
        counts = pd.Series(self.types()).value_counts(sort=False)
        for label, n in counts.items():
            if n:
                lines.append(f"  {label}: {n}")
        return "\n".join(lines)


def _align_frames(frames, systems) -> pd.DataFrame:
    """The named score columns of several frames side by side on their keys: the
    region-years of the first frame, in its order (a region-year another frame lacks gets
    a missing score)."""
    frames = list(frames)
    if not frames or not all(isinstance(f, pd.DataFrame) for f in frames):
        raise DataError("data must be a DataFrame or a list of DataFrames")
    if not systems:
        raise DataError("with several frames as data, name the system columns "
                        "(coupling_coordination('a', 'b', data=[frame_a, frame_b]))")
    keys = [k for k in _KEYS if k in frames[0].columns]
    first = frames[0]
    out = {k: first[k].reset_index(drop=True) for k in keys}
    for col in systems:
        frame = next((f for f in frames if col in f.columns), None)
        if frame is None:
            raise DataError(f"system column {col!r} is in none of the data frames")
        if frame is first or (len(frame) == len(first) and all(
                k in frame.columns and np.array_equal(frame[k].to_numpy(), first[k].to_numpy())
                for k in keys)):  # the usual case: the systems' scores on the same rows
            out[col] = frame[col].reset_index(drop=True)
        elif not keys or not all(k in frame.columns for k in keys):
            raise DataError(f"the frame of {col!r} has other rows than the first frame and "
                            f"no {' and '.join(_KEYS)} columns to align them on")
        elif frame.duplicated(keys).any():
            raise DataError(f"the frame of {col!r}: a region-year appears twice")
        else:
            aligned = pd.DataFrame(out)[keys].merge(frame[[*keys, col]], on=keys, how="left")
            out[col] = aligned[col]
    return pd.DataFrame(out)


def _from_inputs(systems, data, names):
    """Resolve the inputs to (U matrix, names, key frame or None)."""
    if data is None and len(systems) == 1 and isinstance(systems[0], pd.DataFrame):
        data = systems[0]
        systems = tuple(c for c in data.columns if c not in _KEYS)
    if data is not None and not isinstance(data, pd.DataFrame):
        data = _align_frames(data if isinstance(data, Sequence) else [data], systems)
    if data is not None:
        if not isinstance(data, pd.DataFrame):
            raise DataError(f"data must be a DataFrame, got {type(data).__name__}")
        cols = list(systems) if systems else [c for c in data.columns if c not in _KEYS]
        absent = [c for c in cols if c not in data.columns]
        if absent:
            raise DataError(f"system columns not in the data: {absent}; columns are "
                            f"{list(data.columns)}")
        keys = pd.DataFrame({k: data[k].reset_index(drop=True) for k in _KEYS
                             if k in data.columns}, index=pd.RangeIndex(len(data)))
        u = _as_matrix([data[c] if pd.api.types.is_numeric_dtype(data[c].dtype)
                        else pd.to_numeric(data[c], errors="coerce") for c in cols])
        return u, [str(c) for c in cols], keys
    u = _as_matrix(systems)
    if names is None:
        names = [f"U{i + 1}" for i in range(u.shape[1])]
    if len(names) != u.shape[1]:
        raise DataError(f"{len(names)} names for {u.shape[1]} systems")
    return u, list(names), None


def coupling_coordination(
    *systems,
    data: pd.DataFrame | None = None,
    weights: Sequence[float] | None = None,
    coupling: str = "classic",
    names: Sequence[str] | None = None,
    rdd_thresholds: tuple[float, float] = (0.8, 1.2),
    rescale: bool = False,
    strict: bool = False,
) -> CouplingResult:
    """Coupling degree C, comprehensive index T and coupling coordination degree D.

    Parameters
    ----------
    *systems : arrays, or column names with ``data``, or DataFrames
        Two or more system scores in [0, 1] of equal length; or the names of columns of
        ``data``; or a single long panel whose non-key columns are the systems.
    data : DataFrame or list of DataFrames, optional
        A long panel (``region``, ``year``, one column per system). Without column names
        every column except ``region`` and ``year`` is a system. A list of frames (e.g. the
        ``scores`` of each :func:`~ccdkit.composite_index`) needs the column names: each
        is taken from the frame that has it, aligned on ``region`` and ``year`` in the
        first frame's order (no merge when the frames have the same rows).
    weights : sequence of float, optional
        Weights of T, one per system, summing to 1 (default: equal, alpha = beta = 0.5).
    coupling : {"classic", "wang2021", "fan2024"}, default "classic"
        Coupling degree formula (:data:`COUPLING_MODELS`).
    names : sequence of str, optional
        System names for array input (default U1, U2, ...).
    rdd_thresholds : (low, high), default (0.8, 1.2)
        Classes of the relative development degree (two systems).
    rescale : bool, default False
        Min-max each system to [0, 1] first; otherwise scores outside [0, 1] are an error.
    strict : bool, default False
        A missing score is an error; otherwise its row is dropped with a
        :class:`~ccdkit.exceptions.MissingDataWarning` and listed in ``dropped``.

    Returns
    -------
    CouplingResult

    References
    ----------
    Wang, S., Kong, W., Ren, L., Zhi, D. & Dai, B. (2021). Research on misuses and modification
    of coupling coordination degree model in China. *Journal of Natural Resources*, 36(3).
    Fan, D. et al. (2024); the ``coupling`` R package (stscl/coupling) implements all three.

    Examples
    --------
    >>> res = coupling_coordination([0.8, 0.3], [0.2, 0.6])
    >>> res.C.round(6).tolist(), res.D.round(6).tolist()
    ([0.8, 0.942809], [0.632456, 0.651356])
    >>> list(res.types())
    ['Primary coordination', 'Primary coordination']
    """
    if coupling not in COUPLING_MODELS:
        raise DataError(f"coupling must be one of {list(COUPLING_MODELS)}, got {coupling!r}")
    u, names, keys = _from_inputs(systems, data, names)
    n = u.shape[1]
    w = np.full(n, 1.0 / n) if weights is None else check_coupling_weights(weights, n)
    rdd_thresholds = check_rdd_thresholds(rdd_thresholds)
    missing = np.isnan(u).any(axis=1)
    if missing.any():
        where = _describe_rows(np.flatnonzero(missing), keys)
        if strict:
            raise DataError(f"missing system score in {int(missing.sum())} row(s): {where}")
        warnings.warn(warning(MissingDataWarning, "coupling.missing", n=int(missing.sum()),
                              where=where), stacklevel=2)
    dropped = (keys[missing] if keys is not None else pd.DataFrame({"row": np.flatnonzero(missing)}))
    if missing.any():
        u = u[~missing]
        keys = keys[~missing].reset_index(drop=True) if keys is not None else None
    if rescale:
        lo, hi = u.min(axis=0), u.max(axis=0)
        span = np.where(hi > lo, hi - lo, 1.0)
        u = (u - lo) / span
    else:
        _check_unit_interval(u, names)
    c = COUPLING_MODELS[coupling](u)
    t = u @ w
    d = np.sqrt(np.clip(c * t, 0.0, None))
    e = None
    if n == 2:
        e = _ratio(u[:, 0], u[:, 1])
    frame = pd.DataFrame(u, columns=names)
    if keys is not None:
        frame = pd.concat([keys, frame], axis=1)
    return CouplingResult(
        systems=names, U=frame, C=c, T=t, D=d, type_code=type_codes(d), E=e,
        dropped=dropped.reset_index(drop=True),
        options={"coupling": coupling, "weights": w.tolist(),
                 "rdd_thresholds": tuple(rdd_thresholds), "rescale": rescale},
    )


def _describe_rows(rows: np.ndarray, keys: pd.DataFrame | None, limit: int = 10) -> str:
    if keys is not None and len(keys.columns):
        items = [" ".join(str(v) for v in keys.iloc[r].tolist()) for r in rows[:limit]]
    else:
        items = [f"row {r}" for r in rows[:limit]]
    more = f" ... and {len(rows) - limit} more" if len(rows) > limit else ""
    return ", ".join(items) + more
