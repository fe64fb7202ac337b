"""An image id from the list that would leave its own path: the app refuses it and sends nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from coxedge_tui.sim import Simulator
from coxedge_tui.sim.seed import SimImage
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.confirm_delete import ConfirmDeleteScreen

Until = Callable[..., Awaitable[None]]
STACK = "acme-stack"


async def test_d_on_an_id_that_climbs_into_another_environment_is_refused_and_nothing_is_sent(
    app: CoxEdgeApp, sim: Simulator, until: Until
) -> None:
    victim = SimImage(STACK, "acme", "victim", "v1", datetime(2026, 1, 1, tzinfo=UTC), None)
    sim.add_image("production", victim)
    climbing_stack = f"{STACK}/x/../../../../production/images/{STACK}"
    escaping = SimImage(climbing_stack, "acme", "victim", "v1", datetime(2026, 1, 2, tzinfo=UTC), None)
    sim.add_image("test-area", escaping)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        await pilot.press("slash", *"victim", "enter")
        await until(lambda: browse.image_table.current_image is not None and browse.image_table.row_count == 1)
        assert browse.image_table.current_image.id == escaping.id  # type: ignore[union-attr]
        await pilot.pause()
        sim.received.clear()

        await pilot.press("d")
        await until(lambda: app._notifications or isinstance(app.screen, ConfirmDeleteScreen), what="an answer to d")

        messages = "\n".join(f"{n.title}: {n.message}" for n in app._notifications)
        assert "Invalid input: The image id" in messages
        assert "would step out of its own path" in messages
        assert not isinstance(app.screen, ConfirmDeleteScreen)
        assert [(r.method, r.path) for r in sim.received] == []
        assert sim.image("production", victim.id) is not None
