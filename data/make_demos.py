"""Generate the demo data sets in ``data/demos/`` (the source articles' worked examples).

    python data/make_demos.py          # rewrites data/demos/<id>/{goal.json,history.csv}

Seeded (one seed per demo), so the output is the same on every run. Each history is a year of
daily values ending on REFERENCE_DAY − 1, the day before every demo's goal starts (longer where
the goal is long: a chance is only judged on history that spans four goal periods, so the
six-month traffic goal ships 800 days, the three-month engagement and Product X goals 450), in the tidy
export shape smartkit reads: a ``date`` column and one column per catalogue metric id.
``smartkit.demos.load_demo`` moves it by exact days so that it always ends on the day before the
goal starts (see its module's docstring): the dates below are "before the goal starts", not
calendar dates. The stories (the app's titles and stories state these figures as they are
measured on the data: ``smartkit.demos.blurb_params``):

* pepperoni_palace: a new local pizza shop's Facebook page, opened a year ago: ~120 followers
  at the start, 400 the day before the goal starts (no jump on the last day: the few followers
  that make the count come to exactly 400 are spread over the year); growth of ~6-8 % a month
  organically, a two-week boosted-post test four months ago that brought ~45 followers, and
  boosted posts again over the last four weeks (~327 → 400), so +20 % in a month with boosted
  posts is realistic (about two chances in five: the forecast carries the boosted pace, and a
  quarter of the past months since the page passed 200 followers made it). Goal: 400 → 480
  followers in our city in one month. The boosted posts spent about $10 a day on the test
  fortnight and about $4 a day over the last four weeks (each day ± up to half: the ``spend``
  column, zero on the other days); the followers they bring are a saturating response to that
  spend. The goal plans $110 for the month, the last four weeks' pace (~$103): the budget
  planner fits its curve to these days and says the target needs about that (a bit over half a
  chance with $110).
* website_traffic: a website getting ~59 visits a day from Facebook over the last six months
  (~65 a day lately), growing ~4 % a month since its Facebook ads and better targeting started
  (about +27 % over six months), among ~900 sessions a day. Goal: +25 % visits referred by
  Facebook in six months, about the pace the ads have kept: realistic with that budget, as the
  article says (about half of the past six-month stretches made it; at ~1.5 % a month none did,
  and the demo read ambitious).
* product_x_sales: an online shop selling Product X, ~12 orders a day at ~$37 (about $38,000 a
  quarter), growing ~6 % a month since its retargeting ads started, with a small seasonal bump
  about a year back. Goal: +15 % online sales of Product X over the quarter ahead (the next three
  months, from today: the article's "next quarter", as a goal that starts today so that its
  history can end the day before), about the growth of a recent quarter. The growth is the ads':
  visitors are an organic level plus a saturating response to the ads' adstocked daily spend
  (the ``spend`` column: from ~$3 to ~$60 a day over the history, each day ± up to half of the
  day's plan, so the budget planner can fit its curve). The goal plans $7,500 for the quarter
  (the last quarter spent ~$5,500): about what the curve says +15 % needs, so a good chance
  with the budget.
* engagement_rate: a Facebook page reaching ~2,400 people a day (~2,500 on the latest days),
  ~2.3 % of whom like, comment or share. Goal: +20 % engagement rate within three months.
* ten_thousand_followers: a small page with 400 followers, no ads, growing a handful a week
  (again no jump on the last day).
  Goal: 10,000 new followers in one month with no budget (the article's unrealistic example).

The goal's baseline is the goal measure just before the start, computed on the history
(``smartkit.analysis.baseline.measured_baseline``, the one rule the wizard, the command line and
pacing use: for counts the total over as many days as the goal lasts, for followers the count,
for rates the 28-day Σ/Σ, rounded as the KPI is counted), so the demo agrees with the wizard.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from smartkit.analysis.achievability import MIN_PERIODS  # noqa: E402
from smartkit.analysis.baseline import clean, measured_baseline  # noqa: E402
from smartkit.dates import goal_period  # noqa: E402
from smartkit.demos import DEMOS_DIR, demo_info, demo_texts  # noqa: E402

REFERENCE_DAY = dt.date(2026, 11, 24)
DAYS = 365
# history per demo, in days: a year, or four goal periods and a margin for the long goals
HISTORY_DAYS = {"website_traffic": 800, "engagement_rate": 450, "product_x_sales": 450}
WEEKDAY = np.array([1.05, 1.0, 1.0, 1.02, 1.1, 0.9, 0.93])  # Monday first: Friday busiest, weekend dip
PIZZA_WEEKDAY = np.array([0.8, 0.85, 0.9, 0.95, 1.25, 1.35, 1.1])  # a pizza shop lives at the weekend
# Pepperoni Palace's boosted posts: dollars a day on the test fortnight and on the last four weeks;
# the followers they bring, a saturating response (BOOST_MAX a day at most, half at BOOST_K dollars)
BOOST_TEST_DAILY, BOOST_DAILY = 10.0, 4.0
BOOST_MAX, BOOST_K, BOOST_HALF_LIFE = 6.0, 8.0, 2.0
# Product X: visitors = organic + what the retargeting ads bring, a saturating response to the
# ads' adstocked daily spend (half of PAID_MAX at PAID_K dollars a day, half-life PAID_HALF_LIFE).
ORGANIC_VISITORS = 420.0
PAID_MAX, PAID_K, PAID_HALF_LIFE = 1500.0, 70.0, 1.5
SPEND_SWING = 0.5  # daily spend = the day's plan × (1 ± up to 50 %): budgets moved between days
PRICE = 37.5  # dollars an order of Product X, on average


def dates(days: int = DAYS) -> pd.DatetimeIndex:
    return pd.date_range(end=pd.Timestamp(REFERENCE_DAY - dt.timedelta(days=1)), periods=days,
                         freq="D", name="date")


def growth(monthly_pct: float, end_level: float, index: pd.DatetimeIndex) -> np.ndarray:
    t = np.arange(len(index)) - (len(index) - 1)
    return end_level * (1 + monthly_pct / 100) ** (t / (365.25 / 12))


def spread(new: np.ndarray, missing: float, rng: np.random.Generator) -> np.ndarray:
    """``new`` with ``missing`` followers added (or taken away) one a day on random days, so the
    count ends on the story's figure without a jump on any one day (the last one least of all)."""
    new, missing = new.copy(), int(round(missing))
    days = np.arange(len(new)) if missing > 0 else np.flatnonzero(new > 0)
    chosen = rng.choice(days, size=abs(missing), replace=False)
    new[chosen] += np.sign(missing)
    return new


