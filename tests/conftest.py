"""Shared fixtures: the simulator in-process and over real loopback HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from coxedge_tui.api.client import Connection, CoxEdgeClient
from coxedge_tui.config import Settings
from coxedge_tui.sim import DEFAULT_KEY, Simulator
from coxedge_tui.sim.server import SimulatorServer
from coxedge_tui.sim.transport import IN_PROCESS_URL, SimulatorTransport


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
