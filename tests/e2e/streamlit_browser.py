"""Helpers for the browser tests (and ``bench/bench_pages.py``): where things are, whether a
browser is there, starting ``streamlit run``, waiting for Streamlit, screenshots."""
from __future__ import annotations

import contextlib
import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "test-artifacts" / "screens"
CHROMIUM = os.environ.get("SMARTKIT_CHROMIUM", "/usr/bin/chromium")  # Debian's; another to try one
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
EXPORT = ROOT / "data" / "demos" / "website_traffic" / "history.csv"
INSTALL = "apt-get install -y chromium fonts-noto-core fonts-thai-tlwg"
# Set by .ci/run: there a missing browser fails the browser tests instead of skipping them.
REQUIRE_BROWSER = "SMARTKIT_REQUIRE_BROWSER"


def browser_problem() -> str | None:
    """Why the browser tests cannot run here (None when they can)."""
    if importlib.util.find_spec("playwright") is None:
        return "the Python package playwright is missing: pip install -r requirements.txt"
    if not Path(CHROMIUM).exists():
        return f"Debian's Chromium is missing ({CHROMIUM}): {INSTALL}"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(app: str = "app.py", cwd: Path = ROOT, log: Path | None = None, timeout_s: float = 90,
                     env: dict[str, str] | None = None):
    """``streamlit run app`` on a free port, freshly started (``env`` added to its environment);
    yields its base URL, stops it after."""
    port = free_port()
    out = log.open("w") if log else subprocess.DEVNULL
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", app, "--server.headless", "true",
                             "--server.port", str(port), "--browser.gatherUsageStats", "false",
                             "--server.fileWatcherType", "none"],
                            cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout_s
        while True:
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"streamlit run {app} did not start")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            out.close()


def settle(page, timeout_s: float = 20) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_s * 1000)
    page.wait_for_timeout(250)
    end = time.time() + timeout_s
    while time.time() < end and page.locator('[data-testid="stStatusWidget"]').count():
        page.wait_for_timeout(100)
    page.wait_for_timeout(250)


# A page is settled when the script is not running (``data-test-script-state`` of the app), no
# running indicator, skeleton or spinner is shown, and the DOM has not changed for QUIET_MS (a
# MutationObserver notes the last change).
QUIET_MS = 900
WATCH_JS = """if (!window.__smk) { window.__smk = {last: performance.now()};
  new MutationObserver(() => { window.__smk.last = performance.now(); }).observe(document,
    {subtree: true, childList: true, attributes: true, characterData: true}); }"""
_BUSY = """() => document.querySelector('[data-testid="stApp"]').dataset.testScriptState !== 'notRunning'
  || !!document.querySelector('[data-testid="stStatusWidget"], [data-testid="stSkeleton"], '
  + '[data-testid="stAppSkeleton"], [data-testid="stSpinner"]')"""


def page_clock(page) -> float:
    """The page's own clock (``performance.now()``, ms): pass it to :func:`settled` as ``since``."""
    page.evaluate("() => {" + WATCH_JS + "}")  # a no-op when the context added it as an init script
    return page.evaluate("() => performance.now()")


def settled(page, timeout_s: float = 60, since: float | None = None) -> float:
    """Wait until the page is settled (see ``QUIET_MS``), after a first change past ``since`` (a
    :func:`page_clock` reading taken before a click) when given; returns the time
    (``time.perf_counter``) of the last change, when the page was ready as a person sees it."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_s * 1000)
    page.evaluate("() => {" + WATCH_JS + "}")  # a no-op when the context added it as an init script
    end = time.time() + timeout_s
    while time.time() < end:
        busy = page.evaluate(_BUSY)
        last, now = page.evaluate("() => [window.__smk.last, performance.now()]")
        quiet = now - last
        if not busy and quiet >= QUIET_MS and (since is None or last > since):
            return time.perf_counter() - quiet / 1000
        page.wait_for_timeout(50)
    raise TimeoutError("the page did not settle")


_TEXT_CALM = """() => [document.querySelectorAll('[data-stale="true"]').length,
                 document.querySelectorAll('[data-testid="stStatusWidget"], [data-testid="stSkeleton"]').length,
                 document.querySelector('[data-testid="stMain"]').innerText].join('|')"""


def text_settled(page, timeout_s: float = 60) -> None:
    """Wait until no element is stale, nothing runs and the page's text is unchanged over three
    looks ~0.35 s apart; then a moment more, since plotly draws its text after its element."""
    end, last, calm = time.time() + timeout_s, None, 0
    page.wait_for_timeout(300)
    while time.time() < end and calm < 3:
        sig = page.evaluate(_TEXT_CALM)
        calm = calm + 1 if sig.startswith("0|0|") and sig == last else 0
        last = sig
        page.wait_for_timeout(350)
    page.wait_for_timeout(300)


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
