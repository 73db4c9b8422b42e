"""The goal library end to end in headless Chromium, with a server of its own on a library of
its own: two goals with a sub-goal each, the browser closed, the server restarted, both goals
found in the library, a newer export uploaded to one and its pacing seen; a reload mid-wizard
continues where it was. Screenshots go to ``test-artifacts/screens/desktop/library-*.png``."""
from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest

from streamlit_browser import ROOT, SCREENS, VIEWPORTS, settle, shot

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def app_server(library_url: str, name: str):
    """``streamlit run app.py`` on a free port with ``SMARTKIT_DATABASE_URL`` set; stopped after."""
    import os

    port = _free_port()
    SCREENS.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SMARTKIT_DATABASE_URL": library_url}
    with (SCREENS / f"streamlit-{name}.log").open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                                 "--server.port", str(port), "--browser.gatherUsageStats", "false"],
                                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 60
            while True:
                try:
                    with urllib.request.urlopen(base + "/_stcore/health", timeout=2):
                        break
                except OSError:
                    if time.time() > deadline:
                        pytest.fail("streamlit did not start")
                    time.sleep(0.3)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def goal_of(page) -> str:
    return parse_qs(urlsplit(page.url).query)["goal"][0]


def wait_for_goal_in_url(page, timeout_s: float = 20) -> str:
    end = time.time() + timeout_s
    while time.time() < end:
        if "goal=" in page.url:
            return goal_of(page)
        page.wait_for_timeout(200)
    pytest.fail(f"no goal id in the address: {page.url}")


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def start_a_subgoal(page) -> str:
    """The child's id; an untouched demo has no id before (it is stored when the sub-goal starts)."""
    parent = goal_of(page) if "goal=" in page.url else None
    page.get_by_role("button", name="Start this sub-goal").first.click()
    end = time.time() + 20
    while time.time() < end and ("goal=" not in page.url or goal_of(page) == parent):
        page.wait_for_timeout(200)
    settle(page)
    return goal_of(page)


def newer_export(days: int = 3) -> bytes:
    """A generic export of the last ``days`` full days, overlapping the demo's data."""
    today = dt.date.today()
    rows = [f"{today - dt.timedelta(days=k)},{420 + 5 * (days - k)},6,1" for k in range(days, 0, -1)]
    return ("date,followers,new_followers,lost_followers\n" + "\n".join(rows) + "\n").encode()


