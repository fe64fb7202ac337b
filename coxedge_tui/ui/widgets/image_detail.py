"""The detail pane: every attribute of one image, as the server has it now."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from ...core.image_list_model import environment_of
from ...core.protection import protected_by
from ...text.sizes import size_text
from ..text import literal, local_time_full, status_text
from .diff_lines import DiffLines
from .label_rows import LabelRows

if TYPE_CHECKING:
    from ...api.models import Image

DESCRIPTION_SHOWN = 4000
# The state the list shows in place of an image's status (DELETING, FAILED), and why; None when it shows the status.
MarkOf = Callable[[str], "tuple[str, str] | None"]


def shorten(text: str) -> str:
    """A huge description would make every repaint slow; show its start and say how much is left."""
    if len(text) <= DESCRIPTION_SHOWN:
        return text
    return f"{text[:DESCRIPTION_SHOWN]}… ({len(text) - DESCRIPTION_SHOWN:,} more characters)"


class ImageDetail(VerticalScroll):
    """Shows the selected image; a note line says if it is loading or what went wrong."""

    DEFAULT_CSS = """
    ImageDetail > DiffLines { width: 1fr; }
    """

    def __init__(self, *, marks: MarkOf | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.marks = marks
        self.image: Image | None = None
        self.note: Text = Text("")
        self.usage: str | None = None
        self.protect: tuple[str, ...] = ()  # the profile's protect patterns, for `Protected by web:*`
        self._mark_shown: tuple[str, str] | None = None  # the mark the Status row shows
        self._body = DiffLines(Text("No image selected.", style="dim"), id="detail-body")  # rewrites changed lines only

    def compose(self) -> ComposeResult:
        yield self._body

    def show(self, image: Image | None, *, note: str = "", note_style: str = "dim", usage: str | None = None) -> None:
        if (image.id if image else None) != (self.image.id if self.image else None):
            self.scroll_home(animate=False)  # another image is read from its top
        self.image = image
        self.usage = usage
        self.note = literal(note, note_style, multiline=True)
        self._redraw()

    def set_note(self, note: str, style: str = "dim") -> None:
        self.note = literal(note, style, multiline=True)
        self._redraw()

    def refresh_mark(self) -> None:
        """The list's marks changed: the Status shown here follows them (redrawn only if this image's changed)."""
        if self.image is not None and self._mark() != self._mark_shown:
            self._redraw()

    def _mark(self) -> tuple[str, str] | None:
        return self.marks(self.image.id) if self.marks is not None and self.image is not None else None

    def _status(self, image: Image) -> list[tuple[str, Text]]:
        """The Status row, as the list shows it: a mark (DELETING, FAILED) wins over the server's status."""
        mark = self._mark_shown = self._mark()
        colour = not self.app.no_color
        if mark is None:
            return [("Status", status_text(image.status, colour=colour))]
        state, reason = mark
        rows = [("Status", status_text(state, colour=colour))]
        if reason:
            rows.append(("Reason", literal(reason, "bold red" if colour else "bold", multiline=True)))
        return rows

    def _redraw(self) -> None:
        image = self.image
        if image is None:
            self._body.update(Group(Text("No image selected.", style="dim"), self.note))
            return
        rows: list[tuple[str, Text]] = [
            ("Family", literal(image.family, multiline=True)),
            ("Tag", literal(image.tag, multiline=True)),
            *self._status(image),
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
        environment = environment_of(image)  # only the Everywhere view's rows know theirs
        if environment:
            rows.insert(0, ("Environment", literal(environment, multiline=True)))
        pattern = protected_by(image, self.protect) if image.is_custom else None
        if pattern is not None:
            rows.insert(0, ("Protection", literal(f"Protected by {pattern}", "bold yellow")))
        self._body.update(Group(LabelRows(rows), Text(""), self.note))  # drawn as a grid, several times faster
