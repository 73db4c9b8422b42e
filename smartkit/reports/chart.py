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

from smartkit.charts import COLOURS, ChartData, chart_data, time_ticks
from smartkit.i18n import Lang, as_lang, fmt_number, t

PAD_DAYS = 3            # room after the deadline, as on the goal page


def goal_chart_data(draft: Any, history: pd.DataFrame | None, today: dt.date, lang: Lang | str = "en",
                    view: str | None = None) -> ChartData:
    """The goal page's chart data for ``draft`` (its default view unless ``view``)."""
    return chart_data(draft, history, today, lang, view=view)


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


def _value_marks(data: ChartData, loc: Lang) -> list[tuple[dt.date, float, str]]:
    """The numbers the goal states, as the goal page marks them: target, baseline, so far."""
    marks = []
    if data.target_value is not None and data.deadline is not None:
        marks.append((data.deadline, data.target_value,
                      t("analysis.chart.target_value", loc, value=fmt_number(data.target_value, loc))))
    base = data.points("baseline")
    if data.baseline_value is not None and base:
        marks.append((base[-1][0], data.baseline_value,
                      t("analysis.chart.baseline_value", loc, value=fmt_number(data.baseline_value, loc))))
    if data.progress_value is not None and data.points("history"):
        marks.append((data.points("history")[-1][0], data.progress_value,
                      t("analysis.chart.progress_value", loc, value=fmt_number(data.progress_value, loc))))
    return marks


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
    left, right, top, bottom = 46.0, 8.0, 14.0, 20.0
    plot_w, plot_h = width - left - right, height - top - bottom
    x0, x1 = x_range(data)
    span = (x1 - x0).days
    inside = lambda points: [(d, v) for d, v in points if x0 <= d <= x1 and math.isfinite(v)]  # noqa: E731
    lines = _lines(data, loc)
    band_upper, band_lower = inside(data.points("forecast_upper")), inside(data.points("forecast_lower"))
    marks = [m for m in _value_marks(data, loc) if x0 <= m[0] <= x1]
    values = [v for line in lines for _, v in inside(line["points"])] + [v for _, v in band_upper + band_lower]
    values += [v for _, v, _ in marks]
    low, high = min(values, default=0.0), max(values, default=1.0)
    if data.kind != "stock":
        low = min(low, 0.0)
    ticks = nice_ticks(low, high)
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
        "marks": [{"x": px(d), "y": py(v), "label": label, "colour": _hex(COLOURS["trajectory"])}
                  for d, v, label in marks],
        "legend": legend,
    }
