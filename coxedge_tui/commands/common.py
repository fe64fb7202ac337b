"""What every subcommand shares: exit codes, connection options, settings and the key."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping

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
from ..config import ConfigError, Settings, positive_seconds, resolve
from ..credentials import KeyFileError, KeyLookup, find_api_key

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
    default = argparse.SUPPRESS if subcommand else None
    group = parser.add_argument_group("account")
    group.add_argument("--profile", metavar="NAME", default=default, help="profile of the config file [COX_PROFILE]")
    group.add_argument("--api-url", metavar="URL", default=default, help="API base URL [COX_API_URL]")
    group.add_argument(
        "--service", metavar="CODE", default=default, help="service code [COX_SERVICE, default edge-services]"
    )
    group.add_argument(
        "--environment", "-e", metavar="NAME", default=default, help="environment name [COX_ENVIRONMENT]"
    )
    group.add_argument(
        "--org", metavar="ID", default=default, help="organisation id, sent as ?org_id= [COX_ORGANIZATION]"
    )
    group.add_argument(
        "--api-key-file",
        metavar="PATH",
        default=default,
        help="read the API key from this file ('-' = standard input); the key itself is never an argument",
    )
    group.add_argument(
        "--request-timeout",
        metavar="SECONDS",
        default=default,
        help="how long one API request may take in all, connect to last byte, retries included "
        "[COX_REQUEST_TIMEOUT, default 60]",
    )


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
