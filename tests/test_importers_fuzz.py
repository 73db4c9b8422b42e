"""No input crashes the importer or fools it: mutated exports (every fixture, and the real
exports of ``../shared/realdata`` when present) and hostile files give, within 5 seconds,
either a result that is sane (finite totals, start ≤ end, no negative count without a warning,
strict JSON) or a specific smartkit message — never an internal exception, wrapped or not."""
from __future__ import annotations

import io
import json
import math
import re
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartkit.cli import main
from smartkit.errors import DataFileError
from smartkit.importers import read_export
from smartkit.importers._tables import kpi_info

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"
KINDS = {".csv", ".txt", ".tsv", ".xlsx"}


def seeds() -> list[Path]:
    """Every fixture export, and every real export when the folder is beside the checkout."""
    folders = [EXPORTS] + ([REALDATA] if REALDATA.is_dir() else [])
    return sorted(p for folder in folders for p in folder.iterdir()
                  if p.suffix.lower() in KINDS and 0 < p.stat().st_size < 200_000)


SEEDS = seeds()
TIME_LIMIT = 5.0  # seconds per file, whatever it holds
# The importer's last-resort message for a failure it did not foresee: a fuzz find, never an answer.
FALLBACK = "import.error.unexpected"
FAST = settings(max_examples=70, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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
    if op == "extreme":  # the largest and smallest floats where the figures were
        return re.sub(rb"(?<=,)\d+(?=[,\r\n])", b"-1e308" if pos < 0.5 else b"1e308", data, count=4)
    if op == "years":  # dates far outside any export's range
        return re.sub(rb"20[12]\d", b"9999" if pos < 0.5 else b"0001", data, count=3)
    if op == "long_cell":  # a cell of 100,000 digits (date parsing used to be quadratic)
        return data[:at] + b"7" * 100_000 + data[at:]
    if op == "binary":
        return junk * 50
    return b""


def sane(result) -> None:
    """What a result must never be: the checks every mutated file goes through."""
    daily = result.daily
    assert isinstance(daily.index, pd.DatetimeIndex) and daily.index.name == "date"
    assert all(str(t) == "float64" for t in daily.dtypes)
    summary = result.summary("fa")
    json.dumps(summary, allow_nan=False)  # strict JSON: no NaN, no Infinity
    for total in [*summary["totals"].values(), *summary["latest"].values()]:
        assert math.isfinite(total) and abs(total) < 1e300
    if result.start and result.end:
        assert result.start <= result.end
    keys = {w.key for w in result.warnings}
    info = kpi_info()
    for metric in daily.columns:
        kind, _, may_fall = info[metric]
        if kind == "count" and not may_fall and (daily[metric] < 0).any():
            assert "import.warning.negative_counts" in keys, f"negative {metric} without a warning"


def check(data: bytes, filename: str = "fuzz.csv") -> None:
    started = time.perf_counter()
    try:
        result = read_export(data, filename=filename)
    except DataFileError as err:
        assert err.key != FALLBACK, f"unforeseen failure: {err.__cause__!r}"
        text = err.message("vi")
        assert text and "\n" not in err.message("en") and "Error" not in text
    else:
        sane(result)
    assert time.perf_counter() - started < TIME_LIMIT


def test_the_fuzz_seeds_cover_every_new_source_quirk():
    names = {p.name for p in SEEDS}
    for quirk in ("tiktok_overview_yearless_es.csv", "google_ads_all_time.csv", "ga4_range_tables.csv",
                  "search_console_dates_fr.csv", "x_analytics_overview.csv", "youtube_chart_data.csv",
                  "instagram_content_posts.csv", "tiktok_overview_text_numbers.xlsx"):
        assert quirk in names


@FAST
@given(seed=st.sampled_from(SEEDS),
       op=st.sampled_from(["truncate", "garbage", "insert", "separator", "reencode", "huge",
                           "extreme", "years", "long_cell", "binary", "empty"]),
       pos=st.floats(0, 1), junk=st.binary(min_size=1, max_size=40))
def test_mutated_exports_give_a_sane_result_or_a_specific_message(seed, op, pos, junk):
    check(mutate(seed.read_bytes(), op, pos, junk), seed.name)


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


# ------------------------------------------------------------------ files found by fuzzing

META = "Day,Campaign name,Impressions,Amount spent (USD),Link clicks\n"


def damaged_xlsx() -> bytes:
    """A workbook whose zip entry names a compression method zipfile does not implement."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    data = bytearray(buf.getvalue())
    central = data.find(b"PK\x01\x02")
    data[central + 10:central + 12] = b"\x63\x00"
    return bytes(data)


HOSTILE = {
    "a date cell of a million digits": (META + "1" * 1_000_000 + ",A,1,2,3\n2024-01-01,A,1,2,3\n").encode(),
    "a header of 120,000 columns": (",".join(f"c{i}" for i in range(120_000)) + "\n"
                                    + ",".join("1" for _ in range(120_000)) + "\n").encode(),
    "the year 9999": (META + "9999-12-31,A,1,2,3\n2024-01-01,A,1,2,3\n").encode(),
    "the year 1": (META + "0001-01-01,A,1,2,3\n").encode(),
    "two cells of 1e308": (META + "2024-01-01,A,1e308,2,3\n2024-01-02,A,1e308,2,3\n").encode(),
    "a negative count": (META + "2024-01-01,A,-5,2,3\n2024-01-02,A,5,2,3\n").encode(),
    "a range that ends before it starts":
        b"Reporting starts,Reporting ends,Campaign name,Impressions\n2024-02-01,2024-01-01,A,5\n",
    "a last day of -1e308": ("Date,Video views,Profile views\n"
                             + "".join(f"2024-01-{d:02d},10,5\n" for d in range(1, 10))
                             + "2024-01-10,-1e308,-1e308\n").encode(),
    "mixed time zones": b"Date,Video views,Profile views\n2024-01-01T05:00:00+07:00,1,1\n"
                        b"2024-01-02 05:00:00-05:00,1,1\n",
    "an Nth day of 8.6e+29": b"# Start date: 20240101\n# End date: 20240131\n\nNth day,Active users\n"
                             b"0000,5\n860000000000000000000000000000,6\n",
    "a number of 400 digits": (META + "2024-01-01,A," + "9" * 400 + ",2,3\n").encode(),
    "an xlsx with a damaged zip": damaged_xlsx(),
}


@pytest.mark.parametrize("what", list(HOSTILE))
def test_hostile_files_are_read_sanely_or_refused_quickly(what):
    check(HOSTILE[what], "hostile.xlsx" if what.startswith("an xlsx") else "hostile.csv")


def test_impossible_dates_never_become_other_dates():
    result = read_export(HOSTILE["the year 9999"], filename="years.csv")
    assert (result.start, result.end) == (pd.Timestamp("2024-01-01").date(),) * 2
    assert "import.warning.dates_out_of_range" in {w.key for w in result.warnings}
    with pytest.raises(DataFileError) as err:
        read_export(HOSTILE["the year 1"], filename="years.csv")
    assert err.value.key == "import.error.dates_implausible" and "0001-01-01" in err.value.message("th")


def test_huge_values_are_left_out_with_a_warning_and_never_make_a_total_infinite():
    result = read_export(HOSTILE["two cells of 1e308"], filename="huge.csv")
    assert "impressions" not in result.totals and result.totals["spend"] == 4
    assert "import.warning.implausible_values" in {w.key for w in result.warnings}


def test_import_json_is_strict_json_for_hostile_files(tmp_path, capsys):
    for what in ("two cells of 1e308", "a last day of -1e308", "a negative count"):
        path = tmp_path / "hostile.csv"
        path.write_bytes(HOSTILE[what])
        assert main(["import", str(path), "--json"]) == 0
        json.loads(capsys.readouterr().out, parse_constant=lambda c: pytest.fail(f"{what}: {c}"))
