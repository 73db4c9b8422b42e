"""Messages and number/date formats in the user's language.

One mechanism: a reviewed JSON message catalogue per language in ``smartkit/locales/`` (flat
dotted keys, ``str.format`` placeholders). Numbers, percentages, money and dates are formatted
with Babel for the language, so rules and statements pass raw values and never format them.

Options beyond the language: the Solar Hijri calendar and Persian digits for ``fa``, the
Buddhist era for ``th``. They travel in a :class:`Lang`; anywhere a ``Lang`` is accepted, a plain
language code (``"vi"``) works too.
"""
from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

LANGUAGES: tuple[str, ...] = ("en", "vi", "th", "fa")
LANGUAGE_NAMES = {"en": "English", "vi": "Tiếng Việt", "th": "ภาษาไทย", "fa": "فارسی"}
RTL_LANGUAGES = frozenset({"fa"})
NATIVE_DIGIT_LANGUAGES = frozenset({"fa"})  # languages whose own digits are an option (۰۱۲…)
CALENDARS = {"en": ("gregorian",), "vi": ("gregorian",), "th": ("gregorian", "buddhist"),
             "fa": ("gregorian", "persian")}
_LOCALES_DIR = Path(__file__).parent / "locales"
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

Calendar = Literal["gregorian", "persian", "buddhist"]


@dataclass(frozen=True)
class Lang:
    """A UI language with its display options."""

    code: str = "en"
    calendar: Calendar = "gregorian"
    native_digits: bool = False

    def __post_init__(self) -> None:
        if self.code not in LANGUAGES:
            object.__setattr__(self, "code", "en")
        if self.calendar not in CALENDARS[self.code]:
            object.__setattr__(self, "calendar", "gregorian")

    @property
    def rtl(self) -> bool:
        return self.code in RTL_LANGUAGES

    @property
    def direction(self) -> Literal["ltr", "rtl"]:
        """The writing direction, as HTML's ``dir`` attribute spells it."""
        return "rtl" if self.rtl else "ltr"


def as_lang(lang: Lang | str | None) -> Lang:
    """Accept a Lang, a language code, or None (English)."""
    if isinstance(lang, Lang):
        return lang
    return Lang(code=(lang or "en").split("-")[0].split("_")[0].lower())


def preferred_language(accept_language: str | None) -> str:
    """The supported language the browser prefers most (Accept-Language, ``q`` weights
    respected, ties in the order given), else English."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.partition(";")
        code = tag.strip().replace("_", "-").split("-")[0].lower()
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if code in LANGUAGES and weight > 0:
            ranked.append((-weight, index, code))
    return min(ranked)[2] if ranked else "en"


@lru_cache(maxsize=None)
def messages(code: str) -> dict[str, str]:
    """The message catalogue of one language (loaded once)."""
    return read_catalogue(code)


def catalogue_files(code: str) -> list[Path]:
    """One language's catalogue files: ``locales/<code>.json`` and one per area of the library
    (``locales/<area>/<code>.json``: importers, storage, reports...), so areas grow apart."""
    return [path for path in [_LOCALES_DIR / f"{code}.json", *sorted(_LOCALES_DIR.glob(f"*/{code}.json"))]
            if path.exists()]


def placeholders(template: str) -> set[str]:
    """The names of the ``{placeholders}`` in a message template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def read_catalogue(code: str) -> dict[str, str]:
    """One language's catalogue read from disk now (not the cached copy ``messages`` keeps).
    A key defined in two files is a mistake: it raises, naming the key."""
    merged: dict[str, str] = {}
    for path in catalogue_files(code):
        part = json.loads(path.read_text(encoding="utf-8"))
        twice = sorted(set(merged) & set(part))
        if twice:
            raise ValueError(f"message keys defined twice ({path}): {', '.join(twice[:5])}")
        merged.update(part)
    return merged


def catalogue_problems(code: str) -> dict[str, list[str]]:
    """What a translated catalogue gets wrong against English, read from disk: keys it lacks
    (``missing``), keys English no longer has (``stray``), keys whose ``{placeholders}`` differ
    from English (``placeholders``) and empty messages (``empty``). All empty: complete."""
    english, other = read_catalogue("en"), read_catalogue(code)
    return {
        "missing": sorted(set(english) - set(other)),
        "stray": sorted(set(other) - set(english)),
        "placeholders": sorted(key for key in set(english) & set(other)
                               if placeholders(english[key]) != placeholders(other[key])),
        "empty": sorted(key for key, text in other.items() if not str(text).strip()),
    }


