"""The Textual application: owns the session's client and turns failures into messages."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.notifications import Notify, SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from .. import __version__
from ..api.background import end_start_pause, favour_the_loop
from ..api.errors import AuthenticationError, CoxEdgeError
from ..api.key_mask import mask
from ..connect import Account
from ..core.list_cache import ListCache
from ..core.session_state import Session
from ..core.task_journal import Account as JournalAccount
from ..core.task_journal import Entry as JournalEntry
from ..core.task_journal import TaskJournal
from ..core.tasks import TaskTracker
from ..core.tracked_task import TaskState, TrackedTask
from ..settings.config import Settings
from . import footer_keys, notices, palette, screenshot, session, terminal, user_keys
from .messages import TaskChanged
from .screens.browse import BrowseScreen
from .screens.confirm_quit import ConfirmQuitScreen
from .screens.help import HelpScreen
from .text import clean

if TYPE_CHECKING:
    from ..api.client import CoxEdgeClient
    from ..api.models import Task

Connector = Callable[[], "CoxEdgeClient"]


class _CurrentClient:
    """The tracker polls through whichever client the session uses now (login and switches replace it)."""

    def __init__(self, app: CoxEdgeApp) -> None:
        self.app = app

    async def get_task(self, task_id: str) -> Task:
        return await self.app.client.get_task(task_id)


def earlier_task(entry: JournalEntry) -> TrackedTask:
    """A journal entry from an earlier session, as a finished row of the tasks panel marked as earlier."""
    try:
        state = TaskState(entry.state)
    except ValueError:
        state = TaskState.ERROR
    if state is TaskState.RUNNING:  # not seen to end, and too old for the server to say now
        state, outcome = TaskState.EXPIRED, "not seen to end; the server keeps tasks 30 min. Refresh to see."
    else:
        outcome = entry.message
    ended = entry.finished if entry.finished is not None else entry.started
    return TrackedTask(
        id=entry.task_id,
        operation=entry.operation,
        image_id=entry.image_id,
        label=entry.label,
        status=entry.status,
        state=state,
        started=0.0,
        ended=max(0.0, ended - entry.started),
        message=f"Earlier: {outcome}",
        environment=entry.environment,
    )


footer_keys.start_keys_like_their_footer()


class CoxEdgeApp(App[None]):
    TITLE = "coxedge-tui"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Leave coxedge-tui"),
        Binding("question_mark", "help", "Keys", id="app.help", tooltip="Show every key"),
        Binding("e", "environments", "Env", show=False, id="app.environments", tooltip="Switch environment"),
        Binding("o", "organizations", "Org", show=False, id="app.organizations", tooltip="Switch organisation"),
        Binding("L", "login", "Log in", show=False, id="app.login", tooltip="Log in or change the API key"),
    ]

    def __init__(
        self,
        client: CoxEdgeClient | Connector,
        settings: Settings,
        *,
        account: Account | None = None,
        list_cache: ListCache | None = None,
        tracker: Callable[..., TaskTracker] = TaskTracker,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """`tracker` builds the task tracker (given the client and what to call on a change), and `wall_clock`
        says the time the screens show (ages, "at HH:MM:SS"): tests pass quicker task checks and a fixed time."""
        super().__init__(ansi_color=True if settings.ansi else None)
        self.account = account or Account(settings)
        # A client, or a function that builds one: the app then paints before httpx and pydantic load.
        self._connector: Connector | None = client if callable(client) else None
        self._connecting: asyncio.Future[CoxEdgeClient] | None = None
        self.session = Session(
            settings=settings,
            profile=self.account.settings,
            key=self.account.key,
            client=None if callable(client) else client,
        )
        self.list_cache = list_cache
        self.sub_title = __version__
        self.wall_clock = wall_clock
        self.tracker = tracker(_CurrentClient(self), on_change=self._task_changed)
        self.journal = TaskJournal()
        self._task_accounts: dict[str, JournalAccount] = {}  # whose each task is, as it was when it started
        self._ascii = terminal.AsciiGlyphs()
        self._repeats = notices.Repeats()
        self._switch_interval = sys.getswitchinterval()  # the interpreter's, given back when the app ends
        self.key_problems: list[str] = []  # the profile's keys that cannot be used: said at start and on exit

    @property
    def client(self) -> CoxEdgeClient:
        """The session's client; built here on first use when the app was given a connector."""
        if self.session.client is None:
            assert self._connector is not None
            self.session = self.session.with_client(self._connector())
        assert self.session.client is not None
        return self.session.client

    async def connect(self, *, background: bool = True) -> CoxEdgeClient:
        """The client; the first time, built off the event loop when `background` (its imports take 0.1 s).

        In the background while a saved list is on screen and keys should work; in the foreground when
        there is nothing to show yet, since the two threads would only slow each other down.
        """
        if self.session.client is None and self._connector is not None and background:
            if self._connecting is None:
                self._connecting = asyncio.ensure_future(asyncio.to_thread(self._connector))
                self._connecting.add_done_callback(self._adopt)
            await asyncio.shield(self._connecting)
        return self.client

    def _adopt(self, made: asyncio.Future[CoxEdgeClient]) -> None:
        """The client built in the background becomes the session's, unless another took its place."""
        if made.cancelled() or made.exception() is not None:
            return  # the next use of `client` builds it again and raises the error where it is handled
        client = made.result()
        if self.session.client is None:
            self.session = self.session.with_client(client)
        else:
            self.run_worker(client.aclose(), exit_on_error=False)  # a login (or a first use) came first

    def on_mount(self) -> None:
        # While the app runs, a worker decoding or preparing a large list lets the UI have the GIL within 1 ms.
        self._switch_interval = favour_the_loop()
        self.push_screen(BrowseScreen())
        user_keys.start(self)
        session.start(self)
        terminal.start(self)
        notices.follow_screens(self)
        self.resume_tasks()
        lookup = self.account.lookup
        for problem in lookup.problems if lookup is not None and lookup.key is not None else ():
            self.notify(clean(problem), title="API key file", severity="warning", timeout=10, markup=False)

    def get_key_display(self, binding: Binding) -> str:
        shown = super().get_key_display(binding)
        return terminal.ascii_key_display(shown) if self.session.settings.ascii else shown

    def get_line_filters(self) -> Sequence[LineFilter]:
        filters = super().get_line_filters()
        return [*filters, self._ascii] if self.session.settings.ascii else filters

    async def on_unmount(self) -> None:
        sys.setswitchinterval(self._switch_interval)  # the interval the app found
        end_start_pause()  # if it never painted a list
        await self.tracker.aclose()
        if self.session.client is not None:
            await self.session.client.aclose()  # its pool, shared by every environment's client

    def _task_changed(self, task: TrackedTask) -> None:
        if not task.environment:  # first heard of as it starts: in the session's environment, unless a row said
            task.environment = self.session.environment
        self._journal(task)
        for screen in self.screen_stack:
            if isinstance(screen, BrowseScreen):
                screen.post_message(TaskChanged(task))
            elif isinstance(screen, ConfirmQuitScreen) and task.finished:
                screen.update_running(self.tracker.running)

    def _journal(self, task: TrackedTask) -> None:
        """The journal hears of every task of a real account (the simulator's die with the app)."""
        account = self._task_accounts.get(task.id)
        if account is None:
            if self.session.demo:
                return
            profile, url = self.session.profile.profile, self.session.settings.api_url
            account = JournalAccount(profile, url, task.environment or self.session.environment)
            self._task_accounts[task.id] = account
        self.journal.record(account, task)

    def resume_tasks(self) -> None:
        """Follow again this account's tasks the server still keeps; list the last day's others as earlier."""
        if self.session.demo or self.session.key is None:
            return
        settings = self.session.settings
        account = JournalAccount(self.session.profile.profile, settings.api_url, settings.environment)
        entries = self.journal.recent(account)
        if not entries:
            return
        from ..api.models import TaskRef

        resumable = {e.task_id for e in self.journal.resumable(account)}
        for entry in entries:
            if entry.task_id in resumable:
                self._task_accounts[entry.task_id] = replace(account, environment=entry.environment)
                ref = TaskRef.model_validate({"taskId": entry.task_id, "taskStatus": entry.status})
                # Followed through the session's client: GET /tasks/ID is the same in every environment.
                self.tracker.follow(
                    ref,
                    operation=entry.operation,
                    image_id=entry.image_id,
                    label=entry.label,
                    environment=entry.environment,
                )
            else:
                self.tracker.remember(earlier_task(entry))

    def left_running(self) -> list[TrackedTask]:
        """The real account's tasks still running when the app ends: they go on on the server."""
        return [t for t in self.tracker.running if t.server_task and t.id in self._task_accounts]

    async def action_quit(self) -> None:
        """Quitting while tasks run asks first; the tasks go on on the server either way."""
        running = self.tracker.running
        if running and not isinstance(self.screen, ConfirmQuitScreen):
            self.push_screen(ConfirmQuitScreen(running), lambda leave: self.exit() if leave else None)
            return
        self.exit()

    def report(self, error: CoxEdgeError) -> None:
        """The one place a failure becomes words on the screen."""
        if isinstance(error, AuthenticationError):
            session.offer_login(self, error)
            return
        self.notify(clean(error.message), title=error.title, severity="error", timeout=10, markup=False)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        # The last gate before the screen: a key in any message (a server's words, an exception) is masked.
        super().notify(mask(message), title=mask(title), severity=severity, timeout=timeout, markup=markup)

    def on_notify(self, event: Notify) -> None:
        """Before Textual shows it: a repeat replaces the notice it repeats; a dialog shows it on its line."""
        shown = list(self._notifications)
        for old in self._repeats.merge(shown, event.notification):
            del self._notifications[old]
            shown.remove(old)
        notices.show_on_dialog(self, [*shown, event.notification])

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.report_worker_failure(event.worker)

    def report_worker_failure(self, worker: Worker[object]) -> None:
        """A worker that ended in an error, of the app or of a screen: the person hears of it."""
        error = worker.error if worker.state is WorkerState.ERROR else None
        if isinstance(error, CoxEdgeError):
            self.report(error)
        elif error is not None:
            self.notify(
                clean(f"{type(error).__name__}: {error}"), title="Unexpected error", severity="error", markup=False
            )

    def export_screenshot(self, *, title: str | None = None, simplify: bool = False) -> str:
        # A screenshot is a file that travels: a key the server repeated never reaches it.
        return mask(super().export_screenshot(title=title, simplify=simplify))

    def save_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str:
        name = filename or screenshot.default_name(self.title, datetime.now(), time_format)
        return str(screenshot.write_screenshot(Path(path or ".").expanduser() / name, self.export_screenshot()))

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """The palette's Screenshot, to the downloads folder as Textual does, but 0600 and the path said."""
        from platformdirs import user_downloads_path

        try:
            saved = self.save_screenshot(filename, path or str(user_downloads_path()), time_format)
        except screenshot.ScreenshotError as exc:
            self.notify(str(exc), title="Screenshot not saved", severity="error", markup=False)
            return None
        self.notify(f"Saved to {clean(saved)} (readable by you only).", title="Screenshot", markup=False)
        return saved

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_custom_command(self, index: int) -> None:
        user_keys.run_command(self, index)

    def action_login(self) -> None:
        session.open_login(self)

    def action_environments(self) -> None:
        session.choose_environment(self)

    def action_organizations(self) -> None:
        from .screens.organizations import choose_organization

        choose_organization(self)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Textual's own "Keys" panel would sit beside ours, which lists every key of the app.
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")
        yield from palette.commands(self, screen)
