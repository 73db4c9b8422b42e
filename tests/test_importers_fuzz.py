"""No input crashes the importer: mutated valid exports give a result or a clear
DataFileError, never another exception (and never an internal bug wrapped as one)."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartkit.errors import DataFileError
from smartkit.importers import read_export

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
SEEDS = sorted(p.name for p in EXPORTS.iterdir() if p.suffix in {".csv", ".txt", ".xlsx"}
               and p.stat().st_size and p.stat().st_size < 20000)
BUGS = (AttributeError, NameError, TypeError, KeyError, IndexError, AssertionError, ZeroDivisionError)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def mutate(data: bytes, op: str, pos: float, junk: bytes) -> bytes:
    at = int(len(data) * pos)
    if op == "truncate":
        return data[:at]
    if op == "garbage":
        return data[:at] + junk + data[at + len(junk):]
    if op == "insert":
        return data[:at] + junk + data[at:]
    if op == "separator":
        return data.replace(b",", b";") if pos < 0.5 else data.replace(b",", b"\t")
    if op == "reencode":
        text = data.decode("utf-8", errors="replace")
        return text.encode("utf-16" if pos < 0.5 else "cp1252", errors="replace")
    if op == "huge":
        return data.replace(b"1", b"9" * 400, 3)
    if op == "binary":
        return junk * 50
    return b""


def check(data: bytes) -> None:
    try:
        result = read_export(data, filename="fuzz.csv")
    except DataFileError as err:
        assert str(err) and "\n" not in err.message("en")
        assert not isinstance(err.__cause__, BUGS), repr(err.__cause__)
        return
    assert isinstance(result.daily.index, pd.DatetimeIndex) and result.daily.index.name == "date"
    assert all(str(t) == "float64" for t in result.daily.dtypes)
    json.dumps(result.summary(), allow_nan=False)


@FAST
@given(seed=st.sampled_from(SEEDS),
       op=st.sampled_from(["truncate", "garbage", "insert", "separator", "reencode", "huge",
                           "binary", "empty"]),
       pos=st.floats(0, 1), junk=st.binary(min_size=1, max_size=40))
def test_mutated_exports_give_a_result_or_a_clear_error(seed, op, pos, junk):
    check(mutate((EXPORTS / seed).read_bytes(), op, pos, junk))


@FAST
@given(cells=st.lists(st.text(max_size=12), min_size=1, max_size=8))
def test_garbage_cells_in_a_meta_export(cells):
    row = ",".join('"' + c.replace('"', '""') + '"' for c in cells)
    check(("Day,Campaign name,Impressions,Amount spent (USD),Link clicks\n"
           f"2024-01-01,A,1,2,3\n{row}\n").encode("utf-8", errors="replace"))


@settings(max_examples=40, deadline=None)
@given(name=st.text(min_size=1, max_size=30).filter(lambda s: s.strip() and "\x00" not in s))
def test_any_campaign_name_survives_as_data(name):
    text = ("Day,Campaign name,Impressions,Amount spent (USD)\n"
            f'2024-01-01,"{name.replace(chr(34), chr(34) * 2)}",5,1\n2024-01-01,Other,5,1\n')
    try:
        result = read_export(text.encode("utf-8", errors="surrogatepass"))
    except (DataFileError, UnicodeEncodeError):
        return
    if result.breakdown is not None and len(result.breakdown) == 2:
        assert name.strip() in {n.strip() for n in result.breakdown["campaign"]} or \
            name.strip().casefold().startswith(("total",))
