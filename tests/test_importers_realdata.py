"""Real exports downloaded by marketers import to the totals, source, dates and granularity that
two independent parsers agree on (``../shared/realdata/expected.json``).

The files are not ours to redistribute, so they are not in the project: CI has the folder
``shared/realdata`` beside the checkout. Without it these tests are skipped, saying why; the
synthetic fixtures of ``tests/fixtures/exports`` cover the same quirks on any machine.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from in_process import smartkit

ROOT = Path(__file__).resolve().parents[1]
REALDATA = ROOT.parent / "shared" / "realdata"
EXPECTED = REALDATA / "expected.json"
ABSENT = (f"the real exports are not here: {REALDATA} does not exist (CI puts shared/realdata "
          "beside the checkout); the synthetic fixtures cover the same quirks")


def expected() -> dict[str, dict]:
    if not EXPECTED.is_file():
        return {}
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


CASES = expected()


def imported(path: Path) -> dict:
    """``python -m smartkit import FILE --json``, exactly as a script would run it."""
    run = smartkit("import", path, "--json", cwd=ROOT)
    assert run.returncode == 0, f"{path.name}: exit {run.returncode}: {run.stderr.strip()}"
    assert not run.stderr.strip(), run.stderr

    def no_constants(name: str):
        raise AssertionError(f"{path.name}: {name} is not JSON")

    return json.loads(run.stdout, parse_constant=no_constants)


def same_number(got: float, want: float) -> bool:
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=0.005)


def test_the_real_exports_folder_is_there_or_the_tests_say_why():
    if not REALDATA.is_dir():
        pytest.skip(ABSENT)
    files = {p.name for p in REALDATA.iterdir() if p.suffix.lower() in {".csv", ".xlsx", ".txt", ".tsv"}}
    assert files, f"{REALDATA} holds no export"
    assert files <= set(CASES), f"exports without an expected answer: {sorted(files - set(CASES))}"


@pytest.mark.parametrize("name", sorted(CASES) or ["(no real exports)"])
def test_a_real_export_imports_to_its_expected_totals_dates_and_source(name):
    if not CASES:
        pytest.skip(ABSENT)
    want = CASES[name]
    got = imported(REALDATA / name)
    for key in ("source", "currency", "granularity", "start", "end", "periods"):
        assert got[key] == want[key], f"{name}: {key} is {got[key]!r}, expected {want[key]!r}"
    for metric, total in want["totals"].items():
        assert metric in got["totals"], f"{name}: no {metric} in {sorted(got['totals'])}"
        assert same_number(got["totals"][metric], total), \
            f"{name}: {metric} totals {got['totals'][metric]}, expected {total}"
    for metric, total in want.get("optional_totals", {}).items():
        if metric in got["totals"]:
            assert same_number(got["totals"][metric], total), \
                f"{name}: {metric} totals {got['totals'][metric]}, expected {total}"
    for value in got["totals"].values():
        assert math.isfinite(value)
