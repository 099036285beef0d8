"""The methods paragraph of the report: method names and the sentences, by id."""

from __future__ import annotations


def _lower_first(label: str) -> str:
    """A label inside an English sentence: lower case first letter, acronyms and names
    (TOPSIS, CRITIC, "Wang et al. (2021)") kept."""
    if label[:2].isupper() or "et al" in label:
        return label
    return label[:1].lower() + label[1:]


#: Reader-facing names of the methods and options a paragraph can mention.
_NAMES = {
    "entropy": ("熵值法", "the entropy method"),
    "improved_entropy": ("改进熵权法（熵值信息映射为 AHP 1–9 标度判断矩阵）",
                         "improved entropy weights (entropy mapped to AHP 1–9 judgment "
                         "matrices)"),
    "ahp": ("层次分析法（AHP）", "the analytic hierarchy process (AHP)"),
    "critic": ("CRITIC 法", "the CRITIC method"),
    "cv": ("变异系数法", "the coefficient of variation"),
    "std": ("标准差法", "standard-deviation weights"),
    "angle": ("夹角法", "angle weights"),
    "equal": ("等权重", "equal weights"),
    "user": ("给定权重", "user-given weights"),
    "topsis": ("TOPSIS 逼近理想解法", "TOPSIS"),
    "weighted_sum": ("线性加权求和", "a weighted sum"),
    "pooled": ("全部年份统一标准化与赋权", "pooled over all years"),
    "per_year": ("逐年分别标准化与赋权", "separately for each year"),
    "classic": ("经典耦合协调度模型", "the classic coupling coordination model"),
    "wang2021": ("王淑佳等（2021）修正的耦合协调度模型",
                 "the coupling model as corrected by Wang et al. (2021)"),
    "fan2024": ("Fan 等（2024）的耦合协调度模型", "the coupling model of Fan et al. (2024)"),
    "equal_d": ("等间距", "equal intervals"),
    "quantile": ("分位数", "quantiles"),
    "natural": ("自然断点", "natural breaks"),
    "geometric": ("几何间隔", "geometric intervals"),
    "sd": ("标准差分级", "standard deviations"),
    "max_q": ("q 值最大", "the largest q"),
    "max_q_adj": ("调整 q 值最大", "the largest adjusted q"),
    "elbow": ("LOESS 肘部法则", "the LOESS elbow rule"),
    "gdverse": ("gdverse 的 LOESS 增益准则", "gdverse's LOESS gain rule"),
    "common": ("共同样本", "one common sample"),
    "common_drop": ("共同样本（剔除单样本层）", "one common sample without singleton strata"),
    "separate": ("各自样本（同 R GD）", "separate samples (as R GD)"),
    "linear": ("线性插值", "linear interpolation"),
    "moving_average": ("邻近年份均值", "the mean of the nearest years"),
    "trend": ("线性趋势外推", "a linear trend"),
    "none": ("不插补", "none"),
}

