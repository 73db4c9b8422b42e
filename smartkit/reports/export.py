"""The goal as files to take away: the goal file (JSON, with its history), the daily KPI table
(CSV, safe for Excel) and the file names every download uses.

**Goal file** (:func:`goal_json` / :func:`read_goal_file`): the goal's fields as
``python -m smartkit schema`` lists them, plus

* ``history``: the imported history table, when the goal has one, as
  ``{"columns": [metric ids], "rows": [["YYYY-MM-DD", value or null, ...], ...]}``, so a
  reloaded goal keeps its chance and chart;
* ``statement``, ``overall``, ``verdicts`` and ``achievability``: what smartkit said about the
  goal when it was saved, for readers of the file. They are **read-only**: ignored on import
  (:data:`READ_ONLY`), and worked out again from the goal and its history.

Reading the file back and saving it again gives the same text (tested).

**Daily KPI table** (:func:`kpi_csv`): one row per day with the KPI's actual value, the target
path and the forecast with its range, the very series of the goal's chart. Text cells are
quoted and neutralised by the OWASP rule (:func:`neutralise`), so a spreadsheet never runs one
as a formula; numbers stay numbers. A text cell holds at most :data:`CELL_LIMIT` characters
(Excel's own limit), so a huge goal name still makes a small file, fast.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import unicodedata
from typing import Any, NamedTuple

import pandas as pd

from smartkit.errors import GoalFileError
from smartkit.models import (DERIVED_KEYS, FIRST_DAY, LAST_DAY, MAX_AMOUNT, GoalDraft, in_planning_window,
                             parse_goal_json, shown)

READ_ONLY: tuple[str, ...] = DERIVED_KEYS
HISTORY_KEY = "history"
# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"): these signs first,
# also in their full-width and small forms, which spreadsheets fold to the ASCII ones.
FORMULA_SIGNS = "=+-@" "\uff1d\uff0b\uff0d\uff20" "\ufe66\ufe62\ufe63\ufe6b"
FORMULA_START = ("\t", "\r", "\n")   # control characters OWASP lists: never first in a cell
CELL_LIMIT = 32_767                    # characters a spreadsheet cell holds (Excel's limit)
_BLANK = "\\s\u00ad\u200b-\u200f\u2060-\u2064\ufeff"   # whitespace and invisible format characters
_LEADING_BLANK = re.compile(f"[{_BLANK}]*")
_SEPARATOR_FORMULA = re.compile(f"[,;][{_BLANK}'\"]*[{re.escape(FORMULA_SIGNS)}]")
KINDS = ("brief", "goal", "kpi-table", "chart")
CSV_COLUMNS = ("date", "goal", "kpi", "actual", "target_path", "forecast", "forecast_lower", "forecast_upper")


# ----------------------------------------------------------------------------- file names


def slug(text: str | None) -> str:
    """A file-name-safe ASCII slug: "Pepperoni Palace: local followers" → "pepperoni-palace-local-followers"
    (accents dropped, "đ" read as "d"); empty when nothing Latin is left (a Thai or Persian name)."""
    if not text:
        return ""
    flat = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = flat.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60].strip("-")


def file_name(draft: GoalDraft | None, kind: str, day: dt.date, ext: str) -> str:
    """What a download is called: goal name, kind and date, e.g.
    ``pepperoni-palace-brief-2026-11-26.pdf``. A name with no Latin letters falls back to the
    KPI id, then to "smartkit". The one place every download in the app and the CLI gets its name."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    stem = slug(draft.name if draft else None) or slug(draft.kpi if draft else None) or "smartkit"
    if stem.endswith(f"-{kind}"):
        stem = stem[: -len(kind) - 1]
    return f"{stem}-{kind}-{day.isoformat()}.{ext.lstrip('.')}"


# ----------------------------------------------------------------------------- goal file


class GoalFile(NamedTuple):
    """A goal file read back: the goal and its history (None when the file has none)."""

    draft: GoalDraft
    history: pd.DataFrame | None


def history_to_json(history: pd.DataFrame) -> dict[str, Any]:
    columns = [str(c) for c in history.columns]
    rows = []
    for stamp, values in zip(pd.DatetimeIndex(history.index), history.to_numpy(dtype=float)):
        rows.append([stamp.date().isoformat(), *[None if math.isnan(v) else float(v) for v in values]])
    return {"columns": columns, "rows": rows}


