"""Settings from flags, COX_* variables and the config file's profile (in that order)."""

from __future__ import annotations

import difflib
import math
import os
import stat
import tomllib
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..api.kinds import DEFAULT_API_URL, DEFAULT_SERVICE
from .keymap import CustomCommand, KeysConfigError, parse_commands, parse_keymap
from .table import (
    BY_FIELD,
    DEFAULT_PROFILE,
    DEFAULT_REFRESH_SECONDS,
    DEFAULT_REQUEST_TIMEOUT,
    PROFILE_KEYS,
    Kind,
    Setting,
)

APP_NAME = "coxedge-tui"
MAX_SECONDS = 7 * 24 * 3600.0  # a week: beyond any task's life, and small enough for every timer
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


class ConfigError(ValueError):
    """The config file or a setting cannot be used; the message says how to fix it."""


@dataclass(frozen=True)
class Settings:
    api_url: str = DEFAULT_API_URL
    service: str = DEFAULT_SERVICE
    environment: str = ""
    organization: str | None = None
    demo: bool = False
    read_only: bool = False
    refresh_seconds: float = DEFAULT_REFRESH_SECONDS
    all_environments: bool = False  # open on the Everywhere view
    profile: str = DEFAULT_PROFILE
    profile_source: str = "default"  # --profile, COX_PROFILE or default: `status` says which
    theme: str | None = None
    api_key_file: str | None = None
    config_path: Path | None = None
    # True when the API URL or organisation was set on purpose: the user wants a real portal, not the demo.
    wants_real_portal: bool = False
    mouse: bool = True
    ansi: bool = False
    ascii: bool = False
    cache: bool = True  # keep the last list in the user cache directory for an instant next start
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT
    protect: tuple[str, ...] = ()  # family:tag glob patterns no delete may touch (core/protection.py)
    keymap: tuple[tuple[str, str], ...] = ()  # (binding id, keys) of the profile's [keymap] (settings/keymap.py)
    commands: tuple[CustomCommand, ...] = ()  # the profile's [[commands]], run on the selected image


def default_config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    chosen = from_variables(BY_FIELD["config_path"], os.environ if environ is None else environ)
    return Path(chosen[0].strip()).expanduser() if chosen else default_config_path()


def read_config(path: Path) -> dict[str, Any]:
    """The whole file as a dict; an absent file is an empty config."""
    try:
        text = path.read_text(encoding="utf-8")
        writable = os.name == "posix" and path.stat().st_mode & stat.S_IWOTH  # Windows modes say nothing of it
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"Cannot read the config file {path}: {exc.strerror or exc}.") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"The config file {path} is not UTF-8 text (byte {exc.start} cannot be read); save it as UTF-8."
        ) from None
    if writable:  # anyone could point api_url elsewhere, and the key would follow it
        raise ConfigError(f"The config file {path} can be changed by any user; run: chmod o-w {path}")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The config file {path} is not valid TOML: {exc}.") from None


def read_profile(path: Path, name: str, chosen_by: str = "--profile") -> dict[str, Any]:
    """One profile's settings, checked; {} for the default profile when the file or its table is absent.

    Any other name must be a table of the file: a mistyped profile must not fall back to the defaults.
    """
    data = read_config(path)
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict):
        raise ConfigError(f"In {path}, 'profiles' must be a table of [profiles.NAME] tables.")
    stray = sorted(set(data) - {"profiles"})
    if stray:  # `[profile.ro]` for `[profiles.ro]` would otherwise leave its settings unused
        raise ConfigError(
            f"In {path}, {stray[0]!r} is outside any profile: settings go in a [profiles.NAME] table "
            f"such as [profiles.{DEFAULT_PROFILE}]."
        )
    if name not in profiles and name != DEFAULT_PROFILE:
        raise ConfigError(unknown_profile(path, name, chosen_by, sorted(profiles)))
    profile = profiles.get(name, {})
    if not isinstance(profile, dict):
        raise ConfigError(f"In {path}, [profiles.{name}] must be a table.")
    for key, value in profile.items():
        types = PROFILE_KEYS.get(key)
        if types is None:
            known = ", ".join(PROFILE_KEYS)
            raise ConfigError(f"In {path}, [profiles.{name}] has an unknown setting {key!r} (known: {known}).")
        if key in TABLE_KEYS:
            check_table(key, value, f"In {path}, {TABLE_KEYS[key].format(name=name)}")
            continue
        if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
            kind = (
                "true or false" if bool in types else "a number" if float in types
                else "a list of patterns" if list in types else "a string"
            )
            raise ConfigError(f"In {path}, [profiles.{name}] {key} must be {kind}, not {value!r}.")
        if isinstance(value, list):
            check_patterns(value, f"In {path}, [profiles.{name}] {key}")
    return profile


