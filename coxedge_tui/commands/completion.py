"""`coxedge-tui __complete WORD...`: the candidates for the last word, one a line, for the shell scripts.

Offline and quick by design: subcommands and options come from the argparse parsers themselves, profiles
from the config file, environments from the config and the saved lists, image ids and references from the
saved list (core/list_cache.py). It never builds an API client, never looks the key up, and imports none
of httpx, pydantic or Textual.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..core.list_cache import ListCache, View
from ..core.type_views import EVERY_ENVIRONMENT  # the saved list of every environment: not a name to offer
from ..settings.config import ConfigError, config_path, read_config, resolve
from ..settings.table import DEFAULT_PROFILE
from ..text.image_fields import NAMES
from .output_options import COLUMNS

COMPLETE = "__complete"
COMPLETE_BASH = "__complete_bash"  # the words as bash's COMP_WORDS has them: split at ':' and '='
BASH_BREAKS = ":="  # the characters of bash's default COMP_WORDBREAKS that our words hold
IMAGE_DESTS = ("image_id", "image_ids")


@dataclass
class Line:
    """Where the words before the cursor leave the command line: which parser, which option, what was given."""

    parser: argparse.ArgumentParser
    flags: dict[str, object] = field(default_factory=dict)  # by dest, for settings.config.resolve
    positionals: int = 0
    waiting: argparse.Action | None = None  # the option whose value the current word is
    chosen_command: bool = False


def main(parser: argparse.ArgumentParser, marker: str, words: Sequence[str]) -> int:
    """Print the candidates; a failure prints none (a traceback would land in the middle of the prompt)."""
    try:
        pieces = list(words) or [""]
        if marker == COMPLETE_BASH:
            typed = glue_bash(pieces)  # as on the command line, quotes and backslashes included
            pieces = [unquote_bash(word) for word in typed]
        found = candidates(parser, pieces[:-1], pieces[-1])
        if marker == COMPLETE_BASH:
            found = [quote_bash(word, typed[-1]) for word in found]
            if typed[-1][:1] not in ("'", '"'):  # inside quotes bash does not split the word at ':' or '='
                found = trim_for_bash(found, typed[-1])
        sys.stdout.write("".join(f"{word}\n" for word in found))
        return 0
    except Exception:  # completion must never break the user's prompt with a traceback
        return 1


def glue_bash(pieces: Sequence[str]) -> list[str]:
    """`images get acme/web:v1` reaches bash's function as `acme/web`, `:`, `v1`: put such words together."""
    words: list[str] = []
    glue_next = False
    for piece in pieces:
        breaks = bool(piece) and all(char in BASH_BREAKS for char in piece)
        if words and (breaks or glue_next):
            words[-1] += piece
        else:
            words.append(piece)
        glue_next = breaks
    return words


def unquote_bash(word: str) -> str:
    """What a word bash hands over as typed means: `my\\ team`, `'my team'` and `"my team` are `my team`."""
    if word[:1] in ("'", '"'):
        return word[1:-1] if len(word) > 1 and word[-1] == word[0] else word[1:]
    return _ESCAPED.sub(r"\1", word)


def quote_bash(word: str, current: str) -> str:
    """A candidate as bash must insert it: in the quote the user opened, else with its blanks and the shell's
    special characters escaped (bash inserts a candidate as it is)."""
    if current[:1] in ("'", '"') and current[0] not in word:
        return current[0] + word + current[0]
    return _SPECIAL.sub(r"\\\g<0>", word)


_ESCAPED = re.compile(r"\\(.)")
_SPECIAL = re.compile(r"[^\w@%+=:,./~-]")


def trim_for_bash(found: Iterable[str], current: str) -> list[str]:
    """Bash replaces only what follows the word's last ':' or '=': the candidates lose what comes before."""
    cut = max(current.rfind(char) for char in BASH_BREAKS) + 1
    return [word[cut:] for word in found]


