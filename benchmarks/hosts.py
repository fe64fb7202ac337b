"""Two host apps that do the same job: a filter box over an image list.

`ImageTableHost` uses the app's ImageTable; `DataTableHost` is the floor to beat: a plain Textual
DataTable rebuilt on each filter keystroke and sorted with DataTable.sort, as the list used to be.
Both report "painted" through `wait_painted`: set when the screen writes its first frame after the change.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Input

from coxedge_tui.api.models import Image
from coxedge_tui.core.image_list_model import SORT_COLUMNS, haystack
from coxedge_tui.ui.text import literal, local_time, status_text
from coxedge_tui.ui.widgets.image_table import ImageTable

PAINT_TIMEOUT = 120.0

DATA_TABLE_COLUMNS = ("family", "tag", "status", "created", "reference")


class FrameWatch(Screen[None]):
    """The default screen, telling its app each time it has written a frame to the terminal."""

    def _compositor_refresh(self) -> None:
        super()._compositor_refresh()
        if isinstance(self.app, Host):
            self.app.frame_written()


class Host(App[None]):
    """Shared plumbing: a filter box, a list, and an event set once a change has been painted."""

    CSS = "Input { dock: bottom; }"

    def __init__(self) -> None:
        super().__init__()
        self._painted = asyncio.Event()
        self._changed = False

    def get_default_screen(self) -> Screen[None]:
        return FrameWatch(id="_default")

    def expect_paint(self) -> None:
        """Call before the measured action; `wait_painted` then returns once its result is on screen."""
        self._painted.clear()
        self._changed = False

    def mark_painted_after_refresh(self) -> None:
        """The list has changed: the next frame written shows it."""
        self._changed = True

    def frame_written(self) -> None:
        if self._changed:
            self._painted.set()

    async def wait_painted(self) -> None:
        await asyncio.wait_for(self._painted.wait(), PAINT_TIMEOUT)

    def show(self, images: Sequence[Image]) -> None:
        raise NotImplementedError

    def on_input_changed(self, event: Input.Changed) -> None:
        self.filter(event.value)
        self.mark_painted_after_refresh()

    def filter(self, text: str) -> None:
        raise NotImplementedError

    @property
    def shown(self) -> int:
        raise NotImplementedError

    @property
    def total(self) -> int:
        raise NotImplementedError


class ImageTableHost(Host):
    BINDINGS = [Binding("f5", "sort", "Sort")]

    def compose(self) -> ComposeResult:
        yield ImageTable(id="images")
        yield Input(id="filter")

    @property
    def table(self) -> ImageTable:
        return self.query_one(ImageTable)

    def show(self, images: Sequence[Image]) -> None:
        self.table.show_images(images)
        self.mark_painted_after_refresh()

    def filter(self, text: str) -> None:
        self.table.set_filter(text)

    def action_sort(self) -> None:
        self.table.action_cycle_sort()
        self.mark_painted_after_refresh()

    @property
    def shown(self) -> int:
        return self.table.row_count

    @property
    def total(self) -> int:
        return len(self.table.images)


def _cells(image: Image) -> tuple[Text, ...]:
    """The cells the old DataTable list built for each row."""
    return (
        literal(image.family or ""),
        literal(image.tag or ""),
        status_text(image.status),
        Text(local_time(image.created_at)),
        literal(image.reference or ""),
    )


class DataTableHost(Host):
    BINDINGS = [Binding("f5", "sort", "Sort")]

    def __init__(self) -> None:
        super().__init__()
        self.images: list[Image] = []
        self._haystacks: dict[str, str] = {}
        self._sort = -1

    def compose(self) -> ComposeResult:
        yield DataTable[Text](id="images", cursor_type="row", zebra_stripes=True)
        yield Input(id="filter")

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one(DataTable)

    def on_mount(self) -> None:
        for key in DATA_TABLE_COLUMNS:
            self.table.add_column(key.title(), key=key)

    def show(self, images: Sequence[Image]) -> None:
        self.images = list(images)
        self._haystacks = {i.id: haystack(i, local_time(i.created_at)) for i in self.images}
        self._rebuild(self.images)
        self.mark_painted_after_refresh()

    def filter(self, text: str) -> None:
        needle = text.strip().lower()
        self._rebuild([i for i in self.images if needle in self._haystacks[i.id]])

    def _rebuild(self, images: Sequence[Image]) -> None:
        table = self.table
        with self.batch_update():
            table.clear()
            for image in images:
                table.add_row(*_cells(image), key=image.id)

    def action_sort(self) -> None:
        sortable = [c for c in SORT_COLUMNS if c in DATA_TABLE_COLUMNS]  # it has no Age column
        self._sort = (self._sort + 1) % len(sortable)
        self.table.sort(sortable[self._sort], key=lambda cell: cell.plain)
        self.mark_painted_after_refresh()

    @property
    def shown(self) -> int:
        return self.table.row_count


HOSTS: dict[str, type[Host]] = {"ImageTable": ImageTableHost, "DataTable": DataTableHost}
