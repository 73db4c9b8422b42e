"""Sign-in for real, in headless Chromium: Streamlit's own OpenID Connect round trip against a local
mock identity provider (``oidc-provider-mock``), on ``streamlit run app.py`` with a library and a
secrets file of its own (the secrets file is passed with ``STREAMLIT_SECRETS_FILES``: the
project never gets one). The AppTest versions of these checks are ``tests/test_app_teams.py``.

One mock provider and one server for the module. The library holds Alice's "Acme pizza
followers" (workspace Acme, with history and a share link) and Mallory's "Umbrella secret
launch" (workspace Umbrella). Who sees what:

- nobody signed in: the sign-in screen on every page, deep links included, nothing else;
- Alice: Acme and never Umbrella; signing out (through the provider's end-session page) ends it;
- Carol (no workspace) and Mallory: never Acme, not even by its goal id;
- a forged identity cookie: signed out;
- the share link: the Acme goal alone, without signing in;
- an account whose email is not verified (even Alice's address): refused, with a way out.

Known product bug, kept as a strict xfail: signed out, an address other than ``/`` opens the
sign-in screen under Streamlit's "Page not found" dialog, which makes the Sign in button inert.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import secrets
import urllib.request
import warnings
from unittest import mock
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

import streamlit_browser
from streamlit_browser import SCREENS, VIEWPORTS, streamlit_server

pytestmark = [pytest.mark.browser,
              pytest.mark.filterwarnings("ignore::DeprecationWarning")]  # authlib's, inside the mock provider

ALICE, MALLORY, CAROL = "alice@example.com", "mallory@example.com", "carol@example.com"
ACME, UMBRELLA = "Acme pizza followers", "Umbrella secret launch"
UNVERIFIED_SUB = "alice-unverified"  # claims Alice's address, not verified by the provider
USER_COOKIE = "_streamlit_user"  # Streamlit's signed identity cookie
WAIT_MS = 30_000

SIGN_IN = ".st-key-auth-sign_in button"
SIGN_OUT = ".st-key-auth-sign_out button"
SIGN_OUT_BAD = ".st-key-auth-sign_out_bad button"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


# ----------------------------------------------------------------------------- the site


def _set_claims(mock_base: str, sub: str, claims: dict) -> None:
    """What the mock provider vouches for when ``sub`` signs in (``PUT /users/<sub>``)."""
    req = urllib.request.Request(f"{mock_base}/users/{sub}", data=json.dumps(claims).encode(), method="PUT",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as answer:
        assert answer.status == 204


def _seed(library_url: str) -> dict[str, str]:
    from smartkit.demos import load_demo
    from smartkit.storage import Library

    demo = load_demo("pepperoni_palace", dt.date.today())
    lib = Library(library_url)
    alice, mallory = lib.as_user(ALICE), lib.as_user(MALLORY)
    acme = alice.create(demo.draft.model_copy(update={"name": ACME}), workspace="Acme")
    alice.attach_history(acme.id, demo.history, source="demo")
    umbrella = mallory.create(demo.draft.model_copy(update={"name": UMBRELLA}), workspace="Umbrella")
    return {"acme": acme.id, "umbrella": umbrella.id, "token": alice.share_token(acme.id)}


@pytest.fixture(scope="module")
def site(browser, tmp_path_factory):
    """The mock provider, a seeded library and ``streamlit run app.py`` with sign-in configured:
    ``{"base", "mock", "cookie_secret", "acme", "umbrella", "token"}``."""
    with warnings.catch_warnings():  # authlib (the mock's) turns its deprecation notices on when imported
        import authlib.deprecate  # noqa: F401 - first, so that "ignore" comes after its "always"

        warnings.simplefilter("ignore")
        from oidc_provider_mock import run_server_in_thread

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the mock's request log
    tmp = tmp_path_factory.mktemp("sign_in")
    library_url = f"sqlite:///{tmp / 'library.sqlite3'}"
    seeded = _seed(library_url)
    port = streamlit_browser.free_port()
    cookie_secret = secrets.token_urlsafe(32)
    log = SCREENS / "streamlit-sign-in.log"
    SCREENS.mkdir(parents=True, exist_ok=True)
    with run_server_in_thread(port=0) as provider, contextlib.ExitStack() as stack:
        mock_base = f"http://localhost:{provider.server_port}"
        for sub, email in ((ALICE, ALICE), (MALLORY, MALLORY), (CAROL, CAROL)):
            _set_claims(mock_base, sub, {"email": email, "email_verified": True})
        _set_claims(mock_base, UNVERIFIED_SUB, {"email": ALICE, "email_verified": False})
        secrets_file = tmp / "secrets.toml"
        # The browser opens 127.0.0.1 (as the helpers do): the redirect URI must be on the same host,
        # or the OAuth state cookie is not sent back with the callback.
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            f'cookie_secret = "{cookie_secret}"\n'
            'client_id = "smartkit-test"\n'
            'client_secret = "anything"\n'
            f'server_metadata_url = "{mock_base}/.well-known/openid-configuration"\n')
        env = {"SMARTKIT_DATABASE_URL": library_url, "STREAMLIT_SECRETS_FILES": str(secrets_file)}
        # The redirect URI names the port, so the server must take the one chosen above.
        with mock.patch.object(streamlit_browser, "free_port", return_value=port):
            base = stack.enter_context(streamlit_server(log=log, env=env))
        assert base == f"http://127.0.0.1:{port}"
        yield {"base": base, "mock": mock_base, "cookie_secret": cookie_secret, **seeded}
    text = log.read_text(errors="replace")
    assert "Traceback" not in text, text[-4000:]


@pytest.fixture
def context(browser):
    """A fresh browser (no cookies: nobody signed in, at the app or at the provider)."""
    ctx = browser.new_context(viewport=VIEWPORTS["desktop"], locale="en-US")
    yield ctx
    ctx.close()


# ----------------------------------------------------------------------------- helpers


def idle(page) -> None:
    """The script has finished its run (after the awaited element was drawn by it)."""
    page.wait_for_selector(IDLE, timeout=WAIT_MS)
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]').first.inner_text()


def shows_sign_in_screen(page) -> None:
    expect(page.locator(SIGN_IN)).to_be_visible(timeout=WAIT_MS)
    idle(page)
    expect(page.get_by_role("heading", name="Sign in to smartkit")).to_be_visible()
    assert page.locator(SIGN_OUT).count() == 0 and page.get_by_text("Signed in as").count() == 0


def nothing_of(page, *names: str) -> None:
    html = page.content()
    for name in names:
        assert name not in html, f"{name!r} is on {page.url}"


def sign_in(page, base: str, sub: str) -> None:
    """From a fresh page of the app: the sign-in screen, the provider's form, back signed in."""
    page.goto(base + "/")
    shows_sign_in_screen(page)
    page.locator(SIGN_IN).click()
    page.wait_for_url("**/oauth2/authorize?**", timeout=WAIT_MS)
    page.locator('input[name="sub"]').fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(base + "/**", timeout=WAIT_MS)


