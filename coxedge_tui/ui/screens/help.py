"""`?`: every key the app answers to, from the bindings themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from ...core.query_help import EXAMPLES, UNITS_NOTE
from .. import keys, user_keys
from ..footer_keys import KeysFooter
from ..terminal import ascii_key_display

if TYPE_CHECKING:
    from ..app import CoxEdgeApp


class HelpScreen(ModalScreen[None]):
    app: CoxEdgeApp

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }

    #help-box {
        width: 72;
        max-width: 95%;
        height: auto;
        max-height: 90%;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    """
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        yield KeysFooter()
        with VerticalScroll(id="help-box"):
            yield Static(self._keys(), id="help-keys")
            if (queries := self._queries()) is not None:
                yield Static(queries, id="help-queries")
            yield Static(Text("Esc closes this window.", style="dim"))

    def _keys(self) -> Table:
        table = Table(title="Keys  (Esc closes)", expand=True, show_edge=False)
        table.add_column("Key", style="bold cyan", no_wrap=True)
        table.add_column("Action")
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else self.app.screen
        plain = ascii_key_display if self.app.session.settings.ascii else str
        listed = (below.BINDINGS, user_keys.custom_bindings(below), self.app.BINDINGS)
        for line in keys.help_lines(bound_keys(self.app, below), listed):
            table.add_row(Text(plain(line.keys)), line.text)  # --ascii: Enter, not a symbol the filter mangles
        return table

    def _queries(self) -> Table | None:
        """The filter's query language in examples, when the screen below has the filter."""
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else self.app.screen
        bound = bound_keys(self.app, below)
        if not bound.get(FILTER_BINDING):
            return None
        plain = ascii_key_display if self.app.session.settings.ascii else str
        key = plain(keys.keys_text(bound, [FILTER_BINDING]))
        table = Table(title=f"Filter queries  ({key})", caption=UNITS_NOTE, expand=True, show_edge=False)
        table.add_column("Query", style="bold cyan", no_wrap=True)
        table.add_column("Shows")
        for example, meaning in EXAMPLES:
            table.add_row(Text(example), Text(meaning))
        return table


FILTER_BINDING = "browse.filter"


def bound_keys(app: App[Any], below: Screen[object]) -> dict[str, list[str]]:
    """The keys in force: the app's, the screen's and its widgets', and the dialogs' (opened later, so not mounted)."""
    from .confirm_delete import ConfirmDeleteScreen
    from .confirm_quit import ConfirmQuitScreen
    from .create_image import CreateImageScreen
    from .environments import EnvironmentScreen
    from .export_images import ExportScreen
    from .login import ForgetKeyScreen, LoginScreen

    dialogs = (
        ConfirmQuitScreen,
        ConfirmDeleteScreen,
        CreateImageScreen,
        LoginScreen,
        ForgetKeyScreen,
        ExportScreen,
        EnvironmentScreen,
    )
    live = [node._bindings for node in (*below.walk_children(), below, app)]
    return keys.bound_keys([*live, *(BindingsMap(dialog.BINDINGS) for dialog in dialogs)], keys.keymap(app))
