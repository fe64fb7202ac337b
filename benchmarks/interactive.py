"""In-process figures with Textual's headless pilot: load, filter keystrokes and sorting, each to repaint."""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field

from textual import events
from textual.widgets import Input

from coxedge_tui.api.models import Image

from .hosts import Host

SCREEN = (120, 40)
# Narrowing then widening again: both directions of a user typing and deleting.
TYPED = "cach"
FILTER_KEYS: tuple[tuple[str, str | None], ...] = (
    *((c, c) for c in TYPED),
    *(("backspace", None) for _ in TYPED),
)
QUICK_FILTER_KEYS = (("c", "c"), ("a", "a"), ("backspace", None), ("backspace", None))
# A query of three terms (core/query.py), typed into before its last letter: 1 day, 10, 100, 1000 and back,
# so each key changes the age term and the list is matched again (the other two terms' masks are kept).
QUERY = "status:ready !family:web age>1d"
QUERY_KEYS: tuple[tuple[str, str | None], ...] = (
    *(("0", "0") for _ in range(3)),
    *(("backspace", None) for _ in range(3)),
)
SORTS = 6
# Human typing is slower than one frame (1/60 s): wait that long between keys, so each one meets an idle
# screen rather than Textual's frame pacing.
KEY_INTERVAL = 0.05


@dataclass
class ListFigures:
    load: float
    filter_keys: list[float] = field(default_factory=list)
    sorts: list[float] = field(default_factory=list)
    query_keys: list[float] = field(default_factory=list)

    @property
    def filter_median(self) -> float:
        return statistics.median(self.filter_keys)

    @property
    def sort_median(self) -> float:
        return statistics.median(self.sorts)

    @property
    def query_median(self) -> float | None:
        return statistics.median(self.query_keys) if self.query_keys else None


async def _press(host: Host, key: str, char: str | None) -> float:
    """Seconds from the key reaching the app to its result painted."""
    event = events.Key(key, char)
    event.set_sender(host)
    host.expect_paint()
    started = time.perf_counter()
    assert host._driver is not None
    host._driver.send_message(event)
    await host.wait_painted()
    return time.perf_counter() - started


async def measure(
    host: Host, images: list[Image], *, quick_keys: bool = False, sorts: int = SORTS, query: bool = False
) -> ListFigures:
    """Load, filter keys, sorts; with `query`, also keys that change a three-term query (hosts that read queries)."""
    async with host.run_test(size=SCREEN) as pilot:
        await pilot.pause()
        host.expect_paint()
        started = time.perf_counter()
        host.show(images)
        await host.wait_painted()
        figures = ListFigures(load=time.perf_counter() - started)
        if host.shown != len(images):
            raise RuntimeError(f"{type(host).__name__} shows {host.shown} of {len(images)} images")
        await pilot.pause()
        host.query_one(Input).focus()
        await pilot.pause()
        for key, char in QUICK_FILTER_KEYS if quick_keys else FILTER_KEYS:
            figures.filter_keys.append(await _press(host, key, char))
            await pilot.pause()
            await asyncio.sleep(KEY_INTERVAL)
        if host.shown != len(images):
            raise RuntimeError("the filter was not cleared by deleting what was typed")
        for _ in range(sorts):
            figures.sorts.append(await _press(host, "f5", None))
            await pilot.pause()
            await asyncio.sleep(KEY_INTERVAL)
        if query:
            await _type_query(host, figures)
    return figures


async def _type_query(host: Host, figures: ListFigures) -> None:
    box = host.query_one(Input)
    host.expect_paint()
    box.value = QUERY
    await host.wait_painted()
    box.cursor_position = len(QUERY) - 1  # before the unit: the keys change the number of days
    if host.shown in (0, host.total):
        raise RuntimeError(f"the query {QUERY!r} shows {host.shown} of {host.total} images: it measures nothing")
    for key, char in QUERY_KEYS:
        figures.query_keys.append(await _press(host, key, char))
        await asyncio.sleep(KEY_INTERVAL)
    box.value = ""