def signed_in_as(page, email: str) -> None:
    expect(page.get_by_text(f"Signed in as {email}")).to_be_visible(timeout=WAIT_MS)
    expect(page.locator(SIGN_OUT)).to_be_visible()
    idle(page)


def end_session(page, button: str, base: str) -> None:
    """Sign out for real: Streamlit clears its cookies and sends the browser to the provider's
    end-session page; confirming there comes back to the app, signed out."""
    page.locator(button).click()
    page.wait_for_url("**/oauth2/end_session?**", timeout=WAIT_MS)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(base + "/**", timeout=WAIT_MS)
    shows_sign_in_screen(page)
    assert USER_COOKIE not in {c["name"] for c in page.context.cookies()}


def library_lists(page, base: str, count: int) -> None:
    page.goto(base + "/library")
    expect(page.get_by_text(f"Goals shown: {count}")).to_be_visible(timeout=WAIT_MS)
    idle(page)


def workspace_options(page) -> list[str]:
    """The library's workspace filter, opened: what it offers."""
    page.locator('[data-testid="stSelectbox"]').first.click()
    options = page.locator('[role="option"]')
    expect(options.first).to_be_visible(timeout=WAIT_MS)
    shown = options.all_inner_texts()
    page.keyboard.press("Escape")
    return shown


# ----------------------------------------------------------------------------- the tests


def test_a_visitor_not_signed_in_sees_only_the_sign_in_screen(site, context):
    page = context.new_page()
    for path in ("/", "/library", f"/goal?goal={site['acme']}", f"/meeting?goal={site['acme']}"):
        page.goto(site["base"] + path)
        shows_sign_in_screen(page)
        nothing_of(page, "Acme", "Umbrella")
        assert page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').count() == 0, path


def test_alice_signs_in_sees_acme_only_and_signs_out(site, context):
    page = context.new_page()
    sign_in(page, site["base"], ALICE)
    signed_in_as(page, ALICE)
    user_cookie = [c for c in context.cookies() if c["name"] == USER_COOKIE]
    assert user_cookie and user_cookie[0]["httpOnly"] and user_cookie[0]["domain"] == "127.0.0.1"

    library_lists(page, site["base"], 1)
    expect(page.get_by_text(ACME).first).to_be_attached(timeout=WAIT_MS)  # the table's cell
    assert ACME in page.content()
    nothing_of(page, "Umbrella", site["umbrella"])
    assert "Umbrella" not in " ".join(workspace_options(page))

    page.goto(site["base"] + f"/goal?goal={site['umbrella']}")  # Mallory's goal by its id: not found
    expect(page.get_by_text("The goal in the link is not in this library")).to_be_visible(timeout=WAIT_MS)
    idle(page)
    nothing_of(page, "Umbrella")

    end_session(page, SIGN_OUT, site["base"])
    page.goto(site["base"] + "/library")  # the cookie is gone: signed out on every page
    shows_sign_in_screen(page)
    nothing_of(page, "Acme", "Umbrella")


