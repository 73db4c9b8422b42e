"""The brief and the chart as PDF and PNG, typeset by typst (the ``typst`` wheel).

typst shapes with HarfBuzz-grade shaping, lays out right-to-left paragraphs (bidi) and breaks
Thai lines between words (cut into words first: :mod:`smartkit.reports.fit`), with no system
dependency. Fonts come with smartkit (``smartkit/reports/fonts``, Noto under the SIL Open Font
License, Noto Emoji for emoji): the machine's fonts are never read, so a brief looks the same
everywhere.

The brief is one page, always (:mod:`smartkit.reports.fit`: each field shortened at its
length, long words breakable, the content scaled down should it still not fit), so its PNG is
the whole brief.

The brief's content goes to the template as one JSON document (``sys.inputs``): user text is
data, never typst markup, so a goal named ``#set page(...)`` or ``*bold*`` prints as typed.
"""
from __future__ import annotations

import json
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from smartkit.errors import SmartkitError

HERE = Path(__file__).resolve().parent
FONTS_DIR = HERE / "fonts"
TEMPLATES = HERE / "templates"
Paper = Literal["a4", "letter"]
PAPERS: dict[str, str] = {"a4": "a4", "letter": "us-letter"}
PNG_PPI = 144
CHART_WIDTH_PT = {"a4": 515.0, "letter": 535.0}    # the text width of the page
CHART_HEIGHT_PT = 205.0
CHART_PNG_SIZE = (640.0, 300.0)                     # the chart alone, in points
# Latin first (Vietnamese is Latin), then the scripts Latin fonts lack.
# Noto Sans Math: the minus sign (U+2212) Babel writes before negative numbers; Noto Emoji
# (monochrome) last, for emoji in what users type.
FONTS: dict[str, list[str]] = {
    "fa": ["Noto Naskh Arabic", "Noto Sans", "Noto Sans Thai", "Noto Sans Math", "Noto Emoji"],
    "th": ["Noto Sans Thai", "Noto Sans", "Noto Naskh Arabic", "Noto Sans Math", "Noto Emoji"],
}
DEFAULT_FONTS = ["Noto Sans", "Noto Naskh Arabic", "Noto Sans Thai", "Noto Sans Math", "Noto Emoji"]
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _fonts():
    import typst

    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(FONTS_DIR)])


@lru_cache(maxsize=4)
def _compiler(template: str):
    import typst

    return typst.Compiler(input=str(TEMPLATES / template), root=str(TEMPLATES), font_paths=_fonts(),
                          ignore_system_fonts=True)


def _compile(template: str, key: str, document: dict[str, Any], fmt: str, ppi: float | None = None) -> bytes:
    import typst

    payload = json.dumps(document, ensure_ascii=False, default=str, allow_nan=False)
    with _lock:  # one compiler per template, shared by the app's threads
        try:
            out = _compiler(template).compile(format=fmt, ppi=ppi, sys_inputs={key: payload}, pdf_tags=True)
        except typst.TypstError as err:  # a bug of ours, never the user's text
            raise SmartkitError("error.report.render", detail=str(getattr(err, "message", err))[:200]) from None
    if isinstance(out, list):  # a PNG per page: the brief and the chart are one page each, always
        if len(out) != 1:
            raise SmartkitError("error.report.render", detail=f"{len(out)} pages instead of one")
        out = out[0]
    return out


def fonts_for(lang: str) -> list[str]:
    return FONTS.get(lang, DEFAULT_FONTS)


def brief_document(brief: Any, paper: Paper = "a4") -> dict[str, Any]:
    """The JSON the brief template reads: the brief's content, the paper and the chart laid
    out for the page's width."""
    from smartkit.i18n import t
    from smartkit.reports.chart import layout
    from smartkit.reports.fit import breakable, fit_document

    if paper not in PAPERS:
        raise SmartkitError("error.report.paper", paper=paper)
    data = fit_document(brief.model_dump(mode="json", exclude={"chart"}))
    data["chart"] = None
    if brief.chart is not None:
        data["chart"] = {**layout(brief.chart, CHART_WIDTH_PT[paper], CHART_HEIGHT_PT, brief.loc),
                         "title": data["chart_title"]}
    hidden = data.pop("subgoals_hidden")
    data.update(paper=PAPERS[paper], fonts=fonts_for(brief.lang),
                footer=breakable(t("report.footer", brief.lang)),
                subgoals_more=breakable(t("report.subgoal.more", brief.lang, count=hidden)) if hidden else None)
    return data


def brief_pdf(brief: Any, paper: Paper = "a4") -> bytes:
    """The brief as a one-page PDF."""
    return _compile("brief.typ", "brief", brief_document(brief, paper), "pdf")


def brief_png(brief: Any, paper: Paper = "a4", ppi: float = PNG_PPI) -> bytes:
    """The brief's page as a PNG (``ppi`` pixels per inch: A4 at 144 ppi is 1191 × 1684)."""
    return _compile("brief.typ", "brief", brief_document(brief, paper), "png", ppi)


def chart_png(chart: Any, title: str, lang: Any = "en", ppi: float = 2 * PNG_PPI) -> bytes:
    """The KPI chart (a :class:`smartkit.charts.ChartData`) alone, with its title and legend,
    as a PNG (no browser needed)."""
    from smartkit.i18n import as_lang
    from smartkit.reports.chart import layout

    loc = as_lang(lang)
    width, height = CHART_PNG_SIZE
    document = {"chart": {**layout(chart, width, height, loc), "title": title}, "lang": loc.code,
                "rtl": loc.rtl, "fonts": fonts_for(loc.code)}
    return _compile("chart_page.typ", "chart", document, "png", ppi)
