"""A methods paragraph written from what a run actually did (zh and en).

Every number and choice comes from the results' recorded options (``used_options``), not
from the config, so the paragraph cannot describe a method that was not run. It is meant
as a draft for a paper's methods section.
"""

from __future__ import annotations

from ..data import AGGLOMERATION_INDEX_LABELS, check_language, region_display

__all__ = ["methods_paragraph", "METHOD_NAMES"]

#: Reader-facing names of the methods and options that a paragraph can mention.
METHOD_NAMES: dict[str, dict[str, str]] = {
    "entropy": {"zh": "熵值法", "en": "the entropy method"},
    "improved_entropy": {"zh": "改进熵权法（熵值信息映射为 AHP 1–9 标度判断矩阵）",
                         "en": "improved entropy weights (entropy mapped to AHP 1–9 "
                               "judgment matrices)"},
    "ahp": {"zh": "层次分析法（AHP）", "en": "the analytic hierarchy process (AHP)"},
    "critic": {"zh": "CRITIC 法", "en": "the CRITIC method"},
    "cv": {"zh": "变异系数法", "en": "the coefficient of variation"},
    "std": {"zh": "标准差法", "en": "standard-deviation weights"},
    "angle": {"zh": "夹角法", "en": "angle weights"},
    "equal": {"zh": "等权重", "en": "equal weights"},
    "user": {"zh": "给定权重", "en": "user-given weights"},
    "topsis": {"zh": "TOPSIS 逼近理想解法", "en": "TOPSIS"},
    "weighted_sum": {"zh": "线性加权求和", "en": "a weighted sum"},
    "pooled": {"zh": "全部年份统一标准化与赋权", "en": "pooled over all years"},
    "per_year": {"zh": "逐年分别标准化与赋权", "en": "separately for each year"},
    "classic": {"zh": "经典耦合协调度模型", "en": "the classic coupling coordination model"},
    "wang2021": {"zh": "王淑佳等（2021）修正的耦合协调度模型",
                 "en": "the coupling model as corrected by Wang et al. (2021)"},
    "fan2024": {"zh": "Fan 等（2024）的耦合协调度模型",
                "en": "the coupling model of Fan et al. (2024)"},
    "equal_d": {"zh": "等间距", "en": "equal intervals"},
    "quantile": {"zh": "分位数", "en": "quantiles"},
    "natural": {"zh": "自然断点", "en": "natural breaks"},
    "geometric": {"zh": "几何间隔", "en": "geometric intervals"},
    "sd": {"zh": "标准差分级", "en": "standard deviations"},
    "max_q": {"zh": "q 值最大", "en": "the largest q"},
    "max_q_adj": {"zh": "调整 q 值最大", "en": "the largest adjusted q"},
    "elbow": {"zh": "LOESS 肘部法则", "en": "the LOESS elbow rule"},
    "common": {"zh": "共同样本", "en": "one common sample"},
    "common_drop": {"zh": "共同样本（剔除单样本层）",
                    "en": "one common sample without singleton strata"},
    "separate": {"zh": "各自样本（同 R GD）", "en": "separate samples (as R GD)"},
    "linear": {"zh": "线性插值", "en": "linear interpolation"},
    "moving_average": {"zh": "邻近年份均值", "en": "the mean of the nearest years"},
    "trend": {"zh": "线性趋势外推", "en": "a linear trend"},
    "none": {"zh": "不插补", "en": "none"},
}


_EN_INDEX = {"lq": "location quotient", "cr": "concentration ratio",
             "hhi": "Herfindahl–Hirschman index"}


def _n(key: str, lang: str) -> str:
    return METHOD_NAMES.get(key, {}).get(lang, key)


