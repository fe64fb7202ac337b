"""On a slow link every byte counts: a refresh with nothing new repaints nothing, a change repaints only itself."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from coxedge_tui.sim import Simulator
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.widgets.diff_lines import DiffLines
from coxedge_tui.ui.widgets.status_bar import StatusBar

Until = Callable[..., Awaitable[None]]


async def settled(app: CoxEdgeApp, until: Until) -> BrowseScreen:
    await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
    screen = app.screen
    assert isinstance(screen, BrowseScreen)
    await until(lambda: "As the server had it" in str(screen.image_detail.note), what="the first row's detail")
    await until(lambda: not any(w.is_running for w in screen.workers), what="no request in flight")
    return screen


def asked(sim: Simulator, path_end: str) -> int:
    """How many GETs of a path ending so the simulator has received."""
    return sum(1 for r in sim.received if r.method == "GET" and r.path.endswith(path_end))


async def refresh_and_follow(pilot: Pilot[None], screen: BrowseScreen, sim: Simulator, until: Until) -> None:
    """`r`, until the list and the detail pane's image have been asked for again and nothing is left running."""
    image = screen.image_detail.image
    assert image is not None
    lists, details = asked(sim, "/images"), asked(sim, f"/images/{image.id}")
    await pilot.press("r")
    await until(lambda: asked(sim, "/images") > lists, what="the list asked for again")
    await until(lambda: asked(sim, f"/images/{image.id}") > details, what="the detail asked for again")
    await until(
        lambda: not screen.listing.following and not any(w.is_running for w in screen.workers),
        what="nothing left running",
    )


def record_spans(widget: DiffLines) -> list[tuple[int, int, int]]:
    """Every (line, start, end) the widget marks dirty from now on."""
    spans: list[tuple[int, int, int]] = []
    update = widget.update

    def recorded(*args: object, **kw: object) -> None:
        update(*args, **kw)  # type: ignore[arg-type]
        spans.extend(widget.dirty_spans)

    widget.update = recorded  # type: ignore[method-assign]
    return spans


async def test_a_refresh_with_equal_data_repaints_no_row_no_detail_and_only_the_freshness_text(
    app: CoxEdgeApp, sim: Simulator, until: Until
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await settled(app, until)
        table_repaints: list[object] = []
        table_refresh = screen.image_table.refresh

        def table_spy(*regions: object, **kw: object) -> object:
            table_repaints.append(regions)
            return table_refresh(*regions, **kw)  # type: ignore[arg-type]

        screen.image_table.refresh = table_spy  # type: ignore[method-assign]
        detail = record_spans(screen.image_detail.query_one(DiffLines))
        status_bar = screen.query_one(StatusBar)
        status = record_spans(status_bar)
        freshness = str(status_bar.render()).rindex("  │  at")  # where the "at 09:30:00" part begins
        await refresh_and_follow(pilot, screen, sim, until)
        assert table_repaints == []
        assert detail == []
        assert status and all(start >= freshness for _, start, _ in status)


async def test_the_detail_pane_rewrites_only_the_lines_that_change(app: CoxEdgeApp, until: Until) -> None:
    async with app.run_test(size=(120, 36)):
        screen = await settled(app, until)
        detail = screen.image_detail
        body = detail.query_one(DiffLines)
        image = detail.image
        assert image is not None
        before = [line.text for line in body._strips]
        detail.show(image.model_copy(update={"description": "Rebuilt with a newer kernel"}), note=str(detail.note),
                    usage=detail.usage)
        changed = [line for line, _, _ in body.dirty_spans]
        after = [line.text for line in body._strips]
        assert [n for n, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == changed
        assert len(changed) == 1 and "Rebuilt with a newer kernel" in after[changed[0]]
        start, end = body.dirty_spans[0][1:]
        assert after[changed[0]][start:end].strip().endswith("kernel")
        assert start > after[changed[0]].index("Rebuilt") - 1  # the label column is not rewritten


async def test_the_detail_follows_a_refresh_a_frame_later_and_not_once_the_cursor_has_moved_on(
    app: CoxEdgeApp, sim: Simulator, until: Until
) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await settled(app, until)
        first = screen.image_table.current_image
        assert first is not None
        before = asked(sim, f"/images/{first.id}")
        await refresh_and_follow(pilot, screen, sim, until)
        assert asked(sim, f"/images/{first.id}") == before + 1
        await pilot.press("down")  # the detail pane now shows the second row, asked for once the cursor rests
        screen.listing._follow(first)  # a follow of the refresh, come after the step
        await pilot.pause()
        assert asked(sim, f"/images/{first.id}") == before + 1


async def test_the_detail_text_keeps_its_width_whether_or_not_the_pane_scrolls(app: CoxEdgeApp, until: Until) -> None:
    # Its scrollbar coming or going would move every cell of every line: the whole pane sent again, twice.
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await settled(app, until)
        detail = screen.image_detail
        body = detail.query_one(DiffLines)
        await pilot.press("slash", *"web", "enter", "2")  # no default image is called web: nothing to show
        await until(lambda: detail.image is None and detail.max_scroll_y == 0, what="an empty detail pane")
        await pilot.pause()
        empty_width = body.size.width
        await pilot.press("3")
        await until(lambda: detail.image is not None and detail.max_scroll_y > 0, what="an image taller than the pane")
        await pilot.pause()
        assert detail.show_vertical_scrollbar
        assert body.size.width == empty_width
