"""Bootstrap confidence intervals of the weights and of everything computed from them:
system scores U, T, C, D per region-year, group means of D, the shares of the
coordination types and the probability of each region-year's type."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..exceptions import ConfigError, DataError, ResamplingWarning, SmallSampleWarning
from ..indices import SCORING
from ..indices.weights import WEIGHTING
from ._engine import Panel, couple_batch, prepare_systems, score_batch, weights_batch
from ._intervals import bca_interval, percentile_interval
from ._params import BootstrapOptions
from ._seed import resolve_seed
from ..text import warning

__all__ = ["bootstrap_coupling", "BootstrapResult"]

NATION = "nation"


@dataclass
class BootstrapResult:
    """Bootstrap intervals of a coupling coordination analysis.

    Attributes
    ----------
    weights : DataFrame
        ``system``, ``pool`` (``all`` or a year), ``indicator``, ``estimate``,
        ``ci_lower``, ``ci_upper``, ``boot_se`` (standard deviation of the replicates).
    scores : DataFrame
        ``region``, ``year``, ``variable`` (each system's score, ``T``, ``C``, ``D``) and
        ``estimate``, ``ci_lower``, ``ci_upper``, ``boot_se``.
    group_means : DataFrame
        Mean D by ``year`` and ``group`` (``nation`` and the region groups) with intervals.
    type_shares : DataFrame
        ``year``, ``type`` (code 0-9), ``estimate`` (share of regions), ``ci_lower``, ``ci_upper``
        (percentile intervals: a share is a discrete statistic).
    type_probability : DataFrame
        ``region``, ``year``, ``type``, ``probability`` (share of replicates putting the
        region-year in that type; types never reached are left out), ``estimated`` (the
        type of the point estimate).
    draws : dict of str to ndarray
        Replicates (B, rows) of each score variable, in the order of ``keys``.
    keys : DataFrame
        ``region``, ``year`` of the rows.
    options : dict
        ``replicates`` (asked), ``used`` (replicates where every weight was defined),
        ``scheme``, ``interval``, ``level``, ``seed``, ``coupling``, ``systems``.
    notes : list of str
        What the reader should know (rows left out, failed replicates).
    """

    weights: pd.DataFrame
    scores: pd.DataFrame
    group_means: pd.DataFrame
    type_shares: pd.DataFrame
    type_probability: pd.DataFrame
    draws: dict
    keys: pd.DataFrame
    options: dict
    notes: list = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        """The score intervals (long: one row per region, year and variable)."""
        return self.scores.copy()

    def interval(self, variable: str = "D") -> pd.DataFrame:
        """One variable's estimates and intervals by region and year."""
        out = self.scores[self.scores["variable"] == variable]
        return out.drop(columns="variable").reset_index(drop=True)

    def summary(self) -> str:
        o = self.options
        d = self.interval("D")
        width = (d["ci_upper"] - d["ci_lower"])
        lines = [f"Bootstrap ({o['scheme']}, {o['used']} of {o['replicates']} replicates, "
                 f"seed {o['seed']}): {o['interval']} {o['level']:.0%} intervals",
                 f"D: {len(d)} region-years, interval width median {width.median():.4f}, "
                 f"max {width.max():.4f}"]
        lines += self.notes
        return "\n".join(lines)


def _draw_rows(panel: Panel, scheme: str, B: int, rng: np.random.Generator) -> dict:
    """Resampled row positions per year: {year: (B, n_year)}."""
    blocks = panel.year_rows()
    if scheme == "within_year":
        return {y: rows[rng.integers(0, len(rows), size=(B, len(rows)))] for y, rows in blocks}
    regions = pd.unique(panel.keys["region"])
    table = panel.keys.assign(_pos=np.arange(panel.n_rows)).pivot(
        index="region", columns="year", values="_pos").reindex(regions)
    if table.isna().any().any():
        raise DataError("the cluster bootstrap needs a balanced panel (every region in every "
                        f"year); {int(table.isna().sum().sum())} region-year(s) are missing. "
                        "Use scheme 'within_year'")
    pos = table.to_numpy(dtype=int)
    units = rng.integers(0, len(regions), size=(B, len(regions)))
    return {int(y): pos[units, t] for t, y in enumerate(table.columns)}


def _jackknife_rows(panel: Panel) -> list[dict]:
    """Leave-one-region-out row positions per year, one dict per region."""
    out = []
    regions = panel.keys["region"].to_numpy()
    for region in pd.unique(regions):
        out.append({y: rows[regions[rows] != region][None, :]
                    for y, rows in panel.year_rows()})
    return out


def _replicate(panel: Panel, draws: dict, params: dict, coupling: str,
               coupling_weights) -> dict:
    """Weights, U, T, C, D of every replicate of ``draws`` ({year: (B, k)})."""
    B = next(iter(draws.values())).shape[0]
    out_w, U = {}, []
    for name, inp in panel.inputs.items():
        x = panel.x[name]
        wparams, sparams = params[name]
        u = np.full((B, panel.n_rows), np.nan)
        for pool, rows in panel.pools(inp.pooling):
            idx = (np.hstack([draws[y] for y, _ in panel.year_rows()]) if pool == "all"
                   else draws[pool])
            W = weights_batch(x, idx, inp, wparams)
            out_w[(name, pool)] = W
            ok = np.isfinite(W).all(axis=1)
            if ok.any():
                u[np.ix_(ok, rows)] = score_batch(x[rows], W[ok], inp.directions, sparams)
        U.append(u)
    res = couple_batch(np.stack(U, axis=-1), coupling, coupling_weights)
    res.update({name: u for name, u in zip(panel.inputs, U)})
    res["weights"] = out_w
    return res


def _group_matrix(panel: Panel, groups: Mapping[str, list[str]]):
    """Averaging matrix (rows x group-years) and its (group, year) labels."""
    cols, labels = [], []
    regions = panel.keys["region"].to_numpy()
    for group, members in {NATION: None, **groups}.items():
        for year, rows in panel.year_rows():
            sel = rows if members is None else rows[np.isin(regions[rows], list(members))]
            if len(sel) == 0:
                continue
            col = np.zeros(panel.n_rows)
            col[sel] = 1.0 / len(sel)
            cols.append(col)
            labels.append((group, year))
    return np.column_stack(cols), labels


#: Below these, a BCa interval gets a SmallSampleWarning (Efron & Tibshirani 1993, ch. 14:
#: B of about 1000 for the BCa's tail quantiles; a jackknife over few regions).
BCA_MIN_REPLICATES = 1000
BCA_MIN_REGIONS = 10


def bootstrap_coupling(
    systems,
    *,
    coupling: str = "classic",
    coupling_weights=None,
    groups: Mapping[str, list[str]] | None = None,
    replicates: int = 1000,
    scheme: str = "within_year",
    interval: str = "percentile",
    level: float = 0.95,
    seed: int | np.random.Generator | None = None,
    progress: Callable[[str], None] | None = None,
) -> BootstrapResult:
    """Bootstrap intervals of the weights, U, T, C, D, group means and coordination types.

    Each replicate draws regions with replacement (``within_year``: in every year
    separately, as many as the year has; ``cluster``: whole regions with all their years),
    recomputes every system's weights on the drawn rows with the configured method (and
    pooling), and scores the *original* region-years with those weights (the min-max
    bounds and TOPSIS ideal points stay those of the data): the intervals show how much the
    results depend on which regions happened to set the weights. Coupling, T, D and the
    types follow from the replicate's scores.

    Parameters
    ----------
    systems : mapping of str to IndexInput, or sequence of IndexInput
        Two or more systems (see :class:`IndexInput`), each with its configured weighting,
        scoring and pooling.
    coupling : str, default "classic"
        Coupling degree formula.
    coupling_weights : sequence of float, optional
        Weights of T (default equal).
    groups : mapping of str to list of str, optional
        Region groups for the group means of D (the nation is always included).
    replicates : int, default 1000
        B.
    scheme : {"within_year", "cluster"}, default "within_year"
    interval : {"percentile", "bca"}, default "percentile"
        ``bca``: bias-corrected and accelerated, acceleration from the
        leave-one-region-out jackknife (type shares always use percentiles).
    level : float, default 0.95
    seed : int or Generator, optional
        The seed used is recorded in ``options`` (one is drawn when none is given).
    progress : callable, optional
        Called with a short text as each stage starts.

    Returns
    -------
    BootstrapResult

    References
    ----------
    Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman &
    Hall. Davison, A. C. & Hinkley, D. V. (1997). *Bootstrap Methods and their
    Application*. Cambridge University Press (stratified and cluster resampling, ch. 3).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from ccdkit.robustness import IndexInput
    >>> rng = np.random.default_rng(0)
    >>> panel = pd.DataFrame({"region": np.repeat(list("ABCDEFGH"), 3),
    ...                       "year": np.tile([2020, 2021, 2022], 8)})
    >>> for c in ("a1", "a2", "b1", "b2"):
    ...     panel[c] = rng.uniform(1, 10, len(panel))
    >>> res = bootstrap_coupling({"A": IndexInput(panel, ["a1", "a2"]),
    ...                           "B": IndexInput(panel, ["b1", "b2"])},
    ...                          replicates=200, seed=1)
    >>> d = res.interval("D")
    >>> bool(((d["ci_lower"] <= d["estimate"]) & (d["estimate"] <= d["ci_upper"])).all())
    True
    """
    try:
        opts = BootstrapOptions(replicates=replicates, scheme=scheme, interval=interval,
                                level=level)
    except Exception as exc:  # pydantic ValidationError
        raise ConfigError(f"bootstrap options: {exc}") from None
    step = progress or (lambda text: None)
    seed_used, rng = resolve_seed(seed)
    panel = prepare_systems(systems)
    params = {name: (WEIGHTING.parse(inp.weighting), SCORING.parse(inp.scoring))
              for name, inp in panel.inputs.items()}

    def replicate(rows):
        return _replicate(panel, rows, params, coupling, coupling_weights)

    step("estimate")
    est = replicate({y: rows[None, :] for y, rows in panel.year_rows()})
    if not all(np.isfinite(w).all() for w in est["weights"].values()):
        raise DataError("the weights are undefined on the full data (see the index step)")
    step(f"{opts.replicates} replicates")
    boot = replicate(_draw_rows(panel, opts.scheme, opts.replicates, rng))
    ok = np.all([np.isfinite(w).all(axis=1) for w in boot["weights"].values()], axis=0)
    notes = _replicate_notes(ok, opts, panel)
    jack = None
    if opts.interval == "bca":
        step("jackknife")
        parts = [replicate(rows) for rows in _jackknife_rows(panel)]
        jack = {k: (np.vstack([p[k] for p in parts]) if k != "weights" else
                    {kk: np.vstack([p[k][kk] for p in parts]) for kk in parts[0][k]})
                for k in parts[0]}
    step("intervals")
    iv = _Intervals(opts, est, boot, ok, jack)
    variables = [*panel.inputs, "T", "C", "D"]
    shares, type_prob = _type_uncertainty(panel, est, boot["type"][ok], opts.level)
    if len(panel.dropped):
        notes.append(f"{len(panel.dropped)} region-year(s) without every indicator of every "
                     "system were left out")
    options = {"replicates": opts.replicates, "used": int(ok.sum()), "scheme": opts.scheme,
               "interval": opts.interval, "level": opts.level, "seed": seed_used,
               "coupling": coupling,
               "coupling_weights": (None if coupling_weights is None
                                    else [float(a) for a in coupling_weights]),
               "systems": _systems_used(panel, params)}
    return BootstrapResult(
        weights=iv.weights(panel), scores=iv.scores(panel, variables),
        group_means=iv.group_means(panel, groups), type_shares=shares,
        type_probability=type_prob, draws={v: boot[v][ok] for v in variables},
        keys=panel.keys, options=options, notes=notes)


def _systems_used(panel: Panel, params: dict) -> dict:
    """Each system's weighting, scoring and pooling, as the replicates used them."""
    return {name: {"weighting": params[name][0].model_dump(mode="json"),
                   "scoring": params[name][1].model_dump(mode="json"), "pooling": inp.pooling}
            for name, inp in panel.inputs.items()}


def _replicate_notes(ok: np.ndarray, opts, panel: Panel) -> list[str]:
    """Replicates left out (warned), too few of them (an error), an unreliable BCa."""
    notes = []
    if not ok.all():
        note = warning(ResamplingWarning, "robustness.failed_replicates", n=int((~ok).sum()),
                       replicates=opts.replicates)
        notes.append(str(note))
        warnings.warn(note, stacklevel=3)
    if ok.sum() < 20:
        raise DataError(f"only {int(ok.sum())} bootstrap replicates have defined weights")
    n_regions = int(panel.keys["region"].nunique())
    if opts.interval == "bca" and (int(ok.sum()) < BCA_MIN_REPLICATES
                                   or n_regions < BCA_MIN_REGIONS):
        note = warning(SmallSampleWarning, "robustness.bca_small", replicates=int(ok.sum()),
                       regions=n_regions, min_replicates=BCA_MIN_REPLICATES,
                       min_regions=BCA_MIN_REGIONS)
        notes.append(str(note))
        warnings.warn(note, stacklevel=3)
    return notes


@dataclass
class _Intervals:
    """Intervals of the estimates from the replicates (percentile, or BCa with the
    jackknife), with bootstrap standard errors."""

    opts: object
    est: dict
    boot: dict
    ok: np.ndarray
    jack: dict | None

    def of(self, theta, b, j):
        if self.opts.interval == "bca" and j is not None:
            lo, hi = bca_interval(theta, b, j, self.opts.level)
        else:
            lo, hi = percentile_interval(b, self.opts.level)
        return lo, hi, b.std(axis=0, ddof=1)

    def weights(self, panel: Panel) -> pd.DataFrame:
        rows = []
        for (name, pool), W in self.boot["weights"].items():
            theta = self.est["weights"][(name, pool)][0]
            lo, hi, se = self.of(theta, W[self.ok], None if self.jack is None else
                                 self.jack["weights"][(name, pool)])
            for j, ind in enumerate(panel.inputs[name].indicators):
                rows.append({"system": name, "pool": pool, "indicator": ind,
                             "estimate": theta[j], "ci_lower": lo[j], "ci_upper": hi[j],
                             "boot_se": se[j]})
        return pd.DataFrame(rows)

    def scores(self, panel: Panel, variables) -> pd.DataFrame:
        parts = []
        for v in variables:
            lo, hi, se = self.of(self.est[v][0], self.boot[v][self.ok],
                                 None if self.jack is None else self.jack[v])
            parts.append(panel.keys.assign(variable=v, estimate=self.est[v][0], ci_lower=lo,
                                           ci_upper=hi, boot_se=se))
        return pd.concat(parts, ignore_index=True)

    def group_means(self, panel: Panel, groups) -> pd.DataFrame:
        G, labels = _group_matrix(panel, dict(groups or {}))
        d = self.est["D"][0] @ G
        lo, hi, se = self.of(d, self.boot["D"][self.ok] @ G,
                             None if self.jack is None else self.jack["D"] @ G)
        out = pd.DataFrame(labels, columns=["group", "year"]).assign(
            estimate=d, ci_lower=lo, ci_upper=hi, boot_se=se)[
            ["year", "group", "estimate", "ci_lower", "ci_upper", "boot_se"]]
        return out.sort_values("year", kind="stable").reset_index(drop=True)


def _type_uncertainty(panel: Panel, est: dict, codes: np.ndarray, level: float):
    """Shares of the coordination types per year with intervals, and each region-year's
    probability of each type."""
    onehot = codes[:, :, None] == np.arange(10)  # (B, rows, types)
    est_onehot = est["type"][0][:, None] == np.arange(10)
    parts = []
    for y, rows in panel.year_rows():
        lo, hi = percentile_interval(onehot[:, rows, :].mean(axis=1), level)
        parts.append(pd.DataFrame({"year": y, "type": np.arange(10),
                                   "estimate": est_onehot[rows].mean(axis=0),
                                   "ci_lower": lo, "ci_upper": hi}))
    prob = onehot.mean(axis=0)  # rows x types
    r, t = np.nonzero(prob > 0)
    type_prob = pd.DataFrame({"region": panel.keys["region"].to_numpy()[r],
                              "year": panel.keys["year"].to_numpy()[r], "type": t,
                              "probability": prob[r, t],
                              "estimated": est["type"][0][r] == t})
    return pd.concat(parts, ignore_index=True), type_prob
