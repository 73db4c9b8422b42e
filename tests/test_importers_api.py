"""The public API (mapping, merge, candidate columns, summary) and the command line."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from smartkit.errors import ColumnMappingError, DataFileError, UnrecognisedExportError
from smartkit.i18n import has
from smartkit.importers import (
    ColumnMapping,
    ImportResult,
    SOURCES,
    candidate_columns,
    generic,
    merge,
    read_export,
)
from smartkit.importers._tables import metric_ids
from in_process import smartkit

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
ROOT = Path(__file__).resolve().parents[1]
CONTRACT_KEYS = ["source", "currency", "granularity", "start", "end", "periods", "totals", "warnings",
                 "latest"]
CP1252_MAPPING = ColumnMapping(date_column="Tag", columns={"Bestellungen": "purchases",
                                                           "Umsatz €": "purchase_value"},
                               date_format="%d/%m/%Y", currency="EUR")


def test_every_column_map_uses_measured_catalogue_ids_only():
    for module in (*SOURCES, generic):
        assert set(module.COLUMN_MAP) <= metric_ids(), module.__name__
    assert not {"ctr", "cpc", "cpm", "roas", "frequency"} & metric_ids()


def test_no_alias_means_two_metrics_within_one_source():
    from smartkit.importers._tables import norm_header

    for module in SOURCES:
        seen: dict[str, str] = {}
        for metric, aliases in module.COLUMN_MAP.items():
            for alias in aliases:
                key = norm_header(alias)[0]
                assert seen.setdefault(key, metric) == metric, (module.__name__, alias)


def test_a_sheet_nothing_maps_asks_the_user_to_map_columns():
    with pytest.raises(UnrecognisedExportError) as err:
        read_export(EXPORTS / "generic_sheet_cp1252.csv")
    assert "Map the columns" in str(err.value)


def test_a_saved_column_mapping_reads_the_sheet_and_round_trips_as_json():
    again = ColumnMapping.model_validate_json(CP1252_MAPPING.model_dump_json())
    r = read_export(EXPORTS / "generic_sheet_cp1252.csv", mapping=again)
    assert (r.source, r.currency, r.periods) == ("generic", "EUR", 14)
    assert r.daily["purchase_value"].iloc[0] == pytest.approx(1500.5)  # "1500,50 €"
    assert r.start.isoformat() == "2024-01-01"


@pytest.mark.parametrize("mapping, key", [
    (ColumnMapping(date_column="Nope", columns={"Bestellungen": "purchases"}), "error.data.mapping_missing_column"),
    (ColumnMapping(date_column="Tag", columns={"Bestellungen": "ctr"}), "error.data.mapping_ratio"),
    (ColumnMapping(date_column="Tag", columns={"Bestellungen": "vibes"}), "error.data.mapping_unknown_metric"),
    (ColumnMapping(date_column="Tag", columns={}), "error.data.mapping_empty"),
])
def test_a_mapping_that_does_not_fit_the_file_says_why(mapping, key):
    with pytest.raises(ColumnMappingError) as err:
        read_export(EXPORTS / "generic_sheet_cp1252.csv", mapping=mapping)
    assert err.value.key == key


def test_candidate_columns_give_headers_and_a_text_preview():
    headers, preview = candidate_columns(EXPORTS / "generic_sheet_cp1252.csv")
    assert headers == ["Tag", "Bestellungen", "Umsatz €"]
    assert list(preview.columns) == headers and len(preview) == 14
    assert preview.iloc[0, 2] == "1500,50 €"


def test_merge_joins_sources_by_date_and_keeps_the_authoritative_one_for_shared_metrics():
    meta = read_export(EXPORTS / "meta_ads_daily_campaign_90d.csv")
    ga4 = read_export(EXPORTS / "ga4_daily_users.csv")
    shop = read_export(EXPORTS / "shopify_sales_over_time.csv")
    table = merge([meta, ga4, shop])
    assert table.index.name == "date" and table.index.is_monotonic_increasing
    assert {"spend", "sessions", "users"} <= set(table.columns)
    # purchases are in Meta and Shopify: the catalogue says Shopify measures them
    assert table.attrs["sources"]["purchases"] == "shopify"
    assert table["purchases"].sum() == shop.daily["purchases"].sum()
    dropped = [w for w in table.attrs["warnings"] if w.params["metric_id"] == "purchases"]
    assert dropped and dropped[0].params["dropped_id"] == "meta_ads_manager"
    # the user sees it with the file whose figures were ignored, in their language
    assert dropped[0] in meta.warnings and dropped[0] not in shop.warnings
    assert "Shopify" in dropped[0].render("vi") and "purchases" not in dropped[0].render("en")


def test_merge_of_two_exports_of_one_source_does_not_double_count_overlapping_days():
    a = read_export("Date,Video Views,Profile Views\n2024/01/01,10,1\n2024/01/02,20,2\n")
    b = read_export("Date,Video Views,Profile Views\n2024/01/02,20,2\n2024/01/03,30,3\n")
    assert merge([a, b])["video_views"].tolist() == [10, 20, 30]


def test_summary_is_exactly_the_json_contract():
    summary = read_export(EXPORTS / "google_ads_campaign_en.csv").summary("vi")
    assert list(summary) == CONTRACT_KEYS
    json.dumps(summary, allow_nan=False)


def test_warnings_are_message_keys_with_english_text():
    result = read_export(EXPORTS / "shopify_sales_over_time.csv")
    assert all(has(w.key) for w in result.warnings)
    assert isinstance(result, ImportResult)


def test_duplicate_rows_pasted_twice_are_dropped_and_reported():
    body = "2024-01-01,A,10,1\n2024-01-02,A,12,1\n"
    text = "Day,Campaign name,Impressions,Amount spent (USD)\n" + body + body
    r = read_export(text)
    assert r.totals["impressions"] == 22
    assert any(w.key.endswith("duplicate_days") and w.params["dropped"] == 2 for w in r.warnings)


def test_gaps_in_dates_are_reported():
    text = "date,sessions\n2024-01-01,5\n2024-01-02,6\n2024-01-05,7\n"
    warning = next(w for w in read_export(text).warnings if w.key.endswith("date_gaps"))
    assert warning.params["count"] == 2


# ------------------------------------------------------------------------- command line


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return smartkit("import", *args, cwd=ROOT)


def test_cli_json_prints_one_contract_object(tmp_path):
    out = tmp_path / "daily.csv"
    done = run_cli(str(EXPORTS / "meta_ads_es_cop.csv"), "--json", "--out", str(out))
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert list(summary) == CONTRACT_KEYS
    assert summary["source"] == "meta_ads_manager" and summary["currency"] == "COP"
    assert (summary["start"], summary["end"], summary["periods"]) == ("2024-01-01", "2024-01-05", 5)
    daily = pd.read_csv(out, index_col="date")
    assert daily["spend"].sum() == summary["totals"]["spend"]


def test_cli_human_summary():
    done = run_cli(str(EXPORTS / "tiktok_overview.csv"))
    assert done.returncode == 0 and "tiktok" in done.stdout and "Video" in done.stdout


@pytest.mark.parametrize("name, words", [("not_an_export.pdf", "PDF"), ("empty.csv", "empty"),
                                         ("screenshot.png", "image")])
def test_cli_bad_file_exits_2_with_one_line_and_no_traceback(name, words):
    done = run_cli(str(EXPORTS / name), "--json")
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in done.stderr


def test_cli_missing_file_exits_2():
    done = run_cli(str(EXPORTS / "does_not_exist.csv"))
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1


def test_unexpected_parser_failures_become_data_file_errors(monkeypatch):
    import smartkit.importers as importers

    def boom(*_):
        raise ValueError("pandas said no")

    monkeypatch.setattr(importers, "finish", boom)
    with pytest.raises(DataFileError) as err:
        read_export(EXPORTS / "tiktok_overview.csv")
    assert err.value.key == "import.error.unexpected"
    # the marketer sees the file and its first line, never the internal exception's text
    message = err.value.message("th")
    assert "tiktok_overview.csv" in message and "Date" in message
    assert "pandas said no" not in message and "ValueError" not in message


def test_a_column_may_be_mapped_to_every_stored_metric_in_catalogue_order_never_to_a_ratio():
    from smartkit.catalogue import catalogue

    choices = ColumnMapping.metric_choices()
    assert set(choices) == metric_ids()
    assert list(choices) == [k.id for k in catalogue().kpis if k.id in metric_ids()]
    assert "link_clicks" in choices and "ctr" not in choices and "roas" not in choices


def test_a_merge_note_goes_to_the_file_whose_figures_were_left_out_and_names_the_file_used():
    from smartkit.importers import merge_notes, merge_warning

    warnings = [merge_warning("purchases", "shopify", "meta_ads_manager")]
    files = [("meta.csv", "meta_ads_manager"), ("orders.csv", "shopify"), ("orders-feb.csv", "shopify")]
    assert merge_notes(warnings, files) == [
        [{"metric": "purchases", "kept_file": "orders.csv", "kept": "shopify", "dropped": "meta_ads_manager"}], [], []]


def test_no_merge_note_without_the_kept_file_or_for_another_warning():
    from smartkit.i18n import Message
    from smartkit.importers import merge_notes, merge_warning

    other = Message("import.warning.gaps", {"file": "meta.csv"})
    assert merge_notes([merge_warning("purchases", "shopify", "meta_ads_manager"), other], [("meta.csv", "meta_ads_manager")]) == [[]]


def test_the_merge_notes_of_a_real_merge_name_the_files():
    from smartkit.importers import merge_notes

    meta = read_export(EXPORTS / "meta_ads_daily_campaign_90d.csv")
    shop = read_export(EXPORTS / "shopify_sales_over_time.csv")
    notes = merge_notes(merge([meta, shop]).attrs["warnings"], [("ads.csv", meta.source), ("shop.csv", shop.source)])
    assert notes[0] and {(n["kept_file"], n["kept"], n["dropped"]) for n in notes[0]} == {
        ("shop.csv", "shopify", "meta_ads_manager")}
    assert "purchases" in [n["metric"] for n in notes[0]] and notes[1] == []


def test_a_file_with_merge_notes_leaves_its_merge_warnings_to_them():
    from smartkit.i18n import Message
    from smartkit.importers import MERGE_WARNING, besides_merge_notes, merge_warning

    merged, other = merge_warning("purchases", "shopify", "meta_ads_manager"), Message("import.warning.gaps", {})
    assert merged.key == MERGE_WARNING
    assert besides_merge_notes([merged, other], [{"metric": "purchases"}]) == [other]
    assert besides_merge_notes([merged, other], []) == [merged, other]
    assert besides_merge_notes([merged, other], None) == [merged, other]
