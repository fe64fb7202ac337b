"""`0 Everywhere`: the browse screen's list of every environment's images, each row acting in its own.

The same screen, with another loader (coxedge_tui/core/everywhere.py) and an Environment column; the
environments that could not be listed are lines under the header, and `r` asks them all again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...api.kinds import ImageType
from ...core.image_list_model import environment_of
from ...core.type_views import EVERYWHERE

if TYPE_CHECKING:
    from ...api.client import CoxEdgeClient
    from ...api.models import Image
    from ...core.everywhere import EnvironmentFailure
    from .browse import BrowseScreen


class EverywhereView:
    """Which list the browse screen loads (one environment's, or every one's), and what it says of failures."""

    def __init__(self, screen: BrowseScreen) -> None:
        self.screen = screen
        self.environments: list[str] = []  # as the last Everywhere load listed them: the create form offers them
        self.kept: set[str] = set()  # environments failing now whose rows of the last good load are still shown

    def chosen(self, kind: str) -> bool:
        """A tab was chosen: True when that changes the list shown."""
        screen = self.screen
        everywhere = kind == EVERYWHERE
        image_type = ImageType.ALL if everywhere else ImageType(kind)
        if image_type is screen.image_type and everywhere == screen.everywhere:
            return False
        screen.image_type, screen.everywhere = image_type, everywhere
        self.show_failures(())
        screen.image_table.set_environments(screen.row_environments())  # `env:` in the filter
        screen.filtering.usage_known(None)  # `used:` waits for the usage of this view
        screen.status_bar.update_state(everywhere=everywhere)
        return True

    @property
    def tab(self) -> ImageType | str:
        """What the type views keep the list shown under: its image type, or EVERYWHERE."""
        return EVERYWHERE if self.screen.everywhere else self.screen.image_type

    async def load(self, kind: ImageType) -> tuple[list[Image], Sequence[EnvironmentFailure]]:
        """The list to show and the environments that failed; raises when nothing at all could be listed."""
        client = self.screen.app.client
        if not self.screen.everywhere:
            return await client.list_images(kind), ()
        from ...core.everywhere import list_everywhere

        found = await list_everywhere(client)
        self.environments = found.environments
        failed = {failure.environment for failure in found.failures}
        before = self.screen.type_views.at_once(EVERYWHERE) or []
        # A failed request leaves the list as it was: an environment that fails now keeps the rows it last had.
        self.kept = {environment_of(image) for image in before if environment_of(image) in failed}
        rows: dict[str, list[Image]] = {name: [] for name in found.environments}
        for image in [*found.images, *(i for i in before if environment_of(i) in self.kept)]:
            rows.setdefault(environment_of(image), []).append(image)
        images = [image for listed in rows.values() for image in listed]
        from ...api.read_list import ReadList  # its count of unreadable images reaches the status line

        return ReadList(images, found.unreadable, found.reason), found.failures

    def placed(self, image: Image, client: CoxEdgeClient) -> Image:
        """An image the server sent for one row, with the row's environment in the Everywhere view."""
        if not self.screen.everywhere:
            return image
        from ...core.everywhere import placed

        return placed(image, client.environment)

    def show_failures(self, failures: Sequence[EnvironmentFailure]) -> None:
        """Each failed environment as a line of the list, and a count on the status line; none: both cleared."""
        total = len(self.environments)
        kept = " · its rows as last listed"
        lines = [f"{f.line}{kept if f.environment in self.kept else ''} · r retries" for f in failures]
        self.screen.image_table.show_notes(lines)
        missing = f"{len(failures)} of {total} environments failed" if failures else ""
        self.screen.status_bar.update_state(missing=missing)
