"""Alembic migrations of the goal library, shipped with the package and run at start-up by
:func:`smartkit.storage.migrate.upgrade` (no ``alembic.ini`` needed)."""
