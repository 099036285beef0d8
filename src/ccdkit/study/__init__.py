"""Running a study: the config (``study.yaml``), the data it names, the pipeline that wires
the library's steps together and the study result.

Presenting a result (tables, report, methods text, figures, output folder) is
:mod:`ccdkit.present`; scaffolding a study (templates, the demo) is :mod:`ccdkit.scaffold`.
"""

from ._cache import StepCache, step_keys
from ._config import (
    AgglomerationSystem,
    Dimension,
    Factor,
    Indicator,
    IndicatorSystem,
    Labels,
    Study,
    load_study,
    study_from_dict,
)
from ._data import (
    DataCheck,
    StudyData,
    check_study_data,
    load_study_data,
    summarize_missing,
)
from ._detector import detector_tables, study_detector
from ._dynamics import StudyDynamics, dynamics_tables, study_dynamics
from ._econometrics import (
    StudyEconometrics,
    coefficient_table,
    econometrics_tables,
    stars,
    study_econometrics,
)
from ._messages import RunMessage, render_message
from ._pipeline import STEPS, StudyResult, run_study
from ._robustness import StudyRobustness, robustness_tables, study_robustness
from ._spatial import StudySpatial, spatial_tables, study_spatial
from ._systems import system_index
from ._yaml import load_yaml

__all__ = [
    "AgglomerationSystem", "Dimension", "Factor", "Indicator", "IndicatorSystem", "Labels",
    "Study", "load_study", "study_from_dict",
    "DataCheck", "StudyData", "check_study_data", "load_study_data", "summarize_missing",
    "detector_tables", "study_detector",
    "StudyDynamics", "dynamics_tables", "study_dynamics",
    "StudyEconometrics", "econometrics_tables", "study_econometrics", "coefficient_table",
    "stars",
    "StudySpatial", "spatial_tables", "study_spatial",
    "STEPS", "StudyResult", "run_study", "StepCache", "step_keys",
    "RunMessage", "render_message",
    "StudyRobustness", "robustness_tables", "study_robustness",
    "system_index", "load_yaml",
]
