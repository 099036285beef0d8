"""Loading a study's data and checking it against the config (``ccdkit validate``)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import pandas as pd

from ..data import PanelRead, complete_panel, impute_panel, load_panel, read_firms
from ..exceptions import CcdkitError, DataError, DominantValueWarning
from ._config import AgglomerationSystem, IndicatorSystem, Study
from ._econometrics import log_problem
from ..text import tr, warning

__all__ = ["StudyData", "DataCheck", "load_study_data", "check_study_data"]


@dataclass
class StudyData:
    """The raw data of a study, restricted to its regions, years and columns.

    Attributes
    ----------
    panel : DataFrame
        Full grid of study regions x years with every column the study uses (NaN where
        the data are empty or absent); not yet imputed.
    sources : DataFrame
        ``region, year, variable, source, cell`` of every panel cell read.
    firms : DataFrame or None
        The firm table (see :func:`~ccdkit.read_firms`), if the study has one.
    dropped_aggregates : list of str
        Aggregate rows (全国 ...) skipped while reading.
    extra_regions : list of str
        Regions present in the data but not in the study (ignored).
    """

    panel: pd.DataFrame
    sources: pd.DataFrame
    firms: pd.DataFrame | None = None
    dropped_aggregates: list[str] = field(default_factory=list)
    extra_regions: list[str] = field(default_factory=list)
    unknown_regions: list[str] = field(default_factory=list)


def _column_keys(study: Study) -> dict[str, str]:
    """Config key path of each panel column (for error messages)."""
    keys: dict[str, str] = {}
    for s_i, s in enumerate(study.systems):
        if isinstance(s, IndicatorSystem):
            for d_i, i_i, _, ind in s.tree(positions=True):
                keys.setdefault(ind.col, f"systems[{s_i}].dimensions[{d_i}]"
                                          f".indicators[{i_i}] ({ind.id})")
    for f_i, f in enumerate(study.detector.factors):
        keys.setdefault(f.col, f"detector.factors[{f_i}] ({f.id})")
    return keys


def load_study_data(study: Study, *, unknown_regions: str = "error") -> StudyData:
    """Read every data file of a study and restrict it to the study's grid.

    ``unknown_regions="collect"``: a province name matching no province is listed in
    ``StudyData.unknown_regions`` (with its file, sheet and row) and its rows left out,
    instead of raising (what :func:`check_study_data` uses to list every problem at once).

    Raises
    ------
    DataError
        Unreadable files, columns named in the config but absent from the data (with the
        config key), study regions with no data at all, and every error of
        :func:`~ccdkit.read_panel` / :func:`~ccdkit.read_firms`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from ccdkit.scaffold import write_demo_study
    >>> from ccdkit import load_study
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "demo"
    >>> _ = write_demo_study(folder)
    >>> data = load_study_data(load_study(folder / "study.yaml"))
    >>> data.panel.shape, data.firms["is_target"].any()
    ((312, 27), np.True_)
    """
    years = (study.years.start, study.years.end)
    columns = study.panel_columns()
    reads = _read_panels(study, columns, years, unknown_regions)
    sources, panel_raw = _merged_panels(reads)
    keys = _column_keys(study)
    absent = [c for c in columns if c not in panel_raw.columns]
    if absent:
        files = ", ".join(str(study.resolve(s.file)) for s in study.data.panel)
        lines = [f"{keys.get(c, c)}: column {c!r}" for c in absent]
        raise DataError("columns named in the config are not in the data (" + files + "):\n  "
                        + "\n  ".join(lines))
    region_ids = study.region_ids
    present = set(panel_raw["region"])
    extra = sorted(present - set(region_ids))
    if columns:
        no_data = [r for r in region_ids if r not in present]
        if no_data:
            raise DataError(f"study regions with no rows in any panel file: {no_data} "
                            "(add them to the data or remove them from `regions`)")
    panel_raw = panel_raw[panel_raw["region"].isin(region_ids)]
    panel = complete_panel(panel_raw[["region", "year", *columns]], regions=region_ids,
                           years=study.years.values)
    firms = None
    if study.data.firms is not None:
        fs = study.data.firms
        try:
            firms = read_firms(study.resolve(fs.file), sheet=fs.sheet, columns=fs.columns,
                               years=years, extra_years=fs.extra_years)
        except DataError as exc:
            raise DataError(f"data.firms: {exc}") from None
    return StudyData(panel=panel, sources=sources, firms=firms,
                     dropped_aggregates=[a for r in reads for a in r.dropped_aggregates],
                     extra_regions=extra,
                     unknown_regions=[f"data.panel[{i}]: {u}" for i, r in enumerate(reads)
                                      for u in r.unknown_regions])


def _read_panels(study: Study, columns: list[str], years,
                 unknown_regions: str = "error") -> list[PanelRead]:
    """Every panel file of the config (an error names its ``data.panel[i]``)."""
    reads = []
    for i, src in enumerate(study.data.panel):
        try:
            reads.append(load_panel(
                study.resolve(src.file), sheet=None if src.sheets == "all" else src.sheets,
                layout=src.layout, region_col=src.region_col, year_col=src.year_col,
                variables=columns, variable_col=src.variable_col, value_col=src.value_col,
                years=years, extra_years=src.extra_years, missing_ok=True, level=study.level,
                merged=study.data.merged, unknown_regions=unknown_regions))
        except DataError as exc:
            raise DataError(f"data.panel[{i}]: {exc}") from None
    return reads


def _merged_panels(reads: list[PanelRead]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cells' sources and the panels side by side; a region-year-variable given in two
    places is an error."""
    if not reads:
        return (pd.DataFrame(columns=["region", "year", "variable", "source", "cell"]),
                pd.DataFrame({"region": pd.Series(dtype=object),
                              "year": pd.Series(dtype="int64")}))
    sources = pd.concat([r.sources for r in reads], ignore_index=True)
    dup = sources.duplicated(["region", "year", "variable"], keep=False)
    if dup.any():
        d = sources[dup].drop_duplicates(["variable", "source"])
        items = sorted({f"{v}: {s}" for v, s in zip(d["variable"], d["source"])})
        raise DataError("a variable is given in more than one place (each region-year-"
                        "variable must come from one file/sheet):\n  " + "\n  ".join(items))
    merged = reads[0].data
    for r in reads[1:]:
        merged = merged.merge(r.data, on=["region", "year"], how="outer")
    return sources, merged


