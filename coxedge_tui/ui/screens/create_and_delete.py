"""Create and delete from the browse screen, each task followed to its end.

The keys and the words on screen; the rules and the bookkeeping are in coxedge_tui/core/image_actions.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding
from textual.events import Key
from textual.notifications import SeverityLevel

from ...api.errors import CoxEdgeError
from ...core.image_actions import DeleteLost, image_label
from ...core.tasks import TaskState, TrackedTask
from ...text.sentences import sentences
from ..messages import TaskChanged
from ..text import clean
from .browse_base import BrowseBase

if TYPE_CHECKING:
    from ...api.models import Image
    from ..widgets.tasks_panel import TasksPanel
    from .create_image import Created, Draft

SEVERITY: dict[TaskState, SeverityLevel] = {
    TaskState.SUCCEEDED: "information",
    TaskState.FAILED: "error",
    TaskState.ERROR: "error",
}


WRITES = ("new_image", "delete_image")


class CreateAndDelete(BrowseBase):
    """`n`, `d` and `t` of the browse screen."""

    def __init__(self) -> None:
        super().__init__()
        self.draft: Draft | None = None  # the create form's typing, kept across a cancel
        self.tasks_panel: TasksPanel | None = None  # made on first use of `t`

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Read-only mode hides the write keys from the footer and the palette's key list."""
        return not (self.read_only and action in WRITES)

    def on_key(self, event: Key) -> None:
        """A hidden write key, pressed anyway in read-only mode, says why nothing happens."""
        if not self.read_only:
            return
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.action in WRITES and event.key in binding.key.split(","):
                event.stop()
                getattr(self, f"action_{binding.action}")()

    def action_new_image(self) -> None:
        if self.refused(self.actions.create_refusal(read_only=self.read_only)):
            return
        from .create_image import CreateImageScreen, Draft  # the form loads when first opened

        existing = frozenset((i.family or "", i.tag or "") for i in self.image_table.images)
        if self.draft is None:
            self.draft = Draft()
        self.app.push_screen(CreateImageScreen(self.draft, existing), self._created)

    def _created(self, created: Created | None) -> None:
        if created is None:
            return
        request = created.request
        name = f"{request.family}:{request.tag}"
        if created.ref is None:
            self.notify(
                clean(f"The answer was lost, but {name} exists on the server now: the create went through."),
                title="Checked with the server",
                markup=False,
            )
            self.load_images()
            return
        table = self.image_table
        image = self.actions.created(created.ref, request.family, request.tag, request.description, table.images)
        self.notify(
            clean(
                f"Creating {name} from {created.workload_name} / {request.instance_name}. Press t to watch the task."
            ),
            title="Create accepted",
            markup=False,
        )
        table.show_images(self.actions.merge_pending(self.actions.without_pending(table.images), self.image_type))
        row = next((n for n, shown in enumerate(table.view) if shown.id == image.id), None)
        if row is not None:
            table.move_cursor(row=row)  # the user's eyes go to what they just made
        self.load_images()

    def action_delete_image(self) -> None:
        image = self.image_table.current_image
        if image is None:
            self.notify("No image is selected.", severity="warning")
            return
        refusal = self.actions.delete_refusal(
            image, read_only=self.read_only, saved_list_shown=self.saved_at is not None
        )
        if self.refused(refusal):
            return
        from .confirm_delete import ConfirmDeleteScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete(image)

        self.app.push_screen(ConfirmDeleteScreen(image), answered)

    @work(group="delete", exit_on_error=False)
    async def delete(self, image: Image) -> None:
        try:
            outcome = await self.actions.delete(image)
        except CoxEdgeError as exc:
            self.app.report(exc)
            return
        if isinstance(outcome, DeleteLost):
            self.app.report(outcome.error)
            self.notify(
                clean(_lost_delete_said(outcome, image_label(image))),
                title="Checked with the server",
                timeout=15,
                markup=False,
            )
            self.load_images()

    async def action_toggle_tasks(self) -> None:
        panel = self.tasks_panel
        if panel is None:
            # Made on first use: a table the first screen does not show costs start-up time.
            from ..widgets.tasks_panel import TasksPanel

            panel = self.tasks_panel = TasksPanel(self.app.tracker, id="tasks")
            panel.display = False
            await self.mount(panel, after="#panes")
        panel.display = not panel.display
        if panel.display:
            for task in self.app.tracker.tasks:
                panel.show_task(task)

    def on_task_changed(self, message: TaskChanged) -> None:
        task = message.task
        panel = self.tasks_panel
        if panel is not None:
            panel.show_task(task)
        if not task.finished:
            return
        self._finished(task)

    def _finished(self, task: TrackedTask) -> None:
        self.actions.finished(task)
        self.notify(
            clean(task.summary if task.state is not TaskState.SUCCEEDED else task.message),
            title=f"Task {task.state.value}",
            severity=SEVERITY.get(task.state, "warning"),
            timeout=10,
            markup=False,
        )
        self.load_images()
        current = self.image_detail.image
        if current is not None and current.id == task.image_id:
            self.load_detail(task.image_id)


def _lost_delete_said(lost: DeleteLost, name: str) -> str:
    """A delete whose answer was lost, as the check with the server found it."""
    if lost.check_error is not None:
        return sentences(
            f"Could not check whether {name} still exists",
            lost.check_error.message,
            "The list shows the server's view.",
        )
    if lost.now is None:
        return f"{name} is gone from the server: the delete went through."
    return (
        f"{name} is still on the server ({lost.now.status}): the delete did not happen, or its task is "
        "still running. The list refreshes by itself; delete again if it stays."
    )
