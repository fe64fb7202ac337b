"""Each screen's footer shows its own keys; read-only mode does not advertise writes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

import pytest
from textual.dom import DOMNode
from textual.widgets._footer import FooterKey

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.settings.config import Settings
from coxedge_tui.sim import Simulator
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens import browse as browse_module
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.create_image import CreateImageScreen
from coxedge_tui.ui.screens.export_images import ExportScreen
from tests.ui.conftest import list_paints

Until = Callable[..., Awaitable[None]]
Screen = Callable[[CoxEdgeApp], str]


def footer(app: CoxEdgeApp, screen: Screen) -> str:
    return screen(app).splitlines()[-1]


async def test_the_export_dialog_shows_its_own_keys(app: CoxEdgeApp, until: Until, screen: Screen) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count, what="rows")
        await until(lambda: "New" in footer(app, screen), what="the list's keys")  # composed once bindings settle
        await pilot.press("x")
        await until(lambda: isinstance(app.screen, ExportScreen), what="the export dialog")
        await pilot.pause()
        keys = footer(app, screen)

    assert "esc Cancel" in keys
    assert not {"Filter", "Refresh", "New", "Delete", "Tasks"} & set(keys.split()), keys


async def test_read_only_mode_hides_the_write_keys_and_still_says_why_when_pressed(
    client: CoxEdgeClient, settings: Settings, until: Until, screen: Screen
) -> None:
    app = CoxEdgeApp(client, replace(settings, read_only=True))
    async with app.run_test(size=(100, 30)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count, what="rows")
        await until(lambda: "Filter" in footer(app, screen), what="the list's keys")
        keys = footer(app, screen)
        await pilot.press("n")
        await pilot.pause()

    assert "Filter" in keys and "Tasks" in keys
    assert "New" not in keys and "Delete" not in keys, keys
    assert any("Read-only mode" in n.message for n in app._notifications)


async def test_a_dialogs_footer_is_styled_once_per_key_not_restyled_key_by_key(
    app: CoxEdgeApp, until: Until, screen: Screen, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a dialog recomposes its footer; no key is restyled one by one afterwards (each used to be, twice).

    Only the command palette's key is: Textual keeps it compact, as it always looked."""
    restyled: list[object] = []
    update_styles = CoxEdgeApp.update_styles

    def counting(self: CoxEdgeApp, node: DOMNode, animate: bool = True) -> None:
        if isinstance(node, FooterKey) and not node.has_class("-command-palette"):
            restyled.append(node)
        update_styles(self, node, animate)

    monkeypatch.setattr(CoxEdgeApp, "update_styles", counting)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count, what="rows")
        await pilot.press("x")
        await until(lambda: isinstance(app.screen, ExportScreen) and "esc Cancel" in footer(app, screen), what="keys")

    assert restyled == []


async def test_moving_between_fields_with_the_same_keys_keeps_the_footer_and_a_new_dialog_gets_its_own(
    app: CoxEdgeApp, until: Until, screen: Screen
) -> None:
    """Each focus change tells the footer the keys may have changed; it is rebuilt only when they did."""
    async with app.run_test(size=(120, 36)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count, what="rows")
        await pilot.press("n")
        await until(lambda: isinstance(app.screen, CreateImageScreen) and "Create" in footer(app, screen), what="form")
        form = app.screen
        keys = list(form.query(FooterKey))
        await pilot.press("tab", "tab", "shift+tab")
        await pilot.pause()
        assert form.focused is not None and form.focused.id == "tag"
        assert list(form.query(FooterKey)) == keys  # the same widgets: nothing removed, mounted or drawn again
        shown = footer(app, screen)
        await pilot.press("escape")
        await until(lambda: isinstance(app.screen, BrowseScreen), what="the list")
        await pilot.press("x")
        await until(lambda: isinstance(app.screen, ExportScreen) and "esc Cancel" in footer(app, screen), what="keys")
        assert footer(app, screen) != shown


async def test_the_lists_keys_come_once_its_first_rows_are_painted(
    app: CoxEdgeApp, until: Until, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Eight keys are eight widgets to style and lay out: the rows go to the terminal first.
    monkeypatch.setattr(browse_module, "START_DONE_AT_LATEST", 60)  # only the rows may bring the keys here
    seen = list_paints(monkeypatch, lambda table: len(table.screen.query(FooterKey)))  # (rows, footer keys)
    async with app.run_test(size=(120, 36)):
        await until(lambda: isinstance(app.screen, BrowseScreen), what="the list")
        await until(lambda: len(app.screen.query(FooterKey)) > 0, what="the list's keys")
    first_rows = next(keys for rows, keys in seen if rows)
    assert first_rows == 0


async def test_the_lists_keys_come_even_while_no_row_has_come(
    app: CoxEdgeApp, sim: Simulator, until: Until, screen: Screen
) -> None:
    sim.latency = 30.0  # the list is on its way for the whole test
    async with app.run_test(size=(120, 36)):
        await until(lambda: isinstance(app.screen, BrowseScreen), what="the list")
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        await until(lambda: "Filter" in footer(app, screen), what="the list's keys")
        assert browse.image_table.row_count == 0