TABLE_KEYS = {"keymap": "[profiles.{name}.keymap]", "commands": "[[profiles.{name}.commands]]"}


def check_table(key: str, value: Any, where: str) -> None:
    """The keymap and the commands: their own rules, and the file and entry in every message."""
    try:
        (parse_keymap if key == "keymap" else parse_commands)(value, where)
    except KeysConfigError as exc:
        raise ConfigError(str(exc)) from None


def check_patterns(patterns: list[Any], where: str) -> None:
    """Protection patterns are family:tag globs: one that could never match would protect nothing, silently."""
    for pattern in patterns:
        if not isinstance(pattern, str) or ":" not in pattern or not pattern.strip():
            raise ConfigError(
                f"{where}: {pattern!r} is not a family:tag pattern; write each as a string such as "
                '"web:*" (every tag of web) or "*:prod-*" (tags starting prod- in any family).'
            )


def unknown_profile(path: Path, name: str, chosen_by: str, existing: list[str]) -> str:
    """Which profiles there are, the likely one first, and how to make a new one."""
    names = sorted({DEFAULT_PROFILE, *existing})
    same = [n for n in names if n.casefold() == name.casefold()]
    close = same or difflib.get_close_matches(name, names, n=1, cutoff=0.75)
    guess = f" Did you mean {close[0]!r}?" if close else ""
    where = f"{path}" if path.exists() else f"{path} (no such file yet)"
    return (
        f"The profile {name!r} ({chosen_by}) is not in the config file {where}. "
        f"Profiles: {', '.join(names)}.{guess} To make a new profile, add a [profiles.{name}] table to the file."
    )


def yes_or_no(variable: str, value: str) -> bool:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{variable}={value!r} is not a yes/no value (use 1 or 0).")


def positive_seconds(text: object, where: str, *, allow_zero: bool = False) -> float:
    """A number of seconds from a flag, variable or profile: finite, above 0 (or 0 where 0 turns a thing off),
    at most a week. Anything else is a ConfigError naming `where`, raised before anything is sent.
    """
    try:
        seconds = float(str(text).strip())
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds < 0 or (seconds == 0 and not allow_zero) or seconds > MAX_SECONDS:
        least = "0 or more (0 turns it off)" if allow_zero else "above 0"
        named = f"{where} " if where else ""
        raise ConfigError(
            f"{named}{str(text)!r} is not a number of seconds {least} and at most {MAX_SECONDS:.0f} (a week)."
        )
    return seconds


def from_variables(row: Setting, environ: Mapping[str, str]) -> tuple[str, str] | None:
    """The first of the row's variables that is set and not blank, with its name."""
    for variable in row.variables:
        value = environ.get(variable, "")
        if value.strip():
            return value, variable
    return None


def given(
    row: Setting, flags: Mapping[str, object], environ: Mapping[str, str], profile: Mapping[str, Any]
) -> tuple[object, str] | None:
    """What set the row, and its name: the flag beats the variable beats the profile; None leaves the default.

    A yes/no flag can only say yes (store_true), so it counts when true.
    """
    flag = flags.get(row.dest) if row.flag else None
    if flag is not None and (flag or row.kind is not Kind.SWITCH):
        return flag, row.flag or ""
    variable = from_variables(row, environ)
    if variable is not None:
        return variable
    if row.profile_key is not None and row.profile_key in profile:
        return profile[row.profile_key], row.where_profile
    return None


