"""Load on several instances: simulated users in headless Chromium over two ``streamlit run
app.py`` servers that share one PostgreSQL library (as behind a load balancer).

    python bench/bench_load.py [--users 50] [--concurrency 10] [--instances 2]

The library is a fresh database on ``SMARTKIT_TEST_POSTGRES_URL``, else on a throwaway cluster
of Debian's PostgreSQL (:mod:`smartkit.storage.testing`); it is filled with one goal per user
(the Pepperoni Palace demo with its history). The servers are started together and warmed by one
visit each. Then every user (a browser context of its own in one Chromium, on instance
``user % instances``) walks once:

1. **open**: its goal's link on the Target step (``/target?goal=<id>``), to the target field
   showing the stored target with the script finished;
2. **save**: moves the target (types a new value and leaves the field); the autosave of that
   run is counted done when the library holds the new target;
3. **goal page**: "Next" to the Goal step, to its download buttons with the script finished;
4. **download**: the one-page brief (PDF), to the whole file received (made when clicked, for
   the goal as it now is: every user's target differs, so no brief comes from the cache).

At most ``--concurrency`` users walk at once (one Chromium page each); the next starts when
one finishes. On a 2-core machine 50 Chromium pages at once measure the browser more than the
app, hence the limit; the figures printed say what was measured. Prints, for the run: users,
concurrency, instances, the wall time and walks per minute, errors (by step), then per step and
for the whole walk the median, p95 and max in seconds, and whether every save is in the library.
Not a timed test and no target: a benchmark to compare runs on one machine. A failed download
says what the server answered for the page's media requests (a 404 for the brief: the file made
on the click was gone before the browser fetched it; Streamlit keeps a file made by a deferred
download button unreferenced and drops it after two clean-ups, which every script run's end and
every session's end of the same server do).
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import math
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from streamlit_browser import CHROMIUM, CHROMIUM_ARGS, browser_problem, streamlit_server  # noqa: E402

STEPS = ("open", "save", "goal page", "download")
VIEWPORT = {"width": 1280, "height": 800}
TIMEOUT_MS = 180_000  # one step, under load
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TARGET = ".st-key-w-target input"
NEXT = ".st-key-nav-next-target button"
BRIEF = ".st-key-ui-goal-download-0 button"  # "Brief (PDF)", the first download button


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def fill(url: str, users: int) -> list[str]:
    """One goal per user (the Pepperoni Palace demo with its history); their ids."""
    from smartkit.demos import load_demo
    from smartkit.storage import Library

    demo = load_demo("pepperoni_palace", dt.date.today())
    lib = Library(url)
    ids = []
    for n in range(users):
        stored = lib.create(demo.draft.model_copy(update={"name": f"Load user {n}"}))
        lib.attach_history(stored.id, demo.history, source="demo")
        ids.append(stored.id)
    return ids


@contextlib.contextmanager
def instances(url: str, count: int, logs: Path):
    """``count`` servers on one library, their processes started at the same moment."""
    servers = [streamlit_server(log=logs / f"streamlit-load-{k}.log", env={"SMARTKIT_DATABASE_URL": url})
               for k in range(count)]
    with contextlib.ExitStack() as stack, ThreadPoolExecutor(count) as pool:
        yield [f.result() for f in [pool.submit(stack.enter_context, s) for s in servers]]


async def idle(page) -> None:
    await page.wait_for_selector(IDLE, timeout=TIMEOUT_MS)
    if await page.locator('[data-testid="stException"]').count():
        raise RuntimeError("exception box: " + (await page.locator('[data-testid="stException"]').first.inner_text())[:200])


async def walk(browser, base: str, gid: str, target: int, lib) -> dict:
    """One user's walk; ``{"steps": {step: seconds}, "error": (step, text) | None}``."""
    context = await browser.new_context(viewport=VIEWPORT, locale="en-US", accept_downloads=True)
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    served: list[str] = []  # the download's requests and their answers, to say why one failed
    page.on("response", lambda r: served.append(f"{r.url.split('/')[-2]}/*.{r.url.rsplit('.', 1)[-1][:4]} {r.status}")
            if "/media/" in r.url or "deferred" in r.url else None)
    steps: dict[str, float] = {}
    step = STEPS[0]
    try:
        start = time.perf_counter()
        await page.goto(f"{base}/target?goal={gid}")
        await page.locator(TARGET).wait_for()
        await idle(page)
        steps[step] = time.perf_counter() - start

        step = STEPS[1]
        start = time.perf_counter()
        box = page.locator(TARGET)
        await box.fill(str(target))
        await box.press("Tab")
        while (await asyncio.to_thread(lambda: lib.get(gid).goal.target)) != target:
            if time.perf_counter() - start > TIMEOUT_MS / 1000:
                raise TimeoutError("the new target never reached the library")
            await asyncio.sleep(0.1)
        steps[step] = time.perf_counter() - start
        await idle(page)  # the run that saved has finished before the next click

        step = STEPS[2]
        start = time.perf_counter()
        await page.locator(NEXT).click()
        await page.locator(BRIEF).wait_for()
        await idle(page)
        steps[step] = time.perf_counter() - start

        step = STEPS[3]
        start = time.perf_counter()
        async with page.expect_download(timeout=TIMEOUT_MS) as download_info:
            await page.locator(BRIEF).click()
        download = await download_info.value
        path = await download.path()
        with open(path, "rb") as received:
            if received.read(5) != b"%PDF-":
                raise RuntimeError(f"not a PDF: {download.suggested_filename}")
        steps[step] = time.perf_counter() - start
        return {"steps": steps, "error": None}
    except Exception as error:  # noqa: BLE001 - an error is a figure of the run
        text = f"{type(error).__name__}: {str(error).splitlines()[0][:160]}"
        if step == "download":
            text += f" (the server answered: {', '.join(served) or 'nothing'})"
        return {"steps": steps, "error": (step, text)}
    finally:
        await context.close()


