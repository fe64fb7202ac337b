"""Marking images and deleting the marked ones: `space`, `*`, `Esc` and `d` of the browse screen.

The marks are a core MarkSet; the deletes run through core/bulk_delete.py, each followed as a task.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.binding import Binding

from ...core.image_actions import image_label, read_only_refusal, saved_list_refusal
from ...core.marks import MarkSet
from ...core.protection import Protection
from ...text.sentences import sentences
from ..text import clean

if TYPE_CHECKING:
    from ...api.kinds import ImageType
    from ...api.models import Image
    from ...core.bulk_delete import DeleteResult
    from ...core.image_actions import Refusal
    from ...core.tracked_task import TrackedTask
    from .browse import BrowseScreen

LIFECYCLE_BINDINGS = [
    Binding("space", "toggle_mark", "Mark", show=False, id="browse.mark", tooltip="Mark or unmark the selected image"),
    Binding("asterisk", "mark_shown", "Mark all", show=False, id="browse.mark_all", tooltip="Mark every image shown"),
    Binding(
        "f",
        "group_families",
        "Families",
        show=False,
        id="browse.families",
        tooltip="Group the list by family (Enter or → opens one); f again for the flat list",
    ),
    Binding(
        "P",
        "prune",
        "Prune…",
        show=False,
        id="browse.prune",
        tooltip="Plan keeping the newest tags of each family, and mark the older rest to delete",
    ),
]


class Marking:
    """The browse screen's marks, and the one question and many deletes of `d` when there are some."""

    def __init__(self, screen: BrowseScreen) -> None:
        self.screen = screen
        self.marks = MarkSet()
        self.deleting: set[str] = set()  # ids of the running batch: their tasks end without a toast each

    def __bool__(self) -> bool:
        return len(self.marks) > 0

    def _shown(self) -> None:
        self.screen.image_table.show_chosen(self.marks.ids)
        self.screen.status_bar.update_state(marked=len(self.marks))

    def toggle(self) -> None:
        """`space`: mark or unmark the image under the cursor, then step down to the next row."""
        table = self.screen.image_table
        image = table.current_image
        if image is None:
            return
        self.marks.toggle(image)
        self._shown()
        table.action_cursor_down()

    def mark_shown(self) -> None:
        """`*`: mark every image the filter shows."""
        self.marks.mark(self.screen.image_table.view)
        self._shown()

    def mark_only(self, images: Sequence[Image]) -> None:
        """Marks exactly `images` (a prune plan's deletions)."""
        self.marks.replace(images)
        self._shown()

    def prune(self) -> None:
        """Prune…: the plan in a dialog; its deletions become the marks, for `d`."""
        from .prune import PruneScreen

        screen = self.screen

        def planned(images: list[Image] | None) -> None:
            if not images:
                return
            self.mark_only(images)
            screen.notify(
                f"{len(images)} marked by the prune plan: d deletes them (after one question), Esc unmarks them.",
                title="Prune",
                timeout=15,
            )

        screen.app.push_screen(PruneScreen(screen.app.wall_clock()), planned)

    def clear(self) -> bool:
        """`Esc` on the list with no filter set: unmark everything; False when nothing was marked."""
        if not self.marks:
            return False
        self.marks.clear()
        self._shown()
        return True

    def listed(self, images: Sequence[Image], image_type: ImageType) -> None:
        """A refresh: marks of images that went are dropped; the others follow the fresh list."""
        self.marks.listed(images, image_type)
        self._shown()

    def quiet(self, task: TrackedTask) -> bool:
        """A task of the running batch: the batch's summary speaks for it."""
        return task.operation == "delete" and task.image_id in self.deleting

    def delete_marked(self) -> None:
        """`d` with marks: the refusals that stop everything first, then one question for the rest."""
        screen = self.screen
        saved = screen.saved_at is not None
        if screen.refused(
            read_only_refusal(screen.read_only, "deleting images") or saved_list_refusal(saved, "deleting")
        ):
            return
        protection = Protection.of(screen.app.session.settings)

        def refuse(image: Image) -> Refusal | None:
            return screen.actions.delete_refusal(
                image, read_only=screen.read_only, saved_list_shown=saved, protection=protection
            )

        from ...core.bulk_delete import split_refused  # loaded on first use, after the list has painted

        def named(image: Image) -> str:  # the Everywhere view says where each image is
            return f"{screen.environment_of(image)}: {image_label(image)}" if screen.everywhere else image_label(image)

        chosen, left_out = split_refused(self.marks.images, refuse, named)
        if not chosen:
            first = left_out[0]
            screen.notify(
                clean(sentences(f"None of the {len(left_out)} marked images can be deleted", first.reason)),
                title="Nothing to delete",
                severity="warning",
                markup=False,
            )
            return
        from .confirm_bulk_delete import ConfirmBulkDeleteScreen

        def answered(yes: bool | None) -> None:
            if yes:
                screen.run_worker(self._delete(chosen), group="bulk-delete", exit_on_error=False)

        client_of = screen.client_of if screen.everywhere else None
        screen.app.push_screen(ConfirmBulkDeleteScreen(chosen, left_out, client_of), answered)

    async def _delete(self, images: list[Image]) -> None:
        screen = self.screen
        self.deleting.update(i.id for i in images)
        from ...core.bulk_delete import BulkDelete

        places: dict[str, list[Image]] = {}  # in the Everywhere view, each image is deleted in its own environment
        for image in images:
            places.setdefault(screen.environment_of(image), []).append(image)
        results: list[DeleteResult] = []
        try:
            for place, batch in places.items():
                bulk = BulkDelete(screen.client_at(place), screen.app.tracker, on_flight=screen.actions.flight)
                results += await bulk.run(batch)
        finally:
            self.deleting.difference_update(i.id for i in images)
        self.marks.unmark(r.image_id for r in results if r.done)  # what did not go stays marked
        self._shown()
        self._said(results)
        screen.load_images()

    def _said(self, results: Sequence[DeleteResult]) -> None:
        from ...core.bulk_delete import Outcome, summary

        undone = [r for r in results if not r.done]
        text = summary(results)
        if undone:
            failed = next((r for r in undone if r.outcome is Outcome.FAILED), undone[0])
            text = sentences(text, f"First not deleted: {failed.label}. What was not deleted stays marked")
        self.screen.notify(
            clean(text),
            title="Bulk delete",
            severity="warning" if undone else "information",
            timeout=20,
            markup=False,
        )
