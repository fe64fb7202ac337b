"""`?`: every key the app answers to, from the bindings themselves."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

LIST_KEYS = (
    ("↑ ↓  j k", "Move through the list"),
    ("PgUp PgDn", "Move a page (ctrl+u ctrl+d: half a page)"),
    ("Home End g G", "First or last image"),
    ("s S", "Sort by the next column / reverse the order (or click a heading)"),
    ("ctrl+p", "Command palette: every action by name"),
)
DIALOG_KEYS = (
    ("y", "Yes, in the delete and quit questions (Cancel is the default)"),
    ("Esc", "Cancel a dialog; on the list, clear the filter, or with none the marks"),
    ("ctrl+s", "Send the create form"),
    ("Tab", "Next field, or the detail and tasks panes (to scroll them)"),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        yield Footer()
        with VerticalScroll(id="help-box"):
            yield Static(self._keys(), id="help-keys")
            yield Static(Text("Esc closes this window.", style="dim"))

    def _keys(self) -> Table:
        table = Table(title="Keys  (Esc closes)", expand=True, show_edge=False)
        table.add_column("Key", style="bold cyan", no_wrap=True)
        table.add_column("Action")
        for key, what in LIST_KEYS:
            table.add_row(Text(key), Text(what))
        seen: set[str] = set()
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else self.app.screen
        for node in (below, self.app):
            for binding in node.BINDINGS:
                if not isinstance(binding, Binding) or binding.action in seen:
                    continue
                seen.add(binding.action)
                said = Text(binding.description or binding.action)
                if binding.tooltip:
                    said.append(f"  {binding.tooltip}", style="dim")
                table.add_row(Text(self.app.get_key_display(binding)), said)
        for key, what in DIALOG_KEYS:
            table.add_row(Text(key), Text(what))
        return table
