"""A create or delete whose answer is lost is never retried; the app asks the server what happened."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from coxedge_tui.sim import Simulator
from coxedge_tui.sim.faults import Endpoint, FaultKind
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.confirm_delete import ConfirmDeleteScreen
from coxedge_tui.ui.screens.create_image import CreateImageScreen

Until = Callable[..., Awaitable[None]]


def messages(app: CoxEdgeApp) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


def writes(sim: Simulator) -> int:
    return sum(1 for m, _ in sim.requests if m in ("POST", "DELETE"))


async def filled_form(app: CoxEdgeApp, pilot: object, until: Until, family: str) -> CreateImageScreen:
    press = pilot.press  # type: ignore[attr-defined]
    await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
    await press("n")
    await until(lambda: isinstance(app.screen, CreateImageScreen), what="form")
    form = app.screen
    assert isinstance(form, CreateImageScreen)
    await until(lambda: not form.query_one("#workload-pick").disabled, what="workloads")
    await press(*family, "tab", *"v1", "tab", "enter", "down", "enter")
    await until(lambda: not form.query_one("#instance-pick").disabled, what="instances")
    await press("tab", "enter", "down", "enter")
    return form


async def test_a_create_whose_answer_is_lost_but_happened_is_reported_as_created(
    app: CoxEdgeApp, sim: Simulator, until: Until
) -> None:
    sim.faults.inject(Endpoint.CREATE, FaultKind.DROP)
    async with app.run_test(size=(120, 40)) as pilot:
        await filled_form(app, pilot, until, "lost-but-made")
        await pilot.press("ctrl+s")
        await until(lambda: isinstance(app.screen, BrowseScreen), what="the form to close")
        await until(lambda: "the create went through" in messages(app), what="the reconciliation")
        assert writes(sim) == 1  # never sent twice
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        await until(lambda: any(i.family == "lost-but-made" for i in browse.image_table.images), what="the row")


async def test_a_create_whose_answer_is_lost_and_cannot_be_checked_keeps_the_form_and_warns_of_a_duplicate(
    app: CoxEdgeApp, sim: Simulator, until: Until
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        form = await filled_form(app, pilot, until, "unchecked")
        sim.faults.inject(Endpoint.CREATE, FaultKind.DROP)
        sim.faults.always(Endpoint.LIST, FaultKind.FORBIDDEN)
        await pilot.press("ctrl+s")
        problem = form.query_one("#server-problem")
        await until(lambda: "checking failed too" in str(problem.render()), what="the message")
        said = str(problem.render())
        assert said.startswith("The create's answer was lost and checking failed too. ")
        assert said.endswith("Refresh the list (r) before sending again, or you may get a duplicate.")
        assert app.screen is form and form.value("family") == "unchecked"
        assert writes(sim) == 1  # never sent twice


async def test_a_create_that_never_left_keeps_the_form_and_says_nothing_changed(
    app: CoxEdgeApp, sim: Simulator, until: Until
) -> None:
    sim.faults.inject(Endpoint.CREATE, FaultKind.REFUSED)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await filled_form(app, pilot, until, "never-sent")
        await pilot.press("ctrl+s")
        problem = form.query_one("#server-problem")
        await until(lambda: "Nothing was sent, so nothing changed." in str(problem.render()), what="the message")
        assert app.screen is form and form.value("family") == "never-sent"
        assert not any(i.family == "never-sent" for i in sim.envs["test-area"].images.values())


async def test_a_delete_whose_answer_is_lost_is_checked_against_the_server(
    app: CoxEdgeApp, sim: Simulator, clock: object, until: Until
) -> None:
    sim.faults.inject(Endpoint.DELETE, FaultKind.DROP)
    sim.instant_tasks = True
    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        await pilot.press("3")
        await until(lambda: all(i.is_custom for i in browse.image_table.view), what="custom images")
        image = browse.image_table.current_image
        assert image is not None
        await pilot.press("d")
        await until(lambda: isinstance(app.screen, ConfirmDeleteScreen), what="confirmation")
        await pilot.press("y")
        await until(lambda: "the delete went through" in messages(app), what="the reconciliation")
        assert "Outcome unknown" in messages(app)
        assert writes(sim) == 1
        await until(lambda: all(i.id != image.id for i in browse.image_table.view), what="the row to go")
