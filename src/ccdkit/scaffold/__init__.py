"""Scaffolding a study: the reference design, the config and Excel templates of
``ccdkit init`` (provinces and cities) and the synthetic demo of ``ccdkit demo``.
"""

from ._custom import TEMPLATE_FILES, blank_study, study_templates
from ._city import CITY_YEARS, city_regions, city_study_yaml
from ._demo import DEMO_SEED, demo_firms, demo_values, write_demo_study
from ._design import DRIVERS, INDICATORS, REFERENCE_REGIONS, REFERENCE_YEARS
from ._templates import init_study, study_yaml, write_templates

__all__ = ["CITY_YEARS", "city_regions", "city_study_yaml", "DEMO_SEED", "demo_firms",
           "demo_values", "write_demo_study", "DRIVERS", "INDICATORS", "REFERENCE_REGIONS",
           "REFERENCE_YEARS", "init_study", "study_yaml", "write_templates",
           "TEMPLATE_FILES", "blank_study", "study_templates"]
