"""The command line: parse, resolve settings and the key, then hand off to a subcommand or the UI."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn

from . import __version__
from .api.background import end_start_pause
from .commands.common import (
    EXIT_CODES_HELP,
    EXIT_USAGE,
    CommandError,
    add_connection_options,
    add_setting_options,
    fail,
    load_settings,
    lookup_key,
)
from .settings.credentials import STDIN, ApiKey
from .settings.doc import help_epilog

if TYPE_CHECKING:
    from .api.client import CoxEdgeClient
    from .core.tasks import TaskTracker
    from .ui.app import CoxEdgeApp

KEY_LIKE_PARTS = ("key", "token", "secret", "passw", "pwd", "credential", "auth", "bearer")
KEY_LIKE_SHORT = "kKtTpP"  # -k VALUE, -t VALUE, -p VALUE: a key, token or password in other tools
KEY_FILE_OPTION = "--api-key-file"


class _NotForTheApp(Exception):
    """The words need the whole parser: its subcommands, or its own words for a mistake."""


class _AppParser(argparse.ArgumentParser):
    """The top-level options alone: any error is the whole parser's to report, with its usage line."""

    def error(self, message: str) -> NoReturn:
        raise _NotForTheApp(message)


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The command line's parser; without `commands`, only what starting the app reads (no subcommand)."""
    parser = (argparse.ArgumentParser if commands else _AppParser)(
        prog="coxedge-tui",
        description="A terminal UI for Cox Edge virtual-machine images: list, inspect, create, delete "
        "and follow their tasks. Without an API key it opens on the built-in simulator and offers to log in.",
        epilog=help_epilog() + "\n" + EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"coxedge-tui {__version__}")
    add_connection_options(parser)
    add_setting_options(parser, "app")
    add_setting_options(parser.add_argument_group("terminal"), "terminal")
    if commands:
        from .commands import parsers  # the subcommands' options, and the output formats they name

        parsers.add_parsers(parser.add_subparsers(dest="command", title="commands", metavar="COMMAND"))
    return parser


def may_name_a_command(words: Sequence[str]) -> bool:
    """Whether the words may hold a subcommand or ask for help; if not, they are only options for the app.

    Only `--name` and `--name=value` words are the app's for sure: any other word may be a command, a value,
    a short option or `--`, and goes to the whole parser (as does any prefix of --help).
    """
    for word in words:
        name = word.split("=", 1)[0]
        if not name.startswith("--") or name == "--" or "--help".startswith(name):
            return True
    return False


def parse_arguments(words: Sequence[str]) -> argparse.Namespace:
    """The parsed words. Starting the app builds no subcommand parser: their options and imports cost ~20 ms."""
    if not may_name_a_command(words):
        try:
            args, extra = build_parser(commands=False).parse_known_args(words)
        except _NotForTheApp:
            pass  # the whole parser says what is wrong, as it always has
        else:
            if not extra:
                args.command = None
                return args
    return build_parser().parse_args(words)


def looks_like_key_option(word: str) -> bool:
    """--api_key, --API-KEY, --apikey, --token=…, -k…: any spelling of an option that would carry a secret.

    Checked before argparse, which repeats unknown arguments (the value too) in its error.
    """
    if word.startswith("--"):
        name = word.split("=", 1)[0]
        if len(name) > len("--api-key") and KEY_FILE_OPTION.startswith(name):
            return False  # --api-key-file, or an abbreviation of it that argparse accepts
        compact = "".join(c for c in name.lower() if c.isalnum())
        return any(part in compact for part in KEY_LIKE_PARTS)
    return len(word) > 1 and word[0] == "-" and word[1] in KEY_LIKE_SHORT


