"""The goal brief's content: one :class:`Brief` built by :func:`build_brief` from the goal, its
history, the language and today.

Everything in a brief is already worded in the brief's language (the renderers only lay it
out), and every number comes from the goal's one assessment
(:func:`smartkit.goals.assessment.assess_goal`): the scorecard, the chance and its parts, pacing on
the path in force, the next review and the chart's forecast; the statement is
:func:`smartkit.goals.statement.statement` of the goal as judged. Nothing is recomputed here.

User text (names, plan, sources) stays data: the renderers never read it as markup. It is
kept whole here (the Markdown prints all of it); the PDF and PNG shorten each field at its own
length so the brief keeps to one page (:mod:`smartkit.reports.fit`).
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict

from smartkit.catalogue import get_kpi
from smartkit.i18n import Lang, Message, Percent, as_lang, fmt, fmt_date, t
from smartkit.models import LETTERS, GoalDraft, capitalised

if TYPE_CHECKING:
    from smartkit.goals.assessment import GoalAssessment

MAX_NAME = 90         # characters of a workspace (client) name
DEFAULT_WORKSPACE = "default"   # the library's workspace of goals filed under no client
Status = Literal["pass", "warn", "fail", "none"]


def clip(text: str | None, limit: int | None = None) -> str | None:
    """User text on one line: whitespace runs made single, cut at ``limit`` with "…" when given."""
    if text is None:
        return None
    flat = " ".join(str(text).split())
    return flat if limit is None or len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class Fact(BaseModel):
    """One labelled line of the brief: "Baseline — 400 followers", with a note under it."""

    model_config = ConfigDict(frozen=True)

    label: str
    value: str
    note: str | None = None


class ScoreRow(BaseModel):
    """One SMART letter: its name, status (pass / warn / fail), the status in words, reason, fix."""

    model_config = ConfigDict(frozen=True)

    letter: str
    name: str
    status: Status
    status_text: str
    reason: str
    fix: str | None = None


class SubGoalRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    status: Status
    status_text: str
    note: str | None = None


class Brief(BaseModel):
    """The one-page brief of a goal, worded in ``lang``."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    lang: str
    rtl: bool
    native_digits: bool = False
    calendar: Literal["gregorian", "persian", "buddhist"] = "gregorian"
    today: dt.date
    title: str                         # the goal's name (or its KPI when it has none)
    heading: str                       # "Goal brief"
    workspace: str | None              # the client or workspace the brief is for
    date_line: str                     # "26 November 2026"
    prepared: str                      # "Prepared for Acme · 26 November 2026"
    statement_label: str
    statement: str
    overall: Status
    overall_text: str
    labels: dict[str, str]             # section headings, in ``lang``
    scorecard: list[ScoreRow]
    facts: list[Fact]                  # baseline, benchmark, target, deadline, budget, plan
    verdict: str | None                # "Realistic"
    verdict_status: Status
    chance: str | None                 # "38 %"
    chance_facts: list[Fact]           # own-history share, forecast at the deadline with its range
    chance_reason: str | None
    chart_title: str
    chart: Any = None                  # the goal page's smartkit.charts.ChartData (None: no KPI)
    subgoals: list[SubGoalRow]
    review: list[Fact]                 # cadence and next review date
    pacing: Fact | None = None
    pacing_status: str | None = None

    @property
    def loc(self) -> Lang:
        """The language the brief is worded in, with its calendar and digits (for the chart)."""
        return Lang(self.lang, self.calendar, self.native_digits)


# ----------------------------------------------------------------------------- building

STATUS_KEYS = {"pass": "report.status.pass", "warn": "report.status.warn", "fail": "report.status.fail",
               "none": "report.status.none"}
PACE_STATUS = {"on_track": "pass", "at_risk": "warn", "off_track": "fail", "too_early": "none"}


