"""Texts of the coupling auditor (``ccdkit audit``): the variants it tries, the checks it
makes and its verdict, zh and en."""

from __future__ import annotations

__all__ = ["AUDIT_VARIANT_SHORT", "AUDIT_VARIANT_LABELS", "AUDIT_CHECK_LABELS", "AUDIT_TEXTS", "AUDIT_HEADERS"]

AUDIT_VARIANT_LABELS: dict[str, dict[str, str]] = {
    "classic": {"zh": "经典模型 C = n(∏U)^(1/n)/ΣU（两系统即 2√(U1U2)/(U1+U2)）",
                "en": "classic C = n(∏U)^(1/n)/ΣU (two systems: 2√(U1U2)/(U1+U2))"},
    "classic_sqrt": {"zh": "经典模型但指数取 1/2（三个及以上系统）",
                     "en": "classic with exponent 1/2 (three or more systems)"},
    "classic_no_exponent": {"zh": "经典模型但缺少指数（C 的 n 次方）",
                            "en": "classic without the exponent (C to the power n)"},
    "classic_no_n": {"zh": "经典模型但缺少系数 n（最大为 1/n）",
                     "en": "classic without the coefficient n (at most 1/n)"},
    "wang2021": {"zh": "王淑佳等（2021）修正模型", "en": "modified model (Wang et al. 2021)"},
    "fan2024": {"zh": "Fan 等（2024）模型", "en": "Fan et al. (2024) model"},
    "equal": {"zh": "等权平均", "en": "equal weights (mean of U)"},
    "given": {"zh": "给定权重", "en": "the given weights"},
    "fitted": {"zh": "拟合的加权和（非负最小二乘）", "en": "a fitted weighted sum (non-negative least squares)"},
}

#: Short names of the variants, for table cells.
AUDIT_VARIANT_SHORT: dict[str, dict[str, str]] = {
    "classic": {"zh": "经典模型", "en": "classic"},
    "classic_sqrt": {"zh": "经典（指数 1/2）", "en": "classic, exponent 1/2"},
    "classic_no_exponent": {"zh": "经典（无指数）", "en": "classic, no exponent"},
    "classic_no_n": {"zh": "经典（无系数 n）", "en": "classic, no coefficient n"},
    "wang2021": {"zh": "修正模型（王淑佳 2021）", "en": "modified (Wang 2021)"},
    "fan2024": {"zh": "Fan 2024", "en": "Fan 2024"},
    "equal": {"zh": "等权", "en": "equal weights"},
    "given": {"zh": "给定权重", "en": "given weights"},
    "fitted": {"zh": "拟合权重", "en": "fitted weights"},
}

AUDIT_CHECK_LABELS: dict[str, dict[str, str]] = {
    "u_missing": {"zh": "系统得分缺失", "en": "system score missing"},
    "u_range": {"zh": "系统得分不在 [0, 1]", "en": "system score outside [0, 1]"},
    "c_range": {"zh": "耦合度 C 不在 [0, 1]", "en": "C outside [0, 1]"},
    "t_range": {"zh": "T 不在本行 U 的取值范围内（不是加权平均）",
                "en": "T outside the range of its U (no weighted mean)"},
    "d_not_sqrt_ct": {"zh": "D 不等于 √(C·T)（按打印精度）",
                      "en": "D ≠ √(C·T) at the printed precision"},
    "type_bounds": {"zh": "协调类型与分级边界不符", "en": "type contradicts the class bounds"},
    "type_overlap": {"zh": "两种协调类型的 D 区间重叠", "en": "two types' D ranges overlap"},
}

AUDIT_HEADERS: dict[str, dict[str, str]] = {
    "zh": {"quantity": "指标", "variant": "公式", "n": "行数", "n_within": "舍入范围内行数",
           "share_within": "舍入范围内占比", "worst": "最大残差/容差", "rms": "均方根残差",
           "reproduces": "完全复现", "row": "行", "printed": "表中数值", "computed": "重算值",
           "residual": "残差", "tolerance": "容差", "within": "在舍入范围内", "check": "检查",
           "expected": "应为", "detail": "说明"},
    "en": {"quantity": "Quantity", "variant": "Formula", "n": "Rows", "n_within": "Rows within rounding",
           "share_within": "Share within rounding", "worst": "Largest residual / tolerance",
           "rms": "RMS residual", "reproduces": "Reproduces", "row": "Row", "printed": "Printed",
           "computed": "Recomputed", "residual": "Residual", "tolerance": "Tolerance",
           "within": "Within rounding", "check": "Check", "expected": "Expected",
           "detail": "Detail"},
}

AUDIT_TEXTS = {
    "audit.header": {"zh": "核查 {n} 行，系统得分列：{systems}。",
                     "en": "Audited {n} rows; system scores: {systems}."},
    "audit.reproduced": {"zh": "{q}：按打印精度完全复现——{variants}。",
                         "en": "{q}: reproduced within the printed rounding by {variants}."},
    "audit.reproduced_d": {"zh": "D：按打印精度完全复现——D = √(C·T)，C 用{variants}，T 用{t}。",
                           "en": "D: reproduced within the printed rounding by D = √(C·T) with "
                                 "C by {variants} and T by {t}."},
    "audit.none": {"zh": "{q}：已知公式均不能在打印精度内复现；最接近的是{closest}（{share:.0%} 的行在舍入范围内）。",
                   "en": "{q}: no known variant reproduces it within the printed rounding; the "
                         "closest is {closest} ({share:.0%} of rows within rounding)."},
    "audit.fitted_weights": {"zh": "表中 T 隐含的权重：{weights}（和为 {total:.3f}）。",
                             "en": "Weights the printed T implies: {weights} (sum {total:.3f})."},
    "audit.issues": {"zh": "内部不一致：{list}。", "en": "Internal inconsistencies: {list}."},
    "audit.no_issues": {"zh": "未发现内部不一致。", "en": "No internal inconsistency found."},
}
