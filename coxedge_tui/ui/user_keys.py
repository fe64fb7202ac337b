"""The profile's own keys: its keymap applied the way Textual does, its commands bound on the list, and what
cannot be used (an unknown binding id, two bindings on one key) reported at start, both bindings named.
"""

from __future__ import annotations

import asyncio
import difflib
import importlib
import inspect
import itertools
import os
import pkgutil
import shlex
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from ..core.custom_commands import ImageFacts, argv_for, child_environment
from ..settings.keymap import CustomCommand
from . import keys
from .text import clean, truncate

if TYPE_CHECKING:
    from .app import CoxEdgeApp

COMMAND_ID = "custom.{index}"  # the id of the binding of the profile's command number `index`
NOTICE_TITLE = "Your keys"
TOOLTIP_WIDTH = 48  # of the command line the help and the palette show


@dataclass(frozen=True)
class Context:
    """A screen and the widgets on it whose bindings are in force there together (the app's are added)."""

    name: str
    nodes: tuple[type[DOMNode], ...]


def contexts() -> list[Context]:
    """Every screen of the app that declares keys, the list first with the widgets' keys (they sit on it).

    Found by walking the package, so a new screen is checked without a line here; slow, so off the event loop.
    """
    from . import __name__ as package
    from . import __path__ as where

    screens: list[type[DOMNode]] = []
    widgets: list[type[DOMNode]] = []
    for module in pkgutil.walk_packages(where, f"{package}."):
        for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(cls, Widget) and cls.__module__ == module.name and "BINDINGS" in cls.__dict__:
                (screens if issubclass(cls, Screen) else widgets).append(cls)
    from .screens.browse import BrowseScreen

    return [
        Context("the list", (*widgets, BrowseScreen)),
        *(Context(f"the {s.__name__.removesuffix('Screen')} window", (s,)) for s in screens if s is not BrowseScreen),
    ]


