"""The app and the command line refuse a delete or a create in the very same sentence."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace

from cli_harness import cli, custom_images, default_images, first_instance

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.settings.config import Settings
from coxedge_tui.sim import Simulator
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen

Until = Callable[..., Awaitable[None]]
TAB_CUSTOM = {"2": False, "3": True}  # the Default and Custom tabs, and whether their images are custom


def cli_sentence(stderr: str) -> str:
    """The refusal the command line printed, without its `coxedge-tui: ` prefix."""
    lines = [line.removeprefix("coxedge-tui: ") for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


def only_custom(browse: BrowseScreen) -> bool | None:
    """True when only custom images are listed, False when only default ones, else None."""
    kinds = {i.is_custom for i in browse.image_table.images}
    return kinds.pop() if len(kinds) == 1 else None


async def refusals_shown(app: CoxEdgeApp, until: Until, *keys: str) -> list[str]:
    """Press `keys` on the browse screen once its list is up; the warnings the app showed, in order."""
    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        for key in keys:
            await pilot.press(key)
            if key in TAB_CUSTOM:
                await until(lambda: only_custom(browse) is TAB_CUSTOM[key], what="the tab's list")  # noqa: B023
        await asyncio.sleep(0)
        return [n.message for n in app._notifications if n.severity == "warning"]


async def test_a_default_image_is_refused_in_the_same_words_by_the_app_and_the_command_line(
    app: CoxEdgeApp, environ: dict[str, str], world: Simulator, until: Until
) -> None:
    by_cli = cli(environ, "images", "delete", default_images(world)[0].id, "--yes")

    shown = await refusals_shown(app, until, "2", "d")

    assert by_cli.code == 2
    assert shown == [cli_sentence(by_cli.err)]
    assert shown == ["Default images belong to the provider and cannot be deleted; only custom images can."]


async def test_read_only_mode_is_refused_in_the_same_words_by_the_app_and_the_command_line(
    client: CoxEdgeClient, settings: Settings, environ: dict[str, str], world: Simulator, until: Until
) -> None:
    workload_id, _, instance = first_instance(world)
    create = cli(environ, "--read-only", "images", "create", "--family", "web", "--tag", "v1",
                 "--workload", workload_id, "--instance", instance)
    delete = cli(environ, "--read-only", "images", "delete", custom_images(world)[0].id, "--yes")
    app = CoxEdgeApp(client, replace(settings, read_only=True))

    shown = await refusals_shown(app, until, "n", "3", "d")

    assert (create.code, delete.code) == (2, 2)
    assert shown == [cli_sentence(create.err), cli_sentence(delete.err)]
    assert shown[0].startswith("Read-only mode: creating images is off for this session")
