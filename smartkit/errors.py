"""One error hierarchy for everything smartkit refuses, with messages written for a marketer.

Every error carries a message *key* and its parameters, so the same error can be shown in any
UI language (``err.message("vi")``); ``str(err)`` is the English text. Pages show
``err.message(lang)`` with ``st.error``; the command line prints it on one stderr line.

    SmartkitError
    ├── GoalError              a goal draft that cannot be read or is invalid
    │   ├── GoalFileError      the goal file is not valid JSON / not an object
    │   ├── UnknownKPIError    a KPI id the catalogue does not know
    │   └── InvalidFieldError  a field with a value of the wrong shape (e.g. a date)
    ├── DataFileError          an analytics export that cannot be read
    │   ├── EmptyFileError     nothing in the file
    │   ├── UnsupportedFileError  a PDF, image, zip... rather than CSV/XLSX
    │   ├── UnrecognisedExportError  a table we cannot map to metrics
    │   └── ColumnMappingError a column mapping that does not fit the file
    └── HistoryError           history that cannot answer the question asked
        ├── NotEnoughHistoryError  too few days for a baseline or a forecast
        └── MetricMissingError     the data has no column for the KPI
"""
from __future__ import annotations

from typing import Any


class SmartkitError(Exception):
    """Base of every error smartkit raises on purpose."""

    key = "error.generic"

    def __init__(self, key: str | None = None, /, **params: Any) -> None:
        self.key = key or type(self).key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: Any = "en") -> str:
        """The message in the user's language, parameters formatted for it."""
        from smartkit.i18n import t

        return t(self.key, lang, **self.params)


class GoalError(SmartkitError):
    """A goal draft that cannot be read or is invalid."""

    key = "error.goal.invalid"


class GoalFileError(GoalError):
    """The goal file is not valid JSON, or not a JSON object."""

    key = "error.goal.not_json"


class UnknownKPIError(GoalError):
    """A KPI id that is not in the catalogue."""

    key = "error.goal.unknown_kpi"


class InvalidFieldError(GoalError):
    """A field whose value has the wrong shape (a date that is not a date...)."""

    key = "error.goal.invalid_field"


class DataFileError(SmartkitError):
    """An analytics export that cannot be read."""

    key = "error.data.unreadable"


class EmptyFileError(DataFileError):
    """The file holds nothing (or only blank lines)."""

    key = "error.data.empty"


class UnsupportedFileError(DataFileError):
    """A PDF, an image, an archive... rather than a CSV or XLSX export."""

    key = "error.data.unsupported"


class UnrecognisedExportError(DataFileError):
    """A table with no date column or no metric we can map."""

    key = "error.data.unrecognised"


class ColumnMappingError(DataFileError):
    """A user column mapping that does not fit the file."""

    key = "error.data.mapping"


class HistoryError(SmartkitError):
    """History that cannot answer the question asked."""

    key = "error.history.generic"


class NotEnoughHistoryError(HistoryError):
    """Too few days of data for a baseline or a forecast."""

    key = "error.history.too_short"


class MetricMissingError(HistoryError):
    """The data has no column for the KPI (nor for its numerator and denominator)."""

    key = "error.history.metric_missing"
