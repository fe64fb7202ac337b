"""The scripting CLI's tests share one simulator served on loopback, and the environment to reach it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_harness import new_world, script_environ

from coxedge_tui.sim import Simulator
from coxedge_tui.sim.server import SimulatorServer


@pytest.fixture
def world() -> Simulator:
    return new_world()


@pytest.fixture
def server(world: Simulator) -> Iterator[SimulatorServer]:
    with SimulatorServer(world) as running:
        yield running


@pytest.fixture
def environ(server: SimulatorServer, tmp_path: Path) -> dict[str, str]:
    return script_environ(server, tmp_path)