def history_from_json(data: Any, origin: str) -> pd.DataFrame:
    """The history table of a goal file, held to the rules of every history: one column per
    metric, one row per day within the planning window (:func:`smartkit.models.in_planning_window`),
    each value a finite number no larger than :data:`smartkit.models.MAX_AMOUNT` or empty. A
    malformed one is a :class:`GoalFileError` naming the row."""
    if not isinstance(data, dict) or not isinstance(data.get("columns"), list) or not isinstance(data.get("rows"), list):
        raise GoalFileError("error.goal.history.shape", file=origin)
    columns = [str(c) for c in data["columns"]]
    repeated = next((column for number, column in enumerate(columns) if column in columns[:number]), None)
    if repeated is not None:
        raise GoalFileError("error.goal.history.repeated_column", file=origin, column=shown(repeated))
    dates: list[dt.date] = []
    values = []
    seen: dict[dt.date, int] = {}
    for number, row in enumerate(data["rows"], start=1):
        if not isinstance(row, list) or len(row) != len(columns) + 1:
            raise GoalFileError("error.goal.history.cells", file=origin, row=number, cells=len(columns) + 1)
        day = _history_day(row[0], origin, number)
        if day in seen:
            raise GoalFileError("error.goal.history.repeated_date", file=origin, row=number, first=seen[day], day=day)
        seen[day] = number
        dates.append(day)
        values.append([_history_value(value, column, origin, number) for column, value in zip(columns, row[1:])])
    index = pd.DatetimeIndex(pd.to_datetime(dates), name="date").as_unit("us")  # as read_csv and the importers give it
    frame = pd.DataFrame(values, index=index, columns=columns, dtype=float)
    return frame.sort_index()


def _history_day(cell: Any, origin: str, number: int) -> dt.date:
    try:
        day = dt.date.fromisoformat(cell) if isinstance(cell, str) else None
    except ValueError:
        day = None
    if day is None:
        raise GoalFileError("error.goal.history.not_a_date", file=origin, row=number, value=shown(cell))
    if not in_planning_window(day):
        raise GoalFileError("error.goal.history.date_range", file=origin, row=number, value=day.isoformat(),
                            first=FIRST_DAY, last=LAST_DAY)
    return day


def _history_value(cell: Any, column: str, origin: str, number: int) -> float:
    """One value of the history: a number (finite, at most :data:`MAX_AMOUNT` either side of 0) or null."""
    if cell is None:
        return math.nan
    value = math.nan
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        try:
            value = float(cell)
        except OverflowError:  # an integer hundreds of digits long
            value = math.inf
    if not (math.isfinite(value) and abs(value) <= MAX_AMOUNT):
        raise GoalFileError("error.goal.history.value", file=origin, row=number, column=shown(column),
                            value=shown(cell), max=MAX_AMOUNT)
    return value


def goal_dict(draft: GoalDraft, history: pd.DataFrame | None = None, today: dt.date | None = None,
              lang: Any = None, *, assessment: Any = None) -> dict[str, Any]:
    """The goal file as a dict: the goal's fields, its history, and the read-only verdicts and
    ``assessment`` (the goal's one assessment, :mod:`smartkit.goals.assessment`)."""
    from smartkit.goals.assessment import assess_goal
    from smartkit.goals.statement import statement
    from smartkit.reports.brief import brief_lang

    loc = brief_lang(draft, lang)
    data: dict[str, Any] = json.loads(draft.model_dump_json(exclude_none=True))
    for key in (*READ_ONLY, HISTORY_KEY):
        data.pop(key, None)  # an old file's leftovers in extras never shadow the fresh values
    if history is not None and len(history):
        data[HISTORY_KEY] = history_to_json(history)
    assessment = assessment or assess_goal(draft, history, today or dt.date.today())
    data["statement"] = statement(assessment.goal, loc)
    if draft.kpi is not None:
        report = assessment.report
        verdicts = report.as_dict(loc)
        data["overall"] = verdicts["overall"]
        data["verdicts"] = verdicts["verdicts"]
        if report.achievability is not None:
            data["achievability"] = report.achievability.as_json(loc)
    data["assessment"] = assessment.as_json(loc)
    return data


