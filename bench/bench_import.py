"""Benchmark: importing a big Meta Ads Manager export vs a bare ``pandas.read_csv``.

The issues set the bar: a 300,000-row (~85 MB) ad-level daily export with 30 columns, a UTF-8
BOM and quoted names must import into the daily table in at most 1.5x the time of a bare
``pandas.read_csv`` of the same file (issue 11; 2x before), with peak memory at most 3x the
file size. Both are
measured in the same run, so the ratio does not depend on the machine.

Time: best of 5 wall-clock runs of each, interleaved, in this process. Memory: each operation runs once in a
fresh child process, which resets its peak resident set size after its imports (Linux
``/proc/self/clear_refs``) and reports ``VmHWM - VmRSS``: the peak the operation itself added,
counting numpy *and* Arrow buffers that ``tracemalloc`` cannot see. (Falls back to
``ru_maxrss`` where ``/proc`` is missing; that includes the imports, so it overstates.)

    python bench/bench_import.py [--rows 300000] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import ROOT, best_of

HEADER = [
    "Day", "Campaign name", "Ad set name", "Ad name", "Ad delivery", "Attribution setting",
    "Result indicator", "Results", "Reach", "Frequency", "Cost per results", "Amount spent (USD)",
    "Impressions", "CPM (cost per 1,000 impressions) (USD)", "Link clicks",
    "CPC (cost per link click) (USD)", "CTR (link click-through rate)", "Clicks (all)",
    "CTR (all)", "Landing page views", "Purchases", "Purchases conversion value",
    "Purchase ROAS (return on ad spend)", "Adds to cart", "Checkouts initiated", "Leads",
    "Quality ranking", "Engagement rate ranking", "Reporting starts", "Reporting ends",
]
TIME_LIMIT = 1.5  # x a bare pandas.read_csv of the same file, same run
MEMORY_LIMIT = 3  # x the file size, peak resident memory
RANKINGS = ["Average", "Above average", "Below average (Bottom 35% of ads)", "-"]


def generate(path: Path, rows: int, seed: int = 7) -> Path:
    """Write a Meta Ads Manager ad-level daily export of ``rows`` rows (BOM, CRLF, quoted
    names with commas, quotes, emoji and right-to-left text)."""
    import datetime as dt

    rng = random.Random(seed)
    days = 365
    ads_per_day = max(1, rows // days)
    start = dt.date(2024, 1, 1)
    campaigns = [f'Campaña {i} | "Promo", 🎉 تخفیف <b>{i}</b>' for i in range(40)]
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        out.write(",".join(f'"{h}"' if "," in h else h for h in HEADER) + "\r\n")
        written = 0
        for d in range(days):
            day = (start + dt.timedelta(days=d)).isoformat()
            for a in range(ads_per_day if d < days - 1 else rows - written):
                c = campaigns[a % 40].replace('"', '""')
                imp = rng.randint(0, 90000)
                reach = int(imp / (1 + rng.random()))
                clicks = imp // rng.randint(50, 200)
                spend = round(imp * rng.random() / 100, 2)
                purch = clicks // 30
                out.write(
                    f'{day},"{c}","Ad set {a % 300} LAL 1%","Ad {a} · 15s",'
                    f'active,7-day click or 1-day view,actions:purchase,'
                    f'{purch or ""},{reach},{imp / max(reach, 1):.4f},{spend / max(purch, 1):.4f},'
                    f'{spend},{imp},{spend * 1000 / max(imp, 1):.4f},{clicks or ""},'
                    f'{spend / max(clicks, 1):.4f},{clicks * 100 / max(imp, 1):.4f},'
                    f'{clicks * 2},{clicks * 200 / max(imp, 1):.4f},{int(clicks * .8)},{purch},'
                    f'{purch * 41.5:.2f},{purch * 41.5 / max(spend, .01):.4f},{purch * 3},'
                    f'{purch * 2},{a % 3},{rng.choice(RANKINGS)},{rng.choice(RANKINGS)},'
                    f'{day},{day}\r\n')
                written += 1
    return path


_CHILD = r"""
import json, resource, sys
sys.path.insert(0, {root!r})
from pathlib import Path
import pandas as pd
from smartkit.importers import read_export


def status(field):
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith(field + ":"))


try:  # reset the peak (VmHWM) so it is this operation's, not the imports' or the parent's
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    base, peak = status("VmRSS"), lambda: status("VmHWM")
except OSError:
    base, peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, \
        lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
path = Path({path!r})
result = pd.read_csv(path) if {which!r} == "pandas" else read_export(path).daily
print(json.dumps({{"peak_kb": peak() - base}}))
"""


def peak_memory(path: Path, which: str) -> float:
    """Peak resident memory (bytes) added by one operation, measured in a fresh process."""
    code = _CHILD.format(root=str(ROOT), path=str(path), which=which)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])["peak_kb"] * 1024.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--keep", type=Path, help="write the file here instead of a temp dir")
    args = parser.parse_args()

    import pandas as pd

    from smartkit.importers import read_export

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        path = generate(folder / "meta_ads_ad_level_daily.csv", args.rows)
        size = path.stat().st_size
        m_pandas = peak_memory(path, "pandas")
        m_import = peak_memory(path, "import")
        result = read_export(path)
        t_pandas, t_import = best_of(5, lambda: pd.read_csv(path), lambda: read_export(path))
    mb = 1024 * 1024
    print(f"file: {args.rows:,} rows, {len(HEADER)} columns, {size / mb:.1f} MB "
          f"-> {len(result.daily)} days, source={result.source}")
    print(f"time   pandas.read_csv {t_pandas:.2f} s | read_export {t_import:.2f} s "
          f"| ratio {t_import / t_pandas:.2f}x (limit {TIME_LIMIT}x)")
    print(f"memory pandas.read_csv {m_pandas / mb:.0f} MB | read_export {m_import / mb:.0f} MB "
          f"| read_export / file size {m_import / size:.2f}x (limit {MEMORY_LIMIT}x)")


if __name__ == "__main__":
    main()
