"""The brief as Markdown, for docs and chat: the same content as the PDF, the chart as an
attached image (a PNG written next to the ``.md`` file, linked by its name).

Every text is escaped, so a goal named ``**[click](http://x)**`` reads as typed and never as
Markdown or HTML.
"""
from __future__ import annotations

import re
from typing import Any

from smartkit.i18n import t

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$&!^])")
_LINE_START = re.compile(r"^([-+=>]|\d+(?=[.)]))")
STATUS_MARK = {"pass": "✔", "warn": "!", "fail": "✘", "none": "·"}


def escape(text: Any) -> str:
    """Text safe inside Markdown: every character that starts Markdown or HTML markup
    backslash-escaped (and a list or heading marker at its start), on one line."""
    flat = _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    return _LINE_START.sub(lambda m: m.group(0) + "\\" if m.group(0)[0].isdigit() else "\\" + m.group(0), flat)


def brief_markdown(brief: Any, chart_file: str | None = None) -> str:
    """The brief in Markdown. ``chart_file``: the name of the chart PNG written next to it
    (no image line without it)."""
    e = escape
    lines = [f"# {e(brief.title)}", "", f"*{e(brief.heading)} · {e(brief.prepared)}*", "",
             f"**{e(brief.statement_label)}:** {e(brief.statement)}", "",
             f"{STATUS_MARK[brief.overall]} {e(brief.overall_text)}", "",
             f"## {e(brief.labels['scorecard'])}", ""]
    for row in brief.scorecard:
        lines.append(f"- {STATUS_MARK[row.status]} **{e(row.name)}** ({e(row.status_text)}): {e(row.reason)}")
        if row.fix:
            lines.append(f"  - {e(brief.labels['fix'])}: {e(row.fix)}")
    lines += ["", f"## {e(brief.labels['numbers'])}", ""]
    lines += [_fact(f) for f in brief.facts]
    lines += ["", f"## {e(brief.labels['chance'])}", ""]
    if brief.verdict:
        chance = f" · {e(brief.chance)} {e(brief.labels['probability'])}" if brief.chance else ""
        lines.append(f"**{e(brief.labels['verdict'])}: {e(brief.verdict)}**{chance}")
        lines.append("")
    lines += [_fact(f) for f in brief.chance_facts]
    if brief.chance_reason:
        lines += ["", e(brief.chance_reason)]
    if brief.chart is not None:
        lines += ["", f"## {e(brief.chart_title)}", ""]
        if chart_file:
            alt = escape(t("report.md.chart_alt", brief.lang, title=brief.chart_title))
            lines.append(f"![{alt}](<{chart_file}>)")
    if brief.pacing is not None:
        lines += ["", f"## {e(brief.labels['pacing'])}", "", _pacing(brief)]
    lines += ["", f"## {e(brief.labels['review'])}", ""]
    lines += [_fact(f) for f in brief.review]
    lines += ["", f"## {e(brief.labels['subgoals'])}", ""]
    for sub in brief.subgoals:
        note = f": {e(sub.note)}" if sub.note else ""
        lines.append(f"- {STATUS_MARK[sub.status]} **{e(sub.name)}** ({e(sub.status_text)}){note}")
    return "\n".join(lines).rstrip() + "\n"


PACE_STATUSES = ("on_track", "at_risk", "off_track", "too_early")


def _pacing(brief: Any) -> str:
    """The pacing line, its status said once: a pacing note opens with the status in words
    ("On track: 379 so far…"), so that opening is the line's bold status, not a second one."""
    mark, label, note = STATUS_MARK[brief.pacing_status or "none"], brief.pacing.label, brief.pacing.note
    if not note:
        return f"{mark} **{escape(label)}**"
    text = escape(note)
    for status in PACE_STATUSES:
        opening = t(f"pacing.{status}", brief.lang).split(":")[0]
        if note[:len(opening) + 1].casefold() == f"{opening}:".casefold():
            head = escape(note[:len(opening)])
            return f"{mark} **{head}:**{text[len(head) + 1:]}"
    return f"{mark} **{escape(label)}**: {text}"


def _fact(fact: Any) -> str:
    note = f" ({escape(fact.note)})" if fact.note else ""
    return f"- **{escape(fact.label)}:** {escape(fact.value)}{note}"
