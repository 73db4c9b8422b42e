"""The wizard walked in Persian (right to left), Thai and Vietnamese, in headless Chromium, with a
screenshot of every step under ``test-artifacts/screens/<lang>/``.

Buttons are found by their widget keys (``.st-key-…``), not by their translated labels."""
from __future__ import annotations

import pytest

from streamlit_browser import VIEWPORTS, chart, settle, shot

pytestmark = pytest.mark.browser

NEXT_STEP = {"objective": "kpis", "kpis": "baseline", "baseline": "target", "target": "goal"}
# Words the goal page must show in each language: the verb of the statement and a SMART letter.
EXPECTED = {"fa": ("افزایش", "عملی"), "th": ("เพิ่ม", "ทำได้จริง"), "vi": ("Tăng", "Có thể đạt được")}


def _direction(page, selector: str) -> str:
    return page.evaluate(f"() => getComputedStyle(document.querySelector('{selector}')).direction")


@pytest.mark.parametrize("lang", sorted(EXPECTED))
def test_the_wizard_walks_through_in_persian_thai_and_vietnamese(server, browser, lang):
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="en-US")
    page = context.new_page()
    page.goto(f"{server}/?lang={lang}")
    settle(page)
    page.locator(".st-key-ui-demo_load button").click()
    page.locator('[data-testid="stAlert"]').first.wait_for(timeout=20000)
    settle(page)
    shot(page, lang, "desktop", "1-objective")
    for number, (step, following) in enumerate(NEXT_STEP.items(), start=2):
        page.locator(f".st-key-nav-next-{step} button").click()
        settle(page)
        if following == "goal":
            chart(page)
        shot(page, lang, "desktop", f"{number}-{following}")
    body = page.locator('[data-testid="stMain"]').inner_text()
    verb, letter = EXPECTED[lang]
    assert verb in body and letter in body
    assert "Increase" not in body  # nothing left in English
    assert f"lang={lang}" in page.url
    main_text = '[data-testid="stMain"] [data-testid="stMarkdownContainer"]'
    if lang == "fa":
        assert _direction(page, main_text) == "rtl"
        assert _direction(page, '[data-testid="stSidebar"]') == "rtl"
        assert _direction(page, '[data-testid="stPlotlyChart"]') == "ltr"  # time runs left to right
    else:
        assert _direction(page, main_text) == "ltr"
    context.close()


def test_the_collapsed_sidebar_stays_out_of_the_way_on_a_persian_phone(server, browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="fa-IR")
    page = context.new_page()
    page.goto(server + "/")  # Persian from the browser's language
    settle(page)
    page.get_by_text("هدف کلان").first.wait_for()  # the Persian page is drawn
    page.wait_for_timeout(800)  # the sidebar's collapse transition
    assert "lang=fa" in page.url
    # Where the sidebar's links would be drawn, the page must be what is hit (clipped, not shown).
    shown = page.evaluate("""() => Array.from(document.querySelectorAll('[data-testid="stSidebar"] a')).some(a => {
        const r = a.getBoundingClientRect();
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        if (x < 0 || x > innerWidth || y < 0 || y > innerHeight) return false;
        const hit = document.elementFromPoint(x, y);
        return hit !== null && a.contains(hit);
    })""")
    assert not shown
    context.close()
