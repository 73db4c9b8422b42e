"""The goal page's KPI chart, drawn without a browser.

The goal page draws :func:`smartkit.charts.chart_data` with plotly (:func:`smartkit.charts.kpi_figure`);
the brief draws the very same :class:`~smartkit.charts.ChartData` (same data, same series,
same names and colours) with typst: :func:`layout` turns it into page coordinates for
``templates/chart.typ`` (lines, the forecast band, milestones, the target / baseline / so-far
marks, today, the shaded baseline window, axes with localised ticks, the legend), and
:func:`smartkit.reports.render.chart_png` renders it alone as a PNG. No Chromium, no kaleido.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd

from smartkit.charts import (COLOURS, ChartData, chart_data, label_width, spread_labels, time_ticks, value_marks,
                             value_range)
from smartkit.i18n import Lang, as_lang, fmt_number, t

PAD_DAYS = 3            # room after the deadline, as on the goal page
MARK_TEXT_PT = 6.8      # the value labels' text size (bold), as the template draws them
MARK_LABEL_PT = 9.0     # a value label's height, with room: labels at the deadline keep this far apart


def goal_chart_data(assessment: Any, history: pd.DataFrame | None, lang: Lang | str = "en",
                    view: str | None = None) -> ChartData:
    """The goal page's chart data of a goal's assessment (its default view unless ``view``): the
    goal as judged and the assessment's own forecast, never a second fit."""
    return chart_data(assessment.goal, history, assessment.today, lang, view=view,
                      forecast=assessment.forecast if assessment.forecast is not None else False)


def _hex(colour: str, alpha: float = 1.0) -> str:
    """A colour as typst reads it: "#rrggbb" (with alpha "#rrggbbaa"); "rgba(r,g,b,a)" converted."""
    text = colour.strip()
    if text.startswith("rgb"):
        parts = [p.strip() for p in text[text.index("(") + 1:-1].split(",")]
        r, g, b = (int(float(p)) for p in parts[:3])
        alpha *= float(parts[3]) if len(parts) > 3 else 1.0
        text = f"#{r:02x}{g:02x}{b:02x}"
    if len(text) == 4:
        text = "#" + "".join(c * 2 for c in text[1:])
    return text if alpha >= 1 else f"{text[:7]}{round(alpha * 255):02x}"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low``..``high`` (1, 2, 2.5 or 5 × a power of ten apart)."""
    if high - low < 1e-9:
        pad = abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    value, ticks = math.floor(low / step) * step, []
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _lines(data: ChartData, loc: Lang) -> list[dict[str, Any]]:
    """The drawn series, back to front, with the goal page's names and colours."""
    cumulative = data.view == "cumulative"
    smooth = bool(data.points("history_avg"))
    out = []
    if data.points("history"):
        out.append(dict(role="history", points=data.points("history"),
                        name=t("analysis.chart.actual" if cumulative else "ui.chart.history", loc),
                        colour=_hex(COLOURS["actual" if cumulative else "history"], 0.7 if smooth else 1.0),
                        width=2.5 if cumulative else 1.0, dash=None, legend=not smooth))
    if smooth:
        out.append(dict(role="history_avg", points=data.points("history_avg"), name=t("ui.chart.history_avg", loc),
                        colour=_hex(COLOURS["avg"]), width=2.2, dash=None, legend=True))
    if data.points("baseline"):
        out.append(dict(role="baseline", points=data.points("baseline"),
                        name=t("analysis.chart.baseline_pace" if cumulative else "ui.chart.baseline", loc),
                        colour=_hex(COLOURS["baseline"]), width=2.5, dash="dashed", legend=True))
    if data.points("forecast_mean") and data.points("forecast_upper") and data.points("forecast_lower"):
        out.append(dict(role="forecast", points=data.points("forecast_mean"), name=t("ui.chart.forecast", loc),
                        colour=_hex(COLOURS["forecast"]), width=2.0, dash="dotted", legend=True))
    if data.points("target_path"):
        out.append(dict(role="target_path", points=data.points("target_path"), name=t("ui.chart.trajectory", loc),
                        colour=_hex(COLOURS["trajectory"]), width=3.0, dash=None, legend=True))
    return out


def _mark_labels(marks: list[Any], px: Any, py: Any, loc: Lang) -> list[dict[str, Any]]:
    """The value marks in points: each mark, and where its label goes (``place`` as
    :class:`smartkit.charts.ValueMark` says, ``label_y`` the label's middle: the labels at the
    deadline spread so that no two overlap). The chart is drawn left to right: a right-to-left
    label is kept in its own order ("هدف 2.8%") by an isolate, as on the goal page."""
    at_end = [m for m in marks if m.at_end]
    spread = dict(zip((id(m) for m in at_end), spread_labels([py(m.value) for m in at_end], MARK_LABEL_PT)))
    shift = {"before": -10.0, "after_above": -10.0, "after_below": 10.0}
    colour = _hex(COLOURS["trajectory"])
    own = (lambda text: f"\u2067{text}\u2069") if loc.rtl else (lambda text: text)  # noqa: E731
    return [{"x": px(m.day), "y": py(m.value), "label": own(m.label), "colour": colour, "role": m.role,
             "place": m.place,
             "label_y": round(spread[id(m)] if m.at_end else py(m.value) + shift[m.place], 2)} for m in marks]


