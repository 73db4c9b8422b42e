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
role whatever the language; the value marks' labels are annotations named by their marker
(``target_value``...), placed by :func:`value_marks` (those at the deadline right of the lines'
ends, spread apart so that they never overlap). The value axis is fitted to what is in view (:func:`value_range`); numbers read as the
goal statement writes them (:func:`chart_number`); the title and caption name only what is
drawn (:func:`chart_title`, :func:`chart_caption`). The forecast comes from the one recipe
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
from smartkit.i18n import NATIVE_DIGIT_LANGUAGES, Lang, Message, as_lang, fmt_day_month, fmt_short_date, t

COLOURS = {"history": "#9aa5b1", "avg": "#1f4e79", "baseline": "#6b7785", "trajectory": "#e4572e",
           "forecast": "#2a9d8f", "band": "rgba(42,157,143,0.18)", "window": "rgba(107,119,133,0.12)",
           "today": "#444", "actual": "#1f4e79"}
MAX_MILESTONES = 12
PAD_DAYS = 3            # room after the deadline on the time axis
LABEL_PX = 16           # a value label's height on the goal page (12 px text), in pixels
LABEL_GAP_PX = 4        # the least room between two value labels, in pixels
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
    currency: str | None = None                  # the goal's currency: values read as the statement reads them
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


# ----------------------------------------------------------------------------- title and caption


def drawn(chart: ChartData | go.Figure) -> tuple[str, ...]:
    """The parts a chart draws (a :class:`ChartData`, or a figure of :func:`kpi_figure`):
    ``history``, ``history_avg``, ``baseline``, ``target_path``, ``milestones``, ``forecast``."""
    if isinstance(chart, go.Figure):
        return tuple(_figure_meta(chart).get("drawn", ()))
    forecast = all(chart.points(name) for name in ("forecast_mean", "forecast_lower", "forecast_upper"))
    return tuple(name for name in ("history", "history_avg", "baseline", "target_path", "milestones", "forecast")
                 if (forecast if name == "forecast" else bool(chart.points(name))))


def _figure_meta(fig: go.Figure) -> dict[str, Any]:
    meta = fig.layout.meta
    return meta if isinstance(meta, dict) else {}


def _kind(chart: ChartData | go.Figure) -> tuple[str, str]:
    if isinstance(chart, go.Figure):
        meta = _figure_meta(chart)
        return meta.get("kpi", ""), meta.get("view", "level")
    return chart.kpi, chart.view


class _ChartTitle(Message):
    """"Followers: history, target path and forecast", naming only the parts drawn."""

    def render(self, lang: Lang | str | None = "en") -> str:
        from smartkit.i18n import fmt_list

        name = t(f"kpi.{self.params['kpi']}.name", lang)
        parts = [t(key, lang) for key in self.params["parts"]]
        return t("analysis.chart.title", lang, kpi=name, parts=fmt_list(parts, lang, "standard")) if parts else name


class _ChartCaption(Message):
    """One sentence per drawn line: its colour and what it is."""

    def render(self, lang: Lang | str | None = "en") -> str:
        return " ".join(t(key, lang) for key in self.params["parts"])


def chart_title(chart: ChartData | go.Figure) -> Message:
    """The chart's title, naming only what it draws: no "history" without history, no
    "forecast" without a forecast (the KPI's name alone when neither is drawn, nor a path)."""
    kpi, view = _kind(chart)
    parts = set(drawn(chart))
    keys = []
    if "history" in parts:
        keys.append("analysis.chart.part.actual" if view == "cumulative" else "analysis.chart.part.history")
    if "target_path" in parts:
        keys.append("analysis.chart.part.target_path")
    if "forecast" in parts:
        keys.append("analysis.chart.part.forecast")
    return _ChartTitle("analysis.chart.title", {"kpi": kpi, "parts": tuple(keys)})


