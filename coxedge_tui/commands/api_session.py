"""The API session of one scripting command: the real account, or the simulator only when asked.

Failures leave as CommandError, worded like the app's messages, with the exit code they deserve.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..api.client import CoxEdgeClient
from ..api.errors import CoxEdgeError, NotFoundError
from ..api.read_list import ReadList
from ..connect import demo_client, real_client
from ..core.task_journal import Account, TaskJournal
from ..settings.config import Settings
from ..settings.credentials import ApiKey
from ..text.safe import clean
from .common import EXIT_NOT_FOUND, EXIT_USAGE, CommandError, exit_code_for, fail, load_settings, lookup_key

if TYPE_CHECKING:
    from ..core.tracked_task import TrackedTask

EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # as a shell reports a command killed by SIGPIPE


@dataclass
class ApiSession:
    client: CoxEdgeClient
    settings: Settings
    key: ApiKey | None  # None on the simulator
    environment_listed: bool = False  # the environment came from the API's own list, so it exists
    sent_tasks: list[str] = field(default_factory=list)  # named by the Ctrl+C message

    def record_task(self, task: TrackedTask, *, add: bool = True) -> None:
        """Write the task to the journal (not on the simulator, whose tasks die with the process).

        `add=False`: only bring an entry already there up to date (`tasks get ID --wait`).
        """
        if task.server_task and task.id not in self.sent_tasks:
            self.sent_tasks.append(task.id)
        if self.settings.demo:
            return
        account = Account(self.settings.profile, self.settings.api_url, task.environment or self.client.environment)
        TaskJournal().record(account, task, add=add)

    def failure(self, error: CoxEdgeError) -> CommandError:
        message = self.key.scrub(error.message) if self.key else error.message
        return CommandError(clean(message, multiline=True), exit_code_for(error))

    async def not_found(self, error: NotFoundError) -> CommandError:
        """A 404 below /services/…/ENV/ may mean ENV itself is unknown: then say so and name the real ones.

        Asked of the environments list (one request, on this failure path only) rather than read from the
        404's wording, which the API does not document.
        """
        environment = self.client.environment
        if not environment or self.environment_listed:
            return self.failure(error)
        try:
            names = [e.name for e in await self.client.list_environments()]
        except CoxEdgeError:
            return self.failure(error)
        if environment in names:
            return self.failure(error)
        known = ", ".join(clean(name) for name in names) if names else "none"
        return CommandError(
            f"Environment '{clean(environment)}' was not found. Environments for this key: {known}.", EXIT_NOT_FOUND
        )

    async def ensure_environment(self, *, writing: bool) -> str:
        """The environment to act in; without one configured, reads use the first the API lists.

        A write never guesses among several environments: it could create or delete in the wrong one.
        """
        if self.client.environment:
            return self.client.environment
        environments = await self.client.list_environments()
        note_unreadable(environments, "environments")
        if not environments:
            raise CommandError("The API lists no environment for this key.", EXIT_NOT_FOUND)
        names = [e.name for e in environments]
        if writing and len(names) > 1:
            raise CommandError(
                "No environment is configured and the key sees several ("
                + clean(", ".join(names))
                + "): name one with --environment or COX_ENVIRONMENT.",
                EXIT_USAGE,
            )
        self.client = self.client.for_environment(names[0])
        self.environment_listed = True
        note(f"no environment is configured; using {clean(names[0])}, the first the API lists (--environment).")
        return names[0]


def note(message: str) -> None:
    """A word for the person at the terminal, on stderr so that stdout stays the data."""
    fail(message)


def note_unreadable(items: list[Any], noun: str) -> None:
    """Say on stderr when some items of a list could not be read and are left out."""
    if isinstance(items, ReadList) and items.unreadable:
        n = items.unreadable
        left = "it is" if n == 1 else "they are"
        note(f"{n} of the {noun} could not be read, so {left} left out ({clean(items.reason)}).")


def open_session(args: argparse.Namespace) -> ApiSession:
    settings = load_settings(args)
    try:
        if settings.demo:
            client, shown = demo_client(settings, latency=0.0)
            note("using the built-in simulator (--demo): nothing here is a real image.")
            return ApiSession(client, shown, None)
        lookup = lookup_key(args, settings)
        if lookup.key is None:
            raise CommandError(
                lookup.explain() + "\nTo try the commands on the built-in simulator instead, add --demo.",
                EXIT_NOT_FOUND,
            )
        for problem in lookup.problems:  # such as a key file other users can read
            note(f"warning: {clean(problem)}")
        return ApiSession(real_client(settings, lookup.key), settings, lookup.key)
    except CoxEdgeError as exc:
        raise CommandError(clean(exc.message), EXIT_USAGE) from None


def run(
    args: argparse.Namespace, body: Callable[[ApiSession], Awaitable[int]], *, in_environment: bool = False
) -> int:
    """Open the session, run the command's coroutine, close the client, map failures to exit codes.

    `in_environment`: the command works below one environment, so a 404 may mean the environment is unknown.
    """
    session = open_session(args)

    async def main() -> int:
        async with session.client:
            try:
                return await body(session)
            except NotFoundError as exc:
                raise (await session.not_found(exc) if in_environment else session.failure(exc)) from None
            except CoxEdgeError as exc:
                raise session.failure(exc) from None

    try:
        return asyncio.run(main())
    except BrokenPipeError:
        # The reader left (`| head`): stop quietly, and keep Python from failing again on its final flush.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        raise CommandError(interrupted_message(session.sent_tasks), EXIT_INTERRUPTED) from None


def interrupted_message(task_ids: list[str]) -> str:
    """What Ctrl+C leaves running, with the command that follows each task already sent."""
    if not task_ids:
        return (
            "Interrupted. A create or delete already sent goes on on the server; `coxedge-tui tasks list` "
            "shows its task, and `coxedge-tui tasks get TASK_ID --wait` follows it to the end."
        )
    follows = "; ".join(f"`coxedge-tui tasks get {clean(task_id)} --wait`" for task_id in task_ids)
    return f"Interrupted. The task goes on on the server; {follows} follows it to the end."
