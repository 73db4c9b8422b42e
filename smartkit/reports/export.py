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
path and the forecast with its range, the very series of the goal's chart. A text cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (user or file text) is
neutralised with a leading apostrophe so Excel never runs it as a formula; numbers stay numbers.
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
from smartkit.models import DERIVED_KEYS, GoalDraft, parse_goal_json

READ_ONLY: tuple[str, ...] = DERIVED_KEYS
HISTORY_KEY = "history"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
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
    """The history table of a goal file; a malformed one is a :class:`GoalFileError` naming the row."""
    if not isinstance(data, dict) or not isinstance(data.get("columns"), list) or not isinstance(data.get("rows"), list):
        raise GoalFileError(file=origin, line=1, detail='"history" needs "columns" and "rows"')
    columns = [str(c) for c in data["columns"]]
    dates, values = [], []
    for number, row in enumerate(data["rows"], start=1):
        if not isinstance(row, list) or len(row) != len(columns) + 1:
            raise GoalFileError(file=origin, line=1, detail=f"history row {number} does not have {len(columns) + 1} cells")
        try:
            dates.append(dt.date.fromisoformat(str(row[0])))
            values.append([math.nan if v is None else float(v) for v in row[1:]])
        except (TypeError, ValueError):
            raise GoalFileError(file=origin, line=1,
                                detail=f"history row {number} needs a YYYY-MM-DD date and numbers") from None
    index = pd.DatetimeIndex(pd.to_datetime(dates), name="date").as_unit("us")  # as read_csv and the importers give it
    frame = pd.DataFrame(values, index=index, columns=columns, dtype=float)
    return frame.sort_index()


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
    """A cell as Excel should read it: text that starts like a formula gets a leading
    apostrophe; numbers (and empty cells) are returned as they are."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


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
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    name = neutralise(draft.name or "")
    kpi = neutralise(draft.kpi or "")
    for stamp, row in zip(table.index, table.itertuples(index=False)):
        writer.writerow([stamp.date().isoformat(), name, kpi, *[_number(v) for v in row]])
    return out.getvalue().encode("utf-8-sig")