def x_range(data: ChartData) -> tuple[dt.date, dt.date]:
    """The days the chart shows: from ``show_from`` to a few days past the target path's end,
    else every point."""
    days = [d for points in data.series.values() for d, _ in points] + ([data.today] if data.today else [])
    path = data.points("target_path")
    first = data.show_from if data.show_from and path else min(days, default=data.today or dt.date.today())
    last = path[-1][0] + dt.timedelta(days=PAD_DAYS) if data.show_from and path else max(days, default=first)
    return first, max(last, first + dt.timedelta(days=1))


def layout(data: ChartData, width: float, height: float, lang: Lang | str = "en") -> dict[str, Any]:
    """The chart in points (``width`` × ``height``, y down) for the typst template: the plot
    box, polylines, the band polygon, markers, value marks, ticks and labels, the legend."""
    loc = as_lang(lang)
    x0, x1 = x_range(data)
    marks = [m for m in value_marks(data, loc) if x0 <= m.day <= x1]
    # labels of the marks at the deadline go right of the lines' ends: the plot leaves them room
    ends = [label_width(m.label, MARK_TEXT_PT) for m in marks if m.at_end]
    left, right, top, bottom = 46.0, max(8.0, max(ends, default=0.0) + 10.0), 14.0, 20.0
    plot_w, plot_h = width - left - right, height - top - bottom
    span = (x1 - x0).days
    inside = lambda points: [(d, v) for d, v in points if x0 <= d <= x1 and math.isfinite(v)]  # noqa: E731
    lines = _lines(data, loc)
    band_upper, band_lower = inside(data.points("forecast_upper")), inside(data.points("forecast_lower"))
    ticks = nice_ticks(*value_range(data, x0, x1))  # the goal page's range: a stock fitted to its data
    y_low, y_high = ticks[0], ticks[-1]

    def px(day: dt.date) -> float:
        return round(left + plot_w * (day - x0).days / span, 2)

    def py(value: float) -> float:
        return round(top + plot_h * (1 - (value - y_low) / (y_high - y_low)), 2)

    drawn = [{"colour": line["colour"], "width": line["width"], "dash": line["dash"],
              "points": [[px(d), py(v)] for d, v in inside(line["points"])]} for line in lines]
    drawn = [line for line in drawn if len(line["points"]) >= 2]
    bands = []
    if len(band_upper) >= 2 and len(band_lower) >= 2 and any(line["role"] == "forecast" for line in lines):
        bands.append({"fill": _hex(COLOURS["band"]),
                      "points": [[px(d), py(v)] for d, v in band_upper] + [[px(d), py(v)] for d, v in band_lower[::-1]]})
    milestones = [{"x": px(d), "y": py(v), "colour": _hex(COLOURS["trajectory"])}
                  for d, v in inside(data.points("milestones"))]
    window = None
    if data.baseline_window is not None:
        a, b = max(data.baseline_window[0], x0), min(data.baseline_window[1], x1)
        if a < b:
            window = {"x": px(a), "w": round(px(b) - px(a), 2), "fill": _hex(COLOURS["window"])}
    today = None
    if data.today is not None and x0 <= data.today <= x1:
        today = {"x": px(data.today), "label": t("ui.chart.today", loc)}
    stamps, labels = time_ticks(pd.Timestamp(x0), pd.Timestamp(x1), loc)
    legend = [{"name": line["name"], "colour": line["colour"], "dash": line["dash"], "kind": "line",
               "width": line["width"]} for line in lines if line["legend"]]
    if bands:
        legend.insert(0, {"name": t("ui.chart.forecast_band", loc), "colour": bands[0]["fill"], "dash": None,
                          "kind": "band", "width": 1.0})
    if milestones:
        legend.append({"name": t("ui.chart.milestones", loc), "colour": _hex(COLOURS["trajectory"]), "dash": None,
                       "kind": "marker", "width": 1.0})
    suffix = "%" if data.unit == "percent" else ""
    return {
        "width": width, "height": height,
        "plot": {"x": left, "y": top, "w": round(plot_w, 2), "h": round(plot_h, 2)},
        "y_title": data.title,
        "x_ticks": [{"x": px(s.date()), "label": label} for s, label in zip(stamps, labels)],
        "y_ticks": [{"y": py(v), "label": fmt_number(v, loc) + suffix} for v in ticks],
        "lines": drawn, "bands": bands, "markers": milestones, "window": window, "today": today,
        "marks": _mark_labels(marks, px, py, loc),
        "legend": legend,
    }
