"""Headers of the columns ccdkit writes, in every language."""

from __future__ import annotations

from ._detector_texts import DETECTOR_HEADERS
from ._space_time_texts import SPACE_TIME_HEADERS

from ._language import check_language

__all__ = ["HEADERS_ZH", "HEADERS_EN", "header"]

#: Chinese headers of the columns ccdkit writes.
HEADERS_ZH: dict[str, str] = {
    "regressor": "解释变量", "hypothesis": "原假设", "reduces_to": "简化后的模型",
    "lr": "LR统计量", "lr_p": "LR检验p值", "wald": "Wald统计量", "wald_p": "Wald检验p值",
    "std_error": "标准误", "z_stat": "z统计量", "p_value": "p值", "effect": "效应",
    "delta_se": "Delta法标准误", "parameters": "参数个数", "loglik": "对数似然值",
    "aic": "赤池信息准则AIC", "ols": "OLS模型", "slx": "SLX模型", "sar": "SAR模型",
    "sem": "SEM模型", "sdm": "SDM模型", "sdem": "SDEM模型", "sac": "SAC模型",
    "sar_re": "SAR模型（随机效应）", "sdm_re": "SDM模型（随机效应）", "positive_definite": "差阵正定",
    "interaction_type": "交互作用类型",
    "region": "地区", "year": "年份", "variable": "变量", "method": "方法", "value": "数值",
    "indicator": "指标", "dimension": "维度", "weight": "权重", "local_weight": "维度内权重",
    "dimension_weight": "维度权重", "e": "熵值e", "g": "差异系数g", "sd": "标准差",
    "conflict": "冲突性", "C": "耦合度C", "T": "综合协调指数T", "D": "耦合协调度D",
    "type": "协调类型", "E": "相对发展度E", "rdd_class": "相对发展类型", "group": "区域",
    "count": "数量", "share": "占比", "from": "起始类型", "from_year": "起始年", "to_year": "结束年",
    "up": "上升", "same": "不变", "down": "下降", "first_year": "起始年", "last_year": "结束年",
    "first": "起始值", "last": "结束值", "change": "变化", "pct_change": "变化率",
    "annual_rate": "年均增长率", "rank": "排序", "top": "前列地区", "top_value": "前列值",
    "bottom": "末位地区", "bottom_value": "末位值", "G": "总体基尼系数", "G_within": "区域内差异贡献",
    "G_between": "区域间差异贡献", "G_transvariation": "超变密度贡献", "factor": "因子",
    "q": "q值", "p": "p值", "p_central": "中心F检验p值", "p_permutation": "置换检验p值",
    "F": "F统计量", "lambda": "非中心参数", "N": "样本数", "L": "层数", "singletons": "单样本层数",
    "missing": "缺失数", "k": "分级数", "n_classes": "实际层数", "factor1": "因子1",
    "factor2": "因子2", "q1": "q(因子1)", "q2": "q(因子2)", "q12": "q(交互)", "p12": "p(交互)",
    "L12": "交互层数", "N12": "交互样本数", "valid": "有效", "reason": "原因",
    "q_adj": "调整q值", "q_ci_low": "q值置信区间下限", "q_ci_high": "q值置信区间上限",
    "q12_adj": "调整q(交互)", "p12_permutation": "置换检验p(交互)",
    "p_enhance": "交互增强置换检验p值",
    "enhance_significant": "交互增强显著", "N_dropped": "未使用样本数",
    "min_count": "最小层样本数", "breaks": "断点", "lq": "区位熵", "cr": "行业集中度",
    "hhi": "赫芬达尔指数", "assets_all": "全部企业总资产", "assets_target": "目标行业总资产",
    "firm": "企业", "total_assets": "总资产", "is_target": "目标行业", "mean": "均值",
    "var": "方差", "n": "样本数", "stratum": "层", "label": "标签", "t": "t统计量", "df": "自由度",
    "significant": "显著", "share_within": "区域内差异贡献率",
    "share_between": "区域间差异贡献率", "share_transvariation": "超变密度贡献率",
    "neighbor": "邻近地区", "added": "补充连接", "I": "莫兰指数I", "EI": "期望值E(I)",
    "z_norm": "z值（正态近似）", "p_norm": "p值（正态近似）", "EI_sim": "置换期望值",
    "z_sim": "z值（置换）", "p_sim": "置换检验p值", "permutations": "置换次数",
    "y": "空间滞后变量", "z": "标准化值z", "lag": "空间滞后值", "Ii": "局部莫兰指数Ii",
    "quadrant": "象限", "cluster": "LISA聚类", "p_cut": "显著性阈值", "Gi": "Gi*统计量",
    "z_G": "Gi*的z值", "hotspot": "冷热点", "missing_regions": "缺失地区",
    "lag_class": "邻域类别", "x": "取值", "density": "核密度", "bandwidth": "带宽", "n_peaks": "波峰数",
    "peak": "主峰位置", "height": "主峰高度", "width": "主峰半高宽", "peaks": "各波峰位置",
    "class": "类别", "upper": "类别上限", "steady_state": "稳态分布", "sojourn": "平均停留年数",
    "mfpt": "平均首次通过时间",
    "to": "结束类别", "test": "检验", "statistic": "统计量", "dof": "自由度",
    "model": "模型", "term": "变量", "coef": "系数", "se": "聚类稳健标准误", "r2": "R²",
    "speed": "收敛速度", "half_life": "半衰期（年）", "cv": "变异系数",
    "estimate": "估计值", "ci_lower": "置信区间下限", "ci_upper": "置信区间上限",
    "boot_se": "自助法标准误", "system": "系统", "pool": "赋权范围", "probability": "概率",
    "estimated": "点估计类型", "D_baseline": "基准D", "D_median": "D中位数",
    "D_p05": "D的5%分位数", "D_p95": "D的95%分位数", "rank_baseline": "基准排序",
    "rank_median": "排序中位数", "rank_p05": "排序5%分位数", "rank_p95": "排序95%分位数",
    "type_baseline": "基准协调类型", "type_change": "类型改变比例", "choice": "方法选择",
    "levels": "备选数", "S_D": "一阶敏感性指数（D）", "S_rank": "一阶敏感性指数（排序）",
    "S_shift": "一阶敏感性指数（平均排序变动）", "scenario_a": "方案A", "scenario_b": "方案B",
    "spearman": "斯皮尔曼秩相关系数ρ", "kendall": "肯德尔秩相关系数τb", "run": "运行序号",
    "weighting": "赋权方法", "normalization": "标准化", "scoring": "综合评价",
    "pooling": "赋权范围", "coupling": "耦合度模型",
    "df1": "自由度1", "df2": "自由度2", "stratum1": "层1", "stratum2": "层2", "mean1": "均值1", "mean2": "均值2",
}


