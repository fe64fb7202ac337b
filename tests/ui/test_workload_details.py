"""What the richer workload and instance objects show: where an instance runs, how big a workload is."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from coxedge_tui.sim import Simulator
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.create_image import CreateImageScreen

Until = Callable[..., Awaitable[None]]
MARKUP = "[bold]8Gi[/]"


async def instance_picker_open(app: CoxEdgeApp, pilot: object, until: Until) -> CreateImageScreen:
    """As a user: open the form, take the first VM workload, open the instance picker."""
    press = pilot.press  # type: ignore[attr-defined]
    await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
    await press("n")
    await until(lambda: isinstance(app.screen, CreateImageScreen), what="the create form")
    form = app.screen
    assert isinstance(form, CreateImageScreen)
    await until(lambda: not form.query_one("#workload-pick").disabled, what="workloads listed")
    await press("tab", "tab", "enter", "down", "enter")
    await until(lambda: not form.query_one("#instance-pick").disabled, what="instances listed")
    await press("tab", "enter")
    return form


async def test_the_instance_picker_shows_where_each_instance_runs_and_its_address(
    app: CoxEdgeApp, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await instance_picker_open(app, pilot, until)
        await until(lambda: "web-vm-jfk-0" in screen(app), what="the instance list")

        assert "web-vm-jfk-0  (RUNNING, JFK, 203.0.113.10)" in screen(app)


async def test_an_instance_without_location_or_address_shows_its_status_alone(
    app: CoxEdgeApp, sim: Simulator, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    web = next(w for w in sim.envs["test-area"].workloads.values() if w.name == "web-vm")
    web.instances[0].location = web.instances[0].public_ip_address = web.instances[0].ip_address = ""
    async with app.run_test(size=(120, 40)) as pilot:
        await instance_picker_open(app, pilot, until)
        await until(lambda: "web-vm-jfk-0" in screen(app), what="the instance list")

        assert "web-vm-jfk-0  (RUNNING)" in screen(app)


async def test_used_by_shows_each_workloads_size_beside_its_name(
    app: CoxEdgeApp, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    async with app.run_test(size=(120, 40)):
        await until(lambda: "web-vm (VM, RUNNING" in screen(app), what="the detail pane's usage")

        used_by = next(line for line in screen(app).splitlines() if "Used by" in line)
        assert "web-vm (VM, RUNNING; SP-2: 2 vCPU, 4Gi)" in used_by


async def test_a_workload_size_from_the_server_is_shown_literally(
    app: CoxEdgeApp, sim: Simulator, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    web = next(w for w in sim.envs["test-area"].workloads.values() if w.name == "web-vm")
    web.specs, web.memory = "", MARKUP
    async with app.run_test(size=(120, 40)):
        await until(lambda: "web-vm (VM, RUNNING" in screen(app), what="the detail pane's usage")

        assert f"web-vm (VM, RUNNING; 2 vCPU, {MARKUP})" in screen(app)
        assert app.is_running
