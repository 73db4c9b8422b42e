"""Share the goal: a one-page brief (PDF, PNG, Markdown), the goal file (JSON, with its
history) and the daily KPI table (CSV).

    from smartkit.reports import build_brief, brief_pdf, export_files

    brief = build_brief(draft, history, "fa", today, workspace="Acme")
    pdf = brief_pdf(brief, "letter")
    files = export_files(draft, history, "md", today=today)   # {file name: bytes}

:func:`export_files` is what the app's download buttons and ``python -m smartkit report``
both call, so a form looks and is named the same wherever it is made.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from smartkit.errors import SmartkitError
from smartkit.i18n import t
from smartkit.models import GoalDraft
from smartkit.reports.brief import Brief, build_brief
from smartkit.reports.export import (GoalFile, file_name, goal_json, kpi_csv, neutralise, read_goal_file,
                                     slug)
from smartkit.reports.markdown import brief_markdown
from smartkit.reports.render import PAPERS, brief_pdf, brief_png, chart_png

FORMATS: tuple[str, ...] = ("pdf", "png", "md", "json", "csv")

__all__ = ["Brief", "FORMATS", "GoalFile", "PAPERS", "brief_markdown", "brief_pdf", "brief_png", "build_brief",
           "chart_png", "export_files", "file_name", "goal_json", "kpi_csv", "neutralise", "read_goal_file",
           "slug"]


def export_files(draft: GoalDraft, history: pd.DataFrame | None, form: str, *, lang: Any = None,
                 paper: str = "a4", today: dt.date | None = None, workspace: str | None = None,
                 subgoals: list[GoalDraft] | None = None, view: str | None = None,
                 assessment: Any = None) -> dict[str, bytes]:
    """One form of the goal as files, ``{file name: content}``: ``pdf`` and ``png`` (the
    brief), ``md`` (the brief and its chart PNG), ``json`` (the goal file), ``csv`` (the
    daily KPI table), ``chart`` (the chart PNG alone). ``subgoals``: stored sub-goals, listed
    with their status (else the suggested ones). ``view``: the chart view of the chart PNG
    (the goal page's choice; default: the goal's default view). Every figure in every form is
    the goal's one ``assessment`` (made here, as of ``today``, when not given)."""
    from smartkit.goals.assessment import assess_goal

    today = today or dt.date.today()
    if form not in (*FORMATS, "chart"):
        raise SmartkitError("error.report.format", format=form)
    if paper not in PAPERS:
        raise SmartkitError("error.report.paper", paper=paper)
    assessment = assessment or assess_goal(draft, history, today)
    if form == "json":
        return {file_name(draft, "goal", today, "json"):
                goal_json(draft, history, today, lang, assessment=assessment).encode("utf-8")}
    if draft.kpi is None:
        raise SmartkitError("error.report.no_kpi")
    if form == "csv":
        return {file_name(draft, "kpi-table", today, "csv"): kpi_csv(draft, history, today, assessment=assessment)}
    chart_name = file_name(draft, "chart", today, "png")
    if form == "chart":
        from smartkit.reports.brief import brief_lang
        from smartkit.reports.chart import goal_chart_data

        loc = brief_lang(draft, lang)
        data = goal_chart_data(assessment, history, loc, view=view)
        from smartkit.charts import chart_title

        return {chart_name: chart_png(data, chart_title(data).render(loc), loc)}
    brief = build_brief(draft, history, lang, today, workspace=workspace, subgoals=subgoals, assessment=assessment)
    if form == "pdf":
        return {file_name(draft, "brief", today, "pdf"): brief_pdf(brief, paper)}
    if form == "png":
        return {file_name(draft, "brief", today, "png"): brief_png(brief, paper)}
    files = {file_name(draft, "brief", today, "md"): brief_markdown(brief, chart_name).encode("utf-8")}
    files[chart_name] = chart_png(brief.chart, brief.chart_title, brief.loc)
    return files
