"""The end-to-end study: config -> data -> imputation -> indices -> coupling -> detector.

:func:`run_study` only wires the library's steps together and collects their result objects
in a :class:`StudyResult`; :func:`write_study` turns that into files. The command line and
notebooks get the same numbers.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..coupling import (
    CouplingResult,
    CouplingSummary,
    coupling_coordination,
    group_means,
    summarize_coupling,
)
from ..data import (
    ImputationResult,
    check_language,
    impute_panel,
    localize_table,
    whole_label,
)
from ..exceptions import CcdkitWarning, DataError, DominantValueWarning
from ..text import AGGLOMERATION_INDEX_LABELS, MODEL_SHORT, tr
from ..indices import IndexResult
from ._cache import StepCache, step_keys
from ._config import IndicatorSystem, Study, load_study
from ._data import StudyData, check_study_data, load_study_data
from ._detector import detector_tables, study_detector
from ._messages import RunMessage, render_message
from ._dynamics import StudyDynamics, dynamics_tables, study_dynamics
from ._econometrics import StudyEconometrics, econometrics_tables, study_econometrics
from ._robustness import StudyRobustness, robustness_tables, study_robustness
from ._spatial import StudySpatial, spatial_tables, study_spatial
from ._systems import system_index

__all__ = ["StudyResult", "run_study", "STEPS"]

#: The steps of a study run, in order (progress is reported with these names).
STEPS = ("validate", "impute", "indices", "coupling", "detector", "spatial", "dynamics",
         "econometrics", "robustness")


@dataclass
class StudyResult:
    """Every intermediate result of a study run.

    Attributes
    ----------
    study : Study
        The validated config.
    data : StudyData
        The raw panel (study grid), firm table and where each cell came from.
    imputation : ImputationResult
    systems : dict of str to IndexResult
        One system score per system (agglomeration ones carry their LQ/CR/H components).
    scores : DataFrame
        region, year and one score column per system (with dimension sub-scores).
    index_levels : DataFrame
        Mean score of each system by year, for the nation and each region group.
    coupling : CouplingResult
    coupling_summary : CouplingSummary
    detector : dict of int to GeoDetectorResult
        One Geographical Detector run per configured year.
    spatial : StudySpatial or None
        Spatial weights, Moran's I, LISA and Gi* (when the config has a ``spatial`` block).
    dynamics : StudyDynamics or None
        Kernel density, Markov chains, convergence (when the config has ``dynamics``).
    robustness : StudyRobustness or None
        Bootstrap intervals and sensitivity analysis (when the config has ``robustness``).
    econometrics : StudyEconometrics or None
        Spatial regression: model-choice tests, models and effects (when the config has
        ``econometrics``).
    warnings : list of str
        Every warning raised during the run, in English (also in the manifest).
    messages : list of RunMessage
        The same warnings with their message ids and values; :meth:`warning_texts` renders
        them in a language (the report and the CLI use it).
    """

    study: Study
    data: StudyData
    imputation: ImputationResult
    systems: dict
    scores: pd.DataFrame
    index_levels: pd.DataFrame
    coupling: CouplingResult
    coupling_summary: CouplingSummary
    detector: dict
    warnings: list[str] = field(default_factory=list)
    messages: list[RunMessage] = field(default_factory=list)
    spatial: StudySpatial | None = None
    dynamics: StudyDynamics | None = None
    robustness: StudyRobustness | None = None
    econometrics: StudyEconometrics | None = None

    def warning_texts(self, lang: str | None = None) -> list[str]:
        """The run's warnings for a reader in ``lang`` (default: the study's), with labels
        instead of ids."""
        lang = check_language(lang or self.study.output.language)
        labels = self.value_labels(lang)
        return [render_message(m, lang, labels) for m in self.messages]

    def index(self, system_id: str) -> IndexResult:
        """The system score of a system (same as ``systems[system_id]``)."""
        return self.systems[system_id]

    def labels(self, lang: str | None = None) -> dict[str, str]:
        """Display labels of the system, dimension, indicator and factor ids."""
        lang = check_language(lang or self.study.output.language)
        out: dict[str, str] = {}
        for s in self.study.systems:
            out[s.id] = s.label.get(lang, s.id) if s.label else s.id
            if isinstance(s, IndicatorSystem):
                for d, i in s.tree():
                    out[d.id] = d.label.get(lang, d.id) if d.label else d.id
                    out[i.id] = i.label.get(lang, i.id) if i.label else i.id
            else:
                for index in s.indices:
                    out.setdefault(index, AGGLOMERATION_INDEX_LABELS[index][lang])
        for f in self.study.detector.factors:
            out[f.id] = f.label.get(lang, f.id) if f.label else f.id
        return out

    def tables(self, lang: str | None = None, *,
               readable: bool | None = None) -> dict[str, pd.DataFrame]:
        """Every result table by name, with headers in ``lang`` (default: the config's);
        ``readable=True``: labelled headers and names in any language, as the report shows
        them (default: the language's convention of the output files, see
        :func:`~ccdkit.data.localize_table`)."""
        lang = check_language(lang or self.study.output.language)
        t: dict[str, pd.DataFrame] = {}
        t["panel_raw"] = self.data.panel
        t["panel_imputed"] = self.imputation.data
        t["imputation"] = self.imputation.log
        for sid, res in self.systems.items():
            t[f"weights_{sid}"] = res.weight_table()
            if res.components is not None:
                t["agglomeration_indices"] = res.components
        t["scores"] = self.scores
        t["scores_by_group"] = self.index_levels
        for sid in self.systems:
            obs = self.index(sid).obstacles
            if obs.dimensions is not None:
                t[f"obstacles_{sid}"] = obs.dimensions.reset_index()
        t["coupling"] = self.coupling.to_frame(lang=lang, labels=self.labels(lang))
        t.update(self.coupling_summary.to_frames(lang))
        if self.detector:
            t.update(detector_tables(self.detector))
        if self.spatial is not None:
            t.update(spatial_tables(self.spatial))
        if self.dynamics is not None:
            t.update(dynamics_tables(self.dynamics, lang))
        if self.econometrics is not None:
            t.update(econometrics_tables(self.econometrics, lang))
        if self.robustness is not None:
            t.update(robustness_tables(self.robustness, lang))
        if self.data.firms is not None:
            t["firms"] = self.data.firms
        values = self.value_labels(lang)
        extra = dict(values)  # headers of readable tables: labels, and the sub-scores'
        for s in self.study.systems:
            if isinstance(s, IndicatorSystem):
                for d in s.dimensions:
                    extra[f"{s.id}_{d.id}"] = tr("label.subscore", lang, system=extra[s.id],
                                                 dimension=extra[d.id])
        return {name: localize_table(frame, lang, extra, values=values, readable=readable)
                for name, frame in t.items()}

    def value_labels(self, lang: str | None = None) -> dict[str, str]:
        """:meth:`labels` plus the data columns of indicators and factors (``column:`` in
        the config) mapped to the same labels."""
        lang = check_language(lang or self.study.output.language)
        out = self.labels(lang)
        out.setdefault("nation", whole_label(self.study.level, lang))
        for s in self.study.systems:
            if isinstance(s, IndicatorSystem):
                for i in s.indicators:
                    out.setdefault(i.col, out[i.id])
        for f in self.study.detector.factors:
            out.setdefault(f.col, out[f.id])
        return out

    def used_options(self) -> dict:
        """The parameters each step actually received, read back from the results (not from
        the config): imputation, every system's weighting/scoring/pooling, coupling and the
        Geographical Detector of each year, and the bootstrap and sensitivity analysis (seed,
        replicates, levels of each choice) when run."""
        out = {
            "impute": dict(self.imputation.options),
            "systems": {sid: dict(res.options) for sid, res in self.systems.items()},
            "coupling": dict(self.coupling.options),
            "detector": {str(year): {k: (list(v) if isinstance(v, tuple) else v)
                                     for k, v in res.options.items()}
                         for year, res in self.detector.items()},
        }
        if self.econometrics is not None:
            e = self.econometrics
            out["econometrics"] = {**e.model.options, "model_used": e.model.model,
                                   "draws": e.effects.draws if e.effects else None,
                                   "draws_kept": e.effects.kept if e.effects else None,
                                   "seed": e.effects.seed if e.effects else None,
                                   "weights": dict(e.weights.options)}
        rob = self.robustness
        if rob is not None:
            out["robustness"] = {
                "bootstrap": dict(rob.bootstrap.options) if rob.bootstrap else None,
                "sensitivity": dict(rob.sensitivity.options) if rob.sensitivity else None}
        return out

    def summary(self) -> str:
        lang = self.study.output.language
        st = self.study
        title = st.study.title.get(lang, st.study.name) if st.study.title else st.study.name
        lines = [tr("summary.study", lang, title=title, n=len(st.region_ids),
                    start=st.years.start, end=st.years.end)]
        lines.append(self.coupling_summary.summary(lang, whole_label(st.level, lang)))
        for year, res in self.detector.items():
            top = res.factor.sort_values("q", ascending=False).head(3)
            lines.append(tr("summary.detector", lang, year=year, factors=", ".join(
                f"{r.factor} q = {r.q:.3f}" for r in top.itertuples())))
        if self.econometrics is not None:
            lines.append(_econometrics_line(self.econometrics, lang))
        return "\n".join(lines)


def _econometrics_line(econ: StudyEconometrics, lang: str) -> str:
    """One line of the run summary: the model, its spatial parameter, the tests' choice."""
    m = econ.model
    params = [f"{sym} = {m.param(name):.3f}" for name, sym in (("rho", "ρ"), ("lambda", "λ"))
              if name in set(m.coefficients["term"])]
    spatial = tr("summary.econometrics_params", lang,
                 params=tr("sep.list", lang).join(params)) if params else ""
    model = MODEL_SHORT[m.model]
    if econ.choice is None:
        return tr("summary.econometrics_configured", lang, model=model, spatial=spatial)
    return tr("summary.econometrics", lang, model=model, spatial=spatial,
              chosen=MODEL_SHORT[econ.choice.chosen])


def run_study(study: Study | str | Path, *,
              progress: Callable[[str], None] | None = None,
              cache: StepCache | None = None,
              on_message: Callable[[RunMessage], None] | None = None,
              on_result: Callable[[str, object], None] | None = None) -> StudyResult:
    """Run a whole study: validate, impute, score the systems, couple them, detect.

    Parameters
    ----------
    study : Study or path
        A validated :class:`~ccdkit.Study` or the path of a ``study.yaml``.
    progress : callable, optional
        Called with each step's name (see :data:`STEPS`) as it starts.
    cache : StepCache, optional
        Step results of earlier runs: a step whose inputs (the config parts it reads, the
        steps before it, the data files' bytes) are unchanged is taken from it, with its
        warnings. Same result as without a cache.
    on_message : callable, optional
        Called with each of ccdkit's warnings (a :class:`RunMessage`) when the step that
        raised it ends, so that a front end can show them as they come.
    on_result : callable, optional
        Called with each step's name and result when it ends (``coupling``: the
        :class:`~ccdkit.coupling.CouplingResult` and its summary), so that a front end can
        show a step's tables while the later steps run.

    Returns
    -------
    StudyResult

    Raises
    ------
    ConfigError, DataError
        Invalid config or data (validation problems are all listed at once).

    Examples
    --------
    >>> import tempfile, pathlib, warnings
    >>> from ccdkit.scaffold import write_demo_study
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "demo"
    >>> _ = write_demo_study(folder)
    >>> study = load_study(folder / "study.yaml")
    >>> study.spatial = study.dynamics = study.robustness = None  # the core steps only
    >>> res = run_study(study)
    >>> res.coupling.to_frame().shape[0], sorted(res.detector)
    (312, [2016, 2020, 2023])
    """
    if not isinstance(study, Study):
        study = load_study(study)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # files closed by the garbage collector elsewhere are not the run's business
        warnings.simplefilter("ignore", ResourceWarning)
        run = _StepRunner(study, progress, cache, on_message, on_result)
        data = run("validate", lambda: load_study_data(study))
        _check(study, data)
        imp = run("impute", lambda: impute_panel(
            data.panel, method=study.impute.method, edges=study.impute.edges,
            window=study.impute.window, variables=study.panel_columns()))
        systems, scores, index_levels = run("indices", lambda: _system_scores(study, imp.data,
                                                                              data.firms))
        cc, summary = run("coupling", lambda: _coupled(study, scores))
        detector = run("detector", lambda: study_detector(study, cc.to_frame(), imp.data)
                       if study.detector.enabled and study.detector.factors else {})
        spatial, dynamics, econometrics, robustness = _chapters(study, cc, imp.data, systems,
                                                                run)
    messages, others = _run_messages(caught, detector)
    return StudyResult(study, data, imp, systems, scores, index_levels, cc, summary, detector,
                       [m.english() for m in messages] + others, messages, spatial,
                       dynamics, robustness, econometrics)


class _StepRunner:
    """Runs the steps of one study run: progress, the cache, warnings as they come."""

    def __init__(self, study, progress, cache, on_message, on_result) -> None:
        self.progress = progress or (lambda name: None)
        self.on_result = on_result or (lambda name, value: None)
        self.cache, self.on_message = cache, on_message
        self.keys = step_keys(study) if cache is not None else {}
        self.shown: set = set()
        if cache is not None:
            cache.reused, cache.computed = [], []

    def __call__(self, step: str, compute: Callable):
        self.progress(step)
        hit = self.cache.get(step, self.keys[step]) if self.cache is not None else None
        if hit is not None:
            value, got = hit
            self.cache.reused.append(step)
        else:
            with warnings.catch_warnings(record=True) as got:
                warnings.simplefilter("always")
                warnings.simplefilter("ignore", ResourceWarning)
                value = compute()
            if self.cache is not None:
                self.cache.put(step, self.keys[step], value, got)
                self.cache.computed.append(step)
        for w in got:  # into the run's record
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        self._tell(got)
        self.on_result(step, value)
        return value

    def _tell(self, got: list) -> None:
        if self.on_message is None:
            return
        for w in got:
            if isinstance(w.message, CcdkitWarning):
                m = _message(w)
                if (m.category, m.text) not in self.shown:
                    self.shown.add((m.category, m.text))
                    self.on_message(m)


def _message(w) -> RunMessage:
    return RunMessage(w.category.__name__, str(w.message), w.message.key,
                      dict(w.message.params))


def _check(study: Study, data: StudyData) -> None:
    """The study's data checked (every problem listed in one error)."""
    with warnings.catch_warnings():
        # the index step raises it at its source; validate raises it for the CLI
        warnings.simplefilter("ignore", DominantValueWarning)
        check = check_study_data(study, data)
    if check.errors:
        raise DataError("the study data are not ready:\n  " + "\n  ".join(check.errors))


def _coupled(study: Study, scores: pd.DataFrame):
    cc = coupling_coordination(*study.coupled_systems, data=scores,
                               weights=study.coupling.weights, coupling=study.coupling.model,
                               rdd_thresholds=study.coupling.rdd_thresholds,
                               strict=study.coupling.strict)
    return cc, summarize_coupling(cc, study.groups,  # (names: in any language, later)
                                  diagnostics=study.coupling.diagnostics,
                                  dynamic=study.coupling.dynamic)


def _system_scores(study: Study, panel: pd.DataFrame, firms):
    """Every system's index, and their scores side by side (region, year, one column each)."""
    systems, scores = {}, None
    for s in study.systems:
        res = system_index(study, s.id, panel, firms)
        systems[s.id] = res
        scores = res.scores if scores is None else scores.merge(
            res.scores, on=["region", "year"], how="outer")
    return systems, scores, group_means(scores, [s.id for s in study.systems], study.groups)


def _chapters(study: Study, cc, panel: pd.DataFrame, systems: dict, run: _StepRunner):
    """The optional chapters: spatial autocorrelation, dynamics, spatial regression,
    robustness."""
    frame = cc.to_frame().merge(panel, on=["region", "year"], how="left",
                                suffixes=("", "_panel"))
    spatial = run("spatial", lambda: study_spatial(study, frame)
                  if study.spatial is not None and study.spatial.enabled else None)
    dynamics = run("dynamics", lambda: study_dynamics(
        study, frame, spatial.weights if spatial is not None else None)
        if study.dynamics is not None and study.dynamics.enabled else None)
    econometrics = run("econometrics", lambda: study_econometrics(
        study, frame, spatial.weights if spatial is not None else None)
        if study.econometrics is not None and study.econometrics.enabled else None)
    robustness = run("robustness", lambda: study_robustness(study, panel, systems)
                     if study.robustness is not None and study.robustness.enabled else None)
    return spatial, dynamics, econometrics, robustness


def _run_messages(caught, detector: dict) -> tuple[list[RunMessage], list[str]]:
    """ccdkit's warnings of the run, once each (each is raised once, at its source: a
    constant indicator once per index, ...), and the Geographical Detector's notes; any
    other library's warning stays in the English log and the manifest only."""
    messages, others, seen = [], [], set()
    for w in caught:
        if not isinstance(w.message, CcdkitWarning):
            others.append(f"{w.category.__name__}: {w.message}")
            continue
        m = _message(w)
        if (m.category, m.text) not in seen:
            seen.add((m.category, m.text))
            messages.append(m)
    for year, res in detector.items():
        messages += [RunMessage("GeoDetector", text, key, dict(params),
                                {"y": res.options.get("y"), "year": year})
                     for text, (key, params) in zip(res.notes, res.messages)]
    return messages, list(dict.fromkeys(others))
