"""Reader-facing headers and values of the space-time tables (centre of gravity and
ellipse, emerging hot spots, LISA transitions, rose, Theil, trend surface), zh and en."""

from __future__ import annotations

__all__ = ["SPACE_TIME_HEADERS", "EHSA_LABELS", "REY_TYPE_LABELS", "QUADRANT_LABELS", "COMPASS",
           "ELLIPSE_CONVENTION_LABELS",
           "DIAGNOSTIC_LABELS",
           "DYNAMIC_STATE_LABELS"]

SPACE_TIME_HEADERS: dict[str, dict[str, str]] = {
    "zh": {"lon": "重心经度", "lat": "重心纬度", "x_m": "重心投影坐标x（米）",
           "y_m": "重心投影坐标y（米）", "sigma_x": "x轴标准差（千米）",
           "sigma_y": "y轴标准差（千米）", "rotation": "转角θ（度）", "major": "长半轴（千米）",
           "minor": "短半轴（千米）", "azimuth": "长轴方位角（度）", "area": "椭圆面积（平方千米）",
           "flattening": "扁率", "distance": "移动距离（千米）", "dx": "东向位移（千米）",
           "dy": "北向位移（千米）", "km_per_year": "年均移动速度（千米/年）", "years": "年数",
           "hot_years": "热点年数", "cold_years": "冷点年数", "mk_S": "趋势统计量S",
           "mk_tau": "肯德尔τ", "mk_z": "趋势检验z值", "mk_p": "趋势检验p值",
           "category": "时空热点类型", "move_type": "跃迁类型", "sector": "扇区",
           "from_deg": "起始角（度）", "to_deg": "终止角（度）", "moves": "移动数",
           "expected": "置换期望", "p_larger": "p值（偏多）", "p_smaller": "p值（偏少）",
           "chi2": "卡方统计量", "length": "路径长度", "relative_length": "相对路径长度",
           "tortuosity": "路径弯曲度", "z_first": "初期z值", "lag_first": "初期空间滞后",
           "z_last": "末期z值", "lag_last": "末期空间滞后", "theil_T": "泰尔指数T",
           "theil_T_within": "T组内差异", "theil_T_between": "T组间差异",
           "theil_T_between_share": "T组间贡献率", "theil_L": "泰尔指数L",
           "theil_L_within": "L组内差异", "theil_L_between": "L组间差异",
           "theil_L_between_share": "L组间贡献率", "order": "阶数", "terms": "项数",
           "r2_adj": "调整R²", "chosen": "选用", "to": "结束类型",
           "HH": "高-高", "LH": "低-高", "LL": "低-低", "HL": "高-低",
           "heading": "移动方向（北起顺时针，度）", "p_two_sided": "p值（双侧）",
           "diagnostic": "诊断指标", "V1": "系统1演化速度", "V2": "系统2演化速度",
           "angle": "耦合角（度）", "state": "耦合状态"},
    "en": {"lon": "Centre longitude", "lat": "Centre latitude", "x_m": "Centre x (m)",
           "y_m": "Centre y (m)", "sigma_x": "SD along x (km)", "sigma_y": "SD along y (km)",
           "rotation": "Rotation θ (°)", "major": "Semi-major axis (km)",
           "minor": "Semi-minor axis (km)", "azimuth": "Major-axis azimuth (°)",
           "area": "Area (km²)", "flattening": "Flattening", "distance": "Distance (km)",
           "dx": "East shift (km)", "dy": "North shift (km)", "km_per_year": "Speed (km/year)",
           "years": "Years", "hot_years": "Hot years", "cold_years": "Cold years",
           "mk_S": "Mann-Kendall S", "mk_tau": "Kendall τ", "mk_z": "Trend z",
           "mk_p": "Trend p", "category": "Emerging hot spot category",
           "move_type": "Transition type", "sector": "Sector", "from_deg": "From (°)",
           "to_deg": "To (°)", "moves": "Moves", "expected": "Expected (permutation)",
           "p_larger": "p (more)", "p_smaller": "p (fewer)", "chi2": "Chi-square",
           "length": "Path length", "relative_length": "Relative length",
           "tortuosity": "Tortuosity", "z_first": "z (first year)",
           "lag_first": "Lag (first year)", "z_last": "z (last year)",
           "lag_last": "Lag (last year)", "theil_T": "Theil T",
           "theil_T_within": "T within", "theil_T_between": "T between",
           "theil_T_between_share": "T between share", "theil_L": "Theil L",
           "theil_L_within": "L within", "theil_L_between": "L between",
           "theil_L_between_share": "L between share", "order": "Order", "terms": "Terms",
           "r2_adj": "Adjusted R²", "chosen": "Chosen", "to": "To",
           "HH": "High-High", "LH": "Low-High", "LL": "Low-Low", "HL": "High-Low",
           "heading": "Heading (° clockwise from north)", "p_two_sided": "p (two-sided)",
           "count": "Count", "diagnostic": "Diagnostic", "V1": "Speed of system 1",
           "V2": "Speed of system 2", "angle": "Coupling angle (°)", "state": "State"},
}