@dataclass
class DataCheck:
    """Outcome of :func:`check_study_data`.

    Attributes
    ----------
    errors, notes : list of str
        Problems that stop a run, and remarks that do not.
    missing : DataFrame
        Every empty cell of the study grid: ``variable, region, year, source, cell,
        imputable`` (whether the configured imputation fills it).
    summary : dict
        Counts for display: regions, years, systems, indicators, factors, firms.
    """

    errors: list[str]
    notes: list[str]
    missing: pd.DataFrame
    summary: dict
    keyed: list = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    def texts(self, lang: str, labels: dict | None = None) -> tuple[list[str], list[str]]:
        """``(errors, notes)`` for a reader in ``lang``: the check's own sentences from the
        catalogue (``check.*``), variables by their ``labels``; the readers' messages
        (files, cells) stay as written."""
        out: dict[str, list[str]] = {"error": [], "note": []}
        for kind, key, params in self.keyed:
            if key and "variable" in params:
                params = {**params, "variable": (labels or {}).get(params["variable"],
                                                                   params["variable"])}
            out[kind].append(tr(key, lang, **params) if key else params["text"])
        return out["error"], out["note"]


class _Findings:
    """Errors and notes of a check, each with its message id where it has one."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.notes: list[str] = []
        self.keyed: list = []

    def add(self, kind: str, key: str, **params) -> None:
        (self.errors if kind == "error" else self.notes).append(tr(key, "en", **params))
        self.keyed.append((kind, key, params))

    def text(self, kind: str, texts) -> None:
        for t in texts:
            (self.errors if kind == "error" else self.notes).append(t)
            self.keyed.append((kind, None, {"text": t}))

    def result(self, missing: pd.DataFrame, summary: dict) -> "DataCheck":
        return DataCheck(self.errors, self.notes, missing, summary, self.keyed)


def _missing_table(study: Study, data: StudyData) -> pd.DataFrame:
    columns = study.panel_columns()
    if not columns:
        return pd.DataFrame(columns=["variable", "region", "year", "source", "cell", "imputable"])
    long = data.panel.melt(id_vars=["region", "year"], value_vars=columns,
                           var_name="variable", value_name="value")
    miss = long[long["value"].isna()].drop(columns="value")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        imp = impute_panel(data.panel, method=study.impute.method, edges=study.impute.edges,
                           window=study.impute.window, variables=columns)
    unfilled = imp.unfilled[["region", "year", "variable"]].assign(_unfilled=True)
    miss = miss.merge(unfilled, on=["region", "year", "variable"], how="left")
    miss["imputable"] = miss["_unfilled"].isna()
    miss = miss.drop(columns="_unfilled")
    miss = miss.merge(data.sources, on=["region", "year", "variable"], how="left")
    miss["source"] = miss["source"].fillna(tr("check.no_row", "en"))
    miss["cell"] = miss["cell"].fillna("")
    order = {c: i for i, c in enumerate(columns)}
    rank = {r: i for i, r in enumerate(study.region_ids)}
    miss = miss.assign(_o=miss["variable"].map(order), _r=miss["region"].map(rank)).sort_values(
        ["_o", "source", "_r", "year"], kind="stable").drop(columns=["_o", "_r"])
    return miss[["variable", "region", "year", "source", "cell", "imputable"]].reset_index(
        drop=True)


def _span_errors(study: Study, data: StudyData) -> list[str]:
    """Variables whose data stop more than ``impute.extrapolate`` years before the study's
    first year or after its last: filling those years would invent a trend."""
    out = []
    start, end, allowed = study.years.start, study.years.end, study.impute.extrapolate
    if study.impute.method == "none":
        return out
    for var in study.panel_columns():
        years = data.panel.loc[data.panel[var].notna(), "year"]
        if years.empty:
            continue  # reported as cells that cannot be filled
        lo, hi = int(years.min()), int(years.max())
        before, after = lo - start, end - hi
        if max(before, after) > allowed:
            out.append(f"{var}: the data cover {lo}-{hi} but the study spans {start}-{end}; "
                       f"{max(before, 0)} year(s) before and {max(after, 0)} after would be "
                       f"invented by extrapolation (impute.extrapolate allows {allowed}). "
                       "Narrow `years` or raise impute.extrapolate")
    return out


def _warn_dominant(study: Study, data: StudyData) -> None:
    """The run's DominantValueWarning, raised already by validate, naming the cell."""
    from ..indices import dominant_values

    cols = [i.col for s in study.systems if isinstance(s, IndicatorSystem)
            for i in s.indicators]
    cols = list(dict.fromkeys(c for c in cols if c in data.panel))
    if not cols:
        return
    panel = data.panel.reset_index(drop=True)
    cells = data.sources.set_index(["region", "year", "variable"]) if len(data.sources) else None
    for i, j in dominant_values(panel[cols].to_numpy(dtype=float)):
        region, year, var = panel.loc[i, "region"], panel.loc[i, "year"], cols[j]
        where = ""
        if cells is not None and (region, year, var) in cells.index:
            src = cells.loc[(region, year, var)]
            src = src.iloc[0] if isinstance(src, pd.DataFrame) else src
            where = f" ({src['source']}, cell {src['cell']})" if src.get("cell") else ""
        warnings.warn(warning(
            DominantValueWarning, "data.dominant", variable=var,
            value=float(panel.loc[i, var]), region=region, year=int(year),
            where=where.strip(" ()")), stacklevel=3)


