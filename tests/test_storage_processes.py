"""Several app instances on one PostgreSQL library: two processes see each other's saves, and
racing saves of one goal lose nothing (each either lands or gets a version conflict)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smartkit.storage import Library
from smartkit.storage.testing import database_url

ROOT = Path(__file__).resolve().parents[1]
INSTANCE = """
import json, sys
from smartkit.models import GoalDraft
from smartkit.storage import Library, VersionConflictError
library = Library(sys.argv[1])
print("ready", flush=True)
for line in sys.stdin:
    command, *args = line.split()
    if command == "create":
        print(library.create(GoalDraft(name=args[0]), workspace="team").id, flush=True)
    elif command == "get":
        stored = library.get(args[0])
        print(json.dumps({"name": stored.goal.name, "version": stored.version, "plan": stored.goal.plan}), flush=True)
    elif command == "save":
        try:
            stored = library.save(args[0], GoalDraft(name=args[1]), expected_version=int(args[2]))
            print(json.dumps({"version": stored.version}), flush=True)
        except VersionConflictError as conflict:
            print(json.dumps({"conflict": conflict.stored.version}), flush=True)
    elif command == "list":
        print(json.dumps(sorted(g.name for g in library.list(workspace="team"))), flush=True)
    elif command == "race":
        goal_id, times, landed = args[0], int(args[1]), 0
        while landed < times:
            stored = library.get(goal_id)
            try:
                library.save(goal_id, stored.goal.model_copy(update={"plan": (stored.goal.plan or "") + args[2]}),
                             expected_version=stored.version)
                landed += 1
            except VersionConflictError:
                pass
        print(landed, flush=True)
"""


class Instance:
    """One app instance: a separate Python process with its own Library on the same URL."""

    def __init__(self, url: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", INSTANCE, url], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                                        env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert self.process.stdout.readline().strip() == "ready", self.process.stderr.read()

    def send(self, command: str) -> None:
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def answer(self) -> str:
        line = self.process.stdout.readline()
        assert line, self.process.stderr.read()
        return line.strip()

    def ask(self, command: str) -> str:
        self.send(command)
        return self.answer()

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture
def two_instances(tmp_path):
    url = database_url("postgresql", tmp_path)
    Library(url).close()  # the schema exists before both start
    first, second = Instance(url), Instance(url)
    yield first, second
    first.close()
    second.close()


def test_two_app_processes_see_each_others_saves(two_instances):
    first, second = two_instances
    goal_id = first.ask("create Q1-traffic")
    assert json.loads(second.ask(f"get {goal_id}")) == {"name": "Q1-traffic", "version": 1, "plan": None}
    assert json.loads(second.ask(f"save {goal_id} edited-by-second 1")) == {"version": 2}
    assert json.loads(first.ask(f"get {goal_id}")) == {"name": "edited-by-second", "version": 2, "plan": None}
    assert json.loads(first.ask(f"save {goal_id} stale-edit 1")) == {"conflict": 2}
    second.ask("create Q2-followers")
    assert json.loads(first.ask("list")) == ["Q2-followers", "edited-by-second"]


def test_racing_saves_of_one_goal_lose_nothing(two_instances):
    first, second = two_instances
    goal_id = first.ask("create shared")
    first.send(f"race {goal_id} 25 a")
    second.send(f"race {goal_id} 25 b")
    assert (first.answer(), second.answer()) == ("25", "25")
    third = Instance(first.process.args[3])
    try:
        state = json.loads(third.ask(f"get {goal_id}"))
    finally:
        third.close()
    assert state["version"] == 51  # every landed save counted once
    assert sorted(state["plan"]) == ["a"] * 25 + ["b"] * 25  # and none overwrote another
