"""What a user waits for, measured in-process on the real app (headless) and the simulator.

- event-loop stall: the longest gap between two ticks of a 1 ms ticker while a refresh of N images
  is decoded and applied (every row new, and nothing changed);
- keystroke → paint for a cursor step, a filter keystroke and a tab switch, with the simulator
  answering at once and after 300 ms: a key that waited on the network would show the latency;
- requests for 10 quick steps through the list (30 ms apart, as a held key repeats).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from coxedge_tui.api.client import Connection, CoxEdgeClient
from coxedge_tui.settings.config import Settings
from coxedge_tui.sim import DEFAULT_KEY, Simulator
from coxedge_tui.sim.transport import IN_PROCESS_URL, SimulatorTransport
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen

ENVIRONMENT = "test-area"
SCREEN = (120, 36)
SLOW_LINK = 0.3  # seconds per request
STEP_INTERVAL = 0.03
TIMEOUT = 600.0
STALL_REPEATS = 3


class Answers(SimulatorTransport):
    """The simulator, except that the image list answers in turn with each of the given bodies (then the last)."""

    def __init__(self, simulator: Simulator, bodies: list[bytes]) -> None:
        super().__init__(simulator)
        self.bodies = bodies
        self.served = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/images"):
            body = self.bodies[min(self.served, len(self.bodies) - 1)]
            self.served += 1
            return httpx.Response(200, content=body, request=request)
        return await super().handle_async_request(request)


def make_app(transport: httpx.AsyncBaseTransport) -> CoxEdgeApp:
    client = CoxEdgeClient(
        Connection(api_key=DEFAULT_KEY, base_url=IN_PROCESS_URL, environment=ENVIRONMENT, request_timeout=TIMEOUT),
        transport=transport,
    )
    return CoxEdgeApp(client, Settings(api_url=IN_PROCESS_URL, environment=ENVIRONMENT, demo=True, refresh_seconds=0))


async def _until(condition: Callable[[], object], limit: float = TIMEOUT) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("the app did not get there in time")
        await asyncio.sleep(0.005)


def _browse(app: CoxEdgeApp) -> BrowseScreen:
    screen = app.screen
    assert isinstance(screen, BrowseScreen)
    return screen


async def _idle(app: CoxEdgeApp) -> BrowseScreen:
    await _until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0)
    screen = _browse(app)
    await _until(lambda: not any(w.is_running for w in screen.workers) and not screen.detail_rest.waiting)
    return screen


async def _longest_gap_while(app: CoxEdgeApp, key: str | None, done: Callable[[], bool]) -> tuple[float, float]:
    """(the longest gap between two ticks of a 1 ms timer, the seconds taken) from pressing `key` until `done`."""
    loop = asyncio.get_running_loop()
    gaps: list[float] = []
    stop = asyncio.Event()

    async def ticker() -> None:
        last = loop.time()
        while not stop.is_set():
            await asyncio.sleep(0.001)
            now = loop.time()
            gaps.append(now - last)
            last = now

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0.01)
    started = loop.time()
    if key is not None:
        app.simulate_key(key)
    await _until(done)
    taken = loop.time() - started
    stop.set()
    await task
    return max(gaps), taken


@dataclass(frozen=True)
class Stalls:
    """Medians of STALL_REPEATS refreshes of each kind, and the same app idle for as long (the machine's noise)."""

    every_row_new: float
    nothing_new: float
    idle: float


async def _stalls(count: int, answer: bytes, other: bytes) -> Stalls:
    # Served in turn: the first load, then refreshes with every row new, then refreshes with nothing new.
    changing = [other if n % 2 == 0 else answer for n in range(STALL_REPEATS)]
    bodies = [answer, *changing, *[changing[-1]] * STALL_REPEATS]
    transport = Answers(Simulator(images=40), bodies)
    app = make_app(transport)
    new_rows: list[float] = []
    same: list[float] = []
    taken: list[float] = []
    async with app.run_test(size=SCREEN):
        screen = await _idle(app)
        for figures in (new_rows, same):
            for _ in range(STALL_REPEATS):
                served = transport.served

                def answered(served: int = served) -> bool:
                    return transport.served > served and not screen.list_busy

                gap, seconds = await _longest_gap_while(app, "r", answered)
                figures.append(gap)
                taken.append(seconds)
                await _idle(app)
        idle_for = statistics.median(taken)
        idle, _ = await _longest_gap_while(app, None, _after(idle_for))
    return Stalls(statistics.median(new_rows), statistics.median(same), idle)


def _after(seconds: float) -> Callable[[], bool]:
    deadline = time.monotonic() + seconds
    return lambda: time.monotonic() >= deadline


def stalls(count: int, answer: bytes) -> Stalls:
    """The longest event-loop stall of a refresh of `count` images: every row new, nothing new, and idle."""
    other = answer.replace(b'"tag": "v', b'"tag": "w')  # the same images under other tags: every row is new
    return asyncio.run(_stalls(count, answer, other))


async def _key_to_paint(latency: float) -> dict[str, float]:
    sim = Simulator(images=40)
    app = make_app(SimulatorTransport(sim))
    frames = asyncio.Event()
    figures: dict[str, list[float]] = {"cursor": [], "filter": [], "tab": []}
    async with app.run_test(size=SCREEN) as pilot:
        screen = await _idle(app)
        written = screen._compositor_refresh

        def frame() -> None:
            written()
            frames.set()

        screen._compositor_refresh = frame  # type: ignore[method-assign]
        sim.latency = latency

        async def timed(key: str, shown: Callable[[], bool]) -> float:
            frames.clear()
            started = time.perf_counter()
            app.simulate_key(key)
            while True:
                await frames.wait()
                frames.clear()
                if shown():
                    return time.perf_counter() - started

        table = screen.image_table
        for _ in range(3):
            row = table.cursor_row
            figures["cursor"].append(await timed("down", lambda row=row: table.cursor_row == row + 1))  # type: ignore[misc]
            await asyncio.sleep(0.2)
        for kind, count in (("3", 22), ("2", 18), ("1", 40)):
            figures["tab"].append(await timed(kind, lambda count=count: table.row_count == count))  # type: ignore[misc]
            await _idle(app)
        await pilot.press("slash")
        for text in ("w", "we", "web"):
            figures["filter"].append(await timed(text[-1], lambda text=text: table.filter_text == text))  # type: ignore[misc]
    return {name: statistics.median(values) for name, values in figures.items()}


def key_to_paint() -> tuple[dict[str, float], dict[str, float]]:
    """(at 0 ms, at 300 ms per request)."""
    return asyncio.run(_key_to_paint(0.0)), asyncio.run(_key_to_paint(SLOW_LINK))


async def _quick_steps() -> int:
    sim = Simulator(images=40)
    app = make_app(SimulatorTransport(sim))
    async with app.run_test(size=SCREEN):
        await _idle(app)
        before = len(sim.received)
        for _ in range(10):
            app.simulate_key("j")
            await asyncio.sleep(STEP_INTERVAL)
        await asyncio.sleep(0.5)
        await _idle(app)
        return sum(1 for r in list(sim.received)[before:] if r.path.count("/") > 6)


def retrieves_for_quick_steps() -> int:
    return asyncio.run(_quick_steps())
