"""Server text is data: markup and control characters from the API show literally and do nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from coxedge_tui.core.tracked_task import TaskState, TrackedTask
from coxedge_tui.sim import Simulator
from coxedge_tui.sim.seed import SimImage
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.screens.confirm_delete import ConfirmDeleteScreen
from coxedge_tui.ui.screens.create_image import CreateImageScreen

Until = Callable[..., Awaitable[None]]
MARKUP = "[@click=app.quit]boom[/]"
OSC52 = "\x1b]52;c;ZXZpbA==\x07"


def hostile_image(sim: Simulator, **fields: object) -> SimImage:
    env = sim.envs["test-area"]
    values: dict[str, object] = {
        "stack_id": env.stack_id,
        "slug": env.stack_slug,
        "family": "aaa-hostile",
        "tag": "v1",
        "created_at": datetime(2019, 1, 1, tzinfo=UTC),
        "description": "plain",
    }
    values.update(fields)
    return SimImage(**values)  # type: ignore[arg-type]


async def first_row_is(app: CoxEdgeApp, until: Until, family: str) -> BrowseScreen:
    await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
    browse = app.screen
    assert isinstance(browse, BrowseScreen)
    index = next(n for n, i in enumerate(browse.image_table.view) if i.family == family)
    browse.image_table.move_cursor(row=index)
    return browse


async def test_markup_and_escapes_in_every_field_show_literally_in_list_and_detail(
    app: CoxEdgeApp, sim: Simulator, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    image = hostile_image(sim, family=MARKUP, tag="[b]t[/b]", description=f"{OSC52}\r\u202eevil [red]x[/red]\x07")
    sim.add_image("test-area", image)
    async with app.run_test(size=(160, 40)) as pilot:
        await first_row_is(app, until, MARKUP)
        await until(lambda: "As the server had it" in screen(app), what="detail")
        text = screen(app)
        assert MARKUP in text and "[b]t[/b]" in text and "[red]x[/red]" in text
        assert "\\x1b]52;c;ZXZpbA==\\x07" in text and "\\u202e" in text and "\\x0d" in text
        for raw in ("\x1b", "\x07", "\u202e", "\r"):
            assert raw not in text
        await pilot.click("#images")
        await pilot.pause(0.1)
        assert app.is_running


async def test_server_error_messages_are_shown_literally(app: CoxEdgeApp, sim: Simulator, until: Until) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
        app.session = app.session.switched(environment=MARKUP)  # the server answers 404 with a message naming it
        await pilot.press("r")
        await until(lambda: any(MARKUP in n.message for n in app._notifications), what="the literal message")
        assert app.is_running


async def test_workload_names_in_the_form_and_the_delete_dialog_are_literal(
    app: CoxEdgeApp, sim: Simulator, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    env = sim.envs["test-area"]
    web = next(w for w in env.workloads.values() if w.name == "web-vm")
    web.name = f"{MARKUP}{OSC52}"
    async with app.run_test(size=(120, 40)) as pilot:
        browse = await first_row_is(app, until, "web")
        await pilot.press("d")
        await until(lambda: isinstance(app.screen, ConfirmDeleteScreen), what="dialog")
        await until(lambda: "Warning: used by" in screen(app), what="usage")
        assert MARKUP in screen(app) and "\\x1b]52" in screen(app)
        await pilot.press("escape")
        await until(lambda: app.screen is browse, what="back")
        await pilot.press("n")
        await until(lambda: isinstance(app.screen, CreateImageScreen), what="form")
        form = app.screen
        await until(lambda: not form.query_one("#workload-pick").disabled, what="workloads")
        await pilot.press("tab", "tab", "enter")
        await until(lambda: MARKUP in screen(app), what="the literal workload name")
        assert app.is_running


async def test_a_huge_description_is_cut_short_in_the_detail_pane(
    app: CoxEdgeApp, sim: Simulator, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    sim.add_image("test-area", hostile_image(sim, family="huge", description="x" * 1_000_000))
    async with app.run_test(size=(120, 40)) as pilot:
        browse = await first_row_is(app, until, "huge")
        await until(lambda: "As the server had it" in str(browse.image_detail.note), what="detail")
        browse.image_detail.scroll_end(animate=False)
        await pilot.pause()
        await until(lambda: "more characters)" in screen(app), what="the cut")
        assert "996,000 more characters" in screen(app)


async def test_form_input_that_breaks_the_rules_gets_a_clear_message(
    app: CoxEdgeApp, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count > 0, what="rows")
        await pilot.press("n")
        await until(lambda: isinstance(app.screen, CreateImageScreen), what="form")
        form = app.screen
        assert isinstance(form, CreateImageScreen)
        cases = [
            ("family", " web", "Family must not start or end with spaces."),
            ("family", "wéb", "Family may only hold lower-case letters, digits and '-'."),
            ("tag", "v1\x1b", "Tag may only hold ASCII letters, digits, '_', '.' and '-'."),
            ("tag", "ünïcode", "Tag may only hold ASCII letters, digits, '_', '.' and '-'."),
            ("tag", "v" * 5000, "Tag is 5000 characters; at most 128 are allowed."),
            ("description", "d" * 1001, "Description is 1001 characters; at most 1000 are allowed."),
            ("description", "bell\x07", "Description must not contain control characters."),
        ]
        for field, value, message in cases:
            form.query_one(f"#{field}").value = value
            await pilot.pause()
            assert message in screen(app), (field, value)


async def test_wide_right_to_left_and_emoji_text_keeps_every_row_inside_the_screen(
    app: CoxEdgeApp, sim: Simulator, screen: Callable[[CoxEdgeApp], str], until: Until
) -> None:
    from rich.cells import cell_len

    sim.add_image(
        "test-area", hostile_image(sim, family="🚀火箭-ロケット-" * 6, tag="صورة-عربية", description="مرحبا 👋🏽")
    )
    async with app.run_test(size=(100, 30)):
        browse = await first_row_is(app, until, "🚀火箭-ロケット-" * 6)
        await until(lambda: "As the server had it" in str(browse.image_detail.note), what="detail")
        lines = screen(app).splitlines()
        assert any("🚀" in line for line in lines)
        assert all(cell_len(line) <= 100 for line in lines), [line for line in lines if cell_len(line) > 100]


async def test_a_tasks_environment_in_its_end_notice_carries_no_escape_or_control_character(
    app: CoxEdgeApp, until: Until
) -> None:
    """The environment is a name the server gave; the notice naming it must not let it drive the terminal."""
    hostile = "prod\x1b]0;pwned\x07\u202euction"
    async with app.run_test(size=(120, 30)):
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count, what="rows")
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        task = TrackedTask(id="t-1", operation="delete", image_id="i-1", label="web:v1", status="SUCCESS")
        task.state, task.message, task.environment = TaskState.SUCCEEDED, "Deleted web:v1.", hostile
        screen.creating.task_changed(task)
        await until(lambda: any(n.title.startswith("Task succeeded") for n in app._notifications), what="notice")
        [title] = [n.title for n in app._notifications if n.title.startswith("Task succeeded")]
    assert title.startswith("Task succeeded in prod") and "uction" in title
    assert not any(ord(c) < 32 or c in "\x7f\u202e" for c in title), repr(title)
