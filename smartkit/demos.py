"""The source articles' worked examples, ready as demos: a goal draft and a daily history.

Each demo lives in ``data/demos/<id>/``: ``goal.json`` (a goal file, dated as generated) and
``history.csv`` (a tidy export: a ``date`` column and one column per catalogue metric id,
about a year of days), both written by the seeded script ``data/make_demos.py``.

:func:`load_demo` re-anchors a demo to ``today`` so it is always a live goal: the history is
moved by whole weeks (weekday patterns stay on their weekdays) to end just before today, and
start and deadline follow the demo's timing choice (see :mod:`smartkit.dates`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from smartkit.dates import goal_period
from smartkit.i18n import Lang, messages, t
from smartkit.models import GoalDraft

DEMOS_DIR = Path(__file__).resolve().parent.parent / "data" / "demos"
# The texts a marketer would type: they come from the message catalogue (``demo.<id>.<field>``),
# so a demo loaded in Thai reads in Thai, statement included.
TEXT_FIELDS = ("name", "business_goal", "product", "audience", "location", "scope", "plan")


@dataclass(frozen=True)
class DemoInfo:
    """A demo: its id (folder name), the timing of its goal and the i18n keys of its texts."""

    id: str
    timing: str

    @property
    def title_key(self) -> str:
        return f"ui.demo.{self.id}.title"

    @property
    def story_key(self) -> str:
        return f"ui.demo.{self.id}.story"

    @property
    def folder(self) -> Path:
        return DEMOS_DIR / self.id

    @property
    def history_file(self) -> Path:
        return self.folder / "history.csv"


DEMOS: tuple[DemoInfo, ...] = (
    DemoInfo("pepperoni_palace", "in_1_month"),
    DemoInfo("website_traffic", "in_6_months"),
    DemoInfo("product_x_sales", "end_of_next_quarter"),
    DemoInfo("engagement_rate", "in_3_months"),
    DemoInfo("ten_thousand_followers", "in_1_month"),
)
DEMO_IDS: tuple[str, ...] = tuple(d.id for d in DEMOS)


@dataclass(frozen=True)
class Demo:
    info: DemoInfo
    draft: GoalDraft
    history: pd.DataFrame


def demo_info(demo_id: str) -> DemoInfo:
    for info in DEMOS:
        if info.id == demo_id:
            return info
    raise KeyError(demo_id)


def demo_texts(demo_id: str, lang: Lang | str = "en") -> dict[str, str]:
    """The demo's typed texts in ``lang`` (the fields the English catalogue has for it)."""
    return {field: t(f"demo.{demo_id}.{field}", lang) for field in TEXT_FIELDS
            if f"demo.{demo_id}.{field}" in messages("en")}


@lru_cache(maxsize=None)
def _raw_history(demo_id: str) -> pd.DataFrame:
    frame = pd.read_csv(demo_info(demo_id).history_file, parse_dates=["date"], index_col="date")
    return frame.astype(float)


def load_demo(demo_id: str, today: dt.date | None = None, lang: Lang | str = "en") -> Demo:
    """The demo's draft and history, re-anchored so the goal starts on ``today``'s terms, its
    texts in ``lang``."""
    today = today or dt.date.today()
    info = demo_info(demo_id)
    draft = GoalDraft.load(info.folder / "goal.json")
    history = _raw_history(demo_id).copy()
    last = history.index[-1].date()
    weeks = round(((today - dt.timedelta(days=1)) - last).days / 7)
    history.index = (history.index + pd.Timedelta(weeks=weeks)).rename("date")
    history = history[history.index < pd.Timestamp(today)]
    start, deadline = goal_period(info.timing, today)
    texts = demo_texts(demo_id, lang)
    if draft.baseline_source:  # where the baseline comes from, in the language too
        texts["baseline_source"] = t("demo.baseline_source", lang)
    draft = draft.model_copy(update={"start": start, "deadline": deadline, **texts})
    return Demo(info=info, draft=GoalDraft.model_validate(draft.model_dump()), history=history)
