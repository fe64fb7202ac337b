"""Footers that redraw only when the keys they show change, and style each key once.

Textual 8's `Footer` recomposes (removes and mounts every key again) on each signal that the bindings may have
changed: every focus change, every screen pushed or popped, every `refresh_bindings`. Most of those leave the
same keys, enabled the same way, and the recompose restyles and lays out the whole footer for nothing; over a
slow link it also repaints the footer line. `KeysFooter` keeps what it last showed and recomposes only when
that differs.

Textual 8's `FooterKey` starts compact and only then takes its footer's `compact` (False here) through a data
binding, so every key was restyled twice more (compact, then not) each time a footer recomposed. A key bound to
its footer here starts not compact; the binding still sets the footer's value as soon as the key is mounted (a
compact footer still makes its keys compact), but a not compact footer now changes nothing. The command
palette's key, which Textual does not bind, keeps its compact default: footers look exactly as before (the
snapshots show them).
"""

from __future__ import annotations

from typing import Any, Self

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, _footer

Shown = tuple[tuple[object, ...], ...]


class BoundFooterKey(_footer.FooterKey):
    def data_bind(self, *reactives: Any, **bind_vars: Any) -> Self:
        if "compact" in bind_vars:
            self.set_reactive(_footer.FooterKey.compact, False)
        return super().data_bind(*reactives, **bind_vars)


def start_keys_like_their_footer() -> None:
    """Make `Footer.compose` build `BoundFooterKey`s (it looks the class up in its module each time)."""
    setattr(_footer, "FooterKey", BoundFooterKey)  # noqa: B010


class KeysFooter(Footer):
    """A `Footer` that recomposes only when the keys it would show, or their state, changed.

    With `wait`, it shows no key until `show_keys`: the browse screen's list paints its first rows
    first. Eight keys are eight widgets to style, lay out and draw, about 25 ms at start.
    """

    _shown: Shown = ()  # what the last compose showed (compose runs before the footer hears any signal)

    def __init__(self, *, wait: bool = False) -> None:
        super().__init__()
        self.waiting = wait

    def shown_keys(self) -> Shown:
        """Everything `Footer.compose` reads from the bindings in force, in order."""
        return tuple(
            (binding.key, binding.action, binding.description, binding.group, enabled, tooltip, binding.tooltip)
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )

    def compose(self) -> ComposeResult:
        # Textual's footer composes empty and waits for the first signal to show any key: a second layout and
        # frame on every screen. This one shows the keys in force at once; the signal then changes nothing
        # unless focusing a widget brought keys of its own.
        self.set_reactive(Footer._bindings_ready, True)
        if self.waiting:
            return
        self._shown = self.shown_keys()
        yield from super().compose()

    def show_keys(self) -> None:
        """The keys, from now on (a footer made with `wait`)."""
        if self.waiting:
            self.waiting = False
            self.refresh(recompose=True)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self.waiting:
            self.set_reactive(Footer._bindings_ready, True)
            return  # nothing to show yet: `show_keys` composes the keys then in force
        if (
            screen.app.app_focus
            and self.is_attached
            and screen is self.screen
            and self.shown_keys() == self._shown
        ):
            return
        super().bindings_changed(screen)
