"""The spatial-regression step of a study: the configured response and regressors (logged
or standardised as asked) on the study's balanced panel, the model-choice tests, the
reported model and its direct, indirect and total effects."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..econometrics import (
    DURBIN_MODELS,
    LAG_MODELS,
    EffectsResult,
    ModelChoice,
    SpatialRegressionResult,
    choose_model,
    spatial_effects,
    spatial_regression,
)
from ..exceptions import DataError
from ..spatial import SpatialWeights, WeightsOptions, build_weights
from ._config import Study

__all__ = ["StudyEconometrics", "study_econometrics", "econometrics_tables", "stars",
           "coefficient_table"]

#: Significance marks of the coefficient tables: p < 0.01, 0.05, 0.1 (the journals' rule).
STAR_LEVELS = ((0.01, "***"), (0.05, "**"), (0.1, "*"))


@dataclass
class StudyEconometrics:
    """What the spatial-regression step computed (see :mod:`ccdkit.econometrics`).

    Attributes
    ----------
    choice : ModelChoice or None
        LM tests, the tests of the SDM and every compared model (``tests: true``).
    model : SpatialRegressionResult
        The reported model (chosen by the tests with ``model: auto``).
    effects : EffectsResult or None
        Direct, indirect and total effects of the reported model (None for OLS and SEM,
        which have no spillover: their effects are the coefficients).
    weights : SpatialWeights
    options : dict
        The config's ``econometrics`` block with the model used and the fixed effects as
        resolved.
    """

    choice: ModelChoice | None
    model: SpatialRegressionResult
    effects: EffectsResult | None
    weights: SpatialWeights
    options: dict


def log_problem(frame: pd.DataFrame, name: str, column: str) -> str | None:
    """The error of ``econometrics.log`` when ``column`` (the variable ``name``) has a value
    that is not > 0 (missing values aside: the panel check names them), else None."""
    values = frame[column]
    bad = frame[values.notna() & ~(values > 0)]
    if not len(bad):
        return None
    r = bad.iloc[0]
    return (f"econometrics.log: {name} must be > 0 to take its logarithm; {len(bad)} "
            f"value(s) are not (first: {r['region']} {r['year']} = {r[column]})")


def _variables(study: Study, frame: pd.DataFrame) -> pd.DataFrame:
    """region, year, y and x as configured (logs, z-scores); errors name the cells."""
    cfg = study.econometrics
    cols = [cfg.y, *cfg.x]
    source = study.factor_columns()  # a factor named by its id: its data column
    data = frame[["region", "year"]].assign(**{v: frame[v if v in frame.columns else
                                                        source.get(v, v)] for v in cols})
    for v in cfg.log:
        problem = log_problem(data, v, v)
        if problem:
            raise DataError(problem)
        data[v] = np.log(data[v])
    if cfg.standardize:
        for v in cfg.x:
            sd = data[v].std(ddof=1)
            if not sd > 0:
                raise DataError(f"econometrics.standardize: {v} is constant")
            data[v] = (data[v] - data[v].mean()) / sd
    return data


def study_econometrics(study: Study, frame: pd.DataFrame,
                       weights: SpatialWeights | None = None) -> StudyEconometrics:
    """Run the configured spatial regression on ``frame`` (region, year and the study's
    columns); ``weights``: those of the spatial step, if it ran (else built here)."""
    cfg = study.econometrics
    if weights is None:
        opts = study.spatial.weights if study.spatial is not None else WeightsOptions()
        weights = build_weights(study.region_ids, opts, data=frame, base_dir=study.base_dir)
    data = _variables(study, frame)
    common = {"fixed_effects": cfg.fixed_effects, "bias_correction": cfg.bias_correction}
    choice = None
    if cfg.tests:
        choice = choose_model(data, cfg.y, cfg.x, weights, covariance=cfg.covariance,
                              choice_test=cfg.choice_test, alpha=cfg.alpha, **common)
    name = choice.chosen if cfg.model == "auto" else cfg.model
    if cfg.random_effects and name not in ("sar", "sdm"):
        raise DataError(f"econometrics.random_effects: random region effects are "
                        f"implemented for sar and sdm; the model reported is {name}")
    if choice is not None and name in choice.models and not cfg.random_effects:
        model = choice.models[name]
    else:
        model = spatial_regression(data, cfg.y, cfg.x, weights, model=name,
                                   covariance=cfg.covariance,
                                   random_effects=cfg.random_effects, **common)
    effects = None
    if name in LAG_MODELS or name in DURBIN_MODELS:
        effects = spatial_effects(model, draws=cfg.draws, seed=cfg.seed, alpha=cfg.alpha)
    options = {**cfg.model_dump(), "model_used": name,
               "fixed_effects_used": model.fixed_effects, "n_regions": model.n_regions,
               "n_periods": model.n_periods, "nobs": model.nobs}
    return StudyEconometrics(choice, model, effects, weights, options)


def stars(p: float) -> str:
    """Significance marks of a p-value (*** < 0.01, ** < 0.05, * < 0.1).

    >>> stars(0.004), stars(0.03), stars(0.07), stars(0.2)
    ('***', '**', '*', '')
    """
    for level, mark in STAR_LEVELS:
        if p < level:
            return mark
    return ""


def _signed(v: float, digits: int) -> str:
    """A number for reading, with a true minus sign (U+2212) as the journals print it."""
    return f"{v:.{digits}f}".replace("-", "\u2212")


def _coefficient_column(res: SpatialRegressionResult) -> dict[str, str]:
    """One model's column of the three-line table: "estimate marks" and "(std. error)"."""
    out = {}
    for r in res.coefficients.itertuples(index=False):
        out[r.term] = f"{_signed(r.estimate, 4)}{stars(r.p_value)}"
        out[f"{r.term}:se"] = f"({r.std_error:.4f})"
    out["_r2"] = f"{res.r2:.4f}"
    out["_loglik"] = _signed(res.loglik, 3)
    out["_aic"] = _signed(res.aic, 3)
    out["_nobs"] = f"{res.nobs}"
    fe = res.fixed_effects
    out["_fe_region"] = ("random" if res.options.get("random_effects") else
                         "yes" if fe in ("region", "twoway") else "no")
    out["_fe_time"] = "yes" if fe in ("time", "twoway") else "no"
    return out