def methods_paragraph(result, lang: str | None = None) -> list[str]:
    """Sentences describing the run's methods, in ``lang`` (default: the study's)."""
    lang = check_language(lang or result.study.output.language)
    zh = lang == "zh"
    st = result.study
    labels = result.labels(lang)
    used = result.used_options()
    out = []
    imp = used["impute"]
    n_filled = len(result.imputation.log)
    if n_filled:
        out.append(
            f"缺失值（{n_filled} 个）中间年份采用{_n(imp.get('method', 'linear'), lang)}，"
            f"首尾年份采用{_n(imp.get('edges', 'moving_average'), lang)}补齐。" if zh else
            f"Missing values ({n_filled} cells) were filled by "
            f"{_n(imp.get('method', 'linear'), lang)} between observed years and by "
            f"{_n(imp.get('edges', 'moving_average'), lang)} at the ends.")
    for s in st.systems:
        opts = used["systems"][s.id]
        name = labels.get(s.id, s.id)
        w = opts.get("weighting", {}).get("method", "entropy")
        scoring = opts.get("scoring", {}).get("method", "weighted_sum")
        pooling = opts.get("pooling", "pooled")
        if hasattr(s, "indices"):
            parts = "、".join(AGGLOMERATION_INDEX_LABELS[i]["zh"] for i in s.indices) if zh \
                else ", ".join(_EN_INDEX.get(i, i) for i in s.indices)
            out.append(
                f"{name}由上市公司总资产计算的{parts}构成，以{_n(w, lang)}赋权后"
                f"{_n(scoring, lang)}（{_n(pooling, lang)}）。" if zh else
                f"{name} combines the {parts} computed from listed firms' total assets, "
                f"weighted by {_n(w, lang)} and aggregated by {_n(scoring, lang)} "
                f"({_n(pooling, lang)}).")
        else:
            n_ind = len(s.indicators)
            n_dim = len(s.dimensions)
            out.append(
                f"{name}包含 {n_dim} 个维度 {n_ind} 项指标，经极差标准化（正向、负向分别处理）后"
                f"以{_n(w, lang)}确定权重，以{_n(scoring, lang)}计算综合得分"
                f"（{_n(pooling, lang)}）。" if zh else
                f"{name} comprises {n_ind} indicators in {n_dim} dimensions; after "
                f"direction-aware min-max standardization they were weighted by "
                f"{_n(w, lang)} and scored by {_n(scoring, lang)} ({_n(pooling, lang)}).")
    c = used["coupling"]
    model = c.get("coupling", st.coupling.model)
    weights = c.get("weights")
    wtext = ("、".join(f"{v:g}" for v in weights) if zh else ", ".join(f"{v:g}" for v in weights)
             ) if weights else ""
    n_sys = len(st.coupled_systems)
    out.append(
        f"{n_sys} 个系统的耦合协调度采用{_n(model, lang)}计算（综合协调指数 T 的权重为 {wtext}），"
        "并依 D 值以 0.1 为间隔划分为从极度失调到优质协调的十种类型。" if zh else
        f"The coupling coordination degree of the {n_sys} systems was computed with "
        f"{_n(model, lang)} (weights of "
        f"the comprehensive index T: {wtext}) and classified into ten types in steps of 0.1 "
        "of D, from extreme disorder to high-quality coordination.")
    if result.detector:
        year, det = next(iter(result.detector.items()))
        o = det.options
        methods = "、".join(_n("equal_d" if m == "equal" else m, lang) for m in o["methods"]) \
            if zh else ", ".join(_n("equal_d" if m == "equal" else m, lang)
                                 for m in o["methods"])
        k = o["k"] if isinstance(o["k"], int) else f"{min(o['k'])}–{max(o['k'])}" \
            if len(o["k"]) == 2 else ", ".join(map(str, o["k"]))
        years = "、".join(map(str, result.detector)) if zh else ", ".join(map(str,
                                                                             result.detector))
        out.append(
            f"以 {o['y']} 为因变量，采用地理探测器分析 {years} 年的空间分异驱动因素：连续因子在"
            f"{methods}方法与 {k} 个分级中按{_n(o['select'], lang)}准则最优离散化（OPGD）；"
            f"因子探测给出 q 值、调整 q 值（ε²）、非中心 F 检验 p 值、{o['permutations']} 次置换"
            f"检验 p 值及 {o['bootstrap']} 次自助法 {o['ci_level']:.0%} 置信区间；交互探测在"
            f"{_n(o['interaction_rule'], lang)}上计算 q(X1∩X2)，并以置换检验判断交互增强是否显著"
            f"（显著性水平 {o['alpha']:g}）。" if zh else
            f"The drivers of the spatial differentiation of {o['y']} in {years} were analysed "
            f"with the Geographical Detector: continuous factors were discretized optimally "
            f"(OPGD) over {methods} with {k} strata by {_n(o['select'], lang)}; the factor "
            "detector reports q, the adjusted q (epsilon squared), the non-central F-test p, "
            f"a permutation p ({o['permutations']} permutations) and a {o['ci_level']:.0%} "
            f"bootstrap interval ({o['bootstrap']} resamples); the interaction detector "
            f"computes q(X1 ∩ X2) on {_n(o['interaction_rule'], lang)} and tests the "
            f"enhancement by permutation (significance level {o['alpha']:g}).")
    if getattr(result, "spatial", None) is not None:
        out.append(_spatial_sentence(result, lang, labels))
    if getattr(result, "dynamics", None) is not None:
        out.append(_dynamics_sentence(result, lang, labels))
    if getattr(result, "robustness", None) is not None:
        out += _robustness_sentences(result, lang)
    return out