def _spatial_errors(study: Study, data: StudyData | None = None) -> list[str]:
    """The spatial block needs libpysal and esda, and weights that can be built (a weights
    file, knn's k, islands: error): checked here, not after the other steps."""
    spatial = study.spatial is not None and study.spatial.enabled
    dyn = (study.dynamics is not None and study.dynamics.enabled
           and study.dynamics.spatial_markov)
    econ = study.econometrics is not None and study.econometrics.enabled
    if not (spatial or dyn or econ):
        return []
    import importlib.util

    absent = [m for m in ("libpysal", "esda") if importlib.util.find_spec(m) is None]
    if absent:
        return [f"spatial: needs {' and '.join(absent)}: install them with "
                "`pip install 'ccdkit[spatial]'` (or set spatial.enabled / "
                "dynamics.spatial_markov / econometrics.enabled: false)"]
    from ..spatial import WeightsOptions, build_weights

    opts = study.spatial.weights if study.spatial is not None else WeightsOptions()
    if opts.type == "economic" and (data is None or opts.variable not in data.panel):
        return []  # a variable of the run (D, a score): checked when the run builds them
    try:  # the weights the run will build, with every check it makes (file, k, islands)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # islands linked: a warning of the run
            build_weights(study.region_ids, opts, base_dir=study.base_dir,
                          data=None if data is None else data.panel)
    except CcdkitError as exc:
        return [f"spatial.weights: {exc}"]
    return []


