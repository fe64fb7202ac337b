"""The image table's painted lines: the header, the notes, each row and the empty list's text.

Each line is built on demand from the list model's index and kept in a small LRU cache, as toolong
does for logs; the styles and column widths are resolved once per paint (see `ImageLines.start`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.strip import Strip

from ..text import clean, list_status_text
from .image_columns import (
    CELL_PADDING,
    COLUMNS,
    Column,
    cell_texts,
    empty_text,
    fit,
    fit_widths,
    header_line,
    shown_width,
    text_line,
)

if TYPE_CHECKING:
    from ...api.models import Image
    from ...core.image_list_model import ImageListModel

ARROWS = {False: "▲", True: "▼"}
MARK = "●"  # in the row's first cell of padding, so marking moves no column (ASCII: *)
LINE_CACHE_SIZE = 1024
# The table's look: the component classes its lines are painted in, and their default styles.
LINE_CLASSES = frozenset(
    {
        "image-table--header",
        "image-table--even-row",
        "image-table--odd-row",
        "image-table--cursor",
        "image-table--marked",
    }
)
TABLE_CSS = """
    ImageTable {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        &:focus {
            background-tint: $foreground 5%;
            & > .image-table--cursor {
                background: $block-cursor-background; color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .image-table--header { background-tint: $foreground 5%; }
        }
        &:dark > .image-table--even-row { background: $surface-darken-1 40%; }
        /* the header is underlined, so it never looks like the cursor row when colour is off (NO_COLOR) */
        & > .image-table--header { text-style: bold underline; background: $panel; color: $foreground; }
        &:ansi > .image-table--header { background: ansi_bright_blue; color: ansi_default; }
        & > .image-table--even-row { background: $surface-lighten-1 50%; }
        & > .image-table--cursor {
            background: $block-cursor-blurred-background; color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """


class ImageLines:
    """Paints the lines of an image table showing `model`, and keeps the last ones painted."""

    def __init__(self, model: ImageListModel) -> None:
        self._model = model
        self.columns: tuple[Column, ...] = COLUMNS
        self.natural: tuple[int, ...] = tuple(len(c.label) + 2 for c in COLUMNS[:-1])
        self._lines: LRUCache[tuple[object, ...], Strip] = LRUCache(LINE_CACHE_SIZE)
        self._state: object = None
        self._styles: dict[str, Style] = {}
        self._column_widths: tuple[int, ...] = ()
        self._width = 0
        self._now = datetime.now(UTC)
        self._colour = True

    def clear(self) -> None:
        """Forget every painted line: what they show has changed."""
        self._lines.clear()

    def widths(self, width: int, marks: Mapping[str, str]) -> tuple[int, ...]:
        """Each column's width in `width` cells, the Status column wide enough for the `marks` shown."""
        natural, columns = self.natural, self.columns
        if marks:
            n = next(n for n, column in enumerate(columns) if column.key == "status")
            natural = (*natural[:n], max(natural[n], *map(shown_width, marks.values())), *natural[n + 1 :])
        return fit_widths(width, natural, columns)

    def start(
        self,
        styles: dict[str, Style],
        state: object,
        *,
        width: int,
        marks: Mapping[str, str],
        now: datetime,
        colour: bool,
    ) -> None:
        """A paint begins: `styles` has the widget's base style and each component's, `state` its pseudo-classes."""
        self._column_widths = self.widths(width, marks)
        self._width = width
        self._now = now
        self._colour = colour
        self._state = (state, width, self._column_widths)
        self._styles = styles

    def header(self) -> Strip:
        model = self._model
        key = ("header", model.sort_column, model.reverse, self._state)
        strip = self._lines.get(key)
        if strip is None:
            style = self._styles["image-table--header"]
            sort = (model.sort_column, ARROWS[model.reverse])
            strip = self._lines[key] = header_line(self.columns, self._column_widths, sort, self._width, style)
        return strip

    def note(self, text: str) -> Strip:
        style = self._styles["base"] + Style(bold=True, color="red" if self._colour else None)
        return text_line(clean(text), self._width, style)

    def empty(self, row: int, problem: str, filter_text: str) -> Strip:
        """Says why the list is empty: a failed load (wrapped, in bold), nothing on the server, or nothing matching."""
        lines, failed = empty_text(problem, filter_text, self._width)
        style = self._styles["base"] + (Style(bold=True) if failed else Style(dim=True, italic=True))
        return text_line(lines[row] if row < len(lines) else "", self._width, style)

    def row(self, row: int, cursor_row: int, marks: Mapping[str, str], chosen_ids: frozenset[str]) -> Strip:
        index = self._model.order[row]
        image = self._model.images[index]
        mark = marks.get(image.id)
        cursor = row == cursor_row
        chosen = image.id in chosen_ids
        key = (index, row % 2, cursor, mark, chosen, self._state)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._render_row(index, image, mark, row, cursor, chosen)
            self._lines[key] = strip
        return strip

    def _render_row(
        self, index: int, image: Image, mark: str | None, row: int, cursor: bool, chosen: bool = False
    ) -> Strip:
        parity = "image-table--odd-row" if row % 2 else "image-table--even-row"
        row_style = self._styles[parity]
        if chosen:
            row_style += self._styles["image-table--marked"]
        if cursor:
            row_style += self._styles["image-table--cursor"]
        status = list_status_text(mark or image.status, colour=self._colour)
        status_style = Style.parse(status.style) if isinstance(status.style, str) else status.style
        if cursor:
            status_style = Style(bold=status_style.bold, italic=status_style.italic)
        texts = cell_texts(image, self.columns, status.plain, self._now)
        styles = [row_style + status_style if column.key == "status" else row_style for column in self.columns]
        pad = " " * CELL_PADDING
        cells = zip(texts, styles, self._column_widths, strict=True)
        segments = [Segment(f"{pad}{fit(text, width)}{pad}", style) for text, style, width in cells]
        if chosen:
            segments[0] = Segment(MARK + segments[0].text[1:], segments[0].style)
        return Strip(segments).adjust_cell_length(self._width, row_style)
