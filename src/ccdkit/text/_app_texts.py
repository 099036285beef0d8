"""The browser app's text: pages, buttons, help lines and the titles of the result tables."""

from __future__ import annotations


def _both(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


_PAGES = {
    "app.pages": _both("步骤", "Steps"),
    "app.page.start": _both("1 开始", "1 Start"),
    "app.page.data": _both("2 数据", "2 Data"),
    "app.page.design": _both("3 指标体系", "3 Design"),
    "app.page.methods": _both("4 方法", "4 Methods"),
    "app.page.run": _both("5 运行", "5 Run"),
    "app.page.results": _both("6 结果", "6 Results"),
    "app.page.export": _both("7 导出", "7 Export"),
    "app.page.audit": _both("核查已发表的表格", "Audit a published table"),
    "app.language.zh": _both("中文", "Chinese"),
    "app.language.en": _both("英文", "English"),
    "app.current_study": _both("当前研究：{name}", "Current study: {name}"),
    "app.local_only": _both("本应用只在本机运行：不上传数据、不发送使用统计；关闭页面后临时文件即被删除。",
                            "This app runs on this computer only: no data leave it, no usage "
                            "statistics are sent, and its temporary files are removed when the "
                            "page is closed."),
    "app.no_study": _both("还没有研究：请先在“开始”页新建或打开一个研究。",
                          "No study yet: create or open one on the Start page."),
    "app.apply": _both("应用", "Apply"),
    "app.expired": _both("此页面的会话已结束，其临时文件已删除；请重新开始。",
                         "This page's session had ended and its temporary files were "
                         "removed; please start again."),
    "app.saved": _both("已保存。", "Saved."),
    "app.not_saved": _both("未保存：配置有误。", "Not saved: the config has a problem."),
    "app.unexpected": _both("出现意外错误（{kind}）：{text}。请将此信息报告给 ccdkit。",
                            "Unexpected error ({kind}): {text}. Please report it to ccdkit."),
}

_START = {
    "app.start.intro": _both(
        "从一个研究设计新建研究（随后下载 Excel 模板、填写并上传），运行内置的合成示例，"
        "或打开已有的研究（study.yaml，或本应用导出的 zip）。",
        "Start a new study from a design (then download its Excel templates, fill them in "
        "and upload them), run the built-in synthetic demo, or open an existing study "
        "(its study.yaml, or a zip exported by this app)."),
    "app.start.new": _both("新建研究", "New study"),
    "app.start.design": _both("研究设计", "Design"),
    "app.design.reference": _both("省级参考设计（新能源汽车产业集聚 × 新质生产力）",
                                  "Provinces: the reference design (NEV agglomeration x new "
                                  "quality productive forces)"),
    "app.design.city": _both("城市设计（经济发展 × 生态环境）",
                             "Cities: economic development x ecological environment"),
    "app.design.blank": _both("空白设计（两个系统，自行填写指标）",
                              "Blank: two systems, indicators of your own"),
    "app.design.demo": _both("合成示例（省级，已填数据）", "Synthetic demo (provinces, filled in)"),
    "app.design.demo_city": _both("合成示例（长江经济带城市，已填数据）",
                                  "Synthetic demo (Yangtze River Economic Belt cities)"),
    "app.start.region": _both("研究区域", "Study region"),
    "app.start.study_language": _both("结果语言", "Language of the outputs"),
    "app.start.study_language_help": _both(
        "表格、图表和报告的语言（output.language）；界面语言在左侧切换。",
        "Language of the tables, figures and report (output.language); the page's own "
        "language is switched on the left."),
    "app.start.create": _both("新建", "Create"),
    "app.start.creating": _both("正在生成研究与模板……", "Writing the study and its templates..."),
    "app.start.open": _both("打开已有研究", "Open a study"),
    "app.start.open_help": _both(
        "上传 study.yaml（随后在“数据”页逐个上传它引用的工作簿），或本应用导出的 zip。",
        "Upload a study.yaml (then upload the workbooks it names on the Data page), or a "
        "zip exported by this app."),
    "app.start.upload": _both("study.yaml 或 zip", "study.yaml or zip"),
}

_DATA = {
    "app.data.intro": _both(
        "每个数据文件一栏：上传填好的工作簿（宽表：地区为行、年份为列，每个指标一个工作表；"
        "或长表：地区、年份、指标各一列）。文件会存为研究中设定的名称。",
        "One box per data file: upload the filled workbook (wide: regions as rows and "
        "years as columns, one sheet per indicator; or long: a column each for region, "
        "year and the variables). It is stored under the study's own file name."),
    "app.data.templates": _both("下载当前设计的 Excel 模板", "Download the Excel templates of this design"),
    "app.data.upload": _both("上传工作簿", "Upload the workbook"),
    "app.data.present": _both("已有文件", "file present"),
    "app.data.absent": _both("尚未上传", "not uploaded yet"),
    "app.data.layout": _both("表格形式", "Layout"),
    "app.data.layout_wide": _both("宽表（地区 × 年份）", "wide (regions x years)"),
    "app.data.layout_long": _both("长表（地区、年份、变量列）", "long (region, year, variable columns)"),
    "app.data.add": _both("添加数据文件", "Add a data file"),
    "app.data.check": _both("数据检查（与 ccdkit validate 相同）", "Check (as ccdkit validate)"),
    "app.data.checking": _both("正在检查数据……", "Checking the data..."),
    "app.data.nothing": _both("尚未上传数据文件。", "No data file uploaded yet."),
    "app.data.not_ready": _both("数据还不能使用：", "The data cannot be used yet:"),
    "app.data.ready": _both("配置与数据有效，可以运行（{cells} 个单元格，{missing} 个空单元格）。",
                            "Config and data are valid and ready to run ({cells} cells, "
                            "{missing} empty)."),
    "app.data.missing": _both("空单元格（{n} 个）", "Empty cells ({n})"),
    "app.data.imputation": _both(
        "插补（{method}）将填补其中 {filled} 个；{left} 个无法填补（若有，会阻止运行或在结果中标出）。",
        "Imputation ({method}) will fill {filled} of them; {left} cannot be filled (if any, "
        "they stop the run or are flagged in the results)."),
    "app.data.map_year": _both("缺失分布图：年份", "Map of empty cells: year"),
    "app.data.all_years": _both("全部年份（空缺年数）", "all years (number of empty years)"),
    "app.data.col.variable": _both("指标", "variable"),
    "app.data.col.region": _both("地区", "region"),
    "app.data.col.year": _both("年份", "year"),
    "app.data.col.source": _both("文件与工作表", "file and sheet"),
    "app.data.col.cell": _both("单元格", "cell"),
    "app.data.col.imputable": _both("可插补", "imputable"),
}

_DESIGN = {
    "app.design.intro": _both(
        "修改后点“应用”：配置会按 ccdkit 的规则检查，有误时给出与命令行相同的说明且不保存。",
        "Press Apply after a change: the config is checked by ccdkit's rules; a problem is "
        "shown in the command line's words and nothing is saved."),
    "app.design.study": _both("研究期与地区", "Period and regions"),
    "app.design.title_zh": _both("标题（中文）", "Title (Chinese)"),
    "app.design.title_en": _both("标题（英文）", "Title (English)"),
    "app.design.start": _both("起始年份", "First year"),
    "app.design.end": _both("结束年份", "Last year"),
    "app.design.regions": _both("研究地区", "Regions"),
    "app.design.regions_help": _both("all（全部 31 个省份）或以逗号分隔的名称（任意写法）",
                                     "all (the 31 provinces) or names separated by commas "
                                     "(any spelling)"),
    "app.design.groups": _both("区域分组", "Region groups"),
    "app.design.groups_region3": _both("东、中、西部", "East, central, west"),
    "app.design.groups_region4": _both("东部、中部、西部、东北", "East, central, west, northeast"),
    "app.design.groups_province": _both("按省份", "By province"),
    "app.design.system": _both("系统：{name}", "System: {name}"),
    "app.design.label_zh": _both("名称（中文）", "Name (Chinese)"),
    "app.design.label_en": _both("名称（英文）", "Name (English)"),
    "app.design.factors": _both("地理探测器的驱动因子", "Drivers for the Geographical Detector"),
    "app.design.factors_help": _both("每行一个因子；数据列默认与编号相同。",
                                     "One driver a row; its data column is its id unless given."),
    "app.design.col.dimension": _both("维度编号", "dimension id"),
    "app.design.col.dimension_zh": _both("维度（中文）", "dimension (Chinese)"),
    "app.design.col.dimension_en": _both("维度（英文）", "dimension (English)"),
    "app.design.col.id": _both("编号", "id"),
    "app.design.col.column": _both("数据列", "data column"),
    "app.design.col.direction": _both("方向", "direction"),
    "app.design.col.type": _both("类型", "type"),
    "app.design.col.unit_zh": _both("单位（中文）", "unit (Chinese)"),
    "app.design.col.unit_en": _both("单位（英文）", "unit (English)"),
    "app.design.col.label_zh": _both("名称（中文）", "name (Chinese)"),
    "app.design.col.label_en": _both("名称（英文）", "name (English)"),
    "app.design.col.source": _both("数据来源", "source"),
}

_METHODS = {
    "app.methods.intro": _both(
        "每个步骤的全部选项，含默认值、可选值与说明；改动后点“应用”。",
        "Every option of every step, with its default, allowed values and help; press "
        "Apply after a change."),
    "app.methods.system": _both("系统指数：{name}", "System index: {name}"),
    "app.methods.include": _both("运行这一部分", "Run this chapter"),
    "app.methods.block.impute": _both("缺失值插补", "Imputation"),
    "app.methods.block.coupling": _both("耦合协调度", "Coupling coordination"),
    "app.methods.block.detector": _both("地理探测器", "Geographical Detector"),
    "app.methods.block.spatial": _both("空间自相关", "Spatial autocorrelation"),
    "app.methods.block.dynamics": _both("动态演进", "Dynamics"),
    "app.methods.block.econometrics": _both("空间计量模型", "Spatial econometrics"),
    "app.methods.block.robustness": _both("稳健性", "Robustness"),
    "app.methods.block.output": _both("输出", "Outputs"),
}

_RUN = {
    "app.run.intro": _both("依次运行全部步骤；只重新计算改动涉及的步骤。",
                           "Runs every step; only what a change touches is computed again."),
    "app.run.start": _both("运行研究", "Run the study"),
    "app.run.cancel": _both("取消", "Cancel"),
    "app.run.preview": _both("新的耦合协调度（其余步骤仍在计算）：",
                             "The new coupling coordination (the other steps are still running):"),
    "app.run.cancelled": _both("上次运行已取消；结果仍是之前的。", "The last run was cancelled; the results are the earlier ones."),
    "app.run.waiting": _both("正在开始……", "Starting..."),
    "app.run.busy": _both("另一个会话正在计算，稍候……", "Another session is computing; waiting..."),
    "app.run.done": _both("运行完成（{seconds:.1f} 秒）。", "Run finished ({seconds:.1f} s)."),
    "app.run.reused": _both("未改动、沿用上次结果的步骤：{steps}",
                            "Steps unchanged and reused: {steps}"),
    "app.results.none": _both("还没有结果：请在“运行”页运行研究。",
                              "No results yet: run the study on the Run page."),
    "app.results.tables": _both("表格", "Tables"),
    "app.results.view": _both("查看", "View"),
    "app.results.warnings": _both("警告（{n} 条）", "Warnings ({n})"),
    "app.results.figures": _both("图表", "Figures"),
    "app.results.report": _both("报告", "Report"),
    "app.results.table": _both("表格", "Table"),
    "app.results.figure": _both("图", "Figure"),
    "app.results.report_help": _both("报告包含全部图表，生成约需半分钟。",
                                     "The report holds every figure; it takes about half a "
                                     "minute to draw them."),
    "app.results.build": _both("生成报告", "Build the report"),
    "app.export.intro": _both(
        "导出一个 zip：study.yaml、工作簿、tables.xlsx、CSV、图表、report.html 与 manifest.json。"
        "用命令 ccdkit run study/study.yaml --out 结果 可逐字节重现这些结果。",
        "Export one zip: study.yaml, the workbooks, tables.xlsx, the CSVs, figures, "
        "report.html and manifest.json. `ccdkit run study/study.yaml --out results` "
        "reproduces them byte for byte."),
    "app.export.yaml": _both("下载 study.yaml", "Download study.yaml"),
    "app.export.prepare": _both("准备导出文件", "Prepare the export"),
    "app.export.preparing": _both("正在绘制图表并写出结果……", "Drawing the figures and writing the outputs..."),
    "app.export.download": _both("下载 zip", "Download the zip"),
}

#: What the data check (``ccdkit validate``, the app's Data page) says, by id; the English
#: is the CLI's.
_CHECK = {
    "check.unfillable": _both(
        "{variable}：{n} 个空单元格无法插补（某地区该指标全无数据，或 impute.method 为 none）",
        "{variable}: {n} empty cell(s) that imputation cannot fill (a region without any "
        "value, or impute.method none)"),
    "check.will_impute": _both("{n} 个空单元格将被插补（{method}，首尾 {edges}）",
                               "{n} empty cell(s) will be imputed ({method}, edges {edges})"),
    "check.aggregates": _both("已跳过 {n} 个汇总行（全国、地区合计等）",
                              "skipped {n} aggregate row(s) (national or regional totals)"),
    "check.extra_regions": _both("数据中有研究范围之外的地区（已忽略）：{regions}",
                                 "data regions not in the study (ignored): {regions}"),
    "check.firms_empty": _both("data.firms：企业表没有任何行",
                               "data.firms: the firm table has no rows"),
    "check.no_target": _both("data.firms：没有企业被标记为目标行业（is_target）",
                             "data.firms: no firm is flagged as target industry (is_target)"),
    "check.firm_gaps": _both(
        "data.firms：{n} 个地区-年份没有任何企业（全部企业总资产为 0，区位熵无定义）：{shown}",
        "data.firms: {n} region-year(s) have no firm at all (total assets of all firms = 0, "
        "so the location quotient is undefined): {shown}"),
    "check.more": _both(" ……等共 {n} 个", " ... and {n} more"),
    "check.more_cells": _both("，……另有 {n} 个", ", ... and {n} more"),
    "check.all_empty": _both("{label}：全部 {n} 个单元格为空（{first}:{last}）",
                             "{label}: all {n} cells empty ({first}:{last})"),
    "check.empty": _both("{label}：{n} 个空单元格：{cells}", "{label}: {n} empty: {cells}"),
    "check.absent": _both("{label}：缺 {n} 个：{cells}", "{label}: {n} missing: {cells}"),
    "check.no_row": _both("（数据中没有该地区-年份的行）", "(no row for this region-year in the data)"),
}

_CHOICES = {
    "app.choice.national": _both("全国目标行业总量", "national total"),
    "app.choice.within": _both("本地区目标行业总量", "the region's own total"),
}

_TABLES = {
    "app.table.coupling": _both("耦合度、协调度与类型", "Coupling, coordination and types"),
    "app.table.coupling_by_group": _both("分区域耦合协调度", "Coupling coordination by group"),
    "app.table.scores": _both("系统综合得分", "System scores"),
    "app.table.scores_by_group": _both("分区域系统得分", "System scores by group"),
    "app.table.panel_raw": _both("原始面板数据", "Panel data as read"),
    "app.table.panel_imputed": _both("插补后的面板数据", "Panel data after imputation"),
    "app.table.imputation": _both("缺失值插补记录", "Imputed cells"),
    "app.table.agglomeration_indices": _both("产业集聚指数", "Agglomeration indices"),
    "app.table.firms": _both("企业数据", "Firms"),
    "app.table.weights": _both("{name}：指标权重", "{name}: weights"),
    "app.table.obstacles": _both("{name}：障碍度", "{name}: obstacle degrees"),
    "app.table.bootstrap_group": _both("{name}：分组自助法区间", "{name}: bootstrap intervals by group"),
    "app.table.dagum_gini": _both("{name}：Dagum 基尼系数", "{name}: Dagum Gini"),
    "app.table.growth": _both("{name}：增长", "{name}: growth"),
    "app.table.top_bottom": _both("{name}：最高与最低地区", "{name}: top and bottom regions"),
    "app.table.type_shares": _both("协调类型占比", "Shares of the types"),
    "app.table.type_transitions": _both("协调类型转移", "Type transitions"),
    "app.table.type_moves": _both("协调类型升降", "Moves between types"),
    "app.table.type_markov": _both("类型马尔可夫链", "Markov chain of the types"),
    "app.table.detector_factor": _both("因子探测", "Factor detector"),
    "app.table.detector_interaction": _both("交互探测", "Interaction detector"),
    "app.table.detector_risk": _both("风险探测", "Risk detector"),
    "app.table.detector_ecological": _both("生态探测", "Ecological detector"),
    "app.table.detector_q_grid": _both("离散化方案与 q 值", "Discretizations and their q"),
    "app.table.spatial_weights": _both("空间权重", "Spatial weights"),
    "app.table.moran_global": _both("全局莫兰指数", "Global Moran's I"),
    "app.table.moran_bivariate": _both("双变量莫兰指数", "Bivariate Moran's I"),
    "app.table.lisa": _both("局部莫兰指数（LISA）", "Local Moran (LISA)"),
    "app.table.gi_star": _both("热点分析（Gi*）", "Hot spots (Gi*)"),
    "app.table.kde_density": _both("核密度", "Kernel density"),
    "app.table.kde_peaks": _both("核密度峰", "Kernel density peaks"),
    "app.table.markov": _both("马尔可夫转移矩阵", "Markov transition matrix"),
    "app.table.markov_classes": _both("马尔可夫类别", "Markov classes"),
    "app.table.spatial_markov": _both("空间马尔可夫链", "Spatial Markov chains"),
    "app.table.spatial_markov_tests": _both("空间马尔可夫检验", "Spatial Markov tests"),
    "app.table.sigma_convergence": _both("σ 收敛", "Sigma convergence"),
    "app.table.beta_convergence": _both("β 收敛", "Beta convergence"),
    "app.table.econometrics_models": _both("空间计量模型估计结果", "Spatial models: estimates"),
    "app.table.econometrics_coefficients": _both("空间计量模型系数（长表）",
                                                 "Spatial models: every coefficient"),
    "app.table.econometrics_lm": _both("LM 检验", "LM tests"),
    "app.table.econometrics_restrictions": _both("空间杜宾模型的简化检验",
                                                 "Tests of the spatial Durbin model"),
    "app.table.econometrics_fit": _both("模型比较（对数似然值、AIC）",
                                        "Model comparison (log-likelihood, AIC)"),
    "app.table.econometrics_hausman": _both("Hausman 检验", "Hausman test"),
    "app.table.econometrics_effects": _both("直接效应、间接效应与总效应",
                                            "Direct, indirect and total effects"),
    "app.table.bootstrap_scores": _both("得分的自助法区间", "Bootstrap intervals of the scores"),
    "app.table.bootstrap_weights": _both("权重的自助法区间", "Bootstrap intervals of the weights"),
    "app.table.bootstrap_type_probability": _both("类型概率（自助法）", "Type probabilities (bootstrap)"),
    "app.table.bootstrap_type_shares": _both("类型占比（自助法）", "Type shares (bootstrap)"),
    "app.table.sensitivity_runs": _both("敏感性分析：各次运行", "Sensitivity: runs"),
    "app.table.sensitivity_units": _both("敏感性分析：各地区", "Sensitivity: regions"),
    "app.table.sensitivity_indices": _both("敏感性指数", "Sensitivity indices"),
    "app.table.sensitivity_agreement": _both("排序一致性", "Rank agreement"),
}

_AUDIT = {
    "app.audit.intro": _both(
        "粘贴或上传一张耦合协调表（每行一个地区或年份：各系统得分 U，以及表中给出的 C、T、D 和协调类型）。"
        "ccdkit 用每一种已知公式按表中打印的 U 重算，在打印精度内比对，指出表格使用的公式及内部不一致之处。"
        "无需建立研究，数据不离开本机。",
        "Paste or upload a coupling table (one row per region or year: the system scores U "
        "and the C, T, D and coordination type it prints). ccdkit recomputes them from the "
        "printed U with every known formula, compares within the printed rounding, and names "
        "the formula the table used and its internal inconsistencies. No study is needed; "
        "the data stay on this computer."),
    "app.audit.paste": _both("粘贴表格（可直接从 Excel 复制，含表头）",
                             "Paste the table (straight from Excel, with its header row)"),
    "app.audit.upload": _both("或上传 CSV / Excel 文件", "or upload a CSV / Excel file"),
    "app.audit.pasted": _both("粘贴的表格", "the pasted table"),
    "app.audit.too_large": _both("文件超过 {mb:g} MB 的上限", "The file is larger than the "
                                 "{mb:g} MB limit"),
    "app.audit.systems": _both("系统得分列 U", "Columns of the system scores U"),
    "app.audit.column_c": _both("耦合度 C 列", "Column of C"),
    "app.audit.column_t": _both("综合协调指数 T 列", "Column of T"),
    "app.audit.column_d": _both("耦合协调度 D 列", "Column of D"),
    "app.audit.column_type": _both("协调类型列", "Column of the type"),
    "app.audit.weights": _both("文中给出的 T 权重（可选，如 0.5 0.5）",
                               "Weights of T the paper states (optional, e.g. 0.5 0.5)"),
    "app.audit.weights_help": _both("留空时，尝试等权，并由表中的 T 反推权重",
                                    "Empty: equal weights are tried, and the weights the "
                                    "printed T implies are fitted"),
    "app.audit.bad_weights": _both("权重应为以空格或逗号分隔的数字，实际为：{text}",
                                   "Weights must be numbers separated by spaces or commas, "
                                   "found: {text}"),
    "app.audit.run": _both("核查", "Audit"),
    "app.audit.outside": _both("超出打印精度的行", "Rows outside the printed rounding"),
    "app.audit.issues": _both("内部不一致", "Internal inconsistencies"),
}

APP_TEXTS = {**_AUDIT, **_PAGES, **_START, **_DATA, **_DESIGN, **_METHODS, **_RUN, **_CHECK, **_CHOICES, **_TABLES}
