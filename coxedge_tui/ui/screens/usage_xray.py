"""`u` and the usage index: the workloads listed once per list refresh, and the x-ray of the selected image.

Kept apart from browse.py so the screen file stays about browsing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .xray import XRayScreen

if TYPE_CHECKING:
    from .browse import BrowseScreen


class UsageXRay:
    """Refreshes the browse screen's usage index after each list load, and opens the x-ray on `u`."""

    def __init__(self, screen: BrowseScreen) -> None:
        self.screen = screen

    def refresh(self) -> None:
        """One workloads request for the whole list; the detail pane and the x-ray wait for its answer."""
        screen = self.screen
        screen.run_worker(self._refresh(), group="usage", exclusive=True, exit_on_error=False)

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
        screen.app.push_screen(XRayScreen(image, screen.workloads), callback=self._back_at)

    def _back_at(self, image_id: str | None) -> None:
        """Enter on a workload: the cursor goes to the image's row, wherever a refresh has moved it."""
        if image_id is None:
            return
        table = self.screen.image_table
        row = next((n for n, image in enumerate(table.view) if image.id == image_id), None)
        if row is None:
            self.screen.notify(
                "That image is not in the list as shown: a filter hides it, or it is gone.", severity="warning"
            )
            return
        table.move_cursor(row=row)
        table.focus()
