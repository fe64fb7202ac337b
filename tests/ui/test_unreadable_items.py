"""What the user sees when the server sends items that cannot all be read: the rest, and a word on what was left out."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from odd_answers import UNREADABLE, rewrite, with_items

from coxedge_tui.sim import Simulator
from coxedge_tui.sim.response import SimResponse
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.create_image import CreateImageScreen
from coxedge_tui.ui.screens.environments import EnvironmentScreen

Until = Callable[..., Awaitable[None]]
Screen = Callable[[CoxEdgeApp], str]


async def browsing(app: CoxEdgeApp, until: Until) -> BrowseScreen:
    await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
    assert isinstance(app.screen, BrowseScreen)
    return app.screen


async def test_one_unreadable_image_leaves_the_others_listed_and_the_status_line_says_so(
    app: CoxEdgeApp, sim: Simulator, screen: Screen, until: Until
) -> None:
    stack = sim.envs["test-area"].stack_id
    number_tag = {"id": f"{stack}/dated/20240101", "stackId": stack, "family": "dated", "tag": 20240101}
    rewrite(sim, "GET", "/images", with_items(UNREADABLE, number_tag))
    async with app.run_test(size=(180, 40)):
        browse = await browsing(app, until)
        await until(lambda: "could not be read" in screen(app), what="the status line's note")

        assert "41 images · 1 could not be read (id: Input should be a valid string)" in screen(app)
        assert browse.image_table.row_count == 41
        assert any(i.tag == "20240101" for i in browse.image_table.images)


async def test_a_clean_list_says_nothing_was_left_out(app: CoxEdgeApp, screen: Screen, until: Until) -> None:
    async with app.run_test(size=(180, 40)):
        await browsing(app, until)
        await until(lambda: "40 images" in screen(app), what="the count")

        assert "could not be read" not in screen(app)


async def test_environments_with_null_fields_are_listed_as_go_reads_them(
    app: CoxEdgeApp, sim: Simulator, screen: Screen, until: Until
) -> None:
    def nulls(payload: dict[str, object]) -> dict[str, object]:
        items = payload["data"]
        assert isinstance(items, list)
        return {"data": [{**e, "id": None, "description": None, "serviceConnection": None} for e in items]}

    rewrite(sim, "GET", "/environments", nulls)
    async with app.run_test(size=(120, 40)) as pilot:
        await browsing(app, until)
        await pilot.press("e")
        await until(lambda: isinstance(app.screen, EnvironmentScreen), what="the environment list")
        await until(lambda: "Enter switches" in screen(app), what="the environments listed")

        for name in sim.envs:
            assert name in screen(app)


async def test_an_environment_list_of_null_data_says_there_is_none(
    app: CoxEdgeApp, sim: Simulator, screen: Screen, until: Until
) -> None:
    rewrite(sim, "GET", "/environments", lambda payload: {"data": None})
    async with app.run_test(size=(120, 40)) as pilot:
        await browsing(app, until)
        await pilot.press("e")
        await until(lambda: "The API lists no environment." in screen(app), what="the empty list said")


async def test_an_unreadable_environment_is_left_out_and_the_list_says_so(
    app: CoxEdgeApp, sim: Simulator, screen: Screen, until: Until
) -> None:
    rewrite(sim, "GET", "/environments", with_items({"id": "env-x", "name": None}))
    async with app.run_test(size=(140, 40)) as pilot:
        await browsing(app, until)
        await pilot.press("e")
        await until(lambda: "could not be read" in screen(app), what="the environment list's note")

        assert "1 could not be read (name: Input should be a valid string)" in screen(app)
        for name in sim.envs:
            assert name in screen(app)


async def test_an_unreadable_workload_is_left_out_of_the_create_form_s_picker_which_says_so(
    app: CoxEdgeApp, sim: Simulator, screen: Screen, until: Until
) -> None:
    rewrite(sim, "GET", "/workloads", with_items(UNREADABLE))
    async with app.run_test(size=(140, 48)) as pilot:
        await browsing(app, until)
        await pilot.press("n")
        await until(lambda: isinstance(app.screen, CreateImageScreen), what="the create form")
        await until(lambda: not app.screen.query_one("#workload-pick").disabled, what="workloads listed")

        await until(lambda: "Workloads: 1 could not be read" in screen(app), what="the form's note")
        assert "Workloads: 1 could not be read (id: Input should be a valid string);" in screen(app)
        assert "left out of the list." in screen(app)


async def test_the_detail_pane_shows_the_servers_timestamp_exactly_as_sent(
    app: CoxEdgeApp, sim: Simulator, screen: Screen, until: Until
) -> None:
    nano = "2024-01-02T03:04:05.123456789Z"

    def nanoseconds(payload: dict[str, object]) -> dict[str, object]:
        items = payload["data"]
        if isinstance(items, dict):  # the detail answer, which replaces the list's copy in the pane
            return {**payload, "data": {**items, "createdAt": nano}}
        assert isinstance(items, list)
        return {**payload, "data": [{**i, "createdAt": nano} for i in items]}

    original = sim.handle

    def handle(verb: str, path: str, query: Any, headers: Any, body: bytes) -> SimResponse:
        answer = original(verb, path, query, headers, body)
        if verb == "GET" and "/images" in path and answer.status == 200 and answer.body:
            answer = SimResponse.json(200, nanoseconds(json.loads(answer.body)))  # the list and each image
        return answer

    sim.handle = handle  # type: ignore[method-assign]
    async with app.run_test(size=(180, 40)):
        await browsing(app, until)
        await until(lambda: "2024-01-02 03:04:05 UTC" in screen(app), what="the first image's details")

        assert f"2024-01-02 03:04:05 UTC ({nano})" in screen(app)
