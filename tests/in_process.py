"""``python -m smartkit ...`` run in this process: the same ``smartkit.cli.main`` a new process
runs, without a second or more of start-up per call. Returns what ``subprocess.run`` returns
(``returncode``, ``stdout``, ``stderr`` as text), so a test reads the same either way; the few
tests about the process itself (a closed pipe) still start one."""
from __future__ import annotations

import contextlib
import io
import os
import subprocess
from collections.abc import Iterator, Mapping

from smartkit.cli import main


@contextlib.contextmanager
def environment(env: Mapping[str, str] | None) -> Iterator[None]:
    """``os.environ`` as ``env`` says for the length of one command (None: as it is)."""
    if env is None:
        yield
        return
    before = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(before)


def smartkit(*args: object, env: Mapping[str, str] | None = None, cwd: object = None) -> subprocess.CompletedProcess:
    """One command, its exit code and what it printed (argparse's refusals included)."""
    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    with environment(env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            if cwd is not None:
                os.chdir(str(cwd))
            code = main(argv)
        except SystemExit as stop:  # argparse: a usage error (2) or --help (0)
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 2)
        finally:
            os.chdir(here)
    return subprocess.CompletedProcess(["python", "-m", "smartkit", *argv], code, out.getvalue(), err.getvalue())
