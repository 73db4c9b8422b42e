"""Alembic environment: runs on the connection :func:`smartkit.storage.migrate.upgrade` hands
over (``config.attributes["connection"]``), in batch mode so SQLite can alter tables. On
PostgreSQL an advisory lock makes app instances that start together migrate one at a time."""
from alembic import context

MIGRATION_LOCK = 7_342_012  # pg_advisory_xact_lock key of the smartkit library

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
    context.run_migrations()
