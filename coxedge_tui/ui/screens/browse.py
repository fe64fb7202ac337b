"""The main screen: image type tabs, the image list, the detail pane, the filter."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.events import Key, Resize
from textual.timer import Timer
from textual.widgets import Input

from ...api import background
from ...api.errors import AuthenticationError, CoxEdgeError, NotFoundError
from ...core.image_actions import DELETING
from ...core.settle import Cancellable, Settle
from ...core.type_views import TypeViews
from ...core.usage import describe_usage, workloads_using
from ...core.usage_index import UsageIndexCache, unknown_usage
from ...text.times import clock_time
from ..footer_keys import KeysFooter
from ..messages import ApiFailed, DetailFailed, DetailLoaded, ImagesLoaded, TaskChanged
from ..session import SessionChanged
from ..timer_handle import TimerHandle
from ..widgets.image_detail import ImageDetail
from ..widgets.image_table import ImageTable
from ..widgets.status_bar import StatusBar
from ..widgets.type_tabs import TypeTabs
from .copy_export import CopyAndExport
from .create_and_delete import WRITES, CreateAndDelete
from .everywhere_view import EverywhereView
from .family_view import FamilyView
from .filter_query import PLACEHOLDER, FilterProblem, FilterQuery
from .list_failures import ListFailures
from .list_loading import ListLoading
from .marking import LIFECYCLE_BINDINGS, Marking
from .saved_lists import SavedLists
from .usage_xray import UsageXRay

if TYPE_CHECKING:
    from ...api.client import CoxEdgeClient
    from ..app import CoxEdgeApp
    from ..widgets.family_tree import FamilyTree

WIDE_LAYOUT_COLUMNS = 140
DETAIL_DEBOUNCE = 0.15
FIRST_LOAD_AT_LATEST = 0.5  # seconds; in case the list is hidden under a dialog at start
START_DONE_AT_LATEST = 0.5  # seconds from mount to the start's end (footer keys, collector) when no row has come


class BrowseScreen(ListFailures):
    BINDINGS = [
        # `/` moves the focus into the filter box as soon as the app reads it (priority), before the keys read with
        # it are handed on: over SSH a quick `/cache` arrives in one read, and handed on first, `cache` went to the
        # list (`c` copied, `n` opened the create form, `e` the environments). A key read just before `/` in the same
        # read is still lost (its binding is looked up once the box has the focus); see CONTRIBUTING.
        Binding(
            "slash",
            "filter",
            "Filter",
            id="browse.filter",
            tooltip="Filter the list by words, fields, ages",
            priority=True,
        ),
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
        Binding(
            "0",
            "image_type('everywhere')",
            "Everywhere",
            show=False,
            id="browse.type_everywhere",
            tooltip="Show the images of every environment, each with its environment",
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
        self.detail_rest: Settle[str] = Settle(DETAIL_DEBOUNCE, self.load_detail, later=self._later)
        self.workloads = UsageIndexCache()  # one workloads request per list refresh
        self.listing = ListLoading(self)  # the list: loaded, shown, and reloaded on its plan
        self.type_views = TypeViews()  # the lists seen, so a tab switch shows rows before its request answers
        self.saving = SavedLists(self)  # the list saved for the next start, per view
        self.places = EverywhereView(self)  # 0: every environment's images
        self._first_load: Timer | None = None
        self.creating = CreateAndDelete(self)  # n, d and t
        self.copying = CopyAndExport(self)  # c, C and x
        self.xray = UsageXRay(self)  # u, and the usage index
        self.marking = Marking(self)  # space, *, Esc with no filter, and d with marks
        self.families = FamilyView(self)  # f
        self.filtering = FilterQuery(self)  # /, and the line beside the filter box

    def compose(self) -> ComposeResult:
        yield StatusBar(self.app.session, id="status")
        yield TypeTabs(id="types")
        with Container(id="panes"):
            yield ImageTable(id="images")
            yield ImageDetail(id="detail", marks=self.mark_of)
        yield FilterProblem(id="filter-problem")
        yield Input(placeholder=PLACEHOLDER, id="filter")
        yield KeysFooter(wait=True)  # its keys once the first rows are painted, or START_DONE_AT_LATEST after mount

    def on_mount(self) -> None:
        if self.app.session.settings.all_environments:  # --all-environments: open on Everywhere
            self.everywhere = True
            self.query_one(TypeTabs).set_reactive(TypeTabs.active, "everywhere")
        self.status_bar.update_state(session=self.app.session, everywhere=self.everywhere)
        self.image_detail.protect = tuple(self.app.session.settings.protect)
        self.image_table.clock = lambda: self.app.wall_clock()
        self.image_table.set_environments(self.row_environments())
        self.image_table.focus()
        self.set_timer(START_DONE_AT_LATEST, self._start_done)
        if self.saving.show():
            # The first load waits for the first frame, so the saved list paints before the API layer loads.
            self._first_load = self.set_timer(FIRST_LOAD_AT_LATEST, self._start_loading)
        else:
            self.load_images()

    async def connect(self) -> CoxEdgeClient:
        """The client; while a saved list is on screen it is built off the event loop, so keys work."""
        return await self.app.connect(background=self.saved_at is not None)

    def on_image_table_first_paint(self) -> None:
        self._start_loading()

    def on_image_table_rows_painted(self) -> None:
        self._start_done()

    def _start_done(self) -> None:
        """The first rows are on screen (or no row came in time): what the start put off comes now."""
        background.end_start_pause()  # the collector, paused since the console script began (launch.py)
        self.query_one(KeysFooter).show_keys()

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
        if self.places.chosen(event.kind):
            self.saving.forget()
            self.listing.show_type_at_once()
            self.load_images()

    @work(group="images", exclusive=True, exit_on_error=False)
    async def load_images(self) -> None:
        await self.listing.load()

    @property
    def list_busy(self) -> bool:
        return any(w.group == "images" and w.is_running for w in self.workers)

    def on_images_loaded(self, message: ImagesLoaded) -> None:
        self.listing.loaded(message)

    def on_session_changed(self, message: SessionChanged) -> None:
        self.listing.session_changed()

    def on_api_failed(self, message: ApiFailed) -> None:
        self.app.report(message.error)

    def on_image_table_highlighted(self, message: ImageTable.Highlighted) -> None:
        image = message.image
        current = self.image_detail.image
        if image is not None and current is not None and self.same_row(image, current):
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
            await self.connect()
            current = self.image_table.current_image  # the row asked about: its environment is where to ask
            client = self.client_of(current) if current is not None and current.id == image_id else self.app.client
            image = self.places.placed(await client.get_image(image_id), client)
        except CoxEdgeError as exc:
            self.post_message(DetailFailed(image_id, exc))
            return
        try:
            usage = describe_usage(workloads_using(image, await self.xray.cache_of(client).get(client)))
        except CoxEdgeError as exc:
            usage = unknown_usage(exc.message)
        self.post_message(DetailLoaded(image, self.app.wall_clock(), usage))

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        if self.image_detail.image and self.same_row(self.image_detail.image, message.image):
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
        # Focus moves at once, not after the keys already read: over SSH `/web` arrives in one burst (`focus()`
        # would move it only after `web` had gone to the list).
        self.set_focus(box)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filtering.changed(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_kept(self) -> None:
        self.set_focus(self.image_table)

    def action_focus_detail(self) -> None:
        if self.focused is self.image_table:
            self.set_focus(self.image_detail)

    def action_clear_filter(self) -> None:
        """Esc: from the detail or tasks pane, back to the list; on the list, clear the filter."""
        box = self.query_one("#filter", Input)
        if self.focused not in (self.image_table, box):  # `focused`: a key before this one may have just moved it
            self.set_focus(self.image_table)
            return
        if not (box.value or box.has_class("open")) and self.marking.clear():
            return  # no filter to clear: Esc clears the marks
        box.value = ""
        box.remove_class("open")
        self.filtering.changed("")
        self.set_focus(self.image_table)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Read-only mode hides the write keys from the footer and the palette's key list.

        In an input `/` is typed: Textual lets a priority binding take even a key the focused input would type.
        """
        if action == "filter":  # `focused`, not `has_focus`: that follows only once the box hears of it
            return not isinstance(self.focused, Input)
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
