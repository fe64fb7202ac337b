"""Prune… from the palette: the plan with a reason per image, its deletions marked, and `d` deletes them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from coxedge_tui.sim import Simulator
from coxedge_tui.ui import palette
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.confirm_bulk_delete import ConfirmBulkDeleteScreen
from coxedge_tui.ui.screens.prune import PruneScreen

Until = Callable[..., Awaitable[None]]


async def test_prune_shows_the_plan_marks_what_it_deletes_and_d_deletes_those(
    app: CoxEdgeApp, sim: Simulator, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    sim.instant_tasks = True
    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        prune = next(c for c in palette.commands(app, browse) if c.title == "Prune…")
        assert "(P)" in prune.help
        await pilot.press("P")
        await until(lambda: isinstance(app.screen, PruneScreen), what="the prune form")
        form = app.screen
        assert isinstance(form, PruneScreen)
        await until(lambda: form.plan is not None, what="the plan")
        await pilot.press("backspace", "1", "tab", *"1x")
        await until(lambda: "'1x' is not a duration" in screen(app), what="the duration refused")
        assert form.query_one("#mark").disabled
        await pilot.press("backspace", "backspace", "tab", *"web cache")
        await until(lambda: "to delete and" in screen(app), what="the plan for web and cache")
        text = screen(app)
        assert "used by web-vm" in text  # the oldest web image runs on a workload: kept
        assert "the newest of its family" in text
        assert form.plan is not None
        doomed = {i.id for i in form.plan.deletions}
        assert doomed and all(i.family in ("web", "cache") for i in form.plan.deletions)
        assert f"{len(doomed)} to delete and" in text and "in 2 families." in text

        await pilot.press("ctrl+s")
        await until(lambda: app.screen is browse, what="the form to close")
        await until(lambda: f"{len(doomed)} marked" in screen(app), what="the plan's deletions marked")
        await pilot.press("d")
        await until(lambda: isinstance(app.screen, ConfirmBulkDeleteScreen), what="the question")
        await until(lambda: f"Delete {len(doomed)} custom images?" in screen(app), what="the question")
        await pilot.press("y")
        deleted = {f"/api/v2/services/edge-services/test-area/images/{i}" for i in doomed}
        await until(lambda: {p for m, p in sim.requests if m == "DELETE"} == deleted, what="the planned deletes")
