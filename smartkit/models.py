"""The goal draft and the verdicts about it.

A :class:`GoalDraft` may be incomplete at every field: the wizard fills it step by step and
the command line reads it from a JSON file. Derived figures (the resolved target, the change in
percent, the horizon) are computed here, once, so every rule and statement agrees on them.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import (BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_serializer,
                      model_validator)
from pydantic_core import PydanticCustomError

from smartkit.errors import GoalFileError, InvalidFieldError, UnknownKPIError
from smartkit.i18n import Lang, Message, Percent, has, t

ObjectiveId = Literal["awareness", "engagement", "customer_service", "leads_sales"]
JourneyStage = Literal["awareness", "consideration", "conversion"]
RaceStage = Literal["plan", "reach", "act", "convert", "engage"]
Status = Literal["pass", "warn", "fail"]
LETTERS: tuple[str, ...] = ("specific", "measurable", "achievable", "relevant", "time_bound")
DAYS_PER_MONTH = 365.25 / 12
BaselineOrigin = Literal["history", "manual"]
TargetMode = Literal["number", "percent"]
DeadlineChoice = Literal["in_1_month", "in_3_months", "in_6_months", "end_of_this_quarter", "end_of_next_quarter",
                         "custom"]

# What a goal can hold: one place for the limits (the model refuses anything outside them).
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)  # the dates a goal can be planned in
MAX_AMOUNT = 1e15          # any count, amount of money or KPI value (a quadrillion)
SMALLEST_AMOUNT = 1e-6     # a non-zero value nearer 0 than this is a typing slip, not a measure
MAX_FACTOR = 10_000       # a target more than 10,000 times the baseline, or less than 1/10,000 of it, is a slip
MAX_CHANGE_PCT = (MAX_FACTOR - 1) * 100.0  # the same limit as a % change: +999,900 %
MAX_REVIEW_DAYS = 366
MAX_WINDOW_DAYS = 3660     # days of history a baseline may look back over (ten years)
MAX_WATCH_KPIS = 3         # KPIs to watch next to the primary one: focus on a few
KEEP_BAND_PCT = 0.05       # a change that reads as 0 % (under 0.05 %) keeps the level: neither up nor down
AMOUNT_FIELDS = ("baseline", "benchmark", "target", "budget")
CHANGE_FIELDS = ("target_change_pct", "budget_change_pct")


def _refusal(key: str, **params: Any) -> PydanticCustomError:
    """A value the model refuses, as a smartkit message key (mapped by :func:`field_error`)."""
    return PydanticCustomError(key, key, params)


def _may_be_negative(kpi_id: str | None) -> bool:
    """Only a difference (net followers = new − lost) can be below zero."""
    from smartkit.catalogue import catalogue

    return bool(kpi_id) and kpi_id in catalogue() and bool(catalogue().kpi(kpi_id).subtract)


def check_amount(value: float, kpi_id: str | None = None) -> None:
    """The rule for every count, amount of money and KPI value: finite, of a sensible size, not
    below zero (unless the KPI is a difference), and within 0–100 for a KPI in percent."""
    from smartkit.catalogue import catalogue

    if not math.isfinite(value):
        raise _refusal("error.goal.field.not_finite")
    if abs(value) > MAX_AMOUNT:
        raise _refusal("error.goal.field.too_large", max=MAX_AMOUNT)
    if value < 0 and not _may_be_negative(kpi_id):
        raise _refusal("error.goal.field.negative")
    if 0 < abs(value) < SMALLEST_AMOUNT:
        raise _refusal("error.goal.field.too_small")
    if kpi_id and kpi_id in catalogue() and catalogue().kpi(kpi_id).unit == "percent" and value > 100:
        raise _refusal("error.goal.field.rate_range", kpi=_kpi_param(kpi_id))


def check_change(baseline: float | None, target: float | None, kpi_id: str | None = None) -> None:
    """Baseline to target: at most :data:`MAX_FACTOR` times larger or smaller (more is a slip;
    a target of 0 is fine)."""
    if baseline is None or target is None or baseline == 0 or target == 0:
        return
    factor = abs(target) / abs(baseline)
    if factor > MAX_FACTOR or factor < 1 / MAX_FACTOR or abs(target - baseline) / abs(baseline) * 100 > MAX_CHANGE_PCT:
        raise _refusal("error.goal.field.change_too_large", times=MAX_FACTOR)


def in_planning_window(day: dt.date) -> bool:
    """Goals are planned (and judged) between :data:`FIRST_DAY` and :data:`LAST_DAY`."""
    return FIRST_DAY <= day <= LAST_DAY


def check_date(value: dt.date) -> None:
    if not in_planning_window(value):
        raise _refusal("error.goal.field.date_range", first=FIRST_DAY, last=LAST_DAY)


def refuse_outside_planning_window(day: dt.date, field: str) -> None:
    """The same rule for a date that is not a goal field (``check --today``)."""
    if not in_planning_window(day):
        raise InvalidFieldError("error.goal.field.date_range", field=field, value=day.isoformat(),
                                label=Message("error.goal.field.key", {"field": field}), first=FIRST_DAY,
                                last=LAST_DAY)


def _argument_label(field: str) -> Message:
    return Message("error.goal.field.key", {"field": field})


def refuse_bad_amount(value: float, field: str, kpi_id: str | None = None) -> None:
    """The rule of :func:`check_amount` for a figure that is not a goal field (``baseline --anchor``)."""
    try:
        check_amount(value, kpi_id)
    except PydanticCustomError as err:
        raise InvalidFieldError(err.type, field=field, value=_shown(value), label=_argument_label(field),
                                **(err.context or {})) from None


def refuse_outside_range(value: int, field: str, low: int, high: int) -> None:
    """A whole number that is not a goal field (``baseline --window``) between ``low`` and ``high``."""
    if value < low:
        raise InvalidFieldError("error.goal.field.at_least", field=field, value=_shown(value),
                                label=_argument_label(field), min=low)
    if value > high:
        raise InvalidFieldError("error.goal.field.at_most", field=field, value=_shown(value),
                                label=_argument_label(field), max=high)


def _kpi_param(kpi_id: str | None) -> Message:
    if kpi_id:
        from smartkit.catalogue import KpiName

        return KpiName("kpi_name", {"id": kpi_id})
    return Message("error.goal.field.the_kpi", {})


class FieldLabel(Message):
    """A field's name as the user knows it: the wizard's label ("Budget for the period"),
    with the goal file's key after it when the value came from a file."""

    def render(self, lang: Lang | str | None = "en") -> str:
        field, in_file = self.params["field"], self.params.get("in_file", True)
        key = f"ui.field.{field}"
        if not has(key):
            return t("error.goal.field.key", lang, field=field)
        label = t(key, lang, kpi=_kpi_param(self.params.get("kpi")))
        return t("error.goal.field.label_in_file" if in_file else "error.goal.field.label", lang,
                 label=label, field=field)


