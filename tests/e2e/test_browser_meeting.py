"""Meeting mode on a projector, in headless Chromium: at 1280×720, 1366×768 and 1920×1080 the
statement, chart, slider, target, chance, verdict and Share stay on the screen without scrolling
(the page is no taller than the screen), in the same wide layout, after every worked example and
after a slider move with the arrow keys; the editing sidebar is collapsed but its button is there.
The picker names the example the URL names, and "next example" writes it there, so a reload shows
the same one. With daily spend in the history (Product X), a budget slider beside the target slider
moves what the budget buys, and the target slider the budget it needs. Screenshots in ``test-artifacts/screens/meeting/``."""
from __future__ import annotations

import datetime as dt
import time

import pytest

from smartkit.demos import demo_title
from streamlit_browser import SCREENS

pytestmark = pytest.mark.browser

PROJECTORS = {"1280x720": (1280, 720), "1366x768": (1366, 768), "1920x1080": (1920, 1080)}
# What a client must see at once (keyed containers of pages/meeting.py).
SHOWN = {"statement": ".st-key-ui-meeting_statement", "chart": ".st-key-ui-meeting_chart_box .js-plotly-plot",
         "slider": ".st-key-ui-meeting_slider", "target": ".st-key-ui-meeting_figures [data-testid='stMetric'] >> nth=0",
         "chance": ".st-key-ui-meeting_figures [data-testid='stMetric'] >> nth=1",
         "verdict": ".st-key-ui-meeting_figures [data-testid='stMetric'] >> nth=2",
         "share": ".st-key-ui-meeting_share button >> nth=0"}
EXAMPLES = 5
NEXT = ".st-key-ui-meeting_next button"

LAYOUT = """() => ({
    main: document.querySelector('[data-testid="stMainBlockContainer"]').getBoundingClientRect().width,
    page: document.documentElement.scrollWidth,
    scrolled: document.querySelector('[data-testid="stMain"]').scrollTop,
})"""
CALM = """() => [document.querySelectorAll('[data-stale="true"]').length,
                 document.querySelectorAll('[data-testid="stStatusWidget"]').length,
                 document.querySelectorAll('.st-key-ui-meeting_chart_box .js-plotly-plot').length,
                 document.querySelector('[data-testid="stMain"]').innerText].join('|')"""


def presented(page, timeout_s: float = 60) -> str:
    """Wait until the rerun is over and the chart is drawn: no stale element, no running
    indicator, one chart, and the page's text unchanged for a second. Returns that text."""
    end = time.time() + timeout_s
    last, calm = None, 0
    page.wait_for_timeout(300)
    while time.time() < end:
        sig = page.evaluate(CALM)
        ready = sig.startswith("0|0|1|")
        calm = calm + 1 if ready and sig == last else 0
        if calm >= 3:
            return sig.split("|", 3)[3]
        last = sig
        page.wait_for_timeout(350)
    raise AssertionError("meeting mode did not settle")


def assert_everything_on_screen(page, width: int, height: int, when: str) -> None:
    for name, selector in SHOWN.items():
        box = page.locator(selector).bounding_box()
        assert box is not None, f"{name} is not drawn ({when})"
        inside = box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width + 0.5 \
            and box["y"] + box["height"] <= height + 0.5
        assert inside, f"{name} is off the {width}×{height} screen ({when}): {box}"


# English at every size; Thai (the longest statements) on the smallest screen.
RUNS = [(size, "en") for size in PROJECTORS] + [("1280x720", "th")]


