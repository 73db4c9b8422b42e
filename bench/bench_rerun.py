"""Rerun cost of each step with three years of daily data (AppTest, server side).

    python bench/bench_rerun.py [--runs 20]

Loads the website-traffic demo with its history stretched to three years (1,095 days), warms
each page once (parsing, baseline, forecast, figures land in st.cache_data), then times reruns.
Prints, per page, the median rerun in ms and the ratio against an empty page's rerun measured in
the same run; the budget is 50 ms per rerun.
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from smartkit.demos import load_demo  # noqa: E402
from ui.state import Keys  # noqa: E402

PAGES = ("pages/objective.py", "pages/kpis.py", "pages/baseline.py", "pages/target.py", "pages/goal.py",
         "pages/meeting.py")
BUDGET_MS = 50.0
TODAY = dt.date(2026, 11, 24)


def three_years() -> tuple:
    demo = load_demo("website_traffic", TODAY)
    year = demo.history
    older = [year.set_axis(year.index - pd.Timedelta(days=364 * k), axis=0) * (0.8 ** k) for k in (2, 1)]
    history = pd.concat(older + [year])
    history = history[~history.index.duplicated(keep="last")].sort_index()
    rng = np.random.default_rng(0)
    history = history * rng.normal(1, 0.02, history.shape)
    return demo.draft, history.rename_axis("date")


def timed(at: AppTest, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    empty = AppTest.from_string("import streamlit as st\nst.write('')", default_timeout=60)
    empty.run()
    empty_ms = timed(empty, args.runs)
    draft, history = three_years()
    print(f"history: {len(history)} days; empty page rerun: {empty_ms:.1f} ms")
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
        ms = timed(at, args.runs)
        worst = max(worst, ms)
        print(f"{page:22s} {ms:7.1f} ms  ratio {ms / empty_ms:5.1f}x  {'ok' if ms < BUDGET_MS else 'OVER'}")
    print(f"worst rerun: {worst:.1f} ms (budget {BUDGET_MS:.0f} ms)")
    return 0 if worst < BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
