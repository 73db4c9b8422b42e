"""Goal files with extreme values through `check` (issue 10): every file is either judged, with
strict JSON and no NaN or infinity in any message, or refused in one clear line with exit 2.
Never an internal error (exit 1), never a traceback.

`check` runs in-process (smartkit.cli.main), so a few hundred files take seconds.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartkit.cli import main
from smartkit.goals.criteria import evaluate, is_backwards
from smartkit.i18n import LANGUAGES
from smartkit.models import GoalDraft
from series import three_years
from worked_examples import FIXTURES, GOALS, TODAY

HISTORY = FIXTURES.parents[1] / "data" / "demos" / "pepperoni_palace" / "history.csv"
HISTORIES = [HISTORY, FIXTURES / "exports" / "meta_ads_daily_14d_link_clicks_falling.csv",
             FIXTURES / "exports" / "meta_ads_daily_campaign_90d.csv", FIXTURES / "exports" / "ga4_daily_users.csv"]
BASE = json.loads((GOALS / "pepperoni_palace.json").read_text(encoding="utf-8"))
SCHEMA = GoalDraft.model_json_schema()["properties"]
NOT_FINITE_WORD = re.compile(r"\b(nan|inf|infinity)\b", re.IGNORECASE)
WORK = Path(tempfile.mkdtemp(prefix="smartkit-fuzz-"))
A_YEAR = three_years().loc[str(TODAY - dt.timedelta(days=365)):str(TODAY - dt.timedelta(days=1))]

# ----------------------------------------------------------------------------- extreme values

RAW_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "9" * 5000, "1e308", "-1e308", "1e30",
               "1e-300", "0", "-0.0", "-5", "4.9e-324"]
NUMBERS = st.one_of(
    st.floats(min_value=0, max_value=1e6), st.floats(min_value=0, max_value=100),  # within the rules
    st.sampled_from(RAW_NUMBERS).map(lambda raw: ("raw", raw)),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10**20, max_value=10**20),
    st.sampled_from([0, 0.5, 1, 100, 400, 480, 1e15, -1e15, 1e15 + 1, 99.999, 100.0001]),
    st.sampled_from(["1e999", "NaN", "12,5", "-5", "", " ", "abc"]),
)
DATES = st.one_of(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)).map(dt.date.isoformat),
    st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2028, 12, 31)).map(dt.date.isoformat),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat),
    st.sampled_from(["0001-01-01", "1970-01-01", "1999-12-31", "2000-01-01", "2026-11-24", "2026-12-01",
                     "2026-12-31", "2100-12-31", "2101-01-01", "9999-12-31", "31/12/2026", "", "tomorrow"]),
    st.integers(), st.none(),
)
# user text is shown as typed, so it never spells "nan" or "inf" here: those must come from our numbers
TEXT = st.one_of(st.text(max_size=30).filter(lambda text: not NOT_FINITE_WORD.search(text)),
                 st.sampled_from(["{kpi}", "<b>x</b>", "1e999"]), st.integers(), st.none(),
                 st.lists(st.integers(), max_size=3))
JSON_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10))
NESTED = st.recursive(JSON_LEAVES, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5),
                                                                                                 inner, max_size=3),
                      max_leaves=10)


def values_for(field: str) -> st.SearchStrategy:
    """Extreme values for one field of the schema, by its declared type."""
    spec = SCHEMA[field]
    types = {spec.get("type")} | {option.get("type") for option in spec.get("anyOf", [])}
    formats = {spec.get("format")} | {option.get("format") for option in spec.get("anyOf", [])}
    choices = [value for option in spec.get("anyOf", [spec]) for value in option.get("enum", [])]
    if "date" in formats:
        return DATES
    if "number" in types or "integer" in types:
        if "integer" in types:
            return st.one_of(NUMBERS, st.sampled_from([1, 7, 366, 367, 10**9, 10**30, -1, 0]))
        return NUMBERS
    if choices:
        return st.one_of(st.sampled_from(choices), TEXT)
    if field == "kpi":
        return st.one_of(st.sampled_from(["followers", "ctr", "cpc", "net_followers", "response_time",
                                          "purchases", "sessions", "engagement_rate", "roas", "folowers"]), TEXT)
    if field == "extras":
        return NESTED
    if "boolean" in types:
        return st.one_of(st.booleans(), TEXT)
    return TEXT


GOAL_CHANGES = st.dictionaries(st.sampled_from(sorted(SCHEMA)), st.none(), max_size=6).flatmap(
    lambda picked: st.fixed_dictionaries({field: values_for(field) for field in picked}))
TODAYS = st.sampled_from(["2026-11-24", "2000-01-01", "2100-12-31", "9999-12-31", "0001-01-01", "1970-01-01",
                          "2026-12-15", "2027-06-30"])


def goal_file_text(changes: dict) -> str:
    """The goal file: Pepperoni Palace with some fields replaced (raw JSON tokens kept raw)."""
    data, raw = {**BASE}, {}
    for field, value in changes.items():
        if isinstance(value, tuple) and value[0] == "raw":
            raw[field] = value[1]
            data[field] = f"@@{field}@@"
        else:
            data[field] = value
    text = json.dumps(data, ensure_ascii=False, default=str)  # NaN / Infinity written as JSON extensions
    for field, token in raw.items():
        text = text.replace(f'"@@{field}@@"', token)
    return text


def run_check(text: str, *args: str) -> tuple[int, str, str]:
    path = WORK / "goal.json"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", str(path), *args])
    return code, out.getvalue(), err.getvalue()


def _strict(constant: str) -> None:
    raise AssertionError(f"not strict JSON: {constant}")


def strings_in(obj: object) -> list[str]:
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [text for value in obj.values() for text in strings_in(value)]
    if isinstance(obj, list):
        return [text for value in obj for text in strings_in(value)]
    return []


def assert_judged_or_refused_in_one_line(code: int, out: str, err: str) -> None:
    assert code in (0, 2), err
    if code == 2:
        assert out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), err
        assert "Traceback" not in err and not NOT_FINITE_WORD.search(lines[0]), lines[0]
        return
    result = json.loads(out, parse_constant=_strict)
    for text in strings_in(result):
        assert not NOT_FINITE_WORD.search(text), text
    assert result["overall"] in ("pass", "warn", "fail")


# ----------------------------------------------------------------------------- the cases seen


def test_the_fourteen_crash_kinds_found_by_fuzzing_are_refused_in_one_line():
    seen = {
        "100,000 nested brackets": '{"kpi": "followers", "extras": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "a 5,000-digit baseline": goal_file_text({"baseline": ("raw", "9" * 5000)}),
        "1970 to 9999": goal_file_text({"start": "1970-01-01", "deadline": "9999-12-31"}),
        "start = deadline = 9999-12-31": goal_file_text({"start": "9999-12-31", "deadline": "9999-12-31"}),
        "target 1e30 near year 9999": goal_file_text({"target": 1e30, "deadline": "9998-12-31"}),
        "baseline = target = 1e308": goal_file_text({"baseline": 1e308, "target": 1e308}),
        "baseline = target = 1e308 in money": goal_file_text({"kpi": "cpc", "baseline": 1e308, "target": 1e308}),
        "baseline = target = 1e308 in percent": goal_file_text({"kpi": "ctr", "baseline": 1e308, "target": 1e308}),
        "target NaN": goal_file_text({"target": ("raw", "NaN")}),
        'target "1e999"': goal_file_text({"target": "1e999"}),
        "target 1e999": goal_file_text({"target": ("raw", "1e999")}),
        "start 0001-01-01 with budget": goal_file_text({"start": "0001-01-01", "budget": 150}),
        "huge review cadence": goal_file_text({"review_every_days": 10**12}),
    }
    for case, text in seen.items():
        for extra in ([], ["--data", str(HISTORY)]):
            code, out, err = run_check(text, "--json", "--today", TODAY.isoformat(), *extra)
            assert code == 2, (case, err)
            assert_judged_or_refused_in_one_line(code, out, err)
    for changes in ({}, {"review_every_days": 10**12}):
        code, out, err = run_check(goal_file_text(changes), "--json", "--today", "9999-12-31", "--data", str(HISTORY))
        assert code == 2 and "--today" in err
        assert_judged_or_refused_in_one_line(code, out, err)


# ----------------------------------------------------------------------------- generated goal files


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=GOAL_CHANGES, today=TODAYS, lang=st.sampled_from(LANGUAGES), as_json=st.booleans())
def test_any_goal_file_is_judged_or_refused_in_one_line_never_crashes(changes, today, lang, as_json):
    code, out, err = run_check(goal_file_text(changes), "--today", today, "--lang", lang,
                               *(["--json"] if as_json else []))
    if as_json:
        assert_judged_or_refused_in_one_line(code, out, err)
    else:
        assert code in (0, 2), err
        assert not NOT_FINITE_WORD.search(out + err), out + err


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=GOAL_CHANGES, today=TODAYS, lang=st.sampled_from(LANGUAGES), data=st.sampled_from(HISTORIES))
def test_any_goal_file_checked_against_data_is_judged_or_refused_in_one_line(changes, today, lang, data):
    code, out, err = run_check(goal_file_text(changes), "--json", "--today", today, "--lang", lang,
                               "--data", str(data))
    assert_judged_or_refused_in_one_line(code, out, err)


# extreme values the rules accept: the numbers behind them must still be finite and printable
ACCEPTED_VALUES = st.one_of(st.sampled_from([0, 1e-6, 0.01, 1, 100, 400, 1e6, 1e12, 1e15]), st.floats(0, 1e15),
                            st.floats(0, 100))
ACCEPTED_DAYS = st.one_of(st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
                          st.dates(dt.date(2026, 10, 1), dt.date(2027, 6, 30))).map(dt.date.isoformat)
ACCEPTED_CHANGES = st.fixed_dictionaries({}, optional={
    "baseline": ACCEPTED_VALUES, "target": ACCEPTED_VALUES, "target_change_pct": st.floats(-100, 1e6),
    "budget": ACCEPTED_VALUES, "budget_change_pct": st.floats(-100, 1e6), "start": ACCEPTED_DAYS,
    "deadline": ACCEPTED_DAYS, "review_every_days": st.integers(1, 366), "baseline_window": st.integers(1, 3660),
    "kpi": st.sampled_from(["followers", "ctr", "cpc", "net_followers", "sessions", "response_time", "roas",
                            "engagement_rate", "purchases", "lost_followers", "frequency"]),
    "objective": st.sampled_from(["awareness", "engagement", "customer_service", "leads_sales"])})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=ACCEPTED_CHANGES, today=st.one_of(TODAYS, ACCEPTED_DAYS), data=st.sampled_from([None, *HISTORIES]))
def test_goals_at_the_edge_of_the_rules_are_judged_with_finite_numbers(changes, today, data):
    code, out, err = run_check(goal_file_text(changes), "--json", "--today", today,
                               *(["--data", str(data)] if data else []))
    assert_judged_or_refused_in_one_line(code, out, err)


# ----------------------------------------------------------------------------- backwards is never pass

KPIS = ["followers", "purchases", "sessions", "ctr", "cpc", "response_time", "cost_per_result", "roas",
        "engagement_rate", "lost_followers"]


@settings(max_examples=200, deadline=None)
@given(kpi=st.sampled_from(KPIS), baseline=st.floats(min_value=0.01, max_value=90),
       change=st.floats(min_value=-99, max_value=500).filter(lambda c: abs(c) > 0.01),
       objective=st.sampled_from([None, "awareness", "engagement", "customer_service", "leads_sales"]),
       days=st.integers(min_value=1, max_value=1000), as_percent=st.booleans())
def test_a_backwards_target_is_never_overall_pass(kpi, baseline, change, objective, days, as_percent):
    target = baseline * (1 + change / 100)
    if kpi in ("ctr", "engagement_rate") and target > 100:
        return  # a rate cannot go past 100 %: refused at the field (test_models)
    draft = GoalDraft(kpi=kpi, objective=objective, business_goal="Grow the shop", channel="facebook",
                      baseline=baseline, tracking="ga4", review_every_days=7, budget=1000,
                      start=dt.date(2026, 12, 1), deadline=dt.date(2026, 12, 1) + dt.timedelta(days=days),
                      **({"target_change_pct": change} if as_percent else {"target": target}))
    report = evaluate(draft, today=TODAY)
    if is_backwards(draft):
        assert report.overall != "pass"
        assert report.verdicts["relevant"].status == "warn" or report.verdicts["relevant"].status == "fail"


HISTORY_KPIS = ["link_clicks", "ctr", "cpc", "sessions", "conversions", "new_followers", "lost_followers",
                "net_followers", "impressions"]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kpi=st.sampled_from(HISTORY_KPIS), change=st.floats(min_value=-90, max_value=300).filter(lambda c: abs(c) > 0.5),
       objective=st.sampled_from([None, "awareness", "engagement", "customer_service", "leads_sales"]),
       days=st.integers(min_value=1, max_value=400), start_in=st.integers(min_value=-30, max_value=60))
def test_a_backwards_target_is_never_overall_pass_with_a_history_either(kpi, change, objective, days, start_in):
    start = TODAY + dt.timedelta(days=start_in)
    draft = GoalDraft(kpi=kpi, objective=objective, business_goal="Grow the shop", channel="facebook",
                      baseline=1.0 if kpi == "ctr" else 100.0, target_change_pct=change, tracking="ga4",
                      review_every_days=7, budget=1000, start=start, deadline=start + dt.timedelta(days=days))
    report = evaluate(draft, history=A_YEAR, today=TODAY)
    if is_backwards(draft):
        assert report.overall != "pass"
