"""Rerun cost of each step with three years of daily data (AppTest, server side).

    python bench/bench_rerun.py [--runs 20]

Loads the website-traffic demo with its history stretched to three years (1,095 days), warms
each page once (parsing, baseline, forecast, figures land in st.cache_data), then times reruns.
Prints, per page, the median rerun in ms (wall clock, and the process's CPU time, which does not
count waiting for a core on a shared machine) and the ratios against an empty page's rerun
measured in the same run; the budget is 50 ms of CPU per rerun.

Each rerun is the whole app as the server runs it: ``app.py`` (language, sidebar, navigation)
and the page. Two things AppTest does on every run that a running server does once are made to
happen once here too, for the empty page alike: compiling the scripts (the server keeps their
bytecode) and Streamlit's old ``pages/`` mode, which a server leaves at its first request.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.runtime.pages_manager import PagesManager  # noqa: E402
from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from streamlit.testing.v1 import app_test as _app_test  # noqa: E402

from smartkit.demos import load_demo  # noqa: E402
from ui.state import Keys  # noqa: E402

PAGES = ("pages/objective.py", "pages/kpis.py", "pages/baseline.py", "pages/target.py", "pages/goal.py",
         "pages/meeting.py")
BUDGET_MS = 50.0
TODAY = dt.date(2026, 11, 24)


def like_a_running_server() -> None:
    """One bytecode cache for every run, and Streamlit's old pages/ mode off after the first
    run's ``st.navigation`` (AppTest would start both afresh on each run)."""
    shared = ScriptCache()
    _app_test.ScriptCache = lambda: shared
    first_init = PagesManager.__init__

    def init(self, *args, **kwargs):
        first_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init


def three_years() -> tuple:
    demo = load_demo("website_traffic", TODAY)
    year = demo.history
    older = [year.set_axis(year.index - pd.Timedelta(days=364 * k), axis=0) * (0.8 ** k) for k in (2, 1)]
    history = pd.concat(older + [year])
    history = history[~history.index.duplicated(keep="last")].sort_index()
    rng = np.random.default_rng(0)
    history = history * rng.normal(1, 0.02, history.shape)
    return demo.draft, history.rename_axis("date")


def timed(at: AppTest, runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of a rerun. On a shared machine the wall clock also
    counts the time spent waiting for a core; the process's CPU time is what the rerun costs."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        at.run()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    like_a_running_server()
    # the goal the app autosaves goes to a library of its own, not the user's
    os.environ["SMARTKIT_DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='bench-rerun-')}/library.sqlite3"
    empty = AppTest.from_string("import streamlit as st\nst.write('')", default_timeout=60)
    empty.run()
    empty_ms, empty_cpu = timed(empty, args.runs)
    draft, history = three_years()
    print(f"history: {len(history)} days; empty page rerun: {empty_ms:.1f} ms ({empty_cpu:.1f} ms CPU)")
    worst = 0.0
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.session_state[Keys.TODAY] = TODAY
        at.session_state[Keys.DRAFT] = draft.model_copy(deep=True)
        at.session_state[Keys.HISTORY] = history
        at.session_state[Keys.HISTORY_ID] = "bench-3y"
        at.run()
        at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        ms, cpu = timed(at, args.runs)
        worst = max(worst, cpu)
        print(f"{page:22s} {ms:7.1f} ms  {cpu:6.1f} ms CPU  ratio {ms / empty_ms:5.1f}x ({cpu / empty_cpu:4.1f}x CPU)"
              f"  {'ok' if cpu < BUDGET_MS else 'OVER'}")
    print(f"worst rerun: {worst:.1f} ms CPU (budget {BUDGET_MS:.0f} ms)")
    return 0 if worst < BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
