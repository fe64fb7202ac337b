"""Virtual time for pollers: sleeps wait on the FakeClock, and the test moves it.

The clock jumps to the next wake-up only once every running poller is parked
(asleep, or held by the test), so many pollers interleave exactly as they
would in real time, and a ten-minute give-up runs in milliseconds.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections.abc import Callable
from typing import Protocol

from coxedge_tui.core.tasks import TaskTracker

SETTLE_SECONDS = 10.0


class SettableClock(Protocol):
    now: float

    def __call__(self) -> float: ...


class VirtualTime:
    def __init__(self, clock: SettableClock) -> None:
        self.clock = clock
        self.sleeps: list[float] = []
        self._timers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._holds: list[asyncio.Event] = []

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        entry = (self.clock() + seconds, next(self._order), future)
        heapq.heappush(self._timers, entry)
        try:
            await future
        finally:
            if entry in self._timers:
                self._timers.remove(entry)
                heapq.heapify(self._timers)

    async def held(self, release: asyncio.Event) -> None:
        """Wait for the test to release; the poller counts as parked until it is released."""
        self._holds.append(release)
        try:
            await release.wait()
        finally:
            self._holds.remove(release)

    @property
    def asleep(self) -> int:
        return len(self._timers)

    @property
    def parked(self) -> int:
        return len(self._timers) + sum(not hold.is_set() for hold in self._holds)

    async def settle(self, tracker: TaskTracker) -> None:
        """Let every running poller run until it parks (real I/O may take a moment)."""
        started = time.monotonic()
        spins = 0
        while self.parked < len(tracker.running):
            spins += 1
            await asyncio.sleep(0 if spins < 100 else 0.001)
            if time.monotonic() - started > SETTLE_SECONDS:
                raise AssertionError(f"pollers did not park within {SETTLE_SECONDS} s")

    def _wake_due(self) -> None:
        while self._timers and self._timers[0][0] <= self.clock():
            _, _, future = heapq.heappop(self._timers)
            if not future.done():
                future.set_result(None)

    async def run_until(self, tracker: TaskTracker, done: Callable[[], bool], limit: float = 7200.0) -> None:
        """Move time from wake-up to wake-up until `done()`; fail if that takes over `limit` virtual seconds."""
        deadline = self.clock() + limit
        while True:
            await self.settle(tracker)
            if done():
                return
            if not self._timers:
                raise AssertionError("nothing is asleep to wake, yet the condition never came true")
            when = self._timers[0][0]
            if when > deadline:
                raise AssertionError(f"the condition did not come true within {limit} virtual seconds")
            self.clock.now = max(self.clock.now, when)
            self._wake_due()

    async def advance(self, tracker: TaskTracker, seconds: float) -> None:
        """Let `seconds` of virtual time pass, waking every poller due on the way."""
        target = self.clock() + seconds
        while True:
            await self.settle(tracker)
            if not self._timers or self._timers[0][0] > target:
                break
            self.clock.now = max(self.clock.now, self._timers[0][0])
            self._wake_due()
        self.clock.now = target
