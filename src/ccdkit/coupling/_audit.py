"""Which coupling formula did a published table use? An auditor for C, T and D.

Given the system scores U of each row of a table and the C, T and/or D it reports, every
known variant is recomputed from the printed U and compared with the printed values
*within their rounding*: a row fits when |reported − computed| is at most half a unit of
the reported value's last printed digit plus how far the computed value can move while
the U move within half a unit of their own last digit (the largest change over a grid of
that box — {−h, 0, +h} per system up to four systems, its corners up to eight — and at
its point of equal U when the boxes overlap). A variant *reproduces* a column when every
row fits.

Variants of the coupling degree C (U_1..U_n, S = Σ U):

* ``classic``: C = n (Π U)^(1/n) / S — the normative form (Wang et al. 2021 eq. 1); for
  two systems the closed form 2 √(U1 U2) / (U1 + U2);
* ``classic_sqrt``: C = [Π U / (S/n)^n]^(1/2), the exponent 1/2 whatever n (three or more
  systems only: for two it is ``classic``);
* ``classic_no_exponent``: C = Π U / (S/n)^n (the exponent dropped: C_classic^n);
* ``classic_no_n``: C = [Π U / S^n]^(1/n) (the coefficient n dropped: at most 1/n; the
  "coefficient loss" of Wang et al. 2021 and Cong 2019);
* ``wang2021`` and ``fan2024``: the modified models of :data:`COUPLING_MODELS`.

Variants of T: ``equal`` weights (the mean of U), ``given`` weights (when passed), and
``fitted``: non-negative least-squares weights of the printed T on U (the weights a
table's T implies; flagged when they do not sum to 1, a weighted sum that is no weighted
mean). D is D = √(C T) with each C variant and the T variant that fits (equal weights
when T is not printed).

Internal checks that need no formula: C outside [0, 1]; U outside [0, 1]; T outside the
range of its row's U (no weighted mean can be); D ≠ √(C T) of the printed C and T at the
printed precision; a printed coordination type that contradicts the stated class bounds
(the ten classes of width 0.1 by default; a D whose printed rounding straddles a bound
accepts either class), or, for labels the auditor does not know, two types whose D ranges
overlap (no set of bounds can give both).

References
----------
Wang, S., Kong, W., Ren, L., Zhi, D., & Dai, B. (2021). Research on misuses and
modification of coupling coordination degree model in China. *Journal of Natural
Resources*, 36(3), 793-810.
Cong, X. (2019). Expression and mathematical property of coupling model and its misuse in
geographical science. *Economic Geography*, 39(4), 18-25 (in Chinese).
Liu, C. (2017). Common misuses of the coupling degree model in China's geographical
research. *Economic Geography*, 37(9) (in Chinese).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import DataError
from ..text import COORDINATION_TYPE_LABELS, tr
from ._ccd import COORDINATION_BOUNDS, COUPLING_MODELS

__all__ = ["audit", "AuditResult", "C_VARIANTS", "T_VARIANTS", "printed_decimals"]


def _geo(u: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.exp(np.log(u).mean(axis=1))


def _ratio_classic(u: np.ndarray) -> np.ndarray:
    """Π U / (S/n)^n = (geometric / arithmetic mean)^n (0 when S = 0)."""
    n = u.shape[1]
    mean = u.mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(mean > 0, (_geo(u) / mean) ** n, 0.0)


#: Coupling-degree variants the auditor tries: name -> (function of U, fewest systems).
C_VARIANTS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], int]] = {
    "classic": (COUPLING_MODELS["classic"], 2),
    "classic_sqrt": (lambda u: np.sqrt(_ratio_classic(u)), 3),
    "classic_no_exponent": (_ratio_classic, 2),
    "classic_no_n": (lambda u: COUPLING_MODELS["classic"](u) / u.shape[1], 2),
    "wang2021": (COUPLING_MODELS["wang2021"], 2),
    "fan2024": (COUPLING_MODELS["fan2024"], 2),
}

#: Variants of the comprehensive index T.
T_VARIANTS = ("equal", "given", "fitted")


def printed_decimals(values) -> int:
    """Decimals a column was printed with: the most digits after the point of any value
    (strings as printed; numbers by their shortest representation).

    >>> printed_decimals(["0.410", "0.5", "1"]), printed_decimals([0.25, 0.1])
    (3, 2)
    """
    most = 0
    for v in values:
        text = str(v).strip() if isinstance(v, str) else repr(float(v))
        if "e" in text.lower() or not text or text.lower() == "nan":
            continue
        if "." in text:
            most = max(most, len(text.split(".", 1)[1].rstrip("%")))
    return most


@dataclass
class AuditResult:
    """Result of :func:`audit`.

    Attributes
    ----------
    fits : DataFrame
        One row per quantity (C, T, D) and variant: rows, rows within rounding, their share,
        the largest residual in units of its tolerance (``worst``), the RMS residual and
        ``reproduces`` (every row within rounding).
    identified : dict
        Quantity -> the variants that reproduce it (empty: none does).
    residuals : DataFrame
        Per row and quantity: printed, recomputed by the identified (else the closest)
        variant, residual, tolerance, within.
    issues : DataFrame
        Internal inconsistencies: row, check, printed, expected, detail.
    decimals : dict
        Printed decimals used per column.
    options : dict
        Systems, columns, weights (given, fitted), class bounds.
    """

    fits: pd.DataFrame
    identified: dict
    residuals: pd.DataFrame
    issues: pd.DataFrame
    decimals: dict
    options: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        return self.fits

    def outside(self) -> pd.DataFrame:
        """The rows of :attr:`residuals` outside the printed rounding."""
        r = self.residuals
        return r[~r["within"] & r["printed"].notna()].drop(columns="within")

    def readable(self, frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
        """One of this result's frames for a reader: formulas and checks named, headers in
        ``lang``."""
        from ..text import AUDIT_CHECK_LABELS, AUDIT_HEADERS, AUDIT_VARIANT_SHORT

        names = {k: v[lang] for k, v in {**AUDIT_VARIANT_SHORT, **AUDIT_CHECK_LABELS}.items()}
        out = frame.copy()
        for col in ("variant", "check"):
            if col in out:
                out[col] = out[col].map(names)
        return out.rename(columns=AUDIT_HEADERS[lang])

    def tables(self, lang: str = "en") -> dict[str, pd.DataFrame]:
        """The fits, residuals and inconsistencies for a reader (``ccdkit audit --out``)."""
        return {"audit_fits": self.readable(self.fits, lang),
                "audit_residuals": self.readable(self.residuals, lang),
                "audit_issues": self.readable(self.issues, lang)}

    def summary(self, lang: str = "en") -> str:
        """The verdict in words: per quantity, which variant reproduces it (or that none
        does, with the closest), then the internal inconsistencies."""
        from ..text import AUDIT_CHECK_LABELS, AUDIT_VARIANT_LABELS

        lines = [tr("audit.header", lang, n=self.options["n_rows"],
                    systems=", ".join(self.options["systems"]))]
        for q in self.identified:
            sub = self.fits[self.fits["quantity"] == q]
            names = self.identified[q]
            if names:
                labels = "; ".join(AUDIT_VARIANT_LABELS[v][lang] for v in names)
                lines.append(tr("audit.reproduced_d" if q == "D" else "audit.reproduced",
                                lang, q=q, variants=labels,
                                t=AUDIT_VARIANT_LABELS[self.options["t_for_d"]][lang]))
            else:
                best = _closest(self.fits, q)
                lines.append(tr("audit.none", lang, q=q, closest=AUDIT_VARIANT_LABELS[best][lang],
                                share=sub.set_index("variant").loc[best, "share_within"]))
        if "fitted" in self.identified.get("T", []):
            w = self.options["fitted_weights"]
            lines.append(tr("audit.fitted_weights", lang,
                            weights=", ".join(f"{x:.3f}" for x in w), total=sum(w)))
        if len(self.issues):
            counts = self.issues["check"].value_counts()
            lines.append(tr("audit.issues", lang, list="; ".join(
                f"{AUDIT_CHECK_LABELS[c][lang]} ({k})" for c, k in counts.items())))
        else:
            lines.append(tr("audit.no_issues", lang))
        return "\n".join(lines)


def _numbers(frame: pd.DataFrame, col: str) -> np.ndarray:
    values = pd.to_numeric(frame[col].astype(str).str.strip().str.rstrip("%")
                           .replace({"": np.nan, "-": np.nan, "—": np.nan}), errors="coerce")
    bad = frame[col].notna() & values.isna() & (frame[col].astype(str).str.strip() != "")
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataError(f"audit: column {col!r} row {i + 1}: expected a number, found "
                        f"{frame[col].iloc[i]!r}")
    return values.to_numpy(dtype=float)


def _box_points(n: int) -> np.ndarray:
    """Offsets (in half printed units) at which a quantity is evaluated around the printed
    U: the 3^n grid {-1, 0, 1}^n up to four systems, the 2^n corners up to eight, else the
    2n moves of one system at a time."""
    import itertools

    if n <= 4:
        return np.array(list(itertools.product((-1.0, 0.0, 1.0), repeat=n)))
    if n <= 8:
        return np.array(list(itertools.product((-1.0, 1.0), repeat=n)))
    return np.vstack([np.eye(n), -np.eye(n)])


def _tolerance(fn, u: np.ndarray, half_u: np.ndarray, half_q: float) -> np.ndarray:
    """Half a printed unit of the quantity plus how far it moves while the U move within
    their printed rounding: the largest change over a grid of the box U ± half_u (and at
    the box's point of equal U when the boxes overlap: every model's maximum, C = 1)."""
    base = fn(u)
    lo, hi = np.clip(u - half_u, 0, None), u + half_u
    spread = np.zeros(len(u))
    for step in _box_points(u.shape[1]):
        spread = np.maximum(spread, np.abs(fn(np.clip(u + step * half_u, 0, None)) - base))
    common_lo, common_hi = lo.max(axis=1), hi.min(axis=1)
    overlap = common_lo <= common_hi
    if overlap.any():
        equal = np.repeat(((common_lo + common_hi) / 2)[:, None], u.shape[1], axis=1)
        moved = np.abs(fn(np.where(overlap[:, None], equal, u)) - base)
        spread = np.maximum(spread, np.where(overlap, moved, 0.0))
    return half_q * (1 + 1e-9) + spread + 1e-12


def _fit_row(quantity: str, variant: str, printed: np.ndarray, computed: np.ndarray,
             tol: np.ndarray) -> dict:
    ok = np.isfinite(printed)
    row = {"quantity": quantity, "variant": variant, "n": int(ok.sum())}
    if not ok.any():
        return row | {"n_within": 0, "share_within": np.nan, "worst": np.nan, "rms": np.nan,
                      "reproduces": False}
    res = printed[ok] - computed[ok]
    within = np.abs(res) <= tol[ok]
    return row | {"n_within": int(within.sum()), "share_within": float(within.mean()),
                  "worst": float(np.max(np.abs(res) / tol[ok])),
                  "rms": float(np.sqrt(np.mean(res ** 2))), "reproduces": bool(within.all())}


def _t_weights(u: np.ndarray, t_printed, weights) -> dict[str, np.ndarray]:
    """The weights of each T variant; ``fitted`` only when T is printed."""
    from scipy.optimize import nnls

    n = u.shape[1]
    out = {"equal": np.full(n, 1.0 / n)}
    if weights is not None:
        w = np.asarray(weights, dtype=float)
        if w.shape != (n,) or not np.isfinite(w).all() or (w < 0).any():
            raise DataError(f"audit: weights must be {n} finite numbers >= 0, got {list(w)}")
        out["given"] = w
    if t_printed is not None:
        ok = np.isfinite(t_printed) & np.isfinite(u).all(axis=1)
        if ok.sum() >= n:
            out["fitted"] = nnls(u[ok], t_printed[ok])[0]
    return out


def _closest(fits: pd.DataFrame, q: str) -> str:
    sub = fits[fits["quantity"] == q]
    return sub.sort_values(["reproduces", "share_within", "rms"],
                           ascending=[False, False, True]).iloc[0]["variant"]


def _columns(frame: pd.DataFrame, systems, c, t, d, type_column) -> dict:
    cols = {"systems": list(systems) if systems is not None else
            [x for x in frame.columns if str(x).upper().startswith("U")]}
    if len(cols["systems"]) < 2:
        raise DataError("audit: name the columns of at least two system scores (systems=...; "
                        f"found {cols['systems']} among {list(frame.columns)})")
    for key, given in (("C", c), ("T", t), ("D", d), ("type", type_column)):
        name = given if given is not None else (key if key in frame.columns else None)
        if name is not None and name not in frame.columns:
            raise DataError(f"audit: column {name!r} is not in the table "
                            f"(columns: {list(frame.columns)})")
        cols[key] = name
    missing = [s for s in cols["systems"] if s not in frame.columns]
    if missing:
        raise DataError(f"audit: system columns {missing} are not in the table "
                        f"(columns: {list(frame.columns)})")
    if not any(cols[k] for k in ("C", "T", "D")):
        raise DataError("audit: the table reports none of C, T, D (name their columns)")
    return cols


def audit(table, systems: Sequence[str] | None = None, *, c: str | None = None,
          t: str | None = None, d: str | None = None, type_column: str | None = None,
          weights: Sequence[float] | None = None, decimals: Mapping[str, int] | None = None,
          bounds: Sequence[float] = COORDINATION_BOUNDS,
          type_labels: Sequence[str] | None = None) -> AuditResult:
    """Find the coupling formula a table used, and its internal inconsistencies.

    Parameters
    ----------
    table : DataFrame
        One row per unit: the system scores and the printed C, T and/or D (best read as
        text, ``dtype=str``, so that the printed decimals are kept).
    systems : list of str, optional
        The columns of U (default: the columns whose name starts with U).
    c, t, d, type_column : str, optional
        Columns of C, T, D and the coordination type (default: columns named C, T, D,
        type, when present).
    weights : sequence of float, optional
        The weights of T the paper states (tried as the ``given`` variant).
    decimals : mapping, optional
        Printed decimals per column, overriding those read off the values.
    bounds : sequence of float
        Lower bounds of the coordination classes (default: the ten classes of width 0.1).
    type_labels : sequence of str, optional
        The label of each class in ``bounds`` order (default: ccdkit's ten types, zh or
        en); labels outside it are checked for overlapping D ranges only.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"U1": ["0.101", "0.424"], "U2": ["0.280", "0.421"],
    ...                   "C": ["0.882", "1.000"], "D": ["0.410", "0.650"]})
    >>> audit(t).identified
    {'C': ['classic'], 'D': ['classic']}
    """
    frame = pd.DataFrame(table).reset_index(drop=True)
    cols = _columns(frame, systems, c, t, d, type_column)
    used = [*cols["systems"], *(cols[q] for q in ("C", "T", "D") if cols[q])]
    dec = {col: int((decimals or {}).get(col, printed_decimals(frame[col].dropna())))
           for col in used}
    u = np.column_stack([_numbers(frame, s) for s in cols["systems"]])
    half_u = np.array([0.5 * 10.0 ** -dec[s] for s in cols["systems"]])
    printed = {q: _numbers(frame, cols[q]) for q in ("C", "T", "D") if cols[q]}
    half = {q: 0.5 * 10.0 ** -dec[cols[q]] for q in printed}
    complete = np.isfinite(u).all(axis=1)
    fits, arrays, t_for_d, t_weights = _fit_all(
        u[complete], {q: v[complete] for q, v in printed.items()}, half_u, half, weights)
    identified = {q: _reproducing(fits, q) for q in printed}
    residuals = _residuals(len(frame), complete, printed, arrays, identified, fits)
    issues = _issues(frame, cols, u, complete, printed, half_u, half, bounds, type_labels)
    opts = {"systems": cols["systems"], "columns": cols, "n_rows": len(frame),
            "n_complete": int(complete.sum()), "weights": None if weights is None
            else list(weights), "fitted_weights": t_weights["fitted"].tolist()
            if "fitted" in t_weights else None, "t_for_d": t_for_d, "bounds": list(bounds)}
    return AuditResult(pd.DataFrame(fits), identified, residuals, issues, dec, opts)


def _fit_all(u, printed, half_u, half, weights):
    """Every variant of every printed quantity fitted: the fit rows, each variant's
    recomputed values and tolerances by (quantity, variant), the T inside D and the
    weights of each T variant."""
    t_weights = _t_weights(u, printed.get("T"), weights)
    funcs = {"C": {k: fn for k, (fn, fewest) in C_VARIANTS.items() if u.shape[1] >= fewest},
             "T": {k: (lambda v, w=w: v @ w) for k, w in t_weights.items()}}
    fits, arrays = [], {}

    def fit(q: str) -> None:
        for name, fn in funcs[q].items():
            arrays[q, name] = fn(u), _tolerance(fn, u, half_u, half[q])
            fits.append(_fit_row(q, name, printed[q], *arrays[q, name]))

    for q in ("C", "T"):
        if q in printed:
            fit(q)
    t_name = _t_for_d(fits, weights)
    t_fn = funcs["T"][t_name]
    funcs["D"] = {name: (lambda v, fn=fn: np.sqrt(np.clip(fn(v) * t_fn(v), 0, None)))
                  for name, fn in funcs["C"].items()}
    if "D" in printed:
        fit("D")
    return fits, arrays, t_name, t_weights


def _t_for_d(fits: list, weights) -> str:
    """The T inside D: the printed T's reproducing variant (equal, given, then fitted),
    else the given weights, else equal."""
    ok = {f["variant"] for f in fits if f["quantity"] == "T" and f["reproduces"]}
    for name in ("equal", "given", "fitted"):
        if name in ok:
            return name
    return "given" if weights is not None else "equal"


def _reproducing(fits: list, q: str) -> list[str]:
    names = [f["variant"] for f in fits if f["quantity"] == q and f["reproduces"]]
    if q == "T" and ("equal" in names or "given" in names):
        names = [x for x in names if x != "fitted"]  # the fit only matters when no rule does
    return names


def _residuals(n_rows: int, complete, printed, arrays, identified, fits) -> pd.DataFrame:
    """Per row and quantity: printed, recomputed (identified, else closest variant)."""
    table = pd.DataFrame(fits)
    out = []
    for q, values in printed.items():
        name = identified[q][0] if identified[q] else _closest(table, q)
        calc, tol = np.full(n_rows, np.nan), np.full(n_rows, np.nan)
        calc[complete], tol[complete] = arrays[q, name]
        out.append(pd.DataFrame({"row": np.arange(1, n_rows + 1), "quantity": q,
                                 "variant": name, "printed": values, "computed": calc,
                                 "residual": values - calc, "tolerance": tol,
                                 "within": np.abs(values - calc) <= tol}))
    return pd.concat(out, ignore_index=True)


def _issue(rows, check: str, printed, expected, detail: str = "") -> pd.DataFrame:
    rows = np.asarray(rows)
    return pd.DataFrame({"row": rows + 1, "check": check, "printed": printed,
                         "expected": expected, "detail": detail})


def _issues(frame, cols, u, complete, printed, half_u, half, bounds, type_labels):
    found = [_issue(np.flatnonzero(~complete), "u_missing", np.nan, np.nan)]
    bad = np.isfinite(u) & ((u < 0) | (u > 1))
    r, k = np.nonzero(bad)
    found.append(_issue(r, "u_range", u[r, k], np.nan, [cols["systems"][j] for j in k]))
    if "C" in printed:
        cv = printed["C"]
        out = np.flatnonzero((cv > 1 + half["C"]) | (cv < 0))
        found.append(_issue(out, "c_range", cv[out], np.clip(cv[out], 0, 1)))
    if "T" in printed:
        tv, slack = printed["T"], half.get("T", 0) + half_u.max()
        with np.errstate(invalid="ignore"):
            lo, hi = np.nanmin(u, axis=1), np.nanmax(u, axis=1)
            out = np.flatnonzero(complete & ((tv < lo - slack) | (tv > hi + slack)))
        found.append(_issue(out, "t_range", tv[out], np.nan,
                            [f"[{lo[i]:g}, {hi[i]:g}]" for i in out]))
    if {"C", "T", "D"} <= set(printed):
        found.append(_d_check(printed, half))
    if cols["type"] is not None and "D" in printed:
        found.append(_type_check(frame[cols["type"]], printed["D"], half["D"], bounds,
                                 type_labels))
    found = [f for f in found if len(f)]
    return (pd.concat(found, ignore_index=True) if found else
            pd.DataFrame(columns=["row", "check", "printed", "expected", "detail"]))


def _d_check(printed, half) -> pd.DataFrame:
    """D against √(C T) of the printed C and T, each allowed its printed rounding."""
    c, t, d = printed["C"], printed["T"], printed["D"]
    corners = [np.sqrt(np.clip((c + a * half["C"]) * (t + b * half["T"]), 0, None))
               for a in (-1, 1) for b in (-1, 1)]
    lo, hi = np.min(corners, axis=0) - half["D"], np.max(corners, axis=0) + half["D"]
    with np.errstate(invalid="ignore"):
        out = np.flatnonzero(np.isfinite(d) & ((d < lo - 1e-12) | (d > hi + 1e-12)))
    return _issue(out, "d_not_sqrt_ct", d[out], np.sqrt(np.clip(c[out] * t[out], 0, None)))


def _label_codes(labels: pd.Series, type_labels) -> np.ndarray:
    """Class code of each printed label (-1 when unknown)."""
    known = ([list(type_labels)] if type_labels is not None
             else [list(COORDINATION_TYPE_LABELS[lang]) for lang in COORDINATION_TYPE_LABELS])
    codes = np.full(len(labels), -1)
    for i, value in enumerate(labels.astype(str).str.strip()):
        for names in known:
            folded = [x.casefold() for x in names]
            if value.casefold() in folded:
                codes[i] = folded.index(value.casefold())
    return codes


def _type_check(labels: pd.Series, d: np.ndarray, half_d: float, bounds,
                type_labels) -> pd.DataFrame:
    """Printed types against the class bounds (known labels) or each other (unknown)."""
    b = np.asarray(bounds, dtype=float)
    if b.ndim != 1 or not len(b) or not np.isfinite(b).all() or (np.diff(b) <= 0).any():
        raise DataError(f"audit: class bounds must be increasing numbers, got {list(bounds)}")
    if type_labels is not None and len(type_labels) != len(b):
        raise DataError(f"audit: {len(type_labels)} type labels for {len(b)} class bounds")
    codes = _label_codes(labels, type_labels)
    def klass(x):
        return np.clip(np.searchsorted(b, x, side="right") - 1, 0, len(b) - 1)

    lo, hi = klass(d - half_d), klass(d + half_d)
    ok_d = np.isfinite(d) & labels.notna().to_numpy()
    bad = np.flatnonzero(ok_d & (codes >= 0) & ((codes < lo) | (codes > hi)))
    names = list(type_labels) if type_labels is not None else None
    expected = [names[k] if names else int(k) for k in klass(d[bad])]
    found = [_issue(bad, "type_bounds", labels.iloc[bad].to_numpy(), expected,
                    [f"D = {d[i]:g}" for i in bad])]
    unknown = ok_d & (codes < 0)
    if unknown.any():
        found.append(_overlaps(labels[unknown], d[unknown], np.flatnonzero(unknown), half_d))
    return pd.concat(found, ignore_index=True)


def _overlaps(labels: pd.Series, d: np.ndarray, rows: np.ndarray, half_d: float):
    """Rows whose type's D range overlaps another type's (beyond rounding)."""
    frame = pd.DataFrame({"label": labels.astype(str).to_numpy(), "d": d, "row": rows})
    ranges = frame.groupby("label")["d"].agg(["min", "max", "median"]).sort_values("median")
    bad = []
    for (a, ra), (b, rb) in zip(ranges.iloc[:-1].iterrows(), ranges.iloc[1:].iterrows()):
        if ra["max"] > rb["min"] + 2 * half_d:
            sel = ((frame["label"] == a) & (frame["d"] > rb["min"] + 2 * half_d)) | (
                (frame["label"] == b) & (frame["d"] < ra["max"] - 2 * half_d))
            for _, r in frame[sel].iterrows():
                other = b if r["label"] == a else a
                bad.append((r["row"], r["label"], other, r["d"]))
    return pd.DataFrame({"row": [x[0] + 1 for x in bad], "check": "type_overlap",
                         "printed": [x[1] for x in bad], "expected": np.nan,
                         "detail": [x[2] for x in bad]})