def _column(model: SpatialRegressionResult) -> str:
    """The id of a model's column: its model id, ``_re`` added with random effects."""
    return model.model + ("_re" if model.options.get("random_effects") else "")


def coefficient_table(res: StudyEconometrics) -> pd.DataFrame:
    """The models side by side (three-line style): a row per regressor (``x``) and its
    standard error (``x:se``), then R^2 (``_r2``), log L, AIC, the observations and the
    fixed effects (``_fe_region``, ``_fe_time``: yes/no);
    columns: the models (ids; their headers are the abbreviations, OLS ... SAC)."""
    models = (res.choice.models if res.choice is not None else {})
    models = {**models, _column(res.model): res.model}
    cols = {m: _coefficient_column(r) for m, r in models.items()}
    terms: list[str] = []
    for r in models.values():
        for t in r.coefficients["term"]:
            if t not in terms and t not in ("rho", "lambda", "phi"):
                terms.append(t)
    rows = []
    for t in [*terms, "rho", "lambda", "phi"]:
        if any(t in c for c in cols.values()):
            rows.append({"regressor": t, **{m: c.get(t, "") for m, c in cols.items()}})
            rows.append({"regressor": f"{t}:se", **{m: c.get(f"{t}:se", "") for m, c in
                                                    cols.items()}})
    for t in ("_r2", "_loglik", "_aic", "_nobs", "_fe_region", "_fe_time"):
        rows.append({"regressor": t, **{m: c[t] for m, c in cols.items()}})
    return pd.DataFrame(rows)


def econometrics_tables(res: StudyEconometrics, lang: str = "en") -> dict[str, pd.DataFrame]:
    """The step's tables by name: the model table (three-line), every coefficient (long),
    the LM tests, the tests of the SDM, the models' fit and the effects."""
    out = {"econometrics_models": coefficient_table(res)}
    models = res.choice.models if res.choice is not None else {}
    models = {**models, _column(res.model): res.model}
    out["econometrics_coefficients"] = pd.concat(
        [r.coefficients.rename(columns={"t": "z_stat", "z": "z_stat", "term": "regressor"})
         .assign(model=m) for m, r in models.items()],
        ignore_index=True)[["model", "regressor", "estimate", "std_error", "z_stat",
                            "p_value"]]
    if res.choice is not None:
        out["econometrics_lm"] = res.choice.lm
        out["econometrics_restrictions"] = res.choice.restrictions
        out["econometrics_fit"] = res.choice.comparison
        if res.choice.hausman is not None:
            out["econometrics_hausman"] = res.choice.hausman
    if res.effects is not None:
        out["econometrics_effects"] = res.effects.table.rename(
            columns={"variable": "regressor", "z": "z_stat"})
    return out
