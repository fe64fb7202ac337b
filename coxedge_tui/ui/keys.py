"""What the keys help and the command palette say about each binding, by its id; the keys come from the bindings.

A keymap may give a binding other keys: both read them from the bindings in force, never from a copy here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import App
from textual.binding import Binding, BindingsMap, BindingType
from textual.keys import format_key


@dataclass(frozen=True)
class Command:
    """A binding's entry in the command palette; its keys are added to the help."""

    title: str
    help: str


# In the palette's order. A binding of the app or of the screen (or a widget on it) shows here while it is in force.
PALETTE: Mapping[str, Command] = {
    "browse.refresh": Command("Refresh images", "Reload the image list now"),
    "browse.filter": Command("Filter images", "Filter the list by words, fields (family:web) or age (age>30d)"),
    "browse.clear_filter": Command("Clear the filter", "Show every image again"),
    "list.sort": Command("Sort by the next column", "Created, family, tag, status, reference"),
    "list.sort_reverse": Command("Reverse the sort order", "Newest or oldest first, A-Z or Z-A"),
    "browse.type_all": Command("Show all images", "Default and custom images"),
    "browse.type_default": Command("Show default images", "The provider's images"),
    "browse.type_custom": Command("Show custom images", "Your own images"),
    "browse.type_everywhere": Command("Show every environment's images", "Everywhere: each image with its environment"),
    "browse.copy": Command("Copy image id", "Copy the selected image's id"),
    "browse.copy_reference": Command("Copy image reference", "Copy the selected image's reference"),
    "browse.export": Command("Export images", "Save the list as shown to a JSON or CSV file"),
    "browse.new": Command("New custom image", "Create an image from a VM instance"),
    "browse.delete": Command("Delete image", "Delete the selected custom image"),
    "browse.tasks": Command("Show tasks", "Show or hide this session's tasks"),
    "browse.mark": Command("Mark or unmark image", "Mark the selected image for a delete of many"),
    "browse.mark_all": Command("Mark every image shown", "Mark every image the filter shows"),
    "browse.prune": Command("Prune…", "Keep the newest tags per family, mark the older rest"),
    "browse.families": Command("Group by family", "One row per family; again: the flat list"),
    "browse.xray": Command("X-ray the image", "The workloads that run the selected image, and their instances"),
    "app.organizations": Command("Switch organisation", "Pick the organisation to browse"),
    "app.environments": Command("Switch environment", "Pick the environment to browse"),
    "app.login": Command("Log in / change API key", "Enter and verify an API key"),
    "app.help": Command("Show keys", "Every key of coxedge-tui"),
}
# The tasks panel and a task's window write their keys under themselves, and act on what they show.
TASK_KEYS = frozenset({"tasks.up", "tasks.down", "tasks.copy", "tasks.outcome", "task.close", "task.copy"})
# Moving, answering a dialog and closing one mean nothing from the palette; Textual's palette has its own Quit.
NOT_IN_PALETTE = TASK_KEYS | frozenset(
    {
        *("list.up", "list.down", "list.page_up", "list.page_down", "list.half_up", "list.half_down"),
        *("list.first", "list.last", "browse.detail", "app.quit", "help.close", "command.close"),
        *("quit.stay", "quit.leave", "delete.cancel", "delete.confirm", "create.cancel", "create.submit"),
        *("login.cancel", "forget.cancel", "export.cancel", "environments.close", "xray.close", "organizations.close"),
        *("bulk_delete.cancel", "bulk_delete.confirm", "prune.cancel", "prune.mark"),
        *("families.expand", "families.collapse", "families.leave"),
    }
)


@dataclass(frozen=True)
class Row:
    """A line of the keys help: the keys of these bindings, and what they do (`{id}`: that binding's keys)."""

    refs: tuple[str, ...]  # binding ids; Textual's own bindings have none, so their action stands in
    text: str


