"""Quitting while tasks run: say which, and that they go on on the server."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...tasks import TrackedTask
from ..text import clean


class ConfirmQuitScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape,n", "stay", "Stay", id="quit.stay"),
        Binding("y", "leave", "Quit", id="quit.leave"),
    ]

    def __init__(self, running: list[TrackedTask]) -> None:
        super().__init__()
        self.running = running

    def compose(self) -> ComposeResult:
        lines = Text(f"{len(self.running)} task(s) still running:\n", style="bold")
        for task in self.running:
            lines.append(f"  • {clean(task.operation)} {clean(task.label)}: {clean(task.status)}\n", style="")
        lines.append("\nThey keep running on the server either way; this app just stops following them.", style="dim")
        with Vertical(id="quit-box"):
            yield Static(lines)
            with Horizontal(id="quit-buttons"):
                yield Button("Stay", id="stay")
                yield Button("Quit  (y)", id="leave", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    @on(Button.Pressed, "#stay")
    def action_stay(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#leave")
    def action_leave(self) -> None:
        self.dismiss(True)
