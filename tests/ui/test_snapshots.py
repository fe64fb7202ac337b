"""Snapshot tests of the main screens at 80x24 and 120x36 (update with `pytest --snapshot-update`)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen

SIZES = [(80, 24), (120, 36)]


def settled(app: CoxEdgeApp) -> Callable[[Pilot[None]], object]:
    """Wait until the list and the detail pane have their data, so the picture is stable."""

    async def wait(pilot: Pilot[None]) -> None:
        deadline = time.monotonic() + 10
        while not (
            isinstance(app.screen, BrowseScreen)
            and app.screen.image_table.row_count > 0
            and "As the server had it" in str(app.screen.image_detail.note)
        ):
            assert time.monotonic() < deadline, "the browse screen never settled"
            await asyncio.sleep(0.02)
        app.clear_notifications()
        await pilot.pause()

    return wait


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_browse_screen(app: CoxEdgeApp, snap_compare: Callable[..., bool], size: tuple[int, int]) -> None:
    assert snap_compare(app, terminal_size=size, run_before=settled(app))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_filtered_list(app: CoxEdgeApp, snap_compare: Callable[..., bool], size: tuple[int, int]) -> None:
    async def filtered(pilot: Pilot[None]) -> None:
        await settled(app)(pilot)
        await pilot.press("slash", *"gateway", "enter")
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=size, run_before=filtered)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_delete_confirmation(app: CoxEdgeApp, snap_compare: Callable[..., bool], size: tuple[int, int]) -> None:
    async def confirming(pilot: Pilot[None]) -> None:
        await settled(app)(pilot)
        await pilot.press("d")
        deadline = time.monotonic() + 5
        while "used by" not in str(app.screen.query("#usage").first().render()).lower():
            assert time.monotonic() < deadline
            await asyncio.sleep(0.02)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=confirming)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_keys_help(app: CoxEdgeApp, snap_compare: Callable[..., bool], size: tuple[int, int]) -> None:
    async def helping(pilot: Pilot[None]) -> None:
        await settled(app)(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=helping)
