"""What a user waits for, measured in-process on the real app (headless) and the simulator.

- event-loop stall: the longest gap between two ticks of a 1 ms ticker while a refresh of N images
  is decoded and applied, the detail pane has followed it and TAIL more has passed (every row new,
  and nothing changed);
- keystroke → paint for a cursor step, a filter keystroke and a tab switch, with the simulator
  answering at once and after 300 ms: a key that waited on the network would show the latency
  (each key pressed on a quiet screen, timed to the end of the first frame that shows its result);
- requests for 10 quick steps through the list (30 ms apart, as a held key repeats).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from textual.strip import Strip

from coxedge_tui.api.client import Connection, CoxEdgeClient
from coxedge_tui.settings.config import Settings
from coxedge_tui.sim import DEFAULT_KEY, Simulator
from coxedge_tui.sim.transport import IN_PROCESS_URL, SimulatorTransport
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.widgets.diff_lines import DiffLines

ENVIRONMENT = "test-area"
SCREEN = (120, 36)
SLOW_LINK = 0.3  # seconds per request
STEP_INTERVAL = 0.03
TIMEOUT = 600.0
STALL_REPEATS = 5
TAIL = 0.05  # seconds the ticker runs on after a refresh is done: the paints that follow it
CURSOR_STEPS = 5
TAB_ROUNDS = 2
QUIET = 0.05  # seconds without a frame (three of Textual's 60 fps) before a key is pressed


class Answers(SimulatorTransport):
    """The simulator, except that the image list answers in turn with each of the given bodies (then the last)."""

    def __init__(self, simulator: Simulator, bodies: list[bytes]) -> None:
        super().__init__(simulator)
        self.bodies = bodies
        self.served = 0
        self.details = 0  # single images asked for (the detail pane's)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.details += "/images/" in request.url.path
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
    await _until(
        lambda: not any(w.is_running for w in screen.workers)
        and not screen.detail_rest.waiting
        and not screen.listing.following
    )
    return screen


async def _longest_gap_while(
    app: CoxEdgeApp, key: str | None, done: Callable[[], bool], tail: float = 0.0
) -> tuple[float, float]:
    """(the longest gap between two ticks of a 1 ms timer, the seconds taken) from pressing `key` until `done`,
    and `tail` seconds more."""
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
    await asyncio.sleep(tail)
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
                served, details = transport.served, transport.details

                def answered(served: int = served, details: int = details) -> bool:
                    workers = any(w.is_running for w in screen.workers)
                    return transport.served > served and transport.details > details and not workers

                gap, seconds = await _longest_gap_while(app, "r", answered, TAIL)
                figures.append(gap)
                taken.append(seconds)
                await _idle(app)
        idle_for = statistics.median(taken)
        idle, _ = await _longest_gap_while(app, None, _after(idle_for), TAIL)
    return Stalls(statistics.median(new_rows), statistics.median(same), idle)


def _after(seconds: float) -> Callable[[], bool]:
    deadline = time.monotonic() + seconds
    return lambda: time.monotonic() >= deadline


def stalls(count: int, answer: bytes) -> Stalls:
    """The longest event-loop stall of a refresh of `count` images: every row new, nothing new, and idle."""
    other = answer.replace(b'"tag": "v', b'"tag": "w')  # the same images under other tags: every row is new
    return asyncio.run(_stalls(count, answer, other))


class Frames:
    """Counts the frames a screen writes, and notes when the first one showing each of a key's results is written.

    A key is pressed only once the screen is quiet. An answer that has just come in is painted at the next tick
    of Textual's 60 fps update timer; a key pressed before that tick finds that frame in its window, and its own
    frame is put off to a later tick. With the detail retrieve answering last at 300 ms per request, the
    benchmark used to press tab keys in that gap: two frames, about twice the figure at 0 ms.
    """

    def __init__(self, screen: BrowseScreen) -> None:
        self.count = 0
        self._write = screen._compositor_refresh
        self._waiting: dict[int, Callable[[], bool]] = {}
        self._at: dict[int, float] = {}
        self._painted = asyncio.Event()
        screen._compositor_refresh = self._written  # type: ignore[method-assign]

    def _written(self) -> None:
        self._write()
        now = time.perf_counter()
        self.count += 1
        for n, shown in list(self._waiting.items()):
            if shown():
                self._at[n] = now
                del self._waiting[n]
        if not self._waiting:
            self._painted.set()

    async def quiet(self) -> None:
        """Until no frame has been written for QUIET: whatever was waiting for a frame is on screen."""
        while True:
            seen = self.count
            await asyncio.sleep(QUIET)
            if self.count == seen:
                return

    async def key_to_paint(self, app: CoxEdgeApp, key: str, *shown: Callable[[], bool]) -> list[float]:
        """Seconds from pressing `key` on a quiet screen to the end of the first frame with each `shown` true."""
        await self.quiet()
        self._painted.clear()
        self._at.clear()
        self._waiting = dict(enumerate(shown))
        started = time.perf_counter()
        app.simulate_key(key)
        await asyncio.wait_for(self._painted.wait(), TIMEOUT)
        return [self._at[n] - started for n in range(len(shown))]


def _detail_painted(screen: BrowseScreen) -> Callable[[], str | None]:
    """The id of the image the detail pane showed when a frame last rendered its lines (only changed ones are)."""
    body = screen.query_one("#detail-body", DiffLines)
    painted: list[str | None] = [None]
    render_line = body.render_line

    def rendered(y: int) -> Strip:
        image = screen.image_detail.image
        painted[0] = image.id if image is not None else None
        return render_line(y)

    body.render_line = rendered  # type: ignore[method-assign]
    return lambda: painted[0]


async def _key_to_paint(latency: float) -> dict[str, float]:
    sim = Simulator(images=40)
    app = make_app(SimulatorTransport(sim))
    figures: dict[str, list[float]] = {"cursor": [], "detail": [], "filter": [], "tab": []}
    async with app.run_test(size=SCREEN) as pilot:
        screen = await _idle(app)
        frames = Frames(screen)
        sim.latency = latency
        table = screen.image_table
        detail = _detail_painted(screen)
        for _ in range(CURSOR_STEPS):  # each while the last step's detail retrieve is in flight (at 300 ms)
            row = table.cursor_row
            cursor, follows = await frames.key_to_paint(
                app,
                "down",
                lambda: table.cursor_row == row + 1,  # noqa: B023 (called before the next step)
                lambda: table.cursor_row == row + 1 and detail() == getattr(table.current_image, "id", None),  # noqa: B023
            )
            figures["cursor"].append(cursor)
            figures["detail"].append(follows)  # the row from the list: the pane asks the server only once at rest
            await asyncio.sleep(0.2)
        for _ in range(TAB_ROUNDS):
            for kind, count in (("3", 22), ("2", 18), ("1", 40)):
                await _idle(app)
                (tab,) = await frames.key_to_paint(app, kind, lambda: table.row_count == count)  # noqa: B023
                figures["tab"].append(tab)
        await _idle(app)
        await pilot.press("slash")
        for text in ("w", "we", "web"):
            (typed,) = await frames.key_to_paint(app, text[-1], lambda: table.filter_text == text)  # noqa: B023
            figures["filter"].append(typed)
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
