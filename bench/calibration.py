"""Is the chance figure calibrated? Goals set in the past, judged on the data before them,
compared with what happened.

Run: ``python bench/calibration.py [--fit] [--step DAYS]``. Prints the reliability table
(chance decile → share of goals achieved, count) and the Brier score of (a) the shipped chance
(:func:`smartkit.analysis.achievability.combine_chance`), (b) the own-history share alone and
(c) the forecast probability alone. ``--fit`` also fits the logistic combination (IRLS on the
logits of the two parts) and prints the weights to ship in ``achievability.CHANCE_WEIGHTS``,
with a leave-one-history-out check of the fitted combination.

Histories: the shipped demos (``data/demos``), the synthetic series of ``tests/series.py``, and
every daily export in ``../shared/realdata`` (skipped when absent) and ``tests/fixtures/exports``
long enough to judge a goal on (four goal periods). Goals: 30 and 91 days, starting every
``--step`` days (default 28; 7 for every week's window, four times slower) once four periods of data lie before the start,
at several target levels around the measured baseline (−10 % … +40 % in the KPI's good
direction). A goal is judged with :func:`smartkit.analysis.achievability.evidence` on the data
before its start only; "achieved" is the goal measure over the window (the period total, the
value on the deadline, or the 28-day Σ/Σ) reaching the target. Windows overlap, so the goals are
not independent: the counts overstate the evidence, not the scores.
"""
from __future__ import annotations

import argparse
import math
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from smartkit.analysis.achievability import MIN_PERIODS, combine_chance, evidence  # noqa: E402
from smartkit.analysis.baseline import clean, rolling_measure  # noqa: E402
from smartkit.catalogue import get_kpi  # noqa: E402
from smartkit.errors import SmartkitError  # noqa: E402
from smartkit.models import GoalDraft  # noqa: E402

PERIODS = (30, 91)
CHANGES = (-0.10, 0.0, 0.05, 0.10, 0.20, 0.40)
REALDATA = ROOT.parent / "shared" / "realdata"
EXPORTS = ROOT / "tests" / "fixtures" / "exports"
EPS = 0.02


# ----------------------------------------------------------------------------- the histories


def demo_histories() -> list[tuple[str, pd.DataFrame, str]]:
    import json

    out = []
    for folder in sorted((ROOT / "data" / "demos").iterdir()):
        goal = json.loads((folder / "goal.json").read_text(encoding="utf-8"))
        history = pd.read_csv(folder / "history.csv", parse_dates=["date"], index_col="date")
        out.append((f"demo:{folder.name}", history, goal["kpi"]))
    return out


def synthetic_histories() -> list[tuple[str, pd.DataFrame, str]]:
    import series as S

    out = [("series:three_years/sessions", S.three_years(), "sessions"),
           ("series:three_years/link_clicks", S.three_years(), "link_clicks"),
           ("series:three_years/ctr", S.three_years(), "ctr"),
           ("series:three_years/net_followers", S.three_years(), "net_followers")]
    for seed, monthly in enumerate((-3.0, 0.0, 2.0, 6.0)):
        out.append((f"series:growth{monthly:+.0f}%", S.growth(730, 100.0, monthly, noise=0.2, seed=seed), "sessions"))
    out.append(("series:noisy", S.noisy(730, 100.0, 30.0, "link_clicks", seed=3, cycle=S.WEEKLY_CYCLE), "link_clicks"))
    return out


def export_histories() -> list[tuple[str, pd.DataFrame, str]]:
    from smartkit.importers import read_export

    out = []
    folders = [EXPORTS] + ([REALDATA] if REALDATA.is_dir() else [])
    for folder in folders:
        for path in sorted(folder.iterdir()):
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    result = read_export(path.read_bytes(), filename=path.name)
            except (SmartkitError, OSError):
                continue
            daily = result.daily
            if daily is None or result.granularity != "day" or len(daily) < MIN_PERIODS * PERIODS[0] + 30:
                continue
            for column in daily.columns:
                try:
                    kind = get_kpi(column).kind
                except SmartkitError:
                    continue
                if kind == "count" and daily[column].notna().sum() >= MIN_PERIODS * PERIODS[0] + 30:
                    out.append((f"{folder.name}:{path.name}/{column}", daily, column))
    return out


# ----------------------------------------------------------------------------- the goals


