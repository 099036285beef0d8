"""Lagrange multiplier tests for spatial dependence in the residuals of OLS (Anselin 1988;
robust forms: Anselin, Bera, Florax and Yoon 1996; panel forms on the within-transformed
data with the block-diagonal W: Elhorst 2014, ch. 3; Debarsy and Ertur 2010).

With e the residuals, s2 = e'e / n, W the (block-diagonal) weights, T = tr(W'W + W W)
and D = [(W X b)' M (W X b) + T s2] / s2 (M the residual maker):

    LM-error          (e'We/s2)^2 / T
    LM-lag            (e'Wy/s2)^2 / D
    robust LM-error   (e'We/s2 - T/D e'Wy/s2)^2 / (T (1 - T/D))
    robust LM-lag     (e'Wy/s2 - e'We/s2)^2 / (D - T)
    SARMA             robust LM-lag + LM-error (2 df)
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from ._design import Design
from ._likelihood import Estimate

__all__ = ["lm_statistics", "operator_traces", "LM_TESTS"]

#: The tests, in the order of the table.
LM_TESTS = ("lm_error", "lm_lag", "robust_lm_error", "robust_lm_lag", "sarma")


def operator_traces(d: Design) -> float:
    """T' tr(W'W + WW) of the operator on the transformed data: W, or W* = F'WF with the
    Lee-Yu time transformation, whose traces follow from W's own sums:
    tr(W*'W*) = |W|^2 - |c|^2/N - |r|^2/N + S^2/N^2 and tr(W*W*) = tr(WW) - 2 c.r/N +
    S^2/N^2 (c, r the column and row sums, S the total)."""
    tww, tw2 = d.w.traces()
    if d.drops_unit_root:
        W, n = d.w.W, d.N
        c = np.asarray(W.sum(axis=0)).ravel()
        r = np.asarray(W.sum(axis=1)).ravel()
        total = float(r.sum())
        tww = tww - (c @ c + r @ r) / n + total ** 2 / n ** 2
        tw2 = tw2 - 2 * (c @ r) / n + total ** 2 / n ** 2
    return d.periods * (tww + tw2)


def lm_statistics(d: Design, ols: Estimate) -> dict[str, tuple[float, int, float]]:
    """The LM tests on the OLS residuals of ``d``: {test: (statistic, df, p-value)}.

    Lags are taken of the transformed data (as the tests on the stacked within-transformed
    panel with the block-diagonal W).
    """
    n = d.nobs
    e, X = ols.resid, ols.X
    y = d.transform(d.y)
    s2 = float(e @ e) / n
    tr = operator_traces(d)
    wxb = d.lag_transformed(y - e)
    fitted = X @ np.linalg.lstsq(X, wxb, rcond=None)[0]
    mwxb = wxb - fitted
    D = (float(mwxb @ mwxb) + tr * s2) / s2
    d_err = float(e @ d.lag_transformed(e)) / s2
    d_lag = float(e @ d.lag_transformed(y)) / s2
    values = {
        "lm_error": (d_err ** 2 / tr, 1),
        "lm_lag": (d_lag ** 2 / D, 1),
        "robust_lm_error": ((d_err - tr / D * d_lag) ** 2 / (tr * (1 - tr / D)), 1),
        "robust_lm_lag": ((d_lag - d_err) ** 2 / (D - tr), 1),
        "sarma": ((d_lag - d_err) ** 2 / (D - tr) + d_err ** 2 / tr, 2),
    }
    return {k: (float(v), df, float(stats.chi2.sf(v, df))) for k, (v, df) in values.items()}
