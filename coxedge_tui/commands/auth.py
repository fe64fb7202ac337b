"""`login`, `logout` and `status` (alias `whoami`): the API key from the command line, never shown."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys

from ..api.errors import CoxEdgeError
from ..api.models import Environment
from ..connect import verify_key
from ..core.list_cache import ListCache
from ..settings.config import ConfigError, Settings
from ..settings.credentials import (
    KEY_FILE_MAX_BYTES,
    KEYRING_SERVICE,
    ApiKey,
    KeyFileError,
    KeyringUnavailable,
    forget_saved_key_file,
    keyring_delete,
    keyring_set,
    read_key_file,
)
from ..text.safe import clean
from .common import (
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    exit_code_for,
    load_settings,
    lookup_key,
)


def _verify(settings: Settings, key: ApiKey) -> list[Environment]:
    try:
        return asyncio.run(verify_key(settings, key))
    except CoxEdgeError as exc:
        raise CommandError(key.scrub(exc.message), exit_code_for(exc)) from None


def _environment_summary(environments: list[Environment]) -> str:
    names = ", ".join(clean(e.name) for e in environments[:6]) + (", …" if len(environments) > 6 else "")
    count = f"{len(environments)} environment{'s' if len(environments) != 1 else ''}"
    return f"{count} ({names})" if environments else count


def prompt_for_key(api_key_file: str | None) -> str:
    """From --api-key-file, a hidden prompt on a terminal, or the first line of piped input."""
    try:
        if api_key_file:
            return read_key_file(api_key_file)
        if sys.stdin.isatty():
            return getpass.getpass("Cox Edge API key (input hidden): ").strip()
        line = sys.stdin.readline(KEY_FILE_MAX_BYTES + 1)
        if len(line) > KEY_FILE_MAX_BYTES:
            raise CommandError(f"The key on standard input is longer than {KEY_FILE_MAX_BYTES} characters.", EXIT_USAGE)
        return line.strip()
    except KeyFileError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    except (EOFError, KeyboardInterrupt):
        raise CommandError("No key was entered.", EXIT_USAGE) from None


def login_command(args: argparse.Namespace) -> int:
    settings = load_settings(args)
    value = prompt_for_key(getattr(args, "api_key_file", None))
    if not value:
        raise CommandError("No key was entered.", EXIT_USAGE)
    key = ApiKey(value, "login")
    environments = _verify(settings, key)
    print(f"The key works: {settings.api_url} shows {_environment_summary(environments)}.")
    try:
        keyring_set(settings.profile, value)
    except KeyringUnavailable as exc:
        raise CommandError(
            f"{exc}. The key was verified but NOT stored. Without a keyring, put it in a file only you can read "
            "(chmod 600) and point COX_API_KEY_FILE or --api-key-file at it.",
            EXIT_NOT_FOUND,
        ) from None
    print(f"Stored in the OS keyring as {KEYRING_SERVICE}/{settings.profile}.")
    ListCache().forget_all()  # lists saved under the profile may be another account's
    if os.environ.get("COX_API_KEY") or os.environ.get("COX_API_KEY_FILE"):
        print("Note: COX_API_KEY or COX_API_KEY_FILE is set in this shell and wins over the keyring.")
    return EXIT_OK


def logout_command(args: argparse.Namespace) -> int:
    settings = load_settings(args)
    if ListCache().forget_all():  # the lists saved for quick starts belong to the session being ended
        print("Removed the saved image lists.")
    try:
        file_note = forget_saved_key_file(settings)
    except ConfigError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    if file_note:
        print(file_note)
    try:
        removed = keyring_delete(settings.profile)
    except KeyringUnavailable as exc:
        if file_note:
            return EXIT_OK
        raise CommandError(str(exc), EXIT_NOT_FOUND) from None
    if removed:
        print(f"Removed the API key of profile {settings.profile} from the OS keyring.")
    elif not file_note:
        raise CommandError(f"No API key is stored in the keyring for profile {settings.profile}.", EXIT_NOT_FOUND)
    if os.environ.get("COX_API_KEY") or os.environ.get("COX_API_KEY_FILE"):
        print("Note: COX_API_KEY or COX_API_KEY_FILE is still set in this shell.")
    return EXIT_OK


def status_command(args: argparse.Namespace) -> int:
    settings = load_settings(args)
    path = settings.config_path
    chosen_by = "" if settings.profile_source == "default" else f", from {settings.profile_source}"
    config_note = "" if path is None else f"  (config {path}{'' if path.exists() else ', not created yet'})"
    rows = [
        ("profile", f"{settings.profile}{chosen_by}{config_note}"),
        ("API URL", settings.api_url),
        ("service", settings.service),
        ("environment", settings.environment or "(not set: the app uses the first the API lists)"),
        ("organisation", settings.organization or "(the key's own)"),
        ("read-only", "yes" if settings.read_only else "no"),
    ]
    lookup = lookup_key(args, settings)
    key = lookup.key
    rows.append(("key source", f"{key.source}  {key.masked()}" if key else "none found"))
    rows += [("", problem) for problem in lookup.problems]
    _print_rows(rows)
    if key is None:
        raise CommandError(lookup.explain(), EXIT_NOT_FOUND)
    environments = _verify(settings, key)
    _print_rows([("key check", f"works: {_environment_summary(environments)}")])
    if settings.environment and settings.environment not in {e.name for e in environments}:
        raise CommandError(
            f"The environment {settings.environment!r} is not among the key's environments.", EXIT_NOT_FOUND
        )
    return EXIT_OK


def _print_rows(rows: list[tuple[str, str]]) -> None:
    for label, value in rows:
        print(f"{label:<13} {value}")
