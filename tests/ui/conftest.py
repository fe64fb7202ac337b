"""What the UI tests share besides tests/conftest.py: an app whose task checks are quick."""

from __future__ import annotations

from functools import partial

import pytest

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.core.tasks import TaskTracker
from coxedge_tui.settings.config import Settings
from coxedge_tui.ui.app import CoxEdgeApp
from tests.conftest import FIXED_NOW

# Task checks every 50 ms: the simulator's fake clock, moving per check, decides when tasks end.
QUICK_TASKS = partial(TaskTracker, first_interval=0.05, max_interval=0.05)


@pytest.fixture
def fast(client: CoxEdgeClient, settings: Settings) -> CoxEdgeApp:
    """The app of tests/conftest.py's `app` fixture, with quick task checks."""
    return CoxEdgeApp(client, settings, tracker=QUICK_TASKS, wall_clock=lambda: FIXED_NOW)
