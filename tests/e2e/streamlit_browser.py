"""Helpers for the browser tests: where things are, waiting for Streamlit, screenshots."""
from __future__ import annotations

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "test-artifacts" / "screens"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
EXPORT = ROOT / "data" / "demos" / "website_traffic" / "history.csv"


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
