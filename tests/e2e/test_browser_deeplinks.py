"""Every page opens from its own link, even as the very first request of a freshly started server
(a reload, a bookmark, a link sent to a colleague): in the wizard's frame, never Streamlit's error
box over a raw list of file names. ``?demo=<id>`` on any page loads that worked example."""
from __future__ import annotations

import pytest

from smartkit.i18n import t
from streamlit_browser import VIEWPORTS, settled
from ui.frame import PAGE_FILES, STEPS

pytestmark = pytest.mark.browser

FILE_NAMES = {"app", *(path.rsplit("/", 1)[-1].removesuffix(".py") for path in PAGE_FILES.values())}


def open_first(fresh_server, browser, path: str, locale: str = "en-US") -> tuple[str, str]:
    """Start the app anew, open ``path`` as its first request; the main area's and the
    navigation's text once the page has settled."""
    with fresh_server() as base:
        context = browser.new_context(viewport=VIEWPORTS["desktop"], locale=locale)
        page = context.new_page()
        page.goto(base + path)
        settled(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        main = page.locator('[data-testid="stMain"]').inner_text()
        nav = page.locator('[data-testid="stSidebarNav"]').text_content()
        links = [a.strip() for a in page.locator('[data-testid="stSidebarNav"] a').all_text_contents()]
        assert page.url.split("?")[0].endswith(path.split("?")[0])
        context.close()
    assert not FILE_NAMES & set(links), f"Streamlit's raw page list instead of the wizard: {links}"
    assert t("ui.step.objective.nav", "en", n=1) in nav or t("ui.step.objective.nav", "th", n=1) in nav
    return main, nav


@pytest.mark.parametrize("step", STEPS[1:])
def test_a_later_step_opened_first_shows_its_frame_and_what_it_needs(fresh_server, browser, step):
    main, _ = open_first(fresh_server, browser, f"/{step}")
    assert t(f"ui.step.{step}.title", "en") in main
    assert t("ui.gate.needs", "en") in main  # nothing answered yet: the steps it needs, as links


@pytest.mark.parametrize("url_path", sorted(set(PAGE_FILES) - set(STEPS)))
def test_every_other_page_opened_first_is_drawn_in_the_frame(fresh_server, browser, url_path):
    main, _ = open_first(fresh_server, browser, f"/{url_path}")
    assert main.strip()
    assert "This app has encountered an error" not in main


def test_a_bookmarked_meeting_with_a_demo_opens_ready_to_present_in_thai(fresh_server, browser):
    main, _ = open_first(fresh_server, browser, "/meeting?demo=pepperoni_palace&lang=th")
    assert "เพิ่มผู้ติดตาม Facebook" in main  # the Thai statement of the Pepperoni Palace goal
    assert t("ui.meeting.empty", "th") not in main


def test_a_demo_link_to_the_goal_step_shows_that_goal(fresh_server, browser):
    main, _ = open_first(fresh_server, browser, "/goal?demo=website_traffic")
    assert "Increase website sessions from social referred by Facebook by 25%" in main
    assert t("ui.gate.needs", "en") not in main
