"""`f` groups the list by family: a row per family with its tag count and newest tag, opening to its tags."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen

Until = Callable[..., Awaitable[None]]


async def test_f_groups_by_family_enter_opens_one_newest_first_and_f_returns_to_the_flat_list(
    app: CoxEdgeApp, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    async with app.run_test(size=(150, 30)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        webs = sorted((i for i in browse.image_table.images if i.family == "web"), key=lambda i: i.created_at)
        await pilot.press("3", "f")
        await until(lambda: "newest" in screen(app), what="the families")
        text = screen(app)
        assert f"web  {len(webs)} tags · newest {webs[-1].tag} (5y)" in text
        assert "api-gateway  " in text and "Status    Age" not in text
        assert webs[0].tag not in text  # folded: no tag rows yet

        await pilot.press(*["down"] * 6)  # api-gateway, build-agent, cache, db-replica, edge-proxy, ml-inference, web
        assert browse.image_table.current_image is not None
        assert browse.image_table.current_image.id == webs[-1].id  # a family row selects its newest tag
        await pilot.press("enter", "down", "down")
        rows = [line[:80] for line in screen(app).splitlines() if "READY" in line[:80]]  # the tree's half
        assert [r.split()[-3] for r in rows[: len(webs)]] == [i.tag for i in reversed(webs)]
        await until(lambda: f"web:{webs[-2].tag}" in screen(app), what="the detail pane to follow the tree")
        assert browse.image_table.current_image.id == webs[-2].id

        await pilot.press("f")
        await until(lambda: "Reference" in screen(app) and "newest" not in screen(app), what="the flat list")
        assert browse.image_table.has_focus
