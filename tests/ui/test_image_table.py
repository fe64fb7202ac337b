"""The image list as a user meets it: rows, filter, sort, refreshes, marks, literal server text, size."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta

from textual import events
from textual.app import App, ComposeResult

from coxedge_tui.api.models import Image
from coxedge_tui.core.image_list_model import SORT_COLUMNS
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen
from coxedge_tui.ui.widgets.image_table import ImageTable

Screen = Callable[[App[object]], str]
Until = Callable[..., Awaitable[None]]
START = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
FAMILIES = ("web", "api-gateway", "cache", "db-replica")


def image(n: int, *, family: str | None = None, tag: str | None = None, status: str = "READY", **kw: object) -> Image:
    family = family or FAMILIES[n % len(FAMILIES)]
    tag = tag or f"v{n:05d}"
    fields: dict[str, object] = {
        "id": f"stack/{family}/{tag}",
        "family": family,
        "tag": tag,
        "status": status,
        "createdAt": (START + timedelta(hours=n)).isoformat(),
        "reference": f"acme/{family}:{tag}",
        "slug": "acme",
    }
    return Image.model_validate(fields | kw)


def images(count: int) -> list[Image]:
    return [image(n) for n in range(count)]


class ListApp(App[None]):
    """Just the list, as wide as the terminal, recording what it announces."""

    def __init__(self, shown: Sequence[Image]) -> None:
        super().__init__()
        self.shown = shown
        self.highlighted: list[Image | None] = []

    def compose(self) -> ComposeResult:
        yield ImageTable(id="images")

    def on_mount(self) -> None:
        self.table.clock = lambda: START + timedelta(days=2)  # the ages shown do not depend on today
        self.table.show_images(self.shown)

    @property
    def table(self) -> ImageTable:
        return self.query_one(ImageTable)

    def on_image_table_highlighted(self, message: ImageTable.Highlighted) -> None:
        self.highlighted.append(message.image)


def rows_on_screen(text: str) -> list[str]:
    """The lines below the header, without trailing blanks."""
    return [line.rstrip() for line in text.splitlines()[1:] if line.strip()]


async def test_every_image_is_a_row_with_its_columns_under_a_header(screen: Screen) -> None:
    app = ListApp(images(5))
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        shown = screen(app)
        header = shown.splitlines()[0]
        assert header.split() == ["Family", "Tag", "Status", "Age", "Created", "Reference"]
        assert app.table.row_count == 5
        first = rows_on_screen(shown)[0].split()
        assert first == ["web", "v00000", "READY", "2d", "2024-03-01", "12:00", "acme/web:v00000"]
        assert len(rows_on_screen(shown)) == 5


async def test_long_values_are_cut_with_an_ellipsis_and_reference_takes_the_rest(screen: Screen) -> None:
    long_family = "f" * 60
    app = ListApp([image(0, family=long_family, tag="t1", reference="r" * 200)])
    async with app.run_test(size=(90, 6)) as pilot:
        await pilot.pause()
        lines = screen(app).splitlines()
        row = lines[1]
        assert long_family not in row
        assert "f" * 20 + "…" in row
        assert row.rstrip().endswith("r…")
        assert all(len(line) <= 90 for line in lines)


async def test_with_a_scrollbar_rows_end_with_their_ellipsis_left_of_it(screen: Screen) -> None:
    app = ListApp([image(n, reference="r" * 200) for n in range(50)])
    async with app.run_test(size=(70, 10)) as pilot:
        await pilot.pause()
        assert app.table.scrollable_content_region.width == 70 - 2
        for line in screen(app).splitlines()[1:]:
            assert line[: 70 - 2].rstrip().endswith("r…") and len(line[: 70 - 2].rstrip()) == 70 - 3


async def test_the_filter_narrows_the_list_and_clearing_it_brings_every_row_back() -> None:
    app = ListApp(images(40))
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        table = app.table
        table.move_cursor(row=6)  # a "cache" image
        chosen = table.current_image
        assert chosen is not None and chosen.family == "cache"
        table.set_filter("CACHE")
        await pilot.pause()
        assert table.row_count == 10
        assert {i.family for i in table.view} == {"cache"}
        assert table.current_image == chosen
        table.set_filter("")
        await pilot.pause()
        assert table.row_count == 40
        assert table.current_image == chosen


async def test_a_filter_matching_nothing_says_so_and_announces_no_image(screen: Screen) -> None:
    app = ListApp(images(8))
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        app.table.set_filter("no-such-thing")
        await pilot.pause()
        assert app.table.row_count == 0
        assert app.table.current_image is None
        assert app.highlighted[-1] is None
        assert "No image matches “no-such-thing”." in screen(app)


async def test_the_filter_also_finds_the_local_creation_time_and_the_id() -> None:
    app = ListApp(images(48))
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        app.table.set_filter("2024-03-02 23:00")
        assert [i.tag for i in app.table.view] == ["v00035"]
        app.table.set_filter("stack/web/v00004")
        assert [i.tag for i in app.table.view] == ["v00004"]


async def test_s_sorts_by_created_then_family_with_an_arrow_and_keeps_the_cursor_on_its_image(
    screen: Screen,
) -> None:
    shuffled = [image(n) for n in (3, 0, 2, 1, 5, 4)]
    app = ListApp(shuffled)
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()
        table = app.table
        table.focus()
        await pilot.press("j")
        chosen = table.current_image
        assert chosen is not None and chosen.tag == "v00000"
        await pilot.press("s")
        assert table.sort_column == "created"
        assert [i.tag for i in table.view] == [f"v{n:05d}" for n in range(6)]
        assert table.current_image == chosen and table.cursor_row == 0
        assert "Created ▲" in screen(app).splitlines()[0]
        await pilot.press("S")
        assert [i.tag for i in table.view] == [f"v{n:05d}" for n in reversed(range(6))]
        assert table.current_image == chosen and table.cursor_row == 5
        assert "Created ▼" in screen(app).splitlines()[0]
        await pilot.press("s")
        assert table.sort_column == "family"
        families = [i.family for i in table.view]
        assert families == sorted(families, reverse=True)
        assert table.current_image == chosen


async def test_sorting_cycles_back_to_the_server_order() -> None:
    shuffled = [image(n) for n in (3, 0, 2, 1)]
    app = ListApp(shuffled)
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()
        app.table.focus()
        await pilot.press(*"s" * (len(SORT_COLUMNS) + 1))
        assert app.table.sort_column is None
        assert list(app.table.view) == shuffled


async def test_clicking_a_heading_sorts_by_it_and_clicking_again_reverses() -> None:
    app = ListApp([image(n) for n in (3, 0, 2, 1)])
    async with app.run_test(size=(100, 12)) as pilot:
        await pilot.pause()
        await pilot.click(ImageTable, offset=(2, 0))
        assert (app.table.sort_column, app.table.sort_reverse) == ("family", False)
        await pilot.click(ImageTable, offset=(2, 0))
        assert (app.table.sort_column, app.table.sort_reverse) == ("family", True)


async def test_a_refresh_keeps_the_cursor_on_the_same_image_when_rows_arrive_above_it() -> None:
    app = ListApp(images(10))
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        table = app.table
        table.move_cursor(row=4)
        chosen = table.current_image
        newer = [image(100 + n, family="new") for n in range(3)]
        table.show_images([*newer, *images(10)])
        await pilot.pause()
        assert table.current_image is not None and chosen is not None
        assert table.current_image.id == chosen.id
        assert table.cursor_row == 7


async def test_when_the_current_image_disappears_the_cursor_stays_at_its_row_and_announces_the_next() -> None:
    app = ListApp(images(10))
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        table = app.table
        table.move_cursor(row=4)
        gone = table.current_image
        table.show_images([i for i in images(10) if i != gone])
        await pilot.pause()
        assert table.cursor_row == 4
        assert table.current_image == images(10)[5]
        assert app.highlighted[-1] == images(10)[5]
        table.move_cursor(row=8)
        table.show_images(images(3))
        await pilot.pause()
        assert table.current_image == images(3)[2]
        table.show_images([])
        await pilot.pause()
        assert table.current_image is None and app.highlighted[-1] is None


async def test_highlighted_is_posted_only_when_the_image_under_the_cursor_changes() -> None:
    app = ListApp(images(5))
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        app.table.focus()
        await pilot.press("down", "down", "up")
        app.table.show_images(images(5))
        await pilot.pause()
        assert [i.tag if i else None for i in app.highlighted] == ["v00000", "v00001", "v00002", "v00001"]


async def test_server_markup_is_shown_literally_and_never_runs(screen: Screen) -> None:
    app = ListApp(
        [
            image(0, family="[bold]x[/]", tag="[@click=app.quit]q[/]"),
            image(1, family="[@click=app.quit]x[/]", reference="[red]r[/red]"),
        ]
    )
    async with app.run_test(size=(110, 8)) as pilot:
        await pilot.pause()
        shown = screen(app)
        assert "[bold]x[/]" in shown
        assert "[@click=app.quit]q[/]" in shown
        assert "[@click=app.quit]x[/]" in shown
        assert "[red]r[/red]" in shown
        await pilot.click(ImageTable, offset=(3, 1))
        await pilot.click(ImageTable, offset=(3, 2))
        assert app.is_running
        assert app.table.current_image is not None and app.table.current_image.family == "[@click=app.quit]x[/]"


async def test_control_characters_from_the_server_are_shown_escaped_never_sent_to_the_terminal() -> None:
    app = ListApp([image(0, family="evil\x1b]52;c;ZXZpbA==\x07", status="READY\x1b[2J")])
    async with app.run_test(size=(120, 6)) as pilot:
        await pilot.pause()
        table = app.table
        painted = "".join(strip.text for strip in table.render_lines(table.size.region))
        assert "\x1b" not in painted and "\x07" not in painted
        assert "evil\\x1b]52;c;ZXZpbA==\\x07" in painted
        assert "READY\\x1b[2J" in painted


async def test_mark_shows_a_transient_label_in_place_of_the_status_until_cleared(screen: Screen) -> None:
    shown = images(3)
    app = ListApp(shown)
    async with app.run_test(size=(100, 8)) as pilot:
        await pilot.pause()
        app.table.show_marks({shown[1].id: "DELETING"})
        await pilot.pause()
        second = rows_on_screen(screen(app))[1]
        assert "DELETING" in second and "READY" not in second
        app.table.show_marks({})
        await pilot.pause()
        assert "READY" in rows_on_screen(screen(app))[1]


async def test_ten_thousand_rows_render_and_navigate_from_end_to_home(screen: Screen) -> None:
    many = images(10_000)
    app = ListApp(many)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        table = app.table
        table.focus()
        assert table.row_count == 10_000
        await pilot.press("end")
        assert table.current_image == many[-1] == table.view[-1]
        assert rows_on_screen(screen(app))[-1].split()[1] == "v09999"
        page = 24 - 1  # the terminal's lines below the header
        await pilot.press("pageup")
        assert table.cursor_row == 10_000 - 1 - page
        await pilot.press("home")
        assert table.current_image == many[0]
        assert rows_on_screen(screen(app))[0].split()[1] == "v00000"
        await pilot.press("pagedown", "j", "k", "k")
        assert table.cursor_row == page - 1


async def test_a_click_selects_the_row_under_the_mouse_and_the_wheel_scrolls_without_moving_it() -> None:
    app = ListApp(images(200))
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        table = app.table
        await pilot.click(ImageTable, offset=(5, 3))
        assert table.cursor_row == 2
        for _ in range(3):
            table.post_message(events.MouseScrollDown(table, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert table.scroll_offset.y > 0
        assert table.cursor_row == 2
        before = table.cursor_row
        await pilot.click(ImageTable, offset=(5, 1))
        assert table.cursor_row == table.scroll_offset.y != before


async def test_the_app_list_filters_with_slash_and_escape_restores_every_row(app: CoxEdgeApp, until: Until) -> None:
    async with app.run_test(size=(160, 40)) as pilot:
        await until(lambda: isinstance(app.screen, BrowseScreen) and app.screen.image_table.row_count == 40)
        assert isinstance(app.screen, BrowseScreen)
        table = app.screen.image_table
        await pilot.press("slash", *"cache")
        await until(lambda: 0 < table.row_count < 40, what="filtered rows")
        assert all("cache" in (i.family or "") for i in table.view)
        await pilot.press("escape")
        assert table.row_count == 40 and table.filter_text == ""


async def test_the_age_column_says_how_old_each_image_is_and_sorts_youngest_first(screen: Screen) -> None:
    dated = [
        image(0, createdAt=(START - timedelta(days=150)).isoformat()),
        image(1, createdAt=(START - timedelta(days=3, hours=2)).isoformat()),
        image(2, createdAt=(START - timedelta(minutes=40)).isoformat()),
    ]
    app = ListApp([])  # an unchanged list repaints nothing, so the dated one comes after the clock is set
    async with app.run_test(size=(100, 8)) as pilot:
        app.table.clock = lambda: START
        app.table.show_images(dated)
        await pilot.pause()
        assert [row.split()[3] for row in rows_on_screen(screen(app))] == ["5mo", "3d", "40m"]
        age_heading = screen(app).splitlines()[0].index("Age")
        await pilot.click(ImageTable, offset=(age_heading, 0))
        assert app.table.sort_column == "age"
        assert screen(app).splitlines()[0].split()[3:5] == ["Age", "▲"]
        assert [row.split()[3] for row in rows_on_screen(screen(app))] == ["40m", "3d", "5mo"]