_SCHEME_TEXT = {"within_year": ("在每一年内对地区有放回抽样", "drawing regions with replacement "
                                                          "within each year"),
                "cluster": ("以地区为单位整体有放回抽样（保留其全部年份）",
                            "drawing whole regions (with all their years) with replacement")}


def _in_sentence(label: str) -> str:
    """A label inside an English sentence: lower case first letter, acronyms and names
    (TOPSIS, CRITIC, "Wang et al. (2021)") kept."""
    if label[:2].isupper() or "et al" in label:
        return label
    return label[:1].lower() + label[1:]


def _robustness_sentences(result, lang: str) -> list[str]:
    """How the bootstrap and the sensitivity analysis were done."""
    from ..data import choice_label

    zh = lang == "zh"
    rob = result.robustness
    out = []
    if rob.bootstrap is not None:
        o = rob.bootstrap.options
        scheme = _SCHEME_TEXT[o["scheme"]][0 if zh else 1]
        kind = ("偏差校正加速（BCa，加速常数由逐一剔除地区的刀切法估计）" if o["interval"] == "bca"
                else "百分位") if zh else (
            "bias-corrected and accelerated (BCa, acceleration from the leave-one-region-out "
            "jackknife)" if o["interval"] == "bca" else "percentile")
        if zh:
            out.append(f"稳健性方面，以自助法评估权重的抽样不确定性：{scheme}，共 {o['used']} 次"
                       f"（随机种子 {o['seed']}），每次按研究设定的方法重新计算各系统权重，并以之对原始"
                       f"样本重新计算系统得分、T、C 与 D；据此给出权重、D 与各协调类型占比的 {o['level']:.0%} "
                       f"{kind}置信区间及各地区-年份属于各协调类型的概率。")
        else:
            out.append(f"For robustness, the sampling uncertainty of the weights was assessed by "
                       f"a bootstrap ({scheme}; {o['used']} replicates, seed {o['seed']}): "
                       "each replicate recomputed every system's weights with the configured "
                       "method and rescored the original region-years, giving "
                       f"{o['level']:.0%} {kind} intervals of the weights, U, T, C, D and the "
                       "shares of the coordination types, and the probability of each "
                       "region-year's type.")
    if rob.sensitivity is not None:
        o = rob.sensitivity.options
        parts = []
        for f, levels in o["levels"].items():
            if len(levels) < 2:
                continue
            alternatives = [choice_label(v, lang) for v in levels[1:]]
            parts.append(f"{choice_label(f, lang)}（{'、'.join(alternatives)}）" if zh else
                         f"{_in_sentence(choice_label(f, lang))} "
                         f"({', '.join(_in_sentence(a) for a in alternatives)})")
        listed = ("；" if zh else "; ").join(parts)
        design = ("全因子设计" if o["design"] == "factorial" else "蒙特卡洛抽样") if zh else (
            "a full factorial design" if o["design"] == "factorial" else "Monte Carlo sampling")
        noise = o["weight_noise"]
        if zh:
            out.append(f"方法选择的不确定性与敏感性分析（Saisana 等，2005）在研究设定之外为以下方法选择设置了备选方案："
                       f"{listed}；各备选方案以{design}组合，共运行 {o['runs']} 次"
                       + (f"，每次并将各权重乘以 [1−{noise:g}, 1+{noise:g}] "
                          "上的均匀随机因子后归一化" if noise else "")
                       + "；报告各地区 D 与排序的中位数及 5%–95% 区间、协调类型改变的比例、"
                       "各方案间排序的斯皮尔曼（Spearman）与肯德尔（Kendall）秩相关一致性，以及各方法选择的一阶敏感性指数"
                       "（按方差加权汇总，Gamboa 等，2014）。")
        else:
            out.append("An uncertainty and sensitivity analysis of the methodological choices "
                       f"(Saisana et al. 2005) added these alternatives to the configured "
                       f"choices: {listed}, combined in {design} of {o['runs']} runs" + (
                           f", each also multiplying every weight by a uniform factor in "
                           f"[1 − {noise:g}, 1 + {noise:g}] and renormalising" if noise else "")
                       + "; it reports the median and 5–95% range of each region's D and rank, "
                       "the share of runs that change its coordination type, the Spearman and "
                       "Kendall rank agreement between the choices, and a first-order "
                       "sensitivity index of each choice (variance-weighted over region-years, "
                       "Gamboa et al. 2014).")
    return out


