"""The message catalogues and the number/date formats of the four UI languages."""
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from smartkit.catalogue import catalogue
from smartkit.i18n import (
    LANGUAGES,
    Duration,
    Lang,
    Money,
    Percent,
    catalogue_files,
    english_singular,
    catalogue_problems,
    fmt,
    fmt_date,
    fmt_duration,
    fmt_list,
    fmt_money,
    fmt_number,
    fmt_percent,
    fmt_short_date,
    placeholders,
    preferred_language,
    read_catalogue,
    t,
)

LOCALES = Path(__file__).parents[1] / "smartkit" / "locales"
TRANSLATED = [code for code in LANGUAGES if code != "en"]
NEW_YEARS_EVE = dt.date(2026, 12, 31)
LRM = "\u200e"


def _pairs(code: str) -> list[tuple[str, str]]:
    """Every (key, text) pair of a language, over all its catalogue files, as written."""
    return [pair for path in catalogue_files(code)
            for pair in json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=lambda pairs: pairs)]


# ----------------------------------------------------------------------------- catalogues


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_english_key_is_translated_and_no_stray_key_remains(code):
    problems = catalogue_problems(code)
    assert problems["missing"] == [], f"run python smartkit/locales/check_catalogues.py {code}"
    assert problems["stray"] == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_placeholders_are_the_same_as_in_english(code):
    english, other = read_catalogue("en"), read_catalogue(code)
    differing = {key: (sorted(placeholders(english[key])), sorted(placeholders(other[key])))
                 for key in english.keys() & other.keys()
                 if placeholders(english[key]) != placeholders(other[key])}
    assert differing == {}


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_message_is_empty(code):
    assert [key for key, text in read_catalogue(code).items() if not text.strip()] == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_catalogue_is_valid_json_of_strings_without_duplicate_keys(code):
    pairs = _pairs(code)
    keys = [key for key, _ in pairs]
    assert len(keys) == len(set(keys))
    assert all(isinstance(text, str) for _, text in pairs)


@pytest.mark.parametrize("code", TRANSLATED)
def test_translated_catalogue_is_sorted_by_key(code):
    for path in catalogue_files(code):
        keys = list(json.loads(path.read_text(encoding="utf-8")))
        assert keys == sorted(keys), path


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_template_formats_with_its_own_placeholders(code):
    for key, template in read_catalogue(code).items():
        template.format(**{name: "x" for name in placeholders(template)})  # no stray brace


def test_catalogue_checker_reports_a_missing_key(tmp_path, monkeypatch):
    import smartkit.i18n as i18n

    (tmp_path / "en.json").write_text('{"a": "A {n}", "b": "B"}', encoding="utf-8")
    (tmp_path / "vi.json").write_text('{"a": "Á {m}", "c": ""}', encoding="utf-8")
    monkeypatch.setattr(i18n, "_LOCALES_DIR", tmp_path)
    assert catalogue_problems("vi") == {"missing": ["b"], "stray": ["c"], "placeholders": ["a"],
                                        "empty": ["c"]}


# ----------------------------------------------------------------------------- vocabulary


def test_smart_letters_use_the_vietnamese_article_words():
    # 000: "Cụ thể, Đo lường được, Có thể đạt được, Có liên quan và Có giới hạn thời gian"
    letters = [t(f"smart.letter.{letter}", "vi") for letter in
               ("specific", "measurable", "achievable", "relevant", "time_bound")]
    assert letters == ["Cụ thể", "Đo lường được", "Có thể đạt được", "Có liên quan",
                       "Có giới hạn thời gian"]


def test_smart_letters_use_the_persian_article_words():
    # 004: "خاص، قابل سنجش، عملی، مربوط، و زمان محدود"
    letters = [t(f"smart.letter.{letter}", "fa") for letter in
               ("specific", "measurable", "achievable", "relevant", "time_bound")]
    assert letters == ["خاص", "قابل سنجش", "عملی", "مربوط", "زمان محدود"]


def test_thai_uses_the_article_words_for_specific_and_the_objectives():
    # 001: "เฉพาะเจาะจง", "การรับรู้แบรนด์", "การมีส่วนร่วม", "บริการลูกค้า", "อัตราการมีส่วนร่วม"
    assert t("smart.letter.specific", "th") == "เฉพาะเจาะจง"
    assert t("objective.awareness.name", "th") == "การรับรู้แบรนด์"
    assert t("objective.engagement.name", "th") == "การมีส่วนร่วม"
    assert t("objective.customer_service.name", "th") == "บริการลูกค้า"
    assert t("kpi.engagement_rate.name", "th") == "อัตราการมีส่วนร่วม"


def test_engagement_rate_is_named_as_in_the_articles():
    assert t("kpi.engagement_rate.name", "vi") == "Tỷ lệ tương tác"  # 000, 003
    assert t("kpi.engagement_rate.name", "fa") == "نرخ تعامل"