# pydantic's own error types → our message keys (its English text is never shown)
_PYDANTIC_KEYS = {
    "float_parsing": "error.goal.field.not_a_number", "float_type": "error.goal.field.not_a_number",
    "int_parsing": "error.goal.field.not_a_whole_number", "int_type": "error.goal.field.not_a_whole_number",
    "int_from_float": "error.goal.field.not_a_whole_number", "finite_number": "error.goal.field.not_finite",
    "greater_than_equal": "error.goal.field.at_least", "greater_than": "error.goal.field.at_least",
    "less_than_equal": "error.goal.field.at_most", "less_than": "error.goal.field.at_most",
    "date_parsing": "error.goal.field.not_a_date", "date_type": "error.goal.field.not_a_date",
    "date_from_datetime_parsing": "error.goal.field.not_a_date",
    "date_from_datetime_inexact": "error.goal.field.not_a_date",
    "literal_error": "error.goal.field.choice", "string_type": "error.goal.field.not_text",
    "bool_parsing": "error.goal.field.yes_no", "bool_type": "error.goal.field.yes_no",
    "too_long": "error.goal.field.too_many", "list_type": "error.goal.field.not_a_list",
}


_NOT_FINITE_WORD = re.compile(r"\b(nan|inf|infinity)\b", re.IGNORECASE)


