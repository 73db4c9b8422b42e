"""What every command shares: exit codes, the strict JSON printer, dates on the command line."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def print_json(obj: object) -> None:
    """Strict JSON (RFC 8259): a value that is not a finite number is printed as null, never as
    ``NaN`` or ``Infinity``."""
    print(json.dumps(finite(obj), ensure_ascii=False, indent=2, default=str, allow_nan=False))


def finite(obj: object) -> object:
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {key: finite(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [finite(value) for value in obj]
    return obj


def iso_date(text: str) -> dt.date:
    """A ``YYYY-MM-DD`` argument (argparse turns the error into one line, exit 2)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it as YYYY-MM-DD") from None


def today_arg(args: argparse.Namespace) -> dt.date:
    """``--today`` (validated like every date a goal may hold: 2000-01-01 – 2100-12-31), else today."""
    from smartkit.models import refuse_outside_planning_window

    today = getattr(args, "today", None)
    if today is not None:
        refuse_outside_planning_window(today, "--today")
    return today or dt.date.today()


def one_line_error(parser: argparse.ArgumentParser, message: str) -> None:
    """``parser.error``: the argument refused in one line on stderr, exit 2."""
    print(f"error: {parser.prog}: {' '.join(message.split())}", file=sys.stderr)
    raise SystemExit(EXIT_BAD_INPUT)
