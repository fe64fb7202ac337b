"""The tasks panel takes the focus: move among tasks, copy a task id, read a task's whole outcome."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from test_create_delete import fill, open_form

from coxedge_tui.core.tracked_task import TaskState, TrackedTask
from coxedge_tui.sim import Simulator
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.task_outcome import TaskOutcomeScreen
from coxedge_tui.ui.widgets.image_table import ImageTable
from coxedge_tui.ui.widgets.tasks_panel import TasksPanel

Until = Callable[..., Awaitable[None]]
Screen = Callable[[CoxEdgeApp], str]


@pytest.mark.long(8)
async def test_t_moves_into_the_tasks_c_copies_an_id_enter_shows_the_whole_outcome_esc_goes_back(
    fast: CoxEdgeApp, sim: Simulator, until: Until, screen: Screen
) -> None:
    app = fast  # task checks every 50 ms
    sim.instant_tasks = True
    async with app.run_test(size=(160, 40)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count, what="rows")
        for family, fails in (("first", 0), ("second", 1)):
            sim.fail_next_tasks = fails
            form = await open_form(app, pilot, until)
            await fill(pilot, form, until, family, "v1")
            await pilot.press("ctrl+s")
            await until(lambda: len(app.tracker.tasks) == (1 if family == "first" else 2), what="the task")  # noqa: B023
        await until(lambda: not app.tracker.running, what="both tasks ended")
        first, second = app.tracker.tasks

        await pilot.press("t")
        assert isinstance(app.focused, TasksPanel)
        await pilot.press("j", "k", "j")  # down to the second task, the failed one
        await pilot.press("c")
        assert app.clipboard == second.id
        assert f"Copied task id: {second.id}" in [f"{n.title}: {n.message}" for n in app._notifications]

        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, TaskOutcomeScreen), what="the outcome window")
        shown = " ".join(screen(app).split())
        for expected in (
            f"Task id {second.id}",
            "Operation create",
            "second:v1",
            "State FAILED",
            "Outcome The simulated operation failed on the edge node.",
            '"error": "The simulated operation failed on the edge node."',
            "Started 2026-11-27",
        ):
            assert expected in shown, expected
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen) and isinstance(app.focused, TasksPanel)
        await pilot.press("k", "c")
        assert app.clipboard == first.id
        await pilot.press("escape")
        assert isinstance(app.focused, ImageTable)


async def test_a_task_that_ends_right_after_the_panel_was_drawn_shows_its_whole_outcome(
    app: CoxEdgeApp, until: Until, screen: Screen
) -> None:
    """Its columns widen on idle, after the cell changed; lines drawn in between must not keep the old widths."""
    reason = "The simulated operation failed on the edge node, and here is why at length."
    async with app.run_test(size=(180, 30)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count, what="rows")
        await pilot.press("t")
        panel = app.screen.query_one(TasksPanel)
        task = TrackedTask(id="t-1", operation="delete", image_id="i-1", label="web:v1", status="RUNNING")
        panel.show_task(task)
        await pilot.pause()
        task.state, task.message = TaskState.FAILED, reason
        panel.show_task(task)
        screen(app)  # a frame drawn before the table's idle step measures the new outcome
        await pilot.pause()
        assert reason in screen(app)