def _shown(value: Any) -> str | float:
    """What the user entered, short enough for a message; never "nan" or "inf"."""
    if isinstance(value, float) and not math.isfinite(value):
        return "…"
    if isinstance(value, (dict, list)):
        return "…"
    if isinstance(value, (int, float)) and not isinstance(value, bool) and (
            value == 0 or 0.01 <= abs(value) <= MAX_AMOUNT):
        return value  # a number: formatted for the user's language in the message
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        text = str(value)
    except ValueError:  # an integer too long to print
        return "…"
    if _NOT_FINITE_WORD.search(text):  # "NaN", "inf": not echoed, a message never shows them
        return "…"
    text = "".join(char if char.isprintable() else " " for char in text)  # one line, no control characters
    return text if len(text) <= 40 else text[:39] + "…"


def shown(value: Any) -> str | float:
    """What the user entered, as a message may show it: a number as it is, text on one line and
    short, never "nan" or "inf" (for values read outside the goal model: a goal file's history)."""
    return _shown(value)


def field_error(exc: ValidationError, in_file: bool = True, kpi: str | None = None) -> InvalidFieldError:
    """The first problem pydantic found, as a smartkit error with our own message key (the
    field, what was entered, what is allowed), never pydantic's English text."""
    error = exc.errors()[0]
    field = ".".join(str(part) for part in error["loc"]) or "?"
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind.startswith("error.goal.field."):
        key, params = kind, dict(ctx)
    else:
        key = _PYDANTIC_KEYS.get(kind, "error.goal.field.invalid")
        params = {}
        if key == "error.goal.field.at_least":
            limit = ctx.get("ge", ctx.get("gt"))
            key, params = ("error.goal.field.negative", {}) if limit == 0 else (key, {"min": limit})
        elif key == "error.goal.field.at_most":
            params = {"max": ctx.get("le", ctx.get("lt"))}
        elif key == "error.goal.field.too_many":
            params = {"max": ctx.get("max_length")}
        elif key == "error.goal.field.choice":
            params = {"choices": str(ctx.get("expected", "")).replace(" or ", ", ")}
        if key == "error.goal.field.not_a_number" and isinstance(error.get("input"), int):
            key, params = "error.goal.field.too_large", {"max": MAX_AMOUNT}
    label = FieldLabel("field_label", {"field": field, "in_file": in_file, "kpi": kpi})
    return InvalidFieldError(key, field=field, label=label, value=_shown(error.get("input")), **params)


def period_days(start: dt.date, deadline: dt.date) -> int:
    """The one definition of a goal period's length: days from ``start`` to ``deadline``, both
    counted (1 Dec – 31 Dec is 31 days; a goal that starts and ends today is 1 day)."""
    return (deadline - start).days + 1


# What a goal file written by smartkit carries beside the goal: worked out again from the goal and
# its history each time, so reading a file back ignores them (read-only).
DERIVED_KEYS: tuple[str, ...] = ("statement", "overall", "verdicts", "achievability", "assessment")


