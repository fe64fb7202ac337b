"""`d` with marked images: one question for all of them; Cancel is the default, `y` confirms.

Every image to delete is listed (scrollable), those a workload uses flagged with who uses them; the
marked images no delete may touch (default, protected…) are listed apart, each with its reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from ...api.errors import CoxEdgeError
from ...core.image_actions import image_label
from ...core.usage import workloads_using
from ..text import literal
from ..worker_failures import ReportsWorkerFailures

if TYPE_CHECKING:
    from ...api.models import Image, Workload
    from ...core.bulk_delete import DeleteResult
    from ..app import CoxEdgeApp


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


class ConfirmBulkDeleteScreen(ReportsWorkerFailures, ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmBulkDeleteScreen { align: center middle; }
    #bulk-box {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: thick $error; background: $surface; padding: 1 2;
    }
    #bulk-box > Static { margin-bottom: 1; }
    #bulk-list { height: auto; max-height: 1fr; min-height: 3; margin-bottom: 1; }
    #bulk-buttons { height: auto; align-horizontal: right; }
    #bulk-buttons Button { margin-left: 2; }
    """

    BINDINGS = [
        Binding("escape,n", "cancel", "Cancel", id="bulk_delete.cancel", tooltip="Delete nothing"),
        Binding("y", "confirm", "Yes, delete", id="bulk_delete.confirm", tooltip="Delete every image listed"),
    ]
    AUTO_FOCUS = "#cancel"  # the safe choice has the focus

    app: CoxEdgeApp

    def __init__(self, chosen: Sequence[Image], left_out: Sequence[DeleteResult]) -> None:
        super().__init__()
        self.chosen = list(chosen)
        self.left_out = list(left_out)
        self.users: dict[str, list[Workload]] | None = None  # image id → workloads using it, once listed
        self.usage_problem = ""

    def compose(self) -> ComposeResult:
        yield Footer()
        with Vertical(id="bulk-box"):
            yield Static(Text(f"Delete {plural(len(self.chosen), 'custom image', 'custom images')}?", style="bold"))
            with VerticalScroll(id="bulk-list"):
                yield Static(self._listing(), id="bulk-images")
            yield Static(Text("Checking whether workloads use them…", style="italic"), id="bulk-usage")
            yield Static(Text("This cannot be undone. Press y to delete, Esc or Enter to cancel.", style="dim"))
            with Horizontal(id="bulk-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(f"Delete {len(self.chosen)}  (y)", id="confirm", variant="error")

    def _listing(self) -> Group:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for image in self.chosen:
            grid.add_row(literal(image_label(image)), self._usage_of(image))
        parts: list[Table | Text] = [grid]
        if self.left_out:
            parts.append(Text(f"\nLeft out ({len(self.left_out)}):", style="bold"))
            kept = Table.grid(padding=(0, 2))
            kept.add_column(no_wrap=True)
            kept.add_column(overflow="fold")
            for result in self.left_out:
                kept.add_row(literal(result.label), literal(result.reason, "dim", multiline=True))
            parts.append(kept)
        return Group(*parts)

    def _usage_of(self, image: Image) -> Text:
        if self.users is None:
            return Text("")
        users = self.users.get(image.id, [])
        if not users:
            return Text("")
        return literal("USED BY " + ", ".join(w.name or w.id for w in users), "bold yellow", multiline=True)

    def on_mount(self) -> None:
        self.check_usage()

    @work(group="bulk-delete-usage", exclusive=True, exit_on_error=False)
    async def check_usage(self) -> None:
        usage = self.query_one("#bulk-usage", Static)
        try:
            workloads = await self.app.client.list_workloads()
        except CoxEdgeError as exc:
            usage.update(literal(f"Could not check which workloads use them: {exc.message}", "yellow", multiline=True))
            return
        self.users = {image.id: workloads_using(image, workloads) for image in self.chosen}
        used = sum(1 for users in self.users.values() if users)
        self.query_one("#bulk-images", Static).update(self._listing())
        if used:
            said = f"Warning: workloads use {used} of these images (flagged above)."
            usage.update(Text(said, style="bold yellow"))
        else:
            usage.update(Text("No workload of this environment uses any of them.", style="green"))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        self.dismiss(True)
