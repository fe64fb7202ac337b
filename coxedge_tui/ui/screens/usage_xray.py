"""`u` and the usage index: the workloads listed once per list refresh, and the x-ray of the selected image.

Kept apart from browse.py so the screen file stays about browsing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...core.usage_index import UsageIndexCache
from .xray import XRayScreen

if TYPE_CHECKING:
    from ...api.client import CoxEdgeClient
    from .browse import BrowseScreen


class UsageXRay:
    """Refreshes the browse screen's usage index after each list load, and opens the x-ray on `u`."""

    def __init__(self, screen: BrowseScreen) -> None:
        self.screen = screen
        self._elsewhere: dict[str, UsageIndexCache] = {}  # the Everywhere view's other environments

    def cache_of(self, client: CoxEdgeClient) -> UsageIndexCache:
        """The usage index of the client's environment: the session's own, or another's in the Everywhere view."""
        if client.environment == self.screen.app.client.environment:
            return self.screen.workloads
        return self._elsewhere.setdefault(client.environment, UsageIndexCache())

    def refresh(self) -> None:
        """One workloads request for the whole list; the detail pane and the x-ray wait for its answer.

        The other environments' indexes are dropped: each is asked again once, when a row of it needs it."""
        screen = self.screen
        for cache in self._elsewhere.values():
            cache.forget()
        # The method, not a coroutine: a refresh replaced before it started is never created, so never left unawaited.
        # (mypy reads Textual's WorkType union for an async method as returning Never)
        screen.run_worker(self._refresh, group="usage", exclusive=True, exit_on_error=False)  # type: ignore[arg-type]

    async def _refresh(self) -> None:
        screen = self.screen
        generation = screen.app.session.generation
        usage = await screen.workloads.refresh(screen.app.client)
        if screen.app.session.is_current(generation):  # not an answer about the account left since
            screen.filtering.usage_known(usage)  # `used:` in the filter

    def open(self) -> None:
        screen = self.screen
        image = screen.image_table.current_image
        if image is None:
            screen.notify("No image is selected.", severity="warning")
            return
        client = screen.client_of(image)
        where = client if screen.everywhere else None  # the x-ray names the environment when the list has several
        screen.app.push_screen(XRayScreen(image, self.cache_of(client), where), callback=self._back_at)

    def _back_at(self, image_id: str | None) -> None:
        """Enter on a workload: the cursor goes to the image's row, wherever a refresh has moved it."""
        if image_id is None:
            return
        table = self.screen.image_table
        where = self.screen.environment_of
        place = where(table.current_image)  # the row x-rayed, unless a refresh moved it
        row = next((n for n, image in enumerate(table.view) if image.id == image_id and where(image) == place), None)
        if row is None:
            self.screen.notify(
                "That image is not in the list as shown: a filter hides it, or it is gone.", severity="warning"
            )
            return
        table.move_cursor(row=row)
        table.focus()
