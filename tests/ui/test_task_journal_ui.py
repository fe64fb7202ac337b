"""The app writes its tasks to the journal, and quitting with tasks running says how to follow each."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from test_create_delete import delete_first_custom, ready

from coxedge_tui.api.client import Connection, CoxEdgeClient
from coxedge_tui.cli import main, print_left_running
from coxedge_tui.connect import Account
from coxedge_tui.core.everywhere import placed
from coxedge_tui.core.image_actions import ImageActions
from coxedge_tui.core.task_journal import Entry
from coxedge_tui.core.tasks import TaskState
from coxedge_tui.settings.config import Settings
from coxedge_tui.settings.credentials import ApiKey
from coxedge_tui.sim import DEFAULT_KEY, Simulator
from coxedge_tui.sim.transport import IN_PROCESS_URL, SimulatorTransport
from coxedge_tui.ui.app import CoxEdgeApp, earlier_task
from coxedge_tui.ui.screens.confirm_quit import ConfirmQuitScreen
from tests.conftest import FIXED_NOW
from tests.ui.conftest import QUICK_TASKS

Until = Callable[..., Awaitable[None]]


@pytest.fixture
def settings() -> Settings:
    """A real account's settings (the simulator's own tasks are never journalled), on the in-process simulator."""
    return Settings(api_url=IN_PROCESS_URL, environment="test-area", profile="ops", refresh_seconds=0)


def new_app(client: CoxEdgeClient, settings: Settings) -> CoxEdgeApp:
    """The app on a real account's settings and key (the in-process simulator's), polling every 50 ms."""
    return CoxEdgeApp(
        client, settings, account=Account(settings, key=ApiKey(DEFAULT_KEY, "COX_API_KEY")), tracker=QUICK_TASKS
    )


@pytest.fixture
def fast(client: CoxEdgeClient, settings: Settings) -> CoxEdgeApp:
    return new_app(client, settings)


def restarted(sim: Simulator, settings: Settings) -> CoxEdgeApp:
    """The app started again after an SSH drop: a new client on the same server, the same journal."""
    client = CoxEdgeClient(
        Connection(api_key=DEFAULT_KEY, base_url=IN_PROCESS_URL, environment="test-area"),
        transport=SimulatorTransport(sim),
    )
    return new_app(client, settings)


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


async def test_a_restart_resumes_a_running_task_and_lists_finished_ones_as_earlier(
    fast: CoxEdgeApp,
    sim: Simulator,
    settings: Settings,
    clock: object,
    until: Until,
    screen: Callable[[CoxEdgeApp], str],
) -> None:
    sim.task_delay = 600.0
    async with fast.run_test(size=(140, 40)) as pilot:
        browse = await ready(fast, until)
        image = await delete_first_custom(fast, browse, pilot, until)
        await until(lambda: bool(fast.tracker.running), what="a running task")
        [task] = fast.tracker.running
        await pilot.press("q", "y")
        await until(lambda: not fast.is_running, what="exit")

    again = restarted(sim, settings)
    async with again.run_test(size=(140, 40)) as pilot:
        await ready(again, until)
        assert [t.id for t in again.tracker.running] == [task.id]
        await until(lambda: ("GET", f"/api/v2/tasks/{task.id}") in sim.requests[-5:], what="the task polled again")
        clock.advance(601)  # type: ignore[attr-defined]
        await until(lambda: not again.tracker.running, what="the resumed task to end")
        await pilot.press("q")
        await until(lambda: not again.is_running, what="exit")
    [entry] = again.journal.entries()
    assert (entry.task_id, entry.state, entry.environment) == (task.id, "succeeded", "test-area")

    third = restarted(sim, settings)
    async with third.run_test(size=(140, 40)) as pilot:
        await ready(third, until)
        assert third.tracker.running == []
        await pilot.press("t")
        label = f"{image.family}:{image.tag}"
        await until(lambda: label in screen(third), what="the earlier task in the panel")
        assert f"Earlier: Deleted {label}." in screen(third)
        assert task.id in screen(third)
        await pilot.press("q")


def test_a_task_not_seen_to_end_and_too_old_to_follow_is_listed_as_expired() -> None:
    entry = Entry("ops", IN_PROCESS_URL, "test-area", "create", "web:v1", "web:v1", "t-9", 1000.0, "PENDING")
    task = earlier_task(entry)
    assert (task.state, task.finished) == (TaskState.EXPIRED, True)
    assert task.message.startswith("Earlier: not seen to end")


async def test_a_delete_from_everywhere_is_journalled_in_its_rows_environment_and_resumed_there(
    client: CoxEdgeClient,
    settings: Settings,
    sim: Simulator,
    clock: object,
    until: Until,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The session is in test-area; the row deleted is production's (as the Everywhere view sends it). No app is
    run: the journal hears of the task through the app's tracker, and a second app resumes it at its start."""
    sim.task_delay = 600.0
    first = new_app(client, settings)
    production = client.for_environment("production")
    image = next(i for i in await production.list_images() if i.is_custom)
    row = placed(image, "production")  # a row of the Everywhere view
    actions = ImageActions(client=lambda: first.client, tracker=lambda: first.tracker, clock=lambda: FIXED_NOW)
    await actions.delete(row, production)
    [entry] = first.journal.entries()
    assert (entry.image_id, entry.environment, entry.state) == (image.id, "production", "running")
    await first.tracker.aclose()

    assert main(["tasks", "list", "--all"]) == 0
    [line] = [line for line in capsys.readouterr().out.splitlines() if entry.task_id in line]
    assert " production " in line and " test-area " not in line

    again = restarted(sim, settings)
    again.resume_tasks()
    [task] = again.tracker.running
    assert (task.id, task.environment) == (entry.task_id, "production")
    clock.advance(601)  # type: ignore[attr-defined]
    await until(lambda: not again.tracker.running, what="the resumed task to end")
    [entry] = again.journal.entries()
    assert (entry.state, entry.environment) == ("succeeded", "production")
    await again.tracker.aclose()
    await again.client.aclose()
