"""Mutated goal files through ``report`` (every format) and ``goals import``, mutated exports
through ``goals track`` (issue 19): every command ends in exit 0, or in exit 2 with one line on
stderr; JSON, where asked, is strict; each run takes at most 5 seconds. All in process.

The cases are seeded (case ``n`` is always the same file). CI runs a few hundred;
``SMARTKIT_FUZZ_N=5000 pytest tests/test_commands_fuzz.py`` runs thousands locally (pdf, png and
md, slower to make, take a tenth of the count). A failure names its seeds and keeps the files in
a temporary folder.
"""
from __future__ import annotations

import json
import os
import random
import re
import tempfile
from pathlib import Path

import pytest

from commands import (HISTORY_CSV, PEPPERONI, TODAY, TooSlow, assert_done_or_refused_in_one_line, pepperoni_data,
                      run, saved_with_history, strict_json)
from smartkit.models import GoalDraft
from smartkit.storage import Library
from worked_examples import FIXTURES, GOALS

N = int(os.environ.get("SMARTKIT_FUZZ_N", "200"))
SLOW_N = max(20, N // 10)  # pdf, png and md: a tenth as many
WORK = Path(tempfile.mkdtemp(prefix="smartkit-commands-fuzz-"))
LANGS = ("en", "vi", "th", "fa")
TODAYS = (TODAY, TODAY, "2026-12-15", "2000-01-01", "2100-12-31", "0001-01-01", "9999-12-31")

# ----------------------------------------------------------------------------- mutated goal files

RAW = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "9" * 5000, "9" * 400, "-" + "9" * 400, "4.9e-324",
       "-0.0", "1e308", "-1e308", '"\\ud800"', '"a\\udc00b"', '"\\ud83d"', '"\\u0000"', "[" * 70 + "]" * 70,
       "[" * 3000 + "]" * 3000, '{"a": ' * 40 + "1" + "}" * 40]
VALUES = [None, True, False, 0, -1, 1, 0.5, 1e15, 1e15 + 1, 1e16, -1e15, 10**20, "", " ", "x" * 5000,
          "0001-01-01", "1999-12-31", "2000-01-01", "2026-02-30", "2026-11-26", "2100-12-31", "9999-12-31",
          "=cmd|' /C calc'!A0", "\u202eمرحبا", "ภาษาไทย ✓", "\x00\x01\x1b[31m", "a\nb\r\nc", "followers", "ctr",
          "net_followers", "response_time", "folowers", "NaN", "inf", "{kpi}", "<b>x</b>", [], {}, [1, [2, [3]]],
          {"a": {"b": None}}, ["link_clicks", "ctr"], ["ctr"] * 5, "😀" * 50]
FIELDS = sorted(GoalDraft.model_fields) + ["statement", "verdicts", "notes", ""]
SEED_GOALS = [GOALS / f"{name}.json" for name in ("pepperoni_palace", "engagement_rate", "ten_thousand_followers",
                                                   "website_traffic", "product_x_sales", "increase_sales",
                                                   "double_traffic")]
_SAVED: list[dict] = []


def seed_goal(rng: random.Random) -> dict:
    """A goal file to mutate: half the time Pepperoni Palace saved with its history."""
    if rng.random() < 0.5:
        if not _SAVED:
            _SAVED.append(saved_with_history(days=90))
        return json.loads(json.dumps(_SAVED[0]))
    return json.loads(rng.choice(SEED_GOALS).read_text(encoding="utf-8"))


def nasty(rng: random.Random, raw: dict[str, str]) -> object:
    """A hostile value; raw JSON tokens (NaN, 5,000 digits, escapes, deep brackets) as a placeholder."""
    if rng.random() < 0.35:
        marker = f"@@raw{len(raw)}@@"
        raw[marker] = rng.choice(RAW)
        return marker
    return rng.choice(VALUES)


def containers(node: object, path: tuple = ()) -> list[tuple]:
    """Every (path to a dict or list) in the tree."""
    found = [path] if isinstance(node, (dict, list)) else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += containers(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node[:12]):  # the first rows of a history are enough
            found += containers(value, (*path, index))
    return found


def at(node: object, path: tuple) -> object:
    for part in path:
        node = node[part]
    return node


