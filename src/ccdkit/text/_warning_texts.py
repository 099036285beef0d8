"""The run's warnings for readers, by message id (``key`` of
:class:`~ccdkit.exceptions.CcdkitWarning`): the Chinese sentence is written here from the
warning's values; the English one is the warning's own message (written where the library
raises it, for Python users too)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ._reason_texts import reason_text

__all__ = ["WARNING_TEXTS"]


def _names(ids, labels: Mapping[str, str]) -> str:
    return "、".join(str(labels.get(i, i)) for i in ids)


def _region(value, labels: Mapping[str, str]) -> str:
    return str(labels.get(value, value))


#: Names of the spatial parameters in Chinese texts.
_PARAM_ZH = {"rho": "ρ", "lambda": "λ"}


def _cells(cells, labels) -> str:
    return "；".join(
        f"{labels.get(c['indicator'], c['indicator'])} = {c['value']:.6g}（"
        + (f"{_region(c['region'], labels)} {c['year']} 年" if c.get("region") is not None
           else f"第 {c['row']} 行") + "）" for c in cells)


def _constant(indicators: Mapping[str, list], labels) -> str:
    return "；".join(labels.get(i, i) + (f"（{'、'.join(pools)} 年）" if pools else "")
                    for i, pools in indicators.items())


def _city_change(c: dict, L: Mapping[str, str]) -> str:
    unit = _region(c.get("unit"), L)
    if c["kind"] == "dissolved":
        return f"{unit}：{c['n']} 个单元格未使用（已撤销并拆分，无唯一承继地区；{'、'.join(c['sources'])}）"
    if c["kind"] == "merged_sum":
        return (f"{unit} → {_region(c['successor'], L)}（{c['date']}）：{c['n']} 个单元格并入"
                "承继地区同年数值（合并：求和）")
    if c["kind"] == "merged_drop":
        return (f"{unit} → {_region(c['successor'], L)}（{c['date']}）：{c['n']} 个单元格未使用"
                "（合并：剔除，承继地区保留自身数值）")
    return f"{c['n']} 个已合并单元格在同年没有承继地区数值，未使用"


#: Chinese templates of the message ids: a function of (params, labels) to text; labels
#: map ids (indicators, variables, regions) to display names.
_ZH: dict[str, Callable[[dict, Mapping[str, str]], str]] = {
    "imputation.filled": lambda p, L: (
        f"插补了 {p['n']} 个缺失值" + (f"，仍有 {p['left']} 个缺失" if p.get("left") else "")
        + "（见缺失值插补记录）"),
    "firms.no_assets": lambda p, L: (
        f"{p['source']}：{p['n']} 行企业数据缺少总资产，已剔除（行号 "
        f"{'、'.join(map(str, p['rows']))}）"),
    "indicators.constant": lambda p, L: (
        f"指标 {_names(p['indicators'], L)} 为常数：标准化值取 0，权重为 0"),
    "index.constant": lambda p, L: (
        f"{L.get(p['index'], p['index'])}：指标 {_constant(p['indicators'], L)} 为常数，"
        "标准化值取 0，权重为 0"),
    "index.dominant": lambda p, L: (
        f"{L.get(p['index'], p['index'])}：{_cells(p['cells'], L)} 单独决定了该指标的取值范围"
        "（其余地区都在范围另一端的 0.1% 以内），该值主导了权重与得分，请检查其单位或是否录入有误"),
    "index.missing_rows": lambda p, L: (
        f"{L.get(p['index'], p['index'])}：{p['n']} 行存在缺失指标，未参与计算（请先插补）"),
    "weights.no_information": lambda p, L: (
        f"“{L.get(p['group'], p['group'])}”中的指标 {_names(p['indicators'], L)} "
        "不含信息（差异系数 g ≤ 0），权重为 0"),
    "weights.constant": lambda p, L: f"指标 {_names(p['indicators'], L)} 为常数：权重为 0",
    "ahp.inconsistent": lambda p, L: (
        f"判断矩阵（{_names(p['names'], L)}）未通过一致性检验：CR = {p['cr']:.4f} ≥ 0.1"),
    "robustness.failed_replicates": lambda p, L: (
        f"{p['replicates']} 次自助抽样中有 {p['n']} 次因权重无定义（如抽到的地区上指标全为常数）"
        "被剔除"),
    "robustness.bca_small": lambda p, L: (
        f"BCa 区间仅基于 {p['replicates']} 次自助抽样、{p['regions']} 个地区，不可靠（BCa 约需 "
        f"{p['min_replicates']} 次以上抽样，其刀切法加速常数至少需 {p['min_regions']} 个地区）；"
        "请增加抽样次数或改用百分位区间"),
    "robustness.bca_fallback": lambda p, L: (
        f"{p['total']} 个统计量中有 {p['n']} 个的自助抽样值全部位于估计值一侧，BCa 区间无定义，"
        "改用百分位区间"),
    "robustness.weighting_fallback": lambda p, L: (
        f"赋权方法 {p['method']} 不适用于“{L.get(p['system'], p['system'])}”，"
        "敏感性分析的相应方案中该系统沿用研究设定的赋权方法"),
    "coupling.missing": lambda p, L: (
        f"{p['n']} 行缺少系统得分，未参与耦合协调度计算：{p['where']}"),
    "data.dominant": lambda p, L: (
        f"{L.get(p['variable'], p['variable'])}：{_region(p['region'], L)} {p['year']} 年的值 "
        f"{p['value']:.6g}" + (f"（{p['where']}）" if p.get("where") else "")
        + " 单独决定了取值范围（其余值都在另一端的 0.1% 以内），请检查其单位或是否录入有误"),
    "detector.y_missing": lambda p, L: (
        f"因变量 {L.get(p['y'], p['y'])} 有 {p['n']} 行缺失，未参与计算（N = {p['N']}）"),
    "detector.dask_no_resampling": lambda p, L: (
        "分块数据（dask 或栅格分窗读取）"
        + (f"，N = {p['N']}" if p.get("N") is not None else "")
        + "：未计算置换检验 p 值与自助法置信区间，采用 F 检验的 p 值（理由见方法说明“规模”一节）"),
    "detector.auto_no_resampling": lambda p, L: (
        f"N = {p['N']} > {p['limit']}：未计算置换检验 p 值与自助法置信区间（permutations 与 bootstrap "
        "为 auto），采用 F 检验的 p 值（如需计算，请设定 permutations，如 999）"),
    "detector.many_categories": lambda p, L: (
        f"因子 {p['factor']} 为整数，按类型变量处理（N = {p['N']} 时有 {p['n']} 类）；"
        "若为连续测量值，请在配置中设为 type: continuous"),
    "detector.k_cut": lambda p, L: (
        f"因子 {p['factor']}：N = {p['N']}、每层至少 {p['min_stratum']} 个样本时最多分 "
        f"{p['k_allowed']} 层，分级数范围由 {p['k'][0]}–{p['k'][1]} 缩减为 "
        + (f"{p['cut'][0]}–{p['cut'][1]}" if p["cut"] else "无")),
    "detector.small_n": lambda p, L: (
        f"样本量 N = {p['N']} 较小：F 检验的 p 值不可靠"
        + ("" if p.get("permutations") else "，建议使用置换检验（如 999 次）")),
    "detector.y_constant": lambda p, L: f"因变量 {L.get(p['y'], p['y'])} 为常数：q 值无定义",
    "detector.singletons": lambda p, L: (
        f"因子 {p['factor']}：{p['n']} 个层只有一个样本（" + ("已剔除" if p["dropped"] else "已保留")
        + "）"),
    "detector.few_strata": lambda p, L: f"因子 {p['factor']} 的有效层数少于 2：q 值缺失",
    "detector.small_strata": lambda p, L: (
        f"因子 {'、'.join(p['factors'])} 每层平均样本数少于 {p['threshold']}（N/L < "
        f"{p['threshold']}）：q 值随层数增大而偏高，请参考调整q值"),
    "detector.interaction_rows": lambda p, L: (
        f"以下交互作用所用样本少于因变量的样本数（{p['N']}）："
        + "；".join(f"{a} ∩ {b}（N = {n}）" for a, b, n in p["pairs"])),
    "detector.interaction_unusable": lambda p, L: (
        "以下交互作用没有可用的 q12：" + "；".join(
            f"{a} ∩ {b}：{reason_text(r, 'zh')}" for a, b, r in p["pairs"])),
    "markov.empty": lambda p, L: (
        f"马尔可夫链：类别 {'、'.join(map(str, p['classes']))} 在数据中没有转移（末年之前没有地区处于该类），"
        "其转移概率行为空"),
    "markov.recurrent": lambda p, L: (
        f"马尔可夫链有 {len(p['groups'])} 个常返类（"
        + "；".join("、".join(map(str, g)) for g in p["groups"])
        + "）：长期分布取决于初始类别，不存在唯一的稳态分布"),
    "markov.unreachable": lambda p, L: (
        f"马尔可夫链：{p['n']} 组类别间可能永远无法到达（其间存在吸收类或封闭类），平均首次通过时间为无穷大："
        + "、".join(f"{a}→{b}" for a, b in p["pairs"]) + ("等" if p["n"] > len(p["pairs"]) else "")),
    "markov.conditional_recurrent": lambda p, L: (
        "空间马尔可夫链：邻域类别 " + "；".join(
            f"{i}（常返类 " + "，".join("、".join(map(str, c)) for c in g) + "）"
            for i, g in zip(p["lag_classes"], p["groups"]))
        + " 的条件转移链有多个常返类，不存在唯一的稳态分布"),
    "data.city_changes": lambda p, L: "已按行政区划调整处理面板数据：" + "；".join(
        _city_change(c, L) for c in p.get("changes", [])),
    "spatial.islands_linked": lambda p, L: (
        "以下地区在所选空间权重下没有邻接地区，已与最近的地区相连："
        + "；".join(f"{_region(a, L)} → {_region(b, L)}" for a, b in p["pairs"])),
    "spatial.groups_linked": lambda p, L: (
        "以下地区组合在研究区域内与其余地区不相连，已与最近的地区相连："
        + "；".join(f"{_region(a, L)} → {_region(b, L)}" for a, b in p["pairs"])),
    "spatial.islands": lambda p, L: (
        "以下地区没有邻接地区（其局部统计量无定义）：" + "、".join(_region(r, L) for r in p["regions"])),
    "econometrics.islands": lambda p, L: (
        f"{p['n']} 个地区没有邻接地区（空间滞后项为 0）：" + "、".join(_region(r, L) for r in p["regions"])),
    "econometrics.at_bound": lambda p, L: (
        f"{p['model'].upper()} 模型的空间参数 {_PARAM_ZH.get(p['parameter'], p['parameter'])} = "
        f"{p['value']:.4g} 位于其取值区间的边界：估计结果不可用，请检查模型设定与空间权重"),
    "coupling.saturated": lambda p, L: (
        f"耦合度 C 区分度不足：{p['share']:.0%} 的 C ≥ {p['high_c']}，T 贡献 D 变异的 "
        f"{p['share_t']:.0%}；“高度耦合”的判断意义有限，请参考修正模型与诊断表"),
    "spatial.no_points": lambda p, L: (
        "未计算重心、标准差椭圆与趋势面：有地区缺少位置（" + p["reason"] + "）"),
    "detector.spade_undefined": lambda p, L: (
        f"SPADE：因子 {L.get(p['factor'], p['factor'])} 有 {p['n']} 个层内部没有空间权重（层内样本互不"
        "相邻），空间方差无定义，q 值缺失；请使用连接所有样本对的权重（如距离倒数）"),
    "spatial.missing": lambda p, L: (
        f"{L.get(p['variable'], p['variable'])}：以下地区缺少数值，未参与空间统计："
        + "；".join(f"{y} 年 " + "、".join(_region(r, L) for r in m) for y, m in p["missing"].items())),
}




def _arrows(pairs) -> str:
    return ", ".join(f"{a} -> {b}" for a, b in pairs)


def _city_change_en(c: dict) -> str:
    if c["kind"] == "dissolved":
        return (f"{c['unit']}: {c['n']} cell(s) left out — dissolved and split, no single "
                f"successor ({', '.join(c['sources'])})")
    if c["kind"] in ("merged_sum", "merged_drop"):
        return (f"{c['unit']} -> {c['successor']} ({c['date']}): {c['n']} cell(s) " + (
            "added to the successor's values of the same year (merged: sum)"
            if c["kind"] == "merged_sum" else "left out (merged: drop; the successor keeps "
            "its own values)"))
    return f"{c['n']} merged cell(s) without a successor value in the same year were left out"


def _dominant_cell(c: dict) -> str:
    where = f"{c['region']} {c['year']}" if c.get("region") is not None else f"row {c['row']}"
    return f"{c['indicator']} = {c['value']:.6g} ({where})"


#: English sentences of the message ids (what the warnings say; a function of the values).
_EN: dict[str, Callable[[dict], str]] = {
    "coupling.missing": lambda p: (
        f"{p['n']} row(s) with a missing system score were dropped from the coupling "
        f"coordination: {p['where']}"),
    "firms.no_assets": lambda p: (
        f"{p['source']}: {p['n']} row(s) without total assets were dropped (rows {p['rows']})"),
    "imputation.filled": lambda p: (
        f"imputation filled {p['n']} cell(s)"
        + (f"; {p['left']} cell(s) are still missing" if p.get("left") else "")
        + " (see the imputation table)"),
    "data.city_changes": lambda p: "administrative changes applied to the panel: " + "; ".join(
        _city_change_en(c) for c in p["changes"]),
    "data.dominant": lambda p: (
        f"{p['variable']}: the value {p['value']:.6g} for {p['region']} {p['year']}"
        + (f" ({p['where']})" if p.get("where") else "")
        + " sets the whole range alone (every other value lies within 0.1% of it from the "
        "other end); check its unit or a typing error"),
    "markov.empty": lambda p: (
        f"Markov chain: class(es) {p['classes']} have no transition in the data (no region "
        "is in them before the last year): their rows are empty"),
    "markov.recurrent": lambda p: (
        f"Markov chain: {len(p['groups'])} recurrent classes {p['groups']}: the long-run "
        "distribution depends on the starting class (no unique steady state; see "
        "steady_states)"),
    "markov.unreachable": lambda p: (
        f"Markov chain: {p['n']} first passage(s) may never happen (an absorbing or closed "
        "class lies in the way), their mean first passage time is infinite: "
        + _arrows(p["pairs"]) + (f" and {p['n'] - len(p['pairs'])} more"
                                 if p["n"] > len(p["pairs"]) else "")),
    "markov.conditional_recurrent": lambda p: (
        "spatial Markov chain: the chains of lag class(es) "
        + "; ".join(f"{i}: recurrent classes {g}" for i, g in zip(p["lag_classes"],
                                                                   p["groups"]))
        + " have several recurrent classes: no unique steady state (NaN)"),
    "detector.y_missing": lambda p: (
        f"response {p['y']!r}: {p['n']} row(s) without a finite value are left out "
        f"(N = {p['N']})"),
    "detector.dask_no_resampling": lambda p: (
        f"chunked input (N = {p['N']}): permutation p-values and bootstrap intervals are not "
        "computed; at this N the F test's p-value is used (see docs/methods.md, 'Scale')"),
    "detector.auto_no_resampling": lambda p: (
        f"N = {p['N']} > {p['limit']}: permutation p-values and bootstrap intervals are off "
        "(permutations and bootstrap 'auto'); the F test's p-value is used (set "
        "permutations, e.g. 999, to run them anyway)"),
    "detector.many_categories": lambda p: (
        f"factor {p['factor']!r} holds whole numbers and is used as categories ({p['n']} of "
        f"them for N = {p['N']}); if it is a measurement, pass continuous=[{p['factor']!r}] "
        "(or type: continuous in the config)"),
    "detector.small_n": lambda p: (
        f"N = {p['N']} is small: the F-test p-values are unreliable"
        + ("; use permutations (e.g. 999) for an honest test" if not p["permutations"]
           else "")),
    "detector.y_constant": lambda p: f"response {p['y']!r} is constant: q is undefined (NaN)",
    "detector.singletons": lambda p: (
        f"factor {p['factor']!r}: {p['n']} stratum/strata with a single sample "
        + ("dropped" if p["dropped"] else "kept")),
    "detector.few_strata": lambda p: (
        f"factor {p['factor']!r} has fewer than 2 usable strata: q is NaN"),
    "detector.small_strata": lambda p: (
        f"few rows per stratum (N/L < {p['threshold']}) for {', '.join(p['factors'])}: q is "
        "inflated by the number of strata; compare the adjusted q"),
    "detector.k_cut": lambda p: (
        (f"{p['factor']}: " if p.get("factor") else "")
        + f"N = {p['N']} with min_stratum = {p['min_stratum']} allows at most "
        f"{p['k_allowed']} strata: k grid cut from {p['k'][0]}..{p['k'][1]} to "
        + (f"{p['cut'][0]}..{p['cut'][1]}" if p["cut"] else "nothing")),
    "detector.interaction_rows": lambda p: (
        f"interactions computed on fewer rows than y has ({p['N']}): "
        + "; ".join(f"{a} ∩ {b} (N = {n})" for a, b, n in p["pairs"])),
    "detector.interaction_unusable": lambda p: (
        "interactions without a usable q12: "
        + "; ".join(f"{a} ∩ {b}: {r}" for a, b, r in p["pairs"])),
    "index.dominant": lambda p: (
        f"index {p['index']!r}: one value sets the whole range of "
        + "; ".join(_dominant_cell(c) for c in p["cells"])
        + ": every other unit lies within 0.1% of the range from the other end, so this "
        "cell drives the weights and scores. Check its unit or a typing error"),
    "index.constant": lambda p: (
        f"index {p['index']!r}: constant indicator(s) "
        + "; ".join(f"{ind!r}" + (" in " + ", ".join(pools) if pools else "")
                    for ind, pools in p["indicators"].items())
        + ": standardized to 0 and given weight 0"),
    "index.missing_rows": lambda p: (
        f"{p['n']} row(s) with a missing indicator were left out of index {p['index']!r} "
        "(impute first to keep them)"),
    "indicators.constant": lambda p: (
        f"constant indicator(s) {p['indicators']}: standardized to 0 and given weight 0"),
    "weights.constant": lambda p: f"constant indicator(s) {p['indicators']}: weight 0",
    "weights.no_information": lambda p: (
        f"indicator(s) {p['indicators']} in group {p['group']!r} carry no information "
        "(g <= 0) and get weight 0"),
    "ahp.inconsistent": lambda p: (
        f"AHP judgment matrix {p['names']} is inconsistent: CR = {p['cr']:.4f} >= 0.1"),
    "robustness.failed_replicates": lambda p: (
        f"{p['n']} of {p['replicates']} bootstrap replicates left out: a weight was undefined "
        "on the drawn regions (e.g. every indicator constant)"),
    "robustness.bca_small": lambda p: (
        f"BCa intervals from {p['replicates']} replicates on {p['regions']} regions are "
        f"unreliable (BCa needs about {p['min_replicates']} replicates or more, and its "
        f"jackknife acceleration at least {p['min_regions']} regions); use more replicates "
        "or the percentile interval"),
    "robustness.bca_fallback": lambda p: (
        f"BCa undefined for {p['n']} of {p['total']} statistic(s) (every bootstrap replicate "
        "on one side of the estimate): percentile intervals used for them"),
    "robustness.weighting_fallback": lambda p: (
        f"weighting {p['method']} is undefined for system {p['system']!r}; its configured "
        "weighting was used in those runs"),
    "spatial.missing": lambda p: (
        f"{p['variable']}: regions without a value left out of the spatial statistics: "
        + "; ".join(f"{y}: {', '.join(m)}" for y, m in p["missing"].items())),
    "spatial.islands_linked": lambda p: (
        "regions without a neighbour linked to their nearest region: "
        + _arrows(p["pairs"])),
    "spatial.groups_linked": lambda p: (
        "groups of regions cut off from the rest linked to their nearest region: "
        + _arrows(p["pairs"])),
    "spatial.islands": lambda p: (
        "regions without a neighbour (their local statistics are undefined): "
        + ", ".join(p["regions"])),
    "econometrics.islands": lambda p: (
        f"{p['n']} region(s) without a neighbour (their spatial lag is 0): "
        + ", ".join(p["regions"])),
    "econometrics.at_bound": lambda p: (
        f"{p['model'].upper()}: {p['parameter']} = {p['value']:.4g} is at the bound of its "
        "interval; the estimates should not be used (check the model and the weights)"),
    "coupling.saturated": lambda p: (
        f"the coupling degree C ({p['model']}) does not discriminate: {p['share']:.0%} of it "
        f"is >= {p['high_c']} and T carries {p['share_t']:.0%} of D's variation; 'highly "
        "coupled' says little here (see the modified model and the diagnostics table)"),
    "spatial.no_points": lambda p: (
        "centre of gravity, ellipse and trend surface not computed: a region has no "
        f"location ({p['reason']})"),
    "detector.spade_undefined": lambda p: (
        f"SPADE: factor {p['factor']!r} has {p['n']} stratum/strata without any weight inside "
        "(no two of its units are linked), so the spatial variance and q are undefined (NaN); "
        "use weights that join every pair, e.g. inverse distances"),
}


def _in(template):
    """A template of the values as a message function of (params, labels, text)."""
    return lambda p, L, text: template(p, L)


def _english(template):
    return lambda p, L, text: template(p)


#: ``warning.<key>``: a function of (params, labels, text) in each language.
WARNING_TEXTS = {
    **{f"warning.{key}": {"zh": _in(template), "en": _english(_EN[key])}
       for key, template in _ZH.items()},
    "warning.untranslated": {"zh": "（英文原文）{text}", "en": "{text}"},
    "warning.detector_context": {"zh": "地理探测器 {y}（{year} 年）：{text}",
                                 "en": "Geographical Detector {y} ({year}): {text}"},
}
