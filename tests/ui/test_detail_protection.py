"""The detail pane names the pattern that protects an image, and its size when the server sends one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.settings.config import Settings
from coxedge_tui.sim import Simulator
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen

Until = Callable[..., Awaitable[None]]


async def test_the_detail_pane_shows_the_protecting_pattern_and_the_size(
    client: CoxEdgeClient, settings: Settings, sim: Simulator, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    app = CoxEdgeApp(client, replace(settings, protect=("db-*:*", "[w]eb:*"), profile="prod"))
    async with app.run_test(size=(160, 30)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        await pilot.press("3")
        await until(lambda: all(i.is_custom for i in browse.image_table.view), what="custom images")
        web = browse.image_table.current_image
        assert web is not None and web.family == "web"
        sim.envs["test-area"].images[web.id].image_size = 12 * 1024**3
        await pilot.press("j", "k")  # the detail of the first image, asked for again
        await until(lambda: "12 GiB" in screen(app), what="the size from the server")
        assert "Protected by [w]eb:*" in screen(app)
        await pilot.press("j")
        await until(lambda: "api-gateway" in screen(app).split("Family")[-1], what="the next image's detail")
        assert "Protected by" not in screen(app)
        assert "Size" not in screen(app)  # no imageSize sent: no line
