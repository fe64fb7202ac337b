"""Memory, one fresh process per figure so each peak is its own.

`python -m benchmarks.memory rss HOST ANSWER_FILE` parses the answer, shows it in HOST (headless),
moves, filters and sorts, then prints its peak RSS in bytes. `... data - ANSWER_FILE` prints the
bytes the parsed images hold once the JSON is gone (tracemalloc), the "size of the parsed data".
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

from textual.widgets import Input

from .answers import fetch
from .hosts import HOSTS, Host
from .interactive import QUICK_FILTER_KEYS, SCREEN, _press


def parsed_data_size(answer: Path) -> int:
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    images, _ = asyncio.run(fetch(answer))
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del images
    return held


async def _exercise(host: Host, answer: Path) -> None:
    images, _ = await fetch(answer)
    async with host.run_test(size=SCREEN) as pilot:
        await pilot.pause()
        host.expect_paint()
        host.show(images)
        await host.wait_painted()
        await pilot.press("end", "home")
        host.query_one(Input).focus()
        await pilot.pause()
        for key, char in QUICK_FILTER_KEYS:
            await _press(host, key, char)
        for _ in range(2):
            await _press(host, "f5", None)


def peak_rss(host_name: str, answer: Path) -> int:
    asyncio.run(_exercise(HOSTS[host_name](), answer))
    # VmHWM, not getrusage: ru_maxrss survives exec, so a child would inherit its parent's peak.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status: peak RSS is measured on Linux only")


def measure_in_child(kind: str, host_name: str, answer: Path) -> int:
    """Run one measurement in a new interpreter and return its number of bytes."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.memory", kind, host_name, str(answer)],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if done.returncode != 0:
        raise RuntimeError(f"memory benchmark ({kind}, {host_name}) failed:\n{done.stderr.strip()[-2000:]}")
    return int(json.loads(done.stdout.strip().splitlines()[-1]))


def main(argv: list[str]) -> int:
    kind, host_name, answer = argv[0], argv[1], Path(argv[2])
    value = parsed_data_size(answer) if kind == "data" else peak_rss(host_name, answer)
    print(json.dumps(value))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
