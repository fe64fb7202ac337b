"""`tasks get ID`: where a create or delete task is now."""

from __future__ import annotations

import argparse
import json
import sys

from ..api.models import TaskStatus
from ..image_formats import to_json
from ..textsafe import clean
from .api_session import ApiSession, run
from .common import EXIT_OK
from .images import EPILOG, add_command_options

RESULT_CHARS = 2000


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tasks = commands.add_parser(
        "tasks",
        help="show a create or delete task",
        description="Tasks of creates and deletes (they live about 30 minutes on the server).",
    )
    verbs = tasks.add_subparsers(dest="tasks_command", title="commands", metavar="COMMAND", required=True)
    get = verbs.add_parser(
        "get",
        help="show one task",
        description="Show a task's status and result. The exit code is 0 whatever the task's status.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_command_options(get)
    get.add_argument("task_id", metavar="ID", help="the task id a create or delete printed")
    get.add_argument("-o", "--output", choices=("table", "json"), default="table", help="format")
    get.set_defaults(handler=lambda args: run(args, lambda session: get_task(session, args)))


async def get_task(session: ApiSession, args: argparse.Namespace) -> int:
    task = await session.client.get_task(args.task_id)
    created = task.created.isoformat() if task.created else None
    if args.output == "json":
        sys.stdout.write(to_json({"id": task.id, "status": task.status, "created": created, "result": task.result}))
        return EXIT_OK
    outcome = task.outcome
    state = "running" if outcome is None else "succeeded" if outcome is TaskStatus.SUCCESS else "failed"
    result = "-" if task.result is None else json.dumps(task.result, ensure_ascii=False)
    if len(result) > RESULT_CHARS:
        result = result[:RESULT_CHARS] + f"... ({len(result) - RESULT_CHARS} more characters; -o json shows all)"
    rows = [("id", task.id), ("status", f"{task.status} ({state})"), ("created", created or "-"), ("result", result)]
    sys.stdout.write("".join(f"{label:<8} {clean(value)}\n" for label, value in rows))
    return EXIT_OK
