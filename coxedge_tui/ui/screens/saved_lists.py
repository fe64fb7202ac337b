"""The saved list of each view (an environment's All tab, or Everywhere): shown at start, saved once a minute.

The rules of the file are in coxedge_tui/core/list_cache.py; this is where the browse screen meets them.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, cast

from ...api.kinds import ImageType
from ...core.type_views import EVERY_ENVIRONMENT, EVERYWHERE

if TYPE_CHECKING:
    from ...api.models import Image
    from ...core.list_cache import View
    from .browse import BrowseScreen

SAVE_EVERY = 60.0  # seconds between two saves of the list for the next start


class SavedLists:
    def __init__(self, screen: BrowseScreen) -> None:
        self.screen = screen
        self._last_save = -SAVE_EVERY

    def view(self) -> View:
        """The saved list of what is shown: the session's view, or every environment's."""
        view = self.screen.app.session.view
        return replace(view, environment=EVERY_ENVIRONMENT) if self.screen.everywhere else view

    def show(self) -> bool:
        """The last list saved for this view, shown at once; the live list replaces it when it comes."""
        screen = self.screen
        cache, app = screen.app.list_cache, screen.app
        if cache is None or not app.session.has_key:
            return False  # no key yet: nothing of an account is shown before its key is given
        saved = cache.load(self.view())
        if saved is None:
            return False
        screen.saved_at = saved.saved_at
        # A CachedImage has every field the list, the detail pane and copy read; delete and export refuse it.
        shown = cast("list[Image]", saved.images)
        screen.type_views.seen(EVERYWHERE if screen.everywhere else ImageType.ALL, shown)
        screen.image_table.show_images(shown)
        screen.status_bar.update_state(
            total=saved.total, shown=None, saved_at=saved.saved_at, busy=True, unreadable=""
        )
        return True

    def forget(self) -> None:
        self._last_save = -SAVE_EVERY  # the new view's list is saved at its first load

    def save(self, images: Sequence[Image], at: datetime) -> None:
        """Keep the list of the All tab (or Everywhere) for the next start, at most once a minute, off the loop."""
        screen = self.screen
        cache, view = screen.app.list_cache, self.view()
        if cache is None or not view.environment or screen.image_type is not ImageType.ALL:
            return
        if time.monotonic() - self._last_save < SAVE_EVERY:
            return
        self._last_save = time.monotonic()
        views = [view]
        if view.environment == screen.app.session.picked_environment:  # what a start with no environment set shows
            views.append(replace(view, environment=""))
        rows = list(images)

        def write() -> None:
            for each in views:
                cache.save(each, rows, at)

        screen.run_worker(write, thread=True, group="list-cache", exclusive=True, exit_on_error=False)
