"""Notices that keep off what the user reads: repeats merge, dialogs get a line, toasts sit above the tasks panel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.css.query import NoMatches
from textual.notifications import Notification
from textual.screen import ModalScreen, Screen, SystemModalScreen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static

from .text import literal

if TYPE_CHECKING:
    from .app import CoxEdgeApp

TOAST_RACK = "#textual-toastrack"  # Textual's id for each screen's rack of toasts
INLINE = "notices-inline"  # the app's class while a dialog shows notices on its line (app.tcss hides toasts)
TITLE_STYLES = {"error": "bold red", "warning": "bold yellow", "information": "bold"}

Said = tuple[str, str, str]


class Repeats:
    """The same notice again while the first still shows replaces it, counted: `… (×3)`."""

    def __init__(self) -> None:
        self._said: dict[str, tuple[Said, int]] = {}  # notification identity: (what it says, times said)

    def merge(self, shown: Sequence[Notification], new: Notification) -> list[Notification]:
        """Count `new` with the notices in `shown` that say the same; returns those it replaces."""
        said: Said = (new.title, new.message, new.severity)
        replaced = [n for n in shown if self._said.get(n.identity, (None, 0))[0] == said]
        count = 1 + sum(self._said[n.identity][1] for n in replaced)
        self._said = {n.identity: self._said[n.identity] for n in shown if n.identity in self._said}
        for old in replaced:
            del self._said[old.identity]
        self._said[new.identity] = (said, count)
        if count > 1:
            new.message = f"{new.message} (×{count})"
        return replaced


class NoticeLine(Static):
    """Docked at the top of a dialog, where it takes its own rows: the notices live now, newest last."""

    DEFAULT_CSS = """
    NoticeLine { dock: top; height: auto; max-height: 4; padding: 0 1; background: $panel; }
    NoticeLine.empty { display: none; }
    """

    def __init__(self) -> None:
        super().__init__(classes="empty")
        self._expiry: Timer | None = None

    def show_notices(self, notifications: Sequence[Notification]) -> None:
        live = [n for n in notifications if not n.has_expired]
        self.set_class(not live, "empty")
        self.update(Text("\n").join(_line(n) for n in live))
        if self._expiry is not None:
            self._expiry.stop()
        if live:
            soonest = min(n.time_left for n in live)
            self._expiry = self.set_timer(max(0.1, soonest), lambda: self.show_notices(live))


def _line(notification: Notification) -> Text:
    message = Text.from_markup(notification.message) if notification.markup else literal(notification.message)
    if not notification.title:
        return message
    return Text.assemble((f"{notification.title}: ", TITLE_STYLES.get(notification.severity, "bold")), message)


def is_dialog(screen: Screen[object]) -> bool:
    """One of the app's dialogs (the command palette is Textual's, and brief)."""
    return isinstance(screen, ModalScreen) and not isinstance(screen, SystemModalScreen)


def show_on_dialog(app: CoxEdgeApp, notifications: Sequence[Notification]) -> None:
    """On one of the app's dialogs, notices go to its notice line rather than over its text and buttons."""
    screen = app.screen
    if not is_dialog(screen) or app._disable_notifications:  # off, as Textual's tests run by default
        return
    app.add_class(INLINE)
    try:
        line = screen.query_one(NoticeLine)
    except NoMatches:
        line = NoticeLine()
        screen.mount(line)
    line.show_notices(notifications)


def follow_screens(app: CoxEdgeApp) -> None:
    """A dialog that opens over live notices takes them on its line; back on a plain screen, toasts again."""

    def changed(screen: Screen[object]) -> None:
        if not is_dialog(screen):
            app.remove_class(INLINE)
        elif app._notifications:
            show_on_dialog(app, list(app._notifications))

    app.screen_change_signal.subscribe(app, changed)


def keep_toasts_above(panel: Widget) -> None:
    """Toasts rise above `panel` while it shows (and come back down to the footer when it hides)."""
    try:
        rack = panel.screen.query_one(TOAST_RACK)
    except NoMatches:  # notifications are off (as in most tests)
        return
    if panel.display and panel.region.height:
        rack.styles.margin = (0, 0, max(1, panel.screen.size.height - panel.region.y), 0)
    else:
        rack.styles.clear_rule("margin")