METHODS_TEXTS = {
    **{f"name.{k}": {"zh": zh, "en": en} for k, (zh, en) in _NAMES.items()},
    "sep.list": {"zh": "、", "en": ", "},
    "sep.clause": {"zh": "；", "en": "; "},
    "methods.D": {"zh": "耦合协调度 D", "en": "the coupling coordination degree D"},
    "methods.index.lq": {"zh": "区位熵", "en": "location quotient"},
    "methods.index.cr": {"zh": "行业集中度", "en": "concentration ratio"},
    "methods.index.hhi": {"zh": "赫芬达尔指数", "en": "Herfindahl–Hirschman index"},
    "methods.imputation": {
        "zh": "缺失值（{n} 个）中间年份采用{method}，首尾年份采用{edges}补齐。",
        "en": "Missing values ({n} cells) were filled by {method} between observed years and "
              "by {edges} at the ends."},
    "methods.agglomeration": {
        "zh": "{name}由上市公司总资产计算的{parts}构成，以{weighting}赋权后{scoring}（{pooling}）。",
        "en": "{name} combines the {parts} computed from listed firms' total assets, weighted "
              "by {weighting} and aggregated by {scoring} ({pooling})."},
    "methods.indicators": {
        "zh": "{name}包含 {n_dim} 个维度 {n_ind} 项指标，经极差标准化（正向、负向分别处理）后"
              "以{weighting}确定权重，以{scoring}计算综合得分（{pooling}）。",
        "en": "{name} comprises {n_ind} indicators in {n_dim} dimensions; after "
              "direction-aware min-max standardization they were weighted by {weighting} and "
              "scored by {scoring} ({pooling})."},
    "methods.coupling": {
        "zh": "{n} 个系统的耦合协调度采用{model}计算（综合协调指数 T 的权重为 {weights}），"
              "并依 D 值以 0.1 为间隔划分为从极度失调到优质协调的十种类型。",
        "en": "The coupling coordination degree of the {n} systems was computed with {model} "
              "(weights of the comprehensive index T: {weights}) and classified into ten "
              "types in steps of 0.1 of D, from extreme disorder to high-quality "
              "coordination."},
    "methods.detector": {
        "zh": "以 {y} 为因变量，采用地理探测器分析 {years} 年的空间分异驱动因素：连续因子在"
              "{methods}方法与 {k} 个分级中按{select}准则最优离散化（OPGD）；因子探测给出 q 值、"
              "调整 q 值（ε²）、非中心 F 检验 p 值、{permutations} 次置换检验 p 值及 {bootstrap} "
              "次自助法 {level:.0%} 置信区间；交互探测在{rule}上计算 q(X1∩X2)，并以置换检验判断"
              "交互增强是否显著（显著性水平 {alpha:g}）。",
        "en": "The drivers of the spatial differentiation of {y} in {years} were analysed "
              "with the Geographical Detector: continuous factors were discretized optimally "
              "(OPGD) over {methods} with {k} strata by {select}; the factor detector reports "
              "q, the adjusted q (epsilon squared), the non-central F-test p, a permutation p "
              "({permutations} permutations) and a {level:.0%} bootstrap interval ({bootstrap} "
              "resamples); the interaction detector computes q(X1 ∩ X2) on {rule} and tests "
              "the enhancement by permutation (significance level {alpha:g})."},
    "methods.gravity": {
        "zh": "以{name}为权重计算各年重心（Albers 等积投影）及其迁移距离与方向，并计算标准差椭圆"
              "（轴长口径：{convention}；Lefever 1926）。",
        "en": "The centre of gravity weighted by {name} (Albers equal-area projection), its "
              "migration and the standard deviational ellipse (Lefever 1926; {convention}) "
              "were computed per year."},
    "methods.emerging": {
        "zh": "以逐年 Gi* 冷热点（p ≤ {alpha}，{neighbourhood}）和各地区 Gi* z 值的 Mann-Kendall "
              "趋势检验（p ≤ {trend_alpha}）识别{name}的时空热点类型（ArcGIS 分类）。",
        "en": "Emerging hot spots of {name} combine Gi* hot and cold spots per year (p ≤ "
              "{alpha}; {neighbourhood}) with the Mann-Kendall trend of each region's Gi* z "
              "(p ≤ {trend_alpha}), in ArcGIS's categories."},
    "methods.trend": {
        "zh": "以投影坐标的 1–3 阶多项式拟合{name}的趋势面，按 AIC 选取阶数。",
        "en": "Trend surfaces of {name}, polynomials of order 1-3 in the projected "
              "coordinates, were fitted and the order chosen by AIC."},
    "methods.lisa_markov": {
        "zh": "以 LISA 马尔可夫链刻画{name}的局部空间关联类型的转移，按 Rey（2001）划分时空跃迁"
              "类型（Ⅰ–Ⅳ）并计算空间流动性与凝聚性，以卡方检验判断自身与邻域的转移是否独立，"
              "并计算 LISA 时间路径的长度与弯曲度（Rey et al. 2011）。",
        "en": "The LISA Markov chain of {name} gives the moves between Moran-scatter "
              "quadrants, classified by Rey's (2001) space-time types (I-IV) with the "
              "spatial flux and cohesion; a chi-square test asks whether the region and its "
              "neighbourhood move independently; LISA time paths give length and tortuosity "
              "(Rey et al. 2011)."},
    "methods.rose": {
        "zh": "LISA 方向玫瑰图将首末年间的移动方向分为 {k} 个扇区，以 {n} 次空间随机置换检验。",
        "en": "The rose of the LISA moves counts their directions in {k} sectors, tested "
              "with {n} random spatial permutations."},
    "methods.theil": {
        "zh": "以泰尔指数 T 与 L 衡量{name}的地区差异，并分解为区域组内与组间差异（Shorrocks 1980）。",
        "en": "Theil's T and L measure the inequality of {name}, decomposed within and "
              "between the region groups (Shorrocks 1980)."},
    "methods.detector_spatial": {
        "zh": "为避免 {y} 的空间自相关使检验失真，另以莫兰谱随机化（Wagner & Dray 2015，{n} 次）"
              "生成保持其空间自相关的零分布，给出空间置换检验 p 值。",
        "en": "Because spatial autocorrelation of {y} makes the usual tests too optimistic, a "
              "spatial p was also computed from {n} Moran spectral randomizations of {y} "
              "(Wagner & Dray 2015), which keep its spatial autocorrelation."},
    "methods.detector_models": {
        "zh": "此外，在同一截面上采用{models}比较各因子的解释力；这些模型的分层随 y 拟合，其显著性"
              "以每次置换后重新分层的置换检验判断。",
        "en": "The factors were also compared with {models} on the same cross-sections; as "
              "these models fit their strata to y, significance comes from permutations that "
              "refit the strata on every draw."},
    "methods.model.gozh": {"zh": "最优区划异质性模型（GOZH，Luo et al. 2022；回归树复杂度参数 {cp:g}、"
                                 "最小分裂样本 {minsplit}、最小叶样本 {minbucket}）",
                           "en": "GOZH (Luo et al. 2022; regression trees with cp = {cp:g}, "
                                 "minsplit {minsplit}, minbucket {minbucket})"},
    "methods.model.lesh": {"zh": "LESH 交互贡献分解（Li et al. 2023，{shapley}）",
                           "en": "LESH (Li et al. 2023; {shapley})"},
    "methods.model.rgd": {"zh": "稳健地理探测器（RGD/RID，Zhang et al. 2022；y 的最优分段，k 按"
                                "{select}选取）",
                          "en": "the robust Geographical Detector (RGD/RID, Zhang et al. 2022; "
                                "optimal segmentation of y, k by {select})"},
    "methods.model.spade": {"zh": "空间关联探测器（SPADE，Cang & Luo 2018；以地区间距离倒数为权重"
                                  "的空间方差，{n_k} 个分级方案取平均）",
                            "en": "SPADE (Cang & Luo 2018; spatial variance with inverse "
                                  "distances between regions, averaged over {n_k} "
                                  "discretizations)"},
    "methods.model.idsa": {"zh": "空间关联交互探测器（IDSA，Song & Wu 2021；{overlay}叠置）",
                           "en": "IDSA (Song & Wu 2021; {overlay} overlay)"},
    "methods.overlay.and": {"zh": "模糊交", "en": "fuzzy intersection"},
    "methods.overlay.or": {"zh": "模糊并", "en": "fuzzy union"},
    "methods.overlay.intersection": {"zh": "空间相交", "en": "intersection"},
    "methods.shapley.complete": {"zh": "完整 Shapley 求和", "en": "complete Shapley sum"},
    "methods.shapley.gdverse": {"zh": "gdverse 的 Shapley 求和", "en": "gdverse's Shapley sum"},
    "methods.scheme.within_year": {"zh": "在每一年内对地区有放回抽样",
                                   "en": "drawing regions with replacement within each year"},
    "methods.scheme.cluster": {
        "zh": "以地区为单位整体有放回抽样（保留其全部年份）",
        "en": "drawing whole regions (with all their years) with replacement"},
    "methods.interval.bca": {
        "zh": "偏差校正加速（BCa，加速常数由逐一剔除地区的刀切法估计）",
        "en": "bias-corrected and accelerated (BCa, acceleration from the "
              "leave-one-region-out jackknife)"},
    "methods.interval.percentile": {"zh": "百分位", "en": "percentile"},
    "methods.bootstrap": {
        "zh": "稳健性方面，以自助法评估权重的抽样不确定性：{scheme}，共 {used} 次（随机种子 "
              "{seed}），每次按研究设定的方法重新计算各系统权重，并以之对原始样本重新计算系统得分、"
              "T、C 与 D；据此给出权重、D 与各协调类型占比的 {level:.0%} {kind}置信区间及各地区-"
              "年份属于各协调类型的概率。",
        "en": "For robustness, the sampling uncertainty of the weights was assessed by a "
              "bootstrap ({scheme}; {used} replicates, seed {seed}): each replicate "
              "recomputed every system's weights with the configured method and rescored the "
              "original region-years, giving {level:.0%} {kind} intervals of the weights, U, "
              "T, C, D and the shares of the coordination types, and the probability of each "
              "region-year's type."},
    "methods.choice": {
        "zh": "{choice}（{alternatives}）",
        "en": lambda choice, alternatives: f"{_lower_first(choice)} ({alternatives})"},
    "methods.alternative": {"zh": "{label}", "en": lambda label: _lower_first(label)},
    "methods.design.factorial": {"zh": "全因子设计", "en": "a full factorial design"},
    "methods.design.monte_carlo": {"zh": "蒙特卡洛抽样", "en": "Monte Carlo sampling"},
    "methods.noise": {
        "zh": "，每次并将各权重乘以 [1−{noise:g}, 1+{noise:g}] 上的均匀随机因子后归一化",
        "en": ", each also multiplying every weight by a uniform factor in "
              "[1 − {noise:g}, 1 + {noise:g}] and renormalising"},
    "methods.sensitivity": {
        "zh": "方法选择的不确定性与敏感性分析（Saisana 等，2005）在研究设定之外为以下方法选择设置了"
              "备选方案：{listed}；各备选方案以{design}组合，共运行 {runs} 次{noise}；报告各地区 D "
              "与排序的中位数及 5%–95% 区间、协调类型改变的比例、各方案间排序的斯皮尔曼（Spearman）"
              "与肯德尔（Kendall）秩相关一致性，以及各方法选择的一阶敏感性指数（按方差加权汇总，"
              "Gamboa 等，2014）。",
        "en": "An uncertainty and sensitivity analysis of the methodological choices "
              "(Saisana et al. 2005) added these alternatives to the configured choices: "
              "{listed}, combined in {design} of {runs} runs{noise}; it reports the median "
              "and 5–95% range of each region's D and rank, the share of runs that change its "
              "coordination type, the Spearman and Kendall rank agreement between the "
              "choices, and a first-order sensitivity index of each choice (variance-weighted "
              "over region-years, Gamboa et al. 2014)."},
    "methods.bandwidth.silverman": {"zh": "Silverman 经验法则", "en": "Silverman's rule"},
    "methods.bandwidth.scott": {"zh": "Scott 经验法则", "en": "Scott's rule"},
    "methods.bandwidth.fixed": {"zh": "固定带宽 {bandwidth}",
                                "en": "a fixed bandwidth {bandwidth}"},
    "methods.growth.log": {"zh": "对数增长率", "en": "log growth"},
    "methods.growth.diff": {"zh": "逐年差分", "en": "year-on-year differences"},
    "methods.spatial_markov": {
        "zh": "，并以空间滞后类别为条件估计空间马尔可夫链，以 Bickenbach 与 Bode（2003）的 Q 与 "
              "LR 统计量检验空间依赖",
        "en": ", and a spatial Markov chain conditioned on the class of the spatial lag, "
              "tested with the Q and LR statistics of Bickenbach & Bode (2003)"},
    "methods.dynamics": {
        "zh": "动态演进方面，以高斯核密度估计（带宽取{bandwidth}）刻画{name}分布的逐年变化；"
              "按全样本 {k} 分位数将{name}划分为 {k} 类，估计传统马尔可夫转移概率矩阵、稳态分布与"
              "平均首达时间{spatial_markov}；以标准差与变异系数检验 σ 收敛，以{growth}对初始水平"
              "回归检验 β 收敛（面板模型含地区与年份双向固定效应，标准误按地区聚类；截面模型为全期"
              "平均增长率）。",
        "en": "The dynamics of {name} were described by Gaussian kernel densities by year "
              "({bandwidth}); {name} was divided into {k} classes by the pooled quantiles to "
              "estimate a Markov transition matrix, its steady state and mean first passage "
              "times{spatial_markov}; sigma convergence was read from the standard deviation "
              "and coefficient of variation, beta convergence from a regression of {growth} "
              "on the initial level (panel with region and year fixed effects and "
              "region-clustered errors; cross-section of average growth over the period)."},
    "methods.weights.queen": {"zh": "Queen 邻接（共享边界或顶点）",
                              "en": "queen contiguity (a shared border or vertex)"},
    "methods.weights.rook": {"zh": "Rook 邻接（共享边界）", "en": "rook contiguity (a shared border)"},
    "methods.weights.knn": {
        "zh": "{k} 近邻（省域内点间大圆距离）",
        "en": "the {k} nearest neighbours (great-circle distance between inner points)"},
    "methods.weights.distance": {
        "zh": "反距离（大圆距离的 {power:g} 次幂倒数{band}）",
        "en": "inverse distance (great-circle distance to the power -{power:g}{band})"},
    "methods.weights.economic": {
        "zh": "经济距离（{variable} 均值差的绝对值的倒数）",
        "en": "economic distance (1 / |difference of the means of {variable}|)"},
    "methods.weights.file": {"zh": "用户给定的权重（{file}）", "en": "user-given weights ({file})"},
    "methods.band": {"zh": "，{km:g} km 以内", "en": ", pairs within {km:g} km"},
    "methods.transform.r": {"zh": "行标准化", "en": "row-standardised"},
    "methods.transform.b": {"zh": "二值", "en": "binary"},
    "methods.transform.o": {"zh": "未标准化", "en": "not standardised"},
    "methods.mt.none": {"zh": "未做多重检验校正", "en": "without multiple-testing correction"},
    "methods.mt.bonferroni": {"zh": "经 Bonferroni 校正", "en": "with a Bonferroni correction"},
    "methods.mt.fdr": {"zh": "以 FDR（Benjamini-Hochberg）控制",
                       "en": "with the false discovery rate controlled (Benjamini-Hochberg)"},
    "methods.link": {"zh": "{a}与{b}", "en": "{a}-{b}"},
    "methods.links": {"zh": "；无邻接或与其余地区不相连的地区补充连接：{links}",
                      "en": "; links added for units without a neighbour or cut off from the "
                            "rest: {links}"},
    "methods.spatial": {
        "zh": "空间自相关分析采用{weights}空间权重（{transform}{links}），计算{names}逐年的全局莫兰"
              "指数 I（正态近似与 {permutations} 次随机置换检验，随机种子 {seed}）、局部莫兰指数"
              "（LISA，置换检验 p < {alpha:g}，{correction}）与 Getis-Ord Gi* 冷热点"
              "（{gi_transform}权重，按 90%、95%、99% 置信水平划分）；计算由 PySAL esda 完成。",
        "en": "Spatial autocorrelation used {weights} weights ({transform}{links}): global "
              "Moran's I of {names} in each year (normal approximation and {permutations} "
              "random permutations, seed {seed}), local Moran (LISA; permutation p < "
              "{alpha:g}, {correction}) and Getis-Ord Gi* hot and cold spots ({gi_transform} "
              "weights; 90, 95 and 99% confidence), computed with PySAL esda."},
}
