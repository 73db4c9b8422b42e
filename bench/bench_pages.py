"""Page speed as a person feels it: headless Chromium against ``streamlit run app.py``.

    python bench/bench_pages.py [--runs 3]

Times, to a settled page (the script not running, no running indicator, skeleton or spinner, and
the DOM unchanged for 0.9 s; the time counted ends at the last change), the first page a new
visitor opens and each step change by clicking "Next" with the Pepperoni Palace demo loaded.
The same is measured, in the same run, on a near-empty two-page Streamlit app (a title and a
"Next" button per page, generated in a temporary folder); both servers are warmed by one visit
first. Prints medians in seconds and the ratios against the near-empty app; the target is at most
1.3x for both.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from streamlit_browser import (CHROMIUM, CHROMIUM_ARGS, WATCH_JS, browser_problem, page_clock,  # noqa: E402
                              settled, streamlit_server)

TARGET = 1.3
VIEWPORT = {"width": 1280, "height": 800}
STEPS = ("objective", "kpis", "baseline", "target")

EMPTY_APP = '''import streamlit as st

pages = [st.Page("one.py", title="One", default=True), st.Page("two.py", title="Two")]
st.navigation(pages).run()
'''
EMPTY_PAGE = '''import streamlit as st

st.title("{title}")
st.write("A near-empty page.")
if st.button("Next", key="nav-next"):
    st.switch_page("{other}.py")
'''


def empty_app(folder: Path) -> Path:
    (folder / "app.py").write_text(EMPTY_APP, encoding="utf-8")
    for name, other in (("one", "two"), ("two", "one")):
        (folder / f"{name}.py").write_text(EMPTY_PAGE.format(title=name.title(), other=other), encoding="utf-8")
    return folder


def first_page(browser, base: str) -> float:
    """A new visitor (a new browser context) opens the app: seconds to a settled page."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    context.add_init_script(WATCH_JS)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(base + "/")
    ready = settled(page)
    context.close()
    return ready - start


def click_settled(page, selector: str) -> float:
    button = page.locator(selector)
    button.wait_for()
    since = page_clock(page)
    start = time.perf_counter()
    button.click()
    return settled(page, since=since) - start


def empty_steps(browser, base: str, runs: int) -> list[float]:
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    context.add_init_script(WATCH_JS)
    page = context.new_page()
    page.goto(base + "/")
    settled(page)
    times = [click_settled(page, ".st-key-nav-next button") for _ in range(runs * len(STEPS))]
    context.close()
    return times


def smartkit_steps(browser, base: str) -> list[float]:
    """Load the Pepperoni Palace demo, then click "Next" through steps 1 to 5."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-US")
    context.add_init_script(WATCH_JS)
    page = context.new_page()
    page.goto(base + "/")
    settled(page)
    page.locator(".st-key-ui-demo_load button").click()
    settled(page)
    times = [click_settled(page, f".st-key-nav-next-{step} button") for step in STEPS]
    assert page.locator('[data-testid="stException"]').count() == 0
    context.close()
    return times


def measure(browser, cwd: Path, runs: int, smartkit: bool, env: dict[str, str]) -> tuple[float, float]:
    with streamlit_server("app.py", cwd=cwd, env=env) as base:
        first_page(browser, base)  # warm the server: imports, caches, the first run
        if smartkit:
            smartkit_steps(browser, base)
        first = statistics.median(first_page(browser, base) for _ in range(runs))
        if smartkit:
            walks = [smartkit_steps(browser, base) for _ in range(runs)]
            steps = [t for walk in walks for t in walk]
            print("smartkit step changes (median): " + ", ".join(
                f"{a} -> {b} {statistics.median(w[i] for w in walks):.2f} s"
                for i, (a, b) in enumerate(zip(STEPS, (*STEPS[1:], "goal")))))
        else:
            steps = empty_steps(browser, base, runs)
    return first, statistics.median(steps)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    problem = browser_problem()
    if problem:
        print(f"cannot run: {problem}")
        return 2
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # the goals the walks autosave go to a library of their own, not the user's
        env = {"SMARTKIT_DATABASE_URL": f"sqlite:///{tmp}/library.sqlite3"}
        empty_first, empty_step = measure(browser, empty_app(Path(tmp)), args.runs, smartkit=False, env=env)
        kit_first, kit_step = measure(browser, ROOT, args.runs, smartkit=True, env=env)
        browser.close()
    first_ratio, step_ratio = kit_first / empty_first, kit_step / empty_step
    print(f"near-empty app: first page {empty_first:.2f} s, step change {empty_step:.2f} s")
    print(f"smartkit:       first page {kit_first:.2f} s, step change {kit_step:.2f} s (median of {len(STEPS)} steps x {args.runs})")
    print(f"first page ratio {first_ratio:.2f}x, step change ratio {step_ratio:.2f}x (target {TARGET}x)")
    return 0 if max(first_ratio, step_ratio) <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
