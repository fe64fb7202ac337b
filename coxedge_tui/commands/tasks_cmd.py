"""`tasks get ID [--wait]`: where a create or delete task is now, or (with --wait) how it ends."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from ..api.models import Task, TaskRef, TaskStatus, task_outcome
from ..core.tracked_task import duration_text
from ..text.image_formats import to_json
from ..text.safe import clean
from .api_session import ApiSession, run
from .common import EXIT_OK, EXIT_SERVER, CommandError
from .follow import ANY_OPERATION, check_wait, follow, outcome

RESULT_CHARS = 2000
# Statuses that say for themselves whether the task is running, succeeded or failed.
PLAIN_STATUSES = frozenset({"PENDING", "RUNNING", "PROCESSING", "IN_PROGRESS", "SUCCESS", "FAILED", "FAILURE"})


def get_command(args: argparse.Namespace) -> int:
    return run(args, lambda session: get_task(session, args))


async def get_task(session: ApiSession, args: argparse.Namespace) -> int:
    if not args.wait:
        _print_task(await session.client.get_task(args.task_id), args.output)
        return EXIT_OK
    check_wait(args.wait, args.timeout)
    loop = asyncio.get_running_loop()
    started = loop.time()
    try:
        async with asyncio.timeout(args.timeout):  # --timeout bounds the first look as well as the following
            task = await session.client.get_task(args.task_id)
    except TimeoutError:
        raise CommandError(
            f"No answer about task {clean(args.task_id)} within {duration_text(args.timeout)}; it may still finish "
            "on the server. Try again, with a longer --timeout.",
            EXIT_SERVER,
        ) from None
    image_id = task.result.get("imageId") if isinstance(task.result, dict) else None
    ref = TaskRef.model_validate({"taskId": task.id, "taskStatus": task.status})
    session.sent_tasks.append(task.id)  # Ctrl+C names it
    tracked = await follow(
        session.client,
        ref,
        operation=ANY_OPERATION,
        image_id=image_id if isinstance(image_id, str) else "",
        label=task.id,
        timeout=max(args.timeout - (loop.time() - started), 0.001),
        on_change=lambda followed: session.record_task(followed, add=False),
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
