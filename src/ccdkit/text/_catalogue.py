"""The catalogue of reader-facing text: every message by id, in every language.

Results carry ids and numbers; text is applied when a result is presented, in the language
asked for, by :func:`tr`. A message is a format string with named fields (the same fields in
every language; a test checks), or a function of those fields where the word order of the
languages differs too much for one template.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping

from ._app_texts import APP_TEXTS
from ._audit_texts import AUDIT_TEXTS
from ._econometrics_texts import ECONOMETRICS_TEXTS
from ._language import LANGUAGES, check_language
from ._help_texts import HELP_ZH
from ._methods_texts import METHODS_TEXTS
from ._option_texts import OPTION_TEXTS
from ._reason_texts import REASON_TEXTS
from ._report_texts import REPORT_TEXTS
from ._warning_texts import WARNING_TEXTS

__all__ = ["MESSAGES", "tr", "fields", "pick", "readable_tables", "option_label", "option_help",
           "warning"]

Message = str | Callable[..., str]

#: Figure and console texts (the report's are in ``_report_texts``).
_TEXTS: dict[str, dict[str, Message]] = {
    # axes and legends shared by the figures
    "axis.year": {"zh": "年份", "en": "Year"},
    "axis.D": {"zh": "耦合协调度 D", "en": "Coupling coordination degree D"},
    "axis.share": {"zh": "地区占比", "en": "Share of regions"},
    "axis.q": {"zh": "q 值", "en": "q"},
    "axis.weight": {"zh": "权重", "en": "Weight"},
    "axis.density": {"zh": "核密度", "en": "Density"},
    "axis.theil": {"zh": "泰尔指数", "en": "Theil index"},
    "axis.east_km": {"zh": "东西向（千米）", "en": "West-east (km)"},
    "axis.north_km": {"zh": "南北向（千米）", "en": "South-north (km)"},
    "axis.rose_e": {"zh": "东（z 增）", "en": "E (z up)"},
    "axis.rose_n": {"zh": "北（滞后增）", "en": "N (lag up)"},
    "axis.rose_w": {"zh": "西（z 减）", "en": "W (z down)"},
    "axis.rose_s": {"zh": "南（滞后减）", "en": "S (lag down)"},
    "legend.rose_expected": {"zh": "置换期望", "en": "Expected (permutation)"},
    "axis.speed_of": {"zh": "{name}演化速度", "en": "Evolution speed of {name}"},
    "legend.last_year_ringed": {"zh": "黑圈：{year} 年", "en": "Ringed: {year}"},
    "legend.theil_within": {"zh": "T 组内", "en": "T within groups"},
    "legend.theil_between": {"zh": "T 组间", "en": "T between groups"},
    "legend.theil_L": {"zh": "L 指数", "en": "L (mean log deviation)"},
    "legend.trend_we": {"zh": "东西向趋势", "en": "West-east trend"},
    "legend.trend_sn": {"zh": "南北向趋势", "en": "South-north trend"},
    "axis.moran_i": {"zh": "莫兰指数 I", "en": "Moran's I"},
    "label.national": {"zh": "全国", "en": "National"},
    "label.median": {"zh": "中位数", "en": "Median"},
    "label.as_configured": {"zh": "研究设定", "en": "As configured"},
    "label.no_data": {"zh": "无数据", "en": "No data"},
    "label.scs_islands": {"zh": "南海诸岛", "en": "South China Sea\nIslands"},
    "label.classes5": {"zh": "低|较低|中|较高|高", "en": "low|medium-low|medium|medium-high|high"},
    "test.permutation": {"zh": "置换检验", "en": "permutation"},
    "test.normal": {"zh": "正态近似", "en": "normal"},
    "test.f": {"zh": "F检验", "en": "F-test"},
    "legend.filled_significant": {"zh": "实心点：{test} p < {alpha:g}",
                                  "en": "filled: {test} p < {alpha:g}"},
    "legend.solid_significant": {"zh": "{test} p < {alpha:g}：实心",
                                 "en": "{test} p < {alpha:g}: solid"},
    "legend.bootstrap_band": {"zh": "阴影：{level:.0%} 自助法置信区间",
                              "en": "shaded: {level:.0%} bootstrap confidence interval"},
    "axis.rank_of_D": {"zh": "{year} 年耦合协调度排序（1 = 最高）",
                       "en": "Rank of D in {year} (1 = highest)"},
    "axis.rank_correlation": {"zh": "秩相关系数（各年平均）",
                              "en": "rank correlation (mean over years)"},
    "title.rank_agreement_key": {"zh": "左下：斯皮尔曼秩相关系数 ρ；右上：肯德尔秩相关系数 τb",
                                 "en": "lower left: Spearman's ρ; upper right: Kendall's τb"},
    "title.year_moran": {"zh": "{year}（I = {i:.3f}）", "en": "{year} (I = {i:.3f})"},
    "label.the_variable": {"zh": "变量", "en": "the variable"},
    "axis.standardized_z": {"zh": "{name}（标准化值 z）", "en": "{name} (standardized, z)"},
    "axis.spatial_lag": {"zh": "空间滞后 Wz", "en": "Spatial lag Wz"},
    "key.moran_scatter": {
        "zh": "实心点：所属 LISA 聚类显著；标注显著地区与最偏离原点的地区",
        "en": "filled: in a significant LISA cluster; names: significant and most extreme "
              "regions"},
    "key.interaction_types": {
        "zh": "* 非线性增强  ↓ 减弱  = 相互独立  无标记：双因子增强",
        "en": "* nonlinear enhancement   ↓ weakening   = independent   unmarked: "
              "bivariate enhancement"},
    "key.interaction_tested": {
        "zh": "；粗体：交互增强显著（置换检验 p < {alpha:g}），°：不显著",
        "en": "; bold: significant enhancement (permutation p < {alpha:g}), °: not significant"},
    "key.interaction_blank": {
        "zh": "\n— 无可用的 q12（如每层只有一个样本，q12 恒为 1）",
        "en": "\n— no usable q12 (e.g. one row per stratum: q12 = 1 by construction)"},
    # figure captions (the report and the figure files' titles)
    "caption.coupling_over_time": {"zh": "耦合协调度的时序变化（{whole}与各区域）",
                                   "en": lambda whole: "Coupling coordination degree over "
                                   f"time ({whole.lower()} and region groups)"},
    "caption.type_shares": {"zh": "各耦合协调类型的地区占比",
                            "en": "Share of regions in each coordination type"},
    "caption.weights": {"zh": "指标权重：{name}", "en": "Indicator weights: {name}"},
    "caption.detector_q": {"zh": "影响因子的 q 值", "en": "q of the factors"},
    "caption.interaction": {"zh": "因子交互探测", "en": "Interaction detector"},
    "caption.map_types": {"zh": "耦合协调类型的空间分布",
                          "en": "Spatial distribution of the coupling coordination types"},
    "caption.map_system": {"zh": "{name}（自然断点法分级）",
                           "en": "{name} (natural breaks classes)"},
    "caption.surface": {"zh": "{name}的空间插值（IDW）",
                        "en": "{name}: interpolated surface (IDW)"},
    "caption.moran_over_time": {"zh": "全局莫兰指数的时序变化", "en": "Global Moran's I over time"},
    "caption.moran_scatter": {"zh": "{name}的莫兰散点图", "en": "Moran scatter plot: {name}"},
    "caption.lisa_map": {"zh": "{name}的 LISA 聚类图（p < {alpha:g}，{correction}）",
                         "en": "LISA clusters: {name} (p < {alpha:g}, {correction})"},
    "caption.hotspot_map": {"zh": "{name}的冷热点分布（Getis-Ord Gi*）",
                            "en": "Hot and cold spots: {name} (Getis-Ord Gi*)"},
    "caption.kde_surface": {"zh": "{name}的核密度三维分布（{whole}）",
                            "en": lambda name, whole: f"Kernel density of {name} over the "
                            f"years ({whole.lower()})"},
    "caption.rose": {"zh": "{name}的 LISA 移动方向玫瑰图（{first}—{last} 年；深色：p ≤ {alpha}）",
                     "en": "Rose of the LISA moves of {name}, {first}–{last} (dark: p ≤ {alpha})"},
    "caption.dynamic_coupling": {
        "zh": "动态耦合模型：{a}与{b}的演化速度（{speed}）及各发展状态的地区占比",
        "en": "Dynamic coupling model: evolution speeds of {a} and {b} ({speed}) and the "
              "share of regions in each state"},
    "speed.difference": {"zh": "逐年差分", "en": "year-on-year difference"},
    "speed.trend": {"zh": "{window} 年居中线性趋势", "en": "{window}-year centred linear trend"},
    "caption.theil": {"zh": "{name}的泰尔指数及其组内、组间分解",
                      "en": "Theil index of {name}, within and between groups"},
    "caption.trend_surface": {"zh": "{year} 年{name}的趋势面分析（{order} 阶）",
                              "en": "Trend analysis of {name}, {year} (order {order})"},
    "caption.gravity_map": {"zh": "{name}的重心迁移路径与标准差椭圆",
                            "en": "Centre of gravity and standard deviational ellipses of {name}"},
    "caption.emerging_map": {"zh": "{name}的时空热点类型",
                             "en": "Emerging hot spots of {name}"},
    "caption.kde_lines": {"zh": "{name}的核密度曲线（{whole}，部分年份）",
                          "en": lambda name, whole: f"Kernel density curves of {name} "
                          f"({whole.lower()}, selected years)"},
    "caption.robust_D_bands": {
        "zh": "耦合协调度均值及其 {level:.0%} 自助法置信区间（{whole}与各区域）",
        "en": lambda level, whole: f"Mean coupling coordination degree with {level:.0%} "
        f"bootstrap confidence intervals ({whole.lower()} and region groups)"},
    "caption.robust_rank_uncertainty": {
        "zh": "{year} 年各地区耦合协调度排序的不确定性（方法选择的敏感性分析）",
        "en": "Uncertainty of the regions' ranks of D in {year} over the methodological "
              "choices"},
    "caption.robust_rank_agreement": {
        "zh": "不同方法选择下耦合协调度排序的一致性",
        "en": "Rank agreement of D between the methodological choices"},
    "correction.bonferroni": {"zh": "多重检验校正：Bonferroni", "en": "Bonferroni-corrected"},
    "correction.fdr": {"zh": "多重检验校正：FDR", "en": "FDR-controlled"},
    "correction.none": {"zh": "多重检验校正：无", "en": "no multiple-testing correction"},
    # table cells and headers built from parts
    "label.choice_level": {"zh": "{choice}：{level}", "en": "{choice}: {level}"},
    "label.unit_per": {"zh": "{unit}/{per}", "en": "{unit} per {per}"},
    "label.subscore": {"zh": "{system}：{dimension}", "en": "{system}: {dimension}"},
    "summary.study": {"zh": "研究“{title}”：{n} 个地区，{start}–{end} 年",
                      "en": "Study “{title}”: {n} regions, {start}–{end}"},
    "summary.detector": {"zh": "地理探测器 {year}：{factors}",
                         "en": "Geographical Detector {year}: {factors}"},
    "summary.mean_D": {"zh": "耦合协调度 D 均值，{first} → {last}：",
                       "en": "Mean coupling coordination degree D, {first} -> {last}:"},
    "summary.national": {"zh": "全国", "en": "national"},
    "summary.group_D": {"zh": "  {group}：{first:.4f} → {last:.4f}",
                        "en": "  {group}: {first:.4f} -> {last:.4f}"},
    "summary.gini": {"zh": "D 的 Dagum 基尼系数：{g_first:.4f}（{first}）→ {g_last:.4f}（{last}）",
                     "en": "Dagum Gini of D: {g_first:.4f} ({first}) -> {g_last:.4f} ({last})"},
    "value.yes": {"zh": "是", "en": "yes"},
    "value.no": {"zh": "否", "en": "no"},
    "value.random": {"zh": "随机效应", "en": "random"},
    "col.gini_within": {"zh": "{group}区域内基尼系数", "en": "Gini within {group}"},
    "col.gini_between": {"zh": "{a}-{b}区域间基尼系数", "en": "Gini between {a} and {b}"},
    # the language's convention for result tables (xlsx/csv): "labels" (headers and
    # values for readers) or "ids" (column names and ids kept, machine-readable)
    "tables.style": {"zh": "labels", "en": "ids"},
    # the Excel templates
    "template.title": {"zh": "ccdkit 数据模板 —— 以 _ 开头的工作表不会被读取",
                       "en": "ccdkit template — sheets starting with _ are not read"},
    "template.how": {
        "zh": "每个变量一个工作表：行为省份，列为年份。缺失值留空（或填 —），将被插补并记录在插补表中。",
        "en": "Fill one sheet per variable: provinces as rows, years as columns. Leave a "
              "cell empty (or write —) when the value is missing; it is imputed and "
              "reported."},
    "template.region": {"zh": "地区", "en": "region"},
    # the console
    "step.validate": {"zh": "检查配置与数据", "en": "validating config and data"},
    "step.impute": {"zh": "插补缺失值", "en": "imputing missing cells"},
    "step.indices": {"zh": "计算各系统指数（权重与得分）", "en": "system indices (weights, scores)"},
    "step.coupling": {"zh": "耦合协调度及其汇总", "en": "coupling coordination and its summaries"},
    "step.detector": {"zh": "地理探测器", "en": "Geographical Detector"},
    "step.spatial": {"zh": "空间自相关（莫兰指数、LISA、Gi*）",
                     "en": "spatial autocorrelation (Moran's I, LISA, Gi*)"},
    "step.dynamics": {"zh": "动态演进（核密度、马尔可夫链、收敛）",
                      "en": "dynamics (kernel density, Markov chains, convergence)"},
    "step.econometrics": {"zh": "空间计量模型（模型选择、估计、溢出效应）",
                          "en": "spatial econometrics (model choice, estimates, spillovers)"},
    "step.robustness": {"zh": "稳健性（自助法区间、方法选择的敏感性）",
                        "en": "robustness (bootstrap intervals, sensitivity to the choices)"},
    "step.figures": {"zh": "绘制图表", "en": "figures"},
    "step.write": {"zh": "写出表格、图表、报告与清单",
                   "en": "writing tables, figures, report and manifest"},
    "step.demo": {"zh": "写出合成示例研究（随机种子 {seed}）",
                  "en": "writing the SYNTHETIC demo study (seed {seed})"},
    "cli.step_time": {"zh": "{step} {seconds:.1f} 秒", "en": "{step} {seconds:.1f} s"},
    "cli.times": {"zh": "各步用时（共 {seconds:.1f} 秒）：",
                  "en": "Time per step ({seconds:.1f} s in all): "},
    "cli.step_separator": {"zh": "；", "en": ", "},
    "cli.demo_written": {"zh": "示例已写入 {folder}（合成数据，已在各输出中注明）：",
                         "en": "Demo written to {folder} (synthetic data, labelled as such):"},
    "cli.demo_study": {"zh": "  {folder}：研究配置及已填写的 Excel 模板",
                       "en": "  {folder}: the study config and its filled Excel templates"},
    "cli.demo_outputs": {"zh": "  {report}、tables.xlsx、tables/、figures/、manifest.json",
                         "en": "  {report}, tables.xlsx, tables/, figures/, manifest.json"},
    "cli.written": {"zh": "结果已写入 {folder}：{files}", "en": "Results written to {folder}: {files}"},
    "cli.files": {"zh": "tables.xlsx、tables/、figures/、report.html、manifest.json",
                  "en": "tables.xlsx, tables/, figures/, report.html, manifest.json"},
}


def _merge(*parts: dict) -> dict:
    out: dict = {}
    for part in parts:
        twice = set(out) & set(part)
        if twice:
            raise ValueError(f"message ids defined twice: {sorted(twice)}")
        out.update(part)
    return out


#: Every message by id: ``{id: {"zh": ..., "en": ...}}``.
MESSAGES: dict[str, dict[str, Message]] = _merge(_TEXTS, REPORT_TEXTS, METHODS_TEXTS, REASON_TEXTS,
                                               WARNING_TEXTS, OPTION_TEXTS, APP_TEXTS,
                                               ECONOMETRICS_TEXTS, AUDIT_TEXTS)


def fields(message: Message) -> set[str]:
    """The named fields of a message (its template's, or its function's parameters)."""
    if callable(message):
        import inspect

        return set(inspect.signature(message).parameters)
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def tr(key: str, lang: str, /, *args, **values) -> str:
    """The message ``key`` in ``lang``, its fields filled from ``values`` (a message that
    is a function may also take positional arguments).

    >>> tr("caption.moran_scatter", "zh", name="耦合协调度 D")
    '耦合协调度 D的莫兰散点图'
    >>> tr("caption.moran_scatter", "en", name="D")
    'Moran scatter plot: D'
    """
    message = MESSAGES[key][check_language(lang)]
    return message(*args, **values) if callable(message) else message.format(**values)


def pick(options: Mapping[str, object], lang: str):
    """The entry of a ``{language: value}`` mapping for ``lang`` (every language present).

    >>> pick({"zh": "低", "en": "Low"}, "en")
    'Low'
    """
    missing = [k for k in LANGUAGES if k not in options]
    if missing:
        raise KeyError(f"no text in {missing} among {sorted(options)}")
    return options[check_language(lang)]


def readable_tables(lang: str) -> bool:
    """Whether result tables in ``lang`` are written for readers (labelled headers, names,
    yes/no) rather than with column names and ids (the ``tables.style`` of the language).

    >>> readable_tables("zh"), readable_tables("en")
    (True, False)
    """
    return tr("tables.style", lang) == "labels"


def option_label(key: str, lang: str) -> str:
    """The label of an option for a config form, by its dotted key (``detector.seed``,
    ``spatial.weights.k``, ``weighting.shift``): the full key's label, else its name's.

    >>> option_label("spatial.weights.k", "en"), option_label("detector.discretization.k", "zh")
    ('Neighbours', '分级数')
    """
    if f"option.{key}" in MESSAGES:
        return tr(f"option.{key}", lang)
    return tr(f"option.{key.split('.')[-1].replace('[]', '')}", lang)


def warning(category: type, key: str, /, **params):
    """A ccdkit warning with its message id and values, its (English) message written by
    the catalogue's ``warning.<key>``: the one text of the warning in every language.

    >>> from ccdkit.exceptions import SmallSampleWarning
    >>> str(warning(SmallSampleWarning, "detector.y_constant", y="D"))
    "response 'D' is constant: q is undefined (NaN)"
    """
    return category(tr(f"warning.{key}", "en", params, {}, ""), key=key, **params)


def option_help(key: str, lang: str, description: str) -> str:
    """The help line of an option in ``lang``: in English the declaration's own
    ``description``, in Chinese the catalogue's (by the full key, or the family and name of
    a method parameter: ``weighting.shift``).

    >>> option_help("detector.seed", "zh", "seed of the permutations and the bootstrap")
    '置换检验与自助法的随机种子'
    """
    if check_language(lang) == "en":
        return description
    parts = key.split(".")
    for candidate in (key, f"{parts[0]}.{parts[-1]}"):
        if candidate in HELP_ZH:
            return HELP_ZH[candidate]
    raise KeyError(f"no Chinese help line for option {key!r}")
