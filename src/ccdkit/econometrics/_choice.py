"""Choosing a spatial model: LM tests on the OLS (fixed-effects) residuals, then the
spatial Durbin model tested against its restrictions (LR and Wald), with a stated decision
path (Elhorst 2010, 2014; LeSage and Pace 2009).

Decision path (``choice_test`` decides, the other test is reported beside it):

1. LM tests on the residuals of the non-spatial model (lag, error, robust forms).
2. The SDM is estimated; H0 theta = 0 (SDM reduces to SAR) and H0 theta + rho beta = 0
   (SDM reduces to SEM, the common-factor restriction) are tested.
3. No LM test significant and the SDM not rejected in favour of OLS (H0 theta = 0 and
   rho = 0 jointly): OLS, no spatial dependence found. Else: both restrictions rejected:
   SDM. theta = 0 not rejected and the robust LM tests point to the lag (robust LM-lag
   significant, robust LM-error not): SAR. theta + rho beta = 0 not rejected and the
   robust LM tests point to the error: SEM. Otherwise the SDM, which nests both (Elhorst
   2010: the SDM is kept when the tests disagree).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ._design import Design
from ._frame import make_design
from ._likelihood import fit_ols
from ._lm import LM_TESTS, lm_statistics
from ._models import SpatialRegressionResult, fit_design
from ._random import hausman

__all__ = ["ModelChoice", "choose_model", "lm_tests", "COMPARED_MODELS", "HYPOTHESES"]

#: The restrictions of the SDM tested, by the model each reduces it to.
HYPOTHESES = {"sar": "theta=0", "sem": "theta+rho*beta=0", "slx": "rho=0",
              "ols": "theta=0,rho=0"}
#: Models estimated for the comparison table.
COMPARED_MODELS = ("ols", "slx", "sar", "sem", "sdm", "sdem")


@dataclass
class ModelChoice:
    """The model-choice tests and their decision.

    Attributes
    ----------
    lm : DataFrame
        test (lm_error, lm_lag, robust_lm_error, robust_lm_lag, sarma), statistic, df,
        p_value.
    restrictions : DataFrame
        hypothesis (``theta=0``, ``theta+rho*beta=0``, ``rho=0``, ``theta=0,rho=0``),
        reduces_to (the model the SDM reduces to under it: sar, sem, slx, ols), lr, lr_p,
        wald, wald_p, df.
    models : dict of str to SpatialRegressionResult
        Every model estimated.
    comparison : DataFrame
        model, parameters, loglik, aic, r2 of every model.
    chosen : str
    reason : str
        Id of the rule that chose (``no_dependence``, ``both_rejected``, ``lag``, ``error``,
        ``disagree``).
    alpha : float
    choice_test : str
    hausman : DataFrame or None
        Hausman test of the SDM with fixed against random region effects (model,
        statistic, df, p_value, positive_definite); None without region fixed effects.
    """

    lm: pd.DataFrame
    restrictions: pd.DataFrame
    models: dict = field(repr=False)
    comparison: pd.DataFrame = field(repr=False)
    chosen: str = "sdm"
    reason: str = "both_rejected"
    alpha: float = 0.05
    choice_test: str = "lr"
    hausman: pd.DataFrame | None = None

    def to_frame(self) -> pd.DataFrame:
        return self.comparison.copy()

    def summary(self) -> str:
        fmt = {"float_format": lambda v: f"{v:.6g}", "index": False}
        return "\n\n".join([
            "LM tests on the non-spatial model's residuals\n" + self.lm.to_string(**fmt),
            f"Restrictions of the SDM ({self.choice_test.upper()} decides, alpha "
            f"{self.alpha})\n" + self.restrictions.to_string(**fmt),
            "Models\n" + self.comparison.to_string(**fmt),
            *(["Hausman test (fixed against random region effects)\n"
               + self.hausman.to_string(**fmt)] if self.hausman is not None else []),
            f"Chosen: {self.chosen.upper()} ({self.reason})"])


def _lm_frame(d: Design) -> pd.DataFrame:
    res = lm_statistics(d, fit_ols(d))
    return pd.DataFrame([(t, *res[t]) for t in LM_TESTS],
                        columns=["test", "statistic", "df", "p_value"])


def lm_tests(frame: pd.DataFrame, y: str, x, weights, *, region: str = "region",
             year: str | None = "year", fixed_effects: str = "auto",
             bias_correction: str = "lee-yu") -> pd.DataFrame:
    """LM tests for a spatial lag or error in the OLS (fixed-effects) residuals.

    Returns a table: test, statistic, df, p_value (chi-square). See
    :func:`spatial_regression` for the arguments.

    References
    ----------
    Anselin, L., Bera, A. K., Florax, R., & Yoon, M. J. (1996). Simple diagnostic tests for
    spatial dependence. *Regional Science and Urban Economics*, 26(1), 77-104.
    """
    d = make_design(frame, y, x, weights, region=region, year=year,
                    fixed_effects=fixed_effects, bias_correction=bias_correction)
    return _lm_frame(d)


def _restrictions(sdm: SpatialRegressionResult, fits: dict) -> pd.DataFrame:
    names = list(sdm.design.names)
    k = len(names)
    est = sdm.coefficients.set_index("term")["estimate"]
    order = names + [f"W*{n}" for n in names] + ["rho"]
    V = sdm.cov.loc[order, order].to_numpy()
    beta, theta, rho = est[names].to_numpy(), est[[f"W*{n}" for n in names]].to_numpy(), \
        float(est["rho"])
    rows = []
    # theta = 0
    Vt = V[k:2 * k, k:2 * k]
    rows.append(("sar", theta @ np.linalg.solve(Vt, theta), k))
    # theta + rho beta = 0 (gradient: rho I, I, beta)
    g = theta + rho * beta
    J = np.hstack([rho * np.eye(k), np.eye(k), beta[:, None]])
    rows.append(("sem", g @ np.linalg.solve(J @ V @ J.T, g), k))
    # rho = 0
    rows.append(("slx", rho ** 2 / V[-1, -1], 1))
    # theta = 0 and rho = 0
    tr_ = np.concatenate([theta, [rho]])
    rows.append(("ols", tr_ @ np.linalg.solve(V[k:, k:], tr_), k + 1))
    out = []
    for model, wald, df in rows:
        lr = 2.0 * (sdm.loglik - fits[model].loglik)
        out.append({"hypothesis": HYPOTHESES[model], "reduces_to": model, "lr": lr, "lr_p": float(stats.chi2.sf(lr, df)),
                    "wald": float(wald), "wald_p": float(stats.chi2.sf(wald, df)), "df": df})
    return pd.DataFrame(out)


def _decide(lm: pd.DataFrame, restr: pd.DataFrame, alpha: float, test: str) -> tuple:
    p = restr.set_index("reduces_to")[f"{test}_p"]
    lmp = lm.set_index("test")["p_value"]
    lag_lm = lmp["robust_lm_lag"] < alpha and lmp["robust_lm_error"] >= alpha
    err_lm = lmp["robust_lm_error"] < alpha and lmp["robust_lm_lag"] >= alpha
    if p["ols"] >= alpha and (lmp >= alpha).all():
        return "ols", "no_dependence"
    if p["sar"] < alpha and p["sem"] < alpha:
        return "sdm", "both_rejected"
    if p["sar"] >= alpha and lag_lm:
        return "sar", "lag"
    if p["sem"] >= alpha and err_lm:
        return "sem", "error"
    return "sdm", "disagree"


def choose_model(frame: pd.DataFrame, y: str, x, weights, *, region: str = "region",
                 year: str | None = "year", fixed_effects: str = "auto",
                 bias_correction: str = "lee-yu", covariance: str = "information",
                 choice_test: str = "lr", alpha: float = 0.05) -> ModelChoice:
    """LM tests, the models OLS, SLX, SAR, SEM, SDM and SDEM, the tests of the SDM against
    SAR, SEM, SLX and OLS, and the model they choose (module docstring: the decision
    path); in a panel with region fixed effects also the Hausman test of the SDM with
    fixed against random region effects (informative: the models keep the fixed ones).

    References
    ----------
    Elhorst, J. P. (2010). Applied spatial econometrics: raising the bar. *Spatial
    Economic Analysis*, 5(1), 9-28.
    """
    from ._params import ChoiceOptions, EffectsOptions
    ChoiceOptions(choice_test=choice_test)
    EffectsOptions(alpha=alpha)
    d = make_design(frame, y, x, weights, region=region, year=year,
                    fixed_effects=fixed_effects, bias_correction=bias_correction, durbin=True)
    extra = {"y": y, "x": list(d.names)}
    fits = {m: fit_design(d, m, covariance, extra) for m in COMPARED_MODELS}
    lm = _lm_frame(d)
    restr = _restrictions(fits["sdm"], fits)
    chosen, reason = _decide(lm, restr, alpha, choice_test)
    comparison = pd.DataFrame([
        {"model": m, "parameters": len(r.coefficients) + 1, "loglik": r.loglik,
         "aic": r.aic, "r2": r.r2} for m, r in fits.items()])
    test = None
    if d.T > 1 and d.fixed_effects in ("region", "twoway"):
        test = hausman(fits["sdm"], fit_design(d, "sdm", covariance, extra,
                                               random_effects=True))
    return ModelChoice(lm, restr, fits, comparison, chosen, reason, alpha, choice_test, test)