def chart_caption(chart: ChartData | go.Figure) -> Message:
    """The caption under the chart: what each drawn line is, only the lines drawn (the goal
    page's ``st.caption``)."""
    _, view = _kind(chart)
    parts = set(drawn(chart))
    keys = []
    if "history" in parts:
        keys.append("analysis.chart.help.actual" if view == "cumulative" else
                    "analysis.chart.help.history_avg" if "history_avg" in parts else "analysis.chart.help.history")
    if "baseline" in parts:
        keys.append("analysis.chart.help.baseline_pace" if view == "cumulative" else "analysis.chart.help.baseline")
    if "target_path" in parts:
        keys.append("analysis.chart.help.target_path_milestones" if "milestones" in parts
                    else "analysis.chart.help.target_path")
    if "forecast" in parts:
        keys.append("analysis.chart.help.forecast")
    return _ChartCaption("analysis.chart.help", {"parts": tuple(keys)})


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
    first, last = shown_days(data)
    low, high = value_range(data, first, last)
    right = _value_marks(fig, data, loc, (low, high), height)
    if data.today is not None:
        stamp = pd.Timestamp(data.today)
        fig.add_trace(go.Scatter(x=[stamp, stamp], y=[low, high],
                                 mode="lines", meta="today", name=t("ui.chart.today", loc),
                                 line={"color": COLOURS["today"], "width": 1, "dash": "dot"},
                                 hoverinfo="skip", showlegend=False))
        fig.add_annotation(x=stamp, y=1.0, yref="paper", text=t("ui.chart.today", loc), showarrow=False,
                           yanchor="bottom", font={"size": 11, "color": COLOURS["today"]})
    start_view = pd.Timestamp(data.show_from) if data.show_from is not None else None
    xaxis: dict[str, Any] = {"showgrid": False, "autorange": True}
    if first is not None and last is not None:
        xaxis.update(range=[pd.Timestamp(first), pd.Timestamp(last)], autorange=False)
    stamps = [pd.Timestamp(x) for tr in fig.data if tr.x is not None and len(tr.x) for x in (tr.x[0], tr.x[-1])]
    if stamps:
        tick_from = max(min(stamps), start_view) if start_view is not None else min(stamps)
        ticks, labels = time_ticks(tick_from, max(stamps), loc)
        xaxis.update(tickmode="array", tickvals=ticks, ticktext=labels, tickangle=0)
    # the value axis fitted to what is in view (history out of view no longer stretches it)
    yaxis: dict[str, Any] = {"title": {"text": data.title}, "range": [low, high], "autorange": False}
    if loc.native_digits and loc.code in NATIVE_DIGIT_LANGUAGES:  # plotly writes "2k" in Latin digits
        ticks = value_ticks(low, high, max(3, min(8, round(height / 70))))
        yaxis.update(tickmode="array", tickvals=ticks, ticktext=[chart_number(data, v, loc) for v in ticks])
    elif data.unit == "percent":
        yaxis["ticksuffix"] = "%"
    fig.update_layout(
        height=height, margin={"l": 10, "r": right, "t": 36, "b": 10}, template="plotly_white",
        font={"family": FONT, "size": 13}, hovermode="closest",
        # the legend at the foot of the figure (not at a fraction of the plot's height, which ran
        # into the date labels on short or narrow charts); dates always horizontal
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 1 if loc.rtl else 0,
                "xanchor": "right" if loc.rtl else "left"},
        xaxis=xaxis, yaxis=yaxis, uirevision=f"{data.kpi}:{data.view}",
        meta={"kpi": data.kpi, "view": data.view, "drawn": list(drawn(data))})  # for chart_title / chart_caption
    return fig


def shown_days(data: ChartData) -> tuple[dt.date | None, dt.date | None]:
    """The days the time axis shows when the chart fixes them: from ``show_from`` to a few days
    past the target path's end; (None, None) when every point is shown."""
    path = data.points("target_path")
    if data.show_from is None or not path:
        return None, None
    return data.show_from, path[-1][0] + dt.timedelta(days=PAD_DAYS)


