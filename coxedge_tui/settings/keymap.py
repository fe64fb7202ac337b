"""A profile's own keys: `[profiles.NAME.keymap]` (binding id = keys) and `[[profiles.NAME.commands]]`.

Only the shape is checked here, with the file and the key in each message; whether a binding id exists and
whether two keys clash is for the UI to say (ui/user_keys.py), since only it knows the bindings.
"""

from __future__ import annotations

import math
import re
import shlex
from dataclasses import dataclass
from typing import Any

PLACEHOLDERS = ("id", "reference", "family", "tag", "environment")
PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
DEFAULT_COMMAND_TIMEOUT = 30.0
MAX_COMMAND_TIMEOUT = 3600.0
COMMAND_FIELDS = ("key", "name", "run", "timeout")
KEY_EXAMPLE = '"f5", "ctrl+r" or "R" (several separated by commas: "f5,ctrl+r")'


class KeysConfigError(ValueError):
    """A keymap or command entry cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class CustomCommand:
    """A program of the user's run on the selected image: `run` is its argv, placeholders still in it."""

    key: str
    name: str
    run: tuple[str, ...]
    timeout: float = DEFAULT_COMMAND_TIMEOUT


def keys_text(value: object) -> str | None:
    """The keys as written, tidied ("f5, ctrl+r" -> "f5,ctrl+r"), or None when they cannot be keys."""
    if not isinstance(value, str):
        return None
    keys = [key.strip() for key in value.split(",")]
    if not all(keys) or any(any(c.isspace() for c in key) for key in keys):
        return None
    return ",".join(keys)


def parse_keymap(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    """(binding id, keys) pairs from the keymap table; `where` is "In FILE, [profiles.NAME.keymap]"."""
    if not isinstance(value, dict):
        raise KeysConfigError(f'{where} must be a table of binding id = keys, such as "browse.refresh" = "f5".')
    pairs = []
    for binding_id, keys in value.items():
        tidy = keys_text(keys)
        if tidy is None:
            raise KeysConfigError(f"{where} {binding_id!r} must be keys such as {KEY_EXAMPLE}, not {keys!r}.")
        pairs.append((str(binding_id), tidy))
    return tuple(pairs)


def parse_commands(value: Any, where: str) -> tuple[CustomCommand, ...]:
    """The commands of the array of tables; `where` is "In FILE, [[profiles.NAME.commands]]"."""
    if not isinstance(value, list):
        raise KeysConfigError(f"{where} must be an array of tables, each with key, name and run.")
    return tuple(_command(entry, f"{where} #{number}") for number, entry in enumerate(value, start=1))


def _command(entry: Any, where: str) -> CustomCommand:
    if not isinstance(entry, dict):
        raise KeysConfigError(f"{where} must be a table with key, name and run, not {entry!r}.")
    name = entry.get("name")
    if isinstance(name, str) and name.strip():
        where = f"{where} ({name.strip()!r})"
    stray = sorted(set(entry) - set(COMMAND_FIELDS))
    if stray:
        raise KeysConfigError(f"{where} has an unknown field {stray[0]!r} (known: {', '.join(COMMAND_FIELDS)}).")
    missing = [field for field in ("key", "name", "run") if field not in entry]
    if missing:
        raise KeysConfigError(f"{where} has no {missing[0]}; each command needs key, name and run.")
    key = keys_text(entry["key"])
    if key is None or "," in key:
        raise KeysConfigError(f"{where} key must be one key such as \"f5\" or \"ctrl+r\", not {entry['key']!r}.")
    if not isinstance(name, str) or not name.strip():
        raise KeysConfigError(f"{where} name must be a non-empty string, not {name!r}.")
    return CustomCommand(key, name.strip(), _argv(entry["run"], where), _timeout(entry.get("timeout"), where))


def _argv(run: Any, where: str) -> tuple[str, ...]:
    """A list is the argv as it is; a string is split as a POSIX shell would split it, and no shell runs it."""
    if isinstance(run, str):
        try:
            argv = shlex.split(run)
        except ValueError as exc:
            raise KeysConfigError(f"{where} run cannot be split into arguments ({exc}); check its quotes.") from None
    elif isinstance(run, list) and all(isinstance(word, str) for word in run):
        argv = list(run)
    else:
        raise KeysConfigError(f'{where} run must be a list of strings such as ["scan", "{{id}}"], not {run!r}.')
    if not argv or not argv[0].strip():
        raise KeysConfigError(f"{where} run must name a program to run.")
    if PLACEHOLDER.search(argv[0]):  # the program itself must never come from the server
        raise KeysConfigError(f"{where} run's program {argv[0]!r} holds a placeholder; only its arguments may.")
    return tuple(argv)


def _timeout(value: Any, where: str) -> float:
    if value is None:
        return DEFAULT_COMMAND_TIMEOUT
    number = float(value) if isinstance(value, int | float) and not isinstance(value, bool) else math.nan
    if not math.isfinite(number) or not 0 < number <= MAX_COMMAND_TIMEOUT:
        raise KeysConfigError(
            f"{where} timeout must be a number of seconds above 0 and at most {MAX_COMMAND_TIMEOUT:.0f}, "
            f"not {value!r}."
        )
    return number

