"""Numbers as people type them, in their language: one parser for every number field.

``parse_number("12,5", "vi") == 12.5``, ``parse_number("۱۲٫۵", "fa") == 12.5``,
``parse_number("1,250", "en") == 1250`` and ``parse_number("1.250", "vi") == 1250``. Persian and
Arabic-Indic digits, spaces and apostrophes between groups, a leading sign (also "−") and a
trailing "%" are accepted. Anything else is refused with a message in the user's language,
never read as another number: "1e999", "NaN" or "12 followers" are not numbers here.

:func:`number_text` writes a number back so that :func:`parse_number` reads it the same way
(no grouping, the language's decimal mark), for seeding a text field.
"""
from __future__ import annotations

import math
import re

from smartkit.errors import InvalidFieldError
from smartkit.i18n import NATIVE_DIGIT_LANGUAGES, Lang, as_lang

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_MINUS = "-−‒–﹣－"
_INVISIBLE = re.compile(r"[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c'’]")
_NOT_FINITE = re.compile(r"^[+\-]?(nan|inf|infinity|\d*[.,]?\d*e[+\-]?\d+)$", re.IGNORECASE)
_SEPARATORS = ".,٫٬"
_SHAPE = re.compile(r"^[+\-]?\d[\d.,٫٬]*$|^[+\-]?[.,٫]\d+$")
# the grouping mark of each language when written with Latin digits (CLDR): "1,250" / "1.250"
_GROUP_MARK = {"en": ",", "th": ",", "fa": ",", "vi": "."}
_DECIMAL_MARK = {"en": ".", "th": ".", "fa": ".", "vi": ","}


def latin_digits(text: str) -> str:
    """``text`` with Persian and Arabic-Indic digits as 0–9."""
    return text.translate(_DIGITS)


def parse_number(text: str | float | int | None, lang: Lang | str | None = "en") -> float | None:
    """The number a user typed, read the way their language writes it; None when blank.

    Raises :class:`InvalidFieldError` (``error.number.not_a_number`` or
    ``error.number.not_finite``) for text that is not a plain, finite number."""
    if text is None:
        return None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = float(text)
        if not math.isfinite(value):
            raise InvalidFieldError("error.number.not_finite")
        return value
    raw = str(text)
    cleaned = _INVISIBLE.sub("", raw.translate(_DIGITS))
    for minus in _MINUS:
        cleaned = cleaned.replace(minus, "-")
    cleaned = cleaned.removesuffix("%").removesuffix("٪")
    if not cleaned:
        return None
    if _NOT_FINITE.match(cleaned):
        raise InvalidFieldError("error.number.not_finite")
    if not _SHAPE.match(cleaned):
        raise InvalidFieldError("error.number.not_a_number", value=raw.strip()[:40])
    sign = "-" if cleaned.startswith("-") else ""
    body = cleaned.lstrip("+-")
    try:
        number = float(sign + _plain(body, as_lang(lang).code))
    except ValueError:
        raise InvalidFieldError("error.number.not_a_number", value=raw.strip()[:40]) from None
    if not math.isfinite(number):
        raise InvalidFieldError("error.number.not_finite")
    return number


def _plain(body: str, code: str) -> str:
    """Digits with at most one "." for the decimal mark. The decimal mark is: "٫"; else the
    last mark when two kinds are used ("1.234,5"); else a mark used once, unless it is the
    language's grouping mark followed by exactly three digits ("1,250" in English)."""
    marks = [char for char in body if char in _SEPARATORS]
    if not marks:
        return body
    kinds = set(marks) - {"٬"}
    if "٫" in kinds:
        decimal = "٫"
    elif len(kinds) > 1:
        decimal = marks[-1]
    elif len(kinds) == 1 and len(marks) == marks.count(next(iter(kinds))) == 1:
        mark = marks[0]
        head, after = body.split(mark)
        grouping = mark == _GROUP_MARK.get(code, ",") and len(after) == 3 and 1 <= len(head) <= 3
        decimal = None if grouping else mark
    else:
        decimal = None  # one kind used several times: grouping ("1,250,000")
    if decimal is not None and marks.count(decimal) > 1:
        raise ValueError(body)
    integer, _, fraction = body.partition(decimal) if decimal else (body, "", "")
    for mark in _SEPARATORS:
        if mark != decimal:
            groups = integer.split(mark)
            if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(group) != 3 for group in groups[1:])):
                raise ValueError(body)  # "1,2,3" is not a grouping
            integer = "".join(groups)
    if any(mark in fraction for mark in _SEPARATORS):
        raise ValueError(body)
    return integer + ("." + fraction if decimal else "")


def number_text(value: float | None, lang: Lang | str | None = "en") -> str:
    """A number written so :func:`parse_number` reads it back the same in ``lang``: no
    grouping, the language's decimal mark, Persian digits when the Lang asks for them."""
    if value is None or not math.isfinite(value):
        return ""
    loc = as_lang(lang)
    value = round(float(value), 6)
    text = str(int(value)) if value.is_integer() else f"{value:.6f}".rstrip("0").rstrip(".")
    if loc.native_digits and loc.code in NATIVE_DIGIT_LANGUAGES:
        return text.replace(".", "٫").translate(_TO_PERSIAN)
    return text.replace(".", _DECIMAL_MARK.get(loc.code, "."))
