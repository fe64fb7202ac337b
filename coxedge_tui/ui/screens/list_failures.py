"""A list that could not be loaded stays visibly so: why, since when, and that `r` retries.

The rules (backoff, short reasons) are in coxedge_tui/core/freshness.py; this is where they meet the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from ...api.errors import AuthenticationError, CoxEdgeError
from ...core.freshness import Freshness
from ...text.sentences import sentences
from .browse_base import BrowseBase

if TYPE_CHECKING:
    from textual.timer import Timer

# Starts a timer: (seconds, callback) -> something with stop(); tests give one that runs on virtual time.
StartTimer = Callable[[float, Callable[[], None]], "Timer"]


class ListFailures(BrowseBase):
    """What the browse screen shows and plans after each load of the list, failed or not."""

    def __init__(self) -> None:
        super().__init__()
        self.freshness = Freshness()
        self.start_timer: StartTimer = self.set_timer
        self.refresh_asked = False  # the load running was asked for with `r`, not planned

    def list_failed(self, error: CoxEdgeError) -> None:
        """Keep the list; say why in it (when empty) and on the status line; only the first failure notifies."""
        self.freshness.failed(error)
        if self.freshness.failures == 1 or self.refresh_asked or isinstance(error, AuthenticationError):
            self.app.report(error)
        self.refresh_asked = False
        self.image_table.show_problem(
            sentences(f"Could not load images: {error.message}", "Press r to retry, or e to pick another environment")
        )
        self.status_bar.update_state(failing=self.freshness.reason)

    def list_live(self, at: datetime) -> bool:
        """A load succeeded: the list is live again. True when the user asked for it (`r`)."""
        asked, self.refresh_asked = self.refresh_asked, False
        self.freshness.loaded(at)
        self.status_bar.update_state(failing="")
        return asked

    def next_refresh(self) -> float:
        """Seconds until the next automatic load (0: none), longer after each failure."""
        return self.freshness.next_refresh(self.app.session.settings.refresh_seconds)

    def forget_freshness(self) -> None:
        self.freshness.forget()
        self.refresh_asked = False
        self.status_bar.update_state(failing="")
