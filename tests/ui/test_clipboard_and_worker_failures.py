"""`c`/`C` copy only one printable line; a screen's worker that fails is never silent."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from coxedge_tui.sim import Simulator
from coxedge_tui.sim.seed import SimImage
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.environments import EnvironmentScreen

Until = Callable[..., Awaitable[None]]


def hostile_image(sim: Simulator, family: str) -> SimImage:
    env = sim.envs["test-area"]
    return SimImage(
        stack_id=env.stack_id,
        slug=env.stack_slug,
        family=family,
        tag="v1",
        created_at=datetime(2019, 1, 1, tzinfo=UTC),
        description="plain",
    )


async def first_row_is(app: CoxEdgeApp, until: Until, family: str) -> BrowseScreen:
    await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
    browse = app.screen
    assert isinstance(browse, BrowseScreen)
    browse.image_table.move_cursor(row=next(n for n, i in enumerate(browse.image_table.view) if i.family == family))
    return browse


def notes(app: CoxEdgeApp) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


@pytest.mark.parametrize(
    ("family", "why"),
    [
        ("paste\nrm -rf ~", "holds line breaks"),
        ("osc\x1b]52;c;ZXZpbA==\x07", "holds control or invisible characters"),
        ("bidi\u202eexe.txt", "holds control or invisible characters"),
        ("cr\rtrick", "holds line breaks"),
    ],
)
async def test_an_id_or_reference_with_control_characters_or_line_breaks_is_not_copied(
    app: CoxEdgeApp, sim: Simulator, until: Until, family: str, why: str
) -> None:
    sim.add_image("test-area", hostile_image(sim, family=family))
    async with app.run_test(size=(120, 40)) as pilot:
        await first_row_is(app, until, family)
        await pilot.press("c", "C")
        await until(lambda: notes(app).count("Nothing was copied") == 2, what="two refusals")
    assert app.clipboard == ""
    said = notes(app)
    assert f"Not copied: image id: Nothing was copied: the image id {why}." in said
    assert f"Not copied: image reference: Nothing was copied: the image reference {why}." in said
    assert "\x1b" not in said and "\u202e" not in said and "\r" not in said, "what was refused is shown escaped"


async def test_a_plain_id_is_still_copied(app: CoxEdgeApp, sim: Simulator, until: Until) -> None:
    image = hostile_image(sim, family="plain")
    sim.add_image("test-area", image)
    async with app.run_test(size=(120, 40)) as pilot:
        await first_row_is(app, until, "plain")
        await pilot.press("c")
        await until(lambda: "Copied image id" in notes(app), what="the copy")
    assert app.clipboard == image.id


async def test_environments_listed_twice_under_one_name_are_shown_once_with_a_note(
    app: CoxEdgeApp, sim: Simulator, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    sim.envs["test-area-again"] = replace(sim.envs["test-area"], id="another-id")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0)
        await pilot.press("e")
        await until(lambda: isinstance(app.screen, EnvironmentScreen), what="the picker")
        await until(lambda: "Loading the environments" not in screen(app), what="the list or a message")
        assert "The API lists test-area more than once; each name is shown once." in screen(app)
        picker = app.screen.query_one("#env-list")
        assert [str(picker.get_option_at_index(n).id) for n in range(picker.option_count)] == [  # type: ignore[attr-defined]
            "test-area",
            "production",
        ]


async def test_a_failure_in_a_screen_worker_reaches_the_user(
    app: CoxEdgeApp, screen: Callable[[CoxEdgeApp], str], until: Until, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken() -> list[object]:
        raise RuntimeError("the decoder tripped")

    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0)
        monkeypatch.setattr(app.client, "list_environments", broken)
        await pilot.press("e")
        await until(lambda: "Unexpected error" in notes(app), what="the failure said")
        assert "RuntimeError: the decoder tripped" in notes(app)
        await until(lambda: "The environments could not be listed: the decoder tripped" in screen(app))
        assert "Loading the environments" not in screen(app)
