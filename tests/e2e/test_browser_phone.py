"""The Pepperoni Palace demo walked on a phone (390×844) in Persian and in English, in headless
Chromium: no page is wider than the screen, the chart's dates stay horizontal, apart and clear of
the legend, and in Persian the "next" arrow points the reading way (left). Screenshots in
``test-artifacts/screens/phone/<lang>-<n>-<step>.png``."""
from __future__ import annotations

import pytest

from streamlit_browser import shot, text_settled as settled

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
STEPS = ("objective", "kpis", "baseline", "target", "goal")
NEXT_ARROW = {"fa": "arrow_back", "en": "arrow_forward"}  # the Material icon drawn on "Next"

OVERFLOW = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const shown = e => {  // the part of an element its clipping ancestors let through
    let {left, right} = e.getBoundingClientRect();
    for (let a = e.parentElement; a && a !== main; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') {
        const r = a.getBoundingClientRect();
        left = Math.max(left, r.left); right = Math.min(right, r.right);
      }
    }
    return {left, right};
  };
  const wide = Array.from(main.querySelectorAll('*')).filter(e => {
    if (e.getBoundingClientRect().width === 0 || e.closest('[data-testid="stDataFrame"], .js-plotly-plot')) return false;
    const r = shown(e);
    return r.right > r.left && (r.right > innerWidth + 1 || r.left < -1);
  }).map(e => (e.dataset.testid || e.tagName) + ':' + Math.round(shown(e).left) + '..' + Math.round(shown(e).right));
  return {page: document.documentElement.scrollWidth, main: main.scrollWidth, client: main.clientWidth,
          wide: wide.slice(0, 5)};
}"""
DATES = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(plot => {
  const ticks = Array.from(plot.querySelectorAll('.xaxislayer-above .xtick text'))
    .filter(t => getComputedStyle(t).display !== 'none' && t.getBoundingClientRect().width > 0)
    .map(t => { const r = t.getBoundingClientRect(); return {l: r.left, r: r.right, t: r.top, b: r.bottom,
                 turned: /rotate\\((?!0)/.test(t.getAttribute('transform') || '')}; });
  const legend = plot.querySelector('.legend');
  const box = legend ? legend.getBoundingClientRect() : null;
  return {ticks, legend: box && {l: box.left, r: box.right, t: box.top, b: box.bottom}};
})"""
def assert_fits_the_phone(page, where: str) -> None:
    sizes = page.evaluate(OVERFLOW)
    assert sizes["page"] <= PHONE["width"] and sizes["main"] <= sizes["client"] + 1 and not sizes["wide"], \
        f"wider than the phone on {where}: {sizes}"


def overlap(a: dict, b: dict) -> bool:
    return a["l"] < b["r"] - 1 and b["l"] < a["r"] - 1 and a["t"] < b["b"] - 1 and b["t"] < a["b"] - 1


def assert_dates_readable(page, where: str) -> None:
    page.locator(".js-plotly-plot .xtick").first.wait_for(state="attached", timeout=20000)
    page.wait_for_timeout(500)
    for chart in page.evaluate(DATES):
        ticks = chart["ticks"]
        assert len(ticks) >= 2, f"no dates under the chart on {where}"
        assert not any(tick["turned"] for tick in ticks), f"turned dates on {where}"
        assert all(tick["l"] >= -1 and tick["r"] <= PHONE["width"] + 1 for tick in ticks), f"dates cut on {where}"
        for first, second in zip(ticks, ticks[1:]):
            assert not overlap(first, second), f"dates run into each other on {where}: {first} {second}"
        if chart["legend"]:
            assert not any(overlap(tick, chart["legend"]) for tick in ticks), f"dates under the legend on {where}"


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_demo_walks_on_a_phone_without_anything_wider_than_the_screen(server, browser, lang):
    context = browser.new_context(viewport=PHONE, locale="en-US", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{server}/?lang={lang}")
    page.locator(".st-key-ui-demo_load button").wait_for(timeout=60000)
    page.locator(".st-key-ui-demo_load button").click()
    page.locator('[data-testid="stAlert"]').first.wait_for(timeout=30000)
    settled(page)
    for number, step in enumerate(STEPS, start=1):
        if step in ("baseline", "goal"):
            assert_dates_readable(page, f"{lang} {step}")
        assert_fits_the_phone(page, f"{lang} {step}")
        shot(page, lang, "phone", f"{number}-{step}")
        if step != STEPS[-1]:
            button = page.locator(f".st-key-nav-next-{step} button")
            assert button.locator('[data-testid="stIconMaterial"]').inner_text() == NEXT_ARROW[lang]
            button.click()
            settled(page)
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.locator('[data-testid="stSidebarNavLink"][href$="/meeting"]').click()
    settled(page)
    close = page.locator('[data-testid="stSidebarCollapseButton"] button')
    if close.is_visible():  # Streamlit leaves the sidebar open over the page after a tap on a link
        close.click()
        page.wait_for_timeout(800)
    assert_dates_readable(page, f"{lang} meeting")
    assert_fits_the_phone(page, f"{lang} meeting")
    shot(page, lang, "phone", "6-meeting")
    context.close()
