"""Footers that style each key once, not three times.

Textual 8's `FooterKey` starts compact and only then takes its footer's `compact` (False here) through a data
binding, so every key was restyled twice more (compact, then not) each time a footer recomposed: on every screen
pushed or popped and on every change of the keys in force. That was a tenth of the CPU of opening a dialog.

A key bound to its footer here starts not compact; the binding still sets the footer's value as soon as the key
is mounted (a compact footer still makes its keys compact), but a not compact footer now changes nothing. The
command palette's key, which Textual does not bind, keeps its compact default: footers look exactly as before
(the snapshots show them).
"""

from __future__ import annotations

from typing import Any, Self

from textual.widgets import _footer


class BoundFooterKey(_footer.FooterKey):
    def data_bind(self, *reactives: Any, **bind_vars: Any) -> Self:
        if "compact" in bind_vars:
            self.set_reactive(_footer.FooterKey.compact, False)
        return super().data_bind(*reactives, **bind_vars)


def start_keys_like_their_footer() -> None:
    """Make `Footer.compose` build `BoundFooterKey`s (it looks the class up in its module each time)."""
    setattr(_footer, "FooterKey", BoundFooterKey)  # noqa: B010
