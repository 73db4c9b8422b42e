"""The KPI chart, in two steps: :func:`chart_data` (pure data, a :class:`ChartData`) and
:func:`kpi_figure` (its plotly figure). Other renderers (the PDF brief) draw the same
:class:`ChartData` without a browser. No Streamlit here.

The chart states the goal, in one of three views:

* ``cumulative`` (the default for a count goal, a period total): the total since the start,
  actual so far against the target path that ends on the target total, the baseline drawn at
  the last period's pace (ending on the baseline total) and the forecast of the total with its
  band (the very numbers behind the chance figure: :meth:`Forecast.running_total`);
* ``per_day`` (counts, on request): the daily values with a 7-day mean, the daily target rate,
  the daily forecast;
* ``level`` (stocks and rates): the KPI's level, the baseline level, the target path from the
  baseline to the target, the forecast of the level.

Series (named points; :data:`SERIES`): ``history`` (actual), ``history_avg``, ``baseline``,
``target_path``, ``forecast_mean``, ``forecast_lower``, ``forecast_upper``, ``milestones``.
Markers: ``today``, ``start``, ``deadline``, ``target_value``, ``baseline_value`` and
``progress_value`` (the actual total to date, cumulative view). In the figure every trace
carries its role in ``meta`` (``history``, ``history_avg``, ``baseline``, ``trajectory``,
``forecast``, ``forecast_band``, ``milestones``, ``today``, ``marks``), so tests find traces by
role whatever the language. The forecast comes from the one recipe
(:func:`smartkit.analysis.forecast.goal_forecast`), never from a second fit.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go
from pydantic import BaseModel, ConfigDict

from smartkit.catalogue import get_kpi
from smartkit.i18n import Lang, as_lang, fmt_day_month, fmt_short_date, t

COLOURS = {"history": "#9aa5b1", "avg": "#1f4e79", "baseline": "#6b7785", "trajectory": "#e4572e",
           "forecast": "#2a9d8f", "band": "rgba(42,157,143,0.18)", "window": "rgba(107,119,133,0.12)",
           "today": "#444", "actual": "#1f4e79"}
MAX_MILESTONES = 12
FONT = "Noto Sans, Noto Sans Thai, Noto Naskh Arabic, Vazirmatn, Tahoma, sans-serif"


HOVER = "%{customdata}: %{y:,.2f}<extra></extra>"


def milestone_dates(start: dt.date, deadline: dt.date, every_days: int | None) -> list[dt.date]:
    """Review dates after the start up to the deadline (the deadline always included): every
    ``every_days``, else monthly; at most :data:`MAX_MILESTONES`, spread evenly when more."""
    step = every_days or 30
    days = (deadline - start).days
    if days <= 0:
        return [deadline]
    marks = [start + dt.timedelta(days=d) for d in range(step, days, step)]
    if len(marks) >= MAX_MILESTONES:
        pick = len(marks) / (MAX_MILESTONES - 1)
        marks = [marks[int(i * pick)] for i in range(MAX_MILESTONES - 1)]
    return marks + [deadline]


def time_ticks(first: pd.Timestamp, last: pd.Timestamp, lang: Lang) -> tuple[list[pd.Timestamp], list[str]]:
    """Tick positions and labels for the time axis in the user's language and calendar
    (plotly would write English month names): every week or two for a short view, else the
    first day of every month (of the Solar Hijri month for that calendar) or every few months;
    the year on the first tick and at each new year."""
    span = (last - first).days
    days = pd.date_range(first.normalize(), last, freq="D")
    if span <= 120:
        ticks = list(days[:: 7 if span <= 60 else 14])
    else:
        step = 1 if span <= 240 else 2 if span <= 400 else 3 if span <= 800 else 6
        ticks = [d for d in days if _month_day(d.date(), lang) == 1][::step]
    labels, year = [], None
    for stamp in ticks:
        labels.append(_isolated(fmt_day_month(stamp.date(), lang, with_year=_year(stamp.date(), lang) != year), lang))
        year = _year(stamp.date(), lang)
    return ticks, labels


def _isolated(text: str, lang: Lang) -> str:
    """Chart text is drawn left to right; a right-to-left isolate keeps "۳ مهر ۱۴۰۵" in order."""
    return f"\u2067{text}\u2069" if lang.rtl else text


def _month_day(day: dt.date, lang: Lang) -> int:
    if lang.calendar == "persian":
        import jdatetime

        return jdatetime.date.fromgregorian(date=day).day
    return day.day


def _year(day: dt.date, lang: Lang) -> int:
    if lang.calendar == "persian":
        import jdatetime

        return jdatetime.date.fromgregorian(date=day).year
    return day.year


View = Literal["cumulative", "per_day", "level"]
Point = tuple[dt.date, float]
SERIES: tuple[str, ...] = ("history", "history_avg", "baseline", "target_path", "forecast_mean",
                           "forecast_lower", "forecast_upper", "milestones")


class ChartData(BaseModel):
    """Everything the KPI chart shows, as plain data (see the module docstring)."""

    model_config = ConfigDict(frozen=True)

    kpi: str
    kind: str
    unit: str
    view: View
    title: str                                   # the value axis' title, in the user's language
    series: dict[str, list[Point]] = {}          # keys from SERIES; a missing key draws nothing
    today: dt.date | None = None
    start: dt.date | None = None
    deadline: dt.date | None = None
    target_value: float | None = None            # in the view's scale (a total, a daily rate, a level)
    baseline_value: float | None = None
    progress_value: float | None = None          # cumulative view: the actual total to date
    baseline_window: tuple[dt.date, dt.date] | None = None
    show_from: dt.date | None = None
    level: float = 0.8                           # the forecast band's coverage

    def points(self, name: str) -> list[Point]:
        return self.series.get(name, [])


def _points(series: pd.Series | None) -> list[Point]:
    if series is None:
        return []
    series = series.dropna()
    return [(pd.Timestamp(d).date(), float(v)) for d, v in series.items() if math.isfinite(float(v))]


def default_view(kpi_id: str) -> View:
    """Counts are period totals: drawn cumulative to date; stocks and rates at their level."""
    return "cumulative" if get_kpi(kpi_id).kind == "count" else "level"


def _axis_title(kpi_id: str, view: View, start: dt.date | None, lang: Lang) -> str:
    name = t(f"kpi.{kpi_id}.name", lang)
    if view == "per_day":
        return t("ui.chart.per_day", lang, kpi=name)
    if view == "cumulative" and start is not None:
        return t("analysis.chart.total_since", lang, kpi=name, start=start)
    return name


def kpi_figure(data: ChartData, lang: Lang | str = "en", height: int = 440) -> go.Figure:
    """The plotly figure of a :class:`ChartData` (time always left to right, in every language)."""
    loc = as_lang(lang)
    fig = go.Figure()
    history = data.points("history")
    if history:
        xs, ys = zip(*history)
        smooth = bool(data.points("history_avg"))
        name = t("analysis.chart.actual", loc) if data.view == "cumulative" else t("ui.chart.history", loc)
        fig.add_trace(go.Scatter(
            x=[pd.Timestamp(x) for x in xs], y=list(ys), name=name, meta="history", mode="lines",
            line={"color": COLOURS["actual" if data.view == "cumulative" else "history"],
                  "width": 2.5 if data.view == "cumulative" else 1},
            opacity=0.7 if smooth else 1, showlegend=not smooth,
            customdata=_hover_days(xs, loc), hovertemplate=HOVER))
    avg = data.points("history_avg")
    if avg:
        xs, ys = zip(*avg)
        fig.add_trace(go.Scatter(
            x=[pd.Timestamp(x) for x in xs], y=list(ys), name=t("ui.chart.history_avg", loc), meta="history_avg",
            mode="lines", line={"color": COLOURS["avg"], "width": 2.2},
            customdata=_hover_days(xs, loc), hovertemplate=HOVER))
    if data.baseline_window is not None:
        fig.add_vrect(x0=pd.Timestamp(data.baseline_window[0]), x1=pd.Timestamp(data.baseline_window[1]),
                      fillcolor=COLOURS["window"], line_width=0, layer="below")
    base = data.points("baseline")
    if base:
        xs, ys = zip(*base)
        name = t("analysis.chart.baseline_pace", loc) if data.view == "cumulative" else t("ui.chart.baseline", loc)
        fig.add_trace(go.Scatter(
            x=[pd.Timestamp(x) for x in xs], y=list(ys), name=name, meta="baseline", mode="lines",
            line={"color": COLOURS["baseline"], "width": 2.5, "dash": "dash"},
            customdata=_hover_days(xs, loc), hovertemplate=HOVER))
    upper, lower, mean = data.points("forecast_upper"), data.points("forecast_lower"), data.points("forecast_mean")
    if mean and upper and lower:
        x = [pd.Timestamp(d) for d, _ in upper] + [pd.Timestamp(d) for d, _ in lower[::-1]]
        y = [v for _, v in upper] + [v for _, v in lower[::-1]]
        fig.add_trace(go.Scatter(x=x, y=y, fill="toself", fillcolor=COLOURS["band"], line={"width": 0},
                                 name=t("ui.chart.forecast_band", loc), meta="forecast_band", hoverinfo="skip"))
        xs, ys = zip(*mean)
        fig.add_trace(go.Scatter(x=[pd.Timestamp(d) for d in xs], y=list(ys), mode="lines",
                                 name=t("ui.chart.forecast", loc), meta="forecast",
                                 line={"color": COLOURS["forecast"], "width": 2, "dash": "dot"},
                                 customdata=_hover_days(xs, loc), hovertemplate=HOVER))
    path = data.points("target_path")
    if path:
        xs, ys = zip(*path)
        fig.add_trace(go.Scatter(x=[pd.Timestamp(d) for d in xs], y=list(ys), mode="lines",
                                 name=t("ui.chart.trajectory", loc), meta="trajectory",
                                 line={"color": COLOURS["trajectory"], "width": 3},
                                 customdata=_hover_days(xs, loc), hovertemplate=HOVER))
    marks = data.points("milestones")
    if marks:
        xs, ys = zip(*marks)
        fig.add_trace(go.Scatter(
            x=[pd.Timestamp(d) for d in xs], y=list(ys), mode="markers", meta="milestones",
            name=t("ui.chart.milestones", loc), text=[fmt_short_date(d, loc) for d in xs],
            marker={"color": "white", "size": 9, "line": {"color": COLOURS["trajectory"], "width": 2.5}},
            hovertemplate="%{text}: %{y:,.2f}<extra></extra>"))
    _value_marks(fig, data, loc)
    if data.today is not None:
        stamp = pd.Timestamp(data.today)
        ys = [v for tr in fig.data if tr.y is not None and len(tr.y) for v in tr.y if v is not None]
        low = min(ys, default=0)
        high = max(ys, default=1)
        fig.add_trace(go.Scatter(x=[stamp, stamp], y=[min(low, 0) if data.kind != "stock" else low, high],
                                 mode="lines", meta="today", name=t("ui.chart.today", loc),
                                 line={"color": COLOURS["today"], "width": 1, "dash": "dot"},
                                 hoverinfo="skip", showlegend=False))
        fig.add_annotation(x=stamp, y=1.0, yref="paper", text=t("ui.chart.today", loc), showarrow=False,
                           yanchor="bottom", font={"size": 11, "color": COLOURS["today"]})
    end = pd.Timestamp(path[-1][0]) if path else None
    start_view = pd.Timestamp(data.show_from) if data.show_from is not None else None
    xaxis: dict[str, Any] = {"showgrid": False, "autorange": True}
    if start_view is not None and end is not None:
        xaxis.update(range=[start_view, end + pd.Timedelta(days=3)], autorange=False)
    stamps = [pd.Timestamp(x) for tr in fig.data if tr.x is not None and len(tr.x) for x in (tr.x[0], tr.x[-1])]
    if stamps:
        first = max(min(stamps), start_view) if start_view is not None else min(stamps)
        ticks, labels = time_ticks(first, max(stamps), loc)
        xaxis.update(tickmode="array", tickvals=ticks, ticktext=labels, tickangle=0)
    yaxis: dict[str, Any] = {"title": {"text": data.title},
                             "rangemode": "tozero" if data.kind != "stock" else "normal"}
    if data.unit == "percent":
        yaxis["ticksuffix"] = "%"
    fig.update_layout(
        height=height, margin={"l": 10, "r": 10, "t": 36, "b": 10}, template="plotly_white",
        font={"family": FONT, "size": 13}, hovermode="closest",
        # the legend at the foot of the figure (not at a fraction of the plot's height, which ran
        # into the date labels on short or narrow charts); dates always horizontal
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 1 if loc.rtl else 0,
                "xanchor": "right" if loc.rtl else "left"},
        xaxis=xaxis, yaxis=yaxis, uirevision=f"{data.kpi}:{data.view}")
    return fig


def _value_marks(fig: go.Figure, data: ChartData, lang: Lang) -> None:
    """The numbers the goal states, on the chart: the target (at the deadline), the baseline
    and, in the cumulative view, the total so far (at today)."""
    from smartkit.i18n import fmt_number

    xs, ys, labels = [], [], []
    if data.target_value is not None and data.deadline is not None:
        xs.append(data.deadline), ys.append(data.target_value)
        labels.append(t("analysis.chart.target_value", lang, value=fmt_number(data.target_value, lang)))
    base = data.points("baseline")
    if data.baseline_value is not None and base:
        xs.append(base[-1][0]), ys.append(data.baseline_value)
        labels.append(t("analysis.chart.baseline_value", lang, value=fmt_number(data.baseline_value, lang)))
    if data.progress_value is not None and data.points("history"):
        xs.append(data.points("history")[-1][0]), ys.append(data.progress_value)
        labels.append(t("analysis.chart.progress_value", lang, value=fmt_number(data.progress_value, lang)))
    if not xs:
        return
    fig.add_trace(go.Scatter(
        x=[pd.Timestamp(x) for x in xs], y=ys, mode="markers+text", meta="marks", showlegend=False, cliponaxis=False,
        text=[_isolated(label, lang) for label in labels], textposition="top left",  # above its own line
        marker={"color": COLOURS["trajectory"], "size": 8, "symbol": "diamond"},
        hovertemplate="%{text}<extra></extra>"))


def _hover_days(days: Any, lang: Lang) -> list[str]:
    return [_isolated(fmt_day_month(pd.Timestamp(d).date(), lang, with_year=True), lang) for d in days]


def kpi_chart(kpi_id: str, lang: Lang | str = "en", *, history: pd.Series | None = None,
              baseline_level: float | None = None, baseline_window: tuple[dt.date, dt.date] | None = None,
              trajectory: pd.Series | None = None, forecast: pd.DataFrame | None = None,
              milestones: list[dt.date] | None = None, today: dt.date | None = None,
              show_from: dt.date | None = None, height: int = 440) -> go.Figure:
    """The KPI chart from display-ready parts in the level or per-day view (counts per day):
    ``history`` the daily KPI series; ``trajectory`` the target path (date index);
    ``forecast`` a frame with ``mean``, ``lower``, ``upper`` on a date index."""
    loc = as_lang(lang)
    kpi = get_kpi(kpi_id)
    view: View = "per_day" if kpi.kind == "count" else "level"
    series = _display_series(history, kpi.kind, trajectory)
    if baseline_level is not None:
        x0 = baseline_window[0] if baseline_window else (trajectory.index[0] if trajectory is not None else today)
        x1 = trajectory.index[0] if trajectory is not None else (baseline_window[1] if baseline_window else today)
        if x0 is not None and x1 is not None:
            series["baseline"] = [(pd.Timestamp(x0).date(), float(baseline_level)),
                                  (pd.Timestamp(x1).date(), float(baseline_level))]
    if forecast is not None and len(forecast):
        series.update(forecast_mean=_points(forecast["mean"]), forecast_lower=_points(forecast["lower"]),
                      forecast_upper=_points(forecast["upper"]))
    if milestones and trajectory is not None:
        stamps = [pd.Timestamp(d) for d in milestones if pd.Timestamp(d) in trajectory.index]
        series["milestones"] = _points(trajectory.reindex(stamps))
    data = ChartData(kpi=kpi.id, kind=kpi.kind, unit=kpi.unit, view=view,
                     title=_axis_title(kpi.id, view, None, loc), series=series, today=today,
                     baseline_window=baseline_window, show_from=show_from,
                     start=trajectory.index[0].date() if trajectory is not None and len(trajectory) else None,
                     deadline=trajectory.index[-1].date() if trajectory is not None and len(trajectory) else None)
    return kpi_figure(data, loc, height)


def _display_series(history: pd.Series | None, kind: str, trajectory: pd.Series | None) -> dict[str, list[Point]]:
    series: dict[str, list[Point]] = {}
    if history is not None and len(history.dropna()):
        history = history.dropna()
        series["history"] = _points(history)
        if kind in ("count", "ratio") and len(history) > 14:
            series["history_avg"] = _points(history.rolling(7, min_periods=4).mean())
    if trajectory is not None and len(trajectory):
        series["target_path"] = _points(trajectory)
    return series


def trajectory_on_chart_scale(trajectory: pd.DataFrame) -> pd.Series:
    """The trajectory as the chart draws it: the daily rate for counts, the level otherwise."""
    return trajectory["daily"] if "daily" in trajectory.columns else trajectory["expected"]


# ----------------------------------------------------------------------------- assembled charts


def history_series(history: pd.DataFrame | None, kpi_id: str, anchor: float | None = None) -> pd.Series | None:
    """The KPI's daily series from a history table, or None when the data cannot give it."""
    from smartkit.analysis.baseline import kpi_series
    from smartkit.errors import SmartkitError

    if history is None or not len(history):
        return None
    try:
        return kpi_series(history, kpi_id, anchor=anchor)
    except SmartkitError:
        return None


