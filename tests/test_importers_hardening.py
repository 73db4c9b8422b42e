"""Hardening and speed of the importers (issue 19): every importer is linear in the rows of
its file, GA4 days outside the report's own range are dropped and reported, an empty date cell
is named as empty, and three shapes of real exports that were misread (a 2025 GA4 Reports
snapshot, a Google Ads channel report in VND, a Google Ads daily report with one column per
conversion action). Fixtures are written by ``tests/fixtures/exports/make_fixtures.py``."""
from __future__ import annotations

import csv
import datetime as dt
import io
import random
import time
from pathlib import Path

import pytest

from smartkit.i18n import LANGUAGES
from smartkit.importers import read_export

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


def read(name: str):
    return read_export(EXPORTS / name)


def keys(result) -> set[str]:
    return {w.key for w in result.warnings}


def rows_of(name: str, encoding: str = "utf-8-sig") -> list[list[str]]:
    return list(csv.reader(io.StringIO((EXPORTS / name).read_text(encoding=encoding))))


# ------------------------------------------------------------------------------ linear time


def business_suite_sections(rows: int, per_section: int) -> bytes:
    """UTF-16 Business Suite export, ISO timestamps, sections of ``per_section`` rows."""
    rng = random.Random(5)
    titles = ("Facebook reach", "Instagram reach", "Facebook follows", "Instagram link clicks")
    lines = ["sep=,"]
    for k in range(rows // per_section):
        lines += [f'"{titles[k % len(titles)]}"', '"Date","Primary"']
        first = dt.date(2015, 1, 1) + dt.timedelta(days=(k // len(titles)) * per_section)
        lines += [f'"{first + dt.timedelta(days=i)}T00:00:00","{rng.randint(0, 99)}"'
                  for i in range(per_section)]
        lines.append("")
    return "\n".join(lines).encode("utf-16")


def ads_manager(rows: int) -> bytes:
    lines = ["Day,Campaign name,Impressions,Reach,Amount spent (USD),Link clicks"]
    for i in range(rows):
        day = dt.date(2023, 1, 1) + dt.timedelta(days=i % 700)
        lines.append(f'{day},"Campaign {i % 37}, ""sale""",{1000 + i % 500},{800 + i % 400},'
                     f"{12.5 + i % 9},{i % 40}")
    return "\n".join(lines).encode()


def ga4_daily_by_channel(rows: int) -> bytes:
    lines = ["# Start date: 20230101", "# End date: 20241231", "Date,Session default channel group,Sessions,Active users"]
    channels = [f"Channel {k}" for k in range(max(1, rows // 700))]
    for i in range(rows):
        day = dt.date(2023, 1, 1) + dt.timedelta(days=i % 700)
        lines.append(f"{day:%Y%m%d},{channels[i // 700 % len(channels)]},{10 + i % 50},{5 + i % 30}")
    return "\n".join(lines).encode()


def google_ads_daily(rows: int) -> bytes:
    lines = ["Campaign report", '"January 1, 2023 - November 30, 2024"',
             "Day,Campaign,Currency code,Impr.,Clicks,Cost,Conversions"]
    for i in range(rows):
        day = dt.date(2023, 1, 1) + dt.timedelta(days=i % 700)
        lines.append(f'{day},Campaign {i // 700},USD,"{1000 + i % 900:,}",{i % 70},{3.25 + i % 5},{i % 3}.00')
    lines.append('Total: Account,,USD,"1,000",1,1.00,1.00')
    return "\n".join(lines).encode()


SHAPES = {
    "business suite, many short sections": lambda n: business_suite_sections(n, 25),
    "business suite, long sections": lambda n: business_suite_sections(n, n // 8),
    "ads manager, daily by campaign": ads_manager,
    "ga4, daily by channel": ga4_daily_by_channel,
    "google ads, daily by campaign": google_ads_daily,
}


def best_time(data: bytes, rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        read_export(data, "export.csv")
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_four_times_the_rows_take_far_less_than_sixteen_times_as_long(shape):
    """Quadratic work shows as 16x the time for 4x the rows; linear work as 4x or less (fixed
    costs make it less). The bound, 10x, leaves room for a noisy shared machine."""
    small, large = SHAPES[shape](5_000), SHAPES[shape](20_000)
    assert read_export(large, "export.csv").periods > 0
    ratio = best_time(large) / best_time(small)
    assert ratio < 10, f"{shape}: 4x the rows took {ratio:.1f}x the time"


# ------------------------------------------------------------------------------ Business Suite


def test_a_business_suite_export_of_many_short_sections_keeps_every_section():
    data = business_suite_sections(2_000, 25)  # 80 sections, 20 per metric, one after another
    r = read_export(data, "Insights.csv")
    assert r.source == "meta_business_suite"
    assert r.periods == 500  # 20 sections x 25 days per metric: nothing but the first was kept
    assert set(r.breakdown["campaign"]) == {"Facebook", "Instagram"}


def test_business_suite_sections_that_repeat_a_day_keep_the_first_and_say_so():
    section = '"Facebook reach"\n"Date","Primary"\n"2024-05-01T00:00:00","10"\n"2024-05-02T00:00:00","20"\n'
    again = '"Facebook reach"\n"Date","Primary"\n"2024-05-02T00:00:00","99"\n"2024-05-03T00:00:00","30"\n'
    r = read_export(("sep=,\n" + section + "\n" + again).encode("utf-16"), "Reach.csv")
    assert r.totals["reach"] == 60 and r.periods == 3
    duplicate = next(w for w in r.warnings if w.key == "import.warning.duplicate_days")
    assert duplicate.params["dropped"] == 1


def test_business_suite_dates_outside_any_export_are_left_out_and_reported():
    text = 'sep=,\n"Facebook follows"\n"Date","Primary"\n"1990-01-01T00:00:00","7"\n' \
           '"2024-05-01T00:00:00","3"\n'
    r = read_export(text.encode("utf-16"), "Follows.csv")
    assert r.totals["new_followers"] == 3
    assert "import.warning.dates_out_of_range" in keys(r)


# ------------------------------------------------------------------------------ GA4


def test_ga4_nth_days_past_the_reports_end_date_are_dropped_with_a_warning():
    r = read("ga4_nth_day_past_end.csv")  # day 2920 = 2032, the report ends 2024-01-11
    assert (r.start, r.end, r.periods) == (dt.date(2024, 1, 5), dt.date(2024, 1, 11), 7)
    assert r.totals["sessions"] == sum(150 + n for n in range(7))  # 999 not added
    outside = next(w for w in r.warnings if w.key == "import.warning.days_outside_report")
    assert outside.params["count"] == 1 and outside.params["example"] == "2920"
    assert outside.params["end"] == dt.date(2024, 1, 11)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_blank_date_cell_is_named_empty_in_the_users_language_never_nan(lang):
    r = read("ga4_nth_day_past_end.csv")  # its last row has an empty day cell
    assert "import.warning.skipped_rows_empty_date" in keys(r)
    for text in r.summary(lang)["warnings"]:
        assert "nan" not in text.casefold() and "“”" not in text


def test_a_blank_day_in_a_one_table_export_is_named_empty_too():
    text = ("Day,Campaign name,Impressions,Link clicks\n2024-05-01,A,100,5\n,A,50,2\n"
            "2024-05-02,A,120,6\n")
    r = read_export(text.encode(), "ads.csv")
    assert r.totals["impressions"] == 220
    assert "import.warning.skipped_rows_empty_date" in keys(r)
    assert not any("nan" in w.render("en") for w in r.warnings)


def test_a_2025_ga4_snapshot_of_tables_one_after_another_reads_its_nth_day_tables():
    r = read("ga4_snapshot_2025_tables.csv")
    assert (r.source, r.granularity, r.start, r.end, r.periods) == \
        ("ga4", "day", dt.date(2025, 3, 1), dt.date(2025, 3, 14), 14)
    rows = rows_of("ga4_snapshot_2025_tables.csv")
    event_names = rows[[r[0] for r in rows].index("Event name") + 1:][:3]
    assert r.totals["event_count"] == sum(int(v) for _, v in event_names)  # the file's own total
    assert r.totals["users"] == sum(200 + 3 * n for n in range(14))
    assert r.totals["conversions"] == sum(n % 4 for n in range(14))
    skipped = next(w for w in r.warnings if w.key == "import.warning.sections_skipped")
    assert skipped.params["sections"] == "Country ID, Event name"


def test_the_2024_ga4_snapshot_layout_with_blank_lines_still_reads_the_same():
    r = read("ga4_reports_snapshot.csv")
    assert r.periods == 14 and r.totals["users"] == sum(100 + n for n in range(14))


# ------------------------------------------------------------------------------ Google Ads


def test_a_google_ads_channel_report_in_vnd_is_not_doubled_by_its_total_rows():
    r = read("google_ads_channel_vnd.csv")
    rows = rows_of("google_ads_channel_vnd.csv")
    account = next(row for row in rows if row[0] == "Total: Account")
    own = {name: float(cell.replace(".", "")) for name, cell in
           zip(("impressions", "link_clicks", "spend", "conversions"), account[2:])}
    assert (r.source, r.currency, r.granularity) == ("google_ads", "VND", "range")
    assert {m: r.totals[m] for m in own} == own  # 50,470,000 ₫, not 2x, 5x, or 50,470.0
    assert set(r.breakdown["campaign"]) == {"Search", "Display", "YouTube"}


@pytest.mark.parametrize("label", ["Total: Account", "Total: Campaigns", "Total: Search", "Tổng cộng",
                                   "Tổng: Tài khoản", "Totales: Cuenta", "รวม: บัญชี", "合計: アカウント"])
def test_google_ads_total_rows_are_recognised_whatever_the_report_language(label):
    text = ("Campaign report\n\"June 1, 2025 - June 30, 2025\"\nCampaign type,Currency code,Impr.,Cost\n"
            f"Search,JPY,100,1000\nTotally new,JPY,50,500\n{label},JPY,150,1500\n")
    r = read_export(text.encode(), "report.csv")
    assert r.totals["impressions"] == 150 and r.totals["spend"] == 1500


def test_a_google_ads_daily_report_with_one_column_per_conversion_action_adds_them_up():
    r = read("google_ads_daily_conversion_actions.csv")
    rows = rows_of("google_ads_daily_conversion_actions.csv", "utf-8")
    header = rows[2]
    account = next(row for row in rows if row[0] == "Total: Account")
    counts = [float(account[i]) for i, h in enumerate(header) if "_Conv" in h and "value" not in h]
    assert (r.source, r.currency, r.granularity, r.periods) == ("google_ads", "VND", "day", 14)
    assert r.totals["conversions"] == sum(counts) == 23
    assert r.totals["spend"] == float(account[2].replace(",", "")) == 18_410_000
    added = next(w for w in r.warnings if w.key == "import.warning.conversion_actions_added")
    assert added.params["count"] == 3
    assert added.params["actions"] == ("[site.vn] Register test ride; [site.vn] Đăng ký nhận báo "
                                       "giá xe; [site.vn] Gọi hotline tư vấn")  # value column not added
