"""Number fields read the user's language: smartkit.numbers.parse_number (issue 10)."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartkit.errors import InvalidFieldError
from smartkit.i18n import LANGUAGES, Lang
from smartkit.numbers import number_text, parse_number


@pytest.mark.parametrize("code", ["vi", "fa"])
def test_12_comma_5_means_twelve_and_a_half_in_vietnamese_and_persian(code):
    assert parse_number("12,5", code) == 12.5


def test_12_comma_5_is_not_read_as_125_in_english_either():
    assert parse_number("12,5", "en") == 12.5


def test_thousands_separators_follow_the_language():
    assert parse_number("1,250", "en") == 1250
    assert parse_number("1,250,000", "th") == 1_250_000
    assert parse_number("1.250", "vi") == 1250
    assert parse_number("1.250.000", "vi") == 1_250_000
    assert parse_number("1 250,5", "vi") == 1250.5
    assert parse_number("1.234,5", "en") == 1234.5  # two marks: the last one is the decimal mark
    assert parse_number("1,234.5", "vi") == 1234.5


def test_persian_and_arabic_indic_digits_are_accepted():
    assert parse_number("۱۲٫۵", "fa") == 12.5
    assert parse_number("۱٬۲۵۰", "fa") == 1250
    assert parse_number("١٢٣", "fa") == 123
    assert parse_number("\u200e−۵", "fa") == -5


def test_signs_and_a_trailing_percent_sign_are_accepted():
    assert parse_number("+20%", "en") == 20
    assert parse_number("−15 %", "vi") == -15
    assert parse_number("۲۰٪", "fa") == 20


def test_a_blank_field_is_no_answer():
    assert parse_number("  ", "en") is None
    assert parse_number(None, "en") is None


@pytest.mark.parametrize("text", ["1e999", "NaN", "inf", "-Infinity", "1e5", "9" * 5000])
def test_numbers_that_are_not_ordinary_are_refused_never_read_as_zero(text):
    with pytest.raises(InvalidFieldError) as refused:
        parse_number(text, "en")
    for code in LANGUAGES:
        message = refused.value.message(code)
        assert "nan" not in message.lower() and "inf" not in message.lower()
    assert refused.value.message("en") == "That is not an ordinary number: enter a figure such as 1250."


@pytest.mark.parametrize("text", ["12 followers", "abc", "1,2,3", "1.2.3", "--5", "5-", "12,5,0"])
def test_text_that_is_not_a_number_is_refused_with_what_was_typed(text):
    with pytest.raises(InvalidFieldError) as refused:
        parse_number(text, "vi")
    assert refused.value.message("vi").startswith(f"“{text}” không phải là một con số")


@pytest.mark.parametrize("lang", [*LANGUAGES, Lang("fa", native_digits=True)])
def test_a_number_written_for_a_field_reads_back_the_same(lang):
    for value in (0, 12.5, 1250, -3.25, 0.000001, 1e15, 1 / 3):
        assert parse_number(number_text(value, lang), lang) == pytest.approx(round(value, 6))


def test_number_text_uses_the_language_s_decimal_mark():
    assert number_text(12.5, "vi") == "12,5"
    assert number_text(12.5, "en") == "12.5"
    assert number_text(12.5, Lang("fa", native_digits=True)) == "۱۲٫۵"
    assert number_text(None, "en") == ""


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,٫٬۱۲٫ -−+%eE", max_size=20), st.sampled_from(LANGUAGES))
def test_any_text_is_a_finite_number_none_or_a_clear_refusal(text, code):
    try:
        value = parse_number(text, code)
    except InvalidFieldError as refused:
        assert refused.key.startswith("error.number.")
    else:
        assert value is None or value == value and abs(value) != float("inf")