#: ArcGIS's emerging hot spot categories.
EHSA_LABELS: dict[str, dict[str, str]] = {
    **{f"{k}_{side}": {"en": f"{en} {side} spot", "zh": f"{zh}{'热点' if side == 'hot' else '冷点'}"}
       for side in ("hot", "cold")
       for k, en, zh in (("new", "New", "新增"), ("consecutive", "Consecutive", "连续"),
                         ("intensifying", "Intensifying", "加强"),
                         ("persistent", "Persistent", "持续"),
                         ("diminishing", "Diminishing", "减弱"),
                         ("sporadic", "Sporadic", "零星"),
                         ("oscillating", "Oscillating", "振荡"),
                         ("historical", "Historical", "历史"))},
    "no_pattern": {"en": "No pattern", "zh": "无显著模式"},
}

#: Rey's space-time transition types, and the two shares built from them.
REY_TYPE_LABELS: dict[str, dict[str, str]] = {
    "I": {"zh": "类型Ⅰ（自身跃迁）", "en": "Type I (the region moves)"},
    "II": {"zh": "类型Ⅱ（邻域跃迁）", "en": "Type II (the neighbours move)"},
    "IIIA": {"zh": "类型ⅢA（同向跃迁）", "en": "Type IIIA (both move, same way)"},
    "IIIB": {"zh": "类型ⅢB（反向跃迁）", "en": "Type IIIB (both move, opposite ways)"},
    "IV": {"zh": "类型Ⅳ（均未跃迁）", "en": "Type IV (neither moves)"},
    "flux": {"zh": "空间流动性（Ⅰ+Ⅱ）", "en": "Spatial flux (I + II)"},
    "cohesion": {"zh": "空间凝聚性（Ⅳ）", "en": "Spatial cohesion (IV)"},
}

#: Moran-scatter quadrants in transition tables.
QUADRANT_LABELS: dict[str, dict[str, str]] = {
    "HH": {"zh": "高-高", "en": "High-High"}, "LH": {"zh": "低-高", "en": "Low-High"},
    "LL": {"zh": "低-低", "en": "Low-Low"}, "HL": {"zh": "高-低", "en": "High-Low"},
}

#: The eight compass directions of a heading (0 = north, clockwise).
COMPASS: dict[str, tuple[str, ...]] = {
    "zh": ("北", "东北", "东", "东南", "南", "西南", "西", "西北"),
    "en": ("north", "north-east", "east", "south-east", "south", "south-west", "west",
           "north-west"),
}

#: The ellipse conventions in sentences.
ELLIPSE_CONVENTION_LABELS: dict[str, dict[str, str]] = {
    "arcgis": {"zh": "ArcGIS（√2 校正）", "en": "ArcGIS, √2"},
    "crimestat": {"zh": "CrimeStat（√(2n/(n−2)) 校正）", "en": "CrimeStat, √(2n/(n−2))"},
    "none": {"zh": "未校正", "en": "uncorrected"},
}

#: The coupling diagnostics' statistics (``diagnostic`` column).
DIAGNOSTIC_LABELS: dict[str, dict[str, str]] = {
    "N": {"zh": "样本数（地区-年）", "en": "N (region-years)"},
    "c_min": {"zh": "C 最小值", "en": "C minimum"}, "c_q25": {"zh": "C 下四分位数", "en": "C 25%"},
    "c_median": {"zh": "C 中位数", "en": "C median"}, "c_q75": {"zh": "C 上四分位数", "en": "C 75%"},
    "c_max": {"zh": "C 最大值", "en": "C maximum"}, "c_iqr": {"zh": "C 四分位距", "en": "C IQR"},
    "share_c_high": {"zh": "高耦合占比", "en": "Share of high C"},
    "share_c_09": {"zh": "C ≥ 0.9 的占比", "en": "Share of C ≥ 0.9"},
    "share_t_of_d": {"zh": "D 变异中 T 的贡献", "en": "T's share of D's variation"},
    "n_used_variance": {"zh": "方差分解样本数", "en": "N of the variance split"},
    "spearman_c_other": {"zh": "C 与对照模型的秩相关", "en": "Rank correlation of C, other model"},
    "spearman_d_other": {"zh": "D 与对照模型的秩相关", "en": "Rank correlation of D, other model"},
    "share_type_changes_other": {"zh": "对照模型下类型改变占比",
                                 "en": "Types changed by the other model"},
    "share_pseudo": {"zh": "伪耦合占比", "en": "Share pseudo-coupled"},
    "shift_max_dc": {"zh": "平移后 C 最大变化", "en": "Largest change of C with the shift"},
    "shift_median_dc": {"zh": "平移后 C 变化中位数", "en": "Median change of C with the shift"},
}

#: States of the dynamic coupling model (``state`` column).
DYNAMIC_STATE_LABELS: dict[str, dict[str, str]] = {
    "low_level": {"zh": "低级协调共生", "en": "Low-level symbiosis"},
    "coordinated": {"zh": "协调发展", "en": "Coordinated development"},
    "limit": {"zh": "极限发展", "en": "Limit development"},
    "spiral": {"zh": "螺旋式上升", "en": "Spiral rise"},
    "stagnant": {"zh": "停滞（无速度）", "en": "Stagnant (no speed)"},
}
