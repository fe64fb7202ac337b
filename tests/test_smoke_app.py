"""The browse slice as a user meets it, driven with Textual's pilot."""

from __future__ import annotations

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.config import Settings
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen


async def test_app_lists_the_environment_images_and_details_the_first(
    client: CoxEdgeClient, settings: Settings
) -> None:
    app = CoxEdgeApp(client, settings)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        assert screen.image_table.row_count == 40
        await pilot.pause(0.3)
        assert screen.image_detail.image is not None
        assert screen.image_detail.image.id == screen.image_table.current_image.id  # type: ignore[union-attr]