def value_range(data: ChartData, first: dt.date | None = None, last: dt.date | None = None) -> tuple[float, float]:
    """The value axis' range for the points between ``first`` and ``last`` (every point when
    None) and the marked values: a stock's level fitted to its data and target with some room
    (followers between 325 and 480 are not drawn from 100); totals, daily counts and rates from
    zero."""
    def shown(day: dt.date) -> bool:
        return (first is None or day >= first) and (last is None or day <= last)

    values = [v for name in SERIES for d, v in data.points(name) if shown(d) and math.isfinite(v)]
    values += [v for v in (data.target_value, data.baseline_value, data.progress_value)
               if v is not None and math.isfinite(v)]
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    if data.kind == "stock" and data.view == "level":
        pad = (high - low) * 0.08 or abs(high) * 0.05 or 1.0
        return (max(low - pad, 0.0) if low >= 0 else low - pad), high + pad
    low = min(low, 0.0)
    return low, high + ((high - low) * 0.06 or 1.0)


LabelPlace = Literal["end", "before", "after_above", "after_below"]


class ValueMark(BaseModel):
    """A number the goal states, marked on the chart: ``role`` (``target_value``,
    ``baseline_value``, ``progress_value``), where, its label and where the label goes:
    ``end`` (a mark on the chart's last day, the deadline: right of the lines' ends, where no
    line runs, spread apart from the other end labels), ``before`` (above the mark, ending at
    it: clear of the line that runs into it), ``after_above`` / ``after_below`` (a mark on the
    chart's first day, with no room before it: starting at it, on the side away from the
    target path that leaves it)."""

    model_config = ConfigDict(frozen=True)

    role: str
    day: dt.date
    value: float
    label: str
    place: LabelPlace

    @property
    def at_end(self) -> bool:
        return self.place == "end"


