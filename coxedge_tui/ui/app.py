"""The Textual application: owns the session's client and turns failures into messages."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from .. import __version__
from ..api.client import CoxEdgeClient
from ..api.errors import AuthenticationError, CoxEdgeError
from ..api.models import Task
from ..config import Settings
from ..connect import Account
from ..tasks import TaskTracker, TrackedTask
from . import palette, session, terminal
from .messages import TaskChanged
from .screens.browse import BrowseScreen
from .screens.confirm_quit import ConfirmQuitScreen
from .screens.help import HelpScreen
from .text import clean


class _CurrentClient:
    """The tracker polls through whichever client the session uses now (login and switches replace it)."""

    def __init__(self, app: CoxEdgeApp) -> None:
        self.app = app

    async def get_task(self, task_id: str) -> Task:
        return await self.app.client.get_task(task_id)


class CoxEdgeApp(App[None]):
    TITLE = "coxedge-tui"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Leave coxedge-tui"),
        Binding("question_mark", "help", "Keys", id="app.help", tooltip="Show every key"),
        Binding("e", "environments", "Env", show=False, id="app.environments", tooltip="Switch environment"),
        Binding("L", "login", "Log in", show=False, id="app.login", tooltip="Log in or change the API key"),
    ]

    def __init__(
        self,
        client: CoxEdgeClient,
        settings: Settings,
        *,
        key_source: str = "",
        account: Account | None = None,
    ) -> None:
        super().__init__(ansi_color=True if settings.ansi else None)
        self.client = client
        self.settings = settings
        self.key_source = key_source
        self.account = account or Account(settings)
        self.sub_title = __version__
        self.wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.tracker = TaskTracker(_CurrentClient(self), on_change=self._task_changed)
        self._ascii = terminal.AsciiGlyphs()

    def on_mount(self) -> None:
        self.push_screen(BrowseScreen())
        session.start(self)
        terminal.start(self)

    def get_line_filters(self) -> Sequence[LineFilter]:
        filters = super().get_line_filters()
        return [*filters, self._ascii] if self.settings.ascii else filters

    async def on_unmount(self) -> None:
        await self.tracker.aclose()
        await self.client.aclose()

    def _task_changed(self, task: TrackedTask) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, BrowseScreen):
                screen.post_message(TaskChanged(task))
            elif isinstance(screen, ConfirmQuitScreen) and task.finished:
                screen.update_running(self.tracker.running)

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

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(
                clean(f"{type(error).__name__}: {error}"), title="Unexpected error", severity="error", markup=False
            )

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_login(self) -> None:
        session.open_login(self)

    def action_environments(self) -> None:
        session.choose_environment(self)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Textual's own "Keys" panel would sit beside ours, which lists every key of the app.
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")
        yield from palette.commands(self, screen)
