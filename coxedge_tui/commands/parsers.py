"""Every subcommand's arguments; each handler's module is imported only when its command runs.

The full-screen UI is the common case, and it should not pay for the scripting commands' imports.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

from .common import EXIT_CODES_HELP, add_connection_options, seconds_option
from .output_options import add_output_options

DEFAULT_TIMEOUT = 600.0  # how long `--wait` follows a task by default
ID_HELP = "the image: its id stackId/family/tag, its reference slug/family:tag (what the app's C copies), or family:tag"
EPILOG = EXIT_CODES_HELP
TYPE_CHOICES = ("all", "default", "custom")

if TYPE_CHECKING:
    Commands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]


QUERY_HELP = (
    "only the images the query shows, as the app's / filter: words (found in any column), family:, tag:, "
    "status:, type:default|custom, env:, used:yes|no, age>30d, age<2h; ! negates a term, quotes hold blanks, "
    "terms all hold (e.g. 'status:ready !family:web age>1d'; the README has more)"
)


def _query(text: str) -> object:
    """--filter's type: the query parsed before anything is sent (its module imported only then)."""
    from .images_filter import query_argument

    return query_argument(text)


def _handler(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    def handle(args: argparse.Namespace) -> int:
        command: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(f"{__package__}.{module}"), name)
        return command(args)

    return handle


def add_parsers(commands: Commands) -> None:
    add_auth_parsers(commands)
    add_image_parsers(commands)
    add_task_parsers(commands)
    add_completion_parser(commands)


def add_auth_parsers(commands: Commands) -> None:
    login = commands.add_parser(
        "login",
        help="verify an API key and store it in the OS keyring",
        description="Prompt for the API key (hidden input; or read it from standard input or --api-key-file), "
        "verify it with the API, and store it in the OS keyring under the profile's name.",
    )
    add_connection_options(login, subcommand=True)
    login.set_defaults(handler=_handler("auth", "login_command"))
    logout = commands.add_parser(
        "logout", help="remove the profile's API key from the OS keyring", description="Forget the stored API key."
    )
    add_connection_options(logout, subcommand=True)
    logout.set_defaults(handler=_handler("auth", "logout_command"))
    status = commands.add_parser(
        "status",
        aliases=["whoami"],
        help="show which key, profile, API URL and environment are used, and whether the key works",
        description="Where the API key comes from (never the key), the profile, the API URL and environment, "
        "and whether the key works (one API call).",
    )
    add_connection_options(status, subcommand=True)
    status.set_defaults(handler=_handler("auth", "status_command"))


def add_command_options(parser: argparse.ArgumentParser) -> None:
    """Account options plus --demo, accepted after the subcommand too."""
    add_connection_options(parser, subcommand=True)
    parser.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="use the built-in simulator; without it a missing key is an error, never a silent demo",
    )


def _leaf(commands: Commands, name: str, help: str, description: str) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        name, help=help, description=description, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_command_options(parser)
    return parser


def add_wait_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wait", action="store_true", help="follow the task to its end (progress on stderr)")
    parser.add_argument(
        "--timeout",
        type=seconds_option(),
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"with --wait, give up following after this long (default {DEFAULT_TIMEOUT:.0f})",
    )


