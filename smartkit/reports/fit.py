"""How the brief's text fits its one page: every field shortened at its own length with "…",
long words and URLs given places to wrap, Thai broken only between words.

The brief is one page, always. :func:`fit_text` is what the PDF and PNG print of a text; the
:class:`~smartkit.reports.brief.Brief` itself, the goal file and the Markdown keep the full text.

**Lengths** (:data:`LIMITS`, in characters as a reader counts them, an emoji or a Thai
letter with its marks being one): goal name 80; "prepared for" line 160; statement 360;
each scorecard reason 400 and fix 200; each number's value (the plan among them) and its note
(baseline and benchmark sources) 240; the chance's reason 400 and the pacing note 300; the
chart's title 100; each sub-goal's name 60 and statement 200, and at most
:data:`SUBGOALS_SHOWN` (6) sub-goals, then "and N more". smartkit's own sentences stay well
within these (the longest, a reason, is 345 characters). The template also scales the page's content down should it still
not fit (it never has, with every field at its length), so nothing ever flows to a second page.

**Wrapping**: a word longer than :data:`LONG_WORD` characters (a URL, a product code, a
keyboard run) may break between any two characters (a zero-width space is put between them),
so it wraps inside its box instead of running off the page.

**Thai** has no spaces between words, and typst's line breaker (a statistical model) splits
some words ("มี|นาคม", "ภาย|ใน"). Thai runs are cut into words with PyThaiNLP's dictionary
(``newmm``): a zero-width space goes between two words and a word joiner (U+2060, invisible)
between the letters of a word, so lines break between words only.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

ELLIPSIS = "…"
ZWSP = "\u200b"          # a place to break, invisible
WORD_JOINER = "\u2060"   # no break here, invisible
LONG_WORD = 24           # a longer word may break anywhere
SUBGOALS_SHOWN = 6
MAX_SCANNED = 100_000  # a text is looked at up to here (a 10 MB one is cut all the same)

LIMITS: dict[str, int] = {
    "title": 80, "prepared": 160, "statement": 360,
    "reason": 400, "fix": 200,
    "fact_value": 240, "fact_note": 240,
    "chance_reason": 400, "pacing_note": 300, "chart_title": 100,
    "subgoal_name": 60, "subgoal_note": 200,
}

_THAI_RUN = re.compile("[\u0e01-\u0e5b]+")
_THAI_EXTENDERS = "\u0e31\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e45\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
_ZWJ = "\u200d"


def _extends(char: str) -> bool:
    """Whether ``char`` belongs to the character before it (a mark, a variation selector, an
    emoji skin tone or tag, a joiner)."""
    code = ord(char)
    return (unicodedata.category(char) in ("Mn", "Mc", "Me") or char == _ZWJ or char in _THAI_EXTENDERS
            or 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F
            or 0xE0100 <= code <= 0xE01EF)


def clusters(text: str) -> list[str]:
    """``text`` as the characters a reader sees: a letter with its marks, an emoji with its
    modifiers and joined parts, a flag (two regional indicators) are one each."""
    out: list[str] = []
    for char in text:
        if out and (_extends(char) or out[-1].endswith(_ZWJ)):
            out[-1] += char
        elif out and _is_regional(char) and len(out[-1]) == 1 and _is_regional(out[-1]):
            out[-1] += char
        else:
            out.append(char)
    return out


def _is_regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def shorten(text: str, limit: int) -> str:
    """``text`` on one line (whitespace runs made single), at most ``limit`` characters: a
    longer one is cut and ends with "…"."""
    source = text[:MAX_SCANNED]
    flat = " ".join(source.split())
    head = flat[: limit * 8 + 1]  # enough for ``limit`` characters of up to 8 code points each
    parts = clusters(head)
    if len(parts) <= limit and len(head) == len(flat) and len(source) == len(text):
        return flat
    return "".join(parts[: limit - 1]).rstrip() + ELLIPSIS


def breakable(text: str) -> str:
    """``text`` with places to break: inside words longer than :data:`LONG_WORD` characters,
    and between Thai words (never inside one)."""
    if _THAI_RUN.search(text):
        text = _THAI_RUN.sub(lambda run: _thai_words(run.group(0)), text)
    return " ".join(_long_word(word) for word in text.split(" "))


def _long_word(word: str) -> str:
    if len(word) <= LONG_WORD or WORD_JOINER in word:
        return word
    parts = clusters(word)
    return ZWSP.join(parts) if len(parts) > LONG_WORD else word


def _thai_words(run: str) -> str:
    return ZWSP.join(WORD_JOINER.join(clusters(word)) for word in _segment(run))


@lru_cache(maxsize=4096)
def _segment(run: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize

    return tuple(word for word in word_tokenize(run, engine="newmm", keep_whitespace=False) if word)


def fit_text(text: str | None, field: str) -> str | None:
    """What the brief's page prints of one field: shortened at its length, then made breakable."""
    if text is None:
        return None
    return breakable(shorten(text, LIMITS[field]))


def fit_document(data: dict[str, Any]) -> dict[str, Any]:
    """The brief's JSON (``Brief.model_dump(mode="json")``) as the page prints it: each field
    fitted (:func:`fit_text`), every other text made breakable, the sub-goals cut to
    :data:`SUBGOALS_SHOWN` (``subgoals_hidden`` says how many more there are)."""
    out = dict(data)
    out["document_title"] = shorten(data["title"], LIMITS["title"])
    for key, field in (("title", "title"), ("prepared", "prepared"), ("statement", "statement"),
                       ("chance_reason", "chance_reason"), ("chart_title", "chart_title")):
        out[key] = fit_text(data[key], field)
    for key in ("heading", "date_line", "statement_label", "overall_text", "verdict", "chance"):
        out[key] = _breakable(data[key])
    out["labels"] = {name: breakable(text) for name, text in data["labels"].items()}
    out["scorecard"] = [{**row, "name": breakable(row["name"]), "status_text": breakable(row["status_text"]),
                         "reason": fit_text(row["reason"], "reason"), "fix": fit_text(row["fix"], "fix")}
                        for row in data["scorecard"]]
    for key in ("facts", "chance_facts", "review"):
        out[key] = [_fact(fact) for fact in data[key]]
    if data.get("pacing"):
        out["pacing"] = {**_fact(data["pacing"]), "note": fit_text(data["pacing"]["note"], "pacing_note")}
    shown = data["subgoals"][:SUBGOALS_SHOWN]
    out["subgoals"] = [{**sub, "name": fit_text(sub["name"], "subgoal_name"),
                        "status_text": breakable(sub["status_text"]),
                        "note": fit_text(sub["note"], "subgoal_note")} for sub in shown]
    out["subgoals_hidden"] = len(data["subgoals"]) - len(shown)
    return out


def _breakable(text: str | None) -> str | None:
    return None if text is None else breakable(text)


def _fact(fact: dict[str, Any]) -> dict[str, Any]:
    return {**fact, "label": breakable(fact["label"]), "value": fit_text(fact["value"], "fact_value"),
            "note": fit_text(fact["note"], "fact_note")}
