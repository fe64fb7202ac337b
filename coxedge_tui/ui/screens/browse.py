"""The main screen: image type tabs, the image list, the detail pane, the filter."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.events import Key, Resize
from textual.timer import Timer
from textual.widgets import Footer, Input
from textual.worker import get_current_worker

from ...api import background
from ...api.errors import AuthenticationError, CoxEdgeError, NotFoundError
from ...api.kinds import ImageType
from ...api.read_list import unreadable_note
from ...core.image_actions import DELETING
from ...core.settle import Cancellable, Settle
from ...core.type_views import TypeViews
from ...core.usage import describe_usage, workloads_using
from ...core.usage_index import UsageIndexCache, unknown_usage
from ...text.times import clock_time
from ..messages import ApiFailed, DetailFailed, DetailLoaded, ImagesLoaded, TaskChanged
from ..session import SessionChanged, ensure_session
from ..timer_handle import TimerHandle
from ..widgets.image_detail import ImageDetail
from ..widgets.image_table import ImageTable
from ..widgets.prepared_list import PreparedList
from ..widgets.status_bar import StatusBar
from ..widgets.type_tabs import TypeTabs
from .copy_export import CopyAndExport
from .create_and_delete import WRITES, CreateAndDelete
from .family_view import FamilyView
from .list_failures import ListFailures
from .marking import LIFECYCLE_BINDINGS, Marking
from .usage_xray import UsageXRay

if TYPE_CHECKING:
    from ...api.client import CoxEdgeClient
    from ...api.models import Image
    from ...core.list_cache import ListCache, View
    from ..app import CoxEdgeApp
    from ..widgets.family_tree import FamilyTree

WIDE_LAYOUT_COLUMNS = 140
DETAIL_DEBOUNCE = 0.15
FIRST_LOAD_AT_LATEST = 0.5  # seconds; in case the list is hidden under a dialog at start
SAVE_EVERY = 60.0  # seconds between two saves of the list for the next start


class BrowseScreen(ListFailures):
    BINDINGS = [
        Binding("slash", "filter", "Filter", id="browse.filter", tooltip="Filter the list by text in any column"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="browse.clear_filter"),
        Binding(
            "enter",
            "focus_detail",
            "Detail",
            show=False,
            id="browse.detail",
            tooltip="Move into the detail pane to scroll it (Esc comes back)",
        ),
        Binding("r", "refresh", "Refresh", id="browse.refresh", tooltip="Reload the list now"),
        Binding("1", "image_type('all')", "All", show=False, id="browse.type_all", tooltip="Show all images"),
        Binding(
            "2",
            "image_type('default')",
            "Default",
            show=False,
            id="browse.type_default",
            tooltip="Show the provider's default images",
        ),
        Binding(
            "3",
            "image_type('custom')",
            "Custom",
            show=False,
            id="browse.type_custom",
            tooltip="Show your custom images",
        ),
        Binding("c", "copy_id", "Copy id", show=False, id="browse.copy", tooltip="Copy the selected image's id"),
        Binding(
            "C",
            "copy_reference",
            "Copy reference",
            show=False,
            id="browse.copy_reference",
            tooltip="Copy the selected image's reference",
        ),
        Binding("x", "export", "Export list", show=False, id="browse.export", tooltip="Save the list to a file"),
        Binding("n", "new_image", "New", id="browse.new", tooltip="Create a custom image from a VM instance"),
        Binding("d", "delete_image", "Delete", id="browse.delete", tooltip="Delete the selected custom image"),
        Binding("t", "toggle_tasks", "Tasks", id="browse.tasks", tooltip="Show or hide this session's tasks"),
        Binding(
            "u",
            "xray",
            "Used by",
            show=False,
            id="browse.xray",
            tooltip="Show the workloads and instances that run the selected image",
        ),
        *LIFECYCLE_BINDINGS,
    ]

    app: CoxEdgeApp

    def __init__(self) -> None:
        super().__init__()
        self._refresh_timer: Timer | None = None
        self.detail_rest: Settle[str] = Settle(DETAIL_DEBOUNCE, self.load_detail, later=self._later)
        self._top_after_load = False
        self.workloads = UsageIndexCache()  # one workloads request per list refresh
        self.prepared: PreparedList | None = None  # the last list loaded, made ready in a worker thread
        self.type_views = TypeViews()  # the lists seen, so a tab switch shows rows before its request answers
        self._last_save = -SAVE_EVERY
        self._first_load: Timer | None = None
        self.creating = CreateAndDelete(self)  # n, d and t
        self.copying = CopyAndExport(self)  # c, C and x
        self.xray = UsageXRay(self)  # u, and the usage index
        self.marking = Marking(self)  # space, *, Esc with no filter, and d with marks
        self.families = FamilyView(self)  # f

    def compose(self) -> ComposeResult:
        yield StatusBar(self.app.session, id="status")
        yield TypeTabs(id="types")
        with Container(id="panes"):
            yield ImageTable(id="images")
            yield ImageDetail(id="detail", marks=self.mark_of)
        yield Input(placeholder="Filter: text in any column · Enter keeps it · Esc clears it", id="filter")
        yield Footer()

    def on_mount(self) -> None:
        self.status_bar.update_state(session=self.app.session)
        self.image_detail.protect = tuple(self.app.session.settings.protect)
        self.image_table.clock = lambda: self.app.wall_clock()
        self.image_table.focus()
        if self._show_saved_list():
            # The first load waits for the first frame, so the saved list paints before the API layer loads.
            self._first_load = self.set_timer(FIRST_LOAD_AT_LATEST, self._start_loading)
        else:
            self.load_images()

    def _show_saved_list(self) -> bool:
        """The last list saved for this view, shown at once; the live list replaces it when it comes."""
        cache, app = self.app.list_cache, self.app
        if cache is None or not app.session.has_key:
            return False  # no key yet: nothing of an account is shown before its key is given
        saved = cache.load(app.session.view)
        if saved is None:
            return False
        self.saved_at = saved.saved_at
        # A CachedImage has every field the list, the detail pane and copy read; delete and export refuse it.
        shown = cast("list[Image]", saved.images)
        self.type_views.seen(ImageType.ALL, shown)
        self.image_table.show_images(shown)
        self.status_bar.update_state(total=saved.total, shown=None, saved_at=saved.saved_at, busy=True, unreadable="")
        return True

    async def _connect(self) -> CoxEdgeClient:
        """The client; while a saved list is on screen it is built off the event loop, so keys work."""
        return await self.app.connect(background=self.saved_at is not None)

    def on_image_table_first_paint(self) -> None:
        self._start_loading()

    def _start_loading(self) -> None:
        if self._first_load is not None:
            self._first_load.stop()
            self._first_load = None
            self.load_images()

    def on_unmount(self) -> None:
        self.detail_rest.cancel()

    def _later(self, seconds: float, action: Callable[[], None]) -> Cancellable:
        """A Textual timer: it runs through the screen's queue, after the paints already asked for."""
        return TimerHandle(self.set_timer(seconds, action))

    def on_resize(self, event: Resize) -> None:
        self.query_one("#panes").set_class(event.size.width < WIDE_LAYOUT_COLUMNS, "stacked")

    def action_refresh(self) -> None:
        self.refresh_asked = True
        self.load_images()

    def action_image_type(self, kind: str) -> None:
        self.query_one(TypeTabs).active = kind

    def on_type_tabs_changed(self, event: TypeTabs.Changed) -> None:
        chosen = ImageType(event.kind)
        if chosen is not self.image_type:
            self.image_type = chosen
            self._show_type_at_once(chosen)
            self.load_images()

    def _show_type_at_once(self, kind: ImageType) -> None:
        """The rows of the tab from the lists already loaded, at once; the live list replaces them when it comes."""
        images = self.type_views.at_once(kind)
        if images is None:
            self._top_after_load = True  # another list: start at its top, not at the old row number
            return
        images = self.actions.merge_pending(images, kind)
        self.image_table.show_images(images)
        self.image_table.move_cursor(row=0)
        self.status_bar.update_state(total=len(images), shown=len(self.image_table.view))

    @work(group="images", exclusive=True, exit_on_error=False)
    async def load_images(self) -> None:
        try:
            await self._connect()
            if not await ensure_session(self.app):
                return
            session = self.app.session
            self.status_bar.update_state(busy=True, session=session)
            kind, env, generation = self.image_type, session.environment, session.generation
            images = await self.app.client.list_images(kind)
            self.prepared = await asyncio.to_thread(self.image_table.prepare, images)  # off the loop: 100k images
        except CoxEdgeError as exc:
            self.list_failed(exc)
        else:
            self.post_message(ImagesLoaded(images, kind, env, self.app.wall_clock(), generation))
        finally:
            if not get_current_worker().is_cancelled:  # a newer load replaced this one and owns the state
                self.status_bar.update_state(busy=False)
                self.call_later(self._schedule_refresh)

    @property
    def list_busy(self) -> bool:
        return any(w.group == "images" and w.is_running for w in self.workers)

    def on_images_loaded(self, message: ImagesLoaded) -> None:
        if message.image_type is not self.image_type or message.environment != self.app.session.environment:
            return
        if not self.app.session.is_current(message.generation):
            return  # asked for before a login or an environment switch: another account's list
        replaced = list(self.image_table.images)  # at the end, the last holder of the images replaced
        self.actions.settle_failed(message.images, asked=self.list_live(message.at))
        self.type_views.seen(message.image_type, message.images)
        images = self.actions.merge_pending(message.images, self.image_type)
        self.sync_marks()
        self.marking.listed(images, self.image_type)
        self.image_table.show_images(images, self.prepared)
        self.prepared = None
        self.families.listed()
        self.xray.refresh()
        self.saved_at = None
        self._save_list(message.images, message.at)
        self.call_after_refresh(self._release, replaced)  # after the new rows are painted
        background.freeze()  # the new list's copies and filter texts: no collection walks them from now on
        if self._top_after_load:
            self._top_after_load = False
            self.image_table.move_cursor(row=0)
        self.status_bar.update_state(
            total=len(images),
            shown=len(self.image_table.view),
            refreshed=message.at,
            saved_at=None,
            unreadable=unreadable_note(message.images),
        )
        current, shown = self.image_table.current_image, self.image_detail.image
        if current is not None and shown is not None and current.id == shown.id:
            self.load_detail(current.id)  # the detail pane follows every refresh, not just cursor moves

    def _release(self, images: list[Image]) -> None:
        """The images a refresh replaced, freed in a worker a slice at a time: at 100k, 0.1 s or more at once."""
        # Not @work: it would put the repr of the 100k images in the worker's description.
        release = partial(background.release_in_steps, images)
        self.run_worker(release, thread=True, group="release", description="free replaced images", exit_on_error=False)

    def on_session_changed(self, message: SessionChanged) -> None:
        """Another account or environment: nothing shown belongs to it yet."""
        self.status_bar.update_state(
            session=self.app.session,
            total=None,
            shown=None,
            unreadable="",
            refreshed=None,
            saved_at=None,
        )
        self.saved_at = None
        self.forget_freshness()
        self._last_save = -SAVE_EVERY  # the new view's list is saved at its first load
        self.actions.forget()  # images being created or deleted belong to the old environment or account
        self.marking.clear()  # and so do the marked ones
        self.workloads.forget()
        self.type_views.forget()
        for name in ("workload", "instance"):
            if self.creating.draft is not None:
                self.creating.draft.values.pop(name, None)
        self.image_table.show_images([])
        self.image_detail.show(None)
        self.load_images()

    def _save_list(self, images: Sequence[Image], at: datetime) -> None:
        """Keep the list of the All tab for the next start, at most once a minute, off the event loop."""
        cache, view = self.app.list_cache, self.app.session.view
        if cache is None or not view.environment or self.image_type is not ImageType.ALL:
            return
        if time.monotonic() - self._last_save < SAVE_EVERY:
            return
        self._last_save = time.monotonic()
        views = [view]
        if view.environment == self.app.session.picked_environment:  # what a start with no environment set shows
            views.append(replace(view, environment=""))
        self._write_saved_list(cache, views, list(images), at)

    @work(thread=True, group="list-cache", exclusive=True, exit_on_error=False)
    def _write_saved_list(self, cache: ListCache, views: list[View], images: list[Image], at: datetime) -> None:
        for view in views:
            cache.save(view, images, at)

    def on_api_failed(self, message: ApiFailed) -> None:
        self.app.report(message.error)

    def _schedule_refresh(self) -> None:
        """The next refresh is planned only when the last one ends, so they never overlap."""
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
        interval = self.next_refresh()
        if interval > 0:
            self._refresh_timer = self.start_timer(interval, self._refresh_tick)

    def _refresh_tick(self) -> None:
        if self.app.screen is not self:
            self.call_later(self._schedule_refresh)
        elif not self.list_busy:
            self.load_images()

    def on_image_table_highlighted(self, message: ImageTable.Highlighted) -> None:
        image = message.image
        current = self.image_detail.image
        if image is not None and current is not None and image.id == current.id:
            return
        self.image_detail.show(image, note="Loading from the server…" if image else "")
        self.workers.cancel_group(self, "detail")  # an answer about the row the cursor left is not wanted
        if image is None:
            self.detail_rest.cancel()
        else:
            self.detail_rest.poke(image.id)  # asked for once the cursor rests: one request for a run of steps

    @work(group="detail", exclusive=True, exit_on_error=False)
    async def load_detail(self, image_id: str) -> None:
        try:
            client = await self._connect()
            image = await client.get_image(image_id)
        except CoxEdgeError as exc:
            self.post_message(DetailFailed(image_id, exc))
            return
        try:
            usage = describe_usage(workloads_using(image, await self.workloads.get(client)))
        except CoxEdgeError as exc:
            usage = unknown_usage(exc.message)
        self.post_message(DetailLoaded(image, self.app.wall_clock(), usage))

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        if self.image_detail.image and self.image_detail.image.id == message.image.id:
            note = f"As the server had it at {clock_time(message.at)}."
            if self.image_table.marks.get(message.image.id) == DELETING:
                note += " Being deleted: its task is running (t shows it)."
            self.image_detail.show(message.image, note=note, usage=message.usage)

    def on_detail_failed(self, message: DetailFailed) -> None:
        if not (self.image_detail.image and self.image_detail.image.id == message.image_id):
            return
        if isinstance(message.error, NotFoundError):
            note = "This image no longer exists on the server. Press r to refresh the list."
        else:
            note = f"Could not load the current details: {message.error.message}"
        self.image_detail.set_note(note, "bold red")
        if isinstance(message.error, AuthenticationError):
            self.app.report(message.error)  # a refused key is the session's problem, not the image's

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("open")
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.image_table.set_filter(event.value)
        self.families.listed()
        self.status_bar.update_state(shown=len(self.image_table.view))

    @on(Input.Submitted, "#filter")
    def _filter_kept(self) -> None:
        self.image_table.focus()

    def action_focus_detail(self) -> None:
        if self.image_table.has_focus:
            self.image_detail.focus()

    def action_clear_filter(self) -> None:
        """Esc: from the detail or tasks pane, back to the list; on the list, clear the filter."""
        box = self.query_one("#filter", Input)
        if not (self.image_table.has_focus or box.has_focus):
            self.image_table.focus()
            return
        if not (box.value or box.has_class("open")) and self.marking.clear():
            return  # no filter to clear: Esc clears the marks
        box.value = ""
        box.remove_class("open")
        self.image_table.set_filter("")
        self.status_bar.update_state(shown=len(self.image_table.view))
        self.image_table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Read-only mode hides the write keys from the footer and the palette's key list."""
        return not (self.read_only and action in WRITES)

    def on_key(self, event: Key) -> None:
        """A hidden write key, pressed anyway in read-only mode, says why nothing happens."""
        if not self.read_only:
            return
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.action in WRITES and event.key in binding.key.split(","):
                event.stop()
                getattr(self, f"action_{binding.action}")()

    def action_new_image(self) -> None:
        self.creating.new_image()

    def action_delete_image(self) -> None:
        if self.marking:
            self.marking.delete_marked()
        else:
            self.creating.delete_image()

    def action_toggle_mark(self) -> None:
        self.marking.toggle()

    def action_mark_shown(self) -> None:
        self.marking.mark_shown()

    def action_prune(self) -> None:
        self.marking.prune()

    async def action_group_families(self) -> None:
        await self.families.toggle()

    def on_family_tree_chosen(self, message: FamilyTree.Chosen) -> None:
        self.families.chosen(message.image)

    def on_family_tree_leave(self) -> None:
        self.families.leave()

    async def action_toggle_tasks(self) -> None:
        await self.creating.toggle_tasks()

    def on_task_changed(self, message: TaskChanged) -> None:
        self.creating.task_changed(message.task)

    def action_copy_id(self) -> None:
        self.copying.copy_id()

    def action_copy_reference(self) -> None:
        self.copying.copy_reference()

    def action_export(self) -> None:
        self.copying.export()

    def action_xray(self) -> None:
        self.xray.open()