def test_other_accounts_never_see_acme(site, browser, context):
    page = context.new_page()
    sign_in(page, site["base"], CAROL)  # a member of no workspace
    signed_in_as(page, CAROL)
    library_lists(page, site["base"], 0)
    expect(page.get_by_text("No goals match")).to_be_visible()
    nothing_of(page, "Acme", "Umbrella")
    page.goto(site["base"] + f"/goal?goal={site['acme']}")
    expect(page.get_by_text("The goal in the link is not in this library")).to_be_visible(timeout=WAIT_MS)
    idle(page)
    nothing_of(page, "Acme", "Umbrella")

    other = browser.new_context(viewport=VIEWPORTS["desktop"], locale="en-US")
    try:
        page = other.new_page()
        sign_in(page, site["base"], MALLORY)
        signed_in_as(page, MALLORY)
        library_lists(page, site["base"], 1)
        expect(page.get_by_text(UMBRELLA).first).to_be_attached(timeout=WAIT_MS)
        nothing_of(page, "Acme", site["acme"])
        assert "Acme" not in " ".join(workspace_options(page))
        page.goto(site["base"] + f"/goal?goal={site['acme']}")
        expect(page.get_by_text("The goal in the link is not in this library")).to_be_visible(timeout=WAIT_MS)
        idle(page)
        nothing_of(page, "Acme")
    finally:
        other.close()


def _signed_cookie(secret: str, payload: dict) -> str:
    try:
        from streamlit.web.server.starlette.starlette_app_utils import create_signed_value
    except ImportError:  # the Tornado server of older Streamlit signs the same way
        from tornado.web import create_signed_value
    value = create_signed_value(secret, USER_COOKIE, json.dumps(payload))
    return value.decode() if isinstance(value, bytes) else value


def test_a_forged_identity_cookie_stays_signed_out(site, browser):
    claims = {"email": ALICE, "email_verified": True, "is_logged_in": True, "provider": "default",
              "origin": site["base"]}
    forged = {"garbage": "garbage",
              "unsigned JSON": json.dumps(claims),
              "signed with another secret": _signed_cookie("not-" + site["cookie_secret"], claims)}
    for name, value in forged.items():
        ctx = browser.new_context(viewport=VIEWPORTS["desktop"], locale="en-US")
        try:
            ctx.add_cookies([{"name": USER_COOKIE, "value": value, "url": site["base"]}])
            page = ctx.new_page()
            for path in ("/library",) if name == "garbage" else ("/library", f"/goal?goal={site['acme']}"):
                page.goto(site["base"] + path)
                shows_sign_in_screen(page)
                nothing_of(page, "Acme", "Umbrella")
        finally:
            ctx.close()


def test_the_share_link_shows_the_acme_goal_without_signing_in(site, context):
    page = context.new_page()
    page.goto(site["base"] + "/?" + urlencode({"share": site["token"], "lang": "en"}))  # as sharing.share_url
    expect(page.get_by_role("heading", name=ACME)).to_be_visible(timeout=WAIT_MS)
    idle(page)
    assert page.locator(SIGN_IN).count() == 0
    nothing_of(page, "Umbrella", site["umbrella"])

    page.goto(site["base"] + "/?" + urlencode({"share": site["token"][:-2] + "xx", "lang": "en"}))  # a wrong token
    expect(page.get_by_text("This link is no longer valid.")).to_be_visible(timeout=WAIT_MS)
    idle(page)
    nothing_of(page, "Acme", "Umbrella")


def test_an_unverified_email_is_refused_with_a_way_out(site, context):
    page = context.new_page()
    sign_in(page, site["base"], UNVERIFIED_SUB)  # the provider says alice@example.com, not verified
    expect(page.get_by_text("has no verified email address")).to_be_visible(timeout=WAIT_MS)
    expect(page.locator(SIGN_OUT_BAD)).to_be_visible()
    idle(page)
    assert page.locator(SIGN_IN).count() == 0 and page.get_by_text("Signed in as").count() == 0
    nothing_of(page, ACME, "Umbrella")
    page.goto(site["base"] + f"/library?goal={site['acme']}")  # a deep link: refused all the same
    expect(page.locator(SIGN_OUT_BAD)).to_be_visible(timeout=WAIT_MS)
    idle(page)
    nothing_of(page, ACME, "Umbrella")
    page.goto(site["base"] + "/")  # (on a deep link a "Page not found" dialog covers the button: see below)
    expect(page.locator(SIGN_OUT_BAD)).to_be_visible(timeout=WAIT_MS)
    end_session(page, SIGN_OUT_BAD, site["base"])


@pytest.mark.xfail(strict=True, reason="product bug: signed out, any address but / (/library, /goal?goal=..., "
                   "a bookmark) shows Streamlit's 'Page not found' dialog over the sign-in screen, and the "
                   "Sign in button cannot be clicked until it is closed (ui/auth.py require_sign_in registers "
                   "only the url_path 'signin')")
def test_a_deep_link_opens_a_sign_in_screen_that_can_be_used(site, context):
    page = context.new_page()
    page.goto(site["base"] + "/library")
    shows_sign_in_screen(page)
    page.locator(SIGN_IN).click(trial=True, timeout=1500)  # not covered by anything
    assert page.get_by_text("Page not found").count() == 0
