"""Server-side cost of a budget-slider move and a target-slider move in meeting mode when the
history has daily spend (the budget planner's figures beside both sliders), with AppTest.

    python bench/bench_budget_slider.py [--runs 15]

Presents the Product X demo (daily spend and sales revenue) with its history stretched to three
years (1,095 days, as ``bench_meeting.py`` does for the traffic demo), then moves the budget
slider, and then the target slider, to a value not seen before each time, so every move makes a
new assessment (the response curve itself is fitted once per history and kept: a move asks it for
new figures). Also times the same moves on the pure functions (``assess_goal`` for the goal with
the new budget; ``budget_plan`` on the kept curve). Prints the medians and their ratio against an
empty page's rerun measured in the same run; the budget is 150 ms per move. AppTest reruns the
whole script (the browser reruns only the presented fragment), so this is an upper bound.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from streamlit.testing.v1 import AppTest  # noqa: E402

from bench_meeting import BUDGET_MS, empty_page_ms  # noqa: E402
from bench_rerun import TODAY  # noqa: E402
from smartkit.demos import load_demo  # noqa: E402
from ui.state import Keys  # noqa: E402


def three_years() -> tuple:
    """Product X with its 450 days stretched back to 1,095 (older copies, a little smaller)."""
    demo = load_demo("product_x_sales", TODAY)
    recent = demo.history
    older = [recent.set_axis(recent.index - pd.Timedelta(days=450 * k), axis=0) * (0.85 ** k) for k in (2, 1)]
    history = pd.concat(older + [recent])
    history = history[~history.index.duplicated(keep="last")].sort_index().iloc[-1095:]
    rng = np.random.default_rng(0)
    history = (history * rng.normal(1, 0.02, history.shape)).round(2)
    return demo.draft, history.rename_axis("date")


def meeting(draft, history) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state[Keys.TODAY] = TODAY
    at.session_state[Keys.DRAFT] = draft
    at.session_state[Keys.HISTORY] = history
    at.session_state[Keys.HISTORY_ID] = "bench-budget-3y"
    at.run()
    at.switch_page("pages/meeting.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.select_slider(key=Keys.MEETING_BUDGET) is not None, "no budget slider"
    return at


def moves(at: AppTest, key: str, values: list) -> list[float]:
    """Moves of one slider to each of ``values`` in turn (stops not visited before)."""
    times = []
    for value in values:
        t0 = time.perf_counter()
        at.select_slider(key=key).set_value(value).run()
        times.append((time.perf_counter() - t0) * 1000)
        assert not at.exception, [e.value for e in at.exception]
        assert at.select_slider(key=key).value == value
    return times


def budget_stops(at: AppTest, runs: int) -> list[float]:
    """Budget stops above and below the current one (the page's own stops), nearest first."""
    from smartkit.goals.assessment import assess_goal
    from ui import budget as page_budget

    draft, history = at.session_state[Keys.DRAFT], at.session_state[Keys.HISTORY]
    stops = page_budget.slider_options(assess_goal(draft, history, TODAY))
    here = stops.index(at.select_slider(key=Keys.MEETING_BUDGET).value)
    order = [stops[i] for i in range(here + 1, len(stops))] + [stops[i] for i in range(here - 1, -1, -1)]
    return order[:runs]


def target_stops(at: AppTest, runs: int) -> list[int]:
    here = int(at.select_slider(key=Keys.MEETING_SLIDER).value)
    return [here + k for k in range(1, runs + 1)]


def pure_moves(draft, history, runs: int) -> tuple[list[float], list[float]]:
    """The same moves on the functions: a new assessment for a new budget, and the kept curve
    asked for the figures of a new budget (what a move adds once the assessment is cached)."""
    from smartkit.analysis.budget import budget_plan
    from smartkit.goals.assessment import assess_goal

    first = assess_goal(draft, history, TODAY)
    plan = first.budget
    assess_ms, plan_ms = [], []
    for k in range(runs):
        budget = float(plan.budget) + 250.0 * (k + 1)
        t0 = time.perf_counter()
        assess_goal(draft.model_copy(update={"budget": budget}), history, TODAY)
        assess_ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        budget_plan(plan.curve, plan.start, plan.deadline, target=plan.target, budget=budget + 1.0)
        plan_ms.append((time.perf_counter() - t0) * 1000)
    return assess_ms, plan_ms


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    empty_ms = empty_page_ms(args.runs)
    draft, history = three_years()
    at = meeting(draft, history)
    stops = budget_stops(at, args.runs + 2)
    moves(at, Keys.MEETING_BUDGET, stops[:2])  # warm: imports, the forecast and the curve of the history
    budget_ms = moves(at, Keys.MEETING_BUDGET, stops[2:])
    target_ms = moves(at, Keys.MEETING_SLIDER, target_stops(at, args.runs))
    assess_ms, plan_ms = pure_moves(draft, history, args.runs)
    worst = max(statistics.median(budget_ms), statistics.median(target_ms))
    print(f"history: {len(history):,} days with daily spend; empty page rerun: {empty_ms:.1f} ms")
    for name, times in (("budget slider move", budget_ms), ("target slider move", target_ms)):
        median = statistics.median(times)
        print(f"{name} (whole page): median {median:.1f} ms, max {max(times):.1f} ms, "
              f"ratio {median / empty_ms:.1f}x the empty page")
    print(f"assess_goal with a new budget: median {statistics.median(assess_ms):.1f} ms; "
          f"budget_plan on the kept curve: median {statistics.median(plan_ms):.2f} ms")
    print(f"budget {BUDGET_MS:.0f} ms per move: {'ok' if worst <= BUDGET_MS else 'OVER'}")
    return 0 if worst <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
