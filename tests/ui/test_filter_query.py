"""`/` takes a query: what a malformed one says, the result it keeps, `used:` once the workloads are listed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual import events
from textual.widgets import Input

from coxedge_tui.sim import Simulator
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.help import HelpScreen

Until = Callable[..., Awaitable[None]]
Screen = Callable[[CoxEdgeApp], str]


async def loaded(app: CoxEdgeApp, until: Until) -> BrowseScreen:
    await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count == 40, what="rows")
    assert isinstance(app.screen, BrowseScreen)
    return app.screen


def ids(screen: BrowseScreen) -> list[str]:
    return [i.id for i in screen.image_table.view]


async def test_a_malformed_query_says_what_is_wrong_beside_the_box_and_keeps_the_last_good_result(
    app: CoxEdgeApp, until: Until, screen: Screen
) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        browse = await loaded(app, until)
        await pilot.press("slash", *"family:cache")
        await until(lambda: browse.image_table.row_count == 3, what="the cache images")
        good = ids(browse)
        await pilot.press(*' "v2021')
        await until(lambda: 'unclosed quote: the " at column 14 has no closing "' in screen(app), what="the problem")
        assert ids(browse) == good and "3 of 40 images" in screen(app)
        await pilot.press("enter")  # kept as typed: the box and its problem stay
        assert "unclosed quote" in screen(app) and ids(browse) == good
        await pilot.press("slash", "end", '"')
        await until(lambda: browse.image_table.row_count == 2, what="the cache images of 2021")
        assert "unclosed quote" not in screen(app) and "2 of 40 images" in screen(app)
        await pilot.press(*" age>")
        await until(lambda: "age> at column 22 needs a duration" in screen(app), what="the next problem")
        await pilot.press("escape")
        await until(lambda: browse.image_table.row_count == 40, what="every image again")
        assert "needs a duration" not in screen(app)


async def test_used_no_waits_for_the_workloads_then_shows_the_images_no_workload_runs(
    app: CoxEdgeApp, sim: Simulator, until: Until, screen: Screen
) -> None:
    running = {w.image for w in sim.envs["test-area"].workloads.values()}
    async with app.run_test(size=(160, 40)) as pilot:
        browse = await loaded(app, until)
        await until(lambda: browse.workloads._index is not None, what="the workloads listed")
        await pilot.press("slash", *"used:no")
        unused = [i.id for i in browse.image_table.images if i.reference not in running]
        await until(lambda: ids(browse) == unused, what="the unused images")
        assert 0 < len(unused) < 40 and f"{len(unused)} of 40 images" in screen(app)
        await pilot.press("escape", "slash", *"!used:no")
        await until(lambda: len(ids(browse)) == 40 - len(unused), what="the used images")


async def test_question_mark_explains_the_query_language(app: CoxEdgeApp, until: Until, screen: Screen) -> None:
    async with app.run_test(size=(120, 60)) as pilot:
        await loaded(app, until)
        await pilot.press("question_mark")
        await until(lambda: isinstance(app.screen, HelpScreen), what="the help")
        help_box = app.screen.query_one("#help-box")
        help_box.scroll_end(animate=False)
        await pilot.pause()
        shown = screen(app)
        assert "Filter queries  (/)" in shown
        for example in ("family:web", "!web", "age>30d", "used:no", '"my tag"', "type:custom", "env:prod*"):
            assert example in shown
        assert "Age units: s, m (minutes), h, d, w, mo (30 days), y (365 days)." in shown


async def test_a_filter_typed_in_one_burst_after_slash_goes_into_the_box(
    app: CoxEdgeApp, until: Until, screen: Screen
) -> None:
    # Over SSH a quick `/cache` arrives in one read: the letters must not wait for `/` to have moved the focus.
    async with app.run_test(size=(160, 40)) as pilot:
        browse = await loaded(app, until)
        for key, char in [("slash", "/"), *((c, c) for c in "cache")]:
            app.post_message(events.Key(key, char))  # all queued before the first is handled
        box = browse.query_one("#filter", Input)
        await until(lambda: box.value == "cache" and browse.image_table.row_count == 3, what="the cache images")
        await pilot.pause()
        assert box.has_focus
        assert "3 of 40 images" in screen(app)
        assert not app._notifications  # `c` copied nothing


async def test_a_typo_mended_and_kept_in_one_burst_keeps_the_mended_filter(app: CoxEdgeApp, until: Until) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        browse = await loaded(app, until)
        await pilot.press("slash", *"cachee")
        box = browse.query_one("#filter", Input)
        for key, char in [("backspace", None), ("enter", "\r")]:
            app.post_message(events.Key(key, char))
        await until(lambda: browse.image_table.has_focus, what="back on the list")
        await until(lambda: box.value == "cache", what="the mended filter")
        await pilot.pause()
        assert box.value == "cache"


async def test_letters_typed_quickly_after_slash_never_run_the_lists_keys(app: CoxEdgeApp, until: Until) -> None:
    # `n` is New and `t` Tasks on the list: right after `/` they are letters of the filter, however fast they come.
    async with app.run_test(size=(160, 40)) as pilot:
        browse = await loaded(app, until)
        for key, char in [("slash", "/"), *((c, c) for c in "nt")]:
            app.post_message(events.Key(key, char))
        box = browse.query_one("#filter", Input)
        await until(lambda: box.value == "nt", what="the letters in the filter box")
        await pilot.pause()
        assert app.screen is browse and box.has_focus  # no create form
        assert browse.creating.tasks_panel is None  # and no tasks panel