def mutate_history(data: dict, rng: random.Random, raw: dict[str, str]) -> None:
    history = data.get("history")
    if not isinstance(history, dict) or not history.get("rows"):
        value = nasty(rng, raw) if rng.random() < 0.5 else rng.choice([0, 120.5, 1e15, None])
        data["history"] = {"columns": ["followers"], "rows": [["2026-11-01", value]]}
        return
    columns, rows = history["columns"], history["rows"]
    op = rng.choice(["duplicate column", "rename column", "drop cell", "add cell", "date", "value", "duplicate row",
                     "shuffle", "drop columns", "rows as dict"])
    if op == "duplicate column":
        columns.append(rng.choice(columns))
        for row in rows:
            row.append(row[-1])
    elif op == "rename column":
        columns[rng.randrange(len(columns))] = nasty(rng, raw) if rng.random() < 0.5 else rng.choice(
            ["ctr", "followers", "date", "", "lost_followers", "x" * 300])
    elif op == "drop cell":
        rng.choice(rows).pop()
    elif op == "add cell":
        rng.choice(rows).append(1)
    elif op == "date":
        rng.choice(rows)[0] = nasty(rng, raw)
    elif op == "value":
        for _ in range(rng.randint(1, 3)):
            row = rng.choice(rows)
            row[rng.randrange(1, len(row))] = nasty(rng, raw)
    elif op == "duplicate row":
        rows.insert(rng.randrange(len(rows)), list(rng.choice(rows)))
    elif op == "shuffle":
        rng.shuffle(rows)
    elif op == "drop columns":
        history["columns"] = []
    else:
        history["rows"] = {"0": rows[0]}


def mutated_goal_text(case: int) -> str:
    rng = random.Random(case)
    data = seed_goal(rng)
    raw: dict[str, str] = {}
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        op = rng.random()
        if op < 0.35:
            data[rng.choice(FIELDS)] = nasty(rng, raw)
        elif op < 0.6:
            try:
                mutate_history(data, rng, raw)
            except (IndexError, TypeError, AttributeError, KeyError):  # a history already mangled: leave it
                pass
        elif op < 0.8:
            path = rng.choice(containers(data))
            node = at(data, path)
            if isinstance(node, dict):
                node[rng.choice([*node, "x"]) if node else "x"] = nasty(rng, raw)
            elif node:
                node[rng.randrange(len(node))] = nasty(rng, raw)
            else:
                node.append(nasty(rng, raw))
        else:
            data.pop(rng.choice(list(data)), None) if data else None
    text = json.dumps(data, ensure_ascii=rng.random() < 0.5)
    for marker, token in raw.items():
        text = text.replace(f'"{marker}"', token)
    if rng.random() < 0.15:  # damage the text itself
        at_ = rng.randrange(len(text) + 1)
        text = rng.choice([text[:at_], text[:at_] + text[at_ + rng.randint(1, 20):],
                           text[:at_] + rng.choice(["\ufeff", "\x00", ",", "}", '"', "\\", "\u2028"]) + text[at_:]])
    return text


def write_case(kind: str, case: int, text: str | bytes, suffix: str = ".json") -> Path:
    path = WORK / f"{kind}-{case}{suffix}"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


def check_cases(kind: str, count: int, one_case) -> None:  # noqa: ANN001
    """Run ``one_case(n)`` for n in 0..count-1; fail with every failing seed (not just the first)."""
    failures = []
    for case in range(count):
        try:
            one_case(case)
        except (AssertionError, TooSlow) as err:
            failures.append(f"{kind} case {case}: {type(err).__name__}: {str(err)[:300]}")
    assert not failures, f"{len(failures)} of {count} failed (files in {WORK}):\n" + "\n".join(failures[:20])


MAGIC = {"pdf": b"%PDF", "png": b"\x89PNG", "csv": b"\xef\xbb\xbfdate"}


@pytest.mark.parametrize("form, count", [("json", N), ("csv", N), ("md", SLOW_N), ("pdf", SLOW_N), ("png", SLOW_N)])
def test_any_mutated_goal_file_is_reported_or_refused_in_one_line(form, count):
    def one_case(case: int) -> None:
        rng = random.Random(f"{form}-{case}")
        path = write_case(form, case, mutated_goal_text(case))
        out = WORK / f"{form}-{case}.out.{form}"
        out.unlink(missing_ok=True)
        today = rng.choice(TODAYS) if form in ("json", "csv") else TODAY  # the slow forms: made, not refused
        result = run("report", path, "--format", form, "--out", out, "--today", today, "--lang", rng.choice(LANGS))
        assert_done_or_refused_in_one_line(result)
        if result.code == 0:
            content = out.read_bytes()
            if form == "json":
                strict_json(content.decode("utf-8"))
            elif form == "md":
                content.decode("utf-8")
            else:
                assert content.startswith(MAGIC[form]), content[:20]

    check_cases(f"report {form}", count, one_case)


