"""The command palette: every action of the app by name (ctrl+p), from the bindings in force and `keys.PALETTE`."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

from . import keys, session, user_keys

if TYPE_CHECKING:
    from .app import CoxEdgeApp


def commands(app: CoxEdgeApp, screen: Screen[object]) -> Iterable[SystemCommand]:
    nodes: list[DOMNode] = [*screen.walk_children(), screen, app]
    found: dict[str, tuple[DOMNode, Binding]] = {}
    for node in nodes:
        for _key, binding in node._bindings:
            if binding.id is not None and binding.id in keys.PALETTE:
                found.setdefault(binding.id, (node, binding))
    keys_of = keys.bound_keys((node._bindings for node in nodes), keys.keymap(app))
    for binding_id, command in keys.PALETTE.items():
        if binding_id in found:
            node, binding = found[binding_id]
            said = f"{command.help} ({keys.keys_text(keys_of, [binding_id])})"
            yield SystemCommand(command.title, said, partial(app.run_action, binding.action, node))
    yield from user_keys.palette_commands(app, screen, keys_of)
    # The one action with no key: forgetting the key is rare and cannot be undone.
    yield SystemCommand("Forget API key", "Remove the key from the OS keyring", lambda: session.forget_key(app))
