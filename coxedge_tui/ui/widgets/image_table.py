"""The image list pane: one row per image, keyed by image id."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from ...api.models import Image
from ..text import literal, local_time, status_text, truncate

COLUMNS = (("family", "Family"), ("tag", "Tag"), ("status", "Status"), ("created", "Created"), ("reference", "Reference"))
CELL_MAX = 48


def haystack(image: Image) -> str:
    """What `/` searches: every column the user sees, lower-cased once."""
    parts = (image.family, image.tag, image.status, local_time(image.created_at), image.reference, image.id)
    return "\n".join(p or "" for p in parts).lower()


class ImageTable(DataTable[Text]):
    """Shows a filtered view of the images; keeps the cursor on the same image across refreshes."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("home", "scroll_top", "First", show=False, id="list.first"),
        Binding("end", "scroll_bottom", "Last", show=False, id="list.last"),
    ]

    class Highlighted(Message):
        def __init__(self, image: Image | None) -> None:
            super().__init__()
            self.image = image

    def __init__(self, **kw: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kw)  # type: ignore[arg-type]
        self.images: list[Image] = []
        self.view: list[Image] = []
        self.filter_text = ""
        self.marks: dict[str, str] = {}
        self._haystacks: dict[str, str] = {}

    def on_mount(self) -> None:
        for key, label in COLUMNS:
            self.add_column(label, key=key)

    def show_images(self, images: Sequence[Image]) -> None:
        self.images = list(images)
        self._haystacks = {image.id: haystack(image) for image in self.images}
        self._rebuild()

    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self._rebuild()

    def mark(self, image_id: str, label: str | None) -> None:
        """Show a transient state (such as DELETING) in place of an image's status."""
        if label is None:
            self.marks.pop(image_id, None)
        else:
            self.marks[image_id] = label
        self._rebuild()

    @property
    def current_image(self) -> Image | None:
        if not self.view or not 0 <= self.cursor_row < len(self.view):
            return None
        return self.view[self.cursor_row]

    def _rebuild(self) -> None:
        keep = self.current_image.id if self.current_image else None
        needle = self.filter_text.lower().strip()
        self.view = [i for i in self.images if not needle or needle in self._haystacks[i.id]]
        with self.app.batch_update():
            self.clear()
            for image in self.view:
                self.add_row(*self._cells(image), key=image.id)
        if keep is not None:
            index = next((n for n, i in enumerate(self.view) if i.id == keep), None)
            if index is not None:
                self.move_cursor(row=index, animate=False)
        self.post_message(self.Highlighted(self.current_image))

    def _cells(self, image: Image) -> tuple[Text, ...]:
        mark = self.marks.get(image.id)
        return (
            literal(truncate(image.family or "", CELL_MAX)),
            literal(truncate(image.tag or "", CELL_MAX)),
            status_text(mark or image.status),
            Text(local_time(image.created_at)),
            literal(truncate(image.reference or "", CELL_MAX * 2)),
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.Highlighted(self.current_image))