def _econometrics_errors(study: Study, data: StudyData) -> list[str]:
    """Variables of econometrics.log read from the data (not computed by the run: D, C, T,
    scores) must be > 0: checked here as the run checks them."""
    e = study.econometrics
    if e is None or not e.enabled:
        return []
    source, panel = study.factor_columns(), data.panel
    cols = {v: v if v in panel.columns else source.get(v) for v in e.log}
    problems = [log_problem(panel, v, col) for v, col in cols.items()
                if col is not None and col in panel.columns]
    return [p for p in problems if p]


def _ahp_errors(study: Study) -> list[str]:
    """AHP judgment matrices checked as the run would check them (they need no data)."""
    from ..indices.weights import ahp_hierarchy_weights

    out = []
    for i, system in enumerate(study.systems):
        w = system.weighting
        if w.method != "ahp" or not isinstance(system, IndicatorSystem):
            continue
        matrix = str(study.resolve(w.matrix)) if isinstance(w.matrix, str) else w.matrix
        tree = list(system.tree())
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # CR >= 0.1 is a warning of the run
                ahp_hierarchy_weights(matrix, names=[ind.id for _, ind in tree],
                                      dimensions=[d.id for d, _ in tree],
                                      hierarchy=w.hierarchy, ri=w.ri)
        except CcdkitError as exc:
            out.append(f"systems[{i}] ({system.id}).weighting.matrix: {exc}")
    return out


def _factor_errors(study: Study, data: StudyData) -> list[str]:
    """Continuous detector factors that are constant in a detector year cannot be
    discretized: the run would stop there."""
    out = []
    if not study.detector.enabled:
        return out
    panel = data.panel
    for f in study.detector.factors:
        if f.type != "continuous" or f.breaks or f.col not in panel:
            continue
        for year in study.detector_years:
            values = panel.loc[panel["year"] == year, f.col].dropna()
            if len(values) and values.nunique() == 1:
                out.append(f"detector.factors {f.id} ({f.col}): constant in {year} (every "
                           f"region = {values.iloc[0]:g}); it cannot be discretized — drop "
                           "it, give breaks, or declare it categorical")
    return out


