"""``ccdkit init``: a ready-to-fill study (config + Excel templates) of the reference design."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..data import (
    atomic_folder,
    canonicalize_regions,
    check_language,
    output_lock,
    province,
)
from ..data import ImputeOptions
from ..dynamics import DynamicsOptions
from ..econometrics import EffectsOptions, RegressionOptions
from ..exceptions import CcdkitError
from ..geodetector import DetectorOptions, DiscretizationOptions
from ..robustness import BootstrapOptions, SensitivityOptions
from ..spatial import AutocorrelationOptions, WeightsOptions
from ._city import CITY_YEARS, city_regions, city_study_yaml, write_city_templates
from ._workbooks import firm_workbook, variable_workbook
from ._design import (
    yaml_labels,
    yaml_text,
    yaml_unit,
    AGGLOMERATION_INDICES,
    DETECTOR_YEARS,
    DIMENSIONS,
    DRIVERS,
    INDICATORS,
    MAP_YEARS,
    REFERENCE_REGIONS,
    REFERENCE_YEARS,
)

__all__ = ["study_yaml", "write_templates", "init_study", "INDICATOR_FILE", "DRIVER_FILE",
           "FIRM_FILE"]

INDICATOR_FILE = "data/indicators.xlsx"
DRIVER_FILE = "data/drivers.xlsx"
FIRM_FILE = "data/firms.xlsx"


def study_yaml(*, lang: str = "zh", regions: Sequence[str] = REFERENCE_REGIONS,
               years: tuple[int, int] = REFERENCE_YEARS, name: str = "nev-nqpf",
               synthetic: bool = False) -> str:
    """The study config of the reference design as commented YAML text (the options the
    reference study leaves at ccdkit's defaults are written from their declarations)."""
    check_language(lang)
    out = _yaml_head(lang, regions, years, name, synthetic) + _yaml_systems()
    out += _yaml_detector() + _yaml_chapters(synthetic)
    out += ["output:", f"  language: {lang}",
            ("  figure_formats: [png]   # the demo keeps to PNG; add svg for vector figures"
             if synthetic else "  figure_formats: [png, svg]"),
            "  tables: [xlsx, csv]", "  map_years: " + _flow(list(MAP_YEARS))]
    return "\n".join(out) + "\n"


def _flow(value) -> str:
    """A value as YAML flow text: [a, b], {k: v}, plain scalars."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _yaml_head(lang, regions, years, name: str, synthetic: bool) -> list[str]:
    out = [
        "# ccdkit study config — coupling coordination of NEV industry agglomeration and new",
        "# quality productive forces (the reference study's design). Every key is documented in",
        "# docs/config.md; keys left out take their defaults. Paths are relative to this file.",
        "study:",
        f"  name: {yaml_text(name)}",
        "  title: " + yaml_labels("新能源汽车产业集聚与新质生产力耦合协调",
                              "NEV industry agglomeration and new quality productive forces"),
        f"  synthetic: {_flow(synthetic)}"
        + ("   # the data are SYNTHETIC (demo), not official statistics" if synthetic else ""),
        f"years: {{start: {years[0]}, end: {years[1]}}}",
        "regions:   # or: all (the 31 mainland provinces)",
    ]
    out += [f"  - {yaml_text(province(r).label(lang))}" for r in regions]
    impute = ImputeOptions()
    return out + [
        "region_groups: region3   # east/central/west; region4 = NBS east/central/west/northeast",
        "data:",
        "  panel:",
        f"    - file: {INDICATOR_FILE}   # one sheet per indicator: provinces x years",
        "      layout: wide",
        f"    - file: {DRIVER_FILE}",
        "      layout: wide",
        "  firms:",
        f"    file: {FIRM_FILE}   # listed firms: firm, year, region, total_assets, is_target",
        "    sheet: firms",
        "impute: " + _flow({k: getattr(impute, k) for k in ("method", "edges", "window")}),
    ]


def _yaml_systems() -> list[str]:
    out = [
        "systems:",
        "  - id: agglomeration",
        "    type: agglomeration",
        "    label: " + yaml_labels("新能源汽车产业集聚", "NEV industry agglomeration"),
        "    indices: [" + ", ".join(i for i, _, _ in AGGLOMERATION_INDICES) + "]"
        "   # " + "; ".join(f"{i}: {en}" for i, _, en in AGGLOMERATION_INDICES),
        "    n: 4                # CR_n uses the 4 largest firms",
        "    scope: national     # CR and Herfindahl relative to the national industry total",
        "    weighting: {method: entropy}",
        "  - id: nqpf",
        "    type: indicators",
        "    label: " + yaml_labels("新质生产力", "New quality productive forces"),
        "    pooling: pooled     # min-max and entropy over all region-years (comparable years)",
        "    weighting: {method: improved_entropy, hierarchy: nested, nearest: log, ri: saaty}",
        "    scoring: {method: topsis, matrix: minmax}",
        "    dimensions:",
    ]
    for dim_id, zh, en in DIMENSIONS:
        out += [f"      - id: {dim_id}", "        label: " + yaml_labels(zh, en),
                "        indicators:"]
        out += [f"          - {{id: {item.id}, direction: {yaml_text(item.direction)}, "
                f"unit: {yaml_unit(item.unit)}, label: {yaml_labels(item.zh, item.en)}}}"
                for item in INDICATORS if item.dimension == dim_id]
    return out + [
        "coupling:",
        "  systems: [agglomeration, nqpf]",
        "  model: classic        # classic | wang2021 | fan2024",
        "  weights: [0.5, 0.5]   # alpha = beta = 0.5",
    ]


def _yaml_detector() -> list[str]:
    disc, det = DiscretizationOptions(), DetectorOptions()
    out = ["detector:", "  y: D                  # the coupling coordination degree",
           "  years: " + _flow(list(DETECTOR_YEARS)), "  factors:"]
    out += [f"    - {{id: {item.id}, unit: {yaml_unit(item.unit)}, "
            f"label: {yaml_labels(item.zh, item.en)}}}" for item in DRIVERS]
    return out + [
        "  discretization: " + _flow({k: getattr(disc, k) for k in
                                      ("methods", "k", "min_stratum", "select")}),
        f"  singletons: {det.singletons}",
        f"  lambda_variance: {det.lambda_variance}",
        "  permutations: 999     # permutation p-values (honest for N = 26)",
        "  bootstrap: 999        # bootstrap interval of q",
        f"  interaction_rule: {det.interaction_rule}  # q1, q2 and q12 on the same rows",
        f"  seed: {det.seed}",
        "  spatial_p: true       # p of q keeping D's spatial autocorrelation (needs `spatial`)",
        "  models:               # newer detector models beside it (docs/methods.md)",
        "    gozh: {permutations: 199}   # q on regression-tree zones",
        "    rgd: {permutations: 99}     # q on robust strata, and RID",
        "    spade: {permutations: 199}  # power of spatial determinant",
        "    lesh: {}                    # Shapley shares of the GOZH interactions",
    ]


def _yaml_chapters(synthetic: bool) -> list[str]:
    w, ac, dyn = WeightsOptions(), AutocorrelationOptions(), DynamicsOptions()
    reg, eff = RegressionOptions(), EffectsOptions()
    boot, sens = BootstrapOptions(), SensitivityOptions()
    return [
        "spatial:                # spatial autocorrelation (pip install 'ccdkit[spatial]')",
        "  variables: [D]",
        "  weights: " + _flow({k: getattr(w, k) for k in ("type", "links", "islands",
                                                         "transform")}),
        "  bivariate: [[agglomeration, nqpf]]   # x with the spatial lag of y",
        f"  permutations: {ac.permutations}",
        f"  alpha: {ac.alpha:g}",
        f"  multiple_testing: {ac.multiple_testing}  # or bonferroni, fdr",
        "  seed: 0",
        "dynamics:               # kernel density, Markov chains, convergence",
        "  variable: D",
        f"  bandwidth: {dyn.bandwidth}",
        f"  k: {dyn.k}                  # quantile classes of the Markov chains",
        f"  spatial_markov: {_flow(dyn.spatial_markov)}",
        f"  growth: {dyn.growth}          # log, or difference where D has zeros",
        "econometrics:           # spatial panel models of D on the drivers; spillovers",
        "  y: D",
        "  x: [X1, X2, X3, X4, X5, X6, X7]",
        "  log: [X1, X3, X7]       # levels spanning orders of magnitude",
        "  standardize: true       # coefficients per standard deviation of each driver",
        ("  model: sdm              # reported with its effects; the tests' choice is shown "
         "beside it (auto: the tests choose)" if synthetic else
         "  model: auto             # chosen by the LM and LR tests; or ols, slx, sar, sem, "
         "sdm, sdem, sac"),
        f"  fixed_effects: {reg.fixed_effects}     # two-way (region and year) for a panel",
        f"  bias_correction: {reg.bias_correction}",
        f"  draws: {eff.draws}             # parameter draws for the effects' inference",
        "  seed: 0",
        "robustness:             # bootstrap intervals; sensitivity to the method choices",
        f"  enabled: {_flow(synthetic)}"
        + ("   # small B for the demo; use 1000+ in a paper" if synthetic else
           "   # true to run (adds seconds to minutes)"),
        "  seed: 0",
        "  bootstrap: " + _flow({"replicates": 200 if synthetic else boot.replicates,
                                 "scheme": boot.scheme, "interval": boot.interval,
                                 "level": boot.level}),
        "  sensitivity:",
        f"    weighting: {_flow(sens.weighting)}     # besides each system's own",
        f"    normalization: {_flow(sens.normalization)}         # matrix of TOPSIS",
        f"    scoring: {_flow(sens.scoring)}",
        f"    pooling: {_flow(sens.pooling)}",
        f"    coupling: {_flow(sens.coupling)}",
        f"    runs: {sens.runs}            # full factorial when it has fewer combinations",
        f"    weight_noise: {sens.weight_noise:g}       # e.g. 0.2: every weight x U(0.8, 1.2) "
        "in each run",
    ]


def write_templates(folder: str | Path, *, lang: str = "zh",
                    regions: Sequence[str] = REFERENCE_REGIONS,
                    years: tuple[int, int] = REFERENCE_YEARS, values=None,
                    firm_rows=None) -> list[Path]:
    """Write the Excel templates (indicators, drivers, firms) into ``folder/data``.

    ``values(variable, region_id, year)`` and ``firm_rows`` fill them (used by the demo);
    without them the value cells are left empty for the researcher.
    """
    check_language(lang)
    folder = Path(folder)
    (folder / "data").mkdir(parents=True, exist_ok=True)
    year_list = list(range(years[0], years[1] + 1))
    ids = [r for r in canonicalize_regions(regions) if r is not None]
    variable_workbook(folder / INDICATOR_FILE, INDICATORS, ids, year_list, lang, values)
    variable_workbook(folder / DRIVER_FILE, DRIVERS, ids, year_list, lang, values)
    firm_workbook(folder / FIRM_FILE, lang, firm_rows)
    return [folder / INDICATOR_FILE, folder / DRIVER_FILE, folder / FIRM_FILE]


def init_study(folder: str | Path, *, lang: str = "zh", force: bool = False,
               values=None, firm_rows=None, synthetic: bool = False,
               level: str = "province", region: str = "yreb") -> list[Path]:
    """Create a ready-to-fill study in ``folder``: ``study.yaml`` and ``data/*.xlsx``.

    The config reproduces the reference study's design (Table 1's 18 indicators with
    their directions, the three agglomeration indices, the drivers X1-X7); the
    workbooks have one sheet per variable with the provinces as rows and the years as
    columns, and a firm sheet. Everything is written to a temporary folder first and
    moved into place at the end, so a failure leaves ``folder`` as it was.

    Parameters
    ----------
    folder : path
        Target folder; must not exist or be empty (unless ``force``).
    lang : {"zh", "en"}
        Language of region names in the templates and of the study's outputs.
    force : bool
        Write into an existing non-empty folder, replacing only the files init writes
        (study.yaml and the three workbooks in data/); other files stay.
    level : {"province", "city"}
        ``city``: the city design (economic development x ecological environment) for the
        cities of ``region``.
    region : str
        City level: a study-region preset (``yreb``, ``yellow_river``, ``bth``, ``yrd``,
        ``yrd_full``, ``gba``, ``chengyu``) or a province.

    Returns
    -------
    list of Path
        The files written (in their final place).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "mystudy"
    >>> [p.name for p in init_study(folder, lang="en")]
    ['drivers.xlsx', 'firms.xlsx', 'indicators.xlsx', 'study.yaml']
    """
    check_language(lang)
    if lang not in ("zh", "en"):
        raise CcdkitError(f"lang must be 'zh' or 'en', got {lang!r}")
    folder = Path(folder)

    if level not in ("province", "city"):
        raise CcdkitError(f"level must be 'province' or 'city', got {level!r}")

    def write(tmp: Path) -> None:
        if level == "city":
            (tmp / "study.yaml").write_text(
                city_study_yaml(lang=lang, region=region, synthetic=synthetic),
                encoding="utf-8")
            write_city_templates(tmp, city_regions(region), lang, CITY_YEARS, values)
            return
        (tmp / "study.yaml").write_text(study_yaml(lang=lang, synthetic=synthetic),
                                        encoding="utf-8")
        write_templates(tmp, lang=lang, values=values, firm_rows=firm_rows)

    if folder.exists() and not folder.is_dir():
        raise CcdkitError(f"{folder} exists and is not a folder")
    if folder.is_dir():
        if any(folder.iterdir()) and not force:
            raise CcdkitError(f"{folder} exists and is not empty; choose a new folder (or "
                              "pass --force to replace the study files init writes there; "
                              "other files stay)")
        # write into the existing folder, replacing only the files init writes
        with output_lock(folder, "study folder"):
            tmp = Path(tempfile.mkdtemp(prefix=".ccdkit-init.", dir=folder))
            try:
                write(tmp)
                written = sorted(p.relative_to(tmp) for p in tmp.rglob("*") if p.is_file())
                for rel in written:
                    (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(tmp / rel, folder / rel)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        return sorted(folder / rel for rel in written)
    with atomic_folder(folder, what="study folder") as tmp:
        write(tmp)
    return sorted(p for p in folder.rglob("*") if p.is_file())