def followers_page(seed: int, end_followers: int, start_followers: int, campaign: bool) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    index = dates()
    week = PIZZA_WEEKDAY[index.day_of_week] if campaign else WEEKDAY[index.day_of_week]
    lost_rate = np.full(DAYS, 0.12)
    # new followers: a slowly rising organic rate (+ a boosted fortnight 4 months ago, and boosted
    # posts again over the four weeks before the goal starts: the plan under way)
    organic = np.linspace(0.45, 1.05, DAYS) * week
    boost = np.zeros(DAYS)
    spend = None
    if campaign:  # boosted posts: what each day spent (± half), the followers a saturating response
        planned = np.zeros(DAYS)
        planned[DAYS - 125:DAYS - 111] = BOOST_TEST_DAILY
        planned[DAYS - 28:] = BOOST_DAILY
        swing = np.random.default_rng(seed + 200).uniform(1 - SPEND_SWING, 1 + SPEND_SWING, DAYS)
        spend = np.round(planned * swing, 2)
        boost = BOOST_MAX * (a := adstock(spend, BOOST_HALF_LIFE)) / (BOOST_K + a)
    new = rng.poisson(organic + boost).astype(float)
    lost = rng.poisson(lost_rate).astype(float)
    net = new - lost
    scale = (end_followers - start_followers) / net.sum()
    if scale != 1:  # hit the story's numbers: thin or thicken the new followers
        new = np.maximum(np.round(new * scale + (lost * (1 - scale))), 0)
        net = new - lost
        new = spread(new, (end_followers - start_followers) - net.sum(), np.random.default_rng(seed + 100))
        net = new - lost
    followers = end_followers - np.concatenate([np.cumsum(net[::-1])[::-1][1:], [0.0]])
    boosted = spend > 0 if spend is not None else np.zeros(DAYS, dtype=bool)
    reach = np.round(rng.gamma(8, 1, DAYS) / 8 * (90 + 0.35 * followers) * week * (1 + 6 * boosted))
    impressions = np.round(reach * rng.uniform(1.3, 1.6, DAYS))
    likes = rng.binomial(reach.astype(int), 0.03).astype(float)
    comments = rng.binomial(reach.astype(int), 0.006).astype(float)
    shares = rng.binomial(reach.astype(int), 0.003).astype(float)
    page_visits = rng.binomial(reach.astype(int), 0.05).astype(float)
    frame = pd.DataFrame({"followers": followers, "new_followers": new, "lost_followers": lost,
                          "reach": reach, "impressions": impressions, "page_visits": page_visits,
                          "likes": likes, "comments": comments, "shares": shares}, index=index)
    if spend is not None:
        frame["spend"] = spend
    return frame


