"""The slow-link rows: bytes per action through a real pty beside the floor app, event-loop stalls,
keystroke → paint at 300 ms per request against 0 ms, and requests for 10 quick steps."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from . import terminal_bytes, waiting
from .answers import images_answer
from .report import Row

DEMO_IMAGES = 40
REFRESH_BYTES = 512
STALL_LIMITS = {10_000: 0.020, 100_000: 0.050}
QUICK_STEPS_LIMIT = 2
FRAME = 1 / 60  # Textual paints at most 60 frames a second: "the same as at 0 ms" is within one of them
NOTES = (
    "Bytes: the app (--demo, no saved list, no auto-refresh) and the floor app (benchmarks/floor_app.py: a DataTable,",
    "a detail Static following the cursor, a filter box, 1/2/3 by type) each in a 120x36 pty; an action's bytes are",
    "all it writes until the terminal is quiet for 0.35 s, the median of 3 (refresh: r with nothing changed).",
    "Stall: the longest gap between ticks of a 1 ms timer from r until N images (answer served from memory) are",
    "shown, the detail pane has followed and 50 ms more have passed, the median of 5 refreshes; DataTable column =",
    "the same app idle for as long (the machine's own noise).",
    "Key → paint at 300 ms: the simulator waits 300 ms per request; DataTable column = the same at 0 ms. Each key is",
    "pressed once no frame has been written for 50 ms, and timed to the end of the first frame showing its result;",
    "cursor steps 0.2 s apart, each while the last one's detail retrieve is in flight (detail pane follows: its frame",
    "showing the new row, from the list, with no request); median of 5 steps, 6 tab switches, 3 filter keys;",
    "met when no later than the figure at 0 ms plus one frame (1/60 s).",
)


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def rows(sizes: Sequence[int]) -> list[Row]:
    say("bytes per action in a pty…")
    ours, floor = terminal_bytes.compare(repeats=3)
    result = [
        Row(
            "bytes: refresh, nothing changed",
            DEMO_IMAGES,
            ours.refresh,
            floor.refresh,
            "bytes",
            REFRESH_BYTES,
            f"≤ {REFRESH_BYTES} B",
        ),
        Row(
            "bytes: cursor down one row", DEMO_IMAGES, ours.cursor, floor.cursor, "bytes", floor.cursor, "≤ 1.0× floor"
        ),
        Row("bytes: filter keystroke", DEMO_IMAGES, ours.filter_key, floor.filter_key, "bytes"),
        Row("bytes: tab switch", DEMO_IMAGES, ours.tab, floor.tab, "bytes"),
    ]
    for count in sizes:
        if count not in STALL_LIMITS:
            continue
        say(f"event-loop stall, {count:,} images…")
        stalls = waiting.stalls(count, images_answer(count))
        limit = STALL_LIMITS[count]
        target = f"≤ {limit * 1000:.0f} ms"
        for figure, value in (("every row new", stalls.every_row_new), ("nothing changed", stalls.nothing_new)):
            result.append(Row(f"event-loop stall: refresh, {figure}", count, value, stalls.idle, "s", limit, target))
    say("keystroke → paint at 0 and 300 ms per request…")
    at_once, slow = waiting.key_to_paint()
    for name, label in (
        ("cursor", "cursor step"),
        ("detail", "cursor step, detail pane follows"),
        ("filter", "filter keystroke"),
        ("tab", "tab switch"),
    ):
        result.append(
            Row(
                f"{label} → paint at 300 ms latency",
                DEMO_IMAGES,
                slow[name],
                at_once[name],
                "s",
                at_once[name] + FRAME,
                "≤ at 0 ms + 1 frame",
            )
        )
    say("requests for 10 quick steps…")
    steps = waiting.retrieves_for_quick_steps()
    result.append(
        Row("retrieves for 10 quick steps", DEMO_IMAGES, steps, None, "n", QUICK_STEPS_LIMIT, f"≤ {QUICK_STEPS_LIMIT}")
    )
    return result