def value_ticks(low: float, high: float, most: int = 6) -> list[float]:
    """Round values for the value axis between ``low`` and ``high``, at most ``most`` of them,
    a step of 1, 2 or 5 times a power of ten (as plotly picks them): set explicitly when the
    language writes its own digits, each written by :func:`chart_number`."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low] if math.isfinite(low) else []
    raw = (high - low) / max(most, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    count = int(math.floor((high - first) / step + 1e-9)) + 1
    return [round(first + i * step, 10) for i in range(count)]


def chart_number(data: ChartData, value: float, lang: Lang | str = "en") -> str:
    """A value of the chart as the goal statement writes it (the same formatter,
    :func:`smartkit.wording.kpi_value`: "2.3%" on both, never "2.33" on the chart);
    a daily rate (per-day view) as a plain number."""
    from smartkit.wording import kpi_value
    from smartkit.i18n import fmt, fmt_number

    if data.view == "per_day":
        return fmt_number(value, lang)
    return fmt(kpi_value(get_kpi(data.kpi), value, data.currency), lang)


def value_marks(data: ChartData, lang: Lang | str = "en") -> list[ValueMark]:
    """The numbers the goal states, on the chart: the target (at the deadline), the baseline
    and, in the cumulative view, the total so far (at today)."""
    loc = as_lang(lang)
    found = []
    if data.target_value is not None and data.deadline is not None:
        found.append(("target_value", data.deadline, data.target_value))
    base = data.points("baseline")
    if data.baseline_value is not None and base:
        found.append(("baseline_value", base[-1][0], data.baseline_value))
    if data.progress_value is not None and data.points("history"):
        found.append(("progress_value", data.points("history")[-1][0], data.progress_value))
    if not found:
        return []
    days = [d for name in SERIES for d, _ in data.points(name)] + [day for _, day, _ in found]
    path = data.points("target_path")
    first = shown_days(data)[0] or min(days)
    last = path[-1][0] if path else max(days)
    rising = data.target_value is None or data.baseline_value is None or data.target_value >= data.baseline_value

    def place(day: dt.date) -> LabelPlace:
        if day >= last:
            return "end"
        if day <= first:
            return "after_below" if rising else "after_above"
        return "before"

    return [ValueMark(role=role, day=day, value=value, place=place(day),
                      label=t(f"analysis.chart.{role}", loc, value=chart_number(data, value, loc)))
            for role, day, value in found]


def spread_labels(centres: list[float], gap: float) -> list[float]:
    """Label centres on one axis moved apart as little as possible so that any two are at least
    ``gap`` apart, keeping their order (each crowded group centred where its labels were)."""
    order = sorted(range(len(centres)), key=lambda i: centres[i])
    groups: list[list[float]] = []             # [sum of the wanted centres, count]
    for i in order:
        groups.append([centres[i], 1])
        while len(groups) > 1:
            (s1, n1), (s2, n2) = groups[-2], groups[-1]
            if (s2 / n2 - (n2 - 1) * gap / 2) - (s1 / n1 + (n1 - 1) * gap / 2) >= gap:
                break
            groups[-2:] = [[s1 + s2, n1 + n2]]
    placed: list[float] = []
    for total, count in groups:
        placed += [total / count + (k - (count - 1) / 2) * gap for k in range(int(count))]
    out = [0.0] * len(centres)
    for i, value in zip(order, placed):
        out[i] = value
    return out


def label_width(text: str, size: float) -> float:
    """About how wide a one-line label is at font ``size`` (any unit; combining marks and
    invisible controls take no room)."""
    import unicodedata

    shown = [c for c in text if not unicodedata.combining(c) and unicodedata.category(c) != "Cf"]
    return len(shown) * size * 0.62


def _value_marks(fig: go.Figure, data: ChartData, lang: Lang, y_range: tuple[float, float], height: int) -> int:
    """Mark the numbers the goal states (:func:`value_marks`) and label them as annotations
    (named by role): the labels at the deadline to the right of the lines' ends, spread apart
    so that they never overlap (the baseline total close to the target total); the others
    above their mark. Returns the right margin the end labels need, in pixels."""
    marks = value_marks(data, lang)
    if not marks:
        return 10
    fig.add_trace(go.Scatter(
        x=[pd.Timestamp(m.day) for m in marks], y=[m.value for m in marks], mode="markers", meta="marks",
        showlegend=False, cliponaxis=False, text=[_isolated(m.label, lang) for m in marks],
        marker={"color": COLOURS["trajectory"], "size": 8, "symbol": "diamond"},
        hovertemplate="%{text}<extra></extra>"))
    font = {"size": 12, "color": "#2a3f5f"}
    low, high = y_range
    plot_px = max(height - 150, 80)            # at most the plot's height: never spread too little
    at_end = [m for m in marks if m.at_end]
    wanted = [(m.value - low) / ((high - low) or 1.0) * plot_px for m in at_end]
    for mark, centre, want in zip(at_end, spread_labels(wanted, LABEL_PX + LABEL_GAP_PX), wanted):
        fig.add_annotation(x=pd.Timestamp(mark.day), y=mark.value, name=mark.role, text=_isolated(mark.label, lang),
                           showarrow=False, xanchor="left", yanchor="middle", xshift=8,
                           yshift=round(centre - want, 1), font=font)
    for mark in marks:
        if mark.place == "before":  # above its own line, ending at the mark
            fig.add_annotation(x=pd.Timestamp(mark.day), y=mark.value, name=mark.role,
                               text=_isolated(mark.label, lang), showarrow=False, xanchor="right",
                               yanchor="bottom", xshift=-2, yshift=3, font=font)
        elif mark.place != "end":  # on the first day: starting at the mark, away from the path
            below = mark.place == "after_below"
            fig.add_annotation(x=pd.Timestamp(mark.day), y=mark.value, name=mark.role,
                               text=_isolated(mark.label, lang), showarrow=False, xanchor="left",
                               yanchor="top" if below else "bottom", xshift=4, yshift=-4 if below else 4, font=font)
    widest = max((label_width(m.label, font["size"]) for m in at_end), default=0.0)
    return max(10, math.ceil(widest) + 16)


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
    common = dict(kpi=kpi.id, kind=kpi.kind, unit=kpi.unit, view=view, currency=draft.currency, today=today,
                  start=start if path is not None else None,
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


# ----------------------------------------------------------------------------- the budget planner

BUDGET_COLOURS = {"points": "rgba(107,119,133,0.45)", "curve": "#2a9d8f", "beyond": "rgba(228,87,46,0.09)",
                  "now": "#444", "planned": "#1f4e79", "needed": "#e4572e"}
BUDGET_MARKS = ("now", "planned", "needed")   # today's pace, the planned budget's day, the needed one


def budget_marks(plan: Any) -> list[tuple[str, float]]:
    """The daily spends the budget chart marks, in :data:`BUDGET_MARKS` order: today's pace (the
    last 28 days' mean), the planned budget's average day and the needed one (when finite)."""
    needed = plan.needed.daily if plan.needed is not None else None
    found = [("now", plan.curve.recent_daily_spend), ("planned", plan.planned_daily), ("needed", needed)]
    return [(role, float(value)) for role, value in found if value is not None and math.isfinite(value)]


_POINTS: dict[tuple, tuple] = {}   # (id of the curve, language) → (the curve, its points' texts)
_POINTS_SIZE = 16


def _budget_points(curve: Any, loc: Lang, result_value: Any) -> tuple:
    """The history's days of a response curve (spend, results) with their hover texts, worked
    out once per curve and language: a curve is kept and shared (fitted once per history), and
    formatting a year of days took most of the chart's time on every edit of the goal."""
    import numpy as np

    from smartkit.goals.budget_figures import money

    key = (id(curve), loc)
    found = _POINTS.get(key)
    if found is not None and found[0] is curve:
        return found[1]
    days = curve.history[["spend", "results"]].dropna()
    spends, results = days["spend"].to_numpy(float), days["results"].to_numpy(float)
    hover = np.array([_isolated(t("budget.chart.point", loc, spend=money(s, curve.currency),
                                  results=result_value(r)), loc) for s, r in zip(spends, results)], dtype=object)
    if len(_POINTS) >= _POINTS_SIZE:
        _POINTS.pop(next(iter(_POINTS)))
    _POINTS[key] = (curve, (spends, results, hover))
    return spends, results, hover