def refuses_key_in_argv(argv: Sequence[str]) -> bool:
    """A key typed as an argument would sit in `ps` and shell history: refuse without echoing it."""
    words = list(argv)
    options = words[: words.index("--")] if "--" in words else words
    return any(looks_like_key_option(word) for word in options)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] in (["__complete"], ["__complete_bash"]):  # the shell asks for candidates (commands/completion.py)
        from .commands import completion

        return completion.main(build_parser(), words[0], words[1:])
    if refuses_key_in_argv(words):
        fail(
            "the API key is never taken on the command line (it would show in the process list and shell "
            "history). Use `coxedge-tui login`, COX_API_KEY, or --api-key-file PATH ('-' for standard input)."
        )
        return EXIT_USAGE
    args = parse_arguments(words)
    if args.debug:
        from . import debuglog

        print(f"coxedge-tui: debug log: {debuglog.start(os.environ.get('COX_API_KEY', ''))}", file=sys.stderr)
    try:
        if args.command is not None:
            end_start_pause()  # a command's run is no start: collections resume before it (launch.py)
            return int(args.handler(args))
        return run_app(args)
    except CommandError as exc:
        fail(exc.message)
        return exc.code
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): say nothing more, and keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _reattach_terminal() -> None:
    """After the key came through a pipe, the UI still needs the keyboard: read it from /dev/tty."""
    if sys.stdin.isatty():
        return
    try:
        terminal = os.open("/dev/tty", os.O_RDWR)
    except OSError:
        raise CommandError(
            "the key was read from standard input and no terminal is left for the UI; "
            "use --api-key-file PATH or COX_API_KEY_FILE instead.",
            EXIT_USAGE,
        ) from None
    os.dup2(terminal, 0)
    os.close(terminal)


def run_app(args: argparse.Namespace) -> int:
    app = build_app(args)
    app.run(mouse=app.session.settings.mouse)
    print_key_problems(app)
    print_left_running(app)
    return app.return_code or 0


def print_key_problems(app: CoxEdgeApp) -> None:
    """The profile's keys that could not be used, as the app said at start: the terminal keeps them."""
    for problem in app.key_problems:
        fail(f"keys: {problem}")


def print_left_running(app: CoxEdgeApp) -> None:
    """After the terminal is restored: each task still running, and the command that follows it."""
    import shlex

    from .settings.table import DEFAULT_PROFILE
    from .text.safe import clean

    left = app.left_running()
    if not left:
        return
    profile = app.session.profile.profile
    options = "" if profile == DEFAULT_PROFILE else f" --profile {shlex.quote(profile)}"
    print(f"coxedge-tui: {len(left)} task(s) still running on the server; these follow them:", file=sys.stderr)
    for task in left:
        command = f"coxedge-tui tasks get {shlex.quote(clean(task.id))}{options} --wait"
        print(f"  {command}    # {clean(task.summary)}", file=sys.stderr)


def build_app(args: argparse.Namespace, *, tracker: Callable[..., TaskTracker] | None = None) -> CoxEdgeApp:
    """The app for these arguments: the real account when a key is found, else the simulator and login.

    `tracker` builds the task tracker, as `CoxEdgeApp` takes it (tests pass task checks on virtual time).
    """
    from .api.errors import CoxEdgeError
    from .connect import Account, check_connection, demo_client, demo_settings, real_client

    settings = load_settings(args)
    account = Account(settings)
    if not settings.demo:
        account.lookup = lookup_key(args, settings)
        account.key = account.lookup.key
        if args.debug and account.key is not None:
            from . import debuglog

            debuglog.protect(account.key.value)
        if args.api_key_file == STDIN:
            _reattach_terminal()
    client: CoxEdgeClient | Callable[[], CoxEdgeClient]
    try:
        if account.key is not None:
            # A bad address, key or CA file stops the start here; the client is built after the first paint.
            key = account.key
            check_connection(settings, key)
            client, shown = (lambda: real_client(settings, key)), settings
        elif settings.demo or not settings.wants_real_portal:
            # Built after the first paint: the demo cannot fail to connect, and its imports wait.
            client, shown = (lambda: demo_client(settings)[0]), demo_settings(settings)
            account.login_at_start = not settings.demo
        else:
            # The user named a real portal: no simulator, the login screen until a key is given.
            client, shown = real_client(settings, ApiKey("", "none")), settings
            account.login_at_start = True
    except CoxEdgeError as exc:
        raise CommandError(exc.message, EXIT_USAGE) from None
    from .core.list_cache import ListCache
    from .core.tasks import TaskTracker
    from .ui.app import CoxEdgeApp

    list_cache = ListCache() if settings.cache else None
    return CoxEdgeApp(client, shown, account=account, list_cache=list_cache, tracker=tracker or TaskTracker)
