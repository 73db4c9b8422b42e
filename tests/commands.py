"""Running smartkit commands in process for the strictness tests (issue 19): the exit code,
stdout and stderr of ``smartkit.cli.main([...])``, bounded in time, and the one contract every
command keeps on any input: exit 0, or exit 2 with one line on stderr (never 1, never a
traceback), and strict JSON wherever JSON is asked."""
from __future__ import annotations

import contextlib
import io
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from smartkit.cli import main
from smartkit.models import GoalDraft
from smartkit.reports import goal_json
from worked_examples import GOALS

ROOT = Path(__file__).resolve().parents[1]
PEPPERONI = GOALS / "pepperoni_palace.json"
HISTORY_CSV = ROOT / "data" / "demos" / "pepperoni_palace" / "history.csv"
TODAY = "2026-11-26"
TIME_LIMIT = float(os.environ.get("SMARTKIT_FUZZ_SECONDS", "5"))  # seconds per command, whatever the file holds


class TooSlow(BaseException):
    """Raised by the alarm: a BaseException, so ``main`` cannot take it for an internal error."""


class Outcome(NamedTuple):
    code: int
    out: str
    err: str


@contextlib.contextmanager
def bounded(seconds: float = TIME_LIMIT) -> Iterator[None]:
    """Interrupt the block after ``seconds`` of wall time (POSIX alarm, main thread)."""

    def ring(signum, frame):  # noqa: ANN001
        raise TooSlow(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run(*argv: str, seconds: float = TIME_LIMIT) -> Outcome:
    """``python -m smartkit ARGV`` in process, stdout and stderr captured, at most ``seconds`` long."""
    out, err = io.StringIO(), io.StringIO()
    with bounded(seconds), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([str(arg) for arg in argv])
        except SystemExit as exit_:  # argparse's own refusals
            code = exit_.code if isinstance(exit_.code, int) else 2
    return Outcome(code, out.getvalue(), err.getvalue())


def _not_strict(constant: str) -> None:
    raise AssertionError(f"not strict JSON: {constant}")


def strict_json(text: str) -> object:
    """The JSON in ``text``; an AssertionError on NaN or Infinity (RFC 8259 has neither)."""
    return json.loads(text, parse_constant=_not_strict)


def assert_done_or_refused_in_one_line(result: Outcome, *, json_out: bool = False) -> None:
    """Exit 0 (with strict JSON on stdout when ``json_out``), or exit 2 with one line on stderr."""
    code, out, err = result
    assert code in (0, 2), f"exit {code}: {err}"
    if code == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), err
        assert "Traceback" not in err and "internal problem" not in err, err
        return
    if json_out:
        strict_json(out)


def refused(result: Outcome) -> str:
    """The one line a refusal printed (asserting it is one)."""
    assert result.code == 2, f"exit {result.code}: {result.err or result.out[:200]}"
    assert_done_or_refused_in_one_line(result)
    return result.err.strip()


def pepperoni_data() -> dict:
    return json.loads(PEPPERONI.read_text(encoding="utf-8"))


def saved_with_history(days: int = 120) -> dict:
    """Pepperoni Palace as ``report --format json`` saves it: the goal, its history (the last
    ``days`` days of the demo) and the read-only verdicts."""
    history = pd.read_csv(HISTORY_CSV, parse_dates=["date"], index_col="date").iloc[-days:].astype(float)
    draft = GoalDraft.load(PEPPERONI)
    return json.loads(goal_json(draft, history, pd.Timestamp(TODAY).date()))
