"""Every word in the user's language: the Pepperoni Palace demo walked through every page of the
navigation in Thai, Vietnamese and Persian, in headless Chromium; the text a visitor can see
(charts included) must hold none of the English words of the interface below. Names are not
words to translate (Facebook, Page Insights, Pepperoni Palace, KPI, SMART, CSV...), so the list
holds only English UI words. Streamlit's own uploader text is checked where we replace it.
Screenshots in ``test-artifacts/screens/no_english/``."""
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


def english_on(page) -> list[str]:
    return sorted({match for text in page.evaluate(VISIBLE_TEXT) for match in WORDS.findall(text)})


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
