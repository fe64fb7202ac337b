"""The app writes its tasks to the journal, and quitting with tasks running says how to follow each."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from test_create_delete import delete_first_custom, ready

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.cli import print_left_running
from coxedge_tui.config import Settings
from coxedge_tui.connect import Account
from coxedge_tui.credentials import ApiKey
from coxedge_tui.sim import DEFAULT_KEY, Simulator
from coxedge_tui.sim.transport import IN_PROCESS_URL
from coxedge_tui.tasks import TaskTracker
from coxedge_tui.ui.app import CoxEdgeApp, _CurrentClient
from coxedge_tui.ui.screens.confirm_quit import ConfirmQuitScreen

Until = Callable[..., Awaitable[None]]


@pytest.fixture
def settings() -> Settings:
    """A real account's settings (the simulator's own tasks are never journalled), on the in-process simulator."""
    return Settings(api_url=IN_PROCESS_URL, environment="test-area", profile="ops", refresh_seconds=0)


@pytest.fixture
def fast(client: CoxEdgeClient, settings: Settings) -> CoxEdgeApp:
    """The app on a real account's settings and key (the in-process simulator's), polling every 50 ms."""
    app = CoxEdgeApp(client, settings, account=Account(settings, key=ApiKey(DEFAULT_KEY, "COX_API_KEY")))
    app.tracker = TaskTracker(_CurrentClient(app), on_change=app._task_changed, first_interval=0.05, max_interval=0.05)
    return app


async def test_a_delete_is_journalled_and_quitting_prints_how_to_follow_it(
    fast: CoxEdgeApp, sim: Simulator, until: Until, capsys: pytest.CaptureFixture[str]
) -> None:
    sim.task_delay = 600.0
    async with fast.run_test(size=(120, 40)) as pilot:
        browse = await ready(fast, until)
        image = await delete_first_custom(fast, browse, pilot, until)
        await until(lambda: bool(fast.tracker.running), what="a running task")
        [task] = fast.tracker.running
        await pilot.press("q")
        await until(lambda: isinstance(fast.screen, ConfirmQuitScreen), what="the quit question")
        await pilot.press("y")
        await until(lambda: not fast.is_running, what="exit")

    [entry] = fast.journal.entries()
    assert (entry.task_id, entry.operation, entry.image_id, entry.state) == (task.id, "delete", image.id, "running")
    assert (entry.profile, entry.environment, entry.api_url) == ("ops", "test-area", IN_PROCESS_URL)
    print_left_running(fast)
    err = capsys.readouterr().err
    assert "1 task(s) still running on the server" in err
    follow = f"coxedge-tui tasks get {task.id} --profile ops --wait"
    assert f"  {follow}    # Deleting {image.family}:{image.tag}: PENDING" in err


async def test_a_finished_task_is_journalled_as_finished(fast: CoxEdgeApp, clock: object, until: Until) -> None:
    async with fast.run_test(size=(120, 40)) as pilot:
        browse = await ready(fast, until)
        await delete_first_custom(fast, browse, pilot, until)
        await until(lambda: bool(fast.tracker.tasks), what="a task")
        clock.advance(10)  # type: ignore[attr-defined]
        await until(lambda: not fast.tracker.running, what="the task to end")
        await pilot.press("q")
        await until(lambda: not fast.is_running, what="exit")
    [entry] = fast.journal.entries()
    assert (entry.state, entry.status) == ("succeeded", "SUCCESS")
    assert entry.finished is not None
    assert fast.left_running() == []
