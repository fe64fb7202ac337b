"""Create and delete from the browse screen, each task followed to its end.

A mixin of BrowseScreen, kept apart so the screen file stays about browsing.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.css.query import NoMatches

from ...api.errors import CoxEdgeError, InvalidInputError, OutcomeUnknownError
from ...api.kinds import ImageType
from ...api.paths import check_image_id
from ...reconcile import status_unless_gone, still_there
from ...sentences import sentences
from ...tasks import TaskState, TrackedTask
from ..messages import TaskChanged
from ..text import clean

if TYPE_CHECKING:
    from ...api.models import Image
    from ..app import CoxEdgeApp
    from ..widgets.image_detail import ImageDetail
    from ..widgets.image_table import ImageTable
    from ..widgets.tasks_panel import TasksPanel
    from .create_image import Created, Draft

DELETING = "DELETING"


class ImageActions:
    """Needs the host screen's image_table, image_detail, load_images, notify and app."""

    app: CoxEdgeApp
    image_table: ImageTable
    image_detail: ImageDetail
    image_type: ImageType
    draft: Draft | None
    pending: dict[str, Image]
    deletes_in_flight: set[str]

    if TYPE_CHECKING:  # provided by the host screen; stubs here would shadow them at run time

        def load_images(self) -> object: ...

        def notify(self, message: str, **kw: object) -> None: ...

        def refuse_on_saved_list(self, doing: str) -> bool: ...

    def _refuse_if_read_only(self, doing: str) -> bool:
        if self.app.session.settings.read_only:
            self.notify(
                f"Read-only mode: {doing} is off for this session (--read-only, COX_READ_ONLY or the profile).",
                title="Not available",
                severity="warning",
            )
            return True
        return False

    def action_new_image(self) -> None:
        if self._refuse_if_read_only("creating images"):
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
        image = self._provisional_image(request.family, request.tag, request.description)
        label = f"{request.family}:{request.tag}"
        if created.ref is None:
            self.notify(
                clean(f"The answer was lost, but {label} exists on the server now: the create went through."),
                title="Checked with the server",
                markup=False,
            )
            self.load_images()
            return
        self.pending[image.id] = image
        self.app.tracker.follow(created.ref, operation="create", image_id=image.id, label=label)
        self.notify(
            clean(
                f"Creating {label} from {created.workload_name} / {request.instance_name}. Press t to watch the task."
            ),
            title="Create accepted",
            markup=False,
        )
        self._show_pending()
        row = next((n for n, shown in enumerate(self.image_table.view) if shown.id == image.id), None)
        if row is not None:
            self.image_table.move_cursor(row=row)  # the user's eyes go to what they just made
        self.load_images()

    def _provisional_image(self, family: str, tag: str, description: str | None) -> Image:
        """The new image as the server will name it, shown at once while its task runs."""
        sibling = next((i for i in self.image_table.images if i.is_custom and i.stack_id), None)
        stack = sibling.stack_id if sibling else "pending"
        slug = sibling.slug if sibling else ""
        from ...api.models import Image

        return Image.model_validate(
            {
                "id": f"{stack}/{family}/{tag}",
                "stackId": stack if sibling else None,
                "family": family,
                "tag": tag,
                "slug": slug or None,
                "status": "PENDING",
                "createdAt": self.app.wall_clock(),
                "description": description,
                "reference": f"{slug}/{family}:{tag}" if slug else f"{family}:{tag}",
            }
        )

    def merge_pending(self, images: list[Image]) -> list[Image]:
        """Images created this session stay listed (as PENDING) until the server lists them.

        Matched by family and tag: the provisional id is only a guess at the server's.
        """
        if self.image_type is ImageType.DEFAULT or not self.pending:
            return images
        listed = {(i.family, i.tag) for i in images}
        return images + [p for p in self.pending.values() if (p.family, p.tag) not in listed]

    def deleting_marks(self) -> dict[str, str]:
        """Rows being deleted, from the requests in flight and the tasks still running: a refresh keeps them."""
        running = {t.image_id for t in self.app.tracker.running if t.operation == "delete"}
        return dict.fromkeys(running | self.deletes_in_flight, DELETING)

    def sync_marks(self) -> None:
        """The DELETING marks are derived, never edited one by one: recompute them after any change."""
        self.image_table.show_marks(self.deleting_marks())

    def _show_pending(self) -> None:
        self.image_table.show_images(
            self.merge_pending([i for i in self.image_table.images if i.id not in self.pending])
        )

    def action_delete_image(self) -> None:
        image = self.image_table.current_image
        if image is None:
            self.notify("No image is selected.", severity="warning")
            return
        if not image.is_custom:
            self.notify(
                "Default images belong to the provider and cannot be deleted; only custom images can.",
                title="Not available",
                severity="warning",
            )
            return
        if self._refuse_if_read_only("deleting images"):
            return
        if self.refuse_on_saved_list("deleting"):
            return
        if image.id in self.deleting_marks():
            self.notify("That image is already being deleted; press t to watch its task.", severity="warning")
            return
        if image.id in self.pending:
            self.notify("That image is still being created; wait for its task to end (t).", severity="warning")
            return
        try:
            check_image_id(image.id)  # an id that would leave its own path is refused before the dialog asks anything
        except InvalidInputError as exc:
            self.app.report(exc)
            return
        from .confirm_delete import ConfirmDeleteScreen

        self.app.push_screen(ConfirmDeleteScreen(image), lambda yes: self.delete(image) if yes else None)

    @work(group="delete", exit_on_error=False)
    async def delete(self, image: Image) -> None:
        label = f"{image.family}:{image.tag}"
        self.deletes_in_flight.add(image.id)
        self.sync_marks()
        try:
            ref = await self.app.client.delete_image(image.id)
        except OutcomeUnknownError as exc:
            self.app.report(exc)
            await self._reconcile_delete(image, label)
            return
        except CoxEdgeError as exc:
            self.app.report(exc)
            return
        else:
            if ref is None:  # accepted without a task (204): the image itself shows when it is gone
                check = partial(status_unless_gone, self.app.client, image.id)
                self.app.tracker.confirm(check, operation="delete", image_id=image.id, label=label)
            else:
                self.app.tracker.follow(ref, operation="delete", image_id=image.id, label=label)
        finally:
            self.deletes_in_flight.discard(image.id)
            self.sync_marks()

    async def _reconcile_delete(self, image: Image, label: str) -> None:
        """A delete whose answer was lost: ask the server whether the image is still there."""
        try:
            now = await still_there(self.app.client, image.id)
        except CoxEdgeError as exc:
            said = sentences(
                f"Could not check whether {label} still exists", exc.message, "The list shows the server's view."
            )
        else:
            if now is None:
                said = f"{label} is gone from the server: the delete went through."
            else:
                said = (
                    f"{label} is still on the server ({now.status}): the delete did not happen, or its task is "
                    "still running. The list refreshes by itself; delete again if it stays."
                )
        self.notify(clean(said), title="Checked with the server", timeout=15, markup=False)
        self.load_images()

    async def action_toggle_tasks(self) -> None:
        panel = self.tasks_panel
        if panel is None:
            # Made on first use: a table the first screen does not show costs start-up time.
            from ..widgets.tasks_panel import TasksPanel

            panel = TasksPanel(self.app.tracker, id="tasks")
            panel.display = False
            await self.mount(panel, after="#panes")  # type: ignore[attr-defined]
        panel.display = not panel.display
        if panel.display:
            for task in self.app.tracker.tasks:
                panel.show_task(task)

    @property
    def tasks_panel(self) -> TasksPanel | None:
        try:
            return self.query_one("#tasks")  # type: ignore[attr-defined, no-any-return]
        except NoMatches:
            return None

    def on_task_changed(self, message: TaskChanged) -> None:
        task = message.task
        panel = self.tasks_panel
        if panel is not None:
            panel.show_task(task)
        if not task.finished:
            return
        self._finished(task)

    def _finished(self, task: TrackedTask) -> None:
        self.pending.pop(task.image_id, None)
        self.sync_marks()
        severity = {TaskState.SUCCEEDED: "information", TaskState.FAILED: "error", TaskState.ERROR: "error"}
        self.notify(
            clean(task.summary if task.state is not TaskState.SUCCEEDED else task.message),
            title=f"Task {task.state.value}",
            severity=severity.get(task.state, "warning"),  # type: ignore[arg-type]
            timeout=10,
            markup=False,
        )
        self.load_images()
        current = self.image_detail.image
        if current is not None and current.id == task.image_id:
            self.load_detail(task.image_id)  # type: ignore[attr-defined]
