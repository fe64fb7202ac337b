"""Create and delete from the browse screen, each task followed to its end.

The keys and the words on screen; the rules and the bookkeeping are in coxedge_tui/core/image_actions.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.notifications import SeverityLevel

from ...api.errors import CoxEdgeError
from ...core.image_actions import DeleteLost, image_label
from ...core.protection import Protection
from ...core.tracked_task import TaskState, TrackedTask
from ...text.sentences import sentences
from ..text import clean

if TYPE_CHECKING:
    from ...api.models import Image
    from ..widgets.tasks_panel import TasksPanel
    from .browse import BrowseScreen
    from .create_form_parts import Places
    from .create_image import Created, Draft

SEVERITY: dict[TaskState, SeverityLevel] = {
    TaskState.SUCCEEDED: "information",
    TaskState.FAILED: "error",
    TaskState.ERROR: "error",
}


WRITES = ("new_image", "delete_image")  # the browse screen's actions that read-only mode hides


class CreateAndDelete:
    """`n`, `d` and `t` of the browse screen, which routes those keys here."""

    def __init__(self, screen: BrowseScreen) -> None:
        self.screen = screen
        self.draft: Draft | None = None  # the create form's typing, kept across a cancel
        self.tasks_panel: TasksPanel | None = None  # made on first use of `t`

    def new_image(self) -> None:
        screen = self.screen
        if screen.refused(screen.actions.create_refusal(read_only=screen.read_only)):
            return
        from .create_form_parts import existing
        from .create_image import CreateImageScreen, Draft  # the form loads when first opened
        from .tag_hint import family_tags

        places = self._places()
        here = screen.image_table.images if places is None else places.rows(places.chosen)
        if self.draft is None:
            self.draft = Draft()
        today = screen.app.wall_clock().date()
        form = CreateImageScreen(self.draft, existing(here), family_tags(here), today, places)
        screen.app.push_screen(form, self._created)

    def _places(self) -> Places | None:
        """From the Everywhere view the form asks where: every environment listed, the row's first."""
        screen = self.screen
        if not screen.everywhere:
            return None
        from .create_form_parts import Places

        current = screen.image_table.current_image
        chosen = screen.environment_of(current) if current is not None else screen.app.session.environment
        names = list(dict.fromkeys([*screen.places.environments, chosen]))

        def rows(environment: str) -> list[Image]:  # as listed when asked: the form asks again on each choice
            return [i for i in screen.image_table.images if screen.environment_of(i) == environment]

        return Places(names, chosen, screen.client_at, rows)

    def _created(self, created: Created | None) -> None:
        screen = self.screen
        if created is None:
            return
        request = created.request
        name = f"{request.family}:{request.tag}"
        if created.ref is None:
            screen.notify(
                clean(f"The answer was lost, but {name} exists on the server now: the create went through."),
                title="Checked with the server",
                markup=False,
            )
            screen.load_images()
            return
        table = screen.image_table
        image = screen.actions.created(
            created.ref, request.family, request.tag, request.description, table.images, created.environment
        )
        screen.notify(
            clean(
                f"Creating {name} from {created.workload_name} / {request.instance_name}. Press t to watch the task."
            ),
            title="Create accepted",
            markup=False,
        )
        table.show_images(screen.actions.merge_pending(screen.actions.without_pending(table.images), screen.image_type))
        row = next((n for n, shown in enumerate(table.view) if screen.same_row(shown, image)), None)
        if row is not None:
            table.move_cursor(row=row)  # the user's eyes go to what they just made
        screen.load_images()

    def delete_image(self) -> None:
        screen = self.screen
        image = screen.image_table.current_image
        if image is None:
            screen.notify("No image is selected.", severity="warning")
            return
        refusal = screen.actions.delete_refusal(
            image,
            read_only=screen.read_only,
            saved_list_shown=screen.saved_at is not None,
            protection=Protection.of(screen.app.session.settings),
        )
        if screen.refused(refusal):
            return
        from .confirm_delete import ConfirmDeleteScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete(image)

        client = screen.client_of(image)
        screen.app.push_screen(ConfirmDeleteScreen(image, client), answered)

    def delete(self, image: Image) -> None:
        self.screen.run_worker(self._delete(image), group="delete", exit_on_error=False)

    async def _delete(self, image: Image) -> None:
        screen = self.screen
        try:
            outcome = await screen.actions.delete(image, screen.client_of(image))
        except CoxEdgeError as exc:
            screen.app.report(exc)
            return
        if isinstance(outcome, DeleteLost):
            screen.app.report(outcome.error)
            screen.notify(
                clean(_lost_delete_said(outcome, image_label(image))),
                title="Checked with the server",
                timeout=15,
                markup=False,
            )
            screen.load_images()

    async def toggle_tasks(self) -> None:
        screen = self.screen
        panel = self.tasks_panel
        if panel is None:
            # Made on first use: a table the first screen does not show costs start-up time.
            from ..widgets.tasks_panel import TasksPanel

            panel = self.tasks_panel = TasksPanel(screen.app.tracker, id="tasks")
            panel.display = False
            await screen.mount(panel, after="#panes")
        if panel.display and not panel.has_focus:
            panel.focus()  # shown but not in use: t moves into it
            return
        panel.display = not panel.display
        if panel.display:
            for task in screen.app.tracker.tasks:
                panel.show_task(task)
            panel.focus()
        else:
            screen.image_table.focus()

    def task_changed(self, task: TrackedTask) -> None:
        panel = self.tasks_panel
        if panel is not None:
            panel.show_task(task)
        if not task.finished:
            return
        self._finished(task)

    def _finished(self, task: TrackedTask) -> None:
        screen = self.screen
        screen.actions.finished(task)
        if not screen.marking.quiet(task):  # one of a batch: its summary speaks for it
            screen.notify(
                clean(task.summary if task.state is not TaskState.SUCCEEDED else task.message),
                title=f"Task {task.state.value}{self._where(task)}",
                severity=SEVERITY.get(task.state, "warning"),
                timeout=10,
                markup=False,
            )
        screen.load_images()
        current = screen.image_detail.image
        if current is not None and current.id == task.image_id:
            screen.load_detail(task.image_id)

    def _where(self, task: TrackedTask) -> str:
        """ " in production" when the task ran elsewhere than the list shown, or the list shows every environment."""
        screen = self.screen
        if task.environment and (screen.everywhere or task.environment != screen.app.session.environment):
            return f" in {clean(task.environment)}"  # a name the server gave: no escape or control character
        return ""


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
