"""The image list pane: renders only the rows on screen, so it stays instant at any size.

The shown rows are an index into the loaded images (see image_list_model); each painted line
is built from that index on demand and cached (see image_lines).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...core.image_list_model import SORT_COLUMNS, ImageListModel, ImageView, changed_indexes, environment_of
from ...core.query_match import Environments, MatchContext
from ..first_paint import exit_after_first_paint
from .image_columns import column_at, columns_for, natural_widths
from .image_lines import LINE_CLASSES, TABLE_CSS, ImageLines
from .prepared_list import PreparedList, prepare_list

if TYPE_CHECKING:
    from ...api.models import Image
    from ...core.query import Query
    from ...core.usage_index import UsageIndex

_UNSET = object()
SORT_TOOLTIP = f"Sort by the next column ({', '.join(SORT_COLUMNS)}, then as the server sent them)"


def _holds(ascending: Sequence[int], value: int) -> bool:
    at = bisect_left(ascending, value)
    return at < len(ascending) and ascending[at] == value


class ImageTable(ScrollView, can_focus=True):
    """Shows a filtered, sorted view of the images; keeps the cursor on the same image across refreshes."""

    ALLOW_MAXIMIZE = True
    ALLOW_SELECT = False

    DEFAULT_CSS = TABLE_CSS
    COMPONENT_CLASSES: ClassVar[set[str]] = set(LINE_CLASSES)  # resolved once per paint, by ImageLines.start
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("ctrl+u", "half_page_up", "Half page up", show=False, id="list.half_up"),
        Binding("ctrl+d", "half_page_down", "Half page down", show=False, id="list.half_down"),
        Binding("home,g", "first", "First", show=False, id="list.first"),
        Binding("end,G", "last", "Last", show=False, id="list.last"),
        Binding("s", "cycle_sort", "Sort", show=False, id="list.sort", tooltip=SORT_TOOLTIP),
        Binding("S", "reverse_sort", "Reverse sort", show=False, id="list.sort_reverse", tooltip="Reverse the order"),
    ]

    class Highlighted(Message):
        """The image under the cursor is now `image` (None when the list is empty)."""

        def __init__(self, image: Image | None) -> None:
            super().__init__()
            self.image = image

    class FirstPaint(Message):
        """The list is on the terminal for the first time (rows or not): slower work may start now."""

    class RowsPainted(Message):
        """Rows of the list are on the terminal for the first time."""

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.marks: dict[str, str] = {}
        self.chosen: frozenset[str] = frozenset()  # ids the user marked (space, *)
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # the Age column's now
        self.problem = ""  # why the list could not be loaded, shown in place of "No images here."
        self.notes: tuple[str, ...] = ()  # lines under the header, above the rows: environments that failed
        self._model = ImageListModel()
        self._model.set_match_context(MatchContext(now=lambda: self.clock()))
        self._lines = ImageLines(self._model)
        self._cursor = 0
        self._announced: object = _UNSET
        self._loaded = False
        self._painted = False
        self._rows_painted = False

    @property
    def images(self) -> list[Image]:
        return self._model.images

    @property
    def view(self) -> ImageView:
        """The shown images, top to bottom."""
        return self._model.view

    @property
    def row_count(self) -> int:
        return len(self._model.order)

    @property
    def filter_text(self) -> str:
        return self._model.filter_text

    @property
    def sort_column(self) -> str | None:
        return self._model.sort_column

    @property
    def sort_reverse(self) -> bool:
        return self._model.reverse

    @property
    def cursor_row(self) -> int:
        return self._cursor

    @cursor_row.setter
    def cursor_row(self, row: int) -> None:
        self.move_cursor(row=row)

    @property
    def current_image(self) -> Image | None:
        order = self._model.order
        if not 0 <= self._cursor < len(order):
            return None
        return self._model.images[order[self._cursor]]

    def prepare(self, images: Sequence[Image]) -> PreparedList:
        """What `show_images` would compute for `images`, against the list shown now; safe in a worker thread.

        Unchanged rows of `images` become the objects shown now (see `prepare_list`): pass a list nobody else holds.
        """
        return prepare_list(self._model.images, images, self._model.query, self._model.match_context)

    def show_images(self, images: Sequence[Image], prepared: PreparedList | None = None) -> None:
        """Take a fresh list; the cursor stays on the same image id, or the nearest row if it is gone."""
        ready = prepared if prepared and prepared.images is images and prepared.base is self._model.images else None
        if self._loaded and not self.problem and self._show_changes(images, ready):
            return
        keep = self.current_image
        old_row, old_scroll = self._cursor, self.scroll_offset.y
        self.problem = ""
        self._model.load(images, ready.haystacks if ready else None, ready.matcher if ready else None)
        self._lines.columns = columns_for(self._model.images)
        self._loaded = True
        self._lines.clear()
        self._lines.natural = ready.natural if ready else self._natural_widths()
        row = self._model.row_of(self._model.index_of(keep.id, environment_of(keep))) if keep is not None else None
        if row is None:
            self._relayout(old_row, scroll_y=old_scroll)
        else:
            # Rows added or removed above the cursor shift the view with it, so the cursor stays put on screen.
            self._relayout(row, scroll_y=old_scroll + row - old_row)

    def _show_changes(self, images: Sequence[Image], ready: PreparedList | None) -> bool:
        """A list with the same ids in the same order repaints only its changed rows; False if it is another list."""
        changed = ready.changed if ready else changed_indexes(self._model.images, images)
        if changed is None:
            return False
        if changed:
            keep, order, top = self.current_image, self._model.order, self.scroll_offset.y
            self._model.update(images, changed, ready.haystacks if ready else None, ready.matcher if ready else None)
            self._lines.clear()
            natural = ready.natural if ready else self._natural_widths()
            if self._model.order != order or natural != self._lines.natural:
                self._lines.natural = natural
                row = None if keep is None else self._model.row_of(self._model.index_of(keep.id, environment_of(keep)))
                self._relayout(self._cursor if row is None else row, scroll_y=top)
                return True
            for row in range(top, min(top + self._page, self.row_count)):
                if _holds(changed, order[row]):  # not a set of `changed`: 100k rows may have changed
                    self.refresh_line(row + 1)
        return True  # nothing changed: nothing is repainted, not even the cursor row

    def set_filter(self, text: str) -> None:
        """Show only the images the query `text` shows; the cursor stays on its image while it is shown.

        A malformed query raises core.query.QueryError and leaves the list as it was.
        """
        if text == self._model.filter_text:
            return
        self._reorder(lambda: self._model.set_filter(text))

    @property
    def filter_query(self) -> Query:
        """The filter's query, as last applied."""
        return self._model.query

    @property
    def filter_note(self) -> str:
        """What the filter cannot answer yet (which images are used), or ""."""
        return self._model.filter_note

    def set_usage(self, usage: UsageIndex | None) -> None:
        """The workloads of the last refresh, for `used:` (None: not listed yet)."""
        self._set_context(replace(self._model.match_context, usage=usage), "used")

    def set_environments(self, environment: Environments) -> None:
        """The environment of every row (a name), or of each row (a function of the image), for `env:`."""
        self._set_context(replace(self._model.match_context, environment=environment), "env")

    def _set_context(self, context: MatchContext, field: str) -> None:
        if field in self._model.query.fields:
            self._reorder(lambda: self._model.set_match_context(context))
        else:
            self._model.set_match_context(context)

    def sort_by(self, column: str | None, *, reverse: bool = False) -> None:
        self._reorder(lambda: self._model.set_sort(column, reverse=reverse))

    def show_marks(self, marks: dict[str, str]) -> None:
        """Show transient states (such as DELETING) in place of those images' statuses; all others plain."""
        if marks != self.marks:
            self.marks = dict(marks)
            self.refresh()

    def show_chosen(self, ids: frozenset[str]) -> None:
        """Show the user's marks: a glyph before the row and the row highlighted."""
        if ids != self.chosen:
            self.chosen = ids
            self.refresh()

    def move_cursor(
        self, *, row: int | None = None, column: int | None = None, animate: bool = False, scroll: bool = True
    ) -> None:
        """Put the cursor on `row` (clamped to the list); `column` is accepted for DataTable compatibility."""
        if row is None:
            return
        last = len(self._model.order) - 1
        new = max(0, min(row, last))
        if new != self._cursor:
            self.refresh_line(self._cursor + 1)
            self.refresh_line(new + 1)
            self._cursor = new
        if scroll:
            self._scroll_to_cursor(animate=animate)
        self._announce()

    def _reorder(self, change: Callable[[], None]) -> None:
        order = self._model.order
        keep = order[self._cursor] if 0 <= self._cursor < len(order) else None
        change()
        row = self._model.row_of(keep)
        self._relayout(row if row is not None else 0, scroll_y=self.scroll_offset.y)

    def _relayout(self, row: int, *, scroll_y: int) -> None:
        self._cursor = max(0, min(row, self.row_count - 1))
        self.virtual_size = Size(self._width, self.row_count + 1 + len(self.notes))
        self.scroll_to(y=scroll_y, animate=False, force=True)
        self._scroll_to_cursor(animate=False)
        self.refresh()
        self._announce()

    def _announce(self) -> None:
        image = self.current_image
        key = (environment_of(image), image.id) if image is not None else None
        if key != self._announced:
            self._announced = key
            self.post_message(self.Highlighted(image))

    @property
    def _width(self) -> int:
        """Columns for the rows: the widget less its scrollbar."""
        return self.scrollable_content_region.width

    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1 - len(self.notes))

    def _scroll_to_cursor(self, *, animate: bool) -> None:
        top, page = self.scroll_offset.y, self._page
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=animate, force=True)
        elif self._cursor >= top + page:
            self.scroll_to(y=self._cursor - page + 1, animate=animate, force=True)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self._cursor + 1)

    def action_page_up(self) -> None:
        self.move_cursor(row=self._cursor - self._page)

    def action_page_down(self) -> None:
        self.move_cursor(row=self._cursor + self._page)

    def action_half_page_up(self) -> None:
        self.move_cursor(row=self._cursor - max(1, self._page // 2))

    def action_half_page_down(self) -> None:
        self.move_cursor(row=self._cursor + max(1, self._page // 2))

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=self.row_count - 1)

    def action_cycle_sort(self) -> None:
        self._reorder(self._model.next_sort)

    def action_reverse_sort(self) -> None:
        """Flip the order; the server's order flips to newest first."""
        column = self._model.sort_column
        if column is None:
            self.sort_by("created", reverse=True)
        else:
            self.sort_by(column, reverse=not self._model.reverse)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self._width, self.row_count + 1 + len(self.notes))
        self._scroll_to_cursor(animate=False)

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        event.stop()
        row = self.scroll_offset.y + offset.y - 1 - len(self.notes)
        if offset.y == 0:
            self._sort_by_header(offset.x)
        elif offset.y > len(self.notes) and row < self.row_count:
            self.move_cursor(row=row, scroll=False)

    def _sort_by_header(self, x: int) -> None:
        """Clicking a heading sorts by it; clicking the sorted heading again reverses."""
        column = column_at(x, self._lines.columns, self._lines.widths(self._width, self.marks))
        if column is not None:
            self.sort_by(column.key, reverse=column.key == self._model.sort_column and not self._model.reverse)

    def notify_style_update(self) -> None:
        self._lines.clear()
        super().notify_style_update()

    def _natural_widths(self) -> tuple[int, ...]:
        return natural_widths(self._model.images)

    def render_lines(self, crop: Region) -> list[Strip]:
        base = self.rich_style
        # Looked up once per paint, not once per row: resolving a component style walks the DOM.
        styles = {name: base + self.get_component_rich_style(name) for name in self.COMPONENT_CLASSES}
        styles["base"] = base
        state, colour = self.get_pseudo_class_state(), not self.app.no_color
        self._lines.start(styles, state, width=self._width, marks=self.marks, now=self.clock(), colour=colour)
        lines = super().render_lines(crop)
        if not self._painted:
            self._painted = True
            self.call_after_refresh(self.post_message, self.FirstPaint())
        if self.row_count and not self._rows_painted:
            self._rows_painted = True
            self.call_after_refresh(self.post_message, self.RowsPainted())
            exit_after_first_paint(self)
        return lines

    def render_line(self, y: int) -> Strip:
        if y == 0:
            return self._lines.header()
        if y <= len(self.notes):
            return self._lines.note(self.notes[y - 1])
        row = self.scroll_offset.y + y - 1 - len(self.notes)
        if row < self.row_count:
            return self._lines.row(row, self._cursor, self.marks, self.chosen)
        if not self.row_count and (self._loaded or self.problem):
            return self._lines.empty(row, self.problem, self.filter_text)
        return Strip.blank(self._width, self.rich_style)

    def show_problem(self, text: str) -> None:
        """Keep the list, but when it is empty say why, until the next successful load."""
        self.problem = text
        self._lines.clear()
        self.refresh()

    def show_notes(self, notes: Sequence[str]) -> None:
        """Lines kept under the header, above the rows, until replaced: say which environments failed."""
        if tuple(notes) != self.notes:
            self.notes = tuple(notes)
            self._relayout(self._cursor, scroll_y=self.scroll_offset.y)
