"""Text of the spatial-regression chapter: model, test and effect names, the report's
headings and notes, the decision sentences and the methods sentence, zh and en."""

from __future__ import annotations

__all__ = ["ECONOMETRICS_TEXTS", "ECONOMETRICS_LABELS", "MODEL_SHORT"]

#: Short names of the models (column heads of the coefficient table, in every language).
MODEL_SHORT = {"ols": "OLS", "slx": "SLX", "sar": "SAR", "sem": "SEM", "sdm": "SDM",
               "sdem": "SDEM", "sac": "SAC"}

#: Labels of the ids in the chapter's tables (models, tests, hypotheses, effects, terms).
ECONOMETRICS_LABELS: dict[str, dict[str, str]] = {
    "ols": {"zh": "普通最小二乘模型（OLS）", "en": "Non-spatial model (OLS)"},
    "slx": {"zh": "空间滞后解释变量模型（SLX）", "en": "Spatially lagged X (SLX)"},
    "sar": {"zh": "空间滞后模型（SAR）", "en": "Spatial lag (SAR)"},
    "sem": {"zh": "空间误差模型（SEM）", "en": "Spatial error (SEM)"},
    "sdm": {"zh": "空间杜宾模型（SDM）", "en": "Spatial Durbin (SDM)"},
    "sdem": {"zh": "空间杜宾误差模型（SDEM）", "en": "Spatial Durbin error (SDEM)"},
    "sac": {"zh": "空间自相关模型（SAC）", "en": "Spatial lag and error (SAC)"},
    "lm_error": {"zh": "LM 误差检验", "en": "LM error"},
    "lm_lag": {"zh": "LM 滞后检验", "en": "LM lag"},
    "robust_lm_error": {"zh": "稳健 LM 误差检验", "en": "Robust LM error"},
    "robust_lm_lag": {"zh": "稳健 LM 滞后检验", "en": "Robust LM lag"},
    "sarma": {"zh": "SARMA 联合检验", "en": "SARMA (lag and error)"},
    "theta=0": {"zh": "θ = 0（SDM 可简化为 SAR）", "en": "θ = 0 (SDM reduces to SAR)"},
    "theta+rho*beta=0": {"zh": "θ + ρβ = 0（SDM 可简化为 SEM）", "en": "θ + ρβ = 0 (SDM reduces to SEM)"},
    "rho=0": {"zh": "ρ = 0（SDM 可简化为 SLX）", "en": "ρ = 0 (SDM reduces to SLX)"},
    "theta=0,rho=0": {"zh": "θ = 0 且 ρ = 0（SDM 可简化为 OLS）",
              "en": "θ = 0 and ρ = 0 (SDM reduces to OLS)"},
    "direct": {"zh": "直接效应", "en": "Direct"},
    "indirect": {"zh": "间接效应（空间溢出）", "en": "Indirect (spillover)"},
    "total": {"zh": "总效应", "en": "Total"},
    "const": {"zh": "常数项", "en": "Constant"},
    "rho": {"zh": "ρ", "en": "ρ"},
    "lambda": {"zh": "λ", "en": "λ"},
    "phi": {"zh": "φ（随机效应权重）", "en": "φ (random-effects weight)"},
    "_r2": {"zh": "R²", "en": "R²"},
    "_loglik": {"zh": "对数似然值", "en": "Log-likelihood"},
    "_aic": {"zh": "AIC", "en": "AIC"},
    "_nobs": {"zh": "观测值", "en": "Observations"},
    "_fe_region": {"zh": "地区固定效应", "en": "Region fixed effects"},
    "_fe_time": {"zh": "年份固定效应", "en": "Year fixed effects"},
}

