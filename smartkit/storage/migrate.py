"""Opening a library database and bringing its schema to the latest revision.

* :func:`default_database_url`: ``SMARTKIT_DATABASE_URL`` when set, else the SQLite file
  ``~/.smartkit/library.sqlite3`` (``SMARTKIT_HOME`` moves the folder). ``postgresql://`` and
  ``postgres://`` URLs use the psycopg 3 driver.
* :func:`make_engine`: SQLite in WAL mode with foreign keys on and real transactions (SQLAlchemy
  emits ``BEGIN``; writes use ``BEGIN IMMEDIATE`` so two writers queue instead of failing);
  PostgreSQL with a connection check before use.
* :func:`upgrade`: runs the Alembic migrations shipped in ``migrations/`` on the database, in
  one transaction, no ``alembic.ini`` needed. :class:`smartkit.storage.Library` calls it once
  per process and URL.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

MIGRATIONS = Path(__file__).parent / "migrations"
DEFAULT_FILE_NAME = "library.sqlite3"
WRITE = {"smartkit_write": True}  # execution option: this transaction writes (BEGIN IMMEDIATE on SQLite)

_upgraded: set[str] = set()
_lock = threading.Lock()


def default_library_path() -> Path:
    """Where the library lives when ``SMARTKIT_DATABASE_URL`` is not set."""
    home = os.environ.get("SMARTKIT_HOME")
    return (Path(home) if home else Path.home() / ".smartkit") / DEFAULT_FILE_NAME


def default_database_url() -> str:
    """``SMARTKIT_DATABASE_URL``, else the default SQLite file (see module docstring)."""
    url = os.environ.get("SMARTKIT_DATABASE_URL", "").strip()
    return url or f"sqlite:///{default_library_path()}"


def normalised_url(url: str) -> URL:
    """The URL with the driver smartkit ships (psycopg 3 for PostgreSQL); a plain file path
    (no ``scheme://``) is a SQLite file."""
    parsed = make_url(url if "://" in url else f"sqlite:///{Path(url).expanduser()}")
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def url_for_display(url: str) -> str:
    """The SQLite file's path, or the server URL without its password."""
    parsed = normalised_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(Path(parsed.database).resolve()) if parsed.database not in (None, "", ":memory:") else ":memory:"
    return parsed.render_as_string(hide_password=True)


def make_engine(url: str) -> Engine:
    parsed = normalised_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=10,
                             connect_args={"connect_timeout": 10})
    if parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.isolation_level = None  # the driver leaves transactions to us
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # WAL: a killed process loses no commit
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # noqa: ANN001
        writes = connection.get_execution_options().get("smartkit_write")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


def alembic_config(connection) -> Config:  # noqa: ANN001
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config(None)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (default: the latest) in one transaction. SQLite's
    foreign keys are off meanwhile, so a table that batch mode rebuilds keeps its rows' links."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:  # outside any transaction, where SQLite honours it
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.execution_options(**WRITE).begin():
                command.upgrade(alembic_config(connection), revision)
        finally:
            if sqlite:
                connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")


def ensure_schema(engine: Engine, url_key: str) -> None:
    """Upgrade to head once per process and database URL (other instances may have done it)."""
    with _lock:
        if url_key in _upgraded:
            return
        upgrade(engine)
        _upgraded.add(url_key)