def goals(name: str, history: pd.DataFrame, kpi_id: str, step: int) -> list[dict]:
    """Every goal set in the past of one history, judged on the data before it."""
    kpi = get_kpi(kpi_id)
    anchor = float(history[kpi_id].dropna().iloc[-1]) if kpi.kind == "stock" and kpi_id not in history else None
    try:
        full = clean(history, kpi_id, anchor=anchor)
    except SmartkitError:
        return []
    index = full.frame.index
    rows = []
    for period in PERIODS:
        measure = rolling_measure(full, period)
        first = index[0] + pd.Timedelta(days=MIN_PERIODS * period)
        starts = pd.date_range(first, index[-1] - pd.Timedelta(days=period - 1), freq=f"{step}D")
        for start in starts:
            deadline = start + pd.Timedelta(days=period - 1)
            actual = measure.get(deadline)
            if actual is None or not math.isfinite(actual):
                continue
            before = history[history.index < start]
            draft = GoalDraft(kpi=kpi_id, baseline=None, start=start.date(), deadline=deadline.date())
            found = evidence(draft, before, today=start.date())
            if not found.enough or not found.base:
                continue
            for change in CHANGES:
                improvement = change
                signed = change if kpi.higher_is_better else -change
                target = found.base * (1 + signed)
                share = found.share_at(improvement)
                p_fc = found.forecast_probability(target)
                achieved = actual >= target - 1e-9 if kpi.higher_is_better else actual <= target + 1e-9
                rows.append({"history": name, "period": period, "change": change, "share": share,
                             "forecast": p_fc, "chance": combine_chance(share, p_fc), "achieved": float(achieved)})
    return rows


# ----------------------------------------------------------------------------- scores


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, EPS, 1 - EPS)
    return np.log(p / (1 - p))


def fit_logistic(x: np.ndarray, y: np.ndarray, ridge: float = 1e-3) -> np.ndarray:
    """Weights of P(y) = σ(w0 + w·x) by iteratively reweighted least squares."""
    design = np.column_stack([np.ones(len(x)), x])
    w = np.zeros(design.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-design @ w))
        grad = design.T @ (y - p) - ridge * w
        hess = (design * (p * (1 - p))[:, None]).T @ design + ridge * np.eye(len(w))
        delta = np.linalg.solve(hess, grad)
        w += delta
        if np.abs(delta).max() < 1e-10:
            break
    return w


def brier(p: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((p - y) ** 2))


def reliability(p: np.ndarray, y: np.ndarray) -> list[tuple[str, float, int]]:
    rows = []
    for k in range(10):
        low, high = k / 10, (k + 1) / 10
        mask = (p >= low) & ((p < high) if k < 9 else (p <= high))
        rows.append((f"{k * 10:>3}–{(k + 1) * 10:<3} %", float(y[mask].mean()) if mask.any() else math.nan,
                     int(mask.sum())))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fit", action="store_true", help="fit and print the combination's weights")
    parser.add_argument("--step", type=int, default=28, help="days between goal starts (default 28)")
    args = parser.parse_args()
    began = time.perf_counter()
    sources = demo_histories() + synthetic_histories() + export_histories()
    rows = []
    for name, history, kpi_id in sources:
        rows += goals(name, history, kpi_id, args.step)
    frame = pd.DataFrame(rows)
    with_fc = frame[frame["forecast"].notna()]
    y = with_fc["achieved"].to_numpy()
    share = with_fc["share"].to_numpy()
    fc = with_fc["forecast"].to_numpy(dtype=float)
    shipped = with_fc["chance"].to_numpy()
    print(f"{len(sources)} histories, {frame['history'].nunique()} with goals to judge, {len(frame)} goals "
          f"({len(with_fc)} with a forecast), {time.perf_counter() - began:.0f} s\n")
    print("Reliability of the shipped chance (goals with a forecast):")
    print("| chance | achieved | goals |\n|---|---|---|")
    for label, rate, count in reliability(shipped, y):
        print(f"| {label} | {'—' if math.isnan(rate) else f'{rate:.0%}'} | {count} |")
    print("\nBrier score (lower is better):")
    print("| figure | Brier |\n|---|---|")
    print(f"| (a) shipped chance | {brier(shipped, y):.4f} |")
    print(f"| (b) own-history share alone | {brier(share, y):.4f} |")
    print(f"| (c) forecast probability alone | {brier(fc, y):.4f} |")
    print(f"| mean of (b) and (c) (the old chance) | {brier((share + fc) / 2, y):.4f} |")
    if args.fit:
        x = np.column_stack([logit(share), logit(fc)])
        w = fit_logistic(x, y)
        print(f"\nfitted CHANCE_WEIGHTS = ({w[0]:.3f}, {w[1]:.3f}, {w[2]:.3f})")
        held = np.empty(len(y))
        names = with_fc["history"].to_numpy()
        for name in np.unique(names):
            out = names == name
            wk = fit_logistic(x[~out], y[~out])
            held[out] = 1 / (1 + np.exp(-(wk[0] + x[out] @ wk[1:])))
        print(f"leave-one-history-out Brier of the fitted combination: {brier(held, y):.4f}")
    ok = brier(shipped, y) < min(brier(share, y), brier(fc, y))
    print(f"\nshipped chance beats both parts alone: {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main()
