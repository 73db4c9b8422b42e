"""Errors of the goal library (all :class:`smartkit.errors.SmartkitError`, messages are keys).

    SmartkitError
    └── StorageError              the library cannot do what was asked
        ├── GoalNotFoundError     no goal with that id (or share token), or not one the user may see
        ├── WorkspaceNotFoundError no such workspace, or not one of the user's
        ├── AccessDeniedError     the user's role in the goal's workspace does not allow the action
        └── VersionConflictError  someone else saved the goal since it was opened
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from smartkit.errors import SmartkitError

if TYPE_CHECKING:
    from smartkit.models import GoalDraft


class StoredVersion(Protocol):
    """What a version conflict needs of the stored goal (a
    :class:`smartkit.storage.records.StoredGoal`): typed by its shape, so the errors, which the
    records raise, do not import the records back (no import cycle)."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> int: ...

    @property
    def goal(self) -> GoalDraft: ...


class StorageError(SmartkitError):
    """The goal library cannot do what was asked (bad status, a goal that cannot be its own parent...)."""

    key = "error.storage.generic"


class GoalNotFoundError(StorageError):
    """No goal with that id in the library."""

    key = "error.storage.not_found"

    def __init__(self, key: str | None = None, /, **params: Any) -> None:
        super().__init__(key, **params)


class WorkspaceNotFoundError(StorageError):
    """No such workspace among the user's (the same whether it does not exist or is someone else's)."""

    key = "error.access.no_workspace"


class AccessDeniedError(StorageError):
    """The user is a member of the goal's workspace, but their role does not allow the action:
    ``role`` is theirs, ``needed`` the least that does."""

    key = "error.access.role_needed"


class VersionConflictError(StorageError):
    """The goal was saved by someone else since this copy was opened: nothing was written.
    ``stored`` is the goal as it is in the library now (its version, its fields), so the caller
    can show both versions' differences (:func:`smartkit.storage.goal_differences`) and let the
    user choose."""

    key = "error.storage.version_conflict"

    def __init__(self, key: str | None = None, /, *, stored: StoredVersion, expected: int, **params: Any) -> None:
        self.stored = stored
        self.expected_version = expected
        super().__init__(key, goal=stored.name, expected=expected, stored=stored.version, **params)
