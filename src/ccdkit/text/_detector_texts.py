"""Reader-facing names of the newer Geographical Detector models and their table values
(zh, en); abbreviations as the literature prints them."""

from __future__ import annotations

__all__ = ["DETECTOR_MODEL_LABELS", "DETECTOR_MODEL_SHORT", "NULL_LABELS", "DETECTOR_HEADERS"]

#: Names of the detector models (ids of ``ccdkit.geodetector.DETECTOR_MODELS``; ``gd`` is
#: the classic detector with optimal discretization).
DETECTOR_MODEL_LABELS: dict[str, dict[str, str]] = {
    "gd": {"zh": "地理探测器（OPGD）", "en": "Geographical Detector (OPGD)"},
    "gozh": {"zh": "最优区划异质性模型（GOZH）", "en": "GOZH (regression-tree zones)"},
    "lesh": {"zh": "局部解释分层异质性模型（LESH）", "en": "LESH (Shapley shares)"},
    "rgd": {"zh": "稳健地理探测器（RGD）", "en": "Robust Geographical Detector (RGD)"},
    "spade": {"zh": "空间关联探测器（SPADE）", "en": "Spatial association detector (SPADE)"},
    "idsa": {"zh": "空间关联交互探测器（IDSA）",
             "en": "Interactive detector for spatial associations (IDSA)"},
}

#: Short names (table headers), as the literature abbreviates the models.
DETECTOR_MODEL_SHORT: dict[str, str] = {"gd": "OPGD", "gozh": "GOZH", "lesh": "LESH",
                                        "rgd": "RGD", "spade": "SPADE", "idsa": "IDSA"}

#: Names of the null models of the resampling p-values.
NULL_LABELS: dict[str, dict[str, str]] = {
    "permutation": {"zh": "自由置换", "en": "free permutation"},
    "spectral": {"zh": "莫兰谱随机化", "en": "Moran spectral randomization"},
}

#: Column headers of the models' tables.
DETECTOR_HEADERS: dict[str, dict[str, str]] = {
    "zh": {"p_spatial": "空间置换检验p值", "p12_spatial": "空间置换检验p(交互)",
           "fallback": "未见拐点（取最大k）", "null": "零模型", "psd_mean": "未补偿PSD均值",
           "n_k": "分级方案数", "psd_y": "y的PSD", "psd_x": "x的PSD", "cpsd": "补偿PSD",
           "spd1": "因子1贡献", "spd2": "因子2贡献", "phi": "Shapley值",
           "variables": "因子组合", "pid": "交互空间决定力PID", "size": "因子数"},
    "en": {"p_spatial": "p (spatial null)", "p12_spatial": "p12 (spatial null)",
           "fallback": "No knee (largest k)", "null": "Null model",
           "psd_mean": "Mean PSD (uncompensated)", "n_k": "Levels", "psd_y": "PSD of y",
           "psd_x": "PSD of x", "cpsd": "CPSD", "spd1": "Share of factor 1",
           "spd2": "Share of factor 2", "phi": "Shapley value", "variables": "Factors",
           "pid": "PID", "size": "Factors", "share": "Share"},
}
