"""The detail pane: every attribute of one image, as the server has it now."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...core.protection import protected_by
from ...text.sizes import size_text
from ..text import literal, local_time_full, status_text

if TYPE_CHECKING:
    from ...api.models import Image

DESCRIPTION_SHOWN = 4000


def shorten(text: str) -> str:
    """A huge description would make every repaint slow; show its start and say how much is left."""
    if len(text) <= DESCRIPTION_SHOWN:
        return text
    return f"{text[:DESCRIPTION_SHOWN]}… ({len(text) - DESCRIPTION_SHOWN:,} more characters)"


class ImageDetail(VerticalScroll):
    """Shows the selected image; a note line says if it is loading or what went wrong."""

    DEFAULT_CSS = """
    ImageDetail > Static { width: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.image: Image | None = None
        self.note: Text = Text("")
        self.usage: str | None = None
        self.protect: tuple[str, ...] = ()  # the profile's protect patterns, for `Protected by web:*`
        self._body = Static(Text("No image selected.", style="dim"), id="detail-body")

    def compose(self) -> ComposeResult:
        yield self._body

    def show(self, image: Image | None, *, note: str = "", note_style: str = "dim", usage: str | None = None) -> None:
        self.image = image
        self.usage = usage
        self.note = literal(note, note_style, multiline=True)
        self._redraw()

    def set_note(self, note: str, style: str = "dim") -> None:
        self.note = literal(note, style, multiline=True)
        self._redraw()

    def _redraw(self) -> None:
        image = self.image
        if image is None:
            self._body.update(Group(Text("No image selected.", style="dim"), self.note))
            return
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        rows: list[tuple[str, Text]] = [
            ("Family", literal(image.family, multiline=True)),
            ("Tag", literal(image.tag, multiline=True)),
            ("Status", status_text(image.status)),
            ("Reference", literal(image.reference, multiline=True)),
            ("Id", literal(image.id, multiline=True)),
            ("Stack id", literal(image.stack_id, multiline=True)),
            ("Slug", literal(image.slug, multiline=True)),
            ("Created", literal(local_time_full(image.created_at, image.created_at_text))),
            ("Type", Text("custom" if image.is_custom else "default (provider image, cannot be deleted)")),
            ("Used by", literal(self.usage, multiline=True) if self.usage else Text("…", style="dim")),
            (
                "Description",
                literal(shorten(image.description), multiline=True)
                if image.description
                else Text("(none)", style="dim"),
            ),
        ]
        size = size_text(image.image_size)
        if size:
            rows.insert(8, ("Size", Text(size)))
        pattern = protected_by(image, self.protect) if image.is_custom else None
        if pattern is not None:
            rows.insert(0, ("Protection", literal(f"Protected by {pattern}", "bold yellow")))
        for label, value in rows:
            grid.add_row(label, value)
        self._body.update(Group(grid, Text(""), self.note))
