"""A protected image is refused at `d`, naming the pattern and the profile, before anything is asked or sent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from textual.widgets._toast import Toast

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.settings.config import Settings
from coxedge_tui.sim import Simulator
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.confirm_delete import ConfirmDeleteScreen

Until = Callable[..., Awaitable[None]]


async def test_deleting_a_protected_image_is_refused_with_the_pattern_that_protects_it(
    client: CoxEdgeClient, settings: Settings, sim: Simulator, until: Until
) -> None:
    app = CoxEdgeApp(client, replace(settings, protect=("[w]eb:*",), profile="prod"))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        await pilot.press("3")
        await until(lambda: all(i.is_custom for i in browse.image_table.view), what="custom images")
        image = browse.image_table.current_image
        assert image is not None and image.family == "web"
        await pilot.press("d")

        said = "\n".join(f"{n.title}: {n.message}" for n in app._notifications)
        assert f"Protected: web:{image.tag} is protected by [w]eb:* (profile prod)" in said
        shown = "is protected by [w]eb:* (profile prod)"
        await until(
            lambda: any(shown in toast.render().plain for toast in app.screen.query(Toast)),
            what="the toast, brackets and all",
        )
        assert not isinstance(app.screen, ConfirmDeleteScreen)
        assert [m for m, _ in sim.requests if m == "DELETE"] == []
