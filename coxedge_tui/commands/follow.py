"""`--wait`: follow a create, delete or any task to its end, with a progress line on stderr."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Callable
from typing import TextIO

from ..api.models import TaskRef
from ..core.tasks import Check, TaskSource, TaskTracker
from ..core.tracked_task import PAST_TENSE, PRESENT, TaskState, TrackedTask, duration_text
from ..settings.config import ConfigError, positive_seconds
from ..text.safe import clean
from ..text.sentences import sentence, sentences
from .common import EXIT_OK, EXIT_SERVER, EXIT_USAGE, CommandError
from .parsers import DEFAULT_TIMEOUT

ANY_OPERATION = "task"  # `tasks get ID --wait`: the task's operation is not known


class ProgressLine:
    """On a terminal one line rewritten in place (ticking each second); elsewhere one line per change."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self._summary = ""

    def show(self, task: TrackedTask, now: float) -> None:
        summary = clean(progress_text(task))
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


def subject(task: TrackedTask) -> str:
    """What a message says finished or failed: "Create of web:v1", or "Task 1f64…" for an unknown operation."""
    if task.operation in PRESENT:
        return f"{task.operation.capitalize()} of {task.label}"
    return f"Task {task.id}"


def progress_text(task: TrackedTask) -> str:
    """The task's state in a few words; why it failed comes once, in the final message."""
    doing = f"{PRESENT[task.operation]} {task.label}" if task.operation in PRESENT else f"Task {task.id}"
    if task.state is TaskState.RUNNING:
        return f"{doing}: {task.status}"
    if task.state is TaskState.SUCCEEDED:
        done = PAST_TENSE.get(task.operation)
        return f"{done} {task.label}." if done else f"Task {task.id} succeeded."
    return f"{doing}: {task.state.value}"


def _timeout_problem(timeout: float) -> str | None:
    """Why --timeout is unusable (config.positive_seconds' rule and words), or None."""
    try:
        positive_seconds(timeout, "--timeout")
    except ConfigError as exc:
        return str(exc)
    return None


def check_wait(wait: bool, timeout: float) -> None:
    """Refuse an unusable --timeout before anything is sent; parsing checks it too, other callers may not."""
    problem = _timeout_problem(timeout) if wait else None
    if problem:
        raise CommandError(f"Not sent: {problem}", EXIT_USAGE)


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
    on_change: Callable[[TrackedTask], None] | None = None,
) -> TrackedTask:
    """Wait for the task to end (or the timeout), showing progress; `outcome` turns the result into an exit code.

    `on_change` hears of every change too (the journal).
    """
    problem = _timeout_problem(timeout)
    if problem:  # the write went out already: say how to follow it, never a traceback
        raise CommandError(
            f"Task {clean(ref.task_id)} was not followed: {problem} "
            f"`coxedge-tui tasks get {clean(ref.task_id)} --wait` follows it.",
            EXIT_USAGE,
        )
    return await _followed(
        client,
        lambda tracker: tracker.follow(ref, operation=operation, image_id=image_id, label=label),
        timeout=timeout,
        stream=stream,
        first_interval=first_interval,
        on_change=on_change,
    )


async def confirm_gone(
    client: TaskSource,
    check: Check,
    *,
    image_id: str,
    label: str,
    timeout: float = DEFAULT_TIMEOUT,
    stream: TextIO | None = None,
    first_interval: float = 1.0,
) -> TrackedTask:
    """A delete accepted without a task: wait, with the same progress line, until `check` sees the image gone."""
    return await _followed(
        client,
        lambda tracker: tracker.confirm(check, operation="delete", image_id=image_id, label=label),
        timeout=timeout,
        stream=stream,
        first_interval=first_interval,
    )


async def _followed(
    client: TaskSource,
    start: Callable[[TaskTracker], TrackedTask],
    *,
    timeout: float,
    stream: TextIO | None,
    first_interval: float,
    on_change: Callable[[TrackedTask], None] | None = None,
) -> TrackedTask:
    progress = ProgressLine(stream or sys.stderr)
    tracker: TaskTracker

    def changed(task: TrackedTask) -> None:
        progress.show(task, tracker.now())
        if on_change is not None:
            on_change(task)

    tracker = TaskTracker(
        client,
        on_change=changed,
        first_interval=first_interval,
        max_interval=max(first_interval, 5.0),
        give_up_after=timeout,
    )
    tracked = start(tracker)
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
    return tracked


async def _tick(progress: ProgressLine, tracker: TaskTracker, task: TrackedTask) -> None:
    while not task.finished:
        await asyncio.sleep(1.0)
        if not task.finished:
            progress.show(task, tracker.now())


def outcome(task: TrackedTask, timeout: float) -> int:
    """The exit code of a followed task: 0 when it succeeded, else CommandError (exit 5) saying what is known."""
    if task.state is TaskState.SUCCEEDED:
        return EXIT_OK
    what = clean(subject(task))
    if task.state is TaskState.FAILED:
        message = f"{what} failed on the server: {sentence(clean(task.message))}"
    elif task.state is TaskState.TIMED_OUT and not task.server_task:
        message = sentences(clean(task.message), f"`coxedge-tui images get {clean(task.image_id)}` shows it now")
    elif task.state is TaskState.TIMED_OUT:
        message = (
            f"Still {clean(task.status)} after {duration_text(timeout)}; the task may still finish on the server. "
            f"`coxedge-tui tasks get {clean(task.id)}` shows where it is."
        )
    elif task.state is TaskState.EXPIRED:
        message = f"{what}: the task expired on the server before its outcome was seen."
        if task.image_id:
            message += f" `coxedge-tui images get {clean(task.image_id)}` shows the image as it is now."
    else:
        message = sentences(f"{what}: following the task stopped", clean(task.message))
    raise CommandError(message, EXIT_SERVER)