class GoalDraft(BaseModel):
    """A SMART goal in the making. Every field is declared here (and so in ``smartkit schema``);
    keys a goal file has that this version does not know are kept in ``extras``, so nothing a
    user saved is lost, and written back at the top level as they came."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    name: str | None = Field(None, description="a short name for the goal")
    lang: str = Field("en", description="UI language the goal was written in: en, vi, th, fa")
    calendar: Literal["gregorian", "persian", "buddhist"] = "gregorian"
    native_digits: bool = Field(False, description="Persian digits (۰۱۲…) in numbers and dates, for fa")
    business_goal: str | None = Field(None, description="what the business wants, in its words")
    product: str | None = Field(None, description="product or service the goal is about")
    audience: str | None = Field(None, description="audience segment")
    location: str | None = Field(None, description="where the audience is")
    scope: str | None = Field(None, description="what is counted, e.g. 'in our city'")
    channel: str | None = Field(None, description="facebook, instagram, tiktok, google_ads, website, ...")
    objective: ObjectiveId | None = None
    funnel_stage: JourneyStage | None = None
    race_stage: RaceStage | None = None
    kpi: str | None = Field(None, description="a KPI id from the catalogue")
    watch_kpis: list[str] | None = Field(None, max_length=MAX_WATCH_KPIS,
                                  description="KPI ids from the catalogue to follow next to the primary one "
                                              f"(at most {MAX_WATCH_KPIS})")
    baseline: float | None = Field(None, description="current value of the KPI: 0 or more (a net change may be "
                                                      "below 0), at most 1e15; 0–100 for a KPI in percent")
    baseline_source: str | None = Field(None, description="how the baseline was measured")
    benchmark: float | None = Field(None, description="industry, competitor or past-campaign figure")
    benchmark_source: str | None = None
    target: float | None = Field(None, description="target value of the KPI (absolute), same limits as the "
                                                  "baseline, at most 10,000 times larger or smaller than it")
    target_change_pct: float | None = Field(None, description="target as a change in percent, from −100 "
                                                             "(needs a baseline other than 0)")
    start: dt.date | None = Field(None, description="first day of the goal period, 2000-01-01 to 2100-12-31")
    deadline: dt.date | None = Field(None, description="last day of the goal period (counted), 2000-01-01 to "
                                                       "2100-12-31")
    budget: float | None = Field(None, json_schema_extra={"minimum": 0}, description="budget for the goal period")
    budget_change_pct: float | None = Field(None, json_schema_extra={"minimum": -100},
                                            description="change of ad spend vs the last period, in %")
    currency: str | None = None
    plan: str | None = Field(None, description="how: content, boosted posts, targeting")
    tracking: str | None = Field(None, description="page_insights, utm, pixel, ga4, ... or free text")
    review_every_days: int | None = Field(None, ge=1, le=MAX_REVIEW_DAYS, description="review cadence in days")
    owner: str | None = None
    parent_goal: str | None = Field(None, description="name of the goal this one is a sub-goal of")
    baseline_origin: BaselineOrigin | None = Field(
        None, description="history: measured on the imported data; manual: typed by the user")
    baseline_window: int | None = Field(None, ge=1, le=MAX_WINDOW_DAYS,
                                        description="days of history the measured baseline looks back over")
    target_mode: TargetMode | None = Field(None, description="how the target was entered: a number or a % change")
    deadline_choice: DeadlineChoice | None = Field(None, description="the deadline picked in the wizard")
    target_path: Literal["straight", "monthly", "weekday"] | None = Field(
        None, description="how the target path runs from baseline to target: a straight line (default), "
                          "monthly steps, or following the history's weekday profile")
    extras: dict[str, Any] = Field(default_factory=dict,
                                   description="keys of a goal file this version does not know, kept as they came")

    @model_validator(mode="before")
    @classmethod
    def _keep_unknown_keys(cls, data: Any) -> Any:
        """Move keys this version does not declare into ``extras`` (not lost, not trusted)."""
        if not isinstance(data, dict):
            return data
        if any(key in data for key in DERIVED_KEYS):  # worked out again from the goal, never read back
            data = {key: value for key, value in data.items() if key not in DERIVED_KEYS}
        unknown = {key: value for key, value in data.items() if key not in cls.model_fields}
        if not unknown:
            return data
        known = {key: value for key, value in data.items() if key in cls.model_fields}
        kept = known.get("extras") or {}
        known["extras"] = {**(kept if isinstance(kept, dict) else {"extras": kept}), **unknown}
        return known

    @model_serializer(mode="wrap")
    def _unknown_keys_back_at_top_level(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        extras = data.pop("extras", None) or {}
        return {**{key: value for key, value in extras.items() if key not in data}, **data}

    @field_validator("kpi")
    @classmethod
    def _known_kpi(cls, value: str | None) -> str | None:
        from smartkit.catalogue import catalogue

        if value is not None and value not in catalogue():
            raise ValueError(f"unknown KPI id {value!r}")
        return value

    @field_validator("watch_kpis", mode="before")
    @classmethod
    def _known_watch_kpis(cls, value: Any) -> Any:
        """KPI ids of the catalogue, each once, in the order chosen (none chosen: None)."""
        from smartkit.catalogue import catalogue

        if value is None or (isinstance(value, (str, list, tuple)) and not value):
            return None
        if isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, str) and item not in catalogue():
                    raise _refusal("error.goal.field.unknown_kpi", kpi=_shown(item))
            return list(dict.fromkeys(value))
        return value

    @field_validator("currency")
    @classmethod
    def _upper_currency(cls, value: str | None) -> str | None:
        return value.strip().upper() or None if value else None

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        """Blank text is no answer; text is kept writable (see :func:`sound_text`)."""
        if isinstance(value, str):
            return sound_text(value) if value.strip() else None
        return value

    @field_validator(*AMOUNT_FIELDS)
    @classmethod
    def _sensible_amount(cls, value: float | None, info: ValidationInfo) -> float | None:
        """A finite, non-negative figure of a sensible size; a rate in 0–100 %; and with the
        other end of the change known, a change that is not a slip (see :func:`check_amount`)."""
        if value is None:
            return value
        kpi = info.data.get("kpi") if info.field_name != "budget" else None
        check_amount(value, kpi)
        if info.field_name == "baseline":
            if value == 0 and info.data.get("target_change_pct") is not None:
                raise _refusal("error.goal.field.pct_from_zero")
            check_change(value, info.data.get("target"), kpi)
        if info.field_name == "target":
            check_change(info.data.get("baseline"), value, kpi)
        return value

    @field_validator(*CHANGE_FIELDS)
    @classmethod
    def _sensible_change(cls, value: float | None, info: ValidationInfo) -> float | None:
        """A finite % change, not below −100 % (nothing falls further) nor beyond ×10,000; a
        target's % change needs a baseline other than 0 and must land on a sensible target."""
        if value is None:
            return value
        if not math.isfinite(value):
            raise _refusal("error.goal.field.not_finite")
        if value < -100 and not (info.field_name == "target_change_pct" and _may_be_negative(info.data.get("kpi"))):
            raise _refusal("error.goal.field.below_minus_100")
        if value > MAX_CHANGE_PCT:
            raise _refusal("error.goal.field.too_large", max=Percent(MAX_CHANGE_PCT))
        baseline = info.data.get("baseline")
        if info.field_name == "target_change_pct" and baseline is not None:
            if baseline == 0:
                raise _refusal("error.goal.field.pct_from_zero")
            check_amount(baseline * (1 + value / 100), info.data.get("kpi"))
            check_change(baseline, baseline * (1 + value / 100), info.data.get("kpi"))
        return value

    @field_validator("start", "deadline")
    @classmethod
    def _sensible_date(cls, value: dt.date | None) -> dt.date | None:
        if value is not None:
            check_date(value)
        return value

    # ------------------------------------------------------------------ derived figures

    @property
    def ui_lang(self) -> Lang:
        return Lang(self.lang, self.calendar, self.native_digits)

    @property
    def resolved_target(self) -> float | None:
        """The target value: given, or the baseline moved by the % change."""
        if self.target is not None:
            return self.target
        if self.target_change_pct is not None and self.baseline is not None:
            return self.baseline * (1 + self.target_change_pct / 100)
        return None

    @property
    def change_pct(self) -> float | None:
        """The change the goal asks for, in percent of the baseline."""
        if self.target_change_pct is not None and self.target is None:
            return self.target_change_pct
        target = self.resolved_target
        if target is None or not self.baseline:
            return None
        return (target - self.baseline) / abs(self.baseline) * 100

    @property
    def period_days(self) -> int | None:
        """The goal period in days, start and deadline both counted (see :func:`period_days`);
        None while the start or the deadline is missing."""
        if self.start is None or self.deadline is None:
            return None
        return period_days(self.start, self.deadline)

    @property
    def has_number(self) -> bool:
        return self.target is not None or self.target_change_pct is not None

    @property
    def default_target_mode(self) -> TargetMode:
        """How the target is entered when the user has not chosen (``target_mode`` None): as a %
        change when only a change was given (no target value), else as a number."""
        return "percent" if self.target_change_pct is not None and self.target is None else "number"

    # ------------------------------------------------------------------ files

    @classmethod
    def from_json_text(cls, text: str, origin: str = "goal file") -> "GoalDraft":
        """Parse a goal file, raising smartkit errors a marketer can act on."""
        return cls.from_dict(parse_goal_json(text, origin))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "GoalDraft":
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            if exc.errors()[0]["loc"] == ("kpi",):
                raise UnknownKPIError(kpi=_shown(data.get("kpi"))) from None
            kpi = data.get("kpi") if isinstance(data.get("kpi"), str) else None
            raise field_error(exc, in_file=True, kpi=kpi) from None

    @classmethod
    def load(cls, path: str | Path) -> "GoalDraft":
        return cls.from_json_text(read_goal_text(path), origin=str(path))

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, exclude_none=True)


