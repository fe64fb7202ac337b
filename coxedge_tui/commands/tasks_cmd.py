"""`tasks get ID [--wait]`: where a create or delete task is now, or (with --wait) how it ends."""

from __future__ import annotations

import argparse
import json
import sys

from ..api.models import Task, TaskRef, TaskStatus, task_outcome
from ..image_formats import to_json
from ..textsafe import clean
from .api_session import ApiSession, run
from .common import EXIT_CODES_HELP, EXIT_OK
from .follow import ANY_OPERATION, follow, outcome
from .images import add_command_options, add_wait_options

RESULT_CHARS = 2000
# Statuses that say for themselves whether the task is running, succeeded or failed.
PLAIN_STATUSES = frozenset({"PENDING", "RUNNING", "PROCESSING", "IN_PROGRESS", "SUCCESS", "FAILED", "FAILURE"})


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tasks = commands.add_parser(
        "tasks",
        help="show a create or delete task",
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
    get.add_argument("-o", "--output", choices=("table", "json"), default="table", help="format")
    add_wait_options(get)
    get.set_defaults(handler=lambda args: run(args, lambda session: get_task(session, args)))


async def get_task(session: ApiSession, args: argparse.Namespace) -> int:
    task = await session.client.get_task(args.task_id)
    if not args.wait:
        _print_task(task, args.output)
        return EXIT_OK
    image_id = task.result.get("imageId") if isinstance(task.result, dict) else None
    ref = TaskRef.model_validate({"taskId": task.id, "taskStatus": task.status})
    tracked = await follow(
        session.client,
        ref,
        operation=ANY_OPERATION,
        image_id=image_id if isinstance(image_id, str) else "",
        label=task.id,
        timeout=args.timeout,
    )
    result = task.result if tracked.result is None else tracked.result
    _print_task(task.model_copy(update={"status": tracked.status, "result": result}), args.output)
    return outcome(tracked, args.timeout)


def status_text(status: str) -> str:
    """The status as the server sent it; what it means only when the word does not say so itself."""
    if status.strip().upper() in PLAIN_STATUSES:
        return status
    meaning = {TaskStatus.SUCCESS: "succeeded", TaskStatus.FAILED: "failed", None: "not finished"}
    return f"{status} (undocumented status; taken as {meaning[task_outcome(status)]})"


def _print_task(task: Task, output: str) -> None:
    created = task.created.isoformat() if task.created else None
    if output == "json":
        sys.stdout.write(to_json({"id": task.id, "status": task.status, "created": created, "result": task.result}))
        return
    result = "-" if task.result is None else json.dumps(task.result, ensure_ascii=False)
    if len(result) > RESULT_CHARS:
        result = result[:RESULT_CHARS] + f"... ({len(result) - RESULT_CHARS} more characters; -o json shows all)"
    rows = [("id", task.id), ("status", status_text(task.status)), ("created", created or "-"), ("result", result)]
    sys.stdout.write("".join(f"{label:<8} {clean(value)}\n" for label, value in rows))
