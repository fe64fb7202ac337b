"""What the UI tests share besides tests/conftest.py: apps whose task checks are quick, or on virtual time."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

import pytest
from textual.geometry import Region
from textual.strip import Strip

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.core.tasks import TaskTracker
from coxedge_tui.settings.config import Settings
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.widgets.image_table import ImageTable
from tests.conftest import FIXED_NOW, FakeClock
from tests.virtual_time import VirtualTime

T = TypeVar("T")

# Task checks every 50 ms: the simulator's fake clock, moving per check, decides when tasks end.
QUICK_TASKS = partial(TaskTracker, first_interval=0.05, max_interval=0.05)


@pytest.fixture
def fast(client: CoxEdgeClient, settings: Settings) -> CoxEdgeApp:
    """The app of tests/conftest.py's `app` fixture, with quick task checks."""
    return CoxEdgeApp(client, settings, tracker=QUICK_TASKS, wall_clock=lambda: FIXED_NOW)


@pytest.fixture
def vt(clock: FakeClock) -> VirtualTime:
    """Virtual time on the simulator's clock: task checks sleep on it, and only the test moves it
    (`await vt.run_until(app.tracker, done)`), so a task is checked exactly when the test lets time pass."""
    return VirtualTime(clock)


def virtual_tasks(vt: VirtualTime) -> Callable[..., TaskTracker]:
    """A task tracker with the product's own intervals, sleeping and reading the time on `vt`."""
    return partial(TaskTracker, clock=vt.clock, sleep=vt.sleep)


@pytest.fixture
def paced(client: CoxEdgeClient, settings: Settings, vt: VirtualTime) -> CoxEdgeApp:
    """The app of `fast`, its task checks on virtual time: none runs until the test moves `vt`."""
    return CoxEdgeApp(client, settings, tracker=virtual_tasks(vt), wall_clock=lambda: FIXED_NOW)


def list_paints(monkeypatch: pytest.MonkeyPatch, seen: Callable[[ImageTable], T]) -> list[tuple[int, T]]:
    """From now on, (its rows, `seen(list)`) at each rendering of the image list."""
    paints: list[tuple[int, T]] = []
    render_lines = ImageTable.render_lines

    def watched(table: ImageTable, crop: Region) -> list[Strip]:
        paints.append((table.row_count, seen(table)))
        return render_lines(table, crop)

    monkeypatch.setattr(ImageTable, "render_lines", watched)
    return paints
