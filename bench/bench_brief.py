"""The goal brief as PDF, with its chart: cold (a new process) and warm, against ``smartkit check``.

Run: ``python bench/bench_brief.py [N]``. Each of N rounds times, on Pepperoni Palace with its
year of history (``data/demos/pepperoni_palace``):

* ``cold``: a new Python process that imports smartkit, reads the goal and the history, builds
  the brief (statement, SMART verdicts, chance, forecast, chart data) and typesets the PDF;
* ``check (cold)``: the baseline, a new process that only judges the same goal
  (``evaluate``: the same imports and numbers, no brief), so the ratio shows what the brief adds;
* ``warm``: in one process, the brief again for a goal with another target (so nothing is
  reused but the fonts, the typst compiler and the forecast fit, as in the app after its first
  brief), built and typeset;
* ``warm typeset only``: the PDF of an already built brief.

Reports the best of N rounds (wall clock, and the CPU time the new process used) and the ratios. Budget: cold ≤ 3 s, warm ≤ 1 s. The machine is
shared, so timings are noisy; the ratios are steadier.
"""
from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SETUP = r"""
import datetime as dt
import pandas as pd
from smartkit.models import GoalDraft
draft = GoalDraft.load("tests/fixtures/goals/pepperoni_palace.json")
history = pd.read_csv("data/demos/pepperoni_palace/history.csv", parse_dates=["date"], index_col="date")
today = dt.date(2026, 11, 26)
"""

COLD_BRIEF = SETUP + r"""
from smartkit.reports import brief_pdf, build_brief
pdf = brief_pdf(build_brief(draft, history, "en", today))
assert pdf.startswith(b"%PDF")
"""

COLD_CHECK = SETUP + r"""
from smartkit.goals.criteria import evaluate
evaluate(draft, history=history, today=today)
"""

WARM = SETUP + r"""
import json, time
from smartkit.reports import brief_pdf, build_brief
brief_pdf(build_brief(draft, history, "en", today))          # the first brief of the process
warm, typeset = [], []
for i, target in enumerate((470, 490, 500, 510, 520)):
    changed = draft.model_copy(update={"target": float(target)})
    t0 = time.perf_counter()
    brief = build_brief(changed, history, "en", today)
    t1 = time.perf_counter()
    brief_pdf(brief)
    t2 = time.perf_counter()
    warm.append(t2 - t0)
    typeset.append(t2 - t1)
print(json.dumps({"warm": min(warm), "typeset": min(typeset)}))
"""


def process_seconds(code: str) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of a new process running ``code``: on a
    shared machine the CPU time is what the process itself needed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(rounds: int = 3) -> None:
    cold, check, warm, typeset, cold_cpu, check_cpu = [], [], [], [], [], []
    for _ in range(rounds):
        wall, cpu = process_seconds(COLD_CHECK)
        check.append(wall), check_cpu.append(cpu)
        wall, cpu = process_seconds(COLD_BRIEF)
        cold.append(wall), cold_cpu.append(cpu)
        out = subprocess.run([sys.executable, "-c", WARM], cwd=ROOT, check=True, capture_output=True, text=True)
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        warm.append(figures["warm"])
        typeset.append(figures["typeset"])
    best = {"cold": min(cold), "check": min(check), "warm": min(warm), "typeset": min(typeset)}
    print(f"brief PDF cold (new process): {best['cold']:.2f} s (median {statistics.median(cold):.2f} s), "
          f"budget 3 s: {'ok' if best['cold'] <= 3 else 'OVER'}; CPU {min(cold_cpu):.2f} s")
    print(f"  smartkit check cold (baseline): {best['check']:.2f} s, CPU {min(check_cpu):.2f} s; "
          f"brief / check = {best['cold'] / best['check']:.2f}x (CPU {min(cold_cpu) / min(check_cpu):.2f}x)")
    print(f"brief PDF warm: {best['warm'] * 1000:.0f} ms (median {statistics.median(warm) * 1000:.0f} ms), "
          f"budget 1 s: {'ok' if best['warm'] <= 1 else 'OVER'}")
    print(f"  of which typesetting the PDF: {best['typeset'] * 1000:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