# Before the screen's and the app's own keys, which follow one line each (description and tooltip).
HELP_FIRST = (
    Row(("list.up", "list.down"), "Move through the list"),
    Row(("list.page_up", "list.page_down"), "Move a page ({list.half_up} {list.half_down}: half a page)"),
    Row(("list.first", "list.last"), "First or last image"),
    Row(("list.sort", "list.sort_reverse"), "Sort by the next column / reverse the order (or click a heading)"),
    Row(("command_palette",), "Command palette: every action by name"),
)
HELP_LAST = (
    Row(("quit.leave", "delete.confirm"), "Yes, in the delete and quit questions (Cancel is the default)"),
    Row(
        (
            *("quit.stay", "delete.cancel", "create.cancel", "login.cancel", "forget.cancel", "export.cancel"),
            "environments.close",
        ),
        "Cancel a dialog; n answers no to a question",
    ),
    Row(("create.submit",), "Send the create form"),
    Row(("app.focus_next",), "Next field, or the detail and tasks panes (to scroll them)"),
)
# Their windows say how to close them.
NOT_IN_HELP = TASK_KEYS | frozenset(
    {"help.close", "xray.close", "organizations.close", "command.close", "bulk_delete.cancel", "bulk_delete.confirm"}
    | {"prune.cancel", "prune.mark", "families.expand", "families.collapse", "families.leave"}
)
KEY_NAMES = {"escape": "Esc", "pageup": "PgUp", "pagedown": "PgDn", "home": "Home", "end": "End", "tab": "Tab"}


def keymap(app: App[Any]) -> Mapping[str, str]:
    """The app's keymap (binding id to keys), which Textual keeps private and applies as `bound_keys` does."""
    return app._keymap


def key_name(key: str) -> str:
    """A key as the help writes it: `ctrl+s`, `PgUp`, `↑`, `?`."""
    *modifiers, base = key.split("+")
    return "+".join([*modifiers, KEY_NAMES.get(base) or format_key(base)])


def bound_keys(maps: Iterable[BindingsMap], keymap: Mapping[str, str]) -> dict[str, list[str]]:
    """The keys of each binding (by id, or action when it has none), after the keymap; the first map to bind it wins."""
    found: dict[str, list[str]] = {}
    for bindings in maps:
        mapped = bindings.copy()
        if keymap:
            mapped.apply_keymap(keymap)
        here: dict[str, list[str]] = {}
        for key, binding in mapped:
            keys = here.setdefault(binding.id or binding.action, [])
            if key not in keys:
                keys.append(key)
        for ref, keys in here.items():
            found.setdefault(ref, keys)
    return found


def keys_text(keys_of: Mapping[str, Sequence[str]], refs: Iterable[str]) -> str:
    """Each binding's first key in order, then their other keys alphabetically: `↑ ↓ j k`, `Home End g G`."""
    first: list[str] = []
    others: list[str] = []
    for ref in refs:
        for index, key in enumerate(keys_of.get(ref, ())):
            name = key_name(key)
            if name not in first and name not in others:
                (others if index else first).append(name)
    return " ".join([*first, *sorted(others, key=str.casefold)])


@dataclass(frozen=True)
class HelpLine:
    refs: tuple[str, ...]
    keys: str
    text: Text


def help_lines(keys_of: Mapping[str, Sequence[str]], listed: Iterable[Sequence[BindingType]]) -> list[HelpLine]:
    """The lines of the keys help: the rows above, and every binding of `listed` (screen, app) a line between."""
    placed = {ref for row in (*HELP_FIRST, *HELP_LAST) for ref in row.refs} | NOT_IN_HELP
    lines = [_line(keys_of, row) for row in HELP_FIRST]
    for bindings in listed:
        for binding in bindings:
            if not isinstance(binding, Binding) or (binding.id or binding.action) in placed:
                continue
            ref = binding.id or binding.action
            placed.add(ref)
            said = Text(binding.description or binding.action)
            if binding.tooltip:
                said.append(f"  {binding.tooltip}", style="dim")
            lines.append(HelpLine((ref,), keys_text(keys_of, [ref]), said))
    lines.extend(_line(keys_of, row) for row in HELP_LAST)
    return lines


def _line(keys_of: Mapping[str, Sequence[str]], row: Row) -> HelpLine:
    named = {ref: keys_text(keys_of, [ref]) for ref in keys_of if "{" + ref + "}" in row.text}
    text = row.text
    for ref, keys in named.items():
        text = text.replace("{" + ref + "}", keys)
    return HelpLine(row.refs + tuple(named), keys_text(keys_of, row.refs), Text(text))
