"""The library page's server-side work with 1,000 goals: list one workspace with pacing badges.

Run: ``python bench/bench_library.py [--goals 1000] [--repeat 30] [--postgres]``. Builds a library of
N goals in one workspace (a temporary SQLite file; ``--postgres``: a throwaway PostgreSQL
cluster, see ``smartkit/storage/testing.py``), every third one active with 120 days of
attached history (so its pacing badge is precomputed at save), a few sub-goals, then times,
best of ``--repeat``:

* ``list``: ``Library.list(workspace=...)``, the one query the library page runs, with the
  pacing badge and "review due" of every row;
* ``bare``: the same rows read with the database driver alone (``SELECT`` of the same columns,
  no SQLAlchemy, no records), the floor of any implementation;
* ``per-goal``: what the page would cost if it computed pacing per goal on each rerun (load
  the goal, its history and target history, then track), measured on 50 goals and scaled to N:
  the N+1 pattern the precomputed column avoids.

Prints the ratios list ÷ bare and per-goal ÷ list. Budget: the list well within the page's
200 ms rerun. Timings are noisy on a shared machine: compare ratios, not absolute figures.
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from smartkit.models import GoalDraft  # noqa: E402
from smartkit.storage import Library  # noqa: E402
from smartkit.storage.library import GoalRow, _SUMMARY_COLUMNS  # noqa: E402
from smartkit.analysis.tracking import track  # noqa: E402

TODAY = dt.date(2026, 2, 15)
WORKSPACE = "Acme"


def build(library: Library, goals: int) -> list[str]:
    rng = np.random.default_rng(0)
    days = pd.date_range("2025-10-18", "2026-02-14", name="date")
    ids: list[str] = []
    for n in range(goals):
        draft = GoalDraft(name=f"Goal {n:04d}", kpi="referral_sessions", baseline=900 + n % 50, target=1200 + n % 70,
                          start=dt.date(2026, 1, 1), deadline=dt.date(2026, 3, 31), channel="website",
                          review_every_days=14, objective="leads_sales")
        parent = ids[n - 1] if n % 10 == 9 else None
        stored = library.create(draft, workspace=WORKSPACE, parent_id=parent,
                                status="active" if n % 3 == 0 else "draft")
        if n % 3 == 0:
            table = pd.DataFrame({"referral_sessions": rng.poisson(10 + n % 7, len(days)).astype(float)}, index=days)
            library.attach_history(stored.id, table, "ga4.csv")
        ids.append(stored.id)
    return ids


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--goals", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="smartkit-bench-")
    if args.postgres:
        from smartkit.storage.testing import fresh_database, postgres_url

        server = postgres_url()
        if server is None:
            sys.exit("no PostgreSQL server (install Debian's postgresql or set SMARTKIT_TEST_POSTGRES_URL)")
        url = fresh_database(server)
    else:
        url = f"sqlite:///{folder}/library.sqlite3"
    library = Library(url, today=lambda: TODAY)
    t0 = time.perf_counter()
    ids = build(library, args.goals)
    print(f"built {args.goals} goals on {library.engine.dialect.name} in {time.perf_counter() - t0:.1f} s")

    rows = library.list(workspace=WORKSPACE)
    assert len(rows) == args.goals and sum(r.pacing is not None for r in rows) >= args.goals // 3

    from sqlalchemy import select

    statement = (select(*_SUMMARY_COLUMNS).where(GoalRow.workspace == WORKSPACE, GoalRow.status != "archived")
                 .order_by(GoalRow.updated_at.desc(), GoalRow.id).compile(library.engine))
    sql = str(statement)
    params = statement.params
    raw = library.engine.raw_connection()
    try:
        if library.engine.dialect.name == "sqlite":
            sql_bare = sql
            values = tuple(params[name] for name in statement.positiontup)
        else:
            sql_bare, values = sql, params

        def bare() -> None:
            cursor = raw.cursor()
            cursor.execute(sql_bare, values)
            cursor.fetchall()
            cursor.close()

        listing = best(lambda: library.list(workspace=WORKSPACE), args.repeat)
        floor = best(bare, args.repeat)
    finally:
        raw.close()

    sample = ids[: min(50, len(ids))]

    def per_goal() -> None:
        for goal_id in sample:
            track(library.get(goal_id).goal, library.history(goal_id), library.target_history(goal_id), TODAY)

    per = best(per_goal, 3) * len(ids) / len(sample)
    print(f"list ({args.goals} rows, pacing + review due): {listing * 1000:.1f} ms")
    print(f"bare driver SELECT of the same rows:      {floor * 1000:.1f} ms   list / bare = {listing / floor:.1f}x")
    print(f"per-goal pacing on every rerun (N+1):     {per * 1000:.0f} ms   per-goal / list = {per / listing:.0f}x")
    library.close()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