def has(key: str, lang: Lang | str | None = "en") -> bool:
    return key in messages(as_lang(lang).code) or key in messages("en")


def t(key: str, lang: Lang | str | None = "en", /, **params: Any) -> str:
    """The message ``key`` in ``lang`` (English if that language lacks it), with its
    parameters formatted for the language. An unknown key returns the key itself, so a
    missing message is visible but never crashes a page."""
    loc = as_lang(lang)
    template = messages(loc.code).get(key) or messages("en").get(key)
    if template is None:
        return key
    values = {name: fmt(value, loc) for name, value in params.items()}
    try:
        text = template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template
    if key not in messages(loc.code) or loc.code == "en":
        text = english_singular(text)
    return _close_gaps(text) if "" in values.values() else text


# English is the one catalogue language whose nouns take a plural after a number (Vietnamese,
# Thai and Persian do not inflect them), so its "{days} days" templates read "1 day" here,
# in one rule, rather than in a singular twin of every message.
_ENGLISH_ONE = re.compile(r"(?<![\d.,])\b1 (day|week|month|year|goal|file|row|campaign|post)s\b")


def english_singular(text: str) -> str:
    """ "1 days" → "1 day" (and weeks, months, years, goals, files, rows...); "21 days" stays."""
    return _ENGLISH_ONE.sub(r"1 \1", text)


# Spaces an empty parameter leaves behind: doubled, or before a comma or full stop (Latin or
# Persian), e.g. "on Facebook {scope}, with" with no scope. Leading and trailing spaces stay:
# they join statement parts (a Thai part starts with the space that separates phrases).
_DOUBLE_SPACE = re.compile(r"(?<=\S)  +(?=\S)")
_SPACE_BEFORE_MARK = re.compile(r"(?<=\S) +(?=[,.،؛])")


def _close_gaps(text: str) -> str:
    return _SPACE_BEFORE_MARK.sub("", _DOUBLE_SPACE.sub(" ", text))


# ----------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Percent:
    """A percentage in points: ``Percent(20)`` reads "20 %"."""

    points: float
    signed: bool = False


@dataclass(frozen=True)
class Money:
    """An amount in a currency (ISO 4217 code, or None when unknown); ``whole`` leaves out the
    cents, for a round figure a story states ("about $40,000 a quarter")."""

    amount: float
    currency: str | None = None
    whole: bool = False


@dataclass(frozen=True)
class Duration:
    """A length of time in seconds, shown as minutes or hours (response time)."""

    seconds: float


@dataclass(frozen=True)
class Message:
    """A message still to be rendered: a key and its raw parameters."""

    key: str
    params: dict[str, Any]

    def render(self, lang: Lang | str | None = "en") -> str:
        return t(self.key, lang, **self.params)

    def to_data(self) -> dict[str, Any]:
        """The message as JSON-able data, its parameters typed (a date stays a date, a
        percentage a percentage), so it can be kept and rendered later in another language
        (:meth:`from_data`). A parameter of another type is kept as its text."""
        return {"key": self.key, "params": {name: _param_data(v) for name, v in self.params.items()}}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "Message":
        """The message :meth:`to_data` wrote."""
        return cls(str(data["key"]), {str(n): _param_value(v) for n, v in (data.get("params") or {}).items()})


def _param_data(value: Any) -> Any:
    if isinstance(value, Message):
        return {"message": value.to_data()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, Percent):
        return {"percent": value.points, "signed": value.signed}
    if isinstance(value, Money):
        return {"money": value.amount, "currency": value.currency, "whole": value.whole}
    if isinstance(value, Duration):
        return {"seconds": value.seconds}
    return str(value)


def _param_value(data: Any) -> Any:
    if not isinstance(data, dict):
        return data
    if "message" in data:
        return Message.from_data(data["message"])
    if "datetime" in data:
        return dt.datetime.fromisoformat(data["datetime"])
    if "date" in data:
        return dt.date.fromisoformat(data["date"])
    if "percent" in data:
        return Percent(data["percent"], bool(data.get("signed")))
    if "money" in data:
        return Money(data["money"], data.get("currency"), bool(data.get("whole")))
    if "seconds" in data:
        return Duration(data["seconds"])
    return str(data)


