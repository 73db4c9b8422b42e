"""Several instances, one database, in headless Chromium: two ``streamlit run app.py`` servers
started at the same moment on one fresh PostgreSQL database (as behind a load balancer), each
browser page on its own instance.

- Both instances migrate the fresh database at the same moment: their first pages are opened
  together (the first run of each opens the library and migrates it) while the test holds an
  uncommitted ``CREATE TABLE alembic_version``, so both are stopped inside their migration; once
  both wait, the test rolls back and lets them go at once. Unguarded, the two would both create
  the table and one would fail (a duplicate key); guarded (``migrations/env.py`` takes a
  PostgreSQL advisory lock), both come up, serve their page with the library open, and the
  database is at the latest revision once.
- A goal saved on instance A appears on instance B after a reload (the library page's count, then
  the goal itself by its link).
- The same goal edited on both: B's save on an older version shows the conflict panel and the
  stored goal is not overwritten; B keeps its version; A, now behind, is shown the conflict too
  and takes the other version; nothing is lost or overwritten in silence, and A goes on saving.

Skipped without PostgreSQL (failed with ``SMARTKIT_REQUIRE_POSTGRES=1``), like the store tests,
and without a browser per the e2e rules (``conftest.py``). The servers' logs go to
``test-artifacts/screens/streamlit-instance-{a,b}.log``.
"""
from __future__ import annotations

import contextlib
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from streamlit_browser import SCREENS, VIEWPORTS, streamlit_server

pytestmark = pytest.mark.browser

WAIT_MS = 30_000
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TARGET = ".st-key-w-target input"
CONFLICT = "Someone else saved this goal"
KEEP_MINE = ".st-key-library-keep_mine button"
TAKE_THEIRS = ".st-key-library-take_theirs button"
NAMES = ("a", "b")


