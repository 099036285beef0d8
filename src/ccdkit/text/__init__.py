"""The language layer: every reader-facing text of ccdkit, in Chinese and English, by id.

Imports only :mod:`ccdkit.exceptions`; every other layer takes its labels, headers and
captions from here (:func:`tr`), so a result renders in either language.
"""

from ._catalogue import (
    MESSAGES,
    fields,
    option_help,
    option_label,
    pick,
    readable_tables,
    tr,
    warning,
)
from ._audit_texts import (AUDIT_CHECK_LABELS, AUDIT_HEADERS, AUDIT_VARIANT_LABELS,
                           AUDIT_VARIANT_SHORT)
from ._econometrics_texts import ECONOMETRICS_LABELS, MODEL_SHORT
from ._space_time_texts import (COMPASS, DIAGNOSTIC_LABELS, DYNAMIC_STATE_LABELS, EHSA_LABELS, ELLIPSE_CONVENTION_LABELS, QUADRANT_LABELS, REY_TYPE_LABELS,
                                SPACE_TIME_HEADERS)
from ._detector_texts import (DETECTOR_HEADERS, DETECTOR_MODEL_LABELS, DETECTOR_MODEL_SHORT,
                              NULL_LABELS)
from ._headers import HEADERS_EN, HEADERS_ZH, header
from ._language import LANGUAGES, check_language, needs_cjk_font, space_cjk
from ._reason_texts import reason, reason_text
from ._value_texts import (
    AGGLOMERATION_INDEX_LABELS,
    CHOICE_LABELS,
    COORDINATION_TYPE_LABELS,
    DYNAMICS_LABELS,
    INTERACTION_TYPE_LABELS,
    METHOD_LABELS,
    NO_TYPE,
    NOT_SIGNIFICANT,
    RDD_LABELS,
    SPATIAL_CLASS_LABELS,
    UNIT_LABELS,
    UNIT_PER,
    UNIT_TRANSLATIONS,
    WHOLE_SAMPLE_LABELS,
)

__all__ = ["AUDIT_CHECK_LABELS", "AUDIT_HEADERS", "AUDIT_VARIANT_LABELS", "AUDIT_VARIANT_SHORT", "MESSAGES", "tr", "fields", "pick", "readable_tables", "option_label", "option_help", "warning", "HEADERS_ZH", "HEADERS_EN",
           "header", "reason", "reason_text", "COORDINATION_TYPE_LABELS", "RDD_LABELS",
           "INTERACTION_TYPE_LABELS", "NOT_SIGNIFICANT", "NO_TYPE", "AGGLOMERATION_INDEX_LABELS",
           "METHOD_LABELS", "SPATIAL_CLASS_LABELS", "DYNAMICS_LABELS", "CHOICE_LABELS",
           "WHOLE_SAMPLE_LABELS", "ECONOMETRICS_LABELS", "MODEL_SHORT", "DETECTOR_MODEL_LABELS", "DETECTOR_MODEL_SHORT", "EHSA_LABELS", "COMPASS", "ELLIPSE_CONVENTION_LABELS", "DIAGNOSTIC_LABELS", "DYNAMIC_STATE_LABELS", "QUADRANT_LABELS", "REY_TYPE_LABELS", "SPACE_TIME_HEADERS", "NULL_LABELS", "DETECTOR_HEADERS", "UNIT_LABELS", "UNIT_TRANSLATIONS", "UNIT_PER", "LANGUAGES", "check_language", "needs_cjk_font", "space_cjk"]
