"""Browsing images as a user does: list, move, detail, filter, switch type, refresh, failures."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from coxedge_tui.sim import Simulator
from coxedge_tui.sim.faults import Endpoint, FaultKind
from coxedge_tui.sim.seed import SimImage
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.help import HelpScreen

Until = Callable[..., Awaitable[None]]


def browse(app: CoxEdgeApp) -> BrowseScreen:
    assert isinstance(app.screen, BrowseScreen), f"expected the browse screen, not {app.screen!r}"
    return app.screen


def notifications(app: CoxEdgeApp) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


@pytest.fixture(autouse=True)
def _screen_text(screen: Callable[[CoxEdgeApp], str]) -> None:
    global screen_text
    screen_text = screen


async def loaded(app: CoxEdgeApp, until: Until, rows: int | None = None) -> BrowseScreen:
    await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
    if rows is not None:
        await until(lambda: browse(app).image_table.row_count == rows, what=f"{rows} rows")
    return browse(app)


def custom_image(sim: Simulator, family: str, tag: str = "v1", **kw: object) -> SimImage:
    env = sim.envs["test-area"]
    return SimImage(
        stack_id=env.stack_id,
        slug=env.stack_slug,
        family=family,
        tag=tag,
        created_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        description=kw.pop("description", "made in a test"),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


async def test_the_list_shows_every_image_of_the_environment_with_its_columns(app: CoxEdgeApp, until: Until) -> None:
    async with app.run_test(size=(180, 40)):  # wide enough for a whole reference beside the list's scrollbar
        await loaded(app, until, rows=40)
        shown = screen_text(app)
        for heading in ("Family", "Tag", "Status", "Created", "Reference"):
            assert heading in shown
        assert "acme-staging/web:v2020.12.11-0" in shown
        assert "2020-12-11 13:39" in shown  # createdAt in local time (UTC in tests), readable
        assert "test-area" in shown and "40 images" in shown and "at 09:30:00" in shown


async def test_moving_the_cursor_loads_that_image_into_the_detail_pane(app: CoxEdgeApp, until: Until) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await loaded(app, until)
        await pilot.press("j", "j")
        third = screen.image_table.current_image
        assert third is not None and third.family == "cache"
        await until(lambda: "As the server had it" in screen_text(app), what="detail loaded")
        shown = screen_text(app)
        for label in ("Family", "Tag", "Status", "Reference", "Id", "Stack id", "Slug", "Created", "Description"):
            assert label in shown
        assert screen.image_detail.image == third
        assert third.stack_id in shown and "Nightly build of cache" in shown
        await pilot.press("end")
        assert screen.image_table.current_image == screen.image_table.view[-1]
        await pilot.press("home")
        assert screen.image_table.current_image == screen.image_table.view[0]


async def test_the_detail_pane_shows_the_server_current_state_not_the_list_copy(
    app: CoxEdgeApp, sim: Simulator, until: Until
) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await loaded(app, until)
        second = screen.image_table.view[1]
        sim.envs["test-area"].images[second.id].description = "changed on the server just now"
        await pilot.press("j")
        await until(lambda: "changed on the server just now" in screen_text(app), what="fresh description")


async def test_an_image_deleted_elsewhere_says_so_in_the_detail_pane(
    app: CoxEdgeApp, sim: Simulator, until: Until
) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await loaded(app, until)
        second = screen.image_table.view[1]
        del sim.envs["test-area"].images[second.id]
        await pilot.press("j")
        await until(lambda: "no longer exists on the server" in screen_text(app), what="404 note")
        assert screen.image_table.row_count == 40  # the list is left as it was until a refresh


async def test_slash_filters_across_columns_and_escape_clears(app: CoxEdgeApp, until: Until) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await loaded(app, until, rows=40)
        await pilot.press("slash", *"gateway")
        await until(lambda: screen.image_table.row_count == 3, what="3 gateway rows")
        assert all("gateway" in (i.family or "") for i in screen.image_table.view)
        assert "3 of 40 images" in screen_text(app)
        await pilot.press("enter")  # keeps the filter, back to the list
        assert screen.image_table.has_focus and screen.image_table.row_count == 3
        await pilot.press("escape")
        assert screen.image_table.row_count == 40
        assert "3 of 40" not in screen_text(app)


async def test_the_filter_matches_status_and_reference_too(app: CoxEdgeApp, sim: Simulator, until: Until) -> None:
    sim.add_image("test-area", custom_image(sim, "odd-one", status="PROCESSING"))
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await loaded(app, until, rows=41)
        await pilot.press("slash", *"processing")
        await until(lambda: screen.image_table.row_count == 1, what="one processing row")
        await pilot.press("escape", "slash", *"acme-staging/odd")
        await until(lambda: screen.image_table.row_count == 1, what="one by reference")


async def test_number_keys_switch_between_all_default_and_custom_images(app: CoxEdgeApp, until: Until) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await loaded(app, until, rows=40)
        await pilot.press("3")
        await until(lambda: screen.image_table.row_count == 22, what="custom images")
        assert all(i.is_custom for i in screen.image_table.view)
        await pilot.press("2")
        await until(lambda: screen.image_table.row_count == 18, what="default images")
        assert all(i.slug == "stackpath-edge" for i in screen.image_table.view)
        await pilot.press("1")
        await until(lambda: screen.image_table.row_count == 40, what="all images")


async def test_r_refreshes_and_the_cursor_stays_on_the_same_image(
    app: CoxEdgeApp, sim: Simulator, until: Until
) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await loaded(app, until, rows=40)
        await pilot.press("j", "j", "j")
        chosen = screen.image_table.current_image
        sim.add_image("test-area", custom_image(sim, "brand-new"))
        await pilot.press("r")
        await until(lambda: screen.image_table.row_count == 41, what="the new image")
        assert screen.image_table.current_image is not None
        assert screen.image_table.current_image.id == chosen.id  # type: ignore[union-attr]
        assert any(i.family == "brand-new" for i in screen.image_table.view)


async def test_a_failed_refresh_says_why_and_keeps_the_list(app: CoxEdgeApp, sim: Simulator, until: Until) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await loaded(app, until, rows=40)
        sim.faults.inject(Endpoint.LIST, FaultKind.SERVER_ERROR)
        await pilot.press("r")
        await until(lambda: any("HTTP 500" in n for n in notifications(app)), what="error notification")
        assert any(n.startswith("Server error: Listing images") for n in notifications(app))
        assert screen.image_table.row_count == 40
        assert app.is_running


async def test_auto_refresh_picks_up_changes_and_pauses_under_a_modal(
    app: CoxEdgeApp, sim: Simulator, until: Until
) -> None:
    app.session = replace(app.session, settings=replace(app.session.settings, refresh_seconds=0.2))
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await loaded(app, until, rows=40)
        sim.add_image("test-area", custom_image(sim, "arrives-alone"))
        await until(lambda: screen.image_table.row_count == 41, what="auto refresh")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        lists_before = sum(1 for m, p in sim.requests if m == "GET" and p.endswith("/images"))
        await pilot.pause(0.7)
        lists_during = sum(1 for m, p in sim.requests if m == "GET" and p.endswith("/images"))
        assert lists_during == lists_before
        await pilot.press("escape")
        sim.add_image("test-area", custom_image(sim, "arrives-later"))
        await until(lambda: screen.image_table.row_count == 42, what="refresh resumes")


async def test_server_text_is_shown_literally_never_as_markup(app: CoxEdgeApp, sim: Simulator, until: Until) -> None:
    sim.add_image(
        "test-area",
        custom_image(sim, "[bold]x[/]", tag="[@click=app.quit]q[/]", description="\x1b]52;c;ZXZpbA==\x07 [red]hi"),
    )
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await loaded(app, until, rows=41)
        await pilot.press("end")
        await until(lambda: "\\x1b]52" in screen_text(app), what="escaped control characters")
        shown = screen_text(app)
        assert "[bold]x[/]" in shown and "[@click=app.quit]q[/]" in shown and "[red]hi" in shown
        assert "\x1b" not in (screen.image_table.current_image.description or "x") or "\x1b" not in shown
        await pilot.click("#images")
        assert app.is_running


async def test_question_mark_lists_every_key(app: CoxEdgeApp, until: Until) -> None:
    async with app.run_test(size=(120, 48)) as pilot:  # tall enough for every line of the help at once
        await loaded(app, until)
        await pilot.press("question_mark")
        shown = screen_text(app)
        for key_text in ("Filter", "Refresh", "Quit", "Copy id", "palette"):
            assert key_text in shown
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen)


async def test_the_command_palette_offers_the_app_actions(app: CoxEdgeApp, until: Until) -> None:
    async with app.run_test(size=(120, 40)):
        screen = await loaded(app, until)
        titles = [c.title for c in app.get_system_commands(screen)]
        for title in ("Refresh images", "Filter images", "Show custom images", "Copy image id", "Show keys"):
            assert title in titles


async def test_c_copies_the_image_id_and_shows_it(app: CoxEdgeApp, until: Until) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(app, until)
        await pilot.press("c")
        current = screen.image_table.current_image
        assert current is not None
        assert app.clipboard == current.id
        assert any(current.id in n for n in notifications(app))


async def test_q_quits(app: CoxEdgeApp, until: Until) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, until)
        await pilot.press("q")
        await until(lambda: not app.is_running, what="exit")


async def test_vim_and_half_page_keys_move_and_enter_escape_go_in_and_out_of_the_detail(
    app: CoxEdgeApp, until: Until
) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await loaded(app, until, rows=40)
        table = screen.image_table
        await pilot.press("G")
        assert table.cursor_row == 39
        await pilot.press("g", "ctrl+d")
        assert 0 < table.cursor_row < 39
        middle = table.cursor_row
        await pilot.press("ctrl+u")
        assert table.cursor_row == 0 and middle > 0
        await pilot.press("slash", *"web", "enter")
        await until(lambda: table.row_count < 40, what="filtered")
        await pilot.press("enter")
        assert screen.image_detail.has_focus
        await pilot.press("escape")
        assert table.has_focus and table.filter_text == "web"  # Esc from the detail keeps the filter
        await pilot.press("escape")
        assert table.filter_text == ""
