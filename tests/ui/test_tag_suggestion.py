"""The create form suggests the chosen family's next tag as the tag field's placeholder, never as its value."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.widgets import Input

from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.create_image import CreateImageScreen

Until = Callable[..., Awaitable[None]]


async def test_the_tag_placeholder_continues_the_familys_pattern_and_is_never_filled_in(
    app: CoxEdgeApp, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    async with app.run_test(size=(110, 40)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
        newest = max((i for i in app.screen.image_table.images if i.family == "web"), key=lambda i: i.created_at)
        assert newest.tag == "v2021.02.12-3"
        await pilot.press("n")
        await until(lambda: isinstance(app.screen, CreateImageScreen), what="the create form")
        await pilot.press(*"web")
        suggested = "v2026.11.27-3  (suggested; type it or any other)"  # today's date, as the family does
        await until(lambda: suggested in screen(app), what="the suggestion")
        assert app.screen.query_one("#tag", Input).value == ""
        await pilot.press(*"-new")
        await until(lambda: "suggested" not in screen(app), what="no suggestion for a new family")
        assert "e.g. v2026.11.27" in screen(app)
