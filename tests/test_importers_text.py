"""Bytes, encodings, separators, line endings, numbers and dates."""
from __future__ import annotations

import codecs
import datetime as dt

import pandas as pd
import pytest

from smartkit.errors import EmptyFileError, UnsupportedFileError
from smartkit.importers import _tables, read_export
from smartkit.importers._tables import parse_date_strings, sniff_decimal, to_number
from smartkit.importers._text import detect_encoding

TABLE = "Day,Campaign name,Impressions,Amount spent (EUR),Link clicks\n" \
        "2024-01-01,Café € ñ,1000,12.5,10\n2024-01-02,Café € ñ,1100,13.5,11\n"


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-8", codecs.BOM_UTF8),
                                           ("utf-16-le", codecs.BOM_UTF16_LE),
                                           ("utf-16-be", codecs.BOM_UTF16_BE),
                                           ("utf-16-le", b""), ("cp1252", b"")])
def test_every_encoding_reads_the_same_table(encoding, bom):
    r = read_export(bom + TABLE.encode(encoding))
    assert r.totals == {"impressions": 2100.0, "spend": 26.0, "link_clicks": 21.0}
    assert set(r.breakdown["campaign"]) == {"Café € ñ"}


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_line_endings_and_separators(newline, sep):
    text = TABLE.replace(",", sep).replace("\n", newline)
    r = read_export(text.encode("utf-8"))
    assert r.periods == 2 and r.totals["impressions"] == 2100


def test_cp1252_euro_sign_is_detected():
    assert detect_encoding("Umsatz €;Tag\n1;2\n".encode("cp1252")) == "cp1252"


@pytest.mark.parametrize("cells, expected", [
    (["1.234,56", "12,5"], ","), (["1,234.56", "12.5"], "."), (["3,063", "1.234"], "."),
    (["24,00 %", "0,45"], ","), (["۱۲٫۵"], "."),
])
def test_decimal_mark_is_sniffed_from_unambiguous_cells(cells, expected):
    assert sniff_decimal(cells) == expected


@pytest.mark.parametrize("cell, decimal, expected", [
    ("3,063", ".", 3063), ("1.234,56", ",", 1234.56), ("24.00%", ".", 24.0), ("-", ".", None),
    ("--", ".", None), ("NAN", ".", None), ("", ".", None), ("$1,200.50", ".", 1200.5),
    ("1 234,5", ",", 1234.5), ("۱۲۳", ".", 123), ("๑๒", ".", 12), ("9" * 400, ".", None),
    ("1e400", ".", None), ("garbage", ".", None), ("-12.5", ".", -12.5),
])
def test_cells_to_numbers(cell, decimal, expected):
    value = to_number(pd.Series([cell], dtype="str"), decimal).iloc[0]
    assert (pd.isna(value) if expected is None else value == pytest.approx(expected))


def test_mixed_numbers_and_text_from_the_c_parser_are_both_kept():
    values = pd.Series([1.5, "2,000", None, "-"], dtype=object)
    assert to_number(values).tolist()[:2] == [1.5, 2000.0]


@pytest.mark.parametrize("cells, first", [
    (["20240105", "20240106"], dt.date(2024, 1, 5)),
    (["2024/01/05", "2024/01/06"], dt.date(2024, 1, 5)),
    (["2024-01-05", "2024-01-06"], dt.date(2024, 1, 5)),
    (["05/01/2024", "25/01/2024"], dt.date(2024, 1, 5)),  # day first: 25 > 12
    (["01/05/2024", "01/25/2024"], dt.date(2024, 1, 5)),  # month first
    (["2024-01-05T00:00:00-08:00", "2024-01-06T00:00:00-08:00"], dt.date(2024, 1, 5)),
    (["2024-03-30T00:00:00", "2024-03-30T23:00:00"], dt.date(2024, 3, 30)),  # DST: next day
    (["45296", "45297"], dt.date(2024, 1, 5)),  # Excel serial days
    (["2567-01-05", "2567-01-06"], dt.date(2024, 1, 5)),  # Buddhist era
    (["1402/10/15", "1402/10/16"], dt.date(2024, 1, 5)),  # Solar Hijri
    (["۱۴۰۲/۱۰/۱۵", "۱۴۰۲/۱۰/۱۶"], dt.date(2024, 1, 5)),  # with Persian digits
])
def test_date_formats(cells, first):
    parsed = pd.DatetimeIndex(parse_date_strings(cells))
    assert parsed[0].date() == first and parsed.notna().all()
    assert (parsed[1] - parsed[0]).days in (0, 1, 20, 1) or parsed[1] > parsed[0]


def test_dst_timestamps_round_to_the_nearest_midnight():
    parsed = pd.DatetimeIndex(parse_date_strings(["2024-03-30T00:00:00", "2024-03-30T23:00:00",
                                                  "2024-10-28T01:00:00"]))
    assert [d.date() for d in parsed] == [dt.date(2024, 3, 30), dt.date(2024, 3, 31),
                                          dt.date(2024, 10, 28)]


@pytest.mark.parametrize("data, key", [
    (b"", "error.data.empty"), (b"\r\n\r\n  \n", "error.data.empty"),
    (b"%PDF-1.4 ...", "error.data.pdf"), (b"\x89PNG\r\n\x1a\n....", "error.data.image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "error.data.xls_legacy"),
    (b"PK\x03\x04" + bytes(60), "error.data.archive"), (bytes(range(256)) * 8, "error.data.binary"),
])
def test_files_that_are_not_exports_get_a_clear_error(data, key):
    with pytest.raises((EmptyFileError, UnsupportedFileError)) as err:
        read_export(data, filename="upload.csv")
    assert err.value.key == key and "upload.csv" in str(err.value)


def test_big_file_fast_path_matches_the_c_parser(monkeypatch, tmp_path):
    rows = "".join(f'2024-01-{d:02d},"Camp {c}, ""q""",{d * c},{d}.5,{c}\n'
                   for d in range(1, 29) for c in range(50))
    path = tmp_path / "meta.csv"
    path.write_bytes(codecs.BOM_UTF8 + ("Day,Campaign name,Impressions,Amount spent (USD),Link clicks\n"
                                        + rows).encode())
    slow = read_export(path)
    monkeypatch.setattr(_tables, "PYARROW_MIN_BYTES", 0)
    fast = read_export(path)
    pd.testing.assert_frame_equal(fast.daily, slow.daily)
    pd.testing.assert_frame_equal(fast.breakdown, slow.breakdown)


def test_fast_path_falls_back_on_cells_arrow_cannot_read(monkeypatch):
    monkeypatch.setattr(_tables, "PYARROW_MIN_BYTES", 0)
    text = ('Day,Campaign name,Impressions,Amount spent (USD)\n2024-01-01,A,"1,000",1\n'
            '2024-01-02,A,24%,1\n2024-01-03,A,-,1\n')
    result = read_export(text.encode())
    assert result.source == "meta_ads_manager"  # so "-" is a zero, not a gap
    assert result.daily["impressions"].tolist() == [1000.0, 24.0, 0.0]
