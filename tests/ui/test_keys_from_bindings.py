"""The keys help and the command palette are built from the bindings: every binding shows in both, or is said not to."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Awaitable, Callable

from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.screen import Screen

import coxedge_tui.ui
from coxedge_tui.ui import keys
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.screens.browse import BrowseScreen

Until = Callable[..., Awaitable[None]]


def declared() -> dict[str, list[Binding]]:
    """Every class of the UI that declares BINDINGS, by name, with them."""
    found: dict[str, list[Binding]] = {}
    for module in pkgutil.walk_packages(coxedge_tui.ui.__path__, "coxedge_tui.ui."):
        for name, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__ == module.name and "BINDINGS" in cls.__dict__:
                bindings = cls.__dict__["BINDINGS"]
                assert all(isinstance(b, Binding) for b in bindings), f"{name}: write each key as a Binding"
                found[name] = bindings
    return found


def binding_ids() -> set[str]:
    ids = {b.id for bindings in declared().values() for b in bindings}
    assert None not in ids, "every Binding needs an id (a keymap and the tables of ui/keys.py name it)"
    return {i for i in ids if i is not None}


def test_every_binding_is_in_the_palette_or_said_not_to_be() -> None:
    ids = binding_ids()
    missing = ids - keys.PALETTE.keys() - keys.NOT_IN_PALETTE
    assert not missing, f"add these to keys.PALETTE or keys.NOT_IN_PALETTE: {sorted(missing)}"
    assert not keys.PALETTE.keys() & keys.NOT_IN_PALETTE
    assert (keys.PALETTE.keys() | keys.NOT_IN_PALETTE) <= ids, "the tables name a binding that no longer exists"


def test_every_binding_has_a_line_of_the_keys_help_or_is_said_not_to() -> None:
    everything = [BindingsMap(bindings) for bindings in declared().values()]
    textual_own = [BindingsMap(Screen.BINDINGS), App()._bindings]  # Tab, and the palette's ctrl+p
    keys_of = keys.bound_keys([*everything, *textual_own], {})
    lines = keys.help_lines(keys_of, [BrowseScreen.BINDINGS, CoxEdgeApp.BINDINGS])
    shown = {ref for line in lines for ref in line.refs}
    missing = binding_ids() - shown - keys.NOT_IN_HELP
    assert not missing, f"give these a keys.Row, or put them in keys.NOT_IN_HELP: {sorted(missing)}"
    for line in lines:
        assert line.keys and "{" not in line.text.plain, f"a row names a binding that is not bound: {line}"


async def test_the_help_and_the_palette_show_the_keys_a_keymap_gives(
    app: CoxEdgeApp, until: Until, screen: Callable[[CoxEdgeApp], str]
) -> None:
    app.set_keymap({"browse.refresh": "f5", "list.half_down": "ctrl+n"})
    async with app.run_test(size=(120, 60)):
        await until(lambda: isinstance(app.screen, BrowseScreen), what="the list")
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "Operation" not in screen(app)
        await commands["Show tasks"].callback()  # a palette command runs its binding's action, on the list screen
        await until(lambda: "Operation" in screen(app), what="the tasks panel")
        await commands["Show keys"].callback()  # and on the app
        await until(lambda: "Move through the list" in screen(app), what="the keys help")
        shown = screen(app)
    assert commands["Refresh images"].help == "Reload the image list now (f5)"
    assert commands["Sort by the next column"].help == "Created, family, tag, status, reference (s)"
    refresh = next(line for line in shown.splitlines() if "Refresh  Reload the list now" in line)
    assert refresh.split("│ Refresh")[0].split("█")[-1].strip() == "f5"
    assert "(ctrl+u ctrl+n: half a page)" in shown
