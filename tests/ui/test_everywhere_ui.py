"""The Everywhere tab (0), under faults: every environment's images, a failing one as its own line, rows acting
in their own environment."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from coxedge_tui.sim import Endpoint, FaultKind, Simulator
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.login import LoginScreen
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
