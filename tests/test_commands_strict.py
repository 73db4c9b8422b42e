"""Every command as strict as ``check`` (issue 19): the goal files, exports and arguments that
made ``report``, ``goals import`` or ``baseline`` exit 1 are refused in one line (exit 2) in
the user's language, or, for a lone surrogate, read with it replaced. One test per case seen."""
from __future__ import annotations

import json

import pytest

from commands import (HISTORY_CSV, PEPPERONI, TODAY, assert_done_or_refused_in_one_line, pepperoni_data, refused,
                      run, saved_with_history, strict_json)
from smartkit.errors import GoalFileError
from smartkit.models import MAX_NESTING, GoalDraft, parse_goal_json
from smartkit.reports import read_goal_file
from smartkit.storage import Library

FORMATS = ("json", "csv", "md", "pdf", "png")


def write(tmp_path, text: str, name: str = "goal.json") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def report(path: str, form: str, tmp_path, *args: str):
    return run("report", path, "--format", form, "--out", str(tmp_path / f"out.{form}"), "--today", TODAY, *args)


def with_history(rows: list, columns: list | None = None) -> str:
    return json.dumps({**pepperoni_data(), "history": {"columns": columns or ["followers"], "rows": rows}})


def refused_by_report_and_import(tmp_path, text: str, says: str) -> None:
    path = write(tmp_path, text)
    for form in ("json", "csv"):
        assert says in refused(report(path, form, tmp_path))
    assert says in refused(run("goals", "import", path))


# ----------------------------------------------------------------------------- the cases seen


def test_a_deeply_nested_goal_file_is_refused_with_a_reason_by_report(tmp_path):
    for depth in (MAX_NESTING + 1, 900, 100_000):  # json reads the first two; only the last overflows it
        text = json.dumps(pepperoni_data())[:-1] + ', "notes": ' + "[" * depth + "]" * depth + "}"
        refused_by_report_and_import(tmp_path, text, "nested too deeply")
    nested_history = json.dumps({**pepperoni_data(), "history": {"columns": ["followers"],
                                                                 "rows": [["2026-11-01", 1]], "x": []}})
    nested_history = nested_history.replace('"x": []', '"x": ' + "[" * 500 + "]" * 500)
    refused_by_report_and_import(tmp_path, nested_history, "nested too deeply")


def test_a_goal_file_nested_as_deep_as_the_limit_is_still_read(tmp_path):
    depth = MAX_NESTING - 1  # the goal object itself is the first level
    text = json.dumps(pepperoni_data())[:-1] + ', "notes": ' + "[" * depth + "]" * depth + "}"
    assert parse_goal_json(text)["notes"]
    result = report(write(tmp_path, text), "json", tmp_path)
    assert result.code == 0, result.err
    assert strict_json((tmp_path / "out.json").read_text(encoding="utf-8"))["notes"]


def test_a_five_thousand_digit_number_is_refused_by_report(tmp_path):
    for field in ("baseline", "notes"):
        text = json.dumps(pepperoni_data())[:-1] + f', "{field}": ' + "9" * 5000 + "}"
        refused_by_report_and_import(tmp_path, text, "thousands of digits")
    refused_by_report_and_import(tmp_path, with_history([["2026-11-01", "@@"]]).replace('"@@"', "9" * 5000),
                                 "thousands of digits")


def test_an_infinite_history_value_is_refused(tmp_path):
    for token in ("Infinity", "-Infinity", "1e999", "NaN"):
        text = with_history([["2026-11-01", 100], ["2026-11-02", "@@"]]).replace('"@@"', token)
        line = refused(report(write(tmp_path, text), "json", tmp_path))
        assert "row 2 of the history" in line and "followers" in line
        refused_by_report_and_import(tmp_path, text, "row 2 of the history")
    with pytest.raises(GoalFileError):
        read_goal_file(with_history([["2026-11-01", "1e999"]]))  # text is no number either


def test_duplicate_history_columns_are_refused(tmp_path):
    text = with_history([["2026-11-01", 100, 101]], columns=["followers", "followers"])
    refused_by_report_and_import(tmp_path, text, "“followers” more than once")


def test_a_lone_surrogate_in_the_name_is_refused_or_replaced_by_every_command(tmp_path):
    text = json.dumps({**pepperoni_data(), "name": "Pepperoni \ud800Palace", "notes": {"\udc00": ["x\udbff"]}})
    assert "\\ud800" in text  # the escape JSON allows; no UTF-8 file can hold the character itself
    path = write(tmp_path, text)
    assert GoalDraft.from_json_text(text).name == "Pepperoni \ufffdPalace"
    for form in FORMATS:
        result = report(path, form, tmp_path)
        assert result.code == 0, (form, result.err)
    assert strict_json((tmp_path / "out.json").read_text(encoding="utf-8"))["name"] == "Pepperoni \ufffdPalace"
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    for args in (["check", path, "--json", "--today", TODAY], ["goals", "import", path, "--json"]):
        result = run(*args)
        assert result.code == 0, (args, result.err)
    goal_id = strict_json(result.out)["id"]
    shown = run("goals", "show", goal_id, "--json", "--today", TODAY)
    assert shown.code == 0, shown.err
    assert strict_json(shown.out)["goal"]["name"] == "Pepperoni \ufffdPalace"
    assert run("report", "--goal", goal_id, "--format", "pdf", "--out", str(tmp_path / "stored.pdf"),
               "--today", TODAY).code == 0
    assert GoalDraft(name="a\udc00").name == "a\ufffd"  # built in code (the wizard) as well


