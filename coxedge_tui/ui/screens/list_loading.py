"""The browse screen's list: loaded, shown when it comes, and reloaded on a plan that never overlaps two loads.

What a failed load shows is in list_failures.py; the list's rows and their preparation are the table's.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from ...api import background
from ...api.errors import CoxEdgeError
from ...api.read_list import unreadable_note
from ..messages import ImagesLoaded
from ..session import ensure_session

if TYPE_CHECKING:
    from textual.timer import Timer

    from ...api.models import Image
    from ..widgets.prepared_list import PreparedList
    from .browse import BrowseScreen

FOLLOW_AFTER = 1 / 60  # seconds from showing a refreshed list to asking again for the detail pane's image: a frame


class ListLoading:
    """Loads the list of the tab shown (`r`, a tab switch, the refresh plan), and shows each load's answer."""

    def __init__(self, screen: BrowseScreen) -> None:
        self.screen = screen
        self._refresh_timer: Timer | None = None
        self._follow_timer: Timer | None = None  # the detail pane about to follow the list just shown
        self._top_after_load = False
        self.prepared: PreparedList | None = None  # the last list loaded, made ready in a worker thread

    def show_type_at_once(self) -> None:
        """The rows of the tab from the lists already loaded, at once; the live list replaces them when it comes."""
        screen = self.screen
        images = screen.type_views.at_once(screen.places.tab)
        if images is None:
            self._top_after_load = True  # another list: start at its top, not at the old row number
            return
        images = screen.actions.merge_pending(images, screen.image_type)
        screen.image_table.show_images(images)
        screen.image_table.move_cursor(row=0)
        screen.status_bar.update_state(total=len(images), shown=len(screen.image_table.view))

    async def load(self) -> None:
        """The body of the screen's `images` worker: one load of the list shown."""
        screen = self.screen
        try:
            await screen.connect()
            if not await ensure_session(screen.app):
                return
            session = screen.app.session
            screen.status_bar.update_state(busy=True, session=session)
            kind, env, generation = screen.image_type, screen.shown_environment, session.generation
            images, failures = await screen.places.load(kind)
            self.prepared = await asyncio.to_thread(screen.image_table.prepare, images)  # off the loop: 100k images
        except CoxEdgeError as exc:
            screen.list_failed(exc)
        else:
            screen.post_message(ImagesLoaded(images, kind, env, screen.app.wall_clock(), generation, failures))
        finally:
            if not get_current_worker().is_cancelled:  # a newer load replaced this one and owns the state
                screen.status_bar.update_state(busy=False)
                screen.call_later(self.schedule_refresh)

    def loaded(self, message: ImagesLoaded) -> None:
        screen = self.screen
        if message.image_type is not screen.image_type or message.environment != screen.shown_environment:
            return
        if not screen.app.session.is_current(message.generation):
            return  # asked for before a login or an environment switch: another account's list
        replaced = list(screen.image_table.images)  # at the end, the last holder of the images replaced
        screen.actions.settle_failed(message.images, asked=screen.list_live(message.at))
        screen.type_views.seen(screen.places.tab, message.images)
        images = screen.actions.merge_pending(message.images, screen.image_type)
        screen.sync_marks()
        screen.marking.listed(images, screen.image_type)
        screen.image_table.show_images(images, self.prepared)
        self.prepared = None
        screen.families.listed()
        screen.xray.refresh()
        screen.saved_at = None
        screen.saving.save(message.images, message.at)
        screen.places.show_failures(message.failures)
        screen.call_after_refresh(self._release, replaced)  # after the new rows are painted
        background.freeze()  # the new list's copies and filter texts: no collection walks them from now on
        if self._top_after_load:
            self._top_after_load = False
            screen.image_table.move_cursor(row=0)
        screen.status_bar.update_state(
            total=len(images),
            shown=len(screen.image_table.view),
            refreshed=message.at,
            saved_at=None,
            unreadable=unreadable_note(message.images),
        )
        self._stop_following()
        current, shown = screen.image_table.current_image, screen.image_detail.image
        if current is not None and shown is not None and screen.same_row(current, shown):
            # The detail pane follows every refresh, not just cursor moves: asked a frame later, once the new
            # rows are painted, so that the event loop does not take both pieces of work in one go.
            self._follow_timer = screen.set_timer(FOLLOW_AFTER, partial(self._follow, current))

    @property
    def following(self) -> bool:
        """The detail pane has yet to follow the last list shown (a frame after it), for whoever waits on a load."""
        return self._follow_timer is not None

    def _stop_following(self) -> None:
        if self._follow_timer is not None:
            self._follow_timer.stop()
            self._follow_timer = None

    def _follow(self, image: Image) -> None:
        """The detail pane's image asked for again, unless the cursor has moved on meanwhile (its request stands)."""
        self._follow_timer = None
        screen = self.screen
        shown = screen.image_detail.image
        if shown is not None and screen.same_row(image, shown):
            screen.load_detail(image.id)

    def _release(self, images: list[Image]) -> None:
        """The images a refresh replaced, freed in a worker a slice at a time: at 100k, 0.1 s or more at once."""
        # Not @work: it would put the repr of the 100k images in the worker's description.
        release = partial(background.release_in_steps, images)
        self.screen.run_worker(
            release, thread=True, group="release", description="free replaced images", exit_on_error=False
        )

    def session_changed(self) -> None:
        """Another account or environment: nothing shown belongs to it yet."""
        screen = self.screen
        screen.status_bar.update_state(
            session=screen.app.session,
            total=None,
            shown=None,
            unreadable="",
            refreshed=None,
            saved_at=None,
        )
        screen.saved_at = None
        self._stop_following()
        screen.forget_freshness()
        screen.saving.forget()
        screen.actions.forget()  # images being created or deleted belong to the old environment or account
        screen.marking.clear()  # and so do the marked ones
        screen.workloads.forget()
        screen.filtering.session_changed()
        screen.type_views.forget()
        for name in ("workload", "instance"):
            if screen.creating.draft is not None:
                screen.creating.draft.values.pop(name, None)
        screen.image_table.show_images([])
        screen.image_detail.show(None)
        screen.load_images()

    def schedule_refresh(self) -> None:
        """The next refresh is planned only when the last one ends, so they never overlap."""
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
        interval = self.screen.next_refresh()
        if interval > 0:
            self._refresh_timer = self.screen.start_timer(interval, self._refresh_tick)

    def _refresh_tick(self) -> None:
        screen = self.screen
        if screen.app.screen is not screen:
            screen.call_later(self.schedule_refresh)
        elif not screen.list_busy:
            screen.load_images()
