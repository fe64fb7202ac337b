"""`python -m benchmarks [--quick]`: the image list against a plain DataTable, and cold start against a minimal app."""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import textual

from . import cold_start, slow_link
from .answers import fetch, images_answer
from .hosts import DataTableHost, ImageTableHost
from .interactive import QUERY, SORTS, measure
from .memory import measure_in_child
from .report import Row, table

FULL_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000, 10_000)
MEMORY_FLOOR_IMAGES = 100
# The bounds, in seconds, by number of images.
KEYSTROKE_LIMITS = {10_000: 0.016, 100_000: 0.100}
LOAD_LIMITS = {10_000: 0.100}
COLD_START_RATIO = 1.25
DEMO_IMAGES = 40


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def limit_text(limit: float | None) -> str:
    return "reported" if limit is None else f"≤ {limit * 1000:.0f} ms"


def list_rows(count: int, answer: Path, memory_limit: float) -> list[Row]:
    images, parse_seconds = asyncio.run(fetch(answer))
    if count <= 10_000:  # small answers parse fast enough to take the median of a few
        parse_seconds = statistics.median([parse_seconds, *(asyncio.run(fetch(answer))[1] for _ in range(2))])
    ours = asyncio.run(measure(ImageTableHost(), images, query=True))
    slow = count >= 100_000  # the baseline needs seconds per keystroke there: fewer samples
    base = asyncio.run(measure(DataTableHost(), images, quick_keys=slow, sorts=3 if slow else SORTS))
    load_limit, key_limit = LOAD_LIMITS.get(count), KEYSTROKE_LIMITS.get(count)
    return [
        Row("answer → Images (client: json + pydantic)", count, parse_seconds, None, "s"),
        Row("parsed → first painted rows", count, ours.load, base.load, "s", load_limit, limit_text(load_limit)),
        Row(
            "filter keystroke → repaint, median",
            count,
            ours.filter_median,
            base.filter_median,
            "s",
            key_limit,
            limit_text(key_limit),
        ),
        Row("filter keystroke → repaint, worst", count, max(ours.filter_keys), max(base.filter_keys), "s"),
        Row(
            "filter keystroke, 3-term query → repaint, median",
            count,
            ours.query_median or 0.0,
            None,
            "s",
            key_limit,
            limit_text(key_limit),
        ),
        Row("filter keystroke, 3-term query → repaint, worst", count, max(ours.query_keys), None, "s"),
        Row("sort → repaint, median", count, ours.sort_median, base.sort_median, "s", key_limit, limit_text(key_limit)),
        Row(
            "peak RSS",
            count,
            measure_in_child("rss", "ImageTable", answer),
            measure_in_child("rss", "DataTable", answer),
            "B",
            memory_limit,
            f"≤ {memory_limit / 1e6:,.1f} MB",
        ),
    ]


def run(sizes: Sequence[int], cold_runs: int) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="coxedge-bench-") as tmp:
        floor_answer = Path(tmp) / f"{MEMORY_FLOOR_IMAGES}.json"
        floor_answer.write_bytes(images_answer(MEMORY_FLOOR_IMAGES))
        say(f"memory with {MEMORY_FLOOR_IMAGES} images…")
        floor = measure_in_child("rss", "ImageTable", floor_answer)
        floor_base = measure_in_child("rss", "DataTable", floor_answer)
        rows.append(Row("peak RSS", MEMORY_FLOOR_IMAGES, floor, floor_base, "B"))
        for count in sizes:
            say(f"{count:,} images…")
            answer = Path(tmp) / f"{count}.json"
            answer.write_bytes(images_answer(count))
            data = measure_in_child("data", "-", answer)
            rows.extend(list_rows(count, answer, 2 * floor + data))
    say("cold start…")
    starts = cold_start.compare(cold_runs)
    limit = COLD_START_RATIO * starts.baseline
    rows.append(
        Row(
            "cold start → first painted rows (saved list)",
            DEMO_IMAGES,
            starts.saved,
            starts.baseline,
            "s",
            limit,
            f"≤ {COLD_START_RATIO}× baseline",
        )
    )
    rows.append(Row("cold start → first rows, first run (live)", DEMO_IMAGES, starts.first, starts.baseline, "s"))
    rows.append(
        Row(
            "cold start, first run, against baseline + httpx/pydantic",
            DEMO_IMAGES,
            starts.first,
            starts.stack_floor,
            "s",
            COLD_START_RATIO * starts.stack_floor,
            f"≤ {COLD_START_RATIO}× that baseline",
        )
    )
    rows.append(Row("cold start, real account (saved list)", DEMO_IMAGES, starts.account, starts.baseline, "s"))
    rows.append(Row("cold start, baseline + httpx/pydantic", DEMO_IMAGES, starts.stack_floor, starts.baseline, "s"))
    rows.extend(slow_link.rows(sizes))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1k and 10k images, fewer cold starts (~1.5 min)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = run(QUICK_SIZES if args.quick else FULL_SIZES, cold_runs=5 if args.quick else 9)
    print(
        f"coxedge-tui benchmarks ({'quick' if args.quick else 'full'}): Python {platform.python_version()}, "
        f"Textual {textual.__version__}, {os.cpu_count()} CPUs, {platform.machine()}"
    )
    print("DataTable = a plain Textual DataTable doing the same job (rebuilt per keystroke, DataTable.sort);")
    print("for cold start, a minimal Textual app with Header, DataTable and Footer. Ratio = ImageTable / DataTable.")
    print("Cold start (saved list): the usual start, painting the list saved last time while the live one loads;")
    print("first run: no saved list (COX_NO_CACHE=1), so the first rows wait for the API layer and the answer;")
    print("real account: the simulator over loopback HTTP with the key in COX_API_KEY, saved list;")
    print("baseline + httpx/pydantic: the minimal app importing the API stack first (no app can beat it that way);")
    print("the first run is also set against it (its DataTable column). Each start is the median of its runs, the")
    print("programs taking turns, the first run right after that baseline.")
    print(f"3-term query: `{QUERY}`, each key changing its age; ImageTable only (DataTable has no queries).")
    print("Memory target: 2 × peak RSS with 100 images + the parsed images' size (tracemalloc).")
    for line in slow_link.NOTES:
        print(line)
    print()
    print(table(rows))
    print(f"\n{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