def build_brief(draft: GoalDraft, history: pd.DataFrame | None = None, lang: Lang | str | None = None,
                today: dt.date | None = None, *, workspace: str | None = None,
                subgoals: list[GoalDraft] | None = None, chart: bool = True,
                assessment: "GoalAssessment | None" = None) -> Brief:
    """The brief of ``draft`` measured on ``history`` as of ``today``, worded in ``lang``
    (default: the goal's own language, calendar and digits). Every figure is the goal's one
    ``assessment`` (:mod:`smartkit.goals.assessment`; made here when not given). ``subgoals``
    are stored sub-goals (each shown with its SMART status); without them the suggested
    sub-goals are listed."""
    from smartkit.goals.assessment import assess_goal
    from smartkit.goals.statement import statement

    loc = brief_lang(draft, lang)
    today = today or dt.date.today()
    assessment = assessment or assess_goal(draft, history, today)
    draft = assessment.goal  # the goal as judged: the measured baseline where the data gives it
    report = assessment.report
    assessed = report.achievability
    kpi = get_kpi(draft.kpi) if draft.kpi else None
    title = clip(draft.name) or (kpi.name(loc) if kpi else t("report.untitled", loc))
    date_line = fmt_date(today, loc)
    workspace = client_name(workspace)
    prepared = (t("report.prepared_for", loc, workspace=workspace, date=today) if workspace
                else t("report.prepared_on", loc, date=today))
    drawn_chart = _chart(assessment, history, loc) if chart and kpi else None

    scorecard = []
    for letter in LETTERS:
        verdict = report.verdicts[letter]
        scorecard.append(ScoreRow(
            letter=letter, name=t(f"smart.letter.{letter}", loc), status=verdict.status,
            status_text=t(STATUS_KEYS[verdict.status], loc), reason=capitalised(verdict.reason.render(loc)),
            fix=capitalised(verdict.fix.render(loc)) if verdict.fix else None))

    progress = assessment.tracking.pacing if assessment.tracking is not None else None
    return Brief(
        lang=loc.code, rtl=loc.rtl, native_digits=loc.native_digits, calendar=loc.calendar,
        today=today, title=title, heading=t("report.heading", loc),
        workspace=workspace, date_line=date_line, prepared=prepared,
        statement_label=t("report.statement", loc), statement=statement(draft, loc),
        overall=report.overall, overall_text=t(f"smart.overall.{report.overall}", loc),
        labels=_labels(loc),
        scorecard=scorecard, facts=_facts(draft, kpi, loc, _budget_facts(assessment, loc)),
        verdict=t(f"ui.verdict.{assessed.verdict}", loc) if assessed else None,
        verdict_status=assessed.status if assessed else "none",
        chance=fmt(Percent(assessed.chance * 100), loc) if assessed and assessed.chance is not None else None,
        chance_facts=_chance_facts(draft, kpi, assessed, loc),
        chance_reason=capitalised(assessed.reason.render(loc)) if assessed else None,
        chart_title=_chart_title(drawn_chart, kpi, loc),
        chart=drawn_chart,
        subgoals=_subgoals(draft, subgoals, history, today, loc),
        review=_review(draft, assessment.next_review, today, loc),
        pacing=Fact(label=t(f"ui.pacing.{progress.status}", loc), value="",
                    note=capitalised(assessment.tracking.reason.render(loc))) if progress else None,
        pacing_status=PACE_STATUS[progress.status] if progress else None,
    )


def client_name(workspace: str | None) -> str | None:
    """The client a brief is "prepared for": the workspace as typed (cut to :data:`MAX_NAME`),
    never the library's unnamed default workspace ("default" is no client's name)."""
    name = clip(workspace, MAX_NAME)
    return None if not name or name.casefold() == DEFAULT_WORKSPACE else name


def _chart_title(chart: Any, kpi: Any, loc: Lang) -> str:
    """The chart's heading, naming only what the chart draws."""
    from smartkit.charts import chart_title

    if chart is not None:
        return chart_title(chart).render(loc)
    return kpi.name(loc) if kpi else ""


def brief_lang(draft: GoalDraft, lang: Lang | str | None = None) -> Lang:
    """The language of a brief: ``lang`` (a code keeps the goal's calendar and digits where
    that language has them), else the goal's own."""
    if lang is None:
        return draft.ui_lang
    if isinstance(lang, Lang):
        return lang
    loc = as_lang(lang)
    return draft.ui_lang if loc.code == draft.lang else Lang(loc.code, draft.calendar, draft.native_digits)


