"""The source articles' worked examples, ready as demos: a goal draft and a daily history.

Each demo lives in ``data/demos/<id>/``: ``goal.json`` (a goal file, dated as generated) and
``history.csv`` (a tidy export: a ``date`` column and one column per catalogue metric id,
about a year of days), both written by the seeded script ``data/make_demos.py``.

A demo tells the same story on any day. :func:`load_demo` re-anchors it to ``today`` so it is
always a live goal:

* every demo's timing starts *today* (start and deadline follow the timing choice, see
  :mod:`smartkit.dates`), so its history can end on the day before the goal starts without
  reaching into the future (no data on or after today). That is why Product X, the article's
  "next quarter" goal, is a goal for the quarter ahead (``in_3_months``: the next three months,
  from today): "end of next quarter" starts on the next quarter's first day, and a history
  ending the day before would hold days still to come, or leave a gap that moves the baseline
  with the calendar;
* the stored history is moved by exact days (not whole weeks) so that its last day is the day
  before the goal starts: the goal measure just before the start (the baseline) is then always
  measured on the same stored days. The weekday pattern moves with the data (a busy stored
  Friday may fall on a Tuesday): no demo's story names a weekday, and every analysis learns the
  weekday profile from the data it is given, so nothing it says depends on which weekday it is;
* the baseline that follows the data (``baseline_origin="history"``) is measured on the
  re-anchored history by the one rule, :func:`smartkit.analysis.baseline.measured_baseline`, so
  the draft states what the wizard and the command line measure. Stocks (followers) and rates
  (the 28-day Σ/Σ) give the same baseline on any day; a count's baseline is the total over as
  many days as the goal lasts, so it follows the period's length (a six-month goal lasts 182 to
  185 days) at the same daily level, and the change the goal asks for stays the same.

A demo's picker title and story (``ui.demo.<id>.title`` / ``.story``) state no number of their
own: :func:`demo_blurb` (and :func:`demo_title`) fill them from the loaded goal and its history
(:func:`blurb_params`), so the blurb and the goal cannot disagree.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from smartkit.analysis.baseline import clean, measured_baseline
from smartkit.catalogue import get_kpi
from smartkit.dates import goal_period
from smartkit.errors import SmartkitError
from smartkit.i18n import Lang, Money, Percent, messages, t
from smartkit.models import DAYS_PER_MONTH, GoalDraft

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
    DemoInfo("product_x_sales", "in_3_months"),  # the quarter ahead: see the module's docstring
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
    """The demo's draft and history, re-anchored so the goal starts on ``today``'s terms (its
    history ends on the day before the goal starts, never on or after ``today``), its baseline
    measured on that history, its texts in ``lang``."""
    today = today or dt.date.today()
    info = demo_info(demo_id)
    draft = GoalDraft.load(info.folder / "goal.json")
    start, deadline = goal_period(info.timing, today)
    history = _raw_history(demo_id).copy()
    end = min(start, today) - dt.timedelta(days=1)  # the day before the goal starts, never future
    history.index = (history.index + pd.Timedelta(days=(end - history.index[-1].date()).days)).rename("date")
    texts = demo_texts(demo_id, lang)
    if draft.baseline_source:  # where the baseline comes from, in the language too
        texts["baseline_source"] = t("demo.baseline_source", lang)
    update = {"start": start, "deadline": deadline, **texts}
    if draft.baseline_origin == "history" and draft.kpi:
        measured = _measured(history, draft, start, deadline, today)
        if measured is not None:
            update["baseline"] = measured
    draft = draft.model_copy(update=update)
    return Demo(info=info, draft=GoalDraft.model_validate(draft.model_dump()), history=history)


def _measured(history: pd.DataFrame, draft: GoalDraft, start: dt.date, deadline: dt.date,
              today: dt.date) -> float | None:
    """The baseline of a goal from ``start`` to ``deadline`` on the demo's history (the one rule)."""
    kpi = get_kpi(draft.kpi)
    try:
        cleaned = clean(history, kpi.id, anchor=draft.baseline if kpi.kind == "stock" else None, today=today)
    except SmartkitError:
        return None
    return measured_baseline(cleaned, start, deadline)


# ----------------------------------------------------------------------------- the blurbs


def about(value: float) -> float:
    """A figure as a story says it, "about 2,500": two significant digits from 100 up, whole below."""
    if abs(value) < 100:
        return float(round(value))
    digits = len(str(int(abs(value)))) - 2
    return float(round(value, -digits))


def blurb_params(demo: Demo) -> dict[str, object]:
    """The figures a demo's title and story may state, from its loaded goal and history:

    * ``baseline`` / ``target``: the goal's baseline and target (money as Money), exact;
    * ``change``: the change the goal asks for, signed ("+20%"); ``increase``: its size ("20%");
    * ``added``: target − baseline ("10,000" new followers);
    * for counts, the baseline's level (the total over the goal period, per day) as a story says
      it (:func:`about`): ``daily`` per day ("about 59 visits a day") and ``quarterly`` per
      quarter of 3 × 365.25/12 days ("about $38,000 a quarter", whole money). Levels, not the
      total itself: a count's baseline follows the period's length (a three-month goal lasts 90
      to 93 days), the level does not, so the story reads the same on any day;
    * ``reach``: the people reached a day over the 28 days before the start (when the data has it).
    """
    draft, history = demo.draft, demo.history
    kpi = get_kpi(draft.kpi)
    baseline, target, change = draft.baseline, draft.resolved_target, draft.change_pct

    def money(value: float, whole: bool = False) -> object:
        return Money(value, draft.currency, whole) if kpi.unit == "currency" else value

    params: dict[str, object] = {
        "baseline": money(baseline), "target": money(target),
        "change": Percent(change, signed=True), "increase": Percent(abs(change)),
        "added": target - baseline}
    if kpi.kind == "count" and draft.period_days:
        daily = baseline / draft.period_days
        params["daily"] = about(daily)
        params["quarterly"] = money(about(daily * 3 * DAYS_PER_MONTH), whole=True)
    before = history[history.index < pd.Timestamp(draft.start)].tail(28)
    if "reach" in before.columns and before["reach"].notna().any():
        params["reach"] = about(float(before["reach"].mean()))
    return params


class DemoBlurb(NamedTuple):
    """What the app says of a demo before it is loaded: its title (the picker) and its story."""

    title: str
    story: str


def demo_blurb(demo: Demo, lang: Lang | str = "en") -> DemoBlurb:
    """A loaded demo's title and story in ``lang``, their figures from its goal and history."""
    params = blurb_params(demo)
    return DemoBlurb(t(demo.info.title_key, lang, **params), t(demo.info.story_key, lang, **params))


def demo_title(demo_id: str, lang: Lang | str = "en", today: dt.date | None = None) -> str:
    """The demo's name in the picker, its figures from the goal loaded on ``today``."""
    return demo_blurb(load_demo(demo_id, today), lang).title
