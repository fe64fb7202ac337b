"""What every subcommand shares: exit codes, connection options, settings and the key."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from typing import Any

from ..api.checks import check_no_credentials
from ..api.errors import (
    AuthenticationError,
    CoxEdgeError,
    NetworkError,
    NotFoundError,
    ProtocolError,
    RateLimitedError,
    ServerError,
)
from ..api.key_mask import mask
from ..settings.config import ConfigError, Settings, positive_seconds, resolve
from ..settings.credentials import KeyFileError, KeyLookup, find_api_key
from ..settings.doc import option_help
from ..settings.table import SETTINGS, Kind

EXIT_OK = 0
EXIT_CANCELLED = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_NOT_FOUND = 4
EXIT_SERVER = 5

EXIT_CODES_HELP = """\
exit codes: 0 ok, 1 cancelled at a confirmation prompt, 2 usage, configuration, read-only mode or a request
            the server rejected, 3 API key refused, 4 not found (an image, task or environment; or no key,
            no keyring), 5 server or network failure, or (with --wait) a task that failed or did not finish
            in time, 130 interrupted
"""


class CommandError(Exception):
    """A failure already worded for a person, with the exit code to leave with."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def exit_code_for(error: CoxEdgeError) -> int:
    if isinstance(error, AuthenticationError):
        return EXIT_AUTH
    if isinstance(error, NotFoundError):
        return EXIT_NOT_FOUND
    if isinstance(error, NetworkError | ServerError | ProtocolError | RateLimitedError):
        return EXIT_SERVER
    return EXIT_USAGE


def add_connection_options(parser: argparse.ArgumentParser, *, subcommand: bool = False) -> None:
    """The options that say which account to talk to.

    On a subcommand they default to SUPPRESS so `coxedge-tui --profile x status` and
    `coxedge-tui status --profile x` both work without one erasing the other.
    """
    add_setting_options(parser.add_argument_group("account"), "account", subcommand=subcommand)


def add_setting_options(
    parser: argparse.ArgumentParser | argparse._ArgumentGroup, group: str, *, subcommand: bool = False
) -> None:
    """The flags of the settings table's rows in `group`, with their help, kind and checks."""
    for row in SETTINGS:
        if row.flag is None or row.group != group:
            continue
        names = [row.flag, row.short] if row.short else [row.flag]
        options: dict[str, Any] = {"help": option_help(row), "default": argparse.SUPPRESS if subcommand else None}
        if row.kind is Kind.SWITCH:
            options["action"] = "store_true"
        else:
            options["metavar"] = row.metavar
        if row.kind is Kind.SECONDS:
            options["type"] = seconds_option(allow_zero=row.zero_turns_off)
        parser.add_argument(*names, **options)


def seconds_option(*, allow_zero: bool = False) -> Callable[[str], float]:
    """An argparse type for --timeout and --refresh: config.positive_seconds, its message as the usage error."""

    def seconds(text: str) -> float:
        try:
            return positive_seconds(text, "", allow_zero=allow_zero)
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return seconds


def load_settings(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> Settings:
    try:
        settings = resolve(vars(args), environ)
        check_no_credentials(settings.api_url)  # before anything prints or logs the address
    except ConfigError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    except CoxEdgeError as exc:
        raise CommandError(exc.message, EXIT_USAGE) from None
    return settings


def lookup_key(args: argparse.Namespace, settings: Settings, environ: Mapping[str, str] | None = None) -> KeyLookup:
    try:
        return find_api_key(
            environ,
            profile=settings.profile,
            key_file=getattr(args, "api_key_file", None),
            profile_key_file=settings.api_key_file,
        )
    except KeyFileError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None


def fail(message: str) -> None:
    """Every word for the person on stderr goes through here, so a key the server repeated stays masked."""
    print(f"coxedge-tui: {mask(message)}", file=sys.stderr)
