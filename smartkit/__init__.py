"""smartkit: from a business objective to a SMART goal, measured on your own analytics exports.

A pure library (no Streamlit): models, KPI catalogue, SMART rules, baseline and forecast math,
importers, statements. The Streamlit pages and the command line are thin shells over it.
"""
from smartkit.catalogue import KPI, catalogue, get_kpi
from smartkit.errors import (
    ColumnMappingError,
    DataFileError,
    EmptyFileError,
    GoalError,
    GoalFileError,
    HistoryError,
    InvalidFieldError,
    MetricMissingError,
    NotEnoughHistoryError,
    SmartkitError,
    UnknownKPIError,
    UnrecognisedExportError,
    UnsupportedFileError,
)
from smartkit.i18n import LANGUAGES, Lang, t
from smartkit.models import GoalDraft, Verdict

__all__ = [
    "KPI", "LANGUAGES", "ColumnMappingError", "DataFileError", "EmptyFileError", "GoalDraft",
    "GoalError", "GoalFileError", "HistoryError", "InvalidFieldError", "Lang",
    "MetricMissingError", "NotEnoughHistoryError", "SmartkitError", "UnknownKPIError",
    "UnrecognisedExportError", "UnsupportedFileError", "Verdict", "catalogue", "get_kpi", "t",
]
