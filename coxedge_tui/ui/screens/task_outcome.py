"""Enter on a task: everything known of it, server text shown literally, in a window of its own."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...core.tracked_task import TaskState, TrackedTask, duration_text
from ..clipboard import copy_line
from ..footer_keys import KeysFooter
from ..text import literal, status_text

if TYPE_CHECKING:
    from ..app import CoxEdgeApp

NO_SERVER_TASK = "accepted without a task"


def task_times(app: CoxEdgeApp, task: TrackedTask) -> tuple[datetime | None, datetime | None]:
    """When the task started and ended: from the journal when it holds the task, else from the tracker's clock."""
    entry = next((e for e in app.journal.entries() if e.task_id == task.id), None) if task.server_task else None
    if entry is not None:
        ended = datetime.fromtimestamp(entry.finished, UTC) if entry.finished is not None else None
        return datetime.fromtimestamp(entry.started, UTC), ended
    # The tracker's clock is not the wall clock: place its moments relative to now.
    zero = app.wall_clock() - timedelta(seconds=app.tracker.now())
    ended = zero + timedelta(seconds=task.ended) if task.ended is not None else None
    return zero + timedelta(seconds=task.started), ended


def _when(moment: datetime | None) -> str:
    return f"{moment.astimezone():%Y-%m-%d %H:%M:%S %Z}" if moment is not None else "—"


class TaskOutcomeScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    TaskOutcomeScreen {
        align: center middle;
    }
    #task-box {
        width: 90;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape,enter,q", "dismiss", "Close", id="task.close"),
        Binding("c", "copy_id", "Copy task id", id="task.copy"),
    ]

    def __init__(self, task: TrackedTask, started: datetime | None, finished: datetime | None, now: float) -> None:
        super().__init__()
        self.shown_task = task
        self.started = started
        self.finished = finished
        self.now = now

    def compose(self) -> ComposeResult:
        yield KeysFooter()
        with VerticalScroll(id="task-box"):
            yield Static(self._outcome(), id="task-outcome")

    def on_mount(self) -> None:
        self.query_one("#task-box").border_title = "Task  (Esc closes, c copies the id)"

    def _outcome(self) -> Group:
        task = self.shown_task
        grid = Table.grid(padding=(0, 2), expand=True)
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        state = Text(task.state.value.upper(), style="bold red" if task.state is TaskState.FAILED else "bold")
        grid.add_row("Task id", literal(task.id, multiline=True) if task.server_task else Text(NO_SERVER_TASK))
        grid.add_row("Operation", literal(task.operation))
        grid.add_row("Image", literal(f"{task.label}  ({task.image_id})", multiline=True))
        if task.environment:
            grid.add_row("Environment", literal(task.environment, multiline=True))
        grid.add_row("State", state)
        grid.add_row("Server status", status_text(task.status))
        grid.add_row("Started", Text(_when(self.started)))
        grid.add_row("Finished", Text(_when(self.finished) if task.finished else "still running"))
        grid.add_row("Took", Text(duration_text(task.elapsed(self.now))))
        reason_style = "bold red" if task.state in (TaskState.FAILED, TaskState.ERROR) else ""
        grid.add_row("Outcome", literal(task.message or "—", reason_style, multiline=True))
        grid.add_row("Checks", Text(str(task.polls)))
        result = Text("(none)", style="dim")
        if task.result is not None:
            result = literal(json.dumps(task.result, indent=2, ensure_ascii=False, default=str), multiline=True)
        return Group(grid, Text(""), Text("Result, as the server sent it:", style="bold"), result)

    def action_copy_id(self) -> None:
        if not self.shown_task.server_task:
            self.notify("This write was accepted without a task: there is no task id to copy.", severity="warning")
            return
        copy_line(self.app, "task id", self.shown_task.id)