def check_study_data(study: Study, data: StudyData | None = None) -> DataCheck:
    """Check a study's data against its config; nothing is raised for data problems.

    Errors (the run would fail): unreadable data (the :class:`DataError` message), empty
    cells that the configured imputation cannot fill (a region with no value at all for
    an indicator, or ``impute.method: none``), an empty firm table, region-years without
    any firm, no target-industry firm. Notes: imputable empty cells, dropped aggregate
    rows, regions in the data but not in the study.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from ccdkit import init_study, load_study
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "empty"
    >>> _ = init_study(folder)
    >>> check = check_study_data(load_study(folder / "study.yaml"))
    >>> check.ok, len(check.missing)
    (False, 7800)
    """
    found = _Findings()
    summary = {
        "regions": len(study.region_ids),
        "years": f"{study.years.start}-{study.years.end}",
        "systems": [s.id for s in study.systems],
        "indicators": sum(len(s.indicators) for s in study.systems
                          if isinstance(s, IndicatorSystem)),
        "factors": len(study.detector.factors),
    }
    empty = pd.DataFrame(columns=["variable", "region", "year", "source", "cell", "imputable"])
    if data is None:
        try:
            data = load_study_data(study, unknown_regions="collect")
        except DataError as exc:
            found.text("error", [str(exc)])
            return found.result(empty, summary)
    found.text("error", data.unknown_regions)
    missing = _missing_table(study, data)
    summary["cells"] = len(data.panel) * len(study.panel_columns())
    summary["missing_cells"] = len(missing)
    found.text("error", [*_span_errors(study, data), *_ahp_errors(study),
                         *_factor_errors(study, data), *_spatial_errors(study, data),
                         *_econometrics_errors(study, data)])
    _warn_dominant(study, data)
    for var, g in missing[~missing["imputable"]].groupby("variable", sort=False):
        found.add("error", "check.unfillable", variable=var, n=len(g))
    soft = missing[missing["imputable"]]
    if len(soft):
        found.add("note", "check.will_impute", n=len(soft), method=study.impute.method,
                  edges=study.impute.edges)
    if data.dropped_aggregates:
        found.add("note", "check.aggregates", n=len(data.dropped_aggregates))
    if data.extra_regions:
        found.add("note", "check.extra_regions", regions=", ".join(data.extra_regions))
    if any(isinstance(s, AgglomerationSystem) for s in study.systems):
        _check_firms(study, data.firms, found, summary)
    return found.result(missing, summary)


def _check_firms(study: Study, firms, found: _Findings, summary: dict) -> None:
    if firms is None or firms.empty:
        found.add("error", "check.firms_empty")
        return
    inside = firms[firms["region"].isin(study.region_ids)]
    summary["firms"] = int(firms["firm"].nunique())
    summary["target_firms"] = int(firms.loc[firms["is_target"], "firm"].nunique())
    if not firms["is_target"].any():
        found.add("error", "check.no_target")
    have = set(zip(inside["region"], inside["year"]))
    lacking = [(r, y) for r in study.region_ids for y in study.years.values
               if (r, y) not in have]
    if lacking:
        shown = ", ".join(f"{r} {y}" for r, y in lacking[:12])
        more = tr("check.more", "en", n=len(lacking) - 12) if len(lacking) > 12 else ""
        found.add("error", "check.firm_gaps", n=len(lacking), shown=shown + more)


def summarize_missing(missing: pd.DataFrame, limit: int = 40,
                      full_size: int | None = None, *, lang: str = "en",
                      labels: dict | None = None) -> list[str]:
    """Lines describing empty cells grouped by source.

    Each line names the variable and file/sheet and lists the cells (``C5 (Beijing 2013)``);
    when a whole sheet is empty (``full_size`` cells) it gives the range instead. ``lang``:
    the sentences and region names for a reader in that language; ``labels``: names of the
    variables (default: their ids).
    """
    from ..data import region_label

    labels = labels or {}
    no_row = tr("check.no_row", "en")
    lines = []
    for (var, source), g in missing.groupby(["variable", "source"], sort=False):
        refs = [c for c in g["cell"] if c]
        where = tr("check.no_row", lang) if source == no_row else source
        label = f"{labels.get(var, var)} — {where}"
        regions = [region_label(r, lang) for r in g["region"].head(limit)]
        more = (tr("check.more_cells", lang, n=len(g) - limit) if len(g) > limit else "")
        if refs and full_size is not None and len(g) == full_size and len(refs) == len(g):
            lines.append(tr("check.all_empty", lang, label=label, n=len(g), first=refs[0],
                            last=refs[-1]))
        elif refs:
            cells = ", ".join(f"{c} ({r} {y})" for c, r, y in
                              zip(g["cell"].head(limit), regions, g["year"].head(limit)))
            lines.append(tr("check.empty", lang, label=label, n=len(g), cells=cells + more))
        else:
            pairs = ", ".join(f"{r} {y}" for r, y in zip(regions, g["year"].head(limit)))
            lines.append(tr("check.absent", lang, label=label, n=len(g), cells=pairs + more))
    return lines