def test_goals_live_across_a_closed_browser_and_a_restarted_server(browser, tmp_path):
    from smartkit.storage import Library

    library_url = f"sqlite:///{tmp_path / 'library.sqlite3'}"
    view = VIEWPORTS["desktop"]
    with app_server(library_url, "library-1") as server:
        context = browser.new_context(viewport=view, locale="en-US")
        first = context.new_page()
        first.goto(server + "/goal?demo=pepperoni_palace")
        settle(first)
        first.get_by_role("button", name="Start this sub-goal").first.wait_for(timeout=30000)
        pepperoni_child = start_a_subgoal(first)  # the demo, unchanged until now, is stored as its parent
        pepperoni = Library(library_url).parent_of(pepperoni_child)
        assert pepperoni and pepperoni_child != pepperoni

        second = context.new_page()
        second.goto(server + "/goal?demo=website_traffic")
        settle(second)
        second.get_by_role("button", name="Start this sub-goal").first.wait_for(timeout=30000)
        traffic_child = start_a_subgoal(second)
        traffic = Library(library_url).parent_of(traffic_child)
        assert len({pepperoni, pepperoni_child, traffic, traffic_child}) == 4, (pepperoni, pepperoni_child, traffic, traffic_child)

        # a reload mid-wizard continues where it was
        third = context.new_page()
        third.goto(server + "/")  # the first step
        settle(third)
        third.locator("textarea").first.wait_for(timeout=20000)
        third.wait_for_timeout(1000)
        third.locator("textarea").first.fill("Fill the shop on rainy Tuesdays")
        third.locator("textarea").first.press("Tab")
        settle(third)
        draft = wait_for_goal_in_url(third)
        third.reload()
        settle(third)
        typed = third.locator("textarea").first
        end = time.time() + 15
        while time.time() < end and typed.input_value() != "Fill the shop on rainy Tuesdays":
            third.wait_for_timeout(300)
        assert typed.input_value() == "Fill the shop on rainy Tuesdays", third.url
        assert goal_of(third) == draft
        context.close()

    # The Pepperoni goal was written three weeks ago, as if then (the demo starts today): now it
    # is under way, so newer data shows its pacing.
    lib = Library(library_url)
    stored = lib.get(pepperoni)
    today = dt.date.today()
    lib.save(pepperoni, stored.goal.model_copy(update={"start": today - dt.timedelta(days=21),
                                                       "deadline": today + dt.timedelta(days=9)}),
             expected_version=stored.version)

    with app_server(library_url, "library-2") as server:  # the server restarted, a new browser
        context = browser.new_context(viewport=view, locale="en-US")
        page = context.new_page()
        page.goto(server + "/library")
        settle(page)
        page.get_by_text("Goals shown: 5").first.wait_for(timeout=30000)  # 2 goals, 2 sub-goals, 1 draft
        page.get_by_label("Search by name").fill("Pepperoni")
        page.get_by_label("Search by name").press("Enter")
        settle(page)
        page.get_by_text("Goals shown: 2").first.wait_for(timeout=20000)  # the goal and its sub-goal, named after it
        shot(page, "library", "desktop", "1-library")

        # the pepperoni goal: the tree, then tracking with a newer export
        page.goto(server + f"/goal?goal={pepperoni}")
        settle(page)
        page.get_by_text("Goal tree").first.wait_for(timeout=20000)
        body = main_text(page)
        assert "Goal tree" in body and "Sub-goal" in body
        shot(page, "library", "desktop", "2-tree")
        page.goto(server + f"/track?goal={pepperoni}")
        settle(page)
        page.get_by_role("button", name="Start tracking").click(timeout=20000)
        settle(page)
        page.get_by_text("Upload newer exports").first.wait_for(timeout=20000)
        page.locator('[data-testid="stMain"] [data-testid="stFileUploader"] input[type="file"]').first \
            .set_input_files({"name": "newer.csv", "mimeType": "text/csv", "buffer": newer_export()})
        page.get_by_text("newer.csv:").first.wait_for(timeout=20000)
        settle(page)
        body = main_text(page)
        assert "already in the goal's history" in body
        assert "Actual to date" in body and "Expected by now" in body and "Projected end" in body
        assert any(status in body for status in ("On track", "At risk", "Off track"))
        assert Library(library_url).get(pepperoni).status == "active"
        shot(page, "library", "desktop", "3-tracked")
        context.close()


def test_twenty_browsers_at_once_each_keep_their_own_goal(tmp_path):
    """Twenty browser sessions at the same time on one server and one library, each writing and
    then editing its own goal: every goal is stored with its own answers, none with another's."""
    import asyncio
    import threading

    from playwright.async_api import async_playwright

    from smartkit.storage import Library
    from streamlit_browser import CHROMIUM, CHROMIUM_ARGS

    library_url = f"sqlite:///{tmp_path / 'library.sqlite3'}"

    async def one(browser, server: str, n: int) -> str:
        context = await browser.new_context(viewport=VIEWPORTS["desktop"], locale="en-US")
        page = await context.new_page()
        await page.goto(server + "/", timeout=120000)
        box = page.locator("textarea").first
        await box.wait_for(timeout=120000)
        await page.wait_for_timeout(500)
        await box.fill(f"Business goal of browser {n}", timeout=120000)
        await box.press("Tab")
        for _ in range(600):
            if "goal=" in page.url:
                break
            await page.wait_for_timeout(200)
        product = page.get_by_label("Product or service")
        await product.fill(f"Product {n}", timeout=120000)
        await product.press("Tab")
        gid = parse_qs(urlsplit(page.url).query)["goal"][0]
        lib = Library(library_url)
        for _ in range(600):  # saved within the next run
            if lib.get(gid).goal.product == f"Product {n}":
                break
            await page.wait_for_timeout(200)
        await context.close()
        return gid

    async def everyone(server: str) -> list[str]:
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return await asyncio.gather(*(one(browser, server, n) for n in range(20)))
            finally:
                await browser.close()

    with app_server(library_url, "library-20") as server:
        urllib.request.urlopen(server + "/", timeout=30).read()
        ids: list[str] = []  # in a thread of its own: the session's sync browser keeps an event loop here
        worker = threading.Thread(target=lambda: ids.extend(asyncio.run(everyone(server))))
        worker.start()
        worker.join(600)
    lib = Library(library_url)
    assert len(set(ids)) == 20 and len(lib.list()) == 20
    for n, gid in enumerate(ids):
        goal = lib.get(gid).goal
        assert (goal.business_goal, goal.product) == (f"Business goal of browser {n}", f"Product {n}")