def test_persian_is_written_with_persian_letters_and_real_zero_width_non_joiners():
    texts = read_catalogue("fa").values()
    assert not any(re.search("[\u064a\u0643]", text) for text in texts)  # Arabic yeh and kaf
    assert not any("~" in text for text in texts)
    assert "\u200c" in t("kpi.followers.name", "fa")  # دنبال‌کنندگان


def test_thai_kpi_names_start_with_thai_script_so_the_verb_joins_them():
    # The Thai statement writes "{verb}{what}" with no space: "เพิ่มผู้ติดตาม".
    for kpi in catalogue().kpis:
        assert "\u0e00" <= t(f"kpi.{kpi.id}.name", "th")[0] <= "\u0e7f", kpi.id


def test_thai_messages_end_without_a_full_stop():
    assert [key for key, text in read_catalogue("th").items() if text.endswith(".")] == []


# ----------------------------------------------------------------------------- languages


def test_a_calendar_a_language_does_not_use_falls_back_to_gregorian():
    assert Lang("vi", "persian").calendar == "gregorian"
    assert Lang("th", "buddhist").calendar == "buddhist"
    assert Lang("xx").code == "en"


def test_only_persian_reads_right_to_left():
    assert [code for code in LANGUAGES if Lang(code).rtl] == ["fa"]
    assert Lang("fa").direction == "rtl" and Lang("th").direction == "ltr"


@pytest.mark.parametrize("header, expected", [
    ("fa-IR,fa;q=0.9,en-US;q=0.8", "fa"),
    ("de-DE,de;q=0.9,th;q=0.5,vi;q=0.7", "vi"),
    ("vi_VN", "vi"),
    ("th;q=0, fa;q=0.2", "fa"),
    ("de-DE", "en"),
    (None, "en"),
])
def test_the_browser_language_is_the_default_when_it_is_supported(header, expected):
    assert preferred_language(header) == expected


def test_an_empty_parameter_leaves_no_space_before_the_comma():
    assert t("smart.specific.ok", "vi", kpi="số người theo dõi", channel="Facebook", scope="") == \
        "Xác định rõ ràng: số người theo dõi trên Facebook, có con số cần đạt."


# ----------------------------------------------------------------------------- numbers


@pytest.mark.parametrize("lang, expected", [
    (Lang("en"), "1,234,568"), (Lang("vi"), "1.234.568"), (Lang("th"), "1,234,568"),
    (Lang("fa"), "1,234,568"), (Lang("fa", native_digits=True), "۱٬۲۳۴٬۵۶۸"),
])
def test_numbers_are_grouped_the_language_s_way(lang, expected):
    assert fmt_number(1234567.891, lang) == expected


@pytest.mark.parametrize("lang, expected", [
    (Lang("vi"), "3,6"), (Lang("th"), "3.6"), (Lang("fa"), "3.6"),
    (Lang("fa", native_digits=True), "۳٫۶"),
])
def test_decimal_marks(lang, expected):
    assert fmt_number(3.6, lang) == expected


def test_native_digits_are_a_persian_option_only():
    assert fmt_number(480, Lang("vi", native_digits=True)) == "480"
    assert fmt_number(480, Lang("fa", native_digits=True)) == "۴۸۰"


@pytest.mark.parametrize("lang, points, signed, expected", [
    (Lang("vi"), 20, False, "20%"),
    (Lang("vi"), 3.6, False, "3,6%"),
    (Lang("th"), 20, True, "+20%"),
    (Lang("fa"), 20, False, "20%"),
    (Lang("fa", native_digits=True), 20, False, "۲۰٪"),
    (Lang("fa", native_digits=True), 3.6, False, "۳٫۶٪"),
    # Persian signs carry a left-to-right mark so they stay left of the number in RTL text.
    (Lang("fa"), 20, True, LRM + "+20%"),
    (Lang("fa", native_digits=True), -5, False, LRM + "−۵٪"),
])
def test_percentages(lang, points, signed, expected):
    assert fmt_percent(points, lang, signed=signed) == expected


@pytest.mark.parametrize("lang, amount, currency, expected", [
    (Lang("vi"), 1234.5, "USD", "1.234,50\xa0US$"),
    (Lang("vi"), 150000, "VND", "150.000\xa0₫"),
    (Lang("th"), 150, "THB", "฿150.00"),
    (Lang("th"), 1.25, "USD", "US$1.25"),
    (Lang("fa"), 1.25, "USD", LRM + "$\xa01.25"),
    (Lang("fa", native_digits=True), 1500000, "IRR", LRM + "ریال\xa0۱٬۵۰۰٬۰۰۰"),
])
def test_money(lang, amount, currency, expected):
    assert fmt_money(amount, currency, lang) == expected