def _dynamics_sentence(result, lang: str, labels) -> str:
    """How the dynamics were computed (bandwidth, classes, tests, convergence models)."""
    o = result.dynamics.options
    zh = lang == "zh"
    v = o["variable"]
    name = labels.get(v, ("耦合协调度 D" if zh else "the coupling coordination degree D")
                      if v == "D" else v)
    bw = o["bandwidth"]
    bw_zh = {"silverman": "Silverman 经验法则", "scott": "Scott 经验法则"}.get(bw, f"固定带宽 {bw}")
    bw_en = {"silverman": "Silverman's rule", "scott": "Scott's rule"}.get(bw,
                                                                          f"a fixed bandwidth {bw}")
    growth_zh = "对数增长率" if o["growth"] == "log" else "逐年差分"
    growth_en = "log growth" if o["growth"] == "log" else "year-on-year differences"
    sm = result.dynamics.spatial_markov is not None
    if zh:
        return (f"动态演进方面，以高斯核密度估计（带宽取{bw_zh}）刻画{name}分布的逐年变化；"
                f"按全样本 {o['k']} 分位数将{name}划分为 {o['k']} 类，估计传统马尔可夫转移概率矩阵、"
                "稳态分布与平均首达时间" + ("，并以空间滞后类别为条件估计空间马尔可夫链，"
                                      "以 Bickenbach 与 Bode（2003）的 Q 与 LR 统计量检验空间依赖"
                                      if sm else "")
                + f"；以标准差与变异系数检验 σ 收敛，以{growth_zh}对初始水平回归检验 β 收敛"
                "（面板模型含地区与年份双向固定效应，标准误按地区聚类；截面模型为全期平均增长率）。")
    return (f"The dynamics of {name} were described by Gaussian kernel densities by year "
            f"({bw_en}); {name} was divided into {o['k']} classes by the pooled quantiles to "
            "estimate a Markov transition matrix, its steady state and mean first passage "
            "times" + (", and a spatial Markov chain conditioned on the class of the spatial "
                       "lag, tested with the Q and LR statistics of Bickenbach & Bode (2003)"
                       if sm else "")
            + f"; sigma convergence was read from the standard deviation and coefficient of "
            f"variation, beta convergence from a regression of {growth_en} on the initial "
            "level (panel with region and year fixed effects and region-clustered errors; "
            "cross-section of average growth over the period).")


