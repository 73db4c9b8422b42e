"""The goal draft and the verdicts about it.

A :class:`GoalDraft` may be incomplete at every field: the wizard fills it step by step and
the command line reads it from a JSON file. Derived figures (the resolved target, the change in
percent, the horizon) are computed here, once, so every rule and statement agrees on them.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_serializer, model_validator

from smartkit.errors import GoalFileError, InvalidFieldError, UnknownKPIError
from smartkit.i18n import Lang, Message

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
    baseline: float | None = Field(None, description="current value of the KPI")
    baseline_source: str | None = Field(None, description="how the baseline was measured")
    benchmark: float | None = Field(None, description="industry, competitor or past-campaign figure")
    benchmark_source: str | None = None
    target: float | None = Field(None, description="target value of the KPI (absolute)")
    target_change_pct: float | None = Field(None, description="target as a change in percent")
    start: dt.date | None = None
    deadline: dt.date | None = None
    budget: float | None = Field(None, ge=0, description="budget for the goal period")
    budget_change_pct: float | None = Field(None, description="change of ad spend vs the last period, in %")
    currency: str | None = None
    plan: str | None = Field(None, description="how: content, boosted posts, targeting")
    tracking: str | None = Field(None, description="page_insights, utm, pixel, ga4, ... or free text")
    review_every_days: int | None = Field(None, ge=1, description="review cadence in days")
    owner: str | None = None
    parent_goal: str | None = Field(None, description="name of the goal this one is a sub-goal of")
    baseline_origin: BaselineOrigin | None = Field(
        None, description="history: measured on the imported data; manual: typed by the user")
    baseline_window: int | None = Field(None, ge=1, le=3660,
                                        description="days of history the measured baseline looks back over")
    target_mode: TargetMode | None = Field(None, description="how the target was entered: a number or a % change")
    deadline_choice: DeadlineChoice | None = Field(None, description="the deadline picked in the wizard")
    extras: dict[str, Any] = Field(default_factory=dict,
                                   description="keys of a goal file this version does not know, kept as they came")

    @model_validator(mode="before")
    @classmethod
    def _keep_unknown_keys(cls, data: Any) -> Any:
        """Move keys this version does not declare into ``extras`` (not lost, not trusted)."""
        if not isinstance(data, dict):
            return data
        unknown = {key: value for key, value in data.items() if key not in cls.model_fields}
        if not unknown:
            return data
        known = {key: value for key, value in data.items() if key in cls.model_fields}
        known["extras"] = {**(known.get("extras") or {}), **unknown}
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

    @field_validator("currency")
    @classmethod
    def _upper_currency(cls, value: str | None) -> str | None:
        return value.strip().upper() or None if value else None

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

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
    def horizon_days(self) -> int | None:
        if self.start is None or self.deadline is None:
            return None
        return (self.deadline - self.start).days

    @property
    def has_number(self) -> bool:
        return self.target is not None or self.target_change_pct is not None

    # ------------------------------------------------------------------ files

    @classmethod
    def from_json_text(cls, text: str, origin: str = "goal file") -> "GoalDraft":
        """Parse a goal file, raising smartkit errors a marketer can act on."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise GoalFileError(file=origin, line=exc.lineno, detail=exc.msg) from None
        if not isinstance(data, dict):
            raise GoalFileError(file=origin, line=1, detail="not a JSON object")
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "GoalDraft":
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(p) for p in error["loc"]) or "?"
            if field == "kpi":
                raise UnknownKPIError(kpi=data.get("kpi")) from None
            raise InvalidFieldError(field=field, value=str(data.get(field, ""))[:60],
                                    detail=error["msg"]) from None

    @classmethod
    def load(cls, path: str | Path) -> "GoalDraft":
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise GoalFileError("error.goal.not_found", file=str(path)) from None
        except (UnicodeDecodeError, IsADirectoryError):
            raise GoalFileError(file=str(path), line=1, detail="not a UTF-8 text file") from None
        return cls.from_json_text(text, origin=str(path))

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
