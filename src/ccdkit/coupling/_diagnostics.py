"""Does a coupling degree mean anything here? Validity diagnostics of C and D.

The classic coupling degree saturates: for two systems C = 2√(U1 U2)/(U1 + U2) is above
0.9 whenever U1/U2 lies in [0.39, 2.57], so most regions of most studies are "highly
coupled" and D ranks them almost as T does (Wang et al. 2021 find 0.61-0.999 against
0.27-0.94 for their modified model; Cong 2019 calls high C at a low level of development
"pseudo-coupling"). For the U of a study:

* the distribution of C: quantiles, spread (IQR), the share of C >= ``high_c`` and the
  share of C >= 0.9 (the "quality" class of most C scales);
* how much of D's variation T alone explains: with ln D = (ln C + ln T)/2, the squared
  correlation of ln D with ln T (1 when C is constant; units with C or T = 0 left out);
* the classic and the modified (``wang2021``) model side by side: Spearman rank
  correlations of their C and of their D, and the share of units whose coordination
  type changes;
* pseudo-coupling: C >= ``high_c`` while T < ``low_t`` (defaults 0.8 and 0.3: the "high
  coupling" class (0.8, 1] of the literature's C classes, and the upper bound of the
  "low development" / disorder classes of T and D);
* sensitivity to the standardisation shift: the largest and median change of C when every
  U is raised by a shift δ (the 0.01-style shift of min-max standardisation);
* ``discriminates``: False (with :class:`~ccdkit.exceptions.CouplingSaturationWarning`)
  when at least ``saturated_share`` of C is above ``high_c`` or T alone explains at least
  ``dominant_t`` of the variation of ln D: then C adds little to T and "highly coupled"
  says nothing. (With independent uniform scores T already explains about 90 %: the
  default 0.95 flags only a C that is nearly constant.)

References
----------
Liu, C. (2017). Common misuses of the coupling degree model in China's geographical
research. *Economic Geography*, 37(9) (in Chinese).
Cong, X. (2019). Expression and mathematical property of coupling model and its misuse in
geographical science. *Economic Geography*, 39(4), 18-25 (in Chinese).
Wang, S., Kong, W., Ren, L., Zhi, D., & Dai, B. (2021). Research on misuses and
modification of coupling coordination degree model in China. *Journal of Natural
Resources*, 36(3), 793-810.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..exceptions import CouplingSaturationWarning, DataError
from ..text import warning
from ._ccd import COUPLING_MODELS, check_coupling_weights, coupling_degree, type_codes

__all__ = ["coupling_diagnostics", "CouplingDiagnostics", "variance_share_of_t"]


def variance_share_of_t(c, t) -> tuple[float, int]:
    """The share of the variation of ln D that ln T explains (its squared correlation with
    ln D; module docstring) and the rows used (C, T > 0).

    >>> round(variance_share_of_t([1.0, 1.0, 1.0], [0.2, 0.4, 0.8])[0], 6)
    1.0
    """
    c, t = np.asarray(c, float), np.asarray(t, float)
    ok = (c > 0) & (t > 0) & np.isfinite(c) & np.isfinite(t)
    if ok.sum() < 3:
        return float("nan"), int(ok.sum())
    ld, lt = 0.5 * (np.log(c[ok]) + np.log(t[ok])), np.log(t[ok])
    if np.ptp(lt) == 0 or np.ptp(ld) == 0:
        return float("nan"), int(ok.sum())
    return float(np.corrcoef(ld, lt)[0, 1] ** 2), int(ok.sum())


@dataclass
class CouplingDiagnostics:
    """Validity diagnostics of a coupling run.

    Attributes
    ----------
    summary : DataFrame
        One row per statistic: statistic, value (module docstring), with N; the
        ``*_other`` rows compare with the model in ``options["compared_with"]``.
    pseudo : DataFrame
        The units flagged as pseudo-coupled (row index of the input, C, T; in a study's
        summary, region and year instead of the row: table ``coupling_pseudo``).
    discriminates : bool
    options : dict
    """

    summary: pd.DataFrame
    pseudo: pd.DataFrame
    discriminates: bool
    options: dict

    def to_frame(self) -> pd.DataFrame:
        return self.summary

    def value(self, statistic: str) -> float:
        return float(self.summary.set_index("statistic").loc[statistic, "value"])


def _spearman(a, b) -> float:
    from scipy import stats

    ok = np.isfinite(a) & np.isfinite(b)
    if ok.sum() < 3 or np.ptp(a[ok]) == 0 or np.ptp(b[ok]) == 0:
        return float("nan")
    return float(stats.spearmanr(a[ok], b[ok]).statistic)


def coupling_diagnostics(u, *, model: str = "classic", weights=None, high_c: float = 0.8,
                         low_t: float = 0.3, saturated_share: float = 0.8,
                         dominant_t: float = 0.95, shift: float = 0.01) -> CouplingDiagnostics:
    """Diagnostics of the coupling degree of ``u`` (rows = units, columns = systems).

    Parameters
    ----------
    u : array (m, n) or DataFrame
        System scores in [0, 1].
    model : {"classic", "wang2021", "fan2024"}
        The model whose C and D are diagnosed (compared with ``wang2021``, or with
        ``classic`` when it is ``wang2021``).
    weights : sequence of float, optional
        Weights of T (default equal).
    high_c, low_t : float
        Pseudo-coupling: C >= high_c while T < low_t.
    saturated_share : float
        C "does not discriminate" when at least this share of it is >= high_c ...
    dominant_t : float
        ... or when T alone explains at least this share of the variation of ln D.
    shift : float
        The standardisation shift whose effect on C is measured.

    Examples
    --------
    >>> r = coupling_diagnostics([[0.2, 0.25], [0.5, 0.45], [0.8, 0.85], [0.3, 0.35]])
    >>> r.value("share_c_high"), r.discriminates
    (1.0, False)
    """
    if model not in COUPLING_MODELS:
        raise DataError(f"coupling model must be one of {list(COUPLING_MODELS)}, got {model!r}")
    u = np.asarray(u, dtype=float)
    if u.ndim != 2 or u.shape[1] < 2 or len(u) < 2:
        raise DataError(f"u must have shape (units >= 2, systems >= 2), got {u.shape}")
    if not np.isfinite(u).all() or (u < 0).any() or (u > 1).any():
        raise DataError("u must hold finite system scores in [0, 1]")
    w = check_coupling_weights(np.full(u.shape[1], 1 / u.shape[1]) if weights is None
                               else weights, u.shape[1])
    c = coupling_degree(u, model)
    t = u @ w
    d = np.sqrt(c * t)
    other = "classic" if model == "wang2021" else "wang2021"
    c2 = coupling_degree(u, other)
    d2 = np.sqrt(c2 * t)
    share_t, used = variance_share_of_t(c, t)
    shifted = coupling_degree(np.clip(u + shift, 0, None), model)
    q = np.quantile(c, [0.0, 0.25, 0.5, 0.75, 1.0])
    pseudo = (c >= high_c) & (t < low_t)
    stats = {"N": len(u), "c_min": q[0], "c_q25": q[1], "c_median": q[2], "c_q75": q[3],
             "c_max": q[4], "c_iqr": q[3] - q[1], "share_c_high": float((c >= high_c).mean()),
             "share_c_09": float((c >= 0.9).mean()),
             "share_t_of_d": share_t, "n_used_variance": used,
             "spearman_c_other": _spearman(c, c2), "spearman_d_other": _spearman(d, d2),
             "share_type_changes_other": float((type_codes(d) != type_codes(d2)).mean()),
             "share_pseudo": float(pseudo.mean()),
             "shift_max_dc": float(np.abs(shifted - c).max()),
             "shift_median_dc": float(np.median(np.abs(shifted - c)))}
    discriminates = not (stats["share_c_high"] >= saturated_share
                         or (np.isfinite(share_t) and share_t >= dominant_t))
    if not discriminates:
        warnings.warn(warning(CouplingSaturationWarning, "coupling.saturated", model=model,
                              share=stats["share_c_high"], high_c=high_c,
                              share_t=share_t), stacklevel=2)
    summary = pd.DataFrame({"statistic": list(stats), "value": list(stats.values())})
    flagged = pd.DataFrame({"row": np.flatnonzero(pseudo), "C": c[pseudo], "T": t[pseudo]})
    opts = {"model": model, "compared_with": other, "high_c": high_c, "low_t": low_t,
            "saturated_share": saturated_share, "dominant_t": dominant_t, "shift": shift,
            "weights": w.tolist()}
    return CouplingDiagnostics(summary, flagged, discriminates, opts)
