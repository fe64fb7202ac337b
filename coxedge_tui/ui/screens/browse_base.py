"""What the browse screen holds besides its keys: its widgets, what it shows, and the create/delete service."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.screen import Screen

from ...api.kinds import ImageType
from ...core.image_actions import ImageActions, Refusal
from ..text import clean
from ..widgets.image_detail import ImageDetail
from ..widgets.image_table import ImageTable
from ..widgets.status_bar import StatusBar
from ..worker_failures import ReportsWorkerFailures

if TYPE_CHECKING:
    from ..app import CoxEdgeApp


class BrowseBase(ReportsWorkerFailures, Screen[None]):
    """The state and widgets of `BrowseScreen`, which the key handlers in their own files reach through it."""

    app: CoxEdgeApp

    def __init__(self) -> None:
        super().__init__()
        self.image_type = ImageType.ALL
        self.saved_at: datetime | None = None  # the list shown is the one saved then, until the live one comes
        self.actions = ImageActions(
            client=lambda: self.app.client,
            tracker=lambda: self.app.tracker,
            clock=lambda: self.app.wall_clock(),
            on_marks=self._show_marks,
        )

    @property
    def image_table(self) -> ImageTable:
        return self.query_one(ImageTable)

    @property
    def image_detail(self) -> ImageDetail:
        return self.query_one(ImageDetail)

    @property
    def status_bar(self) -> StatusBar:
        return self.query_one(StatusBar)

    @property
    def read_only(self) -> bool:
        return self.app.session.settings.read_only

    def refused(self, refusal: Refusal | None) -> bool:
        """Show a refusal, if there is one; True when the action must stop."""
        if refusal is None:
            return False
        if refusal.error is not None:
            self.app.report(refusal.error)
        else:
            # The words may hold server text and patterns such as [ab]*: shown literally, never as markup.
            self.notify(clean(refusal.message), title=refusal.title, severity="warning", markup=False)
        return True

    def sync_marks(self) -> None:
        """The DELETING and FAILED marks are derived, never edited one by one: recompute them after any change."""
        self._show_marks(self.actions.marks())

    def _show_marks(self, marks: dict[str, str]) -> None:
        self.image_table.show_marks(marks)
        self.image_detail.refresh_mark()  # the detail pane says what the row says

    def mark_of(self, image_id: str) -> tuple[str, str] | None:
        """The state the list shows in place of this image's status, and why (a failed create's reason)."""
        mark = self.image_table.marks.get(image_id)
        return None if mark is None else (mark, self.actions.failure_of(image_id) or "")