def budget_chart(plan: Any, kpi_id: str, lang: Lang | str = "en", height: int = 300) -> go.Figure:
    """The response curve of a :class:`~smartkit.analysis.budget.BudgetPlan` (no Streamlit): the
    history's days as points (daily spend → results that day), the fitted curve (or the
    cost-per-result line), today's, the planned and the needed daily spend marked, and the zone
    beyond the highest daily spend seen shaded. Numbers read as the app writes them (Persian
    digits when chosen). Traces and shapes carry their role in ``meta``/``name``: ``history``,
    ``curve``, ``beyond`` and one per mark (:func:`budget_marks`)."""
    import numpy as np

    from smartkit.goals.budget_figures import money, result_kpi
    from smartkit.i18n import Money, fmt, fmt_number

    loc = as_lang(lang)
    curve = plan.curve
    currency = curve.currency
    in_money = get_kpi(kpi_id).unit == "currency"

    def result_value(value: float) -> Any:
        """Results a day: money for sales revenue, else a number with at most one decimal."""
        return money(value, currency) if in_money else round(float(value), 1)
    top = float(curve.max_daily_spend)
    marks = budget_marks(plan)
    right = max([top] + [value for _, value in marks]) * 1.15
    fig = go.Figure()
    if right > top:  # the zone beyond the highest daily spend seen, named in the legend
        fig.add_vrect(x0=top, x1=right, fillcolor=BUDGET_COLOURS["beyond"], line_width=0, layer="below",
                      name="beyond")
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", meta="beyond", hoverinfo="skip",
                                 name=t("budget.chart.beyond", loc),
                                 marker={"symbol": "square", "size": 14, "color": BUDGET_COLOURS["beyond"],
                                         "line": {"color": "rgba(228,87,46,0.35)", "width": 1}}))
    history = curve.history
    peak = 0.0
    if history is not None and len(history):
        spends, results, hover = _budget_points(curve, loc, result_value)
        peak = float(results.max()) if len(results) else 0.0
        fig.add_trace(go.Scatter(x=spends, y=results, mode="markers", meta="history", name=t("budget.chart.days", loc),
                                 marker={"color": BUDGET_COLOURS["points"], "size": 5}, customdata=hover,
                                 hovertemplate="%{customdata}<extra></extra>"))
    xs = np.linspace(0.0, right, 61)
    ys = np.asarray(curve.response(xs), dtype=float)
    name = t("budget.chart.curve" if plan.basis == "curve" else "budget.chart.line", loc)
    hover = [_isolated(t("budget.chart.point", loc, spend=money(s, currency), results=result_value(r)), loc)
             for s, r in zip(xs, ys)]
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", meta="curve", name=name,
                             line={"color": BUDGET_COLOURS["curve"], "width": 3}, customdata=hover,
                             hovertemplate="%{customdata}<extra></extra>"))
    high = max(peak, float(ys.max()) if len(ys) else 0.0, 1e-9) * 1.3
    for row, (role, daily) in enumerate(sorted(marks, key=lambda m: m[1])):
        colour = BUDGET_COLOURS[role]
        level = float(curve.response(daily))
        fig.add_trace(go.Scatter(x=[daily, daily], y=[0, level], mode="lines", meta=role, showlegend=False,
                                 line={"color": colour, "width": 1.5, "dash": "dot"}, hoverinfo="skip"))
        fig.add_trace(go.Scatter(x=[daily], y=[level], mode="markers", meta=role, showlegend=False,
                                 marker={"color": colour, "size": 10, "line": {"color": "white", "width": 1.5}},
                                 hoverinfo="skip"))
        label = t(f"budget.chart.{role}", loc, daily=money(daily, currency))
        fig.add_annotation(x=daily, y=1 - 0.085 * row, yref="paper", yanchor="top", showarrow=False,
                           xanchor="left" if daily < right * 0.6 else "right", xshift=4 if daily < right * 0.6 else -4,
                           text=_isolated(label, loc), name=role, font={"size": 12, "color": colour})
    x_ticks = value_ticks(0.0, right, 5)
    y_ticks = value_ticks(0.0, high, 4)
    money_tick = lambda v: fmt(Money(v, currency, whole=float(v).is_integer() or abs(v) >= 100), loc)  # noqa: E731
    result_tick = lambda v: money_tick(v) if in_money else fmt_number(v, loc)  # noqa: E731
    results_name = t(f"kpi.{result_kpi(kpi_id)}.name", loc)
    fig.update_layout(
        height=height, margin={"l": 10, "r": 10, "t": 10, "b": 10}, template="plotly_white",
        font={"family": FONT, "size": 12}, hovermode="closest",
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 1 if loc.rtl else 0,
                "xanchor": "right" if loc.rtl else "left"},
        xaxis={"title": {"text": t("budget.chart.spend", loc)}, "range": [0, right], "autorange": False,
               "tickmode": "array", "tickvals": x_ticks, "ticktext": [money_tick(v) for v in x_ticks],
               "showgrid": False, "zeroline": False},
        yaxis={"title": {"text": t("budget.chart.results", loc, kpi=results_name)}, "range": [0, high],
               "autorange": False, "tickmode": "array", "tickvals": y_ticks,
               "ticktext": [result_tick(v) for v in y_ticks]},
        meta={"kpi": kpi_id, "basis": plan.basis, "marks": [role for role, _ in marks]})
    return fig
