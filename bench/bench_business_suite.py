"""Benchmark: importing a big Meta Business Suite export vs a bare ``pandas.read_csv``.

Issue 19 sets the bar: a 50,000-row Business Suite export (UTF-16, ``sep=`` line, a title
line per section, ISO timestamps) imports in under 1 s and in at most 5x the time of a bare
``pandas.read_csv`` of the same file (every line read as two text columns), measured in the
same run. Two shapes: a few long sections (one per metric and platform), and many short
sections (a download of many small cards, the shape that took 0.2 ms a row when each
section was parsed on its own).

Time: best of 5 wall-clock runs of each, interleaved, in this process.

    python bench/bench_business_suite.py [--rows 50000]
"""
from __future__ import annotations

import argparse
import codecs
import datetime as dt
import random
import tempfile
from pathlib import Path

from _common import best_of

TIME_LIMIT = 5  # x a bare pandas.read_csv of the same file, same run
SECONDS_LIMIT = 1.0
TITLES = ("Facebook reach", "Instagram reach", "Facebook follows", "Instagram follows",
          "Facebook visits", "Instagram profile visits", "Facebook link clicks",
          "Instagram link clicks")


def generate(path: Path, rows: int, per_section: int, seed: int = 19) -> Path:
    """A Business Suite export of ``rows`` data rows in sections of ``per_section`` rows:
    UTF-16 LE with BOM, ``sep=,``, quoted title and ``"Date","Primary"`` header per section,
    local-midnight ISO timestamps that read 23:00 the day before in summer."""
    rng = random.Random(seed)
    lines = ["sep=,"]
    start = dt.date(2018, 1, 1)
    for k in range((rows + per_section - 1) // per_section):
        lines += [f'"{TITLES[k % len(TITLES)]}"', '"Date","Primary"']
        offset = (k // len(TITLES)) * per_section
        for i in range(min(per_section, rows - k * per_section)):
            day = start + dt.timedelta(days=offset + i)
            stamp = f"{day}T00:00:00" if not 4 <= day.month <= 9 else \
                f"{day - dt.timedelta(days=1)}T23:00:00"
            lines.append(f'"{stamp}","{rng.randint(0, 900)}"')
        lines.append("")
    path.write_bytes(codecs.BOM_UTF16_LE + "\n".join(lines).encode("utf-16-le"))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()

    import pandas as pd

    from smartkit.importers import read_export

    def bare(path: Path) -> pd.DataFrame:
        return pd.read_csv(path, encoding="utf-16", skiprows=1, header=None, names=["a", "b"],
                           dtype="str")

    with tempfile.TemporaryDirectory() as tmp:
        for per_section in (args.rows // len(TITLES), 25):
            path = generate(Path(tmp) / f"business_suite_{per_section}.csv", args.rows, per_section)
            result = read_export(path)
            t_pandas, t_import = best_of(5, lambda: bare(path), lambda: read_export(path))
            print(f"file: {args.rows:,} rows in sections of {per_section:,}, "
                  f"{path.stat().st_size / 1024 / 1024:.1f} MB -> {len(result.daily)} days, "
                  f"source={result.source}")
            print(f"time   pandas.read_csv {t_pandas:.3f} s | read_export {t_import:.3f} s "
                  f"(limit {SECONDS_LIMIT} s) | ratio {t_import / t_pandas:.2f}x (limit {TIME_LIMIT}x)")


if __name__ == "__main__":
    main()
