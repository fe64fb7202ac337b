"""Nothing in a key's path waits on the network: steps ask once the cursor rests, tabs switch at once."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from coxedge_tui.sim import Simulator
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from tests.manual_timers import ManualTimers

Until = Callable[..., Awaitable[None]]


def retrieves(sim: Simulator, since: int) -> list[str]:
    """The image ids the detail pane asked the server for, after the first `since` requests."""
    prefix = "/api/v2/services/edge-services/test-area/images/"
    return [r.path.removeprefix(prefix) for r in list(sim.received)[since:] if r.path.count("/") > 6]


async def loaded(app: CoxEdgeApp, until: Until) -> BrowseScreen:
    await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
    screen = app.screen
    assert isinstance(screen, BrowseScreen)
    await until(lambda: "As the server had it" in str(screen.image_detail.note), what="the first row's detail")
    await until(lambda: not any(w.is_running for w in screen.workers), what="no request in flight")
    return screen


async def test_ten_quick_steps_ask_the_server_for_one_image_once_the_cursor_rests(
    app: CoxEdgeApp, sim: Simulator, until: Until
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await loaded(app, until)
        timers = ManualTimers()
        screen.detail_rest.later = timers
        before = len(sim.received)
        for _ in range(10):
            await pilot.press("j")
        await pilot.pause()
        assert retrieves(sim, before) == []  # nothing asked while the cursor moves
        assert timers.fire_all() == 1  # every step but the last cancelled its wait
        tenth = screen.image_table.view[10]
        await until(lambda: "As the server had it" in str(screen.image_detail.note), what="the detail loaded")
        assert retrieves(sim, before) == [tenth.id]
        assert screen.image_detail.image == tenth


async def test_a_step_cancels_the_request_of_the_row_the_cursor_left(
    app: CoxEdgeApp, sim: Simulator, until: Until
) -> None:
    sim.latency = 0.2
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await loaded(app, until)
        timers = ManualTimers()
        screen.detail_rest.later = timers
        await pilot.press("j")
        timers.fire_all()
        await until(lambda: any(w.group == "detail" and w.is_running for w in screen.workers), what="a request")
        await pilot.press("j")
        await pilot.pause()
        assert not any(w.group == "detail" and w.is_running for w in screen.workers)
        timers.fire_all()
        third = screen.image_table.view[2]
        await until(lambda: "As the server had it" in str(screen.image_detail.note), what="the detail loaded")
        await asyncio.sleep(0.3)  # the cancelled answer, had it been kept, would have come by now
        assert screen.image_detail.image == third


async def test_a_tab_switch_shows_that_type_of_rows_before_any_request_answers(
    app: CoxEdgeApp, sim: Simulator, until: Until, screen: Callable[[CoxEdgeApp], str]
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        browse = await loaded(app, until)
        sim.latency = 60.0  # from now on no answer comes within the test
        await pilot.press("3")
        await pilot.pause()
        assert browse.list_busy  # the live list is on its way
        assert browse.image_table.row_count == 22
        assert all(image.is_custom for image in browse.image_table.view)
        assert "22 images" in screen(app)
        await pilot.press("2")
        await pilot.pause()
        assert browse.image_table.row_count == 18
        assert not any(image.is_custom for image in browse.image_table.view)
        assert "18 images" in screen(app)
        assert browse.image_table.cursor_row == 0


async def test_a_long_status_is_shortened_in_the_list_and_whole_in_the_detail_pane(
    app: CoxEdgeApp, sim: Simulator, until: Until, screen: Callable[[CoxEdgeApp], str]
) -> None:
    env = sim.envs["test-area"]
    first = next(iter(env.images.values()))
    first.status = "IMAGE_STATUS_UNKNOWN"
    async with app.run_test(size=(80, 24)):
        browse = await loaded(app, until)
        assert browse.image_table.current_image is not None
        assert browse.image_table.current_image.id == first.id
        list_lines, detail_lines = screen(app).split("Description", 1)[0].split("Family", 2)[1:]
        assert "UNKNOWN" in list_lines and "IMAGE_STATUS" not in list_lines
        assert "IMAGE_STATUS_UNKNOWN" in detail_lines
        assert first.reference[:10] in list_lines  # the room the long status took goes to the references (beside Age)
