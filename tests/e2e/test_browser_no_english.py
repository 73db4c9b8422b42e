"""Every word in the user's language: the Pepperoni Palace demo walked through every page of the
navigation in Thai, Vietnamese and Persian, in headless Chromium; the text a visitor can see
(charts included) must hold none of the English words of the interface below. Names are not
words to translate (Facebook, Page Insights, Pepperoni Palace, KPI, SMART, CSV...), so the list
holds only English UI words. Streamlit's own uploader text is checked where we replace it, and
the fields' placeholders too (a date field's "YYYY-MM-DD" was English). Also: an import warning
read in English is worded in the new language after a switch; with Persian digits chosen, every
tick of every chart axis (the SVG text plotly draws) is in Persian digits. Screenshots in
``test-artifacts/screens/no_english/``."""
from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from streamlit_browser import SCREENS, text_settled as settled

pytestmark = pytest.mark.browser

# English words of an interface (ours, Streamlit's, plotly's, pydantic's), matched as whole words.
ENGLISH_UI_WORDS = (
    "Upload", "Browse files", "Drag and drop", "per file", "Limit", "demo history", "History", "Baseline",
    "Forecast", "Target", "Milestones", "Today", "Next", "Back", "Step", "Goal", "Objective", "Choose",
    "Select", "No results", "Press Enter", "Loading", "Running", "Stop", "Rerun", "Deploy", "Error",
    "Input should", "greater than", "must be", "or smaller", "not allowed", "Remove", "Download",
    "Start over", "Realistic", "Ambitious", "Unrealistic", "Chance", "Meeting mode", "Worked examples",
    "followers", "weekly", "measured in", "reviewed", "Increase", "Language", "Calendar", "Summary",
)
WORDS = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH_UI_WORDS) + r")\b")
# A date format hint in English letters ("YYYY-MM-DD", "yyyy/mm/dd", "DD/MM/YYYY").
DATE_HINT = re.compile(r"\b([Yy]{2,4}|[Dd]{2}|[Mm]{2})[-/.]([Yy]{2,4}|[Dd]{2}|[Mm]{2})\b")

VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.querySelector('[data-testid="stApp"]'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('[data-testid="stIconMaterial"], style, script')) continue;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width < 2 || box.height < 2) continue;  // visually hidden (screen-reader) text
    out.push(text);
  }
  return out;
}"""
UPLOADER_WORDS = """() => Array.from(document.querySelectorAll(
    '[data-testid="stFileUploaderDropzone"] button p, [data-testid="stFileUploaderDropzoneInstructions"] span'))
  .map(e => getComputedStyle(e, '::after').content)"""
UPLOADER_TEXT = {"th": "เลือกไฟล์", "vi": "Chọn tệp", "fa": "انتخاب فایل"}


# What an empty field shows: the placeholder of every empty text field, drop-down and date field
# (a field with a value shows the value; the date fields are checked while empty on the Track page).
PLACEHOLDERS = """() => Array.from(document.querySelectorAll(
    '[data-testid="stMain"] input[placeholder], [data-testid="stMain"] textarea[placeholder]'))
  .filter(e => !e.value).map(e => e.getAttribute('placeholder')).filter(Boolean)"""
TICKS = """() => Array.from(document.querySelectorAll(
    '.js-plotly-plot .xtick text, .js-plotly-plot .ytick text')).map(e => e.textContent)"""


def english_on(page) -> list[str]:
    texts = [*page.evaluate(VISIBLE_TEXT), *page.evaluate(PLACEHOLDERS)]
    return sorted({match for text in texts for match in WORDS.findall(text)}
                  | {"".join(match) for text in texts for match in DATE_HINT.findall(text)})


@pytest.mark.parametrize("lang", ["th", "vi", "fa"])
def test_no_english_word_on_any_page(server, browser, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.goto(f"{server}/?lang={lang}")
    page.locator(".st-key-ui-demo_load button").wait_for(timeout=60000)
    page.locator(".st-key-ui-demo_load button").click()
    page.locator('[data-testid="stAlert"]').first.wait_for(timeout=30000)
    settled(page)
    links = page.locator('[data-testid="stSidebarNavLink"]')
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) >= 6
    found: dict[str, list[str]] = {}
    folder = SCREENS / "no_english"
    folder.mkdir(parents=True, exist_ok=True)
    for href in hrefs:
        name = urlparse(href).path.strip("/") or "objective"
        link = page.locator(f'[data-testid="stSidebarNavLink"][href="{href}"]')
        if page.locator('[data-testid="stExpandSidebarButton"]').is_visible():  # meeting mode collapses it
            page.locator('[data-testid="stExpandSidebarButton"]').click()
            page.wait_for_timeout(800)
        link.click()
        settled(page)
        if page.locator(".js-plotly-plot").count():
            page.locator(".js-plotly-plot .xtick").first.wait_for(state="attached", timeout=20000)
        words = english_on(page)
        if words:
            found[name] = words
            page.screenshot(path=str(folder / f"{lang}-{name}.png"), full_page=True)
        # Streamlit's uploader words are replaced by ours (drawn as CSS content, not page text)
        uploaders = page.evaluate(UPLOADER_WORDS)
        assert not any(WORDS.search(text) or text == "none" for text in uploaders), (name, uploaders)
        if name == "baseline":
            assert f'"{UPLOADER_TEXT[lang]}"' in uploaders, uploaders
    assert not found, f"English on the {lang} pages: {found}"
    context.close()


def _sidebar(page) -> None:
    if page.locator('[data-testid="stExpandSidebarButton"]').is_visible():
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        page.wait_for_timeout(800)


@pytest.mark.parametrize("lang", ["th", "vi", "fa"])
def test_an_import_warning_read_in_english_is_worded_in_the_new_language(server, browser, lang):
    """A file uploaded in English gives a warning (its last day is not over); the user switches
    language: the warning is said again in the new language, not kept in English."""
    from smartkit.i18n import LANGUAGE_NAMES
    from smartkit.importers import read_export
    from streamlit_browser import ROOT

    export = ROOT / "tests" / "fixtures" / "exports" / "shopify_sales_over_time.csv"
    partial = next(w for w in read_export(export).warnings if w.key.endswith("partial_last_day"))
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.goto(f"{server}/baseline?lang=en&demo=product_x_sales")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.wait_for(state="attached", timeout=60000)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(export))
    page.locator('[data-testid="stAlert"]', has_text="last day").first.wait_for(timeout=60000)
    settled(page)
    _sidebar(page)
    page.locator(".st-key-ui-lang").get_by_role("combobox").click()
    page.get_by_role("option", name=LANGUAGE_NAMES[lang]).click()
    page.wait_for_function("lang => new URL(location.href).searchParams.get('lang') === lang", arg=lang,
                           timeout=30000)
    settled(page)
    alerts = " ".join(page.locator('[data-testid="stAlert"]').all_inner_texts())
    words = english_on(page)
    if words or "last day" in alerts:
        page.screenshot(path=str(SCREENS / "no_english" / f"{lang}-warning-after-switch.png"), full_page=True)
    assert "last day" not in alerts, alerts
    assert partial.render(lang).split("{")[0][:12] in alerts, alerts
    assert not words, f"English after switching to {lang}: {words}"
    context.close()


LATIN_DIGIT = re.compile(r"[0-9]")


def test_with_persian_digits_every_chart_tick_is_in_persian_digits(server, browser):
    """Persian digits chosen in the sidebar: the value axis read "2k, 4k"; every tick of the
    goal chart and the baseline chart is now written in Persian digits (read from the SVG)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.goto(f"{server}/goal?lang=fa&demo=website_traffic")
    page.locator(".js-plotly-plot .ytick").first.wait_for(state="attached", timeout=60000)
    settled(page)
    page.locator(".st-key-ui-native_digits label").first.click()
    page.wait_for_function("""() => Array.from(document.querySelectorAll('.js-plotly-plot .ytick text'))
        .some(e => /[۰-۹]/.test(e.textContent))""", timeout=30000)
    settled(page)
    seen = {}
    for name in ("goal", "baseline"):
        if name != "goal":
            _sidebar(page)
            page.locator(f'[data-testid="stSidebarNavLink"][href$="/{name}"]').click()
            settled(page)
            page.locator(".js-plotly-plot .ytick").first.wait_for(state="attached", timeout=30000)
            settled(page)
        ticks = page.evaluate(TICKS)
        seen[name] = ticks
        assert len(ticks) >= 6, (name, ticks)
        latin = [tick for tick in ticks if LATIN_DIGIT.search(tick)]
        if latin:
            page.screenshot(path=str(SCREENS / "no_english" / f"fa-digits-{name}.png"), full_page=True)
        assert not latin, f"Latin digits on the {name} chart: {latin}"
        assert any(re.search("[۰-۹]", tick) for tick in ticks), ticks
    context.close()