_REPORT = {
    "report.econometrics": {"zh": "空间计量模型：影响因素与空间溢出效应",
                            "en": "Spatial econometric models: drivers and spillovers"},
    "report.h.econ_lm": {"zh": "非空间模型残差的 LM 检验",
                         "en": "LM tests on the residuals of the non-spatial model"},
    "report.h.econ_restrictions": {"zh": "空间杜宾模型的简化检验",
                                   "en": "Can the spatial Durbin model be simplified?"},
    "report.h.econ_models": {"zh": "模型估计结果", "en": "Estimates"},
    "report.h.econ_hausman": {"zh": "Hausman 检验：固定效应与随机效应",
                              "en": "Hausman test: fixed against random region effects"},
    "report.econ.hausman.fixed": {
        "zh": "Hausman 检验拒绝随机效应（χ² = {h}，自由度 {df}，p = {p}）：应采用固定效应。",
        "en": "The Hausman test rejects random region effects (χ² = {h}, {df} df, p = {p}): "
              "fixed effects are the consistent choice."},
    "report.econ.hausman.random": {
        "zh": "Hausman 检验不能拒绝随机效应（χ² = {h}，自由度 {df}，p = {p}）：两者的估计均一致，"
              "随机效应更有效；本章仍报告固定效应模型。",
        "en": "The Hausman test does not reject random region effects (χ² = {h}, {df} df, "
              "p = {p}): both estimates are consistent and random effects would be more "
              "efficient; this chapter reports the fixed-effects models."},
    "report.econ.hausman.indefinite": {
        "zh": "Hausman 检验中固定效应与随机效应协方差矩阵之差不是正定矩阵（有限样本中常见），统计量"
              "（χ² = {h}）不可靠，不据此作出判断。",
        "en": "In the Hausman test the difference of the fixed- and random-effects covariance "
              "matrices is not positive definite (common in finite samples): the statistic "
              "(χ² = {h}) is not reliable and no conclusion is drawn from it."},
    "report.h.econ_effects": {"zh": "{model}的直接效应、间接效应与总效应",
                              "en": "Direct, indirect and total effects: {model}"},
    "report.note.econ_setup": {
        "zh": "{n} 个地区 × {t} 年，{obs} 个观测值（固定效应消去后）；{fe}{bias}；空间权重：{weights}。",
        "en": "{n} regions × {t} years, {obs} observations after the fixed effects are "
              "removed; {fe}{bias}; spatial weights: {weights}."},
    "report.note.econ_stars": {
        "zh": "*** p < 0.01，** p < 0.05，* p < 0.1；括号内为标准误。R²：OLS 与 SLX 为（组内）R²，"
              "空间模型为 Nagelkerke 伪 R²。",
        "en": "*** p < 0.01, ** p < 0.05, * p < 0.1; standard errors in parentheses. R²: "
              "(within) R² for OLS and SLX, Nagelkerke's pseudo R² for the spatial models."},
    "report.note.econ_effects": {
        "zh": "效应按 LeSage 与 Pace（2009）精确计算；标准误与 {level} 置信区间来自 {kept} 次参数模拟"
              "（随机种子 {seed}），另列 Delta 法标准误以供对照。",
        "en": "Effects computed exactly after LeSage and Pace (2009); standard errors and "
              "{level} intervals from {kept} simulated parameter draws (seed {seed}); the "
              "delta-method standard error is given beside them."},
    "report.note.econ_no_effects": {
        "zh": "{model} 模型不含空间滞后项，没有空间溢出效应：各变量的效应即其系数。",
        "en": "The {model} model has no spatial lag term, hence no spillover: each "
              "variable's effect is its coefficient."},
    "report.econ.fe.twoway": {"zh": "地区与年份双向固定效应", "en": "region and year fixed effects"},
    "report.econ.fe.region": {"zh": "地区固定效应", "en": "region fixed effects"},
    "report.econ.fe.time": {"zh": "年份固定效应", "en": "year fixed effects"},
    "report.econ.fe.random_none": {"zh": "随机地区效应", "en": "random region effects"},
    "report.econ.fe.random_time": {"zh": "随机地区效应与年份固定效应",
                                   "en": "random region effects and year fixed effects"},
    "report.econ.fe.none": {"zh": "无固定效应（含常数项）", "en": "no fixed effects (with a constant)"},
    "report.econ.bias.lee-yu": {"zh": "，Lee 与 Yu（2010）偏误修正",
                                "en": ", Lee and Yu (2010) bias correction"},
    "report.econ.bias.none": {"zh": "，直接法（未作偏误修正）",
                              "en": ", direct approach (no bias correction)"},
    "report.econ.test.lr": {"zh": "似然比（LR）检验", "en": "likelihood-ratio (LR) tests"},
    "report.econ.test.wald": {"zh": "Wald 检验", "en": "Wald tests"},
    "report.econ.reason.no_dependence": {
        "zh": "LM 检验均不显著（p ≥ {alpha}），{test}亦不能拒绝 SDM 简化为 OLS（p = {p_ols}）："
              "未发现显著的空间依赖，报告非空间模型（OLS）。",
        "en": "No LM test is significant (p ≥ {alpha}) and the {test} do not reject the "
              "reduction of the SDM to OLS (p = {p_ols}): no significant spatial dependence "
              "was found, and the non-spatial model (OLS) is reported."},
    "report.econ.reason.both_rejected": {
        "zh": "{test}拒绝 θ = 0（p = {p_sar}）与 θ + ρβ = 0（p = {p_sem}）：SDM 不能简化为 SAR 或 "
              "SEM，选择空间杜宾模型（SDM）。",
        "en": "The {test} reject θ = 0 (p = {p_sar}) and θ + ρβ = 0 (p = {p_sem}): the SDM "
              "reduces to neither SAR nor SEM, and the spatial Durbin model is chosen."},
    "report.econ.reason.lag": {
        "zh": "{test}不能拒绝 θ = 0（p = {p_sar}），且稳健 LM 检验指向空间滞后（稳健 LM 滞后 "
              "p = {p_rlag}，稳健 LM 误差 p = {p_rerr}）：选择空间滞后模型（SAR）。",
        "en": "The {test} do not reject θ = 0 (p = {p_sar}) and the robust LM tests point to "
              "a spatial lag (robust LM lag p = {p_rlag}, robust LM error p = {p_rerr}): the "
              "spatial lag model (SAR) is chosen."},
    "report.econ.reason.error": {
        "zh": "{test}不能拒绝 θ + ρβ = 0（p = {p_sem}），且稳健 LM 检验指向空间误差（稳健 LM 误差 "
              "p = {p_rerr}，稳健 LM 滞后 p = {p_rlag}）：选择空间误差模型（SEM）。",
        "en": "The {test} do not reject θ + ρβ = 0 (p = {p_sem}) and the robust LM tests "
              "point to a spatial error (robust LM error p = {p_rerr}, robust LM lag p = "
              "{p_rlag}): the spatial error model (SEM) is chosen."},
    "report.econ.reason.disagree": {
        "zh": "检验结论不一致（θ = 0：p = {p_sar}；θ + ρβ = 0：p = {p_sem}；稳健 LM 滞后 p = "
              "{p_rlag}，稳健 LM 误差 p = {p_rerr}）：按 Elhorst（2010）保留同时包含两者的空间杜宾"
              "模型（SDM）。",
        "en": "The tests disagree (θ = 0: p = {p_sar}; θ + ρβ = 0: p = {p_sem}; robust LM lag "
              "p = {p_rlag}, robust LM error p = {p_rerr}): the spatial Durbin model, which "
              "nests both, is kept (Elhorst 2010)."},
    "report.econ.reason.configured": {
        "zh": "报告的模型由配置指定（{model}）；", "en": "The model reported is the one the "
                                                  "config names ({model}); "},
    "report.econ.reason.tests_chose": {
        "zh": "检验选择的模型为 {chosen}（见上表）。",
        "en": "the tests choose {chosen} (see the tables above)."},
}

