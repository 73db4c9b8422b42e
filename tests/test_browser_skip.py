"""On a machine without Chromium the browser tests are skipped with the reason and the install
line in pytest's summary; with ``SMARTKIT_REQUIRE_BROWSER=1`` (set by ``.ci/run``) they fail."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONE_BROWSER_TEST = "tests/e2e/test_browser_deeplinks.py::test_a_demo_link_to_the_goal_step_shows_that_goal"


def run_without_chromium(**env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "SMARTKIT_REQUIRE_BROWSER"}
    environment.update(SMARTKIT_CHROMIUM="/nonexistent/chromium", **env)
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "0", ONE_BROWSER_TEST],
                          cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300)


def test_without_a_browser_the_browser_tests_are_skipped_and_the_summary_says_what_to_install():
    result = run_without_chromium()
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
    assert "apt-get install -y chromium" in result.stdout


def test_ci_turns_a_missing_browser_into_a_failure():
    result = run_without_chromium(SMARTKIT_REQUIRE_BROWSER="1")
    assert result.returncode != 0
    assert "skipped" not in result.stdout.splitlines()[-1]
    assert "SMARTKIT_REQUIRE_BROWSER=1 forbids skipping them" in result.stdout


def test_ci_run_requires_the_browser():
    assert "export SMARTKIT_REQUIRE_BROWSER=1" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
