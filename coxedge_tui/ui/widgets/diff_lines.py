"""A Static that rewrites only what changed: on a slow link every byte sent to the terminal counts.

Textual repaints a whole widget when its content is replaced. This widget renders the new content to
lines, compares them with those on screen, and marks dirty only the span of each line that differs,
so an unchanged update writes nothing and a changed clock writes only its digits.
"""

from __future__ import annotations

from rich.cells import get_character_cell_size
from rich.console import RenderableType
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widgets import Static


def changed_span(old: Strip, new: Strip) -> tuple[int, int] | None:
    """The cells [start, end) where two lines of equal width differ, or None when they are the same."""
    if old == new:
        return None
    width = max(old.cell_length, new.cell_length)
    old_cells, new_cells = _cells(old, width), _cells(new, width)
    start = 0
    while start < width and old_cells[start] == new_cells[start]:
        start += 1
    end = width
    while end > start and old_cells[end - 1] == new_cells[end - 1]:
        end -= 1
    return (start, end) if start < end else None


def same_text(new: object, old: object) -> bool:
    """Two texts that render alike at any width: the same characters, spans and text-wide settings.

    (Text's own `==` compares only characters and spans, not the style of the whole text.)
    """
    if isinstance(new, str) and isinstance(old, str):
        return new == old
    if isinstance(new, Text) and isinstance(old, Text):
        return (new.plain, new.spans, new.style, new.justify, new.overflow, new.no_wrap, new.end, new.tab_size) == (
            old.plain,
            old.spans,
            old.style,
            old.justify,
            old.overflow,
            old.no_wrap,
            old.end,
            old.tab_size,
        )
    return False


def _cells(strip: Strip, width: int) -> list[tuple[str, object]]:
    """One (character, style) per cell; a wide character fills its second cell with a marker."""
    cells: list[tuple[str, object]] = []
    for text, style, _ in strip.adjust_cell_length(width):
        for char in text:
            cells.append((char, style))
            if get_character_cell_size(char) == 2:
                cells.append(("", style))
    return cells


class DiffLines(Static):
    """A Static whose `update` marks dirty only the cells that differ."""

    DEFAULT_CSS = """
    DiffLines { height: auto; }
    """

    def __init__(self, renderable: RenderableType = "", **kw: object) -> None:
        super().__init__(renderable, **kw)  # type: ignore[arg-type]
        self._renderable = renderable
        self._strips: list[Strip] = []
        self._rendered_width = -1
        self._style_key: object = None
        self.dirty_spans: list[tuple[int, int, int]] = []  # (line, start, end) of the last update: what it rewrote

    @property
    def renderable(self) -> RenderableType:
        return self._renderable

    def update(self, renderable: RenderableType = "", *, layout: bool = True) -> None:  # type: ignore[override]
        if same_text(renderable, self._renderable):
            self.dirty_spans = []  # nothing to render or compare: the status bar is told its state several times a load
            return
        self._renderable = renderable
        if self._rendered_width < 0:
            self.refresh(layout=True)  # not laid out yet: the first paint renders it
            return
        old = self._strips
        new = self._render_strips(self._rendered_width)
        self._strips, self._style_key = new, self.visual_style
        if len(new) != len(old):
            self.dirty_spans = [(y, 0, self._rendered_width) for y in range(len(new))]
            self.refresh(layout=True)
            return
        self.dirty_spans = []
        for y, (before, after) in enumerate(zip(old, new, strict=True)):
            span = changed_span(before, after)
            if span is not None:
                self.dirty_spans.append((y, *span))
                self.refresh(Region(span[0], y, span[1] - span[0], 1))

    def render(self) -> RenderableType:
        return self._renderable

    def _render_strips(self, width: int) -> list[Strip]:
        if width <= 0:
            return []
        style = self.visual_style
        visual = visualize(self, self._renderable, markup=self._render_markup)
        return Visual.to_strips(self, visual, width, None, style)  # exactly as Static renders (not padded)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if width != self._rendered_width:
            self._strips = self._render_strips(width)
            self._rendered_width, self._style_key = width, self.visual_style
        return len(self._strips)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._rendered_width = -1  # colours changed (theme, focus): render again at the next paint

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        key = self.visual_style
        if width != self._rendered_width or key != self._style_key:
            self._strips = self._render_strips(width)
            self._rendered_width, self._style_key = width, key
        if y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, self.visual_style.rich_style)
