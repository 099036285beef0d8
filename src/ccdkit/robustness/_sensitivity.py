"""Uncertainty and sensitivity analysis of a coupling coordination study over its
methodological choices: weighting, normalization (TOPSIS matrix), scoring, pooling and
the coupling formula, optionally with random perturbations of the weights."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from ..exceptions import ConfigError, ResamplingWarning
from ..indices import SCORING
from ..indices.weights import WEIGHTING
from ..specs import method_text
from ._engine import Panel, couple_batch, prepare_systems, score_batch, weights_once
from ._params import FACTORS, SensitivityOptions
from ._seed import resolve_seed
from ..text import warning

__all__ = ["sensitivity_analysis", "SensitivityResult", "first_order_indices",
           "rank_agreement", "CONFIGURED"]

#: Level id of the configured choice of a factor (the baseline).
CONFIGURED = "configured"


@dataclass
class SensitivityResult:
    """Uncertainty and sensitivity of D, the ranks and the types over the choices.

    Attributes
    ----------
    design : DataFrame
        One row per run: ``run`` and the level of each factor (``configured`` = as the
        study configures it).
    D, rank, type : ndarray of shape (runs, rows)
        D, rank within the year (1 = highest D, ties averaged) and coordination type
        code of each region-year in each run.
    keys : DataFrame
        ``region``, ``year`` of the rows.
    baseline : DataFrame
        ``region``, ``year``, ``D``, ``rank``, ``type`` with every choice as configured.
    units : DataFrame
        Per region-year: baseline D and rank, median and 5-95 % band of D (interpolated) and
        of the rank (observed ranks) over the runs, and ``type_change`` (share of runs whose type differs from the baseline's).
    indices : DataFrame
        First-order sensitivity index of each factor (``choice``; ``S_D``: D of every region-year,
        aggregated; ``S_rank``: ranks, aggregated; ``S_shift``: the mean absolute rank
        shift from the baseline), with its number of levels.
    agreement : DataFrame
        ``scenario_a``, ``scenario_b``, ``spearman``, ``kendall``: rank agreement of D
        between the one-at-a-time scenarios (the baseline and each alternative alone),
        mean over the years.
    options : dict
        ``design`` (factorial or monte_carlo), ``runs``, ``levels`` of each factor,
        ``weight_noise``, ``seed``, ``coupling``.
    notes : list of str
    """

    design: pd.DataFrame
    D: np.ndarray
    rank: np.ndarray
    type: np.ndarray
    keys: pd.DataFrame
    baseline: pd.DataFrame
    units: pd.DataFrame
    indices: pd.DataFrame
    agreement: pd.DataFrame
    options: dict
    notes: list = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        """The per region-year uncertainty table (:attr:`units`)."""
        return self.units.copy()

    def agreement_matrix(self, kind: str = "spearman") -> pd.DataFrame:
        """Scenario x scenario matrix of ``spearman`` or ``kendall`` agreement."""
        if kind not in ("spearman", "kendall"):
            raise ValueError(f"kind must be 'spearman' or 'kendall', got {kind!r}")
        names = list(dict.fromkeys(self.agreement["scenario_a"]))
        m = self.agreement.pivot(index="scenario_a", columns="scenario_b", values=kind)
        return m.reindex(index=names, columns=names)

    def summary(self) -> str:
        o = self.options
        top = self.indices.sort_values("S_D", ascending=False)
        lines = [f"Sensitivity analysis ({o['design']}, {o['runs']} runs, seed {o['seed']}): "
                 + "; ".join(f"{f} {len(v)} level(s)" for f, v in o["levels"].items()),
                 "first-order index of D: " + ", ".join(
                     f"{r.choice} {r.S_D:.3f}" for r in top.itertuples()),
                 f"type changes in {self.units['type_change'].mean():.1%} of runs on average"]
        return "\n".join(lines + self.notes)


def first_order_indices(y, levels) -> np.ndarray:
    """First-order (main-effect) sensitivity index of a discrete factor for each output.

    S = Var(E[Y | X]) / Var(Y), estimated from the runs by the variance of the level means
    (each level weighted by its share of runs) over the total variance; 0 where Y does not
    vary. Exact for a full factorial design; from a Monte Carlo sample it is biased upward
    by about (levels - 1) / runs.

    Parameters
    ----------
    y : array of shape (runs,) or (runs, k)
    levels : array of shape (runs,)
        The factor's level in each run.

    Returns
    -------
    ndarray of shape (k,) (or a float array of shape () for 1-D ``y``)

    References
    ----------
    Saltelli, A. et al. (2008). *Global Sensitivity Analysis: The Primer*. Wiley, ch. 1.
    Saisana, M., Saltelli, A. & Tarantola, S. (2005). Uncertainty and sensitivity analysis
    techniques as tools for the quality assessment of composite indicators. *JRSS A*,
    168(2), 307-323.

    Examples
    --------
    >>> x1 = np.repeat([0, 1], 3); x2 = np.tile([0, 1, 2], 2)
    >>> y = 2.0 * x1 + 1.0 * x2          # Var = 1 + 2/3 (population)
    >>> round(float(first_order_indices(y, x1)), 4), round(float(first_order_indices(y, x2)), 4)
    (0.6, 0.4)
    """
    y = np.asarray(y, dtype=float)
    flat = y.ndim == 1
    y2 = y[:, None] if flat else y
    _, inv, counts = np.unique(np.asarray(levels), return_inverse=True, return_counts=True)
    means = np.zeros((len(counts), y2.shape[1]))
    np.add.at(means, inv, y2)
    means /= counts[:, None]
    grand = y2.mean(axis=0)
    between = (counts[:, None] / len(y2) * (means - grand) ** 2).sum(axis=0)
    total = y2.var(axis=0)
    out = np.divide(between, total, out=np.zeros_like(total), where=total > 1e-15)
    return out[0] if flat else out


def _aggregate_index(y: np.ndarray, levels) -> float:
    """Variance-weighted first-order index of a vector output (Gamboa et al. 2014)."""
    total = y.var(axis=0)
    if total.sum() <= 1e-15:
        return 0.0
    return float((first_order_indices(y, levels) * total).sum() / total.sum())


def _kendall_tau_b(a: np.ndarray, b: np.ndarray) -> float:
    """Kendall's tau-b of two vectors (ties handled as scipy.stats.kendalltau)."""
    sa = np.sign(a[:, None] - a[None, :])
    sb = np.sign(b[:, None] - b[None, :])
    iu = np.triu_indices(len(a), k=1)
    sa, sb = sa[iu], sb[iu]
    den = np.sqrt((sa != 0).sum() * (sb != 0).sum())
    return float((sa * sb).sum() / den) if den > 0 else np.nan


def rank_agreement(a, b, years) -> tuple[float, float]:
    """Spearman's rho and Kendall's tau-b between two results, computed across the regions
    of each year and averaged over the years.

    Examples
    --------
    >>> years = np.array([1, 1, 1, 2, 2, 2])
    >>> rank_agreement([1, 2, 3, 1, 2, 3], [1, 2, 3, 3, 2, 1], years)
    (0.0, 0.0)
    """
    a, b, years = np.asarray(a, float), np.asarray(b, float), np.asarray(years)
    rho, tau = [], []
    for y in np.unique(years):
        sel = years == y
        ra, rb = rankdata(a[sel]), rankdata(b[sel])
        if ra.std() == 0 or rb.std() == 0:
            continue
        rho.append(float(np.corrcoef(ra, rb)[0, 1]))
        tau.append(_kendall_tau_b(a[sel], b[sel]))
    if not rho:
        return np.nan, np.nan
    return float(np.mean(rho)), float(np.mean(tau))


def _level_id(factor: str, level) -> str:
    """The id of a level: ``configured``, a method or option name, or for a weighting block
    with options other than the defaults its text (``entropy (..., shift 0.01)``)."""
    if level is None:
        return CONFIGURED
    if factor == "weighting":
        params = WEIGHTING.parse(level)
        try:
            plain = WEIGHTING.parse(params.method) == params
        except ConfigError:  # a method with required options (ahp, user)
            plain = False
        return params.method if plain else method_text(params.model_dump(mode="json"))
    return str(level)


#: The scoring parameter the ``normalization`` factor sets (TOPSIS's weighted matrix).
_NORMALIZED = "matrix"


class _Choices:
    """System choices of each combination of levels, with cached weights and scores."""

    def __init__(self, panel: Panel):
        self.panel = panel
        self.config = {name: (WEIGHTING.parse(inp.weighting), SCORING.parse(inp.scoring),
                              inp.pooling) for name, inp in panel.inputs.items()}
        self._weights: dict = {}
        self._scores: dict = {}
        self.fallbacks: set = set()

    def resolve(self, name: str, w, n, s, p):
        cw, cs, cp = self.config[name]
        wparams = cw if w is None else WEIGHTING.parse(w)
        # a scoring level that is the configured method keeps its configured options; the
        # normalization level sets the matrix of every scoring method that has one
        sparams = cs if s is None or s == cs.method else SCORING.parse(s)
        if n is not None and _NORMALIZED in type(sparams).model_fields:
            sparams = sparams.model_copy(update={_NORMALIZED: n})
        return wparams, sparams, (cp if p is None else p)

    def weights(self, name: str, wparams, pooling: str) -> dict:
        key = (name, wparams.model_dump_json(), pooling)
        if key not in self._weights:
            x, inp = self.panel.x[name], self.panel.inputs[name]
            out = {pool: weights_once(x[rows], inp, wparams)
                   for pool, rows in self.panel.pools(pooling)}
            if not all(np.isfinite(w).all() for w in out.values()):
                self.fallbacks.add((name, method_text(wparams.model_dump(mode="json"))))
                out = self.weights(name, self.config[name][0], pooling)
            self._weights[key] = out
        return self._weights[key]

    def scores(self, name: str, choice, noise=None) -> np.ndarray:
        """Scores of the system (rows,), or (R, rows) with noise factors (R, pools, n)."""
        wparams, sparams, pooling = choice
        key = (name, wparams.model_dump_json(), sparams.model_dump_json(), pooling)
        if noise is None and key in self._scores:
            return self._scores[key]
        x, inp = self.panel.x[name], self.panel.inputs[name]
        base = self.weights(name, wparams, pooling)
        R = 1 if noise is None else noise.shape[0]
        u = np.empty((R, self.panel.n_rows))
        for k, (pool, rows) in enumerate(self.panel.pools(pooling)):
            W = base[pool][None, :]
            if noise is not None:
                W = W * noise[:, k, :]
                W = W / W.sum(axis=1, keepdims=True)
            u[:, rows] = score_batch(x[rows], W, inp.directions, sparams)
        if noise is None:
            self._scores[key] = u[0]
            return u[0]
        return u


def _ranks(D: np.ndarray, panel: Panel) -> np.ndarray:
    out = np.empty_like(D)
    for _, rows in panel.year_rows():
        out[:, rows] = rankdata(-D[:, rows], axis=1, method="average")
    return out


def sensitivity_analysis(
    systems,
    *,
    coupling: str = "classic",
    coupling_weights=None,
    alternatives: Mapping[str, list] | None = None,
    runs: int = 1000,
    design: str = "auto",
    weight_noise: float = 0.0,
    seed: int | np.random.Generator | None = None,
    progress: Callable[[str], None] | None = None,
) -> SensitivityResult:
    """Uncertainty and sensitivity of D, ranks and types over the methodological choices.

    Each factor of :data:`FACTORS` has the configured choice (level ``configured``, the
    baseline) and the alternatives given; an alternative applies to every system
    (``normalization`` sets the matrix of TOPSIS and leaves weighted sums unchanged). The
    runs are the full factorial of the levels when it has no more than ``runs``
    combinations (``design="auto"``), else ``runs`` combinations drawn independently and
    uniformly (Monte Carlo). With ``weight_noise`` each run also multiplies every weight by
    a uniform factor in [1 - noise, 1 + noise] and renormalises (Saisana et al. 2005).

    Parameters
    ----------
    systems : mapping of str to IndexInput, or sequence of IndexInput
        The systems with their configured choices.
    coupling : str, default "classic"
        The configured coupling formula.
    coupling_weights : sequence of float, optional
        Weights of T (default equal).
    alternatives : mapping, optional
        Factor -> list of alternative levels (default: those of
        :class:`SensitivityOptions`); a factor left out has only its configured level.
    runs : int, default 1000
    design : {"auto", "factorial", "monte_carlo"}
    weight_noise : float, default 0
    seed : int or Generator, optional
        Recorded in ``options`` (drawn when not given).
    progress : callable, optional

    Returns
    -------
    SensitivityResult

    References
    ----------
    Saisana, M., Saltelli, A. & Tarantola, S. (2005). Uncertainty and sensitivity analysis
    techniques as tools for the quality assessment of composite indicators. *JRSS A*,
    168(2), 307-323. Gamboa, F., Janon, A., Klein, T. & Lagnoux, A. (2014). Sensitivity
    analysis for multidimensional and functional outputs. *Electronic Journal of
    Statistics*, 8, 575-603. Wang, S. et al. (2021). Research on misuses and modification
    of coupling coordination degree model in China. *Journal of Natural Resources*, 36(3).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from ccdkit.robustness import IndexInput
    >>> rng = np.random.default_rng(0)
    >>> panel = pd.DataFrame({"region": np.repeat(list("ABCDEFGH"), 3),
    ...                       "year": np.tile([2020, 2021, 2022], 8)})
    >>> for c in ("a1", "a2", "b1", "b2"):
    ...     panel[c] = rng.uniform(1, 10, len(panel))
    >>> res = sensitivity_analysis({"A": IndexInput(panel, ["a1", "a2"]),
    ...                             "B": IndexInput(panel, ["b1", "b2"])}, seed=1)
    >>> res.options["design"], len(res.design)
    ('factorial', 72)
    >>> list(res.indices["choice"])
    ['weighting', 'normalization', 'scoring', 'pooling', 'coupling']
    """
    alts, opts = _options(alternatives, runs, design, weight_noise)
    step = progress or (lambda text: None)
    seed_used, rng = resolve_seed(seed)
    panel = prepare_systems(systems)
    choices = _Choices(panel)
    levels = _levels(alts, coupling, panel, choices)
    codes, factorial, n_comb = _design(levels, opts, rng)
    R = len(codes)
    step(f"{R} runs")
    models = [coupling if lv is None else lv for lv in levels["coupling"]]
    U = _run_scores(codes, levels, choices, panel, opts.weight_noise, rng)
    D, types = _run_coupling(U, codes, models, coupling_weights)
    rank = _ranks(D, panel)
    step("scenarios")  # the baseline and the one-at-a-time scenarios (no weight noise)
    scen_D, type0 = _scenarios(levels, choices, panel, models, coupling_weights)
    d0 = scen_D[CONFIGURED]
    rank0 = _ranks(d0[None], panel)[0]
    baseline = panel.keys.assign(D=d0, rank=rank0, type=type0)
    units = _unit_bands(panel, D, rank, types, d0, rank0, type0)
    options = {"design": "factorial" if factorial else "monte_carlo", "runs": R,
               "combinations": n_comb,
               "levels": {f: [_level_id(f, lv) for lv in levels[f]] for f in FACTORS},
               "weight_noise": opts.weight_noise, "seed": seed_used, "coupling": coupling}
    return SensitivityResult(_design_frame(codes, levels), D, rank, types, panel.keys,
                             baseline, units, _indices(D, rank, rank0, codes, levels),
                             _agreement(scen_D, panel), options,
                             _notes(choices, panel, D))


def _options(alternatives, runs: int, design: str, weight_noise: float):
    """The alternatives of each factor (default: the declared ones) and the validated
    options."""
    defaults = SensitivityOptions()
    alts = ({f: list(getattr(defaults, f)) for f in FACTORS} if alternatives is None
            else {f: list(alternatives.get(f, [])) for f in FACTORS})
    unknown = set(alternatives or {}) - set(FACTORS)
    if unknown:
        raise ConfigError(f"sensitivity: unknown factor(s) {sorted(unknown)}; factors are "
                          f"{', '.join(FACTORS)}")
    try:
        opts = SensitivityOptions(runs=runs, design=design, weight_noise=weight_noise,
                                  **{f: v for f, v in alts.items() if f != "weighting"})
    except Exception as exc:  # pydantic ValidationError
        raise ConfigError(f"sensitivity options: {exc}") from None
    if opts.design == "factorial" and opts.weight_noise > 0:
        raise ConfigError("sensitivity: weight_noise needs the Monte Carlo design "
                          "(design 'monte_carlo' or 'auto')")
    for w in alts["weighting"]:
        WEIGHTING.parse(w)  # a bad method or option is a config error now
    return alts, opts


def _same_as_configured(f: str, a, coupling: str, panel: Panel, choices) -> bool:
    """Whether alternative ``a`` of factor ``f`` is what every system has already."""
    names = panel.inputs
    if f == "coupling":
        return a == coupling
    if f == "pooling":
        return all(inp.pooling == a for inp in names.values())
    if f == "normalization":
        return all(getattr(choices.config[n][1], _NORMALIZED, a) == a for n in names)
    if f == "scoring":
        return all(choices.config[n][1].method == a for n in names)
    return all(choices.config[n][0] == WEIGHTING.parse(a) for n in names)  # weighting


def _levels(alts: dict, coupling: str, panel: Panel, choices) -> dict[str, list]:
    """Each factor's levels: the configured choice (None) first, then the alternatives
    that differ from it and from each other."""
    levels = {}
    for f in FACTORS:
        lv = [None]
        for a in alts[f]:
            if not _same_as_configured(f, a, coupling, panel, choices) and \
                    _level_id(f, a) not in [_level_id(f, b) for b in lv]:
                lv.append(a)
        levels[f] = lv
    return levels


def _design(levels: dict, opts, rng) -> tuple[np.ndarray, bool, int]:
    """The runs' level codes (runs x factors): the full factorial when it fits, else
    independent uniform draws (Monte Carlo)."""
    sizes = [len(levels[f]) for f in FACTORS]
    n_comb = int(np.prod(sizes))
    factorial = opts.design == "factorial" or (
        opts.design == "auto" and n_comb <= opts.runs and opts.weight_noise == 0)
    if factorial:
        codes = np.array(list(itertools.product(*[range(s) for s in sizes])), dtype=int)
    else:
        codes = np.column_stack([rng.integers(0, s, opts.runs) for s in sizes])
    return codes, factorial, n_comb


def _system_choices(code, levels: dict, choices, names) -> list:
    w, n, s, p = (levels[f][c] for f, c in zip(FACTORS[:4], code[:4]))
    return [choices.resolve(name, w, n, s, p) for name in names]


def _run_scores(codes, levels, choices, panel: Panel, weight_noise: float, rng) -> np.ndarray:
    """Every run's system scores (runs x rows x systems), computed once per combination of
    the first four factors (the coupling formula does not change them)."""
    names = list(panel.inputs)
    U = np.empty((len(codes), panel.n_rows, len(names)))
    combos, which = np.unique(codes[:, :4], axis=0, return_inverse=True)
    which = which.ravel()
    for k, key in enumerate(combos):
        sel = np.flatnonzero(which == k)
        chosen = _system_choices(key, levels, choices, names)
        for j, name in enumerate(names):
            if weight_noise > 0:
                pools = len(panel.pools(chosen[j][2]))
                noise = rng.uniform(1 - weight_noise, 1 + weight_noise,
                                    size=(len(sel), pools, panel.x[name].shape[1]))
                U[sel, :, j] = choices.scores(name, chosen[j], noise)
            else:
                U[sel, :, j] = choices.scores(name, chosen[j])
    return U


def _run_coupling(U: np.ndarray, codes, models, coupling_weights):
    """D and the coordination type of every run, by its coupling formula."""
    D = np.empty(U.shape[:2])
    types = np.empty(U.shape[:2], dtype=int)
    for c, model in enumerate(models):
        sel = codes[:, 4] == c
        if sel.any():
            res = couple_batch(U[sel], model, coupling_weights)
            D[sel], types[sel] = res["D"], res["type"]
    return D, types


def _scenarios(levels, choices, panel: Panel, models, coupling_weights):
    """D of the configured choices and of each one-at-a-time change; the configured
    types."""
    names = list(panel.inputs)
    scenarios = {CONFIGURED: np.zeros(5, dtype=int)}
    for fi, f in enumerate(FACTORS):
        for li in range(1, len(levels[f])):
            code = np.zeros(5, dtype=int)
            code[fi] = li
            scenarios[f"{f}: {_level_id(f, levels[f][li])}"] = code
    scen_D, type0 = {}, None
    for label, code in scenarios.items():
        chosen = _system_choices(code, levels, choices, names)
        u = np.stack([choices.scores(n, ch) for n, ch in zip(names, chosen)], axis=-1)
        res = couple_batch(u[None], models[code[4]], coupling_weights)
        scen_D[label] = res["D"][0]
        if label == CONFIGURED:
            type0 = res["type"][0]
    return scen_D, type0


def _unit_bands(panel: Panel, D, rank, types, d0, rank0, type0) -> pd.DataFrame:
    """Each region-year: D and rank as configured, their median and 5-95% band, and the
    share of runs that change its type."""
    q = np.quantile(D, [0.05, 0.5, 0.95], axis=0)
    # rank bands: observed ranks (the inverted empirical distribution), not interpolations
    qr = np.quantile(rank, [0.05, 0.5, 0.95], axis=0, method="inverted_cdf")
    return panel.keys.assign(
        D_baseline=d0, D_median=q[1], D_p05=q[0], D_p95=q[2], rank_baseline=rank0,
        rank_median=qr[1], rank_p05=qr[0], rank_p95=qr[2], type_baseline=type0,
        type_change=(types != type0).mean(axis=0))


def _indices(D, rank, rank0, codes, levels) -> pd.DataFrame:
    """First-order sensitivity index of each factor on D, ranks and the mean rank shift."""
    shift = np.abs(rank - rank0).mean(axis=1)
    return pd.DataFrame([{"choice": f, "levels": len(levels[f]),
                          "S_D": _aggregate_index(D, codes[:, fi]),
                          "S_rank": _aggregate_index(rank, codes[:, fi]),
                          "S_shift": float(first_order_indices(shift, codes[:, fi]))}
                         for fi, f in enumerate(FACTORS)])


def _agreement(scen_D: dict, panel: Panel) -> pd.DataFrame:
    """Spearman and Kendall agreement of the ranks between every pair of scenarios."""
    rows = []
    for a in scen_D:
        for b in scen_D:
            rho, tau = ((1.0, 1.0) if a == b else
                        rank_agreement(scen_D[a], scen_D[b], panel.years))
            rows.append({"scenario_a": a, "scenario_b": b, "spearman": rho, "kendall": tau})
    return pd.DataFrame(rows)


def _design_frame(codes, levels) -> pd.DataFrame:
    frame = pd.DataFrame({"run": np.arange(1, len(codes) + 1)})
    for fi, f in enumerate(FACTORS):
        frame[f] = [_level_id(f, levels[f][c]) for c in codes[:, fi]]
    return frame


def _notes(choices, panel: Panel, D: np.ndarray) -> list[str]:
    """Fallbacks of undefined weightings (also warned), rows left out, no effect."""
    notes = []
    for name, method in sorted(choices.fallbacks):
        note = warning(ResamplingWarning, "robustness.weighting_fallback", system=name,
                       method=method)
        notes.append(str(note))
        warnings.warn(note, stacklevel=3)
    if len(panel.dropped):
        notes.append(f"{len(panel.dropped)} region-year(s) without every indicator of every "
                     "system were left out")
    if len(D) < 2 or np.all(D == D[0]):
        notes.append("the choices do not change D (one level per factor?)")
    return notes