def test_a_history_date_of_year_one_is_refused(tmp_path):
    for day in ("0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"):
        text = with_history([["2026-11-01", 100], [day, 101]])
        refused_by_report_and_import(tmp_path, text, f"row 2 of the history is dated {day}")
    for cell in ("2026-02-30", "soon", 20261101, None):
        refused_by_report_and_import(tmp_path, with_history([[cell, 1]]), "row 1 of the history needs a date")
    refused_by_report_and_import(tmp_path, with_history([["2026-11-01", 1], ["2026-11-01", 2]]),
                                 "repeats the date")


def test_a_400_digit_history_value_is_refused(tmp_path):
    for token in ("9" * 400, "-" + "9" * 400, "1e16", "true"):
        text = with_history([["2026-11-01", "@@"]]).replace('"@@"', token)
        refused_by_report_and_import(tmp_path, text, "row 1 of the history has a value")


def test_a_history_refusal_is_in_the_users_language(tmp_path):
    path = write(tmp_path, with_history([["0001-01-01", 1]]))
    english = refused(report(path, "json", tmp_path))
    for lang in ("vi", "th", "fa"):
        line = refused(report(path, "json", tmp_path, "--lang", lang))
        assert line != english and "0001-01-01" in line


def test_a_saved_goal_with_its_history_is_still_read_by_every_command(tmp_path):
    path = write(tmp_path, json.dumps(saved_with_history()))
    for form in FORMATS:
        assert report(path, form, tmp_path).code == 0, form
    result = run("goals", "import", path, "--json")
    assert result.code == 0, result.err


# ----------------------------------------------------------------------------- --today and the other arguments

OUT_OF_WINDOW = ("0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31")


def every_command_with_today(tmp_path) -> dict[str, list[str]]:
    goal_id = Library().create(GoalDraft.load(PEPPERONI)).id
    return {
        "check": ["check", str(PEPPERONI)],
        "baseline": ["baseline", str(HISTORY_CSV), "--kpi", "new_followers"],
        "goals list": ["goals", "list"],
        "goals show": ["goals", "show", goal_id],
        "goals track": ["goals", "track", goal_id, str(HISTORY_CSV)],
        "report": ["report", str(PEPPERONI), "--format", "json", "--out", str(tmp_path / "r.json")],
        "report --goal": ["report", "--goal", goal_id, "--format", "json", "--out", str(tmp_path / "s.json")],
    }


def test_every_command_validates_today(tmp_path):
    commands = every_command_with_today(tmp_path)
    for name, args in commands.items():
        for day in OUT_OF_WINDOW:
            line = refused(run(*args, "--today", day))
            assert "--today" in line and day in line, (name, line)
        assert run(*args, "--today", "2000-01-01").code in (0, 2), name  # the window's first day is a date
        assert run(*args, "--today", TODAY).code == 0, name
        line = refused(run(*args, "--today", "26/11/2026"))
        assert "YYYY-MM-DD" in line, (name, line)


def test_every_option_taking_a_date_is_held_to_the_planning_window():
    base = ["baseline", str(HISTORY_CSV), "--kpi", "new_followers"]
    for flag in ("--start", "--end"):
        for day in OUT_OF_WINDOW:
            line = refused(run(*base, flag, day))
            assert flag in line and day in line, line
    assert run(*base, "--start", "2026-10-01", "--end", "2026-11-20", "--today", TODAY).code == 0


@pytest.mark.parametrize("args, says", [
    (["--window", "100000000"], "“--window” must be at most"),
    (["--window", "0"], "“--window” must be at least 1"),
    (["--anchor", "1e999"], "“--anchor” must be an ordinary number"),
    (["--anchor", "nan"], "“--anchor” must be an ordinary number"),
    (["--anchor=-5"], "“--anchor” cannot be below 0"),
    (["--anchor", "1e300"], "“--anchor” is too large"),
    (["--benchmark", "inf"], "“--benchmark” must be an ordinary number"),
    (["--benchmark=-1e308"], "“--benchmark” is too large"),
])
def test_baseline_numbers_on_the_command_line_follow_the_rules_of_the_goals_fields(args, says):
    line = refused(run("baseline", str(HISTORY_CSV), "--kpi", "new_followers", *args, "--json"))
    assert says in line, line


def test_a_sensible_baseline_on_the_command_line_is_still_answered_in_strict_json():
    result = run("baseline", str(HISTORY_CSV), "--kpi", "followers", "--window", "90", "--benchmark", "500",
                 "--today", TODAY, "--json")
    assert_done_or_refused_in_one_line(result, json_out=True)
    assert result.code == 0 and strict_json(result.out)["benchmark"]["value"] == 500
