"""`--wait`: follow a create or delete task to its end, with a progress line on stderr."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from typing import TextIO

from ..api.models import TaskRef
from ..tasks import TaskSource, TaskState, TaskTracker, TrackedTask, duration_text
from ..textsafe import clean
from .common import EXIT_OK, EXIT_SERVER, CommandError

DEFAULT_TIMEOUT = 600.0


class ProgressLine:
    """On a terminal one line rewritten in place (ticking each second); elsewhere one line per change."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self._summary = ""

    def show(self, task: TrackedTask, now: float) -> None:
        summary = clean(task.summary)
        line = f"{summary} ({duration_text(task.elapsed(now))})"
        if self.live:
            self.stream.write(f"\r\x1b[K{line}")
        elif summary != self._summary:
            self.stream.write(line + "\n")
        self._summary = summary
        self.stream.flush()

    def end(self) -> None:
        if self.live and self._summary:
            self.stream.write("\n")
            self.stream.flush()


async def follow(
    client: TaskSource,
    ref: TaskRef,
    *,
    operation: str,
    image_id: str,
    label: str,
    timeout: float = DEFAULT_TIMEOUT,
    stream: TextIO | None = None,
    first_interval: float = 1.0,
) -> int:
    """Wait for the task; 0 when it succeeded, else CommandError (exit 5) saying what is known."""
    progress = ProgressLine(stream or sys.stderr)
    tracker: TaskTracker
    tracker = TaskTracker(
        client,
        on_change=lambda task: progress.show(task, tracker.now()),
        first_interval=first_interval,
        max_interval=max(first_interval, 5.0),
        give_up_after=timeout,
    )
    tracked = tracker.follow(ref, operation=operation, image_id=image_id, label=label)
    ticker = asyncio.get_running_loop().create_task(_tick(progress, tracker, tracked)) if progress.live else None
    try:
        tracked = await tracker.wait(tracked.id)
    finally:
        if ticker is not None:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker
        await tracker.aclose()
        progress.end()
    return outcome(tracked, timeout)


async def _tick(progress: ProgressLine, tracker: TaskTracker, task: TrackedTask) -> None:
    while not task.finished:
        await asyncio.sleep(1.0)
        if not task.finished:
            progress.show(task, tracker.now())


def outcome(task: TrackedTask, timeout: float) -> int:
    """The exit code of a followed task, with words for the command line (not the app's)."""
    label = clean(task.label)
    if task.state is TaskState.SUCCEEDED:
        return EXIT_OK
    if task.state is TaskState.FAILED:
        message = f"{task.operation.capitalize()} of {label} failed on the server: {clean(task.message)}"
    elif task.state is TaskState.TIMED_OUT:
        message = (
            f"Still {clean(task.status)} after {duration_text(timeout)}; the task may still finish on the server. "
            f"`coxedge-tui tasks get {task.id}` shows where it is."
        )
    elif task.state is TaskState.EXPIRED:
        message = (
            f"The task of {label} expired on the server before its outcome was seen; "
            f"`coxedge-tui images get {clean(task.image_id)}` shows the image as it is now."
        )
    else:
        message = f"Following the task of {label} stopped: {clean(task.message)}"
    raise CommandError(message, EXIT_SERVER)