def value_of(row: Setting, found: tuple[object, str] | None) -> Any:
    """The row's value from what set it, by its kind: one rule per kind, for every setting."""
    if found is None:
        return row.default
    value, where = found
    if row.kind is Kind.SECONDS:
        return positive_seconds(value, where, allow_zero=row.zero_turns_off)
    if row.kind is Kind.KEYMAP:  # checked with the file's name by read_profile
        return parse_keymap(value, where)
    if row.kind is Kind.COMMANDS:
        return parse_commands(value, where)
    if row.kind is Kind.PATTERNS:
        return tuple(value) if isinstance(value, list | tuple) else row.default
    if row.kind is Kind.SWITCH:
        if where == row.flag:
            yes = True
        elif isinstance(value, bool):  # the profile: already checked to be true or false, and never negated
            return value
        else:
            yes = yes_or_no(where, str(value))
        return not yes if row.negated else yes
    text = str(value).strip() if where in row.variables else str(value)  # a variable's blanks are never meant
    return text or row.default


def _chosen_profile(flags: Mapping[str, object], env: Mapping[str, str]) -> tuple[str, str]:
    """The profile's name and what chose it."""
    if flags.get("profile") is not None and not str(flags["profile"]).strip():
        # `--profile "$UNSET"` must not fall back to the defaults
        raise ConfigError("--profile was given an empty name; name a profile of the config file, or leave it out.")
    row = BY_FIELD["profile"]
    found = given(row, flags, env, {})
    return (DEFAULT_PROFILE, "default") if found is None else (str(value_of(row, found)), found[1])


def resolve(flags: Mapping[str, object], environ: Mapping[str, str] | None = None) -> Settings:
    """Combine parsed flags (None when not given), COX_* variables and the chosen profile, row by row of
    settings_table.SETTINGS."""
    env = os.environ if environ is None else environ
    path = config_path(env)
    profile_name, profile_source = _chosen_profile(flags, env)
    profile = read_profile(path, profile_name, profile_source)
    found = {name: given(row, flags, env, profile) for name, row in BY_FIELD.items()}
    values = {name: value_of(BY_FIELD[name], source) for name, source in found.items()}
    organization = values["organization"]
    values.update(
        profile=profile_name,
        profile_source=profile_source,
        config_path=path,
        # The flag and COX_API_KEY_FILE are key sources that credentials.find_api_key reads in the key's order.
        api_key_file=profile.get("api_key_file"),
        wants_real_portal=found["api_url"] is not None or (found["organization"] is not None and bool(organization)),
    )
    return Settings(**values)


def save_profile_setting(path: Path, profile: str, key: str, value: str | bool | float | None) -> None:
    """Set (or with None remove) one setting of a profile, keeping the rest of the file as the user wrote it:
    comments, order, quoting and blank lines (tomlkit edits the document rather than rebuilding it)."""
    import tomlkit

    from .files import PRIVATE, locked, write_atomic

    if key not in PROFILE_KEYS:
        raise ConfigError(f"{key!r} is not a profile setting.")
    path = path.resolve() if path.is_symlink() else path  # a linked config (dotfiles) is changed, not unlinked
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with locked(path):  # another running instance may be changing another setting of the same file
            read_config(path)  # the same checks and words as a read: readable, UTF-8, valid TOML, not world-writable
            document = tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()
            if "profiles" not in document:
                document["profiles"] = tomlkit.table(is_super_table=True)
            profiles = document["profiles"]
            if not isinstance(profiles, MutableMapping):
                raise ConfigError(f"In {path}, [profiles.{profile}] is not a table; fix the file by hand first.")
            if profile not in profiles:
                profiles[profile] = tomlkit.table()
            table = profiles[profile]
            if not isinstance(table, MutableMapping):
                raise ConfigError(f"In {path}, [profiles.{profile}] is not a table; fix the file by hand first.")
            if value is None:
                table.pop(key, None)
            else:
                table[key] = value
            mode = path.stat().st_mode & 0o777 if path.exists() else PRIVATE
            write_atomic(path, tomlkit.dumps(document).encode("utf-8"), mode=mode)
    except OSError as exc:
        raise ConfigError(f"Cannot write the config file {path}: {exc.strerror or exc}.") from None
