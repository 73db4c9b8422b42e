"""Sign-in, when the server is configured for it, and who the session's user is.

Off by default: without an ``[auth]`` section in ``.streamlit/secrets.toml`` there is one user,
the library's administrator, and nothing asks to sign in. With it (Streamlit's own OIDC sign-in:
``st.login``, ``st.user``, ``st.logout``), every page but a valid ``?share=`` link asks to sign in
first, and the library is opened as the signed-in user (:meth:`smartkit.storage.Library.as_user`:
their workspaces, their roles). The email the identity provider vouches for is the identity; an
account without a usable, verified email is refused with a way out (sign out), never let in as
anyone.
"""
from __future__ import annotations

import streamlit as st

from smartkit.errors import SmartkitError
from smartkit.i18n import Lang, t
from ui.widgets import md


def configured() -> bool:
    """Whether the server asks users to sign in (an ``[auth]`` section in its secrets)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file, or one that cannot be read (the class varies by version)
        return False


def current_user() -> str | None:
    """The signed-in user's identity (:func:`smartkit.storage.identity` of their email); None
    without sign-in configured (the administrator). Raises :class:`SmartkitError` for a signed-in
    account without a usable email (the caller shows it), and never returns None for a
    configured server: :func:`require_sign_in` has stopped the page before."""
    if not configured():
        return None
    from smartkit.storage import identity

    user = st.user
    if not user.get("is_logged_in"):
        raise SmartkitError("error.auth.signed_out")
    if user.get("email_verified") is False:
        raise SmartkitError("error.auth.unverified", email=str(user.get("email") or "")[:80])
    return identity(user.get("email"))


def require_sign_in(lang: Lang) -> None:
    """On a server with sign-in: a visitor who is not signed in (or whose account cannot be
    used) sees the sign-in screen and nothing else; the page stops there."""
    if not configured():
        return
    try:
        current_user()
        return
    except SmartkitError as err:
        problem = None if err.key == "error.auth.signed_out" else err
    st.navigation([st.Page(lambda: _sign_in_screen(lang, problem), title=t("auth.title", lang),
                           url_path="signin", icon=":material/login:")], position="hidden").run()
    st.stop()


def _sign_in_screen(lang: Lang, problem: SmartkitError | None) -> None:
    st.title(t("auth.title", lang), anchor=False)
    st.caption(md(t("auth.intro", lang)))
    if problem is not None:
        st.error(md(problem.message(lang)), icon=":material/no_accounts:")
        st.button(t("auth.sign_out", lang), key="auth.sign_out_bad", icon=":material/logout:", on_click=st.logout)
        return
    st.button(t("auth.sign_in", lang), key="auth.sign_in", icon=":material/login:", type="primary",
              on_click=st.login)


def sidebar(lang: Lang) -> None:
    """Who is signed in, and "Sign out" (only on a server with sign-in)."""
    if not configured():
        return
    with st.sidebar:
        st.caption(md(t("auth.signed_in_as", lang, email=current_user() or "")))
        st.button(t("auth.sign_out", lang), key="auth.sign_out", icon=":material/logout:", on_click=st.logout)
