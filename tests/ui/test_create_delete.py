"""Creating and deleting custom images from the app, each task followed to its end."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

import pytest
from textual import events

from coxedge_tui.api.models import Image
from coxedge_tui.settings.config import Settings
from coxedge_tui.sim import Simulator
from coxedge_tui.sim.faults import Endpoint, FaultKind
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.confirm_delete import ConfirmDeleteScreen
from coxedge_tui.ui.screens.confirm_quit import ConfirmQuitScreen
from coxedge_tui.ui.screens.create_image import CreateImageScreen
from coxedge_tui.ui.widgets.tasks_panel import TasksPanel
from tests.conftest import FakeClock
from tests.virtual_time import VirtualTime

Until = Callable[..., Awaitable[None]]


def posts(sim: Simulator) -> list[str]:
    return [p for m, p in sim.requests if m in ("POST", "DELETE")]


def messages(app: CoxEdgeApp) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


async def ready(app: CoxEdgeApp, until: Until) -> BrowseScreen:
    await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
    assert isinstance(app.screen, BrowseScreen)
    return app.screen


async def open_form(app: CoxEdgeApp, pilot: object, until: Until) -> CreateImageScreen:
    await pilot.press("n")  # type: ignore[attr-defined]
    await until(lambda: isinstance(app.screen, CreateImageScreen), what="the create form")
    form = app.screen
    assert isinstance(form, CreateImageScreen)
    await until(lambda: not form.query_one("#workload-pick").disabled, what="workloads listed")
    return form


async def fill(pilot: object, form: CreateImageScreen, until: Until, family: str, tag: str) -> None:
    """Type family and tag, then pick the first VM workload and its first instance from the pickers."""
    press = pilot.press  # type: ignore[attr-defined]
    await press(*family, "tab", *tag, "tab")
    await press("enter", "down", "enter")  # open the workload list, take the first workload
    await until(lambda: not form.query_one("#instance-pick").disabled, what="instances listed")
    await press("tab", "enter", "down", "enter")


async def paste(app: CoxEdgeApp, pilot: object, text: str) -> None:
    """As a terminal delivers a paste: one event to the focused field (an id is pasted more than typed)."""
    app.post_message(events.Paste(text))
    await pilot.pause()  # type: ignore[attr-defined]


async def tasks_ended(app: CoxEdgeApp, vt: VirtualTime, until: Until) -> None:
    """Once a task is followed, let virtual time pass (a task takes 4 s), checking on the way, until all have ended."""
    await until(lambda: app.tracker.tasks, what="a task followed")
    await vt.run_until(app.tracker, lambda: not app.tracker.running)


async def delete_first_custom(app: CoxEdgeApp, browse: BrowseScreen, pilot: object, until: Until) -> Image:
    """As a user: show custom images, press d on the first, confirm with y; returns that image."""
    press = pilot.press  # type: ignore[attr-defined]
    await press("3")
    await until(lambda: all(i.is_custom for i in browse.image_table.view), what="custom images")
    image = browse.image_table.current_image
    assert image is not None
    await press("d")
    await until(lambda: isinstance(app.screen, ConfirmDeleteScreen), what="the confirmation")
    await press("y")
    return image


async def test_the_form_validates_live_and_sends_nothing_while_invalid(
    fast: CoxEdgeApp, sim: Simulator, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    async with fast.run_test(size=(100, 36)) as pilot:
        await ready(fast, until)
        form = await open_form(fast, pilot, until)
        await pilot.press(*"Web_App", "tab", *"-v1")
        text = screen(fast)
        assert "Family must be lower case." in text
        assert "Tag must not start with '.' or '-'." in text
        await pilot.press("ctrl+s")
        assert "Not sent. Fix first:" in screen(fast)
        assert "A workload is required" in screen(fast)
        assert posts(sim) == []
        assert fast.screen is form


async def test_a_created_image_appears_at_once_and_its_task_is_followed_to_ready(
    paced: CoxEdgeApp, sim: Simulator, vt: VirtualTime, until: Until
) -> None:
    async with paced.run_test(size=(120, 40)) as pilot:
        browse = await ready(paced, until)
        form = await open_form(paced, pilot, until)
        await fill(pilot, form, until, "web-frontend", "v2026.11.27")
        await pilot.press("ctrl+s")
        await until(lambda: paced.screen is browse, what="the form to close")
        await until(
            lambda: any(i.family == "web-frontend" for i in browse.image_table.view), what="the new row at once"
        )
        new = next(i for i in browse.image_table.view if i.family == "web-frontend")
        assert new.status in ("PENDING", "PROCESSING")
        assert posts(sim) == ["/api/v2/services/edge-services/test-area/images"]
        assert [t.label for t in paced.tracker.running] == ["web-frontend:v2026.11.27"]
        await tasks_ended(paced, vt, until)
        await until(
            lambda: any(i.family == "web-frontend" and i.status == "READY" for i in browse.image_table.view),
            what="the row to turn READY",
        )
        assert "Created web-frontend:v2026.11.27." in messages(paced)


async def test_a_server_rejection_keeps_the_form_open_with_everything_typed(
    fast: CoxEdgeApp, sim: Simulator, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    async with fast.run_test(size=(120, 40)) as pilot:
        await ready(fast, until)
        form = await open_form(fast, pilot, until)
        await fill(pilot, form, until, "raced", "v1")
        env = sim.envs["test-area"]
        twin = next(iter(env.images.values()))
        sim.add_image("test-area", replace(twin, family="raced", tag="v1"))  # made elsewhere after our list
        await pilot.press("ctrl+s")
        problem = form.query_one("#server-problem")
        await until(lambda: "already exists (HTTP 409)" in str(problem.render()), what="the server's message")
        assert fast.screen is form
        assert form.value("family") == "raced" and form.value("tag") == "v1"
        assert form.value("workload") and form.value("instance")


async def test_a_duplicate_of_a_listed_image_is_caught_before_sending(
    fast: CoxEdgeApp, sim: Simulator, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    async with fast.run_test(size=(120, 40)) as pilot:
        await ready(fast, until)
        form = await open_form(fast, pilot, until)
        await pilot.press(*"web", "tab", *"v2020.12.11-0")
        assert "An image web:v2020.12.11-0 already exists here; choose another tag." in screen(fast)
        await pilot.press("ctrl+s")
        assert posts(sim) == [] and fast.screen is form


async def test_cancelling_keeps_the_draft_for_next_time(fast: CoxEdgeApp, until: Until) -> None:
    async with fast.run_test(size=(120, 40)) as pilot:
        browse = await ready(fast, until)
        form = await open_form(fast, pilot, until)
        await pilot.press(*"half-typed", "tab", *"v9")
        await pilot.press("escape")
        await until(lambda: fast.screen is browse, what="the form to close")
        form = await open_form(fast, pilot, until)
        assert form.value("family") == "half-typed" and form.value("tag") == "v9"


async def test_a_workload_can_be_typed_by_hand(fast: CoxEdgeApp, sim: Simulator, until: Until) -> None:
    vm = next(w for w in sim.envs["test-area"].workloads.values() if w.type == "VM")
    async with fast.run_test(size=(120, 40)) as pilot:
        browse = await ready(fast, until)
        form = await open_form(fast, pilot, until)
        await pilot.press(*"by-hand", "tab", *"v1", "tab", "enter", "end", "enter")  # "Type the workload id by hand…"
        await until(lambda: form.query_one("#workload").has_focus, what="the by-hand box")
        await paste(fast, pilot, vm.id)
        await pilot.press("enter")  # Enter lists that workload's instances, and their picker takes focus
        await until(lambda: form.query_one("#instance-pick").has_focus, what="instances listed")
        await pilot.press("enter", "end", "enter")  # "Type the instance name by hand…"
        await until(lambda: form.query_one("#instance").has_focus, what="the instance box")
        await paste(fast, pilot, vm.instances[0].name)
        await pilot.press("ctrl+s")
        await until(lambda: fast.screen is browse, what="the form to close")
        assert posts(sim) == ["/api/v2/services/edge-services/test-area/images"]
        assert any(i.family == "by-hand" and i.tag == "v1" for i in sim.envs["test-area"].images.values())


async def test_default_images_cannot_be_deleted_and_the_app_says_why(
    fast: CoxEdgeApp, sim: Simulator, until: Until
) -> None:
    async with fast.run_test(size=(120, 40)) as pilot:
        browse = await ready(fast, until)
        await pilot.press("2")
        await until(lambda: all(not i.is_custom for i in browse.image_table.view), what="default images")
        await pilot.press("d")
        assert "cannot be deleted" in messages(fast)
        assert not isinstance(fast.screen, ConfirmDeleteScreen)
        assert posts(sim) == []


async def test_delete_asks_first_names_the_image_and_warns_who_uses_it(
    fast: CoxEdgeApp, sim: Simulator, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    async with fast.run_test(size=(120, 40)) as pilot:
        browse = await ready(fast, until)
        await pilot.press("3")
        await until(lambda: all(i.is_custom for i in browse.image_table.view), what="custom images")
        image = browse.image_table.current_image
        assert image is not None and image.family == "web"
        await pilot.press("d")
        await until(lambda: isinstance(fast.screen, ConfirmDeleteScreen), what="the confirmation")
        warning = "Warning: used by web-vm (VM, RUNNING; SP-2: 2 vCPU, 4Gi)."
        await until(lambda: warning in screen(fast), what="the usage warning")
        text = screen(fast)
        assert image.reference in text and image.id in text
        await pilot.press("d")  # the opening key again does not confirm
        await pilot.press("enter")  # Cancel has the focus
        await until(lambda: fast.screen is browse, what="the dialog to close")
        assert posts(sim) == []


async def test_a_confirmed_delete_shows_deleting_then_the_row_goes(
    paced: CoxEdgeApp, sim: Simulator, vt: VirtualTime, until: Until
) -> None:
    async with paced.run_test(size=(120, 40)) as pilot:
        browse = await ready(paced, until)
        await pilot.press("3", "j")
        await until(lambda: browse.image_table.current_image and browse.image_table.current_image.is_custom, what="x")
        image = browse.image_table.current_image
        assert image is not None
        await pilot.press("d")
        await until(lambda: isinstance(paced.screen, ConfirmDeleteScreen), what="the confirmation")
        await pilot.press("y")
        await until(lambda: browse.image_table.marks.get(image.id) == "DELETING", what="DELETING mark")
        assert posts(sim) == [f"/api/v2/services/edge-services/test-area/images/{image.id}"]
        await tasks_ended(paced, vt, until)
        await until(lambda: all(i.id != image.id for i in browse.image_table.view), what="the row to go")
        assert f"Deleted {image.family}:{image.tag}." in messages(paced)


async def test_a_failed_delete_keeps_the_row_and_says_why(
    paced: CoxEdgeApp, sim: Simulator, vt: VirtualTime, until: Until
) -> None:
    sim.fail_next_tasks = 1
    async with paced.run_test(size=(120, 40)) as pilot:
        browse = await ready(paced, until)
        image = await delete_first_custom(paced, browse, pilot, until)
        await tasks_ended(paced, vt, until)
        await until(lambda: "failed" in messages(paced), what="failure notification")
        assert "The simulated operation failed on the edge node." in messages(paced)
        assert image.id not in browse.image_table.marks
        assert any(i.id == image.id for i in browse.image_table.view)


async def test_the_tasks_panel_lists_the_session_tasks(
    paced: CoxEdgeApp, sim: Simulator, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    async with paced.run_test(size=(120, 40)) as pilot:
        browse = await ready(paced, until)
        image = await delete_first_custom(paced, browse, pilot, until)
        await until(lambda: bool(paced.tracker.tasks), what="a task")
        await pilot.press("t")
        panel = browse.query_one(TasksPanel)
        assert panel.display
        await until(lambda: f"{image.family}:{image.tag}" in screen(paced), what="the task row")
        assert "delete" in screen(paced) and "PENDING" in screen(paced)


async def test_quitting_with_a_running_task_asks_first(paced: CoxEdgeApp, until: Until) -> None:
    async with paced.run_test(size=(120, 40)) as pilot:
        browse = await ready(paced, until)
        await pilot.press("3", "d")
        await until(lambda: isinstance(paced.screen, ConfirmDeleteScreen), what="the confirmation")
        await pilot.press("y")
        await until(lambda: bool(paced.tracker.running), what="a running task")
        await pilot.press("q")
        await until(lambda: isinstance(paced.screen, ConfirmQuitScreen), what="the quit question")
        await pilot.press("escape")
        assert paced.screen is browse and paced.is_running
        await pilot.press("q")
        await until(lambda: isinstance(paced.screen, ConfirmQuitScreen), what="the quit question")
        await pilot.press("y")
        await until(lambda: not paced.is_running, what="exit")


async def test_read_only_mode_refuses_create_and_delete_with_a_reason(
    client: object, settings: Settings, sim: Simulator, until: Until
) -> None:
    app = CoxEdgeApp(client, replace(settings, read_only=True))  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, until)
        await pilot.press("n")
        assert not isinstance(app.screen, CreateImageScreen)
        await pilot.press("3", "d")
        assert "Read-only mode" in messages(app)
        assert posts(sim) == []


@pytest.mark.long(6)
async def test_an_image_being_created_does_not_follow_the_user_into_another_environment(
    fast: CoxEdgeApp, sim: Simulator, until: Until
) -> None:
    from coxedge_tui.ui import session

    async with fast.run_test(size=(120, 40)) as pilot:
        browse = await ready(fast, until)
        form = await open_form(fast, pilot, until)
        await fill(pilot, form, until, "stays-home", "v1")
        await pilot.press("ctrl+s")
        await until(lambda: any(i.family == "stays-home" for i in browse.image_table.images), what="pending row")
        session.switch_environment(fast, "production")
        await until(lambda: fast.client.environment == "production" and browse.image_table.row_count > 0, what="x")
        await until(
            lambda: {i.id for i in browse.image_table.images} == set(sim.envs["production"].images),
            what="production's own images only",
        )
        assert not any(i.family == "stays-home" for i in browse.image_table.images)


async def test_a_row_stays_marked_deleting_across_tab_switches_and_cannot_be_deleted_twice(
    paced: CoxEdgeApp, sim: Simulator, until: Until
) -> None:
    async with paced.run_test(size=(120, 40)) as pilot:
        browse = await ready(paced, until)
        image = await delete_first_custom(paced, browse, pilot, until)
        await until(lambda: bool(paced.tracker.running), what="the delete task")
        await pilot.press("2")
        await until(lambda: all(not i.is_custom for i in browse.image_table.view), what="default images")
        await pilot.press("3")
        await until(lambda: any(i.id == image.id for i in browse.image_table.view), what="custom images again")
        await until(lambda: browse.image_table.marks.get(image.id) == "DELETING", what="the mark kept")
        browse.image_table.move_cursor(row=next(n for n, i in enumerate(browse.image_table.view) if i.id == image.id))
        await pilot.press("d")
        assert "already being deleted" in messages(paced)
        assert sum(1 for m, _ in sim.requests if m == "DELETE") == 1


async def test_the_tasks_panel_elapsed_time_ticks(
    paced: CoxEdgeApp, clock: FakeClock, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    async with paced.run_test(size=(120, 40)) as pilot:
        browse = await ready(paced, until)
        await pilot.press("3", "d")
        await until(lambda: isinstance(paced.screen, ConfirmDeleteScreen), what="the confirmation")
        await pilot.press("y", "t")
        await until(lambda: bool(paced.tracker.running), what="a running task")
        clock.advance(75)  # no check is due before time runs: the task stays running, 75 s old
        await until(lambda: "1 min 15 s" in screen(paced), timeout=10, what="the elapsed column to tick")
        assert browse.query_one(TasksPanel).display


@pytest.mark.parametrize("kind", [FaultKind.NO_CONTENT, FaultKind.EMPTY], ids=str)
async def test_a_delete_accepted_without_a_task_ends_as_deleted_in_the_list_and_the_tasks_panel(
    paced: CoxEdgeApp, sim: Simulator, vt: VirtualTime, screen: Callable[[CoxEdgeApp], str], until: Until,
    kind: FaultKind,
) -> None:
    sim.faults.inject(Endpoint.DELETE, kind)
    async with paced.run_test(size=(160, 40)) as pilot:
        browse = await ready(paced, until)
        image = await delete_first_custom(paced, browse, pilot, until)
        label = f"{image.family}:{image.tag}"
        await until(lambda: browse.image_table.marks.get(image.id) == "DELETING", what="DELETING mark")
        await pilot.press("t")
        await until(lambda: "no task #1" in screen(paced), what="the check in the tasks panel")
        assert "ACCEPTED" in screen(paced) or "READY" in screen(paced)
        await tasks_ended(paced, vt, until)
        await until(lambda: all(i.id != image.id for i in browse.image_table.view), what="the row to go")
        await until(lambda: "SUCCEEDED" in screen(paced), what="the tasks panel to show it done")
        assert f"Deleted {label}." in messages(paced)
        assert "probably applied" not in messages(paced)
        assert len(posts(sim)) == 1
