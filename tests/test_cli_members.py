"""``goals members`` and ``--as``: the command line applies exactly the app's rules (issue 20)."""
from __future__ import annotations

import argparse
import json

import pytest

from smartkit.cli import build_parser, main
from smartkit.models import GoalDraft
from smartkit.storage import Library

ALICE, BOB, MALLORY = "alice@example.com", "bob@example.com", "mallory@example.com"


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    """``python -m smartkit ARGS`` in process on a library of its own: (exit code, stdout, stderr)."""
    monkeypatch.setenv("SMARTKIT_DATABASE_URL", f"sqlite:///{tmp_path / 'library.sqlite3'}")

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def acme(run, tmp_path):
    """Acme, created by Alice (its owner) with one goal; Bob is a viewer there."""
    path = tmp_path / "goal.json"
    path.write_text(GoalDraft(name="Acme traffic", kpi="referral_sessions", baseline=900, target=1200,
                              start="2026-01-01", deadline="2026-03-31").to_json(), encoding="utf-8")
    code, out, _ = run("goals", "import", str(path), "--workspace", "Acme", "--as", ALICE, "--json")
    assert code == 0
    assert run("goals", "members", "add", "Acme", BOB, "--role", "viewer", "--as", ALICE)[0] == 0
    return json.loads(out)["id"]


def test_members_are_added_listed_and_removed(run, acme):
    code, out, _ = run("goals", "members", "list", "Acme", "--json")
    assert code == 0
    members = json.loads(out)
    assert [(m["email"], m["role"]) for m in members] == [(ALICE, "owner"), (BOB, "viewer")]
    assert set(members[0]) == {"workspace", "email", "role", "added_at", "added_by"}
    assert members[1]["added_by"] == ALICE
    assert run("goals", "members", "remove", "Acme", BOB)[0] == 0
    assert [m["email"] for m in json.loads(run("goals", "members", "list", "Acme", "--json")[1])] == [ALICE]


def test_as_a_user_the_list_holds_only_their_workspaces_goals(run, acme):
    assert [g["id"] for g in json.loads(run("goals", "list", "--json", "--as", BOB)[1])] == [acme]
    assert json.loads(run("goals", "list", "--json", "--as", MALLORY)[1]) == []
    assert [g["id"] for g in json.loads(run("goals", "list", "--json")[1])] == [acme]  # the administrator


@pytest.mark.parametrize("command", [
    ["goals", "show", "{id}"], ["goals", "export", "{id}", "--out", "{tmp}/x.json"],
    ["goals", "track", "{id}", "{tmp}/none.csv"],
    ["report", "--goal", "{id}", "--format", "json", "--out", "{tmp}/x.json"],
])
def test_another_workspaces_goal_is_not_found_from_every_command(run, acme, tmp_path, command):
    argv = [part.format(id=acme, tmp=tmp_path) for part in command]
    (tmp_path / "none.csv").write_text("Date,Sessions\n2026-01-01,5\n", encoding="utf-8")
    foreign = run(*argv, "--as", MALLORY)
    missing = run(*[part.replace(acme, "NoSuchGoalIdAtAll12345") for part in argv], "--as", MALLORY)
    assert foreign[0] == missing[0] == 2
    assert foreign[2].replace(acme, "ID") == missing[2].replace("NoSuchGoalIdAtAll12345", "ID")
    assert foreign[2].count("\n") == 1 and "Traceback" not in foreign[2]


def test_a_viewer_refused_an_editors_action_gets_one_line_and_nothing_changes(run, acme, tmp_path):
    export = tmp_path / "ga4.csv"
    export.write_text("Date,Sessions\n2026-01-01,5\n2026-01-02,6\n", encoding="utf-8")
    code, out, err = run("goals", "track", acme, str(export), "--as", BOB)
    assert code == 2 and err.count("\n") == 1 and "viewer" in err and "editor" in err
    assert Library().history(acme) is None
    code, _, err = run("goals", "members", "add", "Acme", MALLORY, "--role", "owner", "--as", BOB)
    assert code == 2 and "owner" in err
    assert [m["email"] for m in json.loads(run("goals", "members", "list", "Acme", "--json")[1])] == [ALICE, BOB]


def test_a_stranger_cannot_tell_a_workspace_exists_from_its_members(run, acme):
    for name in ("Acme", "Nothing here"):
        code, _, err = run("goals", "members", "list", name, "--as", MALLORY)
        assert code == 2 and "among yours" in err


@pytest.mark.parametrize("bad", ["not-an-email", "alice@example.com\u200b", "\uff41lice@example.com"])
def test_a_bad_as_email_is_refused_in_one_line_never_widened(run, acme, bad):
    code, out, err = run("goals", "list", "--json", "--as", bad)
    assert code == 2 and out == "" and err.count("\n") == 1


def test_a_bad_role_is_refused_by_the_parser(run, acme):
    with pytest.raises(SystemExit) as exited:
        run("goals", "members", "add", "Acme", MALLORY, "--role", "admin")
    assert exited.value.code == 2


def test_every_goals_command_and_report_take_as():
    parser = build_parser()

    def leaves(p: argparse.ArgumentParser, path: tuple[str, ...] = ()):
        subs = [a for a in p._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            yield path, p
        for action in subs:
            for name, child in action.choices.items():
                yield from leaves(child, (*path, name))

    commands = {path: p for path, p in leaves(parser) if path[0] in ("goals", "report")}
    assert len(commands) >= 9
    for path, command in commands.items():
        assert "--as" in command._option_string_actions, path
