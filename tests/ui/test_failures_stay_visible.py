"""Failures stay on screen after their notification fades: a list not loaded or not live, a failed create."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from test_create_delete import delete_first_custom, fill, open_form

from coxedge_tui.sim import Simulator
from coxedge_tui.sim.faults import Endpoint, FaultKind
from coxedge_tui.sim.seed import SimImage
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.widgets.image_detail import ImageDetail

Until = Callable[..., Awaitable[None]]
Screen = Callable[[CoxEdgeApp], str]


def server_errors(app: CoxEdgeApp) -> int:
    return sum(n.title == "Server error" for n in app._notifications)


def browse(app: CoxEdgeApp) -> BrowseScreen:
    assert isinstance(app.screen, BrowseScreen)
    return app.screen


@dataclass
class VirtualTimers:
    """Stands in for the screen's timers: records each delay asked for; the test decides when it has passed."""

    started: list[tuple[float, Callable[[], None]]] = field(default_factory=list)

    def __call__(self, delay: float, callback: Callable[[], None]) -> VirtualTimers:
        self.started.append((delay, callback))
        return self

    def stop(self) -> None:
        pass

    @property
    def delays(self) -> list[float]:
        return [delay for delay, _ in self.started]

    def pass_time(self) -> None:
        self.started[-1][1]()


async def test_a_failed_first_load_says_why_in_the_list_until_a_load_succeeds(
    app: CoxEdgeApp, sim: Simulator, until: Until, screen: Screen
) -> None:
    sim.faults.always(Endpoint.LIST, FaultKind.SERVER_ERROR)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(lambda: "Could not load images" in screen(app), what="the reason in the list")
        app.clear_notifications()  # as when the notification has faded
        await pilot.pause()
        shown = screen(app)
        assert "Could not load images: Listing images: the server failed (HTTP 500" in " ".join(shown.split())
        assert "Press r to retry" in shown
        assert "not loaded · Server error (HTTP 500) · r retries" in shown
        sim.faults.clear()
        await pilot.press("r")
        await until(lambda: browse(app).image_table.row_count == 40, what="the list")
        shown = screen(app)
        assert "Could not load images" not in shown and "r retries" not in shown
        assert "40 images  │  at 09:30:00" in shown


async def test_failed_refreshes_mark_the_list_not_live_and_retry_ever_less_often_until_one_succeeds(
    app: CoxEdgeApp, sim: Simulator, until: Until, screen: Screen
) -> None:
    app.session = replace(app.session, settings=replace(app.session.settings, refresh_seconds=30))
    first = app.wall_clock()
    async with app.run_test(size=(160, 30)) as pilot:
        await until(lambda: "40 images  │  at 09:30:00" in screen(app), what="the live list")
        timers = browse(app).start_timer = VirtualTimers()
        app.wall_clock = lambda: first + timedelta(minutes=5)
        sim.faults.always(Endpoint.LIST, FaultKind.SERVER_ERROR)
        await pilot.press("r")
        not_live = "40 images  │  not live since 09:30:00 · Server error (HTTP 500) · r retries"
        await until(lambda: not_live in screen(app), what="the not-live mark")
        await until(lambda: len(timers.started) == 1, what="the next try planned")
        for tries in range(2, 6):
            timers.pass_time()
            await until(lambda: len(timers.started) == tries, what=f"try {tries} planned")  # noqa: B023
        assert timers.delays == [60, 120, 240, 300, 300], "doubling after each failure, capped at 5 minutes"
        assert not_live in screen(app) and browse(app).image_table.row_count == 40
        assert server_errors(app) == 1, "one notification, not one per try"
        sim.faults.clear()
        timers.pass_time()
        await until(lambda: "40 images  │  at 09:35:00" in screen(app), what="live again")
        assert "not live" not in screen(app)
        await until(lambda: len(timers.started) == 6, what="the next refresh planned")
        assert timers.delays[-1] == 30