def add_image_parsers(commands: Commands) -> None:
    images = commands.add_parser(
        "images",
        help="list, show, create or delete images without the full-screen UI",
        description="The app's image operations for scripts and shells: same configuration, profiles, "
        "read-only mode and messages. Data goes to stdout, messages to stderr.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verbs = images.add_subparsers(dest="images_command", title="commands", metavar="COMMAND", required=True)

    listing = _leaf(verbs, "list", "list the images of the environment", "List images, as a table, JSON or CSV.")
    listing.add_argument("--type", choices=TYPE_CHOICES, default="all", help="which images (default all)")
    add_output_options(listing, ("table", "json", "csv"))
    listing.add_argument("--filter", metavar="QUERY", type=_query, help=QUERY_HELP)
    listing.add_argument(
        "--all-environments",
        action="store_true",
        default=argparse.SUPPRESS,
        help="every environment the key sees, with an environment column; one that fails is said on stderr "
        "and sets the exit code, the others are listed",
    )
    listing.set_defaults(handler=_handler("images", "list_command"))

    get = _leaf(verbs, "get", "show one image", "Show one image as the server has it now.")
    get.add_argument("image_id", metavar="IMAGE", help=ID_HELP)
    add_output_options(get, ("table", "json"))
    get.add_argument(
        "--used-by", action="store_true", help="show the workloads that run the image and their instances instead"
    )
    get.set_defaults(handler=_handler("images_used_by", "get_command"))

    create = _leaf(
        verbs,
        "create",
        "create a custom image from a VM instance",
        "Create a custom image from an instance of a VM workload. Prints the task id and the image on stdout "
        "(with --wait, once the task has ended, with the image's id and reference).",
    )
    create.add_argument("--family", required=True, help="lower-case letters, digits and '-'")
    create.add_argument("--tag", required=True, help="letters, digits, '_', '.', '-'; at most 128")
    create.add_argument("--workload", required=True, metavar="ID_OR_NAME", help="the VM workload (its id or name)")
    create.add_argument(
        "--instance", required=True, metavar="NAME_OR_ID", help="an instance of that workload (its name or id)"
    )
    create.add_argument("--description", default=None, help="optional, at most 1000 characters")
    create.add_argument(
        "-o", "--output", choices=("table", "json"), default="table", help="format of the task and image"
    )
    add_wait_options(create)
    create.set_defaults(handler=_handler("images", "create_command"))

    add_delete_parsers(verbs)


BULK_EXIT_HELP = """\
with several images (or -o json) the exit code is 0 when every image was deleted (without --wait:
            accepted); else 5 if any delete failed or its outcome is unknown, 4 if any name matched no image,
            2 if any image was refused (a default image, or one the profile's protect patterns protect)

"""
PRUNE_EXIT_HELP = """\
prune's exit code is 0 when every planned delete was done (without --wait: accepted), when nothing was
            to be done, and with --dry-run; else 5 if any delete failed or its outcome is unknown, 2 if any
            was refused

"""


def add_delete_parsers(verbs: Commands) -> None:
    """`images delete` (one image or many) and `images prune`, both on core/bulk_delete.py."""
    delete = _leaf(
        verbs,
        "delete",
        "delete custom images",
        "Delete custom images. Asks once first on a terminal (listing them, and flagging those workloads use); "
        "elsewhere --yes is required. With one image, prints its task id on stdout; with several, a line per "
        "image (result, image, task, detail) and a summary on stderr. Default images and images protected by "
        "the profile's protect patterns are refused.",
    )
    delete.epilog = BULK_EXIT_HELP + EPILOG
    delete.add_argument(
        "image_ids",
        nargs="+",
        metavar="IMAGE",
        help=ID_HELP + "; several may be given, and - reads them from standard input, one a line "
        "(blank lines and # comments are skipped; needs --yes)",
    )
    delete.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    delete.add_argument(
        "-o", "--output", choices=("table", "json"), default="table", help="format of the results (json: an array)"
    )
    add_wait_options(delete)
    delete.set_defaults(handler=_handler("images_delete", "delete_command"))

    prune = _leaf(
        verbs,
        "prune",
        "delete old tags, keeping the newest of each family",
        "Keep the newest N tags of each family (by createdAt) and delete the rest that are older than "
        "--older-than. Never touches default images, images a workload uses, images protected by the profile's "
        "protect patterns, or images that are not READY or FAILED. --dry-run prints the plan: each image with "
        "delete or keep, and why.",
    )
    prune.epilog = PRUNE_EXIT_HELP + EPILOG
    prune.add_argument("--keep", type=_count, required=True, metavar="N", help="tags kept in each family, newest first")
    prune.add_argument(
        "--older-than",
        type=_handler_type("images_prune", "duration_option"),
        metavar="AGE",
        help="delete only tags older than this: 30d, 12h, 2w, 90m (s, m, h, d, w, mo, y)",
    )
    prune.add_argument(
        "--family", action="append", metavar="F", help="only this family (may be given several times)"
    )
    prune.add_argument("--dry-run", action="store_true", help="print the plan; delete nothing")
    prune.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    prune.add_argument(
        "-o", "--output", choices=("table", "json"), default="table", help="format of the plan or the results"
    )
    add_wait_options(prune)
    prune.set_defaults(handler=_handler("images_prune", "prune_command"))


def _count(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of tags (0 or more).")
    return int(text)


def _handler_type(module: str, name: str) -> Callable[[str], str]:
    """An argparse type from a handler's module, imported only when the option is given."""

    def check(text: str) -> str:
        checker: Callable[[str], str] = getattr(importlib.import_module(f"{__package__}.{module}"), name)
        return checker(text)

    return check


def add_task_parsers(commands: Commands) -> None:
    tasks = commands.add_parser(
        "tasks",
        help="show a create or delete task, or list those started here",
        description="Tasks of creates and deletes (they live about 30 minutes on the server).",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verbs = tasks.add_subparsers(dest="tasks_command", title="commands", metavar="COMMAND", required=True)
    get = verbs.add_parser(
        "get",
        help="show one task",
        description="Show a task's status and result. Without --wait the exit code is 0 whatever the task's "
        "status; with --wait it follows the task to its end (progress on stderr), prints it, and exits 0 when it "
        "succeeded, 5 when it failed or did not finish in time.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_command_options(get)
    get.add_argument("task_id", metavar="ID", help="the task id a create or delete printed")
    add_output_options(get, ("table", "json"))
    add_wait_options(get)
    get.set_defaults(handler=_handler("tasks_cmd", "get_command"))
    listing = verbs.add_parser(
        "list",
        help="list the tasks started here (from the local journal)",
        description="The create and delete tasks this profile and API URL started from this machine, from the "
        "app or the command line: those still running and those finished in the last day. Read from the local "
        "journal, without asking the server; `tasks get ID --wait` follows one.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_command_options(listing)
    listing.add_argument("--all", action="store_true", help="every task kept (a day), of every profile and API URL")
    add_output_options(listing, ("table", "json", "csv"))
    listing.set_defaults(handler=_handler("tasks_list", "list_command"))


def add_completion_parser(commands: Commands) -> None:
    completion = commands.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh or fish)",
        description="Print a script that completes coxedge-tui's commands, options, profiles, environments and "
        "image ids (from the saved list) in your shell. It works offline: it never calls the API or reads the key. "
        'bash: eval "$(coxedge-tui completion bash)" in ~/.bashrc; zsh: coxedge-tui completion zsh > '
        '"${fpath[1]}/_coxedge-tui"; fish: coxedge-tui completion fish > ~/.config/fish/completions/coxedge-tui.fish',
    )
    completion.add_argument("shell", choices=("bash", "zsh", "fish"), help="the shell to complete in")
    completion.set_defaults(handler=_handler("completion_scripts", "completion_command"))