def fmt(value: Any, lang: Lang | str | None = "en") -> str:
    """Format any parameter value for the language: numbers, Percent, Money, dates, nested
    Messages; strings (user text) are returned unchanged."""
    loc = as_lang(lang)
    if isinstance(value, Message):
        return value.render(loc)
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, (int, float)):
        return fmt_number(value, loc)
    if isinstance(value, Percent):
        return fmt_percent(value.points, loc, signed=value.signed)
    if isinstance(value, Money):
        return fmt_money(value.amount, value.currency, loc, whole=value.whole)
    if isinstance(value, Duration):
        return fmt_duration(value.seconds, loc)
    if isinstance(value, dt.datetime):
        return fmt_date(value.date(), loc)
    if isinstance(value, dt.date):
        return fmt_date(value, loc)
    return str(value)


def _numbering(loc: Lang) -> str:
    """The CLDR numbering system: Persian digits come with Persian separators (٬ ٫ ٪)."""
    return "arabext" if loc.native_digits and loc.code in NATIVE_DIGIT_LANGUAGES else "latn"


def _digits(text: str, loc: Lang) -> str:
    return text.translate(_PERSIAN_DIGITS) if _numbering(loc) == "arabext" else text


@lru_cache(maxsize=None)
def _signs(code: str, numbering: str) -> tuple[str, str, str]:
    """The language's plus, minus and percent signs (CLDR). Persian's carry a left-to-right
    mark, so "-5 %" keeps its sign on the left inside right-to-left text."""
    symbols = Locale.parse(code).number_symbols[numbering]
    return symbols["plusSign"], symbols["minusSign"], symbols["percentSign"]


def _localised(text: str, loc: Lang, signed: bool = False) -> str:
    """Babel's output with the signs and digits of the language and numbering system (Babel
    leaves the ASCII "-" and "%" of a pattern as they are)."""
    plus, minus, percent = _signs(loc.code, _numbering(loc))
    if text.startswith("-"):
        text = minus + text[1:]
    elif signed:
        text = plus + text
    return _digits(text.replace("%", percent), loc)


# Shown instead of a value that is not a finite number: such a value should never reach a
# message (the model refuses it, the math keeps to finite figures), but formatting never fails
# and never prints "NaN" or "inf".
NOT_A_NUMBER = "—"


def _finite(value: float | int) -> bool:
    return isinstance(value, int) or math.isfinite(value)


def _wide_decimals(value: float | int) -> decimal.Context:
    """A decimal context with room for every digit of ``value``: Babel rounds in the current
    context (28 digits), which fails from about 10²⁸ up; a float has at most 309 digits."""
    digits = int(abs(value)).bit_length() * 0.302 if isinstance(value, int) else 309
    return decimal.Context(prec=int(digits) + 40, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def fmt_number(value: float, lang: Lang | str | None = "en", decimals: int | None = None) -> str:
    """A number with the language's grouping and decimal marks; at most two decimals, none
    for whole numbers, unless ``decimals`` is given. Total: any finite number formats, every
    digit shown; a non-finite one reads :data:`NOT_A_NUMBER`."""
    loc = as_lang(lang)
    if not _finite(value):
        return NOT_A_NUMBER
    if decimals is None:
        decimals = 0 if float(value).is_integer() or abs(value) >= 1000 else 2
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    with decimal.localcontext(_wide_decimals(value)):
        text = format_decimal(round(value, decimals) or 0, format=pattern, locale=loc.code,
                              numbering_system=_numbering(loc))
    return _localised(text, loc)


def fmt_percent(points: float, lang: Lang | str | None = "en", signed: bool = False) -> str:
    """A percentage given in points (20 → "20%", "۲۰٪" in Persian digits); ``signed`` shows
    a plus sign on gains."""
    loc = as_lang(lang)
    if not _finite(points):
        return NOT_A_NUMBER
    decimals = 0 if abs(points) >= 10 or float(points).is_integer() else 1
    points = points if round(points, decimals) else 0  # −0.03 % reads "0%", never "-0%"
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "") + "%"
    with decimal.localcontext(_wide_decimals(points)):
        text = format_percent(decimal.Decimal(str(points)).scaleb(-2), format=pattern, locale=loc.code,
                              numbering_system=_numbering(loc))
    return _localised(text, loc, signed=signed and points > 0)