async def test_a_failed_create_marks_its_row_failed_with_the_reason_until_r_finds_no_such_image(
    fast: CoxEdgeApp, sim: Simulator, until: Until, screen: Screen
) -> None:
    app = fast  # task checks every 50 ms
    sim.instant_tasks = True
    sim.fail_next_tasks = 1
    async with app.run_test(size=(160, 40)) as pilot:
        await until(lambda: browse(app).image_table.row_count == 40, what="the list")
        screen_ = browse(app)
        form = await open_form(app, pilot, until)
        await fill(pilot, form, until, "doomed", "v1")
        await pilot.press("ctrl+s")
        await until(lambda: screen_.image_table.marks, what="the FAILED mark")
        image_id = next(iter(screen_.image_table.marks))
        reason = "The simulated operation failed on the edge node."
        await until(lambda: screen_.image_detail.image and screen_.image_detail.image.id == image_id, what="detail")
        app.clear_notifications()
        await pilot.pause()
        shown = screen(app)
        row = next(line for line in shown.splitlines() if " doomed " in line and " v1 " in line)
        assert "FAILED" in row and "PENDING" not in row
        assert reason in " ".join(shown.split()), "the server's reason, in the detail pane"
        assert "the task failed" not in shown
        await pilot.press("t")
        await until(lambda: reason in " ".join(screen(app).split()), what="the reason in the tasks panel")

        sim.remove_image("test-area", image_id)  # as a server that keeps no failed image
        await pilot.press("escape", "r")
        await until(
            lambda: not any(i.family == "doomed" for i in screen_.image_table.view), what="the failed row cleared by r"
        )
        await pilot.pause()
        assert not any(" doomed " in line and " v1 " in line for line in screen(app).splitlines())
        assert screen_.image_table.row_count == 40
        assert not screen_.image_table.marks


async def test_the_detail_pane_says_deleting_as_the_row_does_and_reads_each_image_from_the_top(
    app: CoxEdgeApp, sim: Simulator, until: Until, screen: Screen
) -> None:
    env = sim.envs["test-area"]
    long = "line of a long description\n" * 60
    created = datetime(2030, 1, 1, tzinfo=UTC)
    for tag in ("v1", "v2"):  # side by side in the list, both longer than the pane
        sim.add_image("test-area", SimImage(env.stack_id, env.stack_slug, "long", tag, created, description=long))
    async with app.run_test(size=(160, 24)) as pilot:
        await until(lambda: browse(app).image_table.row_count == 42, what="the list")
        screen_ = browse(app)
        detail = screen_.query_one(ImageDetail)
        await pilot.press("3")
        await until(lambda: all(i.is_custom for i in screen_.image_table.view), what="custom images")
        row = next(n for n, i in enumerate(screen_.image_table.view) if i.family == "long" and i.tag == "v1")
        screen_.image_table.move_cursor(row=row)
        await until(lambda: (detail.image and detail.image.tag) == "v1", what="the long image in the detail")
        await until(lambda: "line of a long description" in screen(app), what="its description")
        await pilot.press("enter", "end")
        await until(lambda: detail.scroll_y > 0, what="the detail scrolled down")
        await pilot.press("escape", "j")
        await until(lambda: (detail.image and detail.image.tag) == "v2", what="the next image")
        await until(lambda: "As the server had it" in detail.note.plain, what="its detail loaded")
        await pilot.pause()
        assert detail.scroll_y == 0
        assert any(line.strip("▊ ").startswith("Family") for line in screen(app).splitlines()), "read from its top"

        image = await delete_first_custom(app, screen_, pilot, until)
        await until(lambda: screen_.image_table.marks.get(image.id) == "DELETING", what="the row marked DELETING")
        await pilot.pause()
        in_detail = [line[detail.region.x :] for line in screen(app).splitlines()]
        status = next(line for line in in_detail if line.strip("▊ ").startswith("Status"))
        assert "DELETING" in status and "READY" not in status, status