def goal_json(draft: GoalDraft, history: pd.DataFrame | None = None, today: dt.date | None = None,
              lang: Any = None, *, assessment: Any = None) -> str:
    """The goal file's text (UTF-8 JSON, indented): see the module docstring."""
    return json.dumps(goal_dict(draft, history, today, lang, assessment=assessment), ensure_ascii=False, indent=2,
                      allow_nan=False, default=str) + "\n"


def read_goal_file(text: str, origin: str = "goal file") -> GoalFile:
    """A goal file (a plain one or one saved with :func:`goal_json`): the goal, without the
    read-only fields, and its history when the file has one."""
    data = parse_goal_json(text, origin)
    for key in READ_ONLY:
        data.pop(key, None)
    raw_history = data.pop(HISTORY_KEY, None)
    history = history_from_json(raw_history, origin) if raw_history is not None else None
    return GoalFile(GoalDraft.from_dict(data), history if history is not None and len(history) else None)


# ----------------------------------------------------------------------------- daily KPI table


def neutralise(cell: Any) -> Any:
    """A cell as a spreadsheet should read it, by the OWASP rule for CSV injection: text gets
    a leading apostrophe (which makes it text) when

    * it starts with a tab, a carriage return or a line feed;
    * its first character after whitespace and invisible format characters (spaces, no-break
      and ideographic spaces, zero-width spaces, word joiners, a byte-order mark) is
      ``=``, ``+``, ``-`` or ``@``, or their full-width (``＝ ＋ － ＠``) or small forms;
    * a field separator (``,`` or ``;``), then only whitespace or quotes, comes before one of
      those signs anywhere in it: a spreadsheet that splits the cell there would start a new
      cell with a formula (the CSV also quotes every text cell, as OWASP's alternative asks).

    OWASP lists no other leading sign (``|`` and ``%`` only matter after one of these), so
    other text is returned as it is, and so are numbers and empty cells."""
    if not isinstance(cell, str) or not cell:
        return cell
    first = _LEADING_BLANK.match(cell).end()
    if (cell.startswith(FORMULA_START) or (first < len(cell) and cell[first] in FORMULA_SIGNS)
            or _SEPARATOR_FORMULA.search(cell)):
        return "'" + cell
    return cell


def text_cell(text: str | None) -> str:
    """A text cell of the CSV: cut at :data:`CELL_LIMIT` characters (with "…"), then neutralised."""
    text = text or ""
    if len(text) > CELL_LIMIT:
        text = text[: CELL_LIMIT - 2] + "…"  # room for the apostrophe neutralise may add
    return neutralise(text)


def _number(value: Any) -> Any:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    return round(float(value), 4)


CSV_SERIES = {"actual": "history", "target_path": "target_path", "forecast": "forecast_mean",
              "forecast_lower": "forecast_lower", "forecast_upper": "forecast_upper"}


def kpi_table(draft: GoalDraft, history: pd.DataFrame | None, today: dt.date, *,
              assessment: Any = None) -> pd.DataFrame:
    """The goal chart's series day by day (:func:`smartkit.charts.chart_data` of the goal's
    assessment, per day for a count, at its level otherwise): actual, target path, forecast and
    its range."""
    from smartkit.goals.assessment import assess_goal
    from smartkit.reports.chart import goal_chart_data

    assessment = assessment or assess_goal(draft, history, today)
    data = goal_chart_data(assessment, history, draft.ui_lang, view="per_day")
    columns = {name: dict(data.points(series)) for name, series in CSV_SERIES.items()}
    days = sorted({day for values in columns.values() for day in values})
    return pd.DataFrame({name: [values.get(day, math.nan) for day in days] for name, values in columns.items()},
                        index=pd.DatetimeIndex(days, name="date"))


def kpi_csv(draft: GoalDraft, history: pd.DataFrame | None, today: dt.date, *, assessment: Any = None) -> bytes:
    """The daily KPI table as CSV bytes (UTF-8 with a BOM, so Excel reads Thai and Persian)."""
    table = kpi_table(draft, history, today, assessment=assessment)
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(CSV_COLUMNS)
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)  # every text cell quoted
    name = text_cell(draft.name)
    kpi = text_cell(draft.kpi)
    for stamp, row in zip(table.index, table.itertuples(index=False)):
        writer.writerow([stamp.date().isoformat(), name, kpi, *[_number(v) for v in row]])
    return out.getvalue().encode("utf-8-sig")
