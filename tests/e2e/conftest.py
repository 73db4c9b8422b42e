"""One Streamlit server and one headless Chromium for every browser test of the session.

Without a browser (a fresh machine before ``apt-get install chromium``) the browser tests are
skipped, and the reason with the install line is printed in pytest's summary. ``.ci/run`` sets
``SMARTKIT_REQUIRE_BROWSER=1``: there a missing browser fails them, so CI never skips them."""
from __future__ import annotations

import os

import pytest

from streamlit_browser import CHROMIUM, CHROMIUM_ARGS, REQUIRE_BROWSER, SCREENS, browser_problem, streamlit_server

SKIP_TEXT = "browser tests need a browser"


def _need_browser() -> None:
    problem = browser_problem()
    if problem is None:
        return
    if os.environ.get(REQUIRE_BROWSER) == "1":
        pytest.fail(f"browser tests cannot run: {problem} ({REQUIRE_BROWSER}=1 forbids skipping them)",
                    pytrace=False)
    pytest.skip(f"{SKIP_TEXT}: {problem}")


def pytest_terminal_summary(terminalreporter):
    """Say in the summary, even without ``-rs``, why browser tests were skipped and what to install."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if SKIP_TEXT in str(r.longrepr)]
    if skipped:
        terminalreporter.write_sep("-", "browser tests skipped")
        terminalreporter.write_line(f"{len(skipped)} browser test(s) skipped: {browser_problem()}")
        terminalreporter.write_line(f"(.ci/run sets {REQUIRE_BROWSER}=1: there a missing browser is a failure)")


@pytest.fixture(scope="session")
def server():
    """The app, started once for the session (its log in ``test-artifacts/screens/``)."""
    _need_browser()
    SCREENS.mkdir(parents=True, exist_ok=True)
    with streamlit_server(log=SCREENS / "streamlit.log") as base:
        yield base


@pytest.fixture
def fresh_server():
    """A function that starts the app anew for one test (a context manager yielding the URL):
    the first request a freshly started server gets is what the deep-link tests are about."""
    _need_browser()
    SCREENS.mkdir(parents=True, exist_ok=True)
    return lambda: streamlit_server(log=SCREENS / "streamlit-fresh.log")


@pytest.fixture(scope="session")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