@pytest.mark.parametrize(("size", "lang"), RUNS, ids=[f"{size}-{lang}" for size, lang in RUNS])
def test_meeting_mode_fits_a_projector_through_every_example_and_slider_move(server, browser, size, lang):
    width, height = PROJECTORS[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    page = context.new_page()
    page.goto(f"{server}/meeting?lang={lang}")
    page.locator(NEXT).wait_for(timeout=60000)
    layouts, statements = [], []
    for number in range(1, EXAMPLES + 1):
        page.locator(NEXT).click()
        statements.append(presented(page))
        assert_everything_on_screen(page, width, height, f"example {number}")
        layouts.append(page.evaluate(LAYOUT))
        if number in (1, EXAMPLES):
            page.screenshot(path=str(_folder() / f"{size}-{lang}-example{number}.png"))

        # The arrow keys move the slider once it has the focus; the goal follows.
        target_before = page.locator(SHOWN["target"]).inner_text()
        page.locator(".st-key-ui-meeting_slider").get_by_role("slider").focus()
        page.keyboard.press("ArrowRight")
        presented(page)
        assert page.locator(SHOWN["target"]).inner_text() != target_before, f"the slider did not move ({number})"
        assert_everything_on_screen(page, width, height, f"example {number} after a slider move")
        layouts.append(page.evaluate(LAYOUT))
    assert len(set(statements)) == EXAMPLES  # "next example" walked through all five
    assert {round(layout["main"]) for layout in layouts} == {round(layouts[0]["main"])}, layouts  # no flip
    assert all(layout["page"] <= width for layout in layouts), layouts  # nothing wider than the screen
    assert all(layout["scrolled"] == 0 for layout in layouts), layouts
    assert layouts[0]["main"] > 0.8 * width  # the wide layout, not a narrow column
    # The sidebar is collapsed, out of the way, and one click brings it back.
    sidebar = page.locator('[data-testid="stSidebar"]').bounding_box()
    assert sidebar is None or sidebar["x"] + sidebar["width"] <= 0
    assert page.locator('[data-testid="stExpandSidebarButton"]').is_visible()
    context.close()


def test_a_demo_picked_from_the_list_is_presented_at_1280x720(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    page = context.new_page()
    page.goto(server + "/meeting?lang=en")
    picker = page.locator(".st-key-ui-meeting_pick").get_by_role("combobox")
    picker.wait_for(timeout=60000)
    picker.click()
    page.get_by_role("option", name=demo_title("engagement_rate", "en", dt.date.today())).click()
    text = presented(page)
    assert "engagement rate" in text
    assert_everything_on_screen(page, 1280, 720, "picked from the list")
    context.close()


# How far the page reaches: the document and Streamlit's own scrolling container (its content).
PAGE_HEIGHT = """() => { const main = document.querySelector('[data-testid="stMain"]');
  return {document: document.documentElement.scrollHeight, main: main.scrollHeight, viewport: window.innerHeight}; }"""
SLACK_PX = 4


@pytest.mark.parametrize("size", list(PROJECTORS))
def test_meeting_mode_is_no_taller_than_the_screen_with_share_in_view_for_every_demo(server, browser, size):
    """The README says meeting mode fits without scrolling: the page's height, not only the
    first elements, with each worked example opened by its link; Share is on the screen."""
    from smartkit.demos import DEMO_IDS

    width, height = PROJECTORS[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-US")
    page = context.new_page()
    heights = {}
    for demo in DEMO_IDS:
        page.goto(f"{server}/meeting?lang=en&demo={demo}")
        page.locator(NEXT).wait_for(timeout=60000)
        presented(page)
        heights[demo] = page.evaluate(PAGE_HEIGHT)
        assert_everything_on_screen(page, width, height, demo)
        assert page.locator(SHOWN["share"]).is_visible()
        page.screenshot(path=str(_folder() / f"{size}-one-screen-{demo}.png"))
    too_tall = {demo: h for demo, h in heights.items()
                if max(h["document"], h["main"]) > h["viewport"] + SLACK_PX}
    assert not too_tall, f"meeting mode scrolls at {size}: {too_tall}"
    context.close()


BUDGET_SLIDER = ".st-key-ui-meeting_budget"


@pytest.mark.parametrize("lang", ["en", "th"])
def test_the_budget_slider_sits_beside_the_target_slider_and_each_moves_the_others_figures(server, browser, lang):
    """Product X (daily spend in its history) at 1280×720: the budget slider and the lines under
    both sliders are on the screen; the budget slider moves what the budget buys (not the
    target), the target slider moves the budget the target needs."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    page = context.new_page()
    page.goto(f"{server}/meeting?lang={lang}&demo=product_x_sales")
    page.locator(NEXT).wait_for(timeout=60000)
    presented(page)
    for name, selector in {"budget slider": BUDGET_SLIDER, "target slider": SHOWN["slider"]}.items():
        box = page.locator(selector).bounding_box()
        assert box is not None and box["y"] + box["height"] <= 720.5, f"{name} is off the screen: {box}"
    captions = page.locator("[data-testid='stCaptionContainer']")

    def lines() -> list[str]:  # the budget needed (under the target slider), what the budget buys
        return [text for text in captions.all_inner_texts() if "$" in text]

    before, target = lines(), page.locator(SHOWN["target"]).inner_text()
    assert len(before) >= 2, before   # the budget needed, and what the budget buys
    page.locator(BUDGET_SLIDER).get_by_role("slider").focus()
    page.keyboard.press("ArrowRight")
    presented(page)
    after_budget = lines()
    assert page.locator(SHOWN["target"]).inner_text() == target   # the target stays
    assert after_budget != before and after_budget[0] == before[0], (before, after_budget)  # needed stays
    page.locator(SHOWN["slider"]).get_by_role("slider").focus()
    page.keyboard.press("ArrowRight")
    presented(page)
    after_target = lines()
    assert after_target[0] != after_budget[0], (after_budget, after_target)   # the budget needed follows
    assert_everything_on_screen(page, 1280, 720, "after both sliders moved")
    page.screenshot(path=str(_folder() / f"1280x720-{lang}-budget-sliders.png"))
    context.close()


PICKED = """() => { const input = document.querySelector('.st-key-ui-meeting_pick input[role="combobox"]');
  return input ? input.value : ''; }"""  # the example the picker shows


def test_the_picker_and_the_url_follow_next_example_through_a_reload(server, browser):
    today = dt.date.today()
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="en-US")
    page = context.new_page()
    page.goto(server + "/meeting?lang=en&demo=pepperoni_palace")
    page.locator(NEXT).wait_for(timeout=60000)
    presented(page)
    assert demo_title("pepperoni_palace", "en", today) in page.evaluate(PICKED)
    for _ in range(2):  # Pepperoni Palace → website traffic → Product X
        page.locator(NEXT).click()
        presented(page)
    assert "demo=product_x_sales" in page.url
    assert demo_title("product_x_sales", "en", today) in page.evaluate(PICKED)
    page.reload()
    page.locator(NEXT).wait_for(timeout=60000)
    text = presented(page)
    assert "Product X" in text
    assert "demo=product_x_sales" in page.url
    assert demo_title("product_x_sales", "en", today) in page.evaluate(PICKED)
    context.close()


def _folder():
    folder = SCREENS / "meeting"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
