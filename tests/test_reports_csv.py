"""The daily KPI table is safe to open in a spreadsheet (issue 19): cells neutralised by the
OWASP rule for CSV injection, whatever whitespace or full-width sign hides the formula, and
fast with a huge goal name."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartkit.demos import load_demo
from smartkit.reports import kpi_csv, neutralise
from smartkit.reports.export import CELL_LIMIT, FORMULA_SIGNS

TODAY = dt.date(2026, 11, 26)
BLANK = re.compile("^[\\s\u00ad\u200b-\u200f\u2060-\u2064\ufeff]*")
SEPARATED = re.compile("[,;][\\s\u00ad\u200b-\u200f\u2060-\u2064\ufeff'\"]*(.)", re.S)


@pytest.fixture(scope="module")
def demo():
    loaded = load_demo("pepperoni_palace", TODAY)
    return loaded.draft, loaded.history


def read_back(cell: str) -> str:
    """``cell`` written as one row of a CSV and read back, as a spreadsheet is given it."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC).writerow([cell])
    (row,) = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    return row[0]


def runs_as_formula(cell: str) -> bool:
    """Whether a spreadsheet would read ``cell`` as a formula: a sign first once whitespace and
    invisible characters are skipped, or a tab, CR or LF first (never after a leading quote)."""
    if cell.startswith("'"):
        return False
    rest = BLANK.sub("", cell)
    return cell[:1] in ("\t", "\r", "\n") or (rest[:1] != "" and rest[0] in FORMULA_SIGNS)


SEEN = [" =HYPERLINK(\"http://x\")", "\n=1+2", "\r\n=1+2", "＝1+2", "＋1", "－5", "＠SUM(A1)", "\u3000=1+2",
        "\u00a0+1", "\u200b=1", "\ufeff@SUM(A1)", "Pepperoni;=1+2", "Pepperoni; -2+3", "Pepperoni,\"=1+2",
        "=1+2\";=1+2", "\tgoal", "\rgoal", "\ngoal"]


@pytest.mark.parametrize("name", SEEN)
def test_a_formula_behind_whitespace_a_full_width_sign_or_a_separator_is_neutralised(name, demo):
    draft, history = demo
    data = kpi_csv(draft.model_copy(update={"name": name}), history, TODAY)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert all(row[1] == "'" + name for row in rows[1:])


@pytest.mark.parametrize("text", ["Pepperoni Palace", "Sale - 20 % off", "hello@example.com", "3 + 4", "'=1",
                                  "ผู้ติดตาม", "دنبال‌کنندگان"])
def test_ordinary_text_is_left_as_typed(text):
    assert neutralise(text) == text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from(list(FORMULA_SIGNS) + list(" \t\r\n;,'\"\u3000\u200b\ufeff")),
                                  st.characters(codec="utf-8")), max_size=30))
def test_no_cell_neutralised_and_read_back_starts_a_formula(text):
    cell = read_back(neutralise(text))
    assert cell == neutralise(text)
    assert not runs_as_formula(cell)
    # nor does a part that a spreadsheet splitting the cell at a separator would start (after
    # whitespace and quotes), unless the whole cell is marked as text
    assert cell.startswith("'") or not any(sign in FORMULA_SIGNS for sign in SEPARATED.findall(cell))


def test_a_10_mb_goal_name_makes_the_csv_in_under_2_seconds(demo):
    draft, history = demo
    kpi_csv(draft, history, TODAY)  # warm: imports and caches, as in the running app
    huge = draft.model_copy(update={"name": "=" + "y" * 10_000_000})
    started = time.perf_counter()
    data = kpi_csv(huge, history, TODAY)
    assert time.perf_counter() - started < 2.0
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert all(len(row[1]) <= CELL_LIMIT and row[1].startswith("'=yyy") and row[1].endswith("…") for row in rows[1:])
