"""Round-two attack in the app: an id a lax server would resolve out of its path; a key file others can read."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.connect import Account
from coxedge_tui.settings.config import Settings
from coxedge_tui.settings.credentials import find_api_key
from coxedge_tui.sim import DEFAULT_KEY, Simulator
from coxedge_tui.sim.seed import SimImage
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.confirm_delete import ConfirmDeleteScreen

Until = Callable[..., Awaitable[None]]


@pytest.mark.parametrize("dots", ["\uff0e\uff0e", "..;x", "%c0%ae%c0%ae"])
async def test_d_on_an_id_with_dots_a_lax_server_resolves_is_refused_and_nothing_is_sent(
    app: CoxEdgeApp, sim: Simulator, until: Until, dots: str
) -> None:
    climbing = SimImage(f"acme/{dots}/{dots}/production/images/acme", "acme", "victim", "v1",
                        datetime(2026, 1, 2, tzinfo=UTC), None)
    sim.add_image("test-area", climbing)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        await pilot.press("slash", *"victim", "enter")
        await until(lambda: browse.image_table.current_image is not None and browse.image_table.row_count == 1)
        await pilot.pause()
        sim.received.clear()

        await pilot.press("d")
        await until(lambda: app._notifications or isinstance(app.screen, ConfirmDeleteScreen), what="an answer to d")

        messages = "\n".join(f"{n.title}: {n.message}" for n in app._notifications)
        assert "Invalid input: The image id" in messages
        assert not isinstance(app.screen, ConfirmDeleteScreen)
        assert [(r.method, r.path) for r in sim.received] == []


async def test_a_key_file_other_users_can_read_is_warned_about_in_the_app(
    client: CoxEdgeClient, settings: Settings, tmp_path: Path, until: Until
) -> None:
    key_file = tmp_path / "cox.key"
    key_file.write_text(DEFAULT_KEY + "\n")
    key_file.chmod(0o644)
    lookup = find_api_key({}, key_file=str(key_file))
    app = CoxEdgeApp(client, settings, account=Account(settings, key=lookup.key, lookup=lookup))

    async with app.run_test(size=(120, 40)):
        await until(lambda: app._notifications, what="a notification")

        messages = "\n".join(f"{n.title}: {n.message}" for n in app._notifications)
        assert f"API key file: {key_file} can be read by other users (mode 644); run: chmod 600 {key_file}" in messages