def test_any_mutated_goal_file_is_imported_or_refused_in_one_line():
    def one_case(case: int) -> None:
        path = write_case("import", case, mutated_goal_text(case))
        result = run("goals", "import", path, "--json")
        assert_done_or_refused_in_one_line(result, json_out=True)
        if result.code == 0 and case % 3 == 0:  # what was stored reads back: show it, report it
            goal_id = strict_json(result.out)["id"]
            assert_done_or_refused_in_one_line(run("goals", "show", goal_id, "--json", "--today", TODAY),
                                               json_out=True)
            assert_done_or_refused_in_one_line(run("report", "--goal", goal_id, "--format", "json", "--out",
                                                   WORK / f"import-{case}.out.json", "--today", TODAY))

    check_cases("goals import", N // 2, one_case)


# ----------------------------------------------------------------------------- mutated exports

EXPORTS = FIXTURES / "exports"
SEED_EXPORTS = [HISTORY_CSV, EXPORTS / "tiktok_follower_history.csv", EXPORTS / "meta_ads_daily_campaign_90d.csv",
                EXPORTS / "ga4_daily_users.csv", EXPORTS / "meta_ads_daily_14d_link_clicks_falling.csv"]
CELLS = [b"1e999", b"-1e999", b"9" * 400, b"NaN", b"inf", b"-5", b"", b"abc", b"1e308", b"-1e308", b"0001-01-01",
         b"9999-12-31", b"2026-02-30", b"1,5", b'"1,000,000"', b"0", b"1e15", b"\xff\xfe", b"\xed\xa0\x80"]


def mutated_export(case: int) -> tuple[bytes, str]:
    rng = random.Random(f"export-{case}")
    seed = rng.choice(SEED_EXPORTS)
    lines = seed.read_bytes().splitlines(keepends=True)
    if seed == HISTORY_CSV:
        lines = lines[:1] + lines[-120:]  # a shorter history: the same shape, faster
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        row = rng.randrange(len(lines))
        cells = lines[row].rstrip(b"\r\n").split(b",")
        if op < 0.5:  # a cell (a date when it is the first)
            cells[rng.randrange(len(cells))] = rng.choice(CELLS)
            lines[row] = b",".join(cells) + b"\n"
        elif op < 0.65:  # the header: a column twice, or renamed
            header = lines[0].rstrip(b"\r\n").split(b",")
            index = rng.randrange(len(header))
            header[index] = rng.choice(header) if rng.random() < 0.5 else rng.choice([b"", b"date", b"Date", b"x"])
            lines[0] = b",".join(header) + b"\n"
        elif op < 0.8:  # a row repeated or lost
            if rng.random() < 0.5:
                lines.insert(row, lines[row])
            elif len(lines) > 1:
                del lines[row]
        else:  # the file cut short, or bytes in the middle
            data = b"".join(lines)
            at_ = rng.randrange(len(data) + 1)
            data = data[:at_] if rng.random() < 0.5 else data[:at_] + bytes(rng.randrange(256) for _ in range(8)) + data[at_:]
            lines = data.splitlines(keepends=True) or [b""]
    return b"".join(lines), seed.suffix


def test_any_mutated_export_is_tracked_or_refused_in_one_line():
    library = Library()
    goal = GoalDraft.load(PEPPERONI)

    def one_case(case: int) -> None:
        rng = random.Random(f"track-{case}")
        content, suffix = mutated_export(case)
        path = write_case("track", case, content, suffix)
        goal_id = library.create(goal).id  # a goal of its own: the cases do not pile up histories
        result = run("goals", "track", goal_id, path, "--json", "--today", rng.choice(TODAYS),
                     "--lang", rng.choice(LANGS))
        assert_done_or_refused_in_one_line(result, json_out=True)
        if result.code == 0 and case % 2 == 0:  # the stored history makes every form
            form = rng.choice(["json", "csv", "pdf"])
            assert_done_or_refused_in_one_line(run("report", "--goal", goal_id, "--format", form, "--out",
                                                   WORK / f"track-{case}.out.{form}", "--today", TODAY))

    check_cases("goals track", max(20, N // 3), one_case)


def test_the_mutations_make_files_that_are_refused_and_files_that_are_read():
    """The fuzz is worth its time only if it reaches both ends: refusals and finished reports."""
    codes = [run("report", write_case("spread", case, mutated_goal_text(case)), "--format", "json",
                 "--out", WORK / "spread.json", "--today", TODAY).code for case in range(40)]
    assert codes.count(0) >= 5 and codes.count(2) >= 5, codes
    assert re.search(rb"\\ud8", b"".join(mutated_goal_text(case).encode("utf-8", "surrogatepass")
                                          for case in range(200)))