@contextlib.contextmanager
def instances(library_url: str):
    """Two ``streamlit run app.py`` on one library, their processes started at the same moment;
    yields their base URLs once both answer their health check. Their logs must hold no
    traceback."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    logs = [SCREENS / f"streamlit-instance-{name}.log" for name in NAMES]
    servers = [streamlit_server(log=log, env={"SMARTKIT_DATABASE_URL": library_url}) for log in logs]
    with contextlib.ExitStack() as stack, ThreadPoolExecutor(len(servers)) as pool:
        bases = [f.result() for f in [pool.submit(stack.enter_context, s) for s in servers]]
        yield bases
    for log in logs:
        text = log.read_text(errors="replace")
        assert "Traceback" not in text, f"{log.name}:\n{text[-4000:]}"


@contextlib.contextmanager
def migrations_held(library_url: str):
    """Hold the fresh database's migrations at one point: an uncommitted ``CREATE TABLE
    alembic_version`` (whichever way the app guards its migration, it creates that table, so it
    waits here). Yields a function counting the other sessions of the database waiting on a lock;
    rolls back on leaving, which lets every waiting migration go at the same moment."""
    from sqlalchemy import create_engine

    from smartkit.storage.migrate import normalised_url

    engine = create_engine(normalised_url(library_url))
    try:
        with engine.connect() as conn:
            holder = conn.begin()
            conn.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
            # autocommit: pg_stat_activity is read afresh by each query, not once per transaction
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as watcher:
                def waiting() -> int:
                    return watcher.exec_driver_sql(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        " AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'").scalar()

                yield waiting
            holder.rollback()
    finally:
        engine.dispose()


def idle(page) -> None:
    """The script has finished its run, without an exception box."""
    page.wait_for_selector(IDLE, timeout=WAIT_MS)
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]').first.inner_text()


def until(page, condition, what: str, timeout_s: float = 30) -> None:
    """Wait (polling) until ``condition()`` holds."""
    end = time.time() + timeout_s
    while not condition():
        if time.time() > end:
            pytest.fail(f"timed out waiting for {what}")
        page.wait_for_timeout(100)


def set_target(page, value: int) -> None:
    """Type a new target and leave the field (it applies, and the run autosaves)."""
    box = page.locator(TARGET)
    box.fill(str(value))
    box.press("Tab")


def goal_in(page) -> str | None:
    return parse_qs(urlsplit(page.url).query).get("goal", [None])[0]


def test_two_instances_on_one_postgresql_share_goals_and_show_conflicts(browser, tmp_path):
    from smartkit.storage import Library
    from smartkit.storage.migrate import current_revision, head_revision, url_for_display
    from smartkit.storage.testing import database_url

    library_url = database_url("postgresql", tmp_path)  # a fresh, empty database (or skip / fail)
    shown_url = url_for_display(library_url)
    with instances(library_url) as (a_base, b_base):
        a_ctx = browser.new_context(viewport=VIEWPORTS["desktop"], locale="en-US")
        b_ctx = browser.new_context(viewport=VIEWPORTS["desktop"], locale="en-US")
        try:
            a, b = a_ctx.new_page(), b_ctx.new_page()

            # 1. Both first runs at the same moment: each opens (and migrates) the fresh library.
            with migrations_held(library_url) as waiting:
                a.goto(a_base + "/target?demo=pepperoni_palace", wait_until="commit")
                b.goto(b_base + "/library", wait_until="commit")
                until(a, lambda: waiting() >= 2, "both instances inside their migration")
            for name, page in zip(NAMES, (a, b)):
                # the sidebar names the library only when it opened ("—" when it could not)
                expect(page.locator('[data-testid="stSidebar"]').get_by_text(shown_url),
                       f"instance {name} did not open the library it migrated together with the other"
                       ).to_be_visible(timeout=60_000)
            expect(b.get_by_text("Goals shown: 0")).to_be_visible(timeout=WAIT_MS)
            expect(a.locator(TARGET)).to_be_visible(timeout=WAIT_MS)
            idle(a)
            idle(b)
            lib = Library(library_url)
            assert current_revision(lib.engine) == head_revision()
            with lib.engine.connect() as conn:
                assert conn.exec_driver_sql("SELECT count(*) FROM alembic_version").scalar() == 1

            # 2. Saved on A (the demo, once its target changes), seen on B after a reload.
            first = round(float(a.locator(TARGET).input_value())) + 10
            set_target(a, first)
            until(a, lambda: goal_in(a) is not None, "the goal's id in A's address")
            gid = goal_in(a)
            until(a, lambda: lib.get(gid).goal.target == first, "A's save")
            idle(a)
            b.reload()
            expect(b.get_by_text("Goals shown: 1")).to_be_visible(timeout=WAIT_MS)
            b.goto(b_base + f"/target?goal={gid}")
            expect(b.locator(TARGET)).to_have_value(str(first), timeout=WAIT_MS)
            idle(b)

            # 3. Both sessions hold the same version; A saves first, B's save finds it taken.
            set_target(a, first + 1)
            until(a, lambda: lib.get(gid).goal.target == first + 1, "A's second save")
            idle(a)
            set_target(b, first + 2)
            expect(b.get_by_text(CONFLICT)).to_be_visible(timeout=WAIT_MS)
            idle(b)
            assert lib.get(gid).goal.target == first + 1  # A's save stands: not overwritten
            # both versions are shown side by side (the table's cells)
            expect(b.locator('[data-testid="stDataFrame"]').get_by_text(str(first + 1)).first).to_be_attached()
            expect(b.locator('[data-testid="stDataFrame"]').get_by_text(str(first + 2)).first).to_be_attached()
            b.locator(KEEP_MINE).click()
            until(b, lambda: lib.get(gid).goal.target == first + 2, "B's kept version saved")
            expect(b.get_by_text(CONFLICT)).to_have_count(0, timeout=WAIT_MS)
            idle(b)

            # 4. A is now behind: its next edit shows the conflict; it takes B's version.
            set_target(a, first + 3)
            expect(a.get_by_text(CONFLICT)).to_be_visible(timeout=WAIT_MS)
            idle(a)
            assert lib.get(gid).goal.target == first + 2  # B's kept version stands
            a.locator(TAKE_THEIRS).click()
            expect(a.get_by_text(CONFLICT)).to_have_count(0, timeout=WAIT_MS)
            expect(a.locator(TARGET)).to_have_value(str(first + 2), timeout=WAIT_MS)
            idle(a)

            # 5. A works on the latest version again: its next save lands without a conflict.
            set_target(a, first + 4)
            until(a, lambda: lib.get(gid).goal.target == first + 4, "A's save after taking B's version")
            idle(a)
            assert a.get_by_text(CONFLICT).count() == 0
            stored = lib.get(gid)
            assert stored.goal.kpi == "followers" and len(lib.list()) == 1
            assert lib.history(gid) is not None and len(lib.history(gid))  # the demo's history came along
            lib.close()
        finally:
            a_ctx.close()
            b_ctx.close()
