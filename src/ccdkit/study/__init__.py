"""The study layer: the config (``study.yaml``), the pipeline that wires the library's steps
together, the report, the output folder, the Excel templates and the synthetic demo.

The top layer of the library: it may import every other subpackage; none imports it.
"""

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
from ._demo import DEMO_SEED, demo_firms, demo_values, write_demo_study
from ._design import REFERENCE_REGIONS, REFERENCE_YEARS
from ._detector import detector_tables, study_detector
from ._dynamics import StudyDynamics, dynamics_tables, study_dynamics
from ._outputs import manifest, write_study
from ._pipeline import STEPS, StudyResult, run_study
from ._report import REPORT_SECTIONS, render_report
from ._spatial import StudySpatial, spatial_tables, study_spatial
from ._systems import system_index
from ._templates import init_study, study_yaml, write_templates

__all__ = [
    "AgglomerationSystem", "Dimension", "Factor", "Indicator", "IndicatorSystem", "Labels",
    "Study", "load_study", "study_from_dict",
    "DataCheck", "StudyData", "check_study_data", "load_study_data", "summarize_missing",
    "DEMO_SEED", "demo_firms", "demo_values", "write_demo_study",
    "REFERENCE_REGIONS", "REFERENCE_YEARS",
    "detector_tables", "study_detector",
    "StudyDynamics", "dynamics_tables", "study_dynamics",
    "StudySpatial", "spatial_tables", "study_spatial",
    "manifest", "write_study",
    "STEPS", "StudyResult", "run_study",
    "REPORT_SECTIONS", "render_report",
    "system_index",
    "init_study", "study_yaml", "write_templates",
]
