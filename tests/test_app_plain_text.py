"""User text is shown as typed, never as Markdown, HTML or LaTeX: Markdown, a link, a colour
directive, LaTeX and HTML are put in every text field of a goal, every page is run (AppTest), and
every text the pages send to be rendered (bodies, labels, help tooltips, metric values) must carry
them escaped."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import pytest
from streamlit.testing.v1 import AppTest

from smartkit.demos import load_demo
from ui.state import Keys
from ui.widgets import md

TODAY = dt.date(2026, 11, 24)
APP = __import__("pathlib").Path(__file__).resolve().parent.parent / "app.py"
PAGES = ["pages/objective.py", "pages/kpis.py", "pages/baseline.py", "pages/target.py", "pages/goal.py",
         "pages/meeting.py"]
PAYLOAD = "**Bold** [a link](https://example.com) :red[Red] $x^2$ <b>Html</b> # Heading"
# What each kind of formatting would need to survive unescaped.
RAW = ("**Bold**", "[a link](", ":red[Red]", "$x^2$", "<b>Html", "# Heading")
TEXT_FIELDS = ("name", "business_goal", "product", "audience", "location", "scope", "owner", "plan",
               "baseline_source", "benchmark_source")
# Proto fields that hold what the user typed in a widget (shown in an input box, as text).
TYPED = {"default", "value", "raw_value", "string_value"}


ESCAPED_CHARACTER = re.compile(r"\\.")  # a backslash and the character it escapes


def formatting_left(text: str) -> list[str]:
    """The formatting of the payload that would still act once escaped characters are set aside."""
    bare = ESCAPED_CHARACTER.sub("", text)
    return [raw for raw in RAW if raw in bare]


def strings(message, path: str = ""):
    """Every string in a protobuf message with the name of its field, recursively."""
    for field, value in message.ListFields():
        values = value if isinstance(value, Sequence) and not isinstance(value, (str, bytes)) else [value]
        for item in values:
            if isinstance(item, str):
                yield field.name, item
            elif hasattr(item, "ListFields"):
                yield from strings(item, f"{path}.{field.name}")


def nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from nodes(child)


def rendered_texts(at: AppTest) -> list[str]:
    out = []
    for root in (at.main, at.sidebar):
        for node in nodes(root):
            proto = getattr(node, "proto", None)
            if proto is None or not hasattr(proto, "ListFields"):
                continue
            out += [text for name, text in strings(proto) if name not in TYPED]
    return out


@pytest.fixture(scope="module")
def marked_up():
    demo = load_demo("pepperoni_palace", TODAY)
    draft = demo.draft.model_copy(update={field: PAYLOAD for field in TEXT_FIELDS})
    return draft, demo.history


@pytest.mark.parametrize("page", PAGES)
def test_markdown_html_and_latex_typed_by_the_user_are_shown_escaped_on_every_page(page, marked_up):
    draft, history = marked_up
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[Keys.TODAY] = TODAY
    at.session_state[Keys.DRAFT] = draft.model_copy(deep=True)
    at.session_state[Keys.HISTORY] = history
    at.session_state[Keys.HISTORY_ID] = "plain-text"
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    texts = rendered_texts(at)
    unescaped = [text for text in texts if formatting_left(text)]
    assert not unescaped, unescaped
    shown = "\n".join(texts)
    assert md("**Bold**") in shown  # the user's text is there, escaped (the sidebar names the goal)


def test_the_baseline_tooltip_on_the_target_page_shows_how_it_was_measured_as_typed(marked_up):
    draft, history = marked_up
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[Keys.TODAY] = TODAY
    at.session_state[Keys.DRAFT] = draft.model_copy(deep=True)
    at.session_state[Keys.HISTORY] = history
    at.session_state[Keys.HISTORY_ID] = "plain-text"
    at.run()
    at.switch_page("pages/target.py").run()
    helps = [metric.proto.help for metric in at.metric if metric.proto.help]
    assert md(PAYLOAD) in helps


def test_md_escapes_every_markdown_latex_directive_and_html_character():
    escaped = md(PAYLOAD)
    for raw in RAW:
        assert raw not in ESCAPED_CHARACTER.sub("", escaped)
    assert escaped.replace("\\", "") == PAYLOAD