def _labels(loc: Lang) -> dict[str, str]:
    keys = {"scorecard": "ui.goal.scorecard", "numbers": "report.section.numbers",
            "chance": "report.section.chance", "chart": "report.section.chart",
            "subgoals": "report.section.subgoals", "review": "report.section.review",
            "pacing": "ui.goal.pacing", "verdict": "ui.goal.verdict", "probability": "ui.goal.probability",
            "fix": "report.fix", "status": "report.status"}
    return {name: t(key, loc) for name, key in keys.items()}


def _value(draft: GoalDraft, kpi: Any, value: float | None, loc: Lang) -> str:
    from smartkit.wording import kpi_value

    if value is None or kpi is None:
        return t("report.not_given", loc)
    return fmt(kpi_value(kpi, value, draft.currency), loc)


def _facts(draft: GoalDraft, kpi: Any, loc: Lang, budget_facts: list[Fact] = ()) -> list[Fact]:
    """Baseline (and benchmark), target, deadline, budget, then ``budget_facts`` (what the budget
    planner says of it), then the plan."""
    from smartkit.wording import tracking_label

    how = []
    demo = _is_demo_source(draft.baseline_source)
    source = Message("demo.baseline_source", {}) if demo else None  # worded in the brief's language
    if draft.baseline_origin == "history" and source is not None:
        how.append(t("report.baseline.measured_on", loc, source=source, days=draft.baseline_window)
                   if draft.baseline_window else t("report.baseline.measured_period_on", loc, source=source))
    elif draft.baseline_origin == "history":
        how.append(t("report.baseline.measured", loc, days=draft.baseline_window)
                   if draft.baseline_window else t("report.baseline.measured_period", loc))
    elif draft.baseline_origin == "manual":
        how.append(t("report.baseline.typed", loc))
    if source is not None and draft.baseline_origin != "history":
        how.append(source.render(loc))
    elif draft.baseline_source and not demo:
        how.append(clip(draft.baseline_source))
    if draft.tracking:
        how.append(t("report.baseline.where", loc, tracking=tracking_label(draft.tracking)))
    facts = [Fact(label=t("ui.summary.baseline", loc), value=_value(draft, kpi, draft.baseline, loc),
                  note=t("report.join", loc).join(how) or None)]
    if draft.benchmark is not None:
        source = clip(draft.benchmark_source)
        facts.append(Fact(label=t("report.benchmark", loc), value=_value(draft, kpi, draft.benchmark, loc),
                          note=t("report.benchmark.source", loc, source=source) if source else
                          t("report.benchmark.no_source", loc)))
    change = draft.change_pct
    facts.append(Fact(label=t("ui.goal.target", loc), value=_value(draft, kpi, draft.resolved_target, loc),
                      note=fmt(Percent(change, signed=True), loc) if change is not None else None))
    dates = t("report.period", loc, start=draft.start, deadline=draft.deadline) if draft.start and draft.deadline \
        else None
    facts.append(Fact(label=t("ui.field.deadline", loc),
                      value=fmt(draft.deadline, loc) if draft.deadline else t("report.not_given", loc),
                      note=dates))
    from smartkit.i18n import Money

    budget = fmt(Money(draft.budget, draft.currency), loc) if draft.budget is not None else t("report.not_given", loc)
    spend = (t("report.budget_change", loc, change=Percent(draft.budget_change_pct, signed=True))
             if draft.budget_change_pct is not None else None)
    facts.append(Fact(label=t("report.budget", loc), value=budget, note=spend))
    facts.extend(budget_facts)
    facts.append(Fact(label=t("report.plan", loc), value=clip(draft.plan) or t("report.not_given", loc)))
    return facts


def _budget_facts(assessment: "GoalAssessment", loc: Lang) -> list[Fact]:
    """The budget planner's figures (the assessment's ``budget``, worded as the Target page words
    them): the budget the target needs with its 80 % range and basis, and the results the planned
    budget is expected to bring with their range and the target's chance; "beyond your history"
    when the plan asks for more a day than the history ever spent."""
    from smartkit.goals.budget_figures import budget_figures, money

    figures = budget_figures(assessment, loc)
    if figures is None:
        return []
    plan = assessment.budget
    join = t("report.join", loc)
    basis = t(f"budget.brief.basis.{figures.basis}", loc)
    beyond = None if plan.within_history else \
        t("budget.brief.beyond", loc, max=money(plan.curve.max_daily_spend, plan.curve.currency))
    out = []
    if figures.needed is not None:
        notes = [figures.needed_range, basis, beyond]
        out.append(Fact(label=t("budget.brief.needed", loc), value=figures.needed,
                        note=join.join(n for n in notes if n)))
    if figures.expected is not None:
        chance = t("budget.brief.chance", loc, chance=figures.chance) if figures.chance is not None else None
        notes = [figures.expected_range, chance] + ([basis, beyond] if figures.needed is None else [])
        out.append(Fact(label=t("budget.brief.expected", loc), value=figures.expected,
                        note=join.join(n for n in notes if n)))
    return out


