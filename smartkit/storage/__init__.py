"""The goal library: goals that live (store, version, link, track, review, share).

SQLite file by default (``~/.smartkit/library.sqlite3``), PostgreSQL when
``SMARTKIT_DATABASE_URL`` points to one; the schema is created and migrated by the Alembic
migrations shipped in ``smartkit/storage/migrations`` at start-up. See :mod:`.library`.

    from smartkit.storage import Library
    lib = Library()                      # the app's library (SMARTKIT_DATABASE_URL or the file)
    stored = lib.create(draft, workspace="Pepperoni Palace")
    stored = lib.save(stored.id, draft, expected_version=stored.version)

The names below are imported when first used, so ``python -m smartkit`` commands that do not
touch the library never load SQLAlchemy.
"""
from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "Library": "smartkit.storage.library",
    "GoalNotFoundError": "smartkit.storage.errors", "StorageError": "smartkit.storage.errors",
    "VersionConflictError": "smartkit.storage.errors",
    "AccessDeniedError": "smartkit.storage.errors", "WorkspaceNotFoundError": "smartkit.storage.errors",
    "ROLES": "smartkit.storage.access", "Role": "smartkit.storage.access", "identity": "smartkit.storage.access",
    "default_database_url": "smartkit.storage.migrate", "default_library_path": "smartkit.storage.migrate",
    "TargetChange": "smartkit.analysis.tracking",
    **{name: "smartkit.storage.records" for name in (
        "CONFIDENCES", "DECISIONS", "GOAL_STATUSES", "CheckIn", "Confidence", "Decision", "GoalStatus",
        "GoalSummary", "GoalTree", "Member", "PacingStatus", "Review", "StoredGoal", "goal_differences")},
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'smartkit.storage' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