def candidates(parser: argparse.ArgumentParser, before: Sequence[str], current: str) -> list[str]:
    line = walk(parser, before)
    if line.waiting is not None:
        return value_candidates(line, line.waiting, current)
    if current.startswith("--") and "=" in current:
        name, _, value = current.partition("=")
        action = options(line.parser).get(name)
        if action is None or action.nargs == 0:
            return []
        return [f"{name}={word}" for word in value_candidates(line, action, value)]
    if current.startswith("-"):
        return matching(options(line.parser), current)
    commands = subcommands(line.parser)
    if commands is not None and not line.chosen_command:
        return matching(commands.choices, current)
    positional = next_positional(line)
    if positional is not None:
        return value_candidates(line, positional, current)
    return matching(options(line.parser), current) if not current else []


def walk(parser: argparse.ArgumentParser, words: Sequence[str]) -> Line:
    line = Line(parser)
    words = list(words)
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        action = options(line.parser).get(word.partition("=")[0]) if word.startswith("-") else None
        if action is not None:
            if action.nargs == 0:
                line.flags[action.dest] = True
            elif "=" in word:
                line.flags[action.dest] = word.partition("=")[2]
            elif index < len(words):
                line.flags[action.dest] = words[index]
                index += 1
            else:
                line.waiting = action
            continue
        if word.startswith("-"):
            continue  # an option of some other spelling: nothing to learn from it
        commands = subcommands(line.parser)
        if commands is not None and not line.chosen_command:
            if word in commands.choices:
                line = Line(commands.choices[word], line.flags)
            else:
                line.chosen_command = True  # an unknown command: nothing follows it
            continue
        line.positionals += 1
    return line


def options(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    return {
        name: action for action in parser._actions for name in action.option_strings if action.help != argparse.SUPPRESS
    }


def subcommands(parser: argparse.ArgumentParser) -> argparse._SubParsersAction[argparse.ArgumentParser] | None:
    return next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)


def next_positional(line: Line) -> argparse.Action | None:
    """The positional the current word fills: the next one, or the last when it takes several."""
    positionals = [
        a for a in line.parser._actions if not a.option_strings and not isinstance(a, argparse._SubParsersAction)
    ]
    if line.positionals < len(positionals):
        return positionals[line.positionals]
    if positionals and positionals[-1].nargs in ("+", "*"):
        return positionals[-1]
    return None


def matching(words: Iterable[str], prefix: str) -> list[str]:
    return sorted(word for word in dict.fromkeys(words) if word.startswith(prefix))


def value_candidates(line: Line, action: argparse.Action, current: str) -> list[str]:
    if action.dest == "profile":
        return matching(profile_names(), current)
    if action.dest == "environment":
        return matching(environment_names(line), current)
    if action.dest == "fields":
        return field_lists(current)
    if action.dest == "output" and hasattr(action, "formats"):
        if current.startswith(COLUMNS):
            return [COLUMNS + rest for rest in field_lists(current.removeprefix(COLUMNS))]
        return matching([*action.formats, COLUMNS], current)
    if action.dest in IMAGE_DESTS:
        return matching(image_names(line), current)
    if action.choices is not None:
        return matching([str(choice) for choice in action.choices], current)
    return []


def field_lists(current: str) -> list[str]:
    """`family,ta` -> `family,tag`: the last field of the list completed, never one already named."""
    done, _, last = current.rpartition(",")
    named = set(done.split(",")) if done else set()
    head = f"{done}," if done else ""
    return [head + name for name in NAMES if name.startswith(last) and name not in named]


def profile_names() -> list[str]:
    try:
        profiles = read_config(config_path()).get("profiles", {})
    except ConfigError:
        return [DEFAULT_PROFILE]
    return [DEFAULT_PROFILE, *(profiles if isinstance(profiles, dict) else ())]


def _account(line: Line) -> View | None:
    """The saved lists' view of the account the line names (no key: completion never reads it)."""
    try:
        settings = resolve(line.flags, os.environ)
    except ConfigError:
        return None
    return View(settings.profile, settings.api_url, settings.service, settings.organization, settings.environment)


def environment_names(line: Line) -> list[str]:
    """The profile's environment and those of the lists saved for its account."""
    account = _account(line)
    if account is None:
        return []
    saved = ListCache().lists_of(account)
    return [name for name in [account.environment, *saved] if name and name != EVERY_ENVIRONMENT]


def image_names(line: Line) -> list[str]:
    """The ids and references of the list saved for this account and environment."""
    account = _account(line)
    if account is None:
        return []
    images = ListCache().lists_of(account).get(account.environment, [])
    return [name for image in images for name in (image.id, image.reference) if name]
