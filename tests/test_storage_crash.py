"""A save is one transaction: a process killed (SIGKILL) while saving in a loop leaves the
library readable, with the last complete save intact."""
from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from smartkit.models import GoalDraft
from smartkit.storage import Library, TargetChange
from smartkit.storage.testing import database_url

ROOT = Path(__file__).resolve().parents[1]
SAVING_LOOP = """
import sys
from smartkit.storage import Library
library = Library(sys.argv[1])
goal_id = sys.argv[2]
while True:
    stored = library.get(goal_id)
    version = stored.version + 1
    draft = stored.goal.model_copy(update={"name": f"save {version}", "target": 1000.0 + version,
                                           "plan": "x" * (version % 500)})
    library.save(goal_id, draft, expected_version=stored.version)
    print(version, flush=True)
"""


def goal() -> GoalDraft:
    return GoalDraft(name="save 1", kpi="referral_sessions", baseline=900, target=1001, start=dt.date(2026, 1, 1),
                     deadline=dt.date(2026, 3, 31))


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_killing_a_process_mid_save_keeps_the_last_complete_save(kind, tmp_path):
    url = database_url(kind, tmp_path)
    library = Library(url)
    stored = library.create(goal())
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    saver = subprocess.Popen([sys.executable, "-c", SAVING_LOOP, url, stored.id], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
    reported = 0
    try:
        wanted = random.Random(12).randint(15, 40)
        deadline = time.monotonic() + 120
        while reported < wanted and time.monotonic() < deadline:
            line = saver.stdout.readline()
            assert line, saver.stderr.read()
            reported = int(line)
        time.sleep(random.Random(7).random() / 50)  # somewhere inside a later save
    finally:
        os.kill(saver.pid, signal.SIGKILL)
        saver.wait()
    assert saver.returncode == -signal.SIGKILL and reported >= 15

    library.close()
    reopened = Library(url)
    try:
        if kind == "sqlite":
            with reopened.engine.connect() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        after = reopened.get(stored.id)
        assert after.version >= reported  # nothing reported as saved is lost
        assert after.goal.name == f"save {after.version}" and after.goal.target == 1000 + after.version
        assert after.goal.plan == ("x" * (after.version % 500) or None)
        # the goal row and its target history were written together
        assert reopened.target_history(stored.id) == [TargetChange(dt.date(2026, 1, 1), after.goal.target,
                                                                   dt.date(2026, 3, 31), "goal")]
        saved = reopened.save(stored.id, after.goal.model_copy(update={"name": "after the crash"}), after.version)
        assert reopened.get(stored.id).goal.name == "after the crash" and saved.version == after.version + 1
    finally:
        reopened.close()
