"""End to end in headless Chromium: ``streamlit run app.py``, click through every step with the
Pepperoni Palace demo and with an uploaded export, and save a screenshot of each step (at
1280×800 and at a phone's 390×844) under ``test-artifacts/screens/``."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "test-artifacts" / "screens"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
EXPORT = ROOT / "data" / "demos" / "website_traffic" / "history.csv"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium (see .ci/run)")
    port = _free_port()
    SCREENS.mkdir(parents=True, exist_ok=True)
    log = (SCREENS / "streamlit.log").open("w")  # the server's own log, to read when a step fails
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                             "--server.port", str(port), "--browser.gatherUsageStats", "false"],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2):
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.terminate()
        pytest.fail("streamlit did not start")
    yield base
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def settle(page, timeout_s: float = 20) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_s * 1000)
    page.wait_for_timeout(250)
    end = time.time() + timeout_s
    while time.time() < end and page.locator('[data-testid="stStatusWidget"]').count():
        page.wait_for_timeout(100)
    page.wait_for_timeout(250)


def shot(page, run: str, view: str, name: str) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its own container, so the
    viewport is stretched to the content's height for the picture, then put back."""
    folder = SCREENS / view
    folder.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("""() => Math.max(...Array.from(document.querySelectorAll(
        '[data-testid="stMain"], [data-testid="stAppScrollToBottomContainer"], section'))
        .map(e => e.scrollHeight))""")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height) + 40, 9000))})
    page.wait_for_timeout(400)
    page.screenshot(path=str(folder / f"{run}-{name}.png"), full_page=True)
    page.set_viewport_size(size)
    assert page.locator('[data-testid="stException"]').count() == 0, f"exception on {name}"


def chart(page) -> None:
    page.locator(".js-plotly-plot").first.wait_for(state="attached", timeout=20000)
    page.wait_for_timeout(500)


def next_step(page) -> None:
    page.get_by_role("button", name="Next:").click()
    settle(page)


@pytest.mark.parametrize("view", list(VIEWPORTS))
def test_pepperoni_demo_reaches_a_presented_goal(server, browser, view):
    context = browser.new_context(viewport=VIEWPORTS[view], locale="en-US")
    page = context.new_page()
    started = time.time()
    page.goto(server + "/")
    settle(page)
    page.get_by_role("button", name="Load demo").click()
    page.get_by_text("is loaded").first.wait_for(timeout=20000)
    settle(page)
    assert page.locator("textarea").first.input_value() == "Make our new pizza shop known in the neighbourhood"
    shot(page, "demo", view, "1-objective")
    for name in ("2-kpis", "3-baseline", "4-target"):
        next_step(page)
        shot(page, "demo", view, name)
    next_step(page)
    chart(page)
    page.wait_for_timeout(600)
    shot(page, "demo", view, "5-goal")
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "Increase Facebook followers in our city by 20%" in body
    assert "Achievable" in body and "Time-bound" in body
    assert time.time() - started < 60
    page.get_by_role("link", name="Present in meeting mode").click()
    settle(page)
    chart(page)
    page.wait_for_timeout(600)
    shot(page, "demo", view, "6-meeting")
    context.close()


def test_an_uploaded_export_is_measured_and_charted(server, browser):
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="en-US")
    page = context.new_page()
    page.goto(server + "/")
    settle(page)
    page.get_by_label("Demo").first.click()
    page.get_by_role("option", name="+25 % website visits").click()
    settle(page)
    page.get_by_role("button", name="Load demo").click()
    settle(page)
    next_step(page)
    next_step(page)
    page.get_by_role("button", name="Remove").click()
    settle(page)
    page.locator('[data-testid="stMain"] [data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(EXPORT))
    page.get_by_text("history.csv:").first.wait_for(timeout=20000)
    settle(page)
    chart(page)
    page.wait_for_timeout(600)
    shot(page, "upload", "desktop", "3-baseline")
    next_step(page)
    shot(page, "upload", "desktop", "4-target")
    next_step(page)
    chart(page)
    page.wait_for_timeout(600)
    shot(page, "upload", "desktop", "5-goal")
    assert "Increase website sessions from social referred by Facebook by 25%" in \
        page.locator('[data-testid="stMain"]').inner_text()
    context.close()