def website(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    index = dates(HISTORY_DAYS["website_traffic"])
    n = len(index)
    week = WEEKDAY[index.day_of_week]
    sessions = rng.poisson(growth(0.8, 900, index) * week).astype(float)
    referral = rng.poisson(growth(4.0, 66, index) * week).astype(float)
    users = np.round(sessions * rng.uniform(0.74, 0.8, n))
    new_users = np.round(users * rng.uniform(0.55, 0.65, n))
    conversions = rng.binomial(sessions.astype(int), 0.018).astype(float)
    return pd.DataFrame({"sessions": sessions, "referral_sessions": referral, "users": users,
                         "new_users": new_users, "conversions": conversions}, index=index)


def adstock(spend: np.ndarray, half_life: float) -> np.ndarray:
    """Geometric adstock normalised as the budget planner's (a steady spend S gives S)."""
    lam = 0.5 ** (1 / half_life)
    out, level = np.empty(len(spend)), spend[0]
    for i, s in enumerate(spend):
        level = lam * level + (1 - lam) * s
        out[i] = level
    return out


def shop(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    index = dates(HISTORY_DAYS["product_x_sales"])
    n = len(index)
    week = WEEKDAY[index.day_of_week]
    day_of_year = index.day_of_year.to_numpy()
    season = 1 + 0.06 * np.exp(-((day_of_year - 340) / 18.0) ** 2)  # the bump of the year end before
    # the ads grew the shop ~6 % a month: the daily spend planned is what that growth took on the curve
    wanted_paid = growth(6.0, 1155, index) - ORGANIC_VISITORS
    planned = PAID_K * wanted_paid / (PAID_MAX - wanted_paid)
    spend = np.round(planned * (1 + np.random.default_rng(seed + 200).uniform(-SPEND_SWING, SPEND_SWING, n)), 2)
    paid = PAID_MAX * (a := adstock(spend, PAID_HALF_LIFE)) / (PAID_K + a)
    visitors = rng.poisson((ORGANIC_VISITORS + paid) * week * season).astype(float)
    sessions = np.round(visitors * rng.uniform(1.25, 1.35, n))
    checkouts = rng.binomial(sessions.astype(int), 0.02).astype(float)
    purchases = rng.binomial(checkouts.astype(int), 0.42).astype(float)
    value = np.round(purchases * rng.normal(PRICE, 4, n).clip(25), 2)
    return pd.DataFrame({"visitors": visitors, "sessions": sessions, "checkouts_initiated": checkouts,
                         "purchases": purchases, "purchase_value": value, "spend": spend}, index=index)


def engaging_page(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    index = dates(HISTORY_DAYS["engagement_rate"])
    n = len(index)
    week = WEEKDAY[index.day_of_week]
    reach = np.round(growth(0.7, 2500, index) * week * rng.lognormal(0, 0.18, n))
    rate = 0.0275 * (1 + 0.15 * np.sin(np.arange(n) / 26.0)) * rng.lognormal(0, 0.1, n)
    engaged = rng.binomial(reach.astype(int), rate.clip(0, 1))
    likes = rng.binomial(engaged, 0.74).astype(float)
    comments = rng.binomial((engaged - likes).astype(int), 0.6).astype(float)
    shares = engaged - likes - comments
    impressions = np.round(reach * rng.uniform(1.3, 1.6, n))
    return pd.DataFrame({"reach": reach, "impressions": impressions, "likes": likes,
                         "comments": comments, "shares": shares.astype(float)}, index=index)


# The demos' settings; their texts (name, business goal, scope, plan...) come from the message
# catalogue (``demo.<id>.<field>``), so they are translated like every other string.
GOALS: dict[str, dict] = {
    "pepperoni_palace": {
        "objective": "awareness", "funnel_stage": "awareness", "channel": "facebook",
        "kpi": "followers", "target": 480, "budget": 110, "currency": "USD",
        "tracking": "page_insights", "review_every_days": 7},
    "website_traffic": {
        "objective": "leads_sales", "funnel_stage": "consideration", "channel": "website",
        "kpi": "referral_sessions", "target_change_pct": 25, "budget": 3000, "currency": "USD",
        "tracking": "utm", "review_every_days": 14},
    "product_x_sales": {
        "objective": "leads_sales", "funnel_stage": "conversion", "channel": "shop",
        "kpi": "purchase_value", "target_change_pct": 15, "budget": 7500, "currency": "USD",
        "tracking": "shopify", "review_every_days": 7},
    "engagement_rate": {
        "objective": "engagement", "funnel_stage": "consideration", "channel": "facebook",
        "kpi": "engagement_rate", "target_change_pct": 20, "tracking": "page_insights",
        "review_every_days": 14},
    "ten_thousand_followers": {
        "objective": "awareness", "funnel_stage": "awareness", "channel": "facebook",
        "kpi": "followers", "target": 10400, "budget": 0, "currency": "USD",
        "tracking": "page_insights", "review_every_days": 7},
}

HISTORIES = {
    "pepperoni_palace": lambda: followers_page(seed=1, end_followers=400, start_followers=120, campaign=True),
    "website_traffic": lambda: website(seed=2),
    "product_x_sales": lambda: shop(seed=3),
    "engagement_rate": lambda: engaging_page(seed=4),
    "ten_thousand_followers": lambda: followers_page(seed=5, end_followers=400, start_followers=260,
                                                     campaign=False),
}


def main() -> None:
    for demo_id, make in HISTORIES.items():
        history = make()
        folder = DEMOS_DIR / demo_id
        folder.mkdir(parents=True, exist_ok=True)
        out = history.copy()
        out.index = out.index.strftime("%Y-%m-%d")
        out.to_csv(folder / "history.csv", index_label="date", float_format="%.10g")
        goal = {**demo_texts(demo_id, "en"), **GOALS[demo_id]}
        kpi = goal["kpi"]
        start, deadline = goal_period(demo_info(demo_id).timing, REFERENCE_DAY)
        cleaned = clean(history, kpi)
        goal["baseline"] = measured_baseline(cleaned, start, deadline)
        span = (deadline - start).days + 1
        assert len(history) >= MIN_PERIODS * span, f"{demo_id}: too little history to judge a chance on"
        goal["baseline_source"] = "demo history"
        goal["baseline_origin"] = "history"
        goal.update(start=start.isoformat(), deadline=deadline.isoformat(), lang="en")
        (folder / "goal.json").write_text(json.dumps(goal, indent=2, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
        print(f"{demo_id}: {len(history)} days, baseline {kpi} = {goal['baseline']}")


if __name__ == "__main__":
    main()
