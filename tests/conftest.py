"""Shared fixtures: the simulator in-process and over real loopback HTTP."""

from __future__ import annotations

import asyncio
import io
import os
import resource
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import textual_speedups
from compile_once import compile_once
from rich.console import Console
from textual.app import App

from coxedge_tui.api import key_mask
from coxedge_tui.api.client import Connection, CoxEdgeClient
from coxedge_tui.settings.config import Settings
from coxedge_tui.sim import DEFAULT_KEY, Simulator
from coxedge_tui.sim.server import SimulatorServer
from coxedge_tui.sim.transport import IN_PROCESS_URL, SimulatorTransport
from coxedge_tui.ui.app import CoxEdgeApp


def pytest_configure(config: pytest.Config) -> None:
    """Local times in the UI and snapshots must not depend on the machine's zone."""
    os.environ["TZ"] = "UTC"
    time.tzset()
    textual_speedups.share_parsed_css()
    # Compiled modules are kept (__pycache__): with PYTHONDONTWRITEBYTECODE set, as on some CI machines, each
    # xdist worker and each program a test starts compiled the package, Textual's tests and the tests again.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    compile_once(config)  # once, before the workers start, instead of once in each


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Long tests (marked `long`, and every real-terminal test) start first, spread over the workers.

    The default scheduler (worksteal) first hands each worker a contiguous share of this list, then moves the
    tail of the longest queue to whoever runs dry. A long test at the end of a share would run alone while the
    other workers idle; at the head of each share they overlap with everything else. Each long test goes to the
    share with the fewest estimated seconds so far (`@pytest.mark.long(seconds)`, 5 unless told).
    """
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    estimated = {id(item): _long_seconds(item) for item in items}
    long = sorted((item for item in items if estimated[id(item)]), key=lambda item: -estimated[id(item)])
    if not long:
        return
    rest = [item for item in items if not estimated[id(item)]]
    sizes, left = [], len(items)
    for worker in range(workers):  # the shares worksteal makes: what is left, split between who is left
        sizes.append(left // (workers - worker))
        left -= sizes[-1]
    shares: list[list[pytest.Item]] = [[] for _ in range(workers)]
    load = [0.0] * workers
    for item in long:
        open_shares = [k for k in range(workers) if len(shares[k]) < sizes[k]]
        k = min(open_shares, key=lambda k: load[k])
        shares[k].append(item)
        load[k] += estimated[id(item)]
    fill = iter(rest)
    for k in range(workers):
        shares[k].extend(next(fill) for _ in range(sizes[k] - len(shares[k])))
    items[:] = [item for share in shares for item in share]


def _long_seconds(item: pytest.Item) -> float:
    marker = item.get_closest_marker("long")
    if marker is not None:
        return float(marker.args[0]) if marker.args else 5.0
    return 5.0 if "/e2e/" in f"/{item.nodeid}" else 0.0


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """With COX_TEST_TIMES=FILE, append each test's wall and CPU seconds (setup to teardown) to FILE.

    CPU counts this worker and the child processes it waited for (the CLI and terminal tests' programs),
    so a test's cost shows even when a loaded machine stretches its wall time.
    """
    path = os.environ.get("COX_TEST_TIMES")
    if not path:
        return (yield)
    before = _cpu_seconds(), time.perf_counter()
    try:
        return (yield)
    finally:
        cpu, wall = _cpu_seconds() - before[0], time.perf_counter() - before[1]
        with open(path, "a", encoding="utf-8") as out:
            out.write(f"{cpu:.3f}\t{wall:.3f}\t{item.nodeid}\n")


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@pytest.fixture(autouse=True)
def clean_cox_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test depends on the developer's shell: COX_* settings cleared, config file and cache private."""
    for name in [n for n in os.environ if n.startswith("COX_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("COX_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # saved lists stay in the test's directory
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # and so does the task journal


@pytest.fixture(autouse=True)
def no_key_known_yet() -> Iterator[None]:
    """Each test starts with no API key remembered for masking, as a new process does."""
    key_mask.forget_all()
    yield
    key_mask.forget_all()


class FakeClock:
    """A clock the tests move by hand, so simulated tasks finish exactly when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sim(clock: FakeClock) -> Simulator:
    return Simulator(seed=7, images=40, task_delay=4.0, clock=clock)


@pytest.fixture
def sim_server(sim: Simulator) -> Iterator[SimulatorServer]:
    with SimulatorServer(sim) as server:
        yield server


@pytest.fixture
async def http_client(sim_server: SimulatorServer) -> AsyncIterator[CoxEdgeClient]:
    """A client talking to the simulator over real HTTP on loopback."""
    client = CoxEdgeClient(Connection(api_key=DEFAULT_KEY, base_url=sim_server.url, environment="test-area"))
    yield client
    await client.aclose()


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[CoxEdgeClient]:
    """A client talking to the simulator in-process (fast)."""
    client = CoxEdgeClient(
        Connection(api_key=DEFAULT_KEY, base_url=IN_PROCESS_URL, environment="test-area"),
        transport=SimulatorTransport(sim),
    )
    yield client
    await client.aclose()


@pytest.fixture
def settings() -> Settings:
    return Settings(api_url=IN_PROCESS_URL, environment="test-area", demo=True, refresh_seconds=0)


FIXED_NOW = datetime(2026, 11, 27, 9, 30, 0, tzinfo=UTC)


@pytest.fixture
def app(client: CoxEdgeClient, settings: Settings) -> CoxEdgeApp:
    """The real app on the in-process simulator, with a fixed wall clock for stable screens."""
    return CoxEdgeApp(client, settings, wall_clock=lambda: FIXED_NOW)


@pytest.fixture
def until() -> Callable[..., Awaitable[None]]:
    """Wait (in small app-friendly steps) until a condition holds, failing with a clear message."""

    async def wait(condition: Callable[[], object], timeout: float = 5.0, what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}")
            await asyncio.sleep(0.02)

    return wait


def screen_text(app: App[object]) -> str:
    """The screen as plain text, exactly the characters a user would see."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, color_system=None, record=True,
        legacy_windows=False, safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


@pytest.fixture
def screen() -> Callable[[App[object]], str]:
    return screen_text
