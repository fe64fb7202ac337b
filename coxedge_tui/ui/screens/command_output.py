"""A command of the user's, run on an image: what ran, its output (literally) and its exit code.

Closing the window while the command runs stops it (the worker is cancelled, and the run kills its group).
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...core.custom_commands import OUTPUT_CAP, CommandResult, run
from ...settings.keymap import CustomCommand
from ..footer_keys import KeysFooter
from ..text import literal


class CommandOutputScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    CommandOutputScreen {
        align: center middle;
    }
    #command-box {
        width: 100;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    #command-argv {
        color: $text-muted;
    }
    #command-status {
        text-style: bold;
    }
    """
    BINDINGS = [Binding("escape", "dismiss", "Close", id="command.close")]

    def __init__(self, command: CustomCommand, argv: list[str], env: Mapping[str, str]) -> None:
        super().__init__()
        self.command = command
        self.argv = argv
        self.env = dict(env)
        self.result: CommandResult | None = None

    def compose(self) -> ComposeResult:
        yield KeysFooter()
        with VerticalScroll(id="command-box"):
            yield Static(literal(f"$ {shlex.join(self.argv)}", multiline=True), id="command-argv")
            yield Static(Text("Running…"), id="command-status")
            yield Static(Text(""), id="command-output")

    def on_mount(self) -> None:
        self.query_one("#command-box").border_title = literal(f"{self.command.name}  (Esc closes)")
        self.run_worker(self._run(), group="command", exit_on_error=False)

    async def _run(self) -> None:
        result = await run(self.argv, self.env, self.command.timeout)
        self.result = result
        failed = bool(result.error) or result.timed_out or result.exit_code != 0
        status = result.summary + (f" Output cut at {OUTPUT_CAP // 1024} KiB." if result.truncated else "")
        self.query_one("#command-status", Static).update(Text(status, style="red" if failed else "green"))
        shown = literal(result.output, multiline=True) if result.output else Text("(no output)", style="dim")
        self.query_one("#command-output", Static).update(shown)
