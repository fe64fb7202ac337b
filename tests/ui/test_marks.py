"""Marking images (space, *, Esc) and deleting the marked ones at once, under the simulator's faults."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from coxedge_tui.sim import Simulator
from coxedge_tui.sim.faults import Endpoint, FaultKind
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.confirm_bulk_delete import ConfirmBulkDeleteScreen
from coxedge_tui.ui.screens.environments import EnvironmentScreen
from coxedge_tui.ui.terminal import GLYPHS
from coxedge_tui.ui.widgets.image_lines import MARK

Until = Callable[..., Awaitable[None]]
Screen = Callable[[CoxEdgeApp], str]
ENV = "test-area"


async def ready(app: CoxEdgeApp, until: Until) -> BrowseScreen:
    await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
    assert isinstance(app.screen, BrowseScreen)
    return app.screen


def marked_rows(text: str) -> list[str]:
    return [line.split()[0].lstrip("●") for line in text.splitlines() if line.lstrip().startswith("●")]


def said(app: CoxEdgeApp) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


async def test_marks_show_on_their_rows_and_survive_filter_sort_and_refresh_and_esc_clears_them(
    app: CoxEdgeApp, screen: Screen, until: Until
) -> None:
    async with app.run_test(size=(110, 24)) as pilot:
        browse = await ready(app, until)
        await pilot.press("space", "space")  # marks the first row, steps down, marks the second
        await until(lambda: "2 marked" in screen(app), what="two marks")
        assert len(marked_rows(screen(app))) == 2

        two = {i.id for i in browse.image_table.view[:2]}
        await pilot.press("slash", *"web", "enter", "asterisk")
        webs = {i.id for i in browse.image_table.view}
        assert webs and all(i.family == "web" for i in browse.image_table.view)
        expected = len(webs | two)
        await until(lambda: f"{expected} marked" in screen(app), what="every web image marked")
        assert len(marked_rows(screen(app))) == min(len(webs), 20)

        await pilot.press("S", "r")  # another order, a fresh list: the marks stay
        await until(lambda: not browse.list_busy, what="the refresh")
        assert f"{expected} marked" in screen(app)

        await pilot.press("escape")  # the filter goes first
        assert "web" not in browse.query_one("#filter").value  # type: ignore[attr-defined]
        assert f"{expected} marked" in screen(app)
        await pilot.press("escape")  # then the marks
        await until(lambda: "marked" not in screen(app), what="the marks to go")
        assert marked_rows(screen(app)) == []


async def test_a_mark_goes_when_its_image_is_gone_from_the_server(
    app: CoxEdgeApp, sim: Simulator, screen: Screen, until: Until
) -> None:
    async with app.run_test(size=(110, 24)) as pilot:
        browse = await ready(app, until)
        await pilot.press("3", "space", "space")
        await until(lambda: len(browse.marking.marks) == 2, what="two marks")
        gone = browse.marking.marks.images[0]
        del sim.envs[ENV].images[gone.id]
        sim._changed()  # deleted behind the simulator's back: its cached list answer goes too
        await pilot.press("r")
        await until(lambda: "1 marked" in screen(app), what="the mark of the vanished image to go")


async def test_marked_images_are_deleted_after_one_question_and_faults_leave_the_failed_one_marked(
    fast: CoxEdgeApp, sim: Simulator, clock: object, screen: Screen, until: Until
) -> None:
    sim.faults.retry_after_seconds = 0
    async with fast.run_test(size=(110, 30), notifications=True) as pilot:
        browse = await ready(fast, until)
        await pilot.press("3")
        await until(lambda: all(i.is_custom for i in browse.image_table.view), what="custom images")
        await pilot.press("1")
        await until(lambda: not all(i.is_custom for i in browse.image_table.view), what="all images")
        view = list(browse.image_table.view)
        default = next(n for n, i in enumerate(view) if not i.is_custom)
        customs = [n for n, i in enumerate(view) if i.is_custom][:5]
        for row in [default, *customs]:
            browse.image_table.move_cursor(row=row)
            await pilot.press("space")
        await until(lambda: "6 marked" in screen(fast), what="six marks")

        await pilot.press("d")
        await until(lambda: isinstance(fast.screen, ConfirmBulkDeleteScreen), what="the question")
        dialog = fast.screen
        await until(lambda: "flagged above" in screen(fast) or "No workload" in screen(fast), what="usage")
        text = screen(fast)
        assert "Delete 5 custom images?" in text
        assert "Left out (1):" in text
        assert "Default images belong to the provider" in text
        assert "USED BY" in text  # the first custom images of the seed run on workloads
        assert [m for m, _ in sim.requests if m == "DELETE"] == []
        await pilot.press("enter")  # Cancel has the focus: nothing is deleted
        await until(lambda: fast.screen is browse, what="the question to close")
        assert [m for m, _ in sim.requests if m == "DELETE"] == []
        assert dialog is not fast.screen

        sim.faults.inject(Endpoint.DELETE, FaultKind.CONFLICT)  # the first delete is refused
        sim.faults.inject(Endpoint.DELETE, FaultKind.DROP)  # the second is done, but its answer lost
        sim.faults.inject(Endpoint.DELETE, FaultKind.RATE_LIMITED)  # the third is told to wait, then sent again
        await pilot.press("d")
        await until(lambda: isinstance(fast.screen, ConfirmBulkDeleteScreen), what="the question")
        await pilot.press("y")
        await until(lambda: len([m for m, _ in sim.requests if m == "DELETE"]) == 6, what="five deletes and a retry")
        await until(lambda: "DELETING" in screen(fast), what="rows being deleted")
        clock.advance(5)  # type: ignore[attr-defined]
        await until(lambda: "Bulk delete" in said(fast), what="the summary")
        assert "4 deleted, 1 failed: Simulated fault: another operation on this image is in progress" in said(fast)
        assert "Task succeeded" not in said(fast)  # one summary, not a toast per image
        await until(lambda: "2 marked" in screen(fast), what="the failed one and the default to stay marked")
        first = view[customs[0]]
        assert set(browse.marking.marks.ids) == {first.id, view[default].id}
        assert all(sim.image(ENV, view[n].id) is None for n in customs[1:])


def test_the_mark_glyph_has_an_ascii_stand_in_for_ascii_terminals() -> None:
    assert GLYPHS[MARK] == "*"


async def test_marks_belong_to_their_environment_and_go_when_another_is_chosen(
    app: CoxEdgeApp, screen: Screen, until: Until
) -> None:
    async with app.run_test(size=(110, 24)) as pilot:
        browse = await ready(app, until)
        await pilot.press("3", "space", "2")  # a custom image marked, then the Default tab: the mark stays
        await until(lambda: not any(i.is_custom for i in browse.image_table.view), what="default images")
        await until(lambda: "1 marked" in screen(app), what="the mark kept")
        await pilot.press("e")
        await until(lambda: isinstance(app.screen, EnvironmentScreen), what="the picker")
        await until(lambda: "production" in screen(app), what="the environments")
        await pilot.press("down", "enter")
        await until(lambda: app.session.environment == "production", what="the switch")
        await until(lambda: app.screen is browse and "marked" not in screen(app), what="the marks to go")
