"""Data in and out: panel and firm readers, the province registry, imputation, table
writers and the zh/en labels of table columns.

The lowest layer of ccdkit: it imports nothing from the other subpackages.
"""

from ._cells import (
    MISSING_TOKENS,
    column_letter,
    parse_flags,
    parse_numbers,
    parse_years,
)
from ._cities import (
    CITIES,
    CITY_CHANGES,
    CITY_KINDS,
    CITY_PRESETS,
    City,
    CityChange,
    CityPreset,
    canonicalize_cities,
    city,
    city_changes,
    city_table,
    preset_cities,
)
from ._firms import FIRM_FIELDS, read_firms
from ._printed import read_printed_table
from ._impute import (
    EDGE_METHODS,
    IMPUTE_METHODS,
    ImputationResult,
    ImputeOptions,
    complete_panel,
    impute_panel,
)
from ._labels import (
    choice_label,
    whole_label,
    unit_label,
    coordination_labels,
    interaction_label,
    method_label,
    reason_label,
    spatial_class_label,
    localize_table,
    regressor_label,
    rdd_labels,
)
from ..text import LANGUAGES, check_language, space_cjk
from ._panel import LAYOUTS, LEVELS, MERGED_RULES, PanelRead, load_panel, read_panel
from ._readers import SUPPORTED_SUFFIXES, RawTable, file_sha256, read_raw_tables, sheet_names
from ._regions import (
    MAINLAND_IDS,
    PROVINCES,
    Province,
    canonicalize_regions,
    group_label,
    is_aggregate,
    province,
    province_table,
)
from ._units import region_display, region_groups, region_label, region_order
from ._outfolder import (
    MANIFEST_NAME,
    atomic_folder,
    check_output_file,
    check_output_folder,
    csv_header_is,
    is_ccdkit_output,
    output_lock,
)
from ._writers import (
    CSV_TEXT,
    atomic_path,
    neutralize_formulas,
    reproducible_time,
    sheet_title,
    write_tables,
)

__all__ = [
    "MISSING_TOKENS", "column_letter", "parse_flags", "parse_numbers", "parse_years",
    "FIRM_FIELDS", "read_firms", "read_printed_table",
    "EDGE_METHODS", "IMPUTE_METHODS", "ImputationResult", "ImputeOptions", "complete_panel",
    "impute_panel",
    "localize_table", "regressor_label", "LANGUAGES", "check_language", "space_cjk",
    "coordination_labels", "rdd_labels",
    "interaction_label",
    "method_label", "reason_label",
    "spatial_class_label", "choice_label",
    "whole_label", "unit_label",
    "LAYOUTS", "LEVELS", "MERGED_RULES", "PanelRead", "load_panel", "read_panel",
    "CITIES", "CITY_CHANGES", "CITY_KINDS", "CITY_PRESETS", "City", "CityChange", "CityPreset",
    "canonicalize_cities", "city", "city_changes", "city_table", "preset_cities",
    "SUPPORTED_SUFFIXES", "RawTable", "read_raw_tables", "sheet_names", "file_sha256",
    "MAINLAND_IDS", "PROVINCES", "Province", "canonicalize_regions", "group_label",
    "is_aggregate", "province", "province_table", "region_groups", "region_label",
    "region_display",
    "region_order",
    "atomic_folder", "atomic_path", "sheet_title", "write_tables",
    "MANIFEST_NAME", "check_output_folder", "check_output_file", "csv_header_is",
    "is_ccdkit_output", "output_lock",
    "CSV_TEXT", "neutralize_formulas", "reproducible_time",
]
