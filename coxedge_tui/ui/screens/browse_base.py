"""What the browse screen holds besides its keys: its widgets, what it shows, and the create/delete service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual.screen import Screen

from ...api.kinds import ImageType
from ...core.image_actions import ImageActions, Refusal
from ...core.image_list_model import environment_of
from ...core.type_views import EVERY_ENVIRONMENT
from ..text import clean
from ..widgets.image_detail import ImageDetail
from ..widgets.image_table import ImageTable
from ..widgets.status_bar import StatusBar
from ..worker_failures import ReportsWorkerFailures

if TYPE_CHECKING:
    from ...api.client import CoxEdgeClient
    from ...api.models import Image
    from ..app import CoxEdgeApp


class BrowseBase(ReportsWorkerFailures, Screen[None]):
    """The state and widgets of `BrowseScreen`, which the key handlers in their own files reach through it."""

    app: CoxEdgeApp

    def __init__(self) -> None:
        super().__init__()
        self.image_type = ImageType.ALL
        self.saved_at: datetime | None = None  # the list shown is the one saved then, until the live one comes
        self.everywhere = False  # the Everywhere tab (0): every environment's images, each row acting in its own
        self._twins: tuple[object, dict[str, CoxEdgeClient]] = (None, {})
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
    def shown_environment(self) -> str:
        """The environment the list is of: the session's, or EVERY_ENVIRONMENT in the Everywhere view."""
        return EVERY_ENVIRONMENT if self.everywhere else self.app.session.environment

    def environment_of(self, image: object) -> str:
        """Where a row's image is: its own environment in the Everywhere view, else the session's."""
        return environment_of(image, self.app.session.environment)

    def row_environments(self) -> str | Callable[[object], str]:
        """What `env:` in the filter compares: the session's environment, or each row's own in Everywhere."""
        return self.environment_of if self.everywhere else self.app.session.environment

    def client_at(self, environment: str) -> CoxEdgeClient:
        """The session's client in `environment`, sharing its connections; the same object each time for a
        given environment and session client, so the usage index it keys stays warm."""
        client = self.app.client
        if not environment or environment == client.environment:
            return client
        owner, twins = self._twins
        if owner is not client:
            twins = {}
            self._twins = (client, twins)
        if environment not in twins:
            twins[environment] = client.for_environment(environment)
        return twins[environment]

    def same_row(self, one: Image, other: Image) -> bool:
        """The same image in the same environment (the provider's images are in every environment, by one id)."""
        return one.id == other.id and self.environment_of(one) == self.environment_of(other)

    def client_of(self, image: object) -> CoxEdgeClient:
        """The client that acts on a row's image: in the environment it was listed in."""
        return self.client_at(self.environment_of(image))

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