def goal_forecast_of(history: pd.DataFrame | None, kpi_id: str, until: dt.date, anchor: float | None = None,
                     today: dt.date | None = None):
    """The goal's :class:`~smartkit.analysis.forecast.Forecast` by the one recipe (the same as
    the chance figure's), or None when the data cannot give one (too short, no KPI column)."""
    from smartkit.analysis.baseline import clean
    from smartkit.analysis.forecast import goal_forecast
    from smartkit.errors import SmartkitError

    if history is None or not len(history):
        return None
    try:
        return goal_forecast(clean(history, kpi_id, anchor=anchor, today=today), until)
    except SmartkitError:
        return None


def forecast_frame(history: pd.DataFrame | None, kpi_id: str, until: dt.date,
                   anchor: float | None = None, today: dt.date | None = None) -> pd.DataFrame | None:
    """The forecast (mean, lower, upper per step) of the KPI to ``until`` (see
    :func:`goal_forecast_of`), or None when no forecast is made."""
    fc = goal_forecast_of(history, kpi_id, until, anchor, today)
    return fc.frame if fc is not None else None


def chart_data(draft: Any, history: pd.DataFrame | None = None, today: dt.date | None = None,
               lang: Lang | str = "en", *, view: View | None = None, forecast: Any = None,
               baseline_window: tuple[dt.date, dt.date] | None = None) -> ChartData:
    """The chart of a goal draft as data: history, baseline, target path to the deadline,
    forecast (by the one recipe unless ``forecast`` is given: a ``Forecast``, or a frame with
    mean/lower/upper for the per-day and level views), milestones at the review cadence, today.
    ``view`` defaults to :func:`default_view`; parts the draft cannot give yet are left out."""
    from smartkit.analysis.forecast import Forecast
    from smartkit.analysis.pacing import trajectory
    from smartkit.models import period_days

    loc = as_lang(lang)
    kpi = get_kpi(draft.kpi)
    view = view or default_view(kpi.id)
    if kpi.kind != "count":
        view = "level"
    anchor = draft.baseline if kpi.kind == "stock" else None
    series = history_series(history, kpi.id, anchor)
    target = draft.resolved_target
    start = draft.start or today or draft.deadline
    path = None
    if draft.deadline is not None and draft.baseline is not None and target is not None \
            and start is not None and start <= draft.deadline:
        path = trajectory(draft.baseline, target, start, draft.deadline, kind=kpi.kind)
    fc = forecast if isinstance(forecast, Forecast) else None
    frame = forecast if isinstance(forecast, pd.DataFrame) else None
    if forecast is None and draft.deadline is not None:
        fc = goal_forecast_of(history, kpi.id, draft.deadline, anchor, today)
    if fc is not None and frame is None:
        frame = fc.frame
    out: dict[str, list[Point]] = {}
    marks_days = milestone_dates(start, draft.deadline, draft.review_every_days) if path is not None else []
    common = dict(kpi=kpi.id, kind=kpi.kind, unit=kpi.unit, view=view, today=today, start=start if path is not None else None,
                  deadline=draft.deadline, baseline_window=baseline_window, level=fc.level if fc is not None else 0.8)
    if view == "cumulative":
        days = period_days(start, draft.deadline) if path is not None else None
        if path is not None:
            out["target_path"] = _points(path["cumulative"])
            pace = pd.Series(draft.baseline / days * (pd.RangeIndex(1, days + 1)), index=path.index)
            out["baseline"] = _points(pace)
            out["milestones"] = _points(path["cumulative"].reindex([pd.Timestamp(d) for d in marks_days]))
        progress = None
        if series is not None and start is not None:
            until = pd.Timestamp(today) - pd.Timedelta(days=1) if today is not None else series.index[-1]
            since = series[(series.index >= pd.Timestamp(start)) & (series.index <= until)]
            if len(since.dropna()):
                running = since.fillna(0.0).cumsum()
                out["history"] = _points(running)
                progress = float(running.iloc[-1])
        if fc is not None and start is not None:
            total = fc.running_total(start)
            out.update(forecast_mean=_points(total["mean"]), forecast_lower=_points(total["lower"]),
                       forecast_upper=_points(total["upper"]))
        return ChartData(**common, title=_axis_title(kpi.id, view, start, loc), series=out,
                         target_value=target if path is not None else None,
                         baseline_value=draft.baseline if path is not None else None, progress_value=progress,
                         show_from=start if path is not None else None)
    scale = trajectory_on_chart_scale(path) if path is not None else None
    out.update(_display_series(series, kpi.kind, scale))
    days = period_days(start, draft.deadline) if path is not None else None
    if view == "per_day" and path is not None:
        level = draft.baseline / days
    else:
        level = float(scale.iloc[0]) if scale is not None else (draft.baseline if kpi.kind != "count" else None)
    if level is not None:
        x0 = baseline_window[0] if baseline_window else (
            series.index[-1].date() - dt.timedelta(days=(days or 28) - 1) if series is not None and len(series)
            else (start or today))
        x1 = start or (baseline_window[1] if baseline_window else today)
        if x0 is not None and x1 is not None:
            x0 = min(pd.Timestamp(x0).date(), x1)
            out["baseline"] = [(x0, float(level)), (x1, float(level))]
    if frame is not None and len(frame):
        out.update(forecast_mean=_points(frame["mean"]), forecast_lower=_points(frame["lower"]),
                   forecast_upper=_points(frame["upper"]))
    if scale is not None:
        out["milestones"] = _points(scale.reindex([pd.Timestamp(d) for d in marks_days]))
    show_from = None
    if path is not None and series is not None and len(series):
        span = max((path.index[-1] - path.index[0]).days, 30)
        # two goal lengths of history, and never so little that old data falls out of view
        wanted = min(path.index[0] - pd.Timedelta(days=int(span * 2)), series.index[-1] - pd.Timedelta(days=60))
        show_from = max(series.index[0], wanted).date()
    scaled_target = float(scale.iloc[-1]) if scale is not None else None
    return ChartData(**common, title=_axis_title(kpi.id, view, start, loc), series=out,
                     target_value=scaled_target, baseline_value=level if path is not None else None,
                     show_from=show_from)


def goal_chart(draft: Any, history: pd.DataFrame | None = None, today: dt.date | None = None,
               lang: Lang | str = "en", *, forecast: Any = None, view: View | None = None,
               baseline_window: tuple[dt.date, dt.date] | None = None, height: int = 440) -> go.Figure:
    """The KPI chart of a goal draft: :func:`kpi_figure` of :func:`chart_data`."""
    data = chart_data(draft, history, today, lang, view=view, forecast=forecast, baseline_window=baseline_window)
    return kpi_figure(data, lang, height)


def baseline_chart(history: pd.DataFrame, baseline: Any, lang: Lang | str = "en",
                   anchor: float | None = None, today: dt.date | None = None, height: int = 360) -> go.Figure:
    """The history with the baseline window shaded and the baseline level drawn over it (the
    daily mean for counts)."""
    kpi = get_kpi(baseline.kpi)
    level = baseline.daily_mean if kpi.kind == "count" else baseline.value
    return kpi_chart(kpi.id, lang, history=history_series(history, kpi.id, anchor), baseline_level=level,
                     baseline_window=(baseline.window_start, baseline.window_end), today=None,
                     height=height)