class Verdict(BaseModel):
    """One SMART letter: pass, warn or fail, with a reason and a concrete fix (messages, so
    they render in any language)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    letter: str
    status: Status
    reason: Message
    fix: Message | None = None

    def as_dict(self, lang: Lang | str = "en") -> dict[str, str | None]:
        return {"status": self.status, "reason": capitalised(self.reason.render(lang)),
                "fix": capitalised(self.fix.render(lang)) if self.fix else None}


def capitalised(sentence: str) -> str:
    """A sentence that opens with a KPI name ("followers is counted...") opens in capitals."""
    return sentence[:1].upper() + sentence[1:]


def parse_goal_json(text: str, origin: str = "goal file") -> dict[str, Any]:
    """A goal file's JSON object, or the smartkit error that says what is wrong with it: the one
    guarded reading every command shares (``check``, ``report``, ``goals import``)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GoalFileError(file=origin, line=exc.lineno, detail=exc.msg) from None
    except (RecursionError, ValueError):  # nested thousands deep, or a number of thousands of digits
        raise GoalFileError("error.goal.file_too_complex", file=origin) from None
    if not isinstance(data, dict):
        raise GoalFileError(file=origin, line=1, detail="not a JSON object")
    return _sound_json(data, origin, lone_surrogates="\\u" in text)