_SUMMARY = {
    "summary.econometrics": {
        "zh": "空间计量模型：{model}{spatial}；检验选择 {chosen}",
        "en": "Spatial econometric model: {model}{spatial}; the tests choose {chosen}"},
    "summary.econometrics_params": {"zh": "（{params}）", "en": " ({params})"},
    "summary.econometrics_configured": {
        "zh": "空间计量模型：{model}{spatial}", "en": "Spatial econometric model: {model}{spatial}"},
}

_METHODS = {
    "methods.econometrics": {
        "zh": "空间计量分析以{y}为被解释变量、{x}为解释变量{transform}，构建空间面板模型（{n} 个"
              "地区 × {t} 年，{fe}{bias}），空间权重为{weights}，以极大似然法估计（Anselin，1988；"
              "Elhorst，2014）。{tests}{effects}",
        "en": "The spatial econometric models regress {y} on {x}{transform} ({n} regions × "
              "{t} years, {fe}{bias}; spatial weights: {weights}), estimated by maximum "
              "likelihood (Anselin 1988; Elhorst 2014). {tests}{effects}"},
    "methods.econ.transform": {"zh": "（{parts}）", "en": " ({parts})"},
    "methods.econ.log": {"zh": "{names}取自然对数", "en": "natural logarithms of {names}"},
    "methods.econ.standardize": {"zh": "解释变量标准化为 z 分数",
                                 "en": "regressors standardised as z-scores"},
    "methods.econ.tests": {
        "zh": "先以非空间模型残差的 LM 检验及其稳健形式（Anselin 等，1996）判断空间依赖，再以{test}"
              "检验空间杜宾模型能否简化为空间滞后、空间误差、SLX 或非空间模型（Elhorst，2010），"
              "据此选择{model}。",
        "en": "Spatial dependence was first tested with LM tests and their robust forms on the "
              "residuals of the non-spatial model (Anselin et al. 1996), then the spatial "
              "Durbin model was tested against its reductions to the spatial lag, spatial "
              "error, SLX and non-spatial models with {test} (Elhorst 2010); the {model} was "
              "chosen. "},
    "methods.econ.configured": {"zh": "报告{model}。", "en": "The {model} is reported. "},
    "methods.econ.effects": {
        "zh": "按 LeSage 与 Pace（2009）由偏微分矩阵计算直接效应、间接（溢出）效应与总效应，"
              "标准误与 {level} 置信区间来自 {draws} 次参数模拟（随机种子 {seed}）。",
        "en": "Direct, indirect (spillover) and total effects were computed from the partial "
              "derivatives after LeSage and Pace (2009), with standard errors and {level} "
              "intervals from {draws} simulated parameter draws (seed {seed})."},
    "methods.econ.no_effects": {
        "zh": "该模型不含空间滞后项，没有空间溢出效应。",
        "en": "This model has no spatial lag term and hence no spillover."},
}

ECONOMETRICS_TEXTS = {**_REPORT, **_METHODS, **_SUMMARY}
