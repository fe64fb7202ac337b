"""The installed `coxedge-tui` in a real terminal (tmux) against the simulator on loopback."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import coxedge_tui
from coxedge_tui.sim import Simulator
from coxedge_tui.sim.server import SimulatorServer

SECRET = "cx-e2e-5d1c0b9a8f7e6d42"

@pytest.fixture
def world() -> Simulator:
    return Simulator(seed=7, images=24, api_key=SECRET, task_delay=1.0)


@pytest.fixture
def server(world: Simulator) -> Iterator[SimulatorServer]:
    with SimulatorServer(world) as running:
        yield running


@pytest.fixture
def environ(server: SimulatorServer, tmp_path: Path) -> dict[str, str]:
    """What the terminal's shell starts with: the simulator's address and the key, in variables only."""
    home = tmp_path / "home"
    home.mkdir()
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "LANG": "C.UTF-8",  # tmux shows UTF-8 only when the locale says so
        "TZ": "UTC",
        "COX_API_URL": server.url,
        "COX_API_KEY": SECRET,
        "COX_ENVIRONMENT": "test-area",
        "COX_CONFIG": str(tmp_path / "config.toml"),
        "COX_REFRESH": "0",  # nothing moves on screen unless a test makes it
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        # the package under test, not whichever copy an editable install points at
        "PYTHONPATH": str(Path(coxedge_tui.__file__).resolve().parents[1]),
    }
