"""`t`: every task of the session, with its status, elapsed time and outcome."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from ...core.tasks import TaskTracker
from ...core.tracked_task import TaskState, TrackedTask, duration_text
from ..clipboard import copy_line
from ..notices import keep_toasts_above
from ..text import literal, status_text, truncate

if TYPE_CHECKING:
    from ..app import CoxEdgeApp

STATE_STYLES = {
    TaskState.SUCCEEDED: "green",
    TaskState.FAILED: "bold red",
    TaskState.ERROR: "bold red",
    TaskState.EXPIRED: "yellow",
    TaskState.TIMED_OUT: "yellow",
}
PLAIN_STATE_STYLES = {TaskState.FAILED: "bold reverse", TaskState.ERROR: "bold reverse"}  # NO_COLOR
COLUMNS = (
    ("op", "Operation"),
    ("image", "Image"),
    ("environment", "Environment"),  # where the task runs: the Everywhere view's and earlier sessions' may differ
    ("status", "Status"),
    ("elapsed", "Elapsed"),
    ("outcome", "Outcome"),
    ("task", "Task id"),
)


class TasksPanel(DataTable[Text]):
    """Rows keyed by task id, updated in place; the elapsed column ticks while shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="tasks.down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="tasks.up"),
        Binding("c", "copy_task_id", "Copy task id", id="tasks.copy", tooltip="Copy the selected task's id"),
        Binding("enter", "show_outcome", "Outcome", id="tasks.outcome", tooltip="Everything known of the task"),
    ]
    app: CoxEdgeApp
    DEFAULT_CSS = """
    TasksPanel {
        border: round $panel;
        border-title-color: $text-muted;
        &:focus {
            border: round $accent;
        }
    }
    """

    def __init__(self, tracker: TaskTracker, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", id=id)
        self.tracker = tracker
        self._widths_drawn: list[int] = []
        self._title()

    def on_mount(self) -> None:
        for key, label in COLUMNS:
            self.add_column(label, key=key)
        self.set_interval(1.0, self._tick)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Columns widened (on idle) after their cells changed: draw every line again at the new widths.

        Textual keys its row and line caches by the table's update count, not by the columns' widths, so lines
        drawn between a cell's update and this (a task ending as the panel opens) kept the old widths, the
        Outcome column cut to its heading, until the next update."""
        super()._update_dimensions(new_rows)
        widths = [column.content_width for column in self.ordered_columns]
        if widths != self._widths_drawn:  # not on every elapsed tick: only when a column changed its width
            self._widths_drawn = widths
            self._clear_caches()
            self.refresh()

    def on_resize(self) -> None:
        keep_toasts_above(self)  # notices must not cover the Outcome and Task id columns

    def on_show(self) -> None:
        keep_toasts_above(self)

    def on_hide(self) -> None:
        keep_toasts_above(self)

    def show_task(self, task: TrackedTask) -> None:
        cells = self._cells(task)
        if task.id in self.rows:
            for (key, _), cell in zip(COLUMNS, cells, strict=True):
                self.update_cell(task.id, key, cell, update_width=True)
        else:
            self.add_row(*cells, key=task.id)
        self._title()

    def _title(self) -> None:
        tasks, running = self.tracker.tasks, self.tracker.running
        if not tasks:
            count = "none yet: n creates an image, d deletes one"
        else:
            count = f"{len(running)} running, {len(tasks) - len(running)} finished"
        self.border_title = f"Tasks of this session · {count} · t hides"
        self.border_subtitle = "t or Tab: in · ↑↓ move · Enter: outcome · c: copy id · Esc: back"

    @property
    def current_task(self) -> TrackedTask | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return next((t for t in self.tracker.tasks if t.id == key), None)

    def action_copy_task_id(self) -> None:
        task = self.current_task
        if task is None:
            self.notify("No task yet: n creates an image, d deletes one.", severity="warning")
        elif not task.server_task:
            self.notify("This write was accepted without a task: there is no task id to copy.", severity="warning")
        else:
            copy_line(self.app, "task id", task.id)

    def action_show_outcome(self) -> None:
        task = self.current_task
        if task is None:
            return
        from ..screens.task_outcome import TaskOutcomeScreen, task_times

        started, finished = task_times(self.app, task)
        self.app.push_screen(TaskOutcomeScreen(task, started, finished, self.tracker.now()))

    def _cells(self, task: TrackedTask) -> tuple[Text, ...]:
        colour = not self.app.no_color
        if task.state is TaskState.RUNNING:
            status = status_text(task.status, colour=colour)
        else:
            styles = STATE_STYLES if colour else PLAIN_STATE_STYLES
            status = Text(task.state.value.upper(), style=styles.get(task.state, ""))
        return (
            Text(task.operation),
            literal(truncate(task.label, 40)),
            literal(truncate(task.environment, 30)),
            status,
            Text(duration_text(task.elapsed(self.tracker.now()))),
            literal(truncate(task.message, 120)),
            literal(task.id),
        )

    def _tick(self) -> None:
        if not self.display:
            return
        for task in self.tracker.running:
            if task.id in self.rows:
                self.update_cell(
                    task.id, "elapsed", Text(duration_text(task.elapsed(self.tracker.now()))), update_width=True
                )
