"""The Everywhere tab (0), under faults: every environment's images, a failing one as its own line, rows acting
in their own environment."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.core.list_cache import ListCache, View
from coxedge_tui.core.type_views import EVERY_ENVIRONMENT
from coxedge_tui.settings.config import Settings
from coxedge_tui.sim import Endpoint, FaultKind, Simulator
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.create_image import CreateImageScreen
from coxedge_tui.ui.screens.login import LoginScreen
from coxedge_tui.ui.widgets.tasks_panel import TasksPanel
from tests.conftest import screen_text

Until = Callable[..., Awaitable[None]]
FAILED_LINE = "production: API key refused (HTTP 403) · r retries"


def browse(app: CoxEdgeApp) -> BrowseScreen:
    screen = app.screen
    assert isinstance(screen, BrowseScreen)
    return screen


def places(screen: BrowseScreen) -> set[str]:
    return {screen.environment_of(image) for image in screen.image_table.view}


async def test_one_environment_failing_is_a_line_of_the_list_the_others_are_listed_and_r_retries(
    app: CoxEdgeApp, sim: Simulator, until: Until
) -> None:
    sim.faults.always(Endpoint.LIST, FaultKind.FORBIDDEN, environment="production")
    async with app.run_test(size=(150, 40)) as pilot:
        await until(lambda: browse(app).image_table.row_count > 0, what="the first list")
        await pilot.press("0")
        screen = browse(app)
        await until(lambda: FAILED_LINE in screen_text(app), what="the failed environment's line")
        shown = screen_text(app)
        assert "Environment" in shown and "every environment" in shown and "1 of 2 environments failed" in shown
        assert places(screen) == {"test-area"}
        assert screen.image_table.row_count == len(sim.envs["test-area"].images)
        assert not any(isinstance(s, LoginScreen) for s in app.screen_stack)  # the key works elsewhere

        sim.faults.clear()
        await pilot.press("r")
        await until(lambda: places(screen) == {"test-area", "production"}, what="both environments")
        assert FAILED_LINE not in screen_text(app)
        assert screen.image_table.row_count == sum(len(env.images) for env in sim.envs.values())

        await pilot.press("slash", *"env:production")  # the filter reads each row's own environment
        await until(lambda: places(screen) == {"production"}, what="the rows of production")
        assert screen.image_table.row_count == len(sim.envs["production"].images)
        await pilot.press(*" used:no")  # one environment's workloads cannot answer for every environment's rows
        await until(lambda: "answered one environment at a time" in screen_text(app), what="the used: note")
        assert screen.image_table.row_count == 0


def go_to(screen: BrowseScreen, environment: str, image_id: str) -> None:
    row = next(
        n for n, image in enumerate(screen.image_table.view)
        if image.id == image_id and screen.environment_of(image) == environment
    )
    screen.image_table.move_cursor(row=row)


def used_image(sim: Simulator, environment: str) -> str:
    """A custom image of `environment` that one of its workloads runs."""
    env = sim.envs[environment]
    used = {w.image for w in env.workloads.values()}
    return next(i.id for i in env.images.values() if i.custom and i.reference in used)


def paths(sim: Simulator, method: str, suffix: str) -> list[str]:
    return [r.path for r in sim.received if r.method == method and r.path.endswith(suffix)]


async def test_xray_of_a_row_asks_its_environment_and_says_when_its_workloads_call_fails(
    app: CoxEdgeApp, sim: Simulator, until: Until
) -> None:
    sim.faults.always(Endpoint.WORKLOADS, FaultKind.BAD_GATEWAY, environment="production")
    async with app.run_test(size=(150, 40)) as pilot:
        await until(lambda: browse(app).image_table.row_count > 0, what="the first list")
        await pilot.press("0")
        screen = browse(app)
        await until(lambda: places(screen) == {"test-area", "production"}, what="both environments")
        go_to(screen, "production", used_image(sim, "production"))
        await pilot.press("u")
        await until(lambda: "usage unknown" in screen_text(app), what="the x-ray's failure")
        shown = screen_text(app)
        assert "in production" in shown and "HTTP 502" in shown
        assert paths(sim, "GET", "/production/workloads")  # asked where the row is, not in the session's
        await pilot.press("escape")

        go_to(screen, "test-area", used_image(sim, "test-area"))
        await pilot.press("u")
        await until(lambda: "web-vm" in screen_text(app), what="test-area's workload in the x-ray")
        assert "in test-area" in screen_text(app) and "usage unknown" not in screen_text(app)


async def test_delete_from_everywhere_asks_naming_the_environment_and_deletes_there(
    fast: CoxEdgeApp, sim: Simulator, clock: object, until: Until
) -> None:
    app = fast
    target = next(i for i in sim.envs["production"].images.values() if i.custom and i.family == "cache")
    other = next(i for i in sim.envs["test-area"].images.values() if i.custom)
    async with app.run_test(size=(150, 40)) as pilot:
        await until(lambda: browse(app).image_table.row_count > 0, what="the first list")
        await pilot.press("0")
        screen = browse(app)
        await until(lambda: places(screen) == {"test-area", "production"}, what="both environments")
        go_to(screen, "production", target.id)
        await until(lambda: "Environment production" in screen_text(app), what="the detail pane saying where")

        await pilot.press("space")  # marks from two environments: one question naming each image's
        go_to(screen, "test-area", other.id)
        await pilot.press("space", "d")
        await until(lambda: "Delete 2 custom images?" in screen_text(app), what="the marks' question")
        await until(lambda: "Checking whether" not in screen_text(app), what="both environments' workloads")
        lines = screen_text(app).splitlines()
        for environment, image in (("production", target), ("test-area", other)):  # each used where it is
            users = [w.name for w in sim.envs[environment].workloads.values() if w.image == image.reference]
            said = f"{environment}: {image.family}:{image.tag}"
            assert users and any(said in line and f"USED BY {', '.join(users)}" in line for line in lines), said
        await pilot.press("escape", "escape")  # no delete, and the marks go
        assert not paths(sim, "DELETE", "")

        go_to(screen, "production", target.id)
        await pilot.press("d")
        await until(lambda: "Delete this custom image?" in screen_text(app), what="the question")
        await until(lambda: "Not used by any workload" in screen_text(app) or "used by" in screen_text(app))
        assert "Environment" in screen_text(app) and "production" in screen_text(app)
        await pilot.press("y")
        await until(lambda: paths(sim, "DELETE", ""), what="the delete")
        assert [p.split("/images/")[0].rsplit("/", 1)[-1] for p in paths(sim, "DELETE", "")] == ["production"]
        await until(lambda: screen.image_table.marks.get(target.id) == "DELETING", what="its row marked DELETING")
        await pilot.press("t")  # the tasks panel says where the task runs
        panel = app.screen.query_one(TasksPanel)
        [task] = app.tracker.tasks
        assert (task.label, task.environment) == (f"{target.family}:{target.tag}", "production")
        assert str(panel.get_cell(task.id, "environment")) == "production"
        clock.advance(5)  # type: ignore[attr-defined]
        await until(  # the notice says where
            lambda: any(n.title == "Task succeeded in production" for n in app._notifications),
            what="the end notice naming production",
        )


async def test_the_create_form_from_everywhere_asks_where_starting_at_the_rows_environment(
    app: CoxEdgeApp, sim: Simulator, until: Until
) -> None:
    async with app.run_test(size=(150, 50)) as pilot:
        await until(lambda: browse(app).image_table.row_count > 0, what="the first list")
        await pilot.press("0")
        screen = browse(app)
        await until(lambda: places(screen) == {"test-area", "production"}, what="both environments")
        go_to(screen, "production", used_image(sim, "production"))
        await pilot.press("n")
        await until(lambda: "New custom image in production" in screen_text(app), what="the form")
        await until(lambda: paths(sim, "GET", "/production/workloads"), what="production's workloads")
        from textual.widgets import Input, Select

        form = app.screen
        assert isinstance(form, CreateImageScreen)
        pick = form.query_one("#environment-pick", Select)
        assert pick.value == "production"
        taken = {(i.family, i.tag) for i in sim.envs["production"].images.values() if i.custom}
        there = [(i.family, i.tag) for i in sim.envs["test-area"].images.values() if i.custom]
        family, tag = next(name for name in there if name not in taken)
        form.query_one("#family", Input).value, form.query_one("#tag", Input).value = family, tag
        duplicate = f"An image {family}:{tag} already exists here"
        await until(lambda: {"family", "tag"} <= form.touched, what="both fields judged")
        assert duplicate not in screen_text(app)  # production has no such image
        pick.value = "test-area"
        await until(lambda: "New custom image in test-area" in screen_text(app), what="the other environment")
        await until(lambda: duplicate in screen_text(app), what="test-area's image of that family:tag")
        await until(lambda: paths(sim, "GET", "/test-area/workloads"), what="test-area's workloads")


async def test_all_environments_opens_on_everywhere_and_its_list_is_saved_for_the_next_start(
    client: CoxEdgeClient, settings: Settings, sim: Simulator, tmp_path: Path, until: Until
) -> None:
    cache = ListCache(tmp_path / "lists")
    app = CoxEdgeApp(client, replace(settings, all_environments=True), list_cache=cache)
    async with app.run_test(size=(150, 40)):
        screen = browse(app)
        await until(lambda: places(screen) == {"test-area", "production"}, what="both environments at once")
        assert "every environment" in screen_text(app) and "Environment" in screen_text(app)
        everywhere = replace(sim_view(settings), environment=EVERY_ENVIRONMENT)
        await until(lambda: cache.load(everywhere) is not None, what="the Everywhere list saved")
    saved = cache.load(everywhere)
    assert saved is not None
    assert {image.environment for image in saved.images} == {"test-area", "production"}
    assert cache.load(sim_view(settings)) is None  # the one-environment view keeps its own saved list

    sim.latency = 0.5  # the live list takes a while: the saved one paints first
    again = CoxEdgeApp(client, replace(settings, all_environments=True), list_cache=cache)
    async with again.run_test(size=(150, 40)):
        await until(lambda: "list saved" in screen_text(again), what="the saved Everywhere list")
        assert places(browse(again)) == {"test-area", "production"}


def sim_view(settings: Settings) -> View:
    return View(settings.profile, settings.api_url, settings.service, settings.organization, settings.environment)


async def test_auto_refresh_reloads_every_environment_and_shows_one_failing_then_recovering(
    app: CoxEdgeApp, sim: Simulator, until: Until
) -> None:
    app.session = replace(
        app.session, settings=replace(app.session.settings, refresh_seconds=30, all_environments=True)
    )
    async with app.run_test(size=(150, 40)):
        screen = browse(app)
        await until(lambda: places(screen) == {"test-area", "production"}, what="both environments")
        timers = screen.start_timer = VirtualTimers()
        sim.faults.always(Endpoint.LIST, FaultKind.SERVER_ERROR, environment="production")
        screen.load_images()  # as the refresh planned before the timers were replaced
        failed = "production: Server error (HTTP 500) · its rows as last listed · r retries"
        await until(lambda: failed in screen_text(app), what="the failure line")
        assert places(screen) == {"test-area", "production"}  # a failed request leaves its rows as they were
        await until(lambda: timers.started, what="the next refresh planned")
        assert timers.started[-1][0] == 30  # the others answered: no backing off

        sim.faults.clear()
        timers.started[-1][1]()  # 30 s pass
        await until(lambda: "production: Server error" not in screen_text(app), what="production back")
        assert places(screen) == {"test-area", "production"}
        assert [r.path for r in sim.received].count("/api/v2/services/edge-services/production/images") == 3


class VirtualTimers:
    """Stands in for the screen's refresh timer: records each delay; the test says when it has passed."""

    def __init__(self) -> None:
        self.started: list[tuple[float, Callable[[], None]]] = []

    def __call__(self, delay: float, callback: Callable[[], None]) -> VirtualTimers:
        self.started.append((delay, callback))
        return self

    def stop(self) -> None:
        pass
