"""Each source's quirks, on small fixture exports (tests/fixtures/exports/, written by
make_fixtures.py there)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from smartkit.importers import read_export

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
RATIOS = {"ctr", "cpc", "cpm", "roas", "frequency", "cost_per_result"}


def read(name: str):
    return read_export(EXPORTS / name)


def keys(result) -> set[str]:
    return {w.key.rsplit(".", 1)[-1] for w in result.warnings}


# ------------------------------------------------------------------------- Meta Ads Manager


def test_meta_daily_campaign_export_sums_campaigns_per_day_and_drops_the_summary_row():
    r = read("meta_ads_daily_campaign_90d.csv")
    assert (r.source, r.currency, r.granularity, r.periods) == ("meta_ads_manager", "USD", "day", 90)
    assert r.daily.index.name == "date" and isinstance(r.daily.index, pd.DatetimeIndex)
    assert all(str(t) == "float64" for t in r.daily.dtypes)
    assert r.breakdown is not None and r.breakdown["campaign"].nunique() == 3
    # the summary row (no campaign name) would double every total
    assert r.daily["impressions"].sum() == r.breakdown["impressions"].sum()
    assert len(r.breakdown) == 270


def test_ratios_are_never_imported_only_their_parts():
    r = read("meta_ads_daily_campaign_90d.csv")
    assert not RATIOS & set(r.daily.columns)
    assert {"link_clicks", "impressions", "spend", "purchase_value", "reach"} <= set(r.daily.columns)


def test_ctr_is_recomputed_from_clicks_and_impressions_not_averaged():
    r = read("meta_ads_daily_campaign_90d.csv")
    day = r.breakdown[r.breakdown["date"] == r.breakdown["date"].min()]
    recomputed = day["link_clicks"].sum() / day["impressions"].sum()
    assert r.daily["link_clicks"].iloc[0] / r.daily["impressions"].iloc[0] == pytest.approx(recomputed)
    averaged = (day["link_clicks"] / day["impressions"]).mean()
    assert recomputed != pytest.approx(averaged, rel=1e-6)


def test_empty_cells_in_ads_manager_mean_zero():
    r = read("meta_ads_daily_campaign_90d.csv")
    assert r.daily["purchases"].notna().all()
    assert (r.breakdown["purchases"] == 0).any()


def test_reach_summed_over_campaigns_is_flagged():
    assert "reach_summed" in keys(read("meta_ads_daily_campaign_90d.csv"))


def test_campaign_names_with_html_quotes_pipes_emoji_and_rtl_survive_untouched():
    names = set(read("meta_ads_daily_campaign_90d.csv").breakdown["campaign"])
    assert names == {'Spring | "Sale" 🌸', "<b>Retargeting</b> حراج", "Brand awareness, VN"}


@pytest.mark.parametrize("name, currency", [("meta_ads_es_cop.csv", "COP"), ("meta_ads_vi.csv", "VND"),
                                            ("meta_ads_th.csv", "THB"), ("meta_ads_fa.csv", "IRR")])
def test_meta_headers_in_every_export_language_map_to_the_same_metrics(name, currency):
    r = read(name)
    assert r.source == "meta_ads_manager" and r.currency == currency
    assert r.totals == {"reach": 1020.0, "impressions": 2020.0, "spend": 125.0,
                        "link_clicks": 70.0, "results": 30.0}


def test_old_title_case_headers_with_cr_only_line_endings():
    r = read("meta_ads_titlecase_cr.csv")
    assert (r.source, r.currency, r.periods) == ("meta_ads_manager", "USD", 10)
    assert r.totals["purchase_value"] == pytest.approx(229.5)
    assert "unique_link_clicks" not in r.daily.columns and r.totals["link_clicks"] == 165


def test_reporting_range_rows_per_ad_are_a_range_not_days():
    r = read("meta_ads_range_ad_level.csv")
    assert r.granularity == "range" and r.currency == "EUR"
    assert (r.start, r.end, r.periods) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29), 1)
    assert "range_totals" in keys(r)


def test_duplicate_column_names_keep_the_first_and_custom_conversions_are_not_purchases():
    r = read("meta_ads_range_ad_level.csv")
    assert r.totals["results"] == 25  # not the second "Results" column (99 each)
    assert r.totals["purchases"] == 6  # "Website purchases", not the custom conversion
    assert r.totals["link_clicks"] == 450  # an empty cell is 0; '-' rankings are ignored


def test_a_currency_column_with_two_currencies_is_flagged_and_has_no_currency():
    r = read("meta_ads_currency_mixed.csv")
    assert r.currency is None and "currency_mixed" in keys(r)
    assert r.warnings[0].params["currencies"] == "EUR, USD"


def test_xlsx_export_reads_like_its_csv_twin():
    r = read("meta_ads_daily.xlsx")
    assert (r.source, r.currency, r.periods) == ("meta_ads_manager", "GBP", 7)
    assert r.daily["link_clicks"].iloc[3] == 0  # the empty cell
    assert r.totals["spend"] == pytest.approx(129.5)


def test_totals_row_labelled_total_is_dropped():
    text = "Day,Campaign name,Impressions,Amount spent (USD)\n2024-01-01,A,10,1\nTotal,,10,1\n"
    r = read_export(text)
    assert r.totals == {"impressions": 10.0, "spend": 1.0} and not keys(r) & {"skipped_rows"}


# ------------------------------------------------------------------------- Business Suite


def test_business_suite_utf16_sections_become_a_platform_breakdown():
    r = read("business_suite_follows_utf16.csv")
    assert (r.source, r.granularity, r.periods) == ("meta_business_suite", "day", 90)
    assert set(r.breakdown["campaign"]) == {"Facebook", "Instagram"}
    assert list(r.daily.columns) == ["new_followers"]


def test_business_suite_dst_hour_shift_does_not_move_or_duplicate_a_day():
    r = read("business_suite_follows_utf16.csv")
    assert r.daily.index.is_unique
    assert (r.start, r.end) == (dt.date(2024, 1, 1), dt.date(2024, 3, 30))
    assert not keys(r) & {"date_gaps", "duplicate_days"}


@pytest.mark.parametrize("name, metric", [("business_suite_reach_tab_utf16.txt", "reach"),
                                          ("business_suite_visits_semicolon.csv", "page_visits")])
def test_business_suite_resaved_with_tabs_or_semicolons(name, metric):
    r = read(name)
    assert r.source == "meta_business_suite" and r.periods == 6
    assert list(r.daily.columns) == [metric]


def test_business_suite_utc_timestamps_after_dst_keep_their_calendar_day():
    text = ('sep=,\n"Facebook reach"\n"Date","Primary"\n"2024-03-09T08:00:00","5"\n'
            '"2024-03-10T08:00:00","6"\n"2024-03-11T07:00:00","7"\n')
    r = read_export(text)
    assert list(r.daily.index.date) == [dt.date(2024, 3, 9), dt.date(2024, 3, 10), dt.date(2024, 3, 11)]


# ------------------------------------------------------------------------- GA4


def test_ga4_daily_report_sorted_by_users_is_put_in_date_order_with_a_warning():
    r = read("ga4_daily_users.csv")
    assert (r.source, r.periods) == ("ga4", 90)
    assert r.daily.index.is_monotonic_increasing
    assert "sorted_by_metric" in keys(r)
    assert {"users", "new_users", "sessions", "event_count", "conversions"} <= set(r.daily.columns)


def test_ga4_snapshot_resolves_nth_day_from_the_start_date_and_skips_non_time_tables():
    r = read("ga4_reports_snapshot.csv")
    assert r.granularity == "day" and r.start == dt.date(2024, 1, 5) and r.periods == 14
    assert r.daily.loc["2024-01-05", "users"] == 100
    assert r.daily.loc["2024-01-18", "new_users"] == 43
    assert {"relative_dates", "sections_skipped"} <= keys(r)
    skipped = next(w for w in r.warnings if w.key.endswith("sections_skipped")).params["sections"]
    assert "Country ID" in skipped and "Page title and screen class" in skipped


def test_ga4_snapshot_with_only_weeks_is_weekly_and_ends_on_the_end_date():
    r = read("ga4_snapshot_weeks.csv")
    assert (r.granularity, r.periods, r.end) == ("week", 2, dt.date(2024, 1, 18))
    assert list(r.daily.index.date) == [dt.date(2024, 1, 5), dt.date(2024, 1, 12)]


# ------------------------------------------------------------------------- TikTok, Google Ads, Shopify


def test_tiktok_slash_dates_nan_cells_and_trailing_spaces_in_headers():
    r = read("tiktok_overview.csv")
    assert (r.source, r.periods) == ("tiktok", 7)
    assert set(r.daily.columns) == {"video_views", "profile_views", "likes", "comments", "shares"}
    assert pd.isna(r.daily.loc["2024-01-03", "video_views"])  # NAN stays missing, not 0


def test_google_ads_title_lines_quoted_thousands_percent_and_total_rows():
    r = read("google_ads_campaign_en.csv")
    assert (r.source, r.currency, r.periods) == ("google_ads", "USD", 4)
    assert r.totals["link_clicks"] == 12646 and r.totals["impressions"] == 188846
    assert r.totals["spend"] == pytest.approx(5953.26)
    assert "ctr" not in r.daily.columns and not keys(r) & {"skipped_rows"}


def test_google_ads_spanish_locale_dot_thousands_comma_decimals():
    r = read("google_ads_campaign_es.csv")
    assert (r.source, r.currency) == ("google_ads", "EUR")
    assert r.totals["link_clicks"] == 3702 and r.totals["impressions"] == 135630
    assert r.totals["spend"] == pytest.approx(1665.93)
    assert r.totals["conversion_value"] == pytest.approx(3601.5)


def test_shopify_quoted_cells_and_partial_last_day():
    r = read("shopify_sales_over_time.csv")
    assert (r.source, r.periods) == ("shopify", 15)
    warning = next(w for w in r.warnings if w.key.endswith("partial_last_day"))
    assert warning.params["date"] == dt.date(2024, 3, 15)


# ------------------------------------------------------------------------- generic


def test_generic_table_with_catalogue_ids_as_headers_is_guessed():
    r = read("generic_catalogue_ids.csv")
    assert r.source == "generic" and set(r.daily.columns) == {"link_clicks", "impressions"}


def test_source_is_detected_from_content_not_file_name():
    data = (EXPORTS / "ga4_daily_users.csv").read_bytes()
    assert read_export(data, filename="meta_ads_export.xlsx").source == "ga4"
