"""`d` with marked images: one question for all of them; Cancel is the default, `y` confirms.

Every image to delete is listed (scrollable), those a workload uses flagged with who uses them; the
marked images no delete may touch (default, protected…) are listed apart, each with its reason. From the
Everywhere view each image is named with its environment (`production: web:v1`), and each environment's
workloads are asked whether they use its images.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...api.errors import CoxEdgeError
from ...core.image_actions import image_label
from ...core.usage import workloads_using
from ..footer_keys import KeysFooter
from ..text import literal
from ..worker_failures import ReportsWorkerFailures

if TYPE_CHECKING:
    from ...api.client import CoxEdgeClient
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

    def __init__(
        self,
        chosen: Sequence[Image],
        left_out: Sequence[DeleteResult],
        client_of: Callable[[Image], CoxEdgeClient] | None = None,
    ) -> None:
        super().__init__()
        self.chosen = list(chosen)
        self.left_out = list(left_out)
        self.client_of = client_of  # the Everywhere view: each image's own environment, named beside it
        self.users: dict[tuple[str, str], list[Workload]] | None = None  # (environment, id) → users, once listed
        self.usage_problem = ""

    def _client(self, image: Image) -> CoxEdgeClient:
        return self.client_of(image) if self.client_of is not None else self.app.client

    def _named(self, image: Image) -> str:
        """`web:v1`, or `production: web:v1` from the Everywhere view."""
        label = image_label(image)
        return f"{self._client(image).environment}: {label}" if self.client_of is not None else label

    def compose(self) -> ComposeResult:
        yield KeysFooter()
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
            grid.add_row(literal(self._named(image)), self._usage_of(image))
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
        users = self.users.get((self._client(image).environment, image.id), [])
        if not users:
            return Text("")
        return literal("USED BY " + ", ".join(w.name or w.id for w in users), "bold yellow", multiline=True)

    def on_mount(self) -> None:
        self.check_usage()

    @work(group="bulk-delete-usage", exclusive=True, exit_on_error=False)
    async def check_usage(self) -> None:
        places: dict[str, tuple[CoxEdgeClient, list[Image]]] = {}  # each environment's workloads, asked once
        for image in self.chosen:
            client = self._client(image)
            places.setdefault(client.environment, (client, []))[1].append(image)
        answers = await asyncio.gather(
            *(client.list_workloads() for client, _ in places.values()), return_exceptions=True
        )
        self.users = {}
        failed: list[str] = []
        for (environment, (_, images)), answer in zip(places.items(), answers, strict=True):
            if isinstance(answer, CoxEdgeError):
                failed.append(f"{environment}: {answer.message}" if self.client_of is not None else answer.message)
            elif isinstance(answer, BaseException):
                raise answer
            else:
                self.users.update({(environment, i.id): workloads_using(i, answer) for i in images})
        used = sum(1 for users in self.users.values() if users)
        self.query_one("#bulk-images", Static).update(self._listing())
        self.query_one("#bulk-usage", Static).update(self._usage_said(used, failed, [*places]))

    def _usage_said(self, used: int, failed: list[str], environments: list[str]) -> Text:
        """Whether workloads use the images, and which environments could not say."""
        if failed:
            said = f"Could not check which workloads use them: {'; '.join(failed)}"
            if used:
                said += f"\nWarning: workloads use {used} of these images (flagged above)."
            return literal(said, "yellow", multiline=True)
        if used:
            return Text(f"Warning: workloads use {used} of these images (flagged above).", style="bold yellow")
        where = "this environment" if self.client_of is None else " or ".join(environments)
        return literal(f"No workload of {where} uses any of them.", "green")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        self.dismiss(True)
