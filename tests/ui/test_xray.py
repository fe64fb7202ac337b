"""`u`: the x-ray of an image, the workloads that run it and their instances; usage listed once per refresh."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

import pytest
from textual.widgets import Tree

from coxedge_tui.sim import FaultKind, Simulator
from coxedge_tui.sim.faults import Endpoint
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.xray import XRayScreen

Until = Callable[..., Awaitable[None]]
Screen = Callable[[CoxEdgeApp], str]
ENV = "test-area"
MARKUP_NAME = "[red]api[/]-vm"


def workloads_listed(sim: Simulator) -> int:
    return sum(1 for r in sim.received if r.method == "GET" and r.path.endswith(f"/{ENV}/workloads"))


def xray_loaded(app: CoxEdgeApp) -> bool:
    """The x-ray is open and shows its answer (checked on the tree: rendering the screen each poll is slow)."""
    if not isinstance(app.screen, XRayScreen):
        return False
    first = next(iter(app.screen.query_one(Tree).root.children), None)
    return first is not None and not str(first.label).startswith("Loading")


async def browse_at(app: CoxEdgeApp, until: Until, reference: str) -> BrowseScreen:
    """The list loaded, the cursor on the image with this reference."""
    await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
    browse = app.screen
    assert isinstance(browse, BrowseScreen)
    row = next(n for n, image in enumerate(browse.image_table.view) if image.reference == reference)
    browse.image_table.move_cursor(row=row)
    return browse


async def test_u_shows_the_workloads_running_the_image_with_their_instances_or_that_none_does(
    app: CoxEdgeApp, sim: Simulator, screen: Screen, until: Until
) -> None:
    workloads = {w.name: w for w in sim.envs[ENV].workloads.values()}
    web, api = workloads["web-vm"], workloads["api-vm"]
    api.image, api.name = web.image, MARKUP_NAME  # two workloads run web-vm's image
    assert web.image is not None
    async with app.run_test(size=(120, 40)) as pilot:
        browse = await browse_at(app, until, web.image)
        row = browse.image_table.cursor_row
        await pilot.press("u")
        await until(lambda: xray_loaded(app), what="the x-ray")
        shown = screen(app)

        assert f"web-vm  VM  RUNNING  ({len(web.instances)} instance" in shown
        assert f"{MARKUP_NAME}  VM  RUNNING  ({len(api.instances)} instances)" in shown
        for instance in web.instances + api.instances:
            assert f"{instance.name}  RUNNING  {instance.location}  {instance.public_ip_address}" in shown

        await pilot.press("down", "enter")  # from the first workload's first instance to... the first workload
        await until(lambda: app.screen is browse, what="back to the list")
        assert browse.image_table.cursor_row == row
        assert browse.image_table.has_focus

        running = {w.image for w in sim.envs[ENV].workloads.values()}
        unused = next(i for i in sim.envs[ENV].images.values() if i.reference not in running)
        await browse_at(app, until, unused.reference)
        await pilot.press("u")
        await until(lambda: xray_loaded(app), what="the x-ray of an image nothing runs")
        assert "No workload of this environment uses this image." in screen(app)


async def test_when_the_workloads_cannot_be_listed_the_xray_and_detail_say_usage_unknown_and_the_list_stays(
    app: CoxEdgeApp, sim: Simulator, screen: Screen, until: Until
) -> None:
    sim.faults.always(Endpoint.WORKLOADS, FaultKind.FORBIDDEN)
    web = next(w for w in sim.envs[ENV].workloads.values() if w.name == "web-vm")
    assert web.image is not None
    async with app.run_test(size=(140, 40)) as pilot:
        browse = await browse_at(app, until, web.image)
        rows = browse.image_table.row_count
        await until(lambda: browse.image_detail.usage is not None, what="the detail pane's usage")
        await pilot.pause()
        used_by = next(line for line in screen(app).splitlines() if "Used by" in line)
        assert "usage unknown: " in used_by
        await pilot.press("u")
        await until(lambda: xray_loaded(app), what="the x-ray")

        assert "usage unknown: " in screen(app)
        assert "web-vm" not in screen(app)
        await pilot.press("escape")
        await until(lambda: app.screen is browse, what="the x-ray closed")
        assert browse.image_table.row_count == rows
        assert app.is_running


@pytest.mark.parametrize("extra_images", [0, 400])
async def test_a_refresh_lists_the_workloads_once_whatever_the_number_of_rows(
    extra_images: int, app: CoxEdgeApp, sim: Simulator, screen: Screen, until: Until
) -> None:
    model = next(i for i in sim.envs[ENV].images.values() if i.custom)
    for n in range(extra_images):
        sim.add_image(ENV, replace(model, tag=f"v-extra-{n}"))
    async with app.run_test(size=(140, 40)) as pilot:
        browse = await browse_at(app, until, model.reference)
        await until(lambda: browse.image_detail.usage is not None, what="the detail pane's usage")
        for _ in range(3):  # each row's detail pane shows its usage, from the same answer
            await pilot.press("down")
            await until(lambda: browse.image_detail.usage is not None, what="the next row's usage")
        await pilot.press("r")
        await until(lambda: workloads_listed(sim) >= 2, what="the refresh's workloads request")
        await until(lambda: not browse.workers, what="the refresh and the detail pane")

        assert browse.image_table.row_count > extra_images
        assert workloads_listed(sim) == 2  # the first load and the refresh, never one per row
