"""Quitting while tasks run: say which, and that they go on on the server."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...core.tracked_task import TrackedTask
from ..footer_keys import KeysFooter
from ..text import clean


class ConfirmQuitScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmQuitScreen {
        align: center middle;
    }

    #quit-box {
        width: 80;
        max-width: 100%;
        height: auto;
        border: thick $error;
        background: $surface;
        padding: 1 2;
    }

    #quit-buttons {
        height: auto;
        align-horizontal: right;
        margin-top: 1;
    }

    #quit-buttons Button {
        margin-left: 2;
    }
    """
    BINDINGS = [
        Binding("escape,n", "stay", "Stay", id="quit.stay"),
        Binding("y", "leave", "Quit", id="quit.leave"),
    ]
    AUTO_FOCUS = "#stay"  # the safe choice has the focus

    def __init__(self, running: list[TrackedTask]) -> None:
        super().__init__()
        self.running = running

    def compose(self) -> ComposeResult:
        yield KeysFooter()
        with Vertical(id="quit-box"):
            yield Static(self._summary(), id="quit-summary")
            with Horizontal(id="quit-buttons"):
                yield Button("Stay", id="stay")
                yield Button("Quit  (y)", id="leave", variant="warning")

    def update_running(self, running: list[TrackedTask]) -> None:
        """Tasks end while the question is open: keep the list true."""
        self.running = running
        self.query_one("#quit-summary", Static).update(self._summary())

    def _summary(self) -> Text:
        if not self.running:
            return Text("Every task of this session has finished. Quit now? (y quits, Esc stays)", style="bold")
        count = len(self.running)
        lines = Text(f"{count} task{'s' if count != 1 else ''} still running:\n", style="bold")
        for task in self.running:
            lines.append(f"  • {clean(task.operation)} {clean(task.label)}: {clean(task.status)}\n", style="")
        lines.append(
            "\nThey keep running on the server either way; this app just stops following them. y or q quits.",
            style="dim",
        )
        return lines

    @on(Button.Pressed, "#stay")
    def action_stay(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#leave")
    def action_leave(self) -> None:
        self.dismiss(True)
