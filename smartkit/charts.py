"""The KPI chart (plotly), as pure figure builders: no Streamlit, so tests can read the traces.

One figure tells the goal's story on one time axis (always left to right, in every language):

* ``history``: the KPI's daily values (light), with ``history_avg``, a 7-day mean, for counts
  and ratios (daily ratios and counts are noisy);
* ``baseline``: the baseline level, over the baseline window (shaded) and on to the start;
* ``trajectory``: the target path from the baseline on the start date to the target on the
  deadline (:func:`smartkit.analysis.pacing.trajectory`; for counts the daily rate, see there);
* ``forecast`` and ``forecast_band``: the forecast mean and its prediction interval;
* ``milestones``: points on the trajectory at each review date (or monthly);
* ``today``: a vertical marker.

Every trace carries its role in ``meta`` (the names above), so tests find traces by role
whatever the language. Counts are drawn per day (the goal is a period total; the chart shows
the daily rate that adds up to it), stocks and ratios at their level.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from smartkit.catalogue import get_kpi
from smartkit.i18n import Lang, as_lang, fmt_day_month, fmt_short_date, t

COLOURS = {"history": "#9aa5b1", "avg": "#1f4e79", "baseline": "#6b7785", "trajectory": "#e4572e",
           "forecast": "#2a9d8f", "band": "rgba(42,157,143,0.18)", "window": "rgba(107,119,133,0.12)",
           "today": "#444"}
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


def _unit_axis(kpi_id: str, lang: Lang) -> dict[str, Any]:
    kpi = get_kpi(kpi_id)
    title = t(f"kpi.{kpi_id}.name", lang)
    if kpi.kind == "count":
        title = t("ui.chart.per_day", lang, kpi=title)
    axis: dict[str, Any] = {"title": {"text": title}, "rangemode": "tozero" if kpi.kind != "stock" else "normal"}
    if kpi.unit == "percent":
        axis["ticksuffix"] = "%"
    return axis


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


def _hover_dates(index: pd.Index, lang: Lang) -> list[str]:
    return [_isolated(fmt_day_month(stamp.date(), lang, with_year=True), lang) for stamp in pd.DatetimeIndex(index)]


def kpi_chart(kpi_id: str, lang: Lang | str = "en", *, history: pd.Series | None = None,
              baseline_level: float | None = None, baseline_window: tuple[dt.date, dt.date] | None = None,
              trajectory: pd.Series | None = None, forecast: pd.DataFrame | None = None,
              milestones: list[dt.date] | None = None, today: dt.date | None = None,
              show_from: dt.date | None = None, height: int = 440) -> go.Figure:
    """The KPI chart from display-ready parts (all on the chart's scale, see the module doc).

    ``history``: the daily KPI series; ``trajectory``: the target path (date index);
    ``forecast``: a frame with ``mean``, ``lower``, ``upper`` on a date index.
    """
    loc = as_lang(lang)
    kpi = get_kpi(kpi_id)
    fig = go.Figure()
    if history is not None and len(history):
        history = history.dropna()
        smooth = kpi.kind in ("count", "ratio") and len(history) > 14
        fig.add_trace(go.Scatter(
            x=history.index, y=history.to_numpy(), name=t("ui.chart.history", loc), meta="history",
            mode="lines", line={"color": COLOURS["history"], "width": 1}, opacity=0.7 if smooth else 1,
            showlegend=not smooth, customdata=_hover_dates(history.index, loc), hovertemplate=HOVER))
        if smooth:
            avg = history.rolling(7, min_periods=4).mean()
            fig.add_trace(go.Scatter(
                x=avg.index, y=avg.to_numpy(), name=t("ui.chart.history_avg", loc), meta="history_avg",
                mode="lines", line={"color": COLOURS["avg"], "width": 2.2},
                customdata=_hover_dates(avg.index, loc), hovertemplate=HOVER))
    if baseline_window is not None:
        fig.add_vrect(x0=pd.Timestamp(baseline_window[0]), x1=pd.Timestamp(baseline_window[1]),
                      fillcolor=COLOURS["window"], line_width=0, layer="below")
    if baseline_level is not None:
        x0 = baseline_window[0] if baseline_window else (trajectory.index[0] if trajectory is not None else today)
        x1 = trajectory.index[0] if trajectory is not None else (baseline_window[1] if baseline_window else today)
        if x0 is not None and x1 is not None:
            fig.add_trace(go.Scatter(
                x=[pd.Timestamp(x0), pd.Timestamp(x1)], y=[baseline_level, baseline_level],
                name=t("ui.chart.baseline", loc), meta="baseline", mode="lines",
                line={"color": COLOURS["baseline"], "width": 2, "dash": "dash"},
                hovertemplate="%{y:,.2f}<extra></extra>"))
    if forecast is not None and len(forecast):
        x = list(forecast.index) + list(forecast.index[::-1])
        y = list(forecast["upper"].to_numpy()) + list(forecast["lower"].to_numpy()[::-1])
        fig.add_trace(go.Scatter(x=x, y=y, fill="toself", fillcolor=COLOURS["band"], line={"width": 0},
                                 name=t("ui.chart.forecast_band", loc), meta="forecast_band",
                                 hoverinfo="skip"))
        fig.add_trace(go.Scatter(x=forecast.index, y=forecast["mean"].to_numpy(), mode="lines",
                                 name=t("ui.chart.forecast", loc), meta="forecast",
                                 line={"color": COLOURS["forecast"], "width": 2, "dash": "dot"},
                                 customdata=_hover_dates(forecast.index, loc), hovertemplate=HOVER))
    if trajectory is not None and len(trajectory):
        fig.add_trace(go.Scatter(x=trajectory.index, y=trajectory.to_numpy(), mode="lines",
                                 name=t("ui.chart.trajectory", loc), meta="trajectory",
                                 line={"color": COLOURS["trajectory"], "width": 3},
                                 customdata=_hover_dates(trajectory.index, loc), hovertemplate=HOVER))
        if milestones:
            stamps = [pd.Timestamp(d) for d in milestones if pd.Timestamp(d) in trajectory.index]
            values = trajectory.reindex(stamps)
            fig.add_trace(go.Scatter(
                x=stamps, y=values.to_numpy(), mode="markers", meta="milestones",
                name=t("ui.chart.milestones", loc),
                text=[fmt_short_date(d.date(), loc) for d in stamps],
                marker={"color": "white", "size": 9, "line": {"color": COLOURS["trajectory"], "width": 2.5}},
                hovertemplate="%{text}: %{y:,.2f}<extra></extra>"))
    if today is not None:
        stamp = pd.Timestamp(today)
        ys = [tr.y for tr in fig.data if tr.y is not None and len(tr.y)]
        low = min((min(y) for y in ys), default=0)
        high = max((max(y) for y in ys), default=1)
        fig.add_trace(go.Scatter(x=[stamp, stamp], y=[min(low, 0) if kpi.kind != "stock" else low, high],
                                 mode="lines", meta="today", name=t("ui.chart.today", loc),
                                 line={"color": COLOURS["today"], "width": 1, "dash": "dot"},
                                 hoverinfo="skip", showlegend=False))
        fig.add_annotation(x=stamp, y=1.0, yref="paper", text=t("ui.chart.today", loc), showarrow=False,
                           yanchor="bottom", font={"size": 11, "color": COLOURS["today"]})
    end = trajectory.index[-1] if trajectory is not None and len(trajectory) else None
    start_view = pd.Timestamp(show_from) if show_from is not None else None
    xaxis: dict[str, Any] = {"showgrid": False, "autorange": True}
    if start_view is not None and end is not None:
        xaxis.update(range=[start_view, end + pd.Timedelta(days=3)], autorange=False)
    stamps = [pd.Timestamp(x) for tr in fig.data if tr.x is not None and len(tr.x) for x in (tr.x[0], tr.x[-1])]
    if stamps:
        first = max(min(stamps), start_view) if start_view is not None else min(stamps)
        ticks, labels = time_ticks(first, max(stamps), loc)
        xaxis.update(tickmode="array", tickvals=ticks, ticktext=labels)
    fig.update_layout(
        height=height, margin={"l": 10, "r": 10, "t": 36, "b": 10}, template="plotly_white",
        font={"family": FONT, "size": 13}, hovermode="x unified" if False else "closest",
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 1 if loc.rtl else 0,
                "xanchor": "right" if loc.rtl else "left"},
        xaxis=xaxis, yaxis=_unit_axis(kpi_id, loc), uirevision=kpi_id)
    return fig


def trajectory_on_chart_scale(trajectory: pd.DataFrame) -> pd.Series:
    """The trajectory as the chart draws it: the daily rate for counts, the level otherwise."""
    return trajectory["daily"] if "daily" in trajectory.columns else trajectory["expected"]


def to_png(fig: go.Figure, width: int = 1200, height: int = 560) -> bytes:
    """The figure as a PNG (kaleido; needs a Chromium on the machine)."""
    return fig.to_image(format="png", width=width, height=height, scale=2)


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


def forecast_frame(history: pd.DataFrame | None, kpi_id: str, until: dt.date,
                   anchor: float | None = None) -> pd.DataFrame | None:
    """The forecast (mean, lower, upper) of the KPI to ``until``, or None when there is too
    little data. Ratios are forecast with their denominator as weights (Σ/Σ, never a mean)."""
    from smartkit.analysis.baseline import components
    from smartkit.errors import SmartkitError
    from smartkit.analysis.forecast import forecast

    series = history_series(history, kpi_id, anchor)
    if series is None or series.notna().sum() < 14:
        return None
    kpi = get_kpi(kpi_id)
    weights = None
    try:
        if kpi.kind == "ratio":
            weights = components(history, kpi)["den"]
        return forecast(series, kpi.kind, until, weights=weights).frame
    except (SmartkitError, ValueError, FloatingPointError):
        return None


def goal_chart(draft: Any, history: pd.DataFrame | None = None, today: dt.date | None = None,
               lang: Lang | str = "en", *, forecast: pd.DataFrame | None = None,
               baseline_window: tuple[dt.date, dt.date] | None = None, height: int = 440) -> go.Figure:
    """The KPI chart of a goal draft: history, baseline, trajectory to the deadline, forecast,
    milestones at the review cadence, today. Parts the draft cannot give yet are left out."""
    from smartkit.analysis.pacing import trajectory

    kpi = get_kpi(draft.kpi)
    anchor = draft.baseline if kpi.kind == "stock" else None
    series = history_series(history, kpi.id, anchor)
    target = draft.resolved_target
    path = None
    if draft.deadline is not None and draft.baseline is not None and target is not None:
        start = draft.start or today or draft.deadline
        if start < draft.deadline:
            path = trajectory_on_chart_scale(trajectory(draft.baseline, target, start, draft.deadline,
                                                        kind=kpi.kind))
    level = float(path.iloc[0]) if path is not None else (draft.baseline if kpi.kind != "count" else None)
    marks = milestone_dates(path.index[0].date(), path.index[-1].date(), draft.review_every_days) \
        if path is not None else None
    show_from = None
    if path is not None and series is not None and len(series):
        span = max((path.index[-1] - path.index[0]).days, 30)
        # two goal lengths of history, and never so little that old data falls out of view
        wanted = min(path.index[0] - pd.Timedelta(days=int(span * 2)), series.index[-1] - pd.Timedelta(days=60))
        show_from = max(series.index[0], wanted).date()
    return kpi_chart(kpi.id, lang, history=series, baseline_level=level, baseline_window=baseline_window,
                     trajectory=path, forecast=forecast, milestones=marks, today=today,
                     show_from=show_from, height=height)


def baseline_chart(history: pd.DataFrame, baseline: Any, lang: Lang | str = "en",
                   anchor: float | None = None, today: dt.date | None = None, height: int = 360) -> go.Figure:
    """The history with the baseline window shaded and the baseline level drawn over it (the
    daily mean for counts)."""
    kpi = get_kpi(baseline.kpi)
    level = baseline.daily_mean if kpi.kind == "count" else baseline.value
    return kpi_chart(kpi.id, lang, history=history_series(history, kpi.id, anchor), baseline_level=level,
                     baseline_window=(baseline.window_start, baseline.window_end), today=None,
                     height=height)