def test_money_without_a_currency_is_a_plain_number():
    assert fmt_money(1500.0, None, "vi") == "1.500"


@pytest.mark.parametrize("lang, seconds, expected", [
    (Lang("vi"), 5400, "1,5 giờ"), (Lang("th"), 2700, "45 นาที"),
    (Lang("fa", native_digits=True), 5400, "۱٫۵ ساعت"),
])
def test_durations(lang, seconds, expected):
    assert fmt_duration(seconds, lang) == expected


def test_fmt_formats_each_parameter_type_for_the_language():
    fa = Lang("fa", "persian", native_digits=True)
    assert fmt(Percent(20), fa) == "۲۰٪"
    assert fmt(Money(2, "USD"), "th") == "US$2.00"
    assert fmt(Duration(600), "vi") == "10 phút"
    assert fmt(NEW_YEARS_EVE, fa) == "۱۰ دی ۱۴۰۵"
    assert fmt("Page Insights 4", fa) == "Page Insights 4"  # user text keeps its digits


@pytest.mark.parametrize("code, expected", [
    ("en", "reach, shares, or followers"),
    ("vi", "reach, shares hoặc followers"),
    ("th", "reach, shares หรือ followers"),
    ("fa", "reach،\u200f shares، یا followers"),
])
def test_lists_are_joined_with_the_language_s_or(code, expected):
    assert fmt_list(["reach", "shares", "followers"], code) == expected


# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize("lang, expected", [
    (Lang("en"), "31 December 2026"),
    (Lang("vi"), "31 tháng 12, 2026"),
    (Lang("th"), "31 ธันวาคม ค.ศ. 2026"),
    (Lang("th", "buddhist"), "31 ธันวาคม พ.ศ. 2569"),
    (Lang("fa"), "31 دسامبر 2026"),
    (Lang("fa", native_digits=True), "۳۱ دسامبر ۲۰۲۶"),
    (Lang("fa", "persian"), "10 دی 1405"),
    (Lang("fa", "persian", native_digits=True), "۱۰ دی ۱۴۰۵"),
])
def test_long_dates(lang, expected):
    assert fmt_date(NEW_YEARS_EVE, lang) == expected


def test_solar_hijri_new_year_is_first_of_farvardin():
    assert fmt_date(dt.date(2026, 3, 21), Lang("fa", "persian")) == "1 فروردین 1405"


@pytest.mark.parametrize("lang, expected", [
    (Lang("th", "buddhist"), "31/12/2569"),
    (Lang("fa", "persian"), "1405/10/10"),
    (Lang("fa", "persian", native_digits=True), "۱۴۰۵/۱۰/۱۰"),
    (Lang("vi"), "31 thg 12, 2026"),
])
def test_short_dates(lang, expected):
    assert fmt_short_date(NEW_YEARS_EVE, lang) == expected


@pytest.mark.parametrize("lang", [Lang("en"), Lang("vi"), Lang("th"), Lang("fa"), Lang("fa", native_digits=True)])
def test_a_number_of_any_finite_size_formats_and_nan_or_infinity_never_prints(lang):
    # Babel rounds in a 28-digit decimal context: from about 1e28 up it used to raise
    for value in (1e27, 1e28, 1e30, 2.8e132, 1e308, -1.7976931348623157e308, 5e-324, -0.001):
        for text in (fmt_number(value, lang), fmt_percent(value, lang, signed=True), fmt_money(value, "USD", lang),
                     fmt_money(value, None, lang)):
            assert text and not re.search(r"(?i)nan|inf|e\+|∞", text), (value, text)
    for value in (float("nan"), float("inf"), -float("inf")):
        assert fmt_number(value, lang) == fmt_percent(value, lang) == fmt_money(value, "USD", lang) == "—"


def test_a_huge_number_shows_every_digit_and_a_tiny_fall_never_reads_minus_zero():
    assert fmt_number(1e28) == "10,000,000,000,000,000,000,000,000,000"
    assert fmt_percent(1e28) == "10,000,000,000,000,000,000,000,000,000%"
    assert fmt_number(-0.001) == "0" and fmt_percent(-0.03, signed=True) == "0%"


def test_one_day_reads_in_the_singular_in_english_and_other_counts_keep_the_plural():
    assert t("smart.time_bound.too_short", "en", days=1).startswith("1 day is too short")
    assert t("smart.time_bound.too_short", "en", days=21).startswith("21 days is")
    assert english_singular("0.1 days, 11 days, 1 weeks, 1 goals") == "0.1 days, 11 days, 1 week, 1 goal"


def test_languages_without_plural_nouns_are_left_as_written():
    assert t("smart.time_bound.too_short", "vi", days=1).startswith("1 ngày")
