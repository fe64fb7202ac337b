"""`d`: ask before deleting a custom image; Cancel is the default, `y` confirms."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...api.errors import CoxEdgeError
from ...api.models import Image
from ...core.usage import describe_usage, workloads_using
from ..footer_keys import KeysFooter
from ..text import literal
from ..worker_failures import ReportsWorkerFailures

if TYPE_CHECKING:
    from ...api.client import CoxEdgeClient
    from ..app import CoxEdgeApp


class ConfirmDeleteScreen(ReportsWorkerFailures, ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmDeleteScreen {
        align: center middle;
    }

    #delete-box {
        width: 80;
        max-width: 100%;
        height: auto;
        border: thick $error;
        background: $surface;
        padding: 1 2;
    }

    #delete-box > Static {
        margin-bottom: 1;
    }

    #delete-buttons {
        height: auto;
        align-horizontal: right;
        margin-top: 1;
    }

    #delete-buttons Button {
        margin-left: 2;
    }
    """
    BINDINGS = [
        Binding("escape,n", "cancel", "Cancel", id="delete.cancel"),
        Binding("y", "confirm", "Yes, delete", id="delete.confirm"),
    ]
    AUTO_FOCUS = "#cancel"  # the safe choice has the focus

    app: CoxEdgeApp

    def __init__(self, image: Image, client: CoxEdgeClient | None = None) -> None:
        super().__init__()
        self.image = image
        self.client = client  # of the image's environment; None: the session's

    def compose(self) -> ComposeResult:
        yield KeysFooter()
        with Vertical(id="delete-box"):
            yield Static(Text("Delete this custom image?", style="bold"))
            yield Static(self._facts())
            yield Static(Text("Checking whether a workload uses it…", style="italic"), id="usage")
            yield Static(Text("This cannot be undone. Press y to delete, Esc or Enter to cancel.", style="dim"))
            with Horizontal(id="delete-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Delete  (y)", id="confirm", variant="error")

    def _facts(self) -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for label, value in (
            ("Family", self.image.family),
            ("Tag", self.image.tag),
            ("Reference", self.image.reference),
            ("Id", self.image.id),
            ("Environment", self._client.environment),
        ):
            grid.add_row(label, literal(value, multiline=True))
        return grid

    @property
    def _client(self) -> CoxEdgeClient:
        return self.client if self.client is not None else self.app.client

    def on_mount(self) -> None:
        self.check_usage()

    @work(group="delete-usage", exclusive=True, exit_on_error=False)
    async def check_usage(self) -> None:
        usage = self.query_one("#usage", Static)
        try:
            users = workloads_using(self.image, await self._client.list_workloads())
        except CoxEdgeError as exc:
            usage.update(literal(f"Could not check which workloads use it: {exc.message}", "yellow", multiline=True))
            return
        style = "bold yellow" if users else "green"
        text = (
            f"Warning: used by {describe_usage(users)}." if users else "Not used by any workload of this environment."
        )
        usage.update(literal(text, style, multiline=True))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        self.dismiss(True)
