"""The bytes floor: a plain Textual app doing the same job as the browse screen, with stock widgets.

A DataTable of the demo's 40 images, a Static under it that shows the image under the cursor (as the
detail pane does), a filter box opened by `/`, and 1/2/3 to show all, default or custom images.
`r` does nothing: this app never refreshes, so its refresh costs 0 bytes. Run as a script in a pty.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from coxedge_tui.api.models import Image
from coxedge_tui.core.image_list_model import haystack
from coxedge_tui.text.times import local_time

DEMO_IMAGES = 40


def demo_images() -> list[Image]:
    """The images the app's demo shows, from the same simulator seed."""
    from coxedge_tui.sim import Simulator

    sim = Simulator(images=DEMO_IMAGES)
    env = next(iter(sim.envs.values()))
    return [Image.model_validate(image.to_json()) for image in env.images.values()]


def detail(image: Image) -> Text:
    rows = [
        ("Family", image.family),
        ("Tag", image.tag),
        ("Status", image.status),
        ("Reference", image.reference),
        ("Id", image.id),
        ("Stack id", image.stack_id),
        ("Slug", image.slug),
        ("Created", local_time(image.created_at)),
        ("Description", image.description),
    ]
    return Text("\n".join(f"{label:<12}{value or ''}" for label, value in rows))


class FloorApp(App[None]):
    CSS = "DataTable { height: 1fr; } #detail { height: 12; } Input { display: none; } Input.open { display: block; }"
    BINDINGS = [
        Binding("slash", "filter", "Filter"),
        Binding("1", "kind('all')", "All"),
        Binding("2", "kind('default')", "Default"),
        Binding("3", "kind('custom')", "Custom"),
        Binding("r", "refresh_list", "Refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.images = demo_images()
        self.kind = "all"
        self.needle = ""

    def compose(self) -> ComposeResult:
        yield DataTable[str](cursor_type="row", zebra_stripes=True)
        yield Static(id="detail")
        yield Input(id="filter")

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Family", "Tag", "Status", "Created", "Reference")
        self._rebuild()

    def _rebuild(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for image in self.images:
            if self.kind != "all" and image.is_custom != (self.kind == "custom"):
                continue
            if self.needle not in haystack(image, local_time(image.created_at)):
                continue
            cells = (image.family, image.tag, image.status, local_time(image.created_at), image.reference)
            table.add_row(*(c or "" for c in cells), key=image.id)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        image = next((i for i in self.images if i.id == key), None)
        self.query_one("#detail", Static).update(detail(image) if image else "")

    def action_filter(self) -> None:
        box = self.query_one(Input)
        box.add_class("open")
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.needle = event.value.strip().lower()
        self._rebuild()

    def on_input_submitted(self) -> None:
        self.query_one(DataTable).focus()

    def action_kind(self, kind: str) -> None:
        self.kind = kind
        self._rebuild()

    def action_refresh_list(self) -> None:
        """Nothing to do: the floor's list never changes."""


if __name__ == "__main__":
    FloorApp().run()