_WEIGHTS_TEXT = {
    "queen": ("Queen 邻接（共享边界或顶点）", "queen contiguity (a shared border or vertex)"),
    "rook": ("Rook 邻接（共享边界）", "rook contiguity (a shared border)"),
    "knn": ("{k} 近邻（省域内点间大圆距离）", "the {k} nearest neighbours (great-circle "
                                           "distance between inner points)"),
    "distance": ("反距离（大圆距离的 {power:g} 次幂倒数{band}）", "inverse distance (great-circle "
                                                     "distance to the power -{power:g}{band})"),
    "economic": ("经济距离（{variable} 均值差的绝对值的倒数）", "economic distance (1 / |difference "
                                                   "of the means of {variable}|)"),
    "file": ("用户给定的权重（{file}）", "user-given weights ({file})"),
}
_TRANSFORM_TEXT = {"r": ("行标准化", "row-standardised"), "b": ("二值", "binary"),
                   "o": ("未标准化", "not standardised")}
_MT_TEXT = {"none": ("未做多重检验校正", "without multiple-testing correction"),
            "bonferroni": ("经 Bonferroni 校正", "with a Bonferroni correction"),
            "fdr": ("以 FDR（Benjamini-Hochberg）控制", "with the false discovery rate "
                                                  "controlled (Benjamini-Hochberg)")}


def _spatial_sentence(result, lang: str, labels) -> str:
    """How the spatial statistics were computed (weights, permutations, significance)."""
    zh = lang == "zh"
    sp = result.spatial
    o, w = sp.options, sp.weights.options
    i = 0 if zh else 1
    band = ""
    if w["type"] == "distance" and w.get("threshold_km"):
        band = (f"，{w['threshold_km']:g} km 以内" if zh else
                f", pairs within {w['threshold_km']:g} km")
    wtext = _WEIGHTS_TEXT[w["type"]][i].format(k=w["k"], power=w["power"], band=band,
                                              variable=labels.get(w["variable"], w["variable"]),
                                              file=w["file"])
    names = [labels.get(v, ("耦合协调度 D" if zh else "the coupling coordination degree D")
                        if v == "D" else v) for v in o["variables"]]
    pairs = [(region_display(a, lang), region_display(b, lang))
             for a, b in sp.weights.links if a < b]
    linked = ("、".join(f"{a}与{b}" for a, b in pairs) if zh else
              ", ".join(f"{a}-{b}" for a, b in pairs))
    if zh:
        return (f"空间自相关分析采用{wtext}空间权重（{_TRANSFORM_TEXT[w['transform']][0]}"
                + (f"；无邻接或与其余地区不相连的地区补充连接：{linked}" if linked else "")
                + f"），计算{'、'.join(names)}逐年的全局莫兰指数 I（正态近似与 "
                f"{o['permutations']} 次随机置换检验，随机种子 {o['seed']}）、局部莫兰指数"
                f"（LISA，置换检验 p < {o['alpha']:g}，{_MT_TEXT[o['multiple_testing']][0]}）"
                f"与 Getis-Ord Gi* 冷热点（{_TRANSFORM_TEXT[o['gi_transform']][0]}权重，"
                "按 90%、95%、99% 置信水平划分）；计算由 PySAL esda 完成。")
    return (f"Spatial autocorrelation used {wtext} weights "
            f"({_TRANSFORM_TEXT[w['transform']][1]}"
            + (f"; links added for units without a neighbour or cut off from the rest: "
               f"{linked}" if linked else "")
            + f"): global Moran's I of {', '.join(names)} in each year (normal approximation "
            f"and {o['permutations']} random permutations, seed {o['seed']}), local Moran "
            f"(LISA; permutation p < {o['alpha']:g}, {_MT_TEXT[o['multiple_testing']][1]}) "
            f"and Getis-Ord Gi* hot and cold spots ({_TRANSFORM_TEXT[o['gi_transform']][1]} "
            "weights; 90, 95 and 99% confidence), computed with PySAL esda.")