def normalized(keymap: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Keys as Textual names them ("?" is "question_mark"), as App.set_keymap stores them."""
    return dict(App._normalize_keymap(dict(keymap)))


def _refs_by_key(maps: Sequence[BindingsMap], keymap: Mapping[str, str]) -> dict[str, set[str]]:
    """Which bindings (by id, or action when they have none) each key reaches, with the keymap's keys."""
    found: dict[str, set[str]] = defaultdict(set)
    for bindings in maps:
        for key, binding in bindings:
            on = keymap[binding.id].split(",") if binding.id is not None and binding.id in keymap else [key]
            for each in on:
                found[each].add(binding.id or binding.action)
    return found


@dataclass
class Check:
    """What the profile's keys come to: the problems to report and the commands that can be bound."""

    problems: list[str]
    bound: list[tuple[int, CustomCommand, str]]  # (index, command, its key as Textual names it)


def check(
    keymap: Iterable[tuple[str, str]], commands: Sequence[CustomCommand], app_bindings: BindingsMap,
    screens: Sequence[Context],
) -> Check:
    """`screens` as `contexts` gives them, the list first; `app_bindings` are in force on every one."""
    mapped = normalized(keymap)
    maps_of = {c.name: [*(n._merge_bindings() for n in c.nodes), app_bindings] for c in screens}
    known = {b.id for maps in maps_of.values() for m in maps for _, b in m if b.id}
    problems = [unknown_id(binding_id, known) for binding_id in mapped if binding_id not in known]
    problems += clashes(maps_of, mapped)
    bound, refused = bindable(commands, _refs_by_key(maps_of[screens[0].name], mapped))
    return Check(problems + refused, bound)


def unknown_id(binding_id: str, known: set[str]) -> str:
    close = difflib.get_close_matches(binding_id, sorted(known), n=1, cutoff=0.6)
    guess = f" Did you mean {close[0]!r}?" if close else ""
    return f"The keymap names {binding_id!r}, which no key of coxedge-tui has; it is ignored.{guess}"


def clashes(maps_of: Mapping[str, Sequence[BindingsMap]], mapped: Mapping[str, str]) -> list[str]:
    """Two bindings of one screen on one key because of the keymap (the app's own overlaps are on purpose)."""
    said: dict[tuple[str, str, str], str] = {}
    for screen, maps in maps_of.items():
        before = _refs_by_key(maps, {})
        for key, refs in sorted(_refs_by_key(maps, mapped).items()):
            for first, second in itertools.combinations(sorted(refs), 2):
                if not {first, second} <= before.get(key, set()):
                    said.setdefault(
                        (key, first, second),
                        f"{first!r} and {second!r} are both on {keys.key_name(key)} ({screen}): "
                        "change one of them in the keymap.",
                    )
    return list(said.values())


def bindable(
    commands: Sequence[CustomCommand], on_list: Mapping[str, set[str]]
) -> tuple[list[tuple[int, CustomCommand, str]], list[str]]:
    """The commands whose keys are free on the list, and why each other one is not bound."""
    bound: list[tuple[int, CustomCommand, str]] = []
    refused: list[str] = []
    taken: dict[str, str] = {}
    for index, command in enumerate(commands):
        key = normalized([("key", command.key)])["key"]
        users = [repr(ref) for ref in sorted(on_list.get(key, ()))]
        users += [f"your command {taken[key]!r}"] if key in taken else []
        if users:
            refused.append(
                f"Your command {command.name!r} is on {keys.key_name(key)}, which {users[0]} already uses on "
                "the list; the command is not bound. Give it another key."
            )
            continue
        taken[key] = command.name
        bound.append((index, command, key))
    return bound, refused


def start(app: CoxEdgeApp) -> None:
    """The keymap at once, so the first frame shows it; the check and the commands after that frame."""
    profile = app.session.profile
    if profile.keymap:
        app.set_keymap(dict(profile.keymap))
    if profile.keymap or profile.commands:
        app.run_worker(_finish(app), group="user-keys", exit_on_error=False)


async def _finish(app: CoxEdgeApp) -> None:
    profile = app.session.profile
    screens = await asyncio.to_thread(contexts)
    result = check(profile.keymap, profile.commands, app._bindings, screens)
    from .screens.browse import BrowseScreen

    for screen in app.screen_stack:
        if isinstance(screen, BrowseScreen):
            bind_commands(screen, result.bound)
    app.key_problems = result.problems
    if result.problems:
        app.notify(
            "\n".join(clean(problem) for problem in result.problems),
            title=NOTICE_TITLE,
            severity="warning",
            timeout=20,
            markup=False,
        )


def bind_commands(screen: Screen[Any], bound: Iterable[tuple[int, CustomCommand, str]]) -> None:
    for index, command, key in bound:
        binding = Binding(
            key,
            f"app.custom_command({index})",
            command.name,
            show=False,
            id=COMMAND_ID.format(index=index),
            tooltip=f"Your command: {truncate(shlex.join(command.run), TOOLTIP_WIDTH)}",
        )
        screen._bindings.key_to_bindings.setdefault(key, []).append(binding)
    screen.refresh_bindings()


def custom_bindings(screen: Screen[Any]) -> list[Binding]:
    """The commands bound on this screen, for the keys help."""
    return [b for _, b in screen._bindings if b.id is not None and b.id.startswith("custom.")]


def palette_commands(app: CoxEdgeApp, screen: Screen[Any], keys_of: Mapping[str, Sequence[str]]) -> list[SystemCommand]:
    return [
        SystemCommand(
            binding.description,
            f"{binding.tooltip} ({keys.keys_text(keys_of, [binding.id or ''])})",
            partial(app.run_action, binding.action, screen),
        )
        for binding in custom_bindings(screen)
    ]


def run_command(app: CoxEdgeApp, index: int) -> None:
    """The command on the selected image, in a dialog that shows its output and exit code."""
    from .screens.browse import BrowseScreen
    from .screens.command_output import CommandOutputScreen

    commands = app.session.profile.commands
    screen = app.screen
    if not isinstance(screen, BrowseScreen) or not 0 <= index < len(commands):
        return
    image = screen.image_table.current_image
    if image is None:
        app.notify("Select an image first.", title=commands[index].name, severity="warning")
        return
    facts = ImageFacts(
        id=image.id,
        reference=image.reference or "",
        family=image.family or "",
        tag=image.tag or "",
        environment=screen.environment_of(image),  # the row's own, in the Everywhere view
    )
    key = app.session.key.value if app.session.key is not None else None
    env = child_environment(os.environ, key)
    app.push_screen(CommandOutputScreen(commands[index], argv_for(commands[index], facts), env))
