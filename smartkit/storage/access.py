"""Who may do what in the goal library: identities, workspace names and roles.

A signed-in user is known by their email (:func:`identity`: ASCII letters lower-cased, nothing
else changed, and refused when it holds invisible or compatibility characters, so that
``ALICE@Example.com`` is Alice but a look-alike such as a Cyrillic ``а`` or a Kelvin sign ``K``
is never someone else). Each workspace gives its members one role; each action needs at least
one (:data:`NEEDS`): viewers read (pages, meeting mode, brief), editors also edit, track, review
and copy, owners also manage members, archive, delete and share links.

The rules are applied by :class:`smartkit.storage.Library` in its queries (a library opened
``as_user(email)``), so every surface that reads through it (pages, downloads, the command
line's ``--as``) follows them.
"""
from __future__ import annotations

import unicodedata
from typing import Literal, get_args

from smartkit.storage.errors import StorageError

Role = Literal["owner", "editor", "viewer"]
ROLES: tuple[str, ...] = get_args(Role)
RANK = {"viewer": 1, "editor": 2, "owner": 3}
Action = Literal["read", "edit", "manage"]
NEEDS: dict[str, Role] = {"read": "viewer", "edit": "editor", "manage": "owner"}

EMAIL_LIMIT = 254
WORKSPACE_LIMIT = 100
# Characters a workspace name may not hold: path separators, SQL statement and string delimiters,
# markup brackets (control characters are refused apart). Names are stored and queried as data
# anyway; these are refused so a name that looks like an attack is never shown back to anyone.
_FORBIDDEN_IN_NAMES = set('/\\;<>"`')
_EMAIL_SPECIALS = set('<>()[]\\,;:" `')


def identity(email: object) -> str:
    """The user's identity from an email (see module docstring); StorageError when it is not
    a plain email address."""
    text = str(email or "").strip()
    lowered = "".join(c.lower() if c.isascii() else c for c in text)
    local, at, domain = lowered.rpartition("@")
    if (not at or not local or not domain or "@" in local or "." not in domain.strip(".")
            or len(lowered) > EMAIL_LIMIT or any(c in _EMAIL_SPECIALS for c in lowered)
            or any(unicodedata.category(c)[0] in "CZ" for c in lowered)
            or unicodedata.normalize("NFKC", lowered) != lowered):
        raise StorageError("error.access.bad_email", email=_shown(text))
    return lowered


def workspace_name(name: object) -> str:
    """A new workspace's name as stored: trimmed, 1–100 characters of letters, digits, spaces
    and plain punctuation (no path separators, no control characters, not starting with "." or
    "-"); StorageError naming what is wrong otherwise."""
    text = unicodedata.normalize("NFC", str(name or "")).strip()
    if (not text or len(text) > WORKSPACE_LIMIT or text[0] in ".-" or ".." in text
            or any(c in _FORBIDDEN_IN_NAMES for c in text)
            or any(unicodedata.category(c)[0] == "C" for c in text)):
        raise StorageError("error.access.bad_workspace", name=_shown(text))
    return text


def check_role(role: object) -> Role:
    if role not in ROLES:
        raise StorageError("error.access.bad_role", role=_shown(str(role)), allowed=", ".join(ROLES))
    return role  # type: ignore[return-value]


def allows(role: str | None, action: Action) -> bool:
    """Whether a member with ``role`` (None: not a member) may do ``action``."""
    return role is not None and RANK.get(role, 0) >= RANK[NEEDS[action]]


def _shown(text: str) -> str:
    """User text quoted in a message: printable, short."""
    printable = "".join(c if c.isprintable() else "?" for c in text)
    return printable[:60] + ("…" if len(printable) > 60 else "")
