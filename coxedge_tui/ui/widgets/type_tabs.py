"""The image type tabs as one line of text: All [1]  Default [2]  Custom [3]  Everywhere [0].

One widget rather than Textual's Tabs (a container of seven widgets with an animated underline),
which cost about a tenth of the start-up time. Keys 1/2/3 switch from the screen; a click works too.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

TABS = (("all", "All [1]"), ("default", "Default [2]"), ("custom", "Custom [3]"), ("everywhere", "Everywhere [0]"))
GAP = 2  # columns between two tabs


class TypeTabs(Widget):
    DEFAULT_CSS = """
    TypeTabs { height: 1; padding: 0 1; }
    TypeTabs > .type-tabs--active { text-style: bold underline; color: $accent; }
    TypeTabs > .type-tabs--inactive { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"type-tabs--active", "type-tabs--inactive"}

    active: reactive[str] = reactive("all", init=False)

    class Changed(Message):
        """Another tab was chosen."""

        def __init__(self, kind: str) -> None:
            super().__init__()
            self.kind = kind

    def render(self) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        active = self.get_component_rich_style("type-tabs--active")
        inactive = self.get_component_rich_style("type-tabs--inactive")
        for number, (kind, label) in enumerate(TABS):
            if number:
                line.append(" " * GAP)
            line.append(f" {label} ", style=active if kind == self.active else inactive)
        return line

    def watch_active(self, kind: str) -> None:
        self.post_message(self.Changed(kind))

    def on_click(self, event: events.Click) -> None:
        x = event.x - self.styles.padding.left
        for kind, label in TABS:
            width = len(label) + 2
            if 0 <= x < width:
                self.active = kind
                return
            x -= width + GAP
