"""A throwaway PostgreSQL server for the tests and benchmarks of the goal library.

:func:`postgres_url` returns the URL of a PostgreSQL server to test against:
``SMARTKIT_TEST_POSTGRES_URL`` when set, else a cluster started once per process with the
Debian binaries (``/usr/lib/postgresql/<version>/bin``: ``initdb`` into a temporary folder,
``pg_ctl start`` on a free port of 127.0.0.1, trust authentication), stopped and removed when
the process exits. As root (CI) the cluster runs as the ``postgres`` user, since PostgreSQL
refuses to run as root. None when no server can be had; :func:`postgres_required` says whether
that is a failure (``SMARTKIT_REQUIRE_POSTGRES=1``, set by ``.ci/run``) or a skip.

:func:`fresh_database` creates an empty database on that server for one test.
"""
from __future__ import annotations

import atexit
import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

_lock = threading.Lock()
_started: dict[str, str | None] = {}


def postgres_required() -> bool:
    return os.environ.get("SMARTKIT_REQUIRE_POSTGRES", "").strip() not in ("", "0", "false", "no")


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def start_cluster() -> str | None:
    """Start a throwaway cluster; its URL (``postgresql+psycopg://...``), or None if impossible."""
    binaries = _binaries()
    if binaries is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="smartkit-pg-"))
    data, log = folder / "data", folder / "server.log"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    folder.chmod(0o755)
    port = _free_port()
    try:
        subprocess.run(_as_server_user([str(binaries / "initdb"), "-D", str(data), "-U", "postgres",
                                         "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]),
                       check=True, capture_output=True, timeout=120)
        subprocess.run(_as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60",
                                        "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 "
                                              "-c fsync=off -c max_connections=100", "start"]),
                       check=True, capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        shutil.rmtree(folder, ignore_errors=True)
        return None

    def stop() -> None:
        subprocess.run(_as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)

    atexit.register(stop)
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"


def postgres_url() -> str | None:
    """The server to test against (module docstring), started at most once per process."""
    with _lock:
        if "url" not in _started:
            _started["url"] = os.environ.get("SMARTKIT_TEST_POSTGRES_URL") or start_cluster()
        return _started["url"]


def fresh_database(server_url: str) -> str:
    """Create an empty database on the server; its URL."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from smartkit.storage.migrate import normalised_url

    name = "smartkit_test_" + secrets.token_hex(6)
    engine = create_engine(normalised_url(server_url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        engine.dispose()
    return make_url(str(normalised_url(server_url).render_as_string(hide_password=False))).set(
        database=name).render_as_string(hide_password=False)


def database_url(kind: str, folder: Path) -> str:
    """A fresh, empty library URL for one test: ``sqlite`` (a file in ``folder``) or
    ``postgresql`` (a new database on :func:`postgres_url`'s server). Without a server the test
    is skipped, saying why, or fails when :func:`postgres_required`."""
    if kind == "sqlite":
        return f"sqlite:///{Path(folder) / 'library.sqlite3'}"
    server = postgres_url()
    if server is None:
        import pytest

        reason = ("no PostgreSQL server: install Debian's postgresql (initdb) or set "
                  "SMARTKIT_TEST_POSTGRES_URL")
        if postgres_required():
            pytest.fail(reason + " (SMARTKIT_REQUIRE_POSTGRES is set)")
        pytest.skip(reason)
    return fresh_database(server)