async def run(bases: list[str], ids: list[str], targets: list[int], concurrency: int, lib) -> tuple[list[dict], float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for base in bases:  # warm each server: imports, caches, its first run
                context = await browser.new_context(viewport=VIEWPORT, locale="en-US")
                page = await context.new_page()
                await page.goto(f"{base}/target?goal={ids[0]}", timeout=TIMEOUT_MS)
                await page.locator(TARGET).wait_for(timeout=TIMEOUT_MS)
                await idle(page)
                await context.close()
            gate = asyncio.Semaphore(concurrency)

            async def user(n: int) -> dict:
                async with gate:
                    began = time.perf_counter()
                    result = await walk(browser, bases[n % len(bases)], ids[n], targets[n], lib)
                    return {**result, "walk": time.perf_counter() - began, "instance": n % len(bases)}

            start = time.perf_counter()
            results = await asyncio.gather(*(user(n) for n in range(len(ids))))
            return results, time.perf_counter() - start
        finally:
            await browser.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--instances", type=int, default=2)
    args = parser.parse_args()
    problem = browser_problem()
    if problem:
        print(f"cannot run: {problem}")
        return 2
    from smartkit.storage import Library
    from smartkit.storage.testing import fresh_database, postgres_url

    server = postgres_url()
    if server is None:
        print("cannot run: no PostgreSQL server (install Debian's postgresql or set SMARTKIT_TEST_POSTGRES_URL)")
        return 2
    url = fresh_database(server)
    ids = fill(url, args.users)
    lib = Library(url)
    targets = [500 + n for n in range(args.users)]  # the demo's target is 480: each user's own new one
    with tempfile.TemporaryDirectory() as logs, instances(url, args.instances, Path(logs)) as bases:
        results, wall = asyncio.run(run(bases, ids, targets, args.concurrency, lib))
        tracebacks = sum(p.read_text(errors="replace").count("Traceback") for p in Path(logs).glob("*.log"))
    saved = sum(lib.get(gid).goal.target == target for gid, target in zip(ids, targets))
    lib.close()

    done = [r for r in results if r["error"] is None]
    errors = Counter(r["error"][0] for r in results if r["error"])
    print(f"{args.users} users over {args.instances} instances (one PostgreSQL), at most {args.concurrency} "
          f"at once, one Chromium (a context per user), {os.cpu_count()} CPUs")
    print(f"wall time {wall:.1f} s; {len(done)} walks done, {60 * len(done) / wall:.1f} walks/min; "
          f"errors {sum(errors.values())}" + (f" ({', '.join(f'{k}: {v}' for k, v in errors.items())})" if errors else ""))
    for r in results:
        if r["error"]:
            print(f"  error in {r['error'][0]}: {r['error'][1]}")
    print(f"{'step':<10} {'n':>4} {'median':>8} {'p95':>8} {'max':>8}  (seconds)")
    for step in STEPS:
        times = [r["steps"][step] for r in results if step in r["steps"]]
        if times:
            print(f"{step:<10} {len(times):>4} {statistics.median(times):>8.2f} {p95(times):>8.2f} {max(times):>8.2f}")
    walks = [r["walk"] for r in done]
    if walks:
        print(f"{'walk':<10} {len(walks):>4} {statistics.median(walks):>8.2f} {p95(walks):>8.2f} {max(walks):>8.2f}")
    for k in range(args.instances):
        mine = [r["walk"] for r in done if r["instance"] == k]
        if mine:
            print(f"  instance {k}: {len(mine)} walks, median {statistics.median(mine):.2f} s, p95 {p95(mine):.2f} s")
    print(f"saves in the library: {saved} of {args.users}; tracebacks in the servers' logs: {tracebacks}")
    return 0 if not errors and saved == args.users and not tracebacks else 1


if __name__ == "__main__":
    sys.exit(main())
