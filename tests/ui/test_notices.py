"""Notices keep off what the user reads: repeats merge, the tasks panel and dialogs stay readable."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.export_images import ExportScreen

Until = Callable[..., Awaitable[None]]
Screen = Callable[[CoxEdgeApp], str]


async def test_notices_merge_repeats_and_keep_off_the_tasks_panel_and_dialogs(
    app: CoxEdgeApp, until: Until, screen: Screen
) -> None:
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count, what="rows")
        await pilot.press("t")
        await until(lambda: "Tasks of this session" in screen(app), what="the tasks panel")
        await pilot.press("escape", "c", "c", "c")  # back on the list (t moved into the panel)
        await pilot.pause()
        await pilot.pause()
        shown = screen(app)
        assert shown.count("Copied image id") == 1 and "(×3)" in shown
        panel = shown[shown.index("╭─ Tasks") : shown.index("╯") + 1].splitlines()
        bottom = panel[-1].strip()
        # a toast's edge, or a cut border
        covered = "▌" in "".join(panel) or not (bottom.startswith("╰") and bottom.endswith("╯"))
        assert not covered, "a notice covers the tasks panel:\n" + shown
        assert "Outcome  Task id" in panel[1]

        await pilot.press("x")
        await until(lambda: isinstance(app.screen, ExportScreen), what="the export dialog")
        app.notify("Something happened while you typed.", title="Heads up")
        await pilot.pause()
        await pilot.pause()
        shown = screen(app)
        assert "Heads up: Something happened while you typed." in shown.splitlines()[1]
        assert any("Cancel" in line and "Export" in line for line in shown.splitlines()), shown