#: English headers of the columns the report shows (the tables keep the column names).
HEADERS_EN: dict[str, str] = {
    "regressor": "Regressor", "hypothesis": "Null hypothesis", "reduces_to": "Reduced model",
    "lr": "LR", "lr_p": "p (LR)", "wald": "Wald", "wald_p": "p (Wald)",
    "std_error": "Std. error", "z_stat": "z", "p_value": "p-value", "effect": "Effect",
    "delta_se": "Delta-method SE", "parameters": "Parameters", "loglik": "Log-likelihood",
    "aic": "AIC", "ols": "OLS", "slx": "SLX", "sar": "SAR", "sem": "SEM", "sdm": "SDM",
    "sdem": "SDEM", "sac": "SAC", "sar_re": "SAR (random effects)",
    "sdm_re": "SDM (random effects)", "positive_definite": "V_FE − V_RE positive definite",
    "interaction_type": "Interaction type",
    "region": "Region", "year": "Year", "variable": "Variable", "method": "Method",
    "value": "Value", "indicator": "Indicator", "dimension": "Dimension", "weight": "Weight",
    "local_weight": "Weight within dimension", "dimension_weight": "Dimension weight",
    "unit": "Unit", "direction": "Direction", "matrix": "Judgment matrix", "order": "Order",
    "lambda_max": "λmax", "type": "Coordination type", "rdd_class": "Relative development",
    "E": "Relative development E", "factor": "Factor", "label": "Name",
    "q_adj": "Adjusted q", "p": "p (F test)", "p_permutation": "p (permutation)",
    "rank": "Rank", "k": "k", "n_classes": "Classes", "breaks": "Breaks",
    "G": "Gini G", "G_within": "Within-group", "G_between": "Between-group",
    "G_transvariation": "Transvariation", "key": "Item", "I": "Moran's I", "EI": "E(I)",
    "z_norm": "z (normal)", "p_norm": "p (normal)", "p_sim": "p (permutation)",
    "y": "Spatial lag of",
    "group": "Region group", "bandwidth": "Bandwidth", "n_peaks": "Peaks", "peak": "Main peak",
    "height": "Peak height", "width": "Peak width (half height)", "class": "Class",
    "upper": "Upper bound", "steady_state": "Steady state", "sojourn": "Mean stay (years)",
    "mfpt": "Mean first passage (years)",
    "from": "From", "test": "Test", "statistic": "Statistic", "dof": "df", "mean": "Mean",
    "sd": "SD", "cv": "CV", "model": "Model", "term": "Term", "coef": "Coefficient",
    "se": "SE (clustered)", "t": "t", "r2": "R²", "speed": "Speed of convergence",
    "half_life": "Half-life (years)",
    "estimate": "Estimate", "boot_se": "Bootstrap SE", "system": "System",
    "pool": "Weights from", "choice": "Choice", "levels": "Levels", "S_D": "S (D)",
    "S_rank": "S (rank)", "S_shift": "S (mean rank shift)", "D_baseline": "D as configured",
    "D_median": "Median D", "D_p05": "D 5%", "D_p95": "D 95%",
    "rank_baseline": "Rank as configured", "rank_median": "Median rank", "rank_p05": "Rank 5%",
    "rank_p95": "Rank 95%", "type_baseline": "Type as configured",
    "type_change": "Type changes",
}


HEADERS_ZH.update(DETECTOR_HEADERS["zh"])
HEADERS_EN.update(DETECTOR_HEADERS["en"])
HEADERS_ZH.update(SPACE_TIME_HEADERS["zh"])
HEADERS_EN.update(SPACE_TIME_HEADERS["en"])

_BY_LANGUAGE = {"zh": HEADERS_ZH, "en": HEADERS_EN}


def header(column: str, lang: str, labels: dict[str, str] | None = None) -> str:
    """The header of a column for readers in ``lang``: ``labels`` first (a caller's own
    names), then the catalogue; a column without a header keeps its name.

    >>> header("D", "zh"), header("q_adj", "en"), header("x7", "en")
    ('耦合协调度D', 'Adjusted q', 'x7')
    """
    column = str(column)
    if labels and column in labels:
        return labels[column]
    return _BY_LANGUAGE[check_language(lang)].get(column, column)
