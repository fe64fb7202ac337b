"""`x`: save the list as shown (filtered, sorted) to a JSON or CSV file the user names."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ..export import ExportError, ExportExists, target, write_export
from ..footer_keys import KeysFooter
from ..text import clean
from ..worker_failures import ReportsWorkerFailures

if TYPE_CHECKING:
    from ...api.models import Image
    from ..app import CoxEdgeApp


@dataclass
class ExportDraft:
    """What was typed, kept when the dialog is closed without exporting."""

    text: str = ""


@dataclass(frozen=True)
class Exported:
    path: Path
    count: int
    size: int


class ExportScreen(ReportsWorkerFailures, ModalScreen[Exported | None]):
    DEFAULT_CSS = """
    ExportScreen { align: center middle; }
    #export-box {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    #export-box Label { color: $text-muted; margin-top: 1; }
    #export-path { border: none; height: 1; padding: 0 1; background: $boost; }
    #export-path:focus { background: $primary 30%; }
    #export-problem { height: auto; }
    #export-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    #export-buttons Button { margin-left: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="export.cancel")]

    app: CoxEdgeApp

    def __init__(self, images: Sequence[Image], what: str, draft: ExportDraft, default: str) -> None:
        super().__init__()
        self.images = list(images)
        self.what = what
        self.draft = draft
        self.default = default
        self.replace_confirmed: Path | None = None
        self.writing = False

    def compose(self) -> ComposeResult:
        yield KeysFooter()  # this dialog's keys, not the list's underneath
        with Vertical(id="export-box"):
            yield Static(Text(f"Export {clean(self.what)}", style="bold"), id="export-title")
            yield Label("File  (.json or .csv; relative names are under the directory below)")
            yield Input(self.draft.text or self.default, id="export-path")
            yield Static(Text(clean(str(Path.cwd())), style="dim"), id="export-cwd")
            yield Static("", id="export-problem")
            with Horizontal(id="export-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Export  Enter", id="export", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Input.Changed, "#export-path")
    def _typed(self, event: Input.Changed) -> None:
        self.draft.text = event.value
        self.replace_confirmed = None
        self._problem("")

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        if self.writing:
            return
        try:
            path = target(self.query_one("#export-path", Input).value)
        except ExportError as exc:
            self._problem(str(exc))
            return
        self.write(path, replace=path == self.replace_confirmed)

    @work(group="export", exclusive=True, exit_on_error=False)
    async def write(self, path: Path, *, replace: bool) -> None:
        self.writing = True
        try:
            size = await asyncio.to_thread(write_export, path, self.images, replace=replace)
        except ExportExists as exc:
            self.replace_confirmed = path
            self._problem(f"{exc} Press Enter again to replace it, or change the name.", "bold yellow")
            return
        except ExportError as exc:
            self._problem(str(exc))
            return
        finally:
            self.writing = False
        self.draft.text = ""
        self.dismiss(Exported(path, len(self.images), size))

    def _problem(self, message: str, style: str = "bold red") -> None:
        self.query_one("#export-problem", Static).update(Text(clean(message, multiline=True), style=style))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