def fmt_money(amount: float, currency: str | None, lang: Lang | str | None = "en",
              whole: bool = False) -> str:
    """Money in the language's style; a bare number when the currency is unknown. ``whole``
    rounds to whole units and shows no cents ("$40,000")."""
    loc = as_lang(lang)
    if whole and _finite(amount):
        amount = round(amount)
    if not currency or not _finite(amount):
        return fmt_number(amount, loc)
    pattern = None
    if whole:  # the language's own currency pattern, without its decimals
        pattern = Locale.parse(loc.code).currency_formats["standard"].pattern.split(";")[0]
        pattern = re.sub(r"\.0+", "", pattern)
    try:
        with decimal.localcontext(_wide_decimals(amount)):
            text = format_currency(amount, currency.upper(), format=pattern, locale=loc.code,
                                   currency_digits=not whole, numbering_system=_numbering(loc))
    except (ValueError, KeyError, TypeError):  # a currency code Babel does not know
        return f"{fmt_number(amount, loc)} {currency}"
    return _localised(text, loc)


def fmt_list(items: list[str], lang: Lang | str | None = "en", style: str = "or") -> str:
    """Items joined the language's way: "A, B, or C", "A, B hoặc C", "A، B، یا C" (Babel list
    patterns; ``style="standard"`` joins with "and")."""
    from babel.lists import format_list

    items = [str(item) for item in items]
    return format_list(items, style=style, locale=as_lang(lang).code) if items else ""


def fmt_duration(seconds: float, lang: Lang | str | None = "en") -> str:
    """Seconds as "45 min" or "2.5 h" (response times are read in minutes and hours)."""
    loc = as_lang(lang)
    if seconds >= 3600:
        return t("duration.hours", loc, n=round(seconds / 3600, 1))
    return t("duration.minutes", loc, n=round(seconds / 60, 1))


def fmt_date(value: dt.date, lang: Lang | str | None = "en") -> str:
    """A long date: "31 December 2026", "31 tháng 12, 2026", Solar Hijri or Buddhist era
    when the Lang asks for it."""
    loc = as_lang(lang)
    if loc.calendar == "persian":
        import jdatetime

        jd = jdatetime.date.fromgregorian(date=value, locale="fa_IR")
        return _digits(f"{jd.day} {jd.j_months_fa[jd.month - 1]} {jd.year}", loc)
    if loc.calendar == "buddhist":
        return f"{format_date(value, 'd MMMM', locale='th')} พ.ศ. {value.year + 543}"
    pattern = {"en": "d MMMM y"}.get(loc.code, "long")
    return _digits(format_date(value, pattern, locale=loc.code), loc)


def fmt_typed_date(value: dt.date, lang: Lang | str | None = "en") -> str:
    """A date as it is typed into a date field (year-month-day of the Gregorian calendar,
    :func:`smartkit.dates.parse_date`), in the language's digits: "2027-03-31", "۲۰۲۷-۰۳-۳۱"."""
    return _digits(value.isoformat(), as_lang(lang))


@lru_cache(maxsize=8192)
def fmt_day_month(value: dt.date, lang: Lang | str | None = "en", with_year: bool = False) -> str:
    """A compact date for chart axes: "4 Oct", "4 thg 10", "12 مهر", with the year when asked
    (in the calendar of the Lang)."""
    loc = as_lang(lang)
    if loc.calendar == "persian":
        import jdatetime

        jd = jdatetime.date.fromgregorian(date=value)
        text = f"{jd.day} {jd.j_months_fa[jd.month - 1]}" + (f" {jd.year}" if with_year else "")
    elif loc.calendar == "buddhist":
        text = format_date(value, "d MMM", locale="th") + (f" {value.year + 543}" if with_year else "")
    else:
        text = format_date(value, "d MMM y" if with_year else "d MMM", locale=loc.code)
    return _digits(text, loc)


def fmt_short_date(value: dt.date, lang: Lang | str | None = "en") -> str:
    """A short date for tables and chart labels."""
    loc = as_lang(lang)
    if loc.calendar == "persian":
        import jdatetime

        jd = jdatetime.date.fromgregorian(date=value)
        return _digits(f"{jd.year}/{jd.month:02d}/{jd.day:02d}", loc)
    if loc.calendar == "buddhist":
        return f"{value.day}/{value.month}/{value.year + 543}"
    return _digits(format_date(value, "medium", locale=loc.code), loc)