MAX_NESTING = 64  # levels of brackets a goal file may hold (smartkit writes 4 at most)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def sound_text(text: str) -> str:
    """Text that can be written out as UTF-8: a lone surrogate (half of a character, which a
    JSON ``\\ud800`` escape can spell but no file, database or PDF can hold) becomes "\ufffd"."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def _sound_json(data: dict[str, Any], origin: str, lone_surrogates: bool) -> dict[str, Any]:
    """A parsed goal file every command can use: refused when nested deeper than
    :data:`MAX_NESTING` (the writers, pydantic's included, recurse), its lone surrogates
    replaced (walked without recursion, so any depth ``json`` accepted is safe to look at)."""

    def clean(value: Any) -> Any:
        return sound_text(value) if lone_surrogates and isinstance(value, str) else value

    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            raise GoalFileError("error.goal.file_too_complex", file=origin)
        if isinstance(node, dict):
            items = list(node.items())
            if lone_surrogates:
                node.clear()
                node.update((clean(key), clean(value)) for key, value in items)
            stack.extend((value, depth + 1) for _, value in items if isinstance(value, (dict, list)))
        else:
            if lone_surrogates:
                node[:] = [clean(value) for value in node]
            stack.extend((value, depth + 1) for value in node if isinstance(value, (dict, list)))
    return data


def read_goal_text(path: str | Path) -> str:
    """A goal file's text, or the smartkit error that says why it cannot be read."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise GoalFileError("error.goal.not_found", file=str(path)) from None
    except (UnicodeDecodeError, IsADirectoryError):
        raise GoalFileError(file=str(path), line=1, detail="not a UTF-8 text file") from None
