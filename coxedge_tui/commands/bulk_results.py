"""What `images delete A B…` and `images prune` share: one question, the deletes, a line per image, the exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from ..api.errors import CoxEdgeError
from ..api.models import Image
from ..core.bulk_delete import BulkDelete, DeleteResult, Outcome, summary
from ..core.image_actions import Refusal, delete_refusal, image_label
from ..core.protection import Protection
from ..core.tasks import TaskTracker
from ..core.tracked_task import TaskState, TrackedTask
from ..core.usage import describe_usage, workloads_using
from ..text.image_formats import aligned, to_json
from ..text.safe import clean
from ..text.sentences import sentences
from .api_session import ApiSession, note, note_unreadable
from .common import EXIT_NOT_FOUND, EXIT_OK, EXIT_SERVER, EXIT_USAGE, CommandError
from .follow import progress_text

NO_TERMINAL = (
    "Not deleted: confirmation is needed and standard input is not a terminal. Add --yes to delete without asking."
)
RESULT_COLUMNS = ("RESULT", "IMAGE", "TASK", "DETAIL")


def refuse_for(session: ApiSession) -> Callable[[Image], Refusal | None]:
    """The app's delete rules for this session: default images, protected ones, read-only mode."""
    protection = Protection.of(session.settings)
    return lambda image: delete_refusal(image, read_only=session.settings.read_only, protection=protection)


def refuse_read_only(session: ApiSession) -> None:
    """Read-only mode stops the whole command before anything is asked (exit 2), as a single delete does."""
    if session.settings.read_only:
        raise CommandError(
            "Read-only mode: deleting images is off for this session (--read-only, COX_READ_ONLY or the profile).",
            EXIT_USAGE,
        )


async def usage_lines(session: ApiSession, images: Sequence[Image]) -> tuple[dict[str, str], str]:
    """Who uses each image that some workload uses, by id; and a note when that could not be asked."""
    try:
        workloads = await session.client.list_workloads()
    except CoxEdgeError as exc:
        return {}, sentences("Which workloads use them is unknown", clean(exc.message))
    note_unreadable(workloads, "workloads")
    used = {i.id: workloads_using(i, workloads) for i in images}
    return {image_id: describe_usage(users) for image_id, users in used.items() if users}, ""


def ask(question: str, images: Sequence[Image], usage: dict[str, str], left_out: Sequence[DeleteResult]) -> bool:
    """One question on stderr for the whole batch, each image named, those in use flagged; No is the default."""
    lines = [question]
    for image in images:
        lines.append(f"  {clean(image_label(image))}  ({clean(image.id)})")
        if image.id in usage:
            lines.append(f"    ! in use: {clean(usage[image.id])}")
    if left_out:
        lines.append("Left out:")
        lines.extend(f"  {clean(r.label)}  {r.outcome.value}: {clean(r.reason)}" for r in left_out)
    count = f"{len(images)} image" + ("" if len(images) == 1 else "s")
    sys.stderr.write("\n".join(lines) + f"\nThis cannot be undone. Delete {count}? [y/N] ")
    sys.stderr.flush()
    return sys.stdin.readline().strip().lower() in ("y", "yes")


async def delete_all(
    session: ApiSession, args: argparse.Namespace, images: Sequence[Image]
) -> list[DeleteResult]:
    """The deletes, four at a time; with --wait each task is followed to its end and its progress noted."""
    tracker = None
    if args.wait:

        def changed(task: TrackedTask) -> None:
            session.record_task(task)
            if task.state is not TaskState.RUNNING:
                note(clean(progress_text(task) if task.state is TaskState.SUCCEEDED else task.summary))

        tracker = TaskTracker(session.client, on_change=changed, give_up_after=args.timeout)

    def sent(result: DeleteResult) -> None:
        if result.task_id and not args.wait:  # the journal (and Ctrl+C's message) keep each task as it is sent
            status = result.task_status or "PENDING"
            session.record_task(TrackedTask(result.task_id, "delete", result.image_id, result.label, status))

    try:
        return await BulkDelete(session.client, tracker, on_result=sent).run(images, refuse_for(session))
    finally:
        if tracker is not None:
            await tracker.aclose()


def print_results(results: Sequence[DeleteResult], output: str) -> None:
    if output == "json":
        sys.stdout.write(to_json([result_record(r) for r in results]))
    elif results:
        rows = [(r.outcome.value, r.label, r.task_id or "-", r.reason or "-") for r in results]
        sys.stdout.write(aligned(RESULT_COLUMNS, rows))
    sys.stdout.flush()


def result_record(result: DeleteResult) -> dict[str, str | None]:
    return {
        "id": result.image_id,
        "image": result.label,
        "result": result.outcome.value,
        "taskId": result.task_id,
        "taskStatus": result.task_status,
        "reason": result.reason or None,
    }


def finish(results: Sequence[DeleteResult], output: str) -> int:
    """Print the results, say the summary on stderr, and leave with the code the worst result deserves."""
    print_results(results, output)
    note(clean(summary(results)))
    if any(r.outcome is Outcome.ACCEPTED for r in results):
        note("The accepted deletes go on on the server: `coxedge-tui tasks list` shows their tasks; --wait follows.")
    return exit_code(results)


def exit_code(results: Sequence[DeleteResult]) -> int:
    """0 when every image was deleted (or accepted, without --wait); else 5, 4 or 2, the worst first."""
    outcomes = {r.outcome for r in results}
    if outcomes & {Outcome.FAILED, Outcome.UNKNOWN}:
        return EXIT_SERVER
    if Outcome.NOT_FOUND in outcomes:
        return EXIT_NOT_FOUND
    if Outcome.REFUSED in outcomes:
        return EXIT_USAGE
    return EXIT_OK
