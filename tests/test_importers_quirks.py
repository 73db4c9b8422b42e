"""The shapes real exports come in (issue 11): new sources (Search Console, YouTube Studio,
X, Google Business Profile, the Instagram content export) and the quirks that used to fail.
Each fixture is synthetic, written by ``tests/fixtures/exports/make_fixtures.py``."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from smartkit.errors import DataFileError, UnrecognisedExportError
from smartkit.importers import read_export
from smartkit.importers._tables import infer_years

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


def read(name: str):
    return read_export(EXPORTS / name)


def keys(result) -> set[str]:
    return {w.key for w in result.warnings}


@pytest.mark.parametrize("name, source", [
    ("search_console_dates_fr.csv", "search_console"), ("youtube_totals.csv", "youtube_studio"),
    ("youtube_chart_data.csv", "youtube_studio"), ("x_analytics_overview.csv", "x_analytics"),
    ("gbp_performance_Pepperoni_2025-7-1_2025-7-31.csv", "google_business_profile"),
    ("instagram_content_posts.csv", "meta_business_suite"),
    ("tiktok_follower_history.csv", "tiktok"), ("tiktok_overview_all_columns.csv", "tiktok"),
])
def test_each_export_is_recognised_by_its_content_as_its_source(name, source):
    assert read(name).source == source


# ------------------------------------------------------------------ Business Suite


def test_business_suite_resaved_by_excel_in_a_semicolon_locale_keeps_every_day_across_dst():
    r = read("business_suite_visits_excel_semicolon_dst.csv")  # title "Facebook visits;"
    assert r.source == "meta_business_suite" and list(r.daily.columns) == ["page_visits"]
    assert (r.start, r.end, r.periods) == (dt.date(2024, 3, 25), dt.date(2024, 4, 2), 9)
    assert "import.warning.date_gaps" not in keys(r)  # 23:00 the day before is the next day
    assert r.totals["page_visits"] == sum(range(20, 29))


def test_the_instagram_content_export_is_one_period_over_the_posts_publish_days():
    r = read("instagram_content_posts.csv")  # multi-line captions, unsorted, one empty Reach
    assert (r.granularity, r.periods) == ("range", 1)
    assert (r.start, r.end) == (dt.date(2025, 6, 1), dt.date(2025, 6, 7))
    assert r.totals == {"video_views": 1000, "reach": 550, "likes": 75, "shares": 8,
                        "new_followers": 3, "comments": 4, "saves": 9}
    assert "import.warning.posts_range" in keys(r)
    assert "import.warning.duplicate_days" not in keys(r)  # posts are not repeated days


# ------------------------------------------------------------------ TikTok


def test_a_tiktok_overview_with_every_column_reads_leads_calls_and_follower_flows():
    r = read("tiktok_overview_all_columns.csv")  # "Phone number clicks " has a trailing space
    assert {"video_views", "reach", "profile_views", "likes", "shares", "comments", "phone_clicks",
            "leads", "net_followers", "new_followers", "lost_followers"} <= set(r.totals)
    assert r.totals["phone_clicks"] == 6 and r.totals["leads"] == 7
    assert r.totals["net_followers"] == r.totals["new_followers"] - r.totals["lost_followers"]
    # reach per day is not additive over days: kept, and the sum is flagged
    assert "import.warning.unique_summed_over_days" in keys(r)


def test_tiktok_dates_without_a_year_get_the_latest_year_that_ends_by_today_and_say_so():
    today = dt.date.today()
    r = read("tiktok_overview_yearless_es.csv")  # "8 de marzo" .. "14 de marzo"
    year = today.year if (3, 14) <= (today.month, today.day) else today.year - 1
    assert (r.start, r.end, r.periods) == (dt.date(year, 3, 8), dt.date(year, 3, 14), 7)
    assert "import.warning.year_inferred" in keys(r)
    english = read("tiktok_overview_yearless_en.csv")  # December 30 .. January 2
    assert english.end.month == 1 and english.start == dt.date(english.end.year - 1, 12, 30)
    assert english.periods == 4 and english.end <= today


def test_a_run_of_yearless_dates_is_placed_in_the_latest_year_it_fits_before_today():
    today = dt.date(2026, 1, 1)
    assert infer_years([(12, 30), (12, 31), (1, 1)], today) == [2025, 2025, 2026]
    assert infer_years([(1, 2)], today) == [2025]  # 2 January 2026 is after today
    assert infer_years([(12, 31), (12, 30)], today) == [2025, 2025]  # newest first
    assert infer_years([(2, 29)], dt.date(2026, 6, 1)) == [2024]  # the last leap day before


def test_a_tiktok_xlsx_with_every_number_stored_as_text_reads_like_its_csv():
    r = read("tiktok_overview_text_numbers.xlsx")
    assert r.totals["video_views"] == 1500 + 1501 + 1502 and r.periods == 3
    assert 2004 < r.start.year <= dt.date.today().year


def test_tiktok_follower_history_difference_is_net_followers_and_count_is_the_stock():
    r = read("tiktok_follower_history.csv")  # the running count once reads "undefined"
    assert r.totals == {"net_followers": 18}  # a stock is never summed
    assert r.latest == {"followers": 1015}
    assert "import.warning.negative_counts" not in keys(r)  # a net change may be negative


# ------------------------------------------------------------------ GA4, Google Ads, Meta


def test_ga4_tables_without_a_date_are_one_period_over_the_reports_start_and_end():
    r = read("ga4_range_tables.csv")  # event name x event count, page x views
    assert (r.granularity, r.start, r.end, r.periods) == ("range", dt.date(2025, 6, 1),
                                                          dt.date(2025, 6, 30), 1)
    assert r.totals == {"event_count": 2650}  # users per event name are not added up


def test_a_google_ads_all_time_report_has_unknown_dates_and_never_sums_its_total_rows():
    r = read("google_ads_all_time.csv")
    summary = r.summary()
    assert (summary["granularity"], summary["start"], summary["end"], summary["periods"]) == \
        ("range", None, None, 1)
    assert r.totals["impressions"] == 4600 and r.currency == "EUR"  # not 4600 + 4600 + 4900
    assert "import.warning.range_all_time" in keys(r)


def test_google_ads_custom_conversion_columns_add_up_over_the_range_in_the_title():
    r = read("google_ads_range_custom_conversions.csv")
    assert (r.start, r.end, r.granularity) == (dt.date(2025, 6, 1), dt.date(2025, 6, 30), "range")
    assert r.totals["conversions"] == 6 and r.totals["spend"] == 140
    assert r.totals["clicks"] == r.totals["link_clicks"] == 70


def test_a_meta_range_report_whose_first_row_is_the_unnamed_summary_is_not_doubled():
    r = read("meta_ads_range_summary_first.csv")
    assert r.totals["impressions"] == 3000 and r.totals["spend"] == 45


def test_a_meta_export_saying_no_data_available_asks_to_widen_the_date_range():
    with pytest.raises(DataFileError) as err:
        read("meta_ads_no_data.csv")
    assert err.value.key == "import.error.no_data_available"
    assert "meta_ads_no_data.csv" in err.value.message("fa")


# ------------------------------------------------------------------ new sources


def test_search_console_in_french_drops_trailing_zero_days_and_never_sums_ctr_or_position():
    r = read("search_console_dates_fr.csv")  # Clics, newest first, 2 unprocessed days
    assert set(r.totals) == {"clicks", "impressions"}
    assert r.end == dt.date(2025, 6, 8) and r.periods == 8
    assert "import.warning.trailing_zero_days" in keys(r)


def test_youtube_totals_read_us_dates_and_subscribers_as_the_net_follower_change():
    r = read("youtube_totals.csv")  # 1/29/2022 ..
    assert (r.start, r.end) == (dt.date(2022, 1, 29), dt.date(2022, 2, 2))
    assert r.totals == {"video_views": 2510, "net_followers": 5}


def test_youtube_chart_data_adds_the_breakdown_up_per_day_instead_of_dropping_it():
    r = read("youtube_chart_data.csv")  # all Subscribed days first, then Not subscribed
    assert r.periods == 4 and r.totals["video_views"] == 4 * 100 + 6 + 4 * 900 + 6
    assert "import.warning.duplicate_days" not in keys(r)
    assert set(r.breakdown["campaign"]) == {"Subscribed", "Not subscribed"}


def test_x_analytics_newest_first_maps_to_catalogue_metrics():
    r = read("x_analytics_overview.csv")  # "Tue, Feb 18, 2025"
    assert (r.start, r.end) == (dt.date(2025, 2, 14), dt.date(2025, 2, 18))
    assert r.totals["new_followers"] == 25 and r.totals["lost_followers"] == 5
    assert r.totals["comments"] == 15 and r.totals["reposts"] == 20  # replies are comments
    assert r.totals["posts_published"] == 5 and r.totals["saves"] == 10  # Create Post, Bookmarks


def test_business_profile_reads_its_range_from_the_file_name_and_skips_the_description_row():
    r = read("gbp_performance_Pepperoni_2025-7-1_2025-7-31.csv")
    assert (r.start, r.end, r.granularity) == (dt.date(2025, 7, 1), dt.date(2025, 7, 31), "range")
    assert r.totals["profile_views"] == 1200 + 300 + 800 + 100 + 700 + 200 + 500 + 50
    assert r.totals["phone_clicks"] == 40 and r.totals["direction_requests"] == 100
    assert set(r.breakdown["campaign"]) == {"Pepperoni Palace Centre", "Pepperoni Palace Harbour"}


def test_business_profile_without_the_range_in_its_name_asks_for_it():
    with pytest.raises(DataFileError) as err:
        read("gbp_performance_renamed.csv")
    assert err.value.key == "import.error.gbp_no_range"
    assert "_2025-7-1_2025-7-31.csv" in err.value.message("vi")


# ------------------------------------------------------------------ refusals


def test_a_refusal_names_the_file_and_the_columns_it_found_in_the_users_language():
    with pytest.raises(UnrecognisedExportError) as err:
        read_export(b"Date,Mood,Weather\n2024-01-01,good,sunny\n", filename="diary.csv")
    text = err.value.message("th")
    assert "diary.csv" in text and "Mood, Weather" in text


def test_json_of_an_all_time_report_is_strict_json_with_null_dates(capsys):
    from smartkit.cli import main

    assert main(["import", str(EXPORTS / "google_ads_all_time.csv"), "--json", "--lang", "vi"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["start"] is None and out["end"] is None and out["source"] == "google_ads"


def test_the_older_twitter_tweet_activity_export_reads_as_x_analytics():
    text = ("Date,Tweets published,impressions,engagements,engagement rate,retweets,replies,likes,"
            "user profile clicks,url clicks,follows\n2019-01-01,2,1000,50,0.05,3,2,20,5,4,1\n"
            "2019-01-02,1,800,30,0.04,1,1,10,2,3,0\n")
    r = read_export(text.encode(), filename="tweet_activity_metrics.csv")
    assert r.source == "x_analytics"
    assert r.totals == {"posts_published": 3, "impressions": 1800, "engagements": 80, "reposts": 4,
                        "comments": 3, "likes": 30, "profile_views": 7, "link_clicks": 7,
                        "new_followers": 1}  # the engagement rate is a ratio: never imported