def _is_demo_source(text: str | None) -> bool:
    """Whether a baseline source is the demos' own ("the example's daily history", in any
    language, or the demo files' "demo history"): a catalogue text, not something a user typed."""
    from smartkit.i18n import LANGUAGES, messages

    if not text:
        return False
    known = {"demo history"} | {messages(code).get("demo.baseline_source", "") for code in LANGUAGES}
    return " ".join(text.split()).casefold() in {k.casefold() for k in known if k}


def _chance_facts(draft: GoalDraft, kpi: Any, assessed: Any, loc: Lang) -> list[Fact]:
    if assessed is None:
        return []
    out = []
    if assessed.basis == "heuristic":
        out.append(Fact(label=t("report.chance.basis", loc), value=t("report.chance.heuristic", loc)))
    if assessed.achieved_share is not None:
        out.append(Fact(label=t("report.chance.own_history", loc),
                        value=fmt(Percent(assessed.achieved_share * 100), loc),
                        note=t("report.chance.own_history_note", loc, count=assessed.comparable_periods,
                               change=Percent(assessed.required_change_pct, signed=True))))
    end = assessed.forecast
    if end and all(end.get(k) is not None for k in ("mean", "lower", "upper")):
        value = lambda v: _value(draft, kpi, v, loc)  # noqa: E731 - a local formatter
        out.append(Fact(label=t("report.chance.forecast", loc, date=assessed.deadline), value=value(end["mean"]),
                        note=t("report.chance.range", loc, low=value(end["lower"]), high=value(end["upper"]),
                               level=Percent(100 * end.get("level", 0.8)))))
    if assessed.probability is not None:
        out.append(Fact(label=t("report.chance.forecast_p", loc), value=fmt(Percent(assessed.probability * 100), loc)))
    return out


def _review(draft: GoalDraft, upcoming: dt.date | None, today: dt.date, loc: Lang) -> list[Fact]:
    """The cadence and the next review: the assessment's date (the one rule), "due" once reached."""
    from smartkit.wording import cadence

    if not draft.review_every_days:
        return [Fact(label=t("report.review.cadence", loc), value=t("report.review.none", loc))]
    out = [Fact(label=t("report.review.cadence", loc), value=cadence(draft.review_every_days).render(loc))]
    if upcoming is not None:
        out.append(Fact(label=t("report.review.due" if upcoming <= today else "report.review.next", loc),
                        value=fmt(upcoming, loc)))
    return out


def _subgoals(draft: GoalDraft, stored: list[GoalDraft] | None, history: pd.DataFrame | None,
              today: dt.date, loc: Lang) -> list[SubGoalRow]:
    from smartkit.goals.criteria import evaluate
    from smartkit.goals.statement import statement
    from smartkit.goals.subgoals import suggest_subgoals

    if stored:
        rows = []
        for sub in stored:
            status = evaluate(sub, history=history, today=today).overall
            rows.append(SubGoalRow(name=clip(sub.name) or (get_kpi(sub.kpi).name(loc) if sub.kpi else "—"),
                                   status=status, status_text=t(STATUS_KEYS[status], loc),
                                   note=statement(sub, loc)))
        return rows
    return [SubGoalRow(name=t(f"kpi.{sub.kpi}.name", loc), status="none",
                       status_text=t("report.subgoal.suggested", loc), note=capitalised(sub.reason.render(loc)))
            for sub in suggest_subgoals(draft)]


def _chart(assessment: "GoalAssessment", history: pd.DataFrame | None, loc: Lang):
    from smartkit.reports.chart import goal_chart_data

    return goal_chart_data(assessment, history, loc)
