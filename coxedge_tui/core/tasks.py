"""Following create/delete tasks to their end, for any front end (never imports textual).

One `TaskTracker` per session follows every task the session starts: one asyncio
task per followed task polls `GET /tasks/:id`, starting fast and backing off, so
a slow answer for one task never delays the others.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

from ..api.errors import (
    AuthenticationError,
    CoxEdgeError,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    ServerError,
)
from ..api.kinds import TaskStatus
from .tracked_task import NO_REASON, PAST_TENSE, TaskState, TrackedTask, duration_text, failure_reason

if TYPE_CHECKING:
    from ..api.models import Task, TaskRef

# The model is re-exported for callers that import it with the tracker (commands/images.py, the tests).
__all__ = ["Check", "TaskSource", "TaskState", "TaskTracker", "TrackedTask", "duration_text", "failure_reason"]

log = logging.getLogger(__name__)

CHECKING = "Accepted without a task to follow; checking the image until it is gone."
ACCEPTED = "ACCEPTED"  # the status of a write accepted without a task, until the check sees it through

# Checks a write accepted without a task: None once its outcome is seen, else what the resource says now.
Check = Callable[[], Awaitable["str | None"]]


class TaskSource(Protocol):
    """What the tracker needs from the API layer; `CoxEdgeClient` is one."""

    async def get_task(self, task_id: str) -> Task: ...


class TaskTracker:
    def __init__(
        self,
        client: TaskSource,
        *,
        on_change: Callable[[TrackedTask], None] | None = None,
        first_interval: float = 1.0,
        max_interval: float = 5.0,
        backoff: float = 1.5,
        give_up_after: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if first_interval <= 0 or max_interval < first_interval or backoff < 1 or not 0 < give_up_after < math.inf:
            raise ValueError(
                "Task polling needs first_interval > 0, max_interval >= first_interval, backoff >= 1 "
                "and a finite give_up_after > 0."
            )
        self._client = client
        self._on_change = on_change
        self.first_interval = first_interval
        self.max_interval = max_interval
        self.backoff = backoff
        self.give_up_after = give_up_after
        self._clock = clock
        self._sleep = sleep
        self._tasks: dict[str, TrackedTask] = {}
        self._checks: dict[str, Check] = {}
        self._done: dict[str, asyncio.Event] = {}
        self._pollers: set[asyncio.Task[None]] = set()
        self._closed = False

    @property
    def tasks(self) -> list[TrackedTask]:
        """Every task of the session, oldest first."""
        return list(self._tasks.values())

    def now(self) -> float:
        """The tracker's clock, for elapsed times shown beside its tasks."""
        return self._clock()

    @property
    def running(self) -> list[TrackedTask]:
        return [t for t in self._tasks.values() if not t.finished]

    def follow(
        self, ref: TaskRef, *, operation: str, image_id: str, label: str, environment: str = ""
    ) -> TrackedTask:
        """Start following a task; must be called inside a running event loop. `environment`: where it runs.

        `on_change` is called once at once with the new task (already finished when
        the server answered SUCCESS or FAILED), then on every later change.
        """
        if self._closed:
            raise RuntimeError("The task tracker is closed; no more tasks can be followed.")
        known = self._tasks.get(ref.task_id)
        if known is not None:
            return known
        loop = asyncio.get_running_loop()
        tracked = TrackedTask(
            id=ref.task_id,
            operation=operation,
            image_id=image_id,
            label=label,
            status=ref.task_status,
            started=self._clock(),
            environment=environment,
        )
        self._tasks[tracked.id] = tracked
        self._done[tracked.id] = asyncio.Event()
        outcome = ref.outcome
        reasons = (ref.result, ref.error, ref.message)
        if outcome is TaskStatus.FAILED and failure_reason(*reasons) == NO_REASON:
            # Failed at once without a word: one read of the task may say why (on_change hears it then).
            self._start(loop.create_task(self._read_reason(tracked), name=f"read-task-{tracked.id}"))
            return tracked
        if outcome is not None:
            self._settle_outcome(tracked, outcome, *reasons)
            return tracked
        self._notify(tracked)
        self._start(loop.create_task(self._follow(tracked), name=f"follow-task-{tracked.id}"))
        return tracked

    def _start(self, poller: asyncio.Task[None]) -> None:
        self._pollers.add(poller)
        poller.add_done_callback(self._pollers.discard)

    async def _read_reason(self, tracked: TrackedTask) -> None:
        tracked.polls += 1
        try:
            task = await self._client.get_task(tracked.id)
        except CoxEdgeError:
            self._settle_outcome(tracked, TaskStatus.FAILED, None)
        else:
            self._settle_outcome(tracked, TaskStatus.FAILED, task.result, task.error, task.message)

    def confirm(
        self, check: Check, *, operation: str, image_id: str, label: str, environment: str = ""
    ) -> TrackedTask:
        """Follow a write the server accepted without a task (a delete answered 204) by checking its effect.

        `check` is polled like a task, fast then backing off, until it answers None or `give_up_after` passes.
        """
        if self._closed:
            raise RuntimeError("The task tracker is closed; no more tasks can be followed.")
        tracked = TrackedTask(
            id=f"no task #{len(self._checks) + 1}",
            operation=operation,
            image_id=image_id,
            label=label,
            status=ACCEPTED,
            started=self._clock(),
            message=CHECKING,
            server_task=False,
            environment=environment,
        )
        self._tasks[tracked.id] = tracked
        self._checks[tracked.id] = check
        self._done[tracked.id] = asyncio.Event()
        self._notify(tracked)
        poller = asyncio.get_running_loop().create_task(self._follow(tracked), name=f"confirm-{tracked.id}")
        self._pollers.add(poller)
        poller.add_done_callback(self._pollers.discard)
        return tracked

    def remember(self, task: TrackedTask) -> None:
        """List a task that ended in an earlier session beside this session's; it is not followed."""
        if task.id in self._tasks or not task.finished:
            return
        self._tasks[task.id] = task
        self._done[task.id] = done = asyncio.Event()
        done.set()

    async def wait(self, task_id: str) -> TrackedTask:
        """Resolve when the task has finished, or when the tracker is closed (then it may still be RUNNING)."""
        done = self._done.get(task_id)
        if done is None:
            raise KeyError(f"No task {task_id!r} is followed in this session.")
        await done.wait()
        return self._tasks[task_id]

    async def aclose(self) -> None:
        """Stop polling; the tasks themselves keep running on the server."""
        self._closed = True
        pollers = list(self._pollers)
        for poller in pollers:
            poller.cancel()
        await asyncio.gather(*pollers, return_exceptions=True)
        for done in self._done.values():
            done.set()

    async def stop_following(self, reason: str) -> None:
        """Stop polling every running task (the session changed account); they go on on the server."""
        pollers = list(self._pollers)
        for poller in pollers:
            poller.cancel()
        await asyncio.gather(*pollers, return_exceptions=True)
        for tracked in self.running:
            self._finish(tracked, TaskState.ERROR, reason)

    async def _follow(self, tracked: TrackedTask) -> None:
        try:
            await self._poll_until_finished(tracked)
        except Exception as exc:  # a bug must not leave the task RUNNING forever with nobody polling
            log.exception("Following task %s stopped", tracked.id)
            self._finish(
                tracked,
                TaskState.ERROR,
                f"Following the task stopped unexpectedly ({type(exc).__name__}). "
                "It may still finish on the server; refresh the images to see its outcome.",
            )

    async def _poll_until_finished(self, tracked: TrackedTask) -> None:
        deadline = tracked.started + self.give_up_after
        interval = self.first_interval
        delay = interval
        while True:
            # The last sleep is cut short so the give-up happens on time, without an extra early poll.
            await self._sleep(max(0.0, min(delay, deadline - self._clock())))
            if self._clock() >= deadline:
                self._give_up(tracked)
                return
            retry_after = await self._poll_before(tracked, deadline)
            if tracked.finished:
                return
            interval = min(interval * self.backoff, self.max_interval)
            delay = max(interval, retry_after or 0.0)

    async def _poll_before(self, tracked: TrackedTask, deadline: float) -> float | None:
        """One poll, cut off at the give-up deadline: a slow server cannot stretch the wait past it.

        The cut-off runs on the event loop's clock, which the injected one stands for outside tests.
        """
        limit = asyncio.timeout(max(0.0, deadline - self._clock()))
        try:
            async with limit:
                return await self._poll_once(tracked)
        except TimeoutError:
            if not limit.expired():
                raise
            self._update(tracked, tracked.status, "The last check had no answer before the time ran out.")
            return None

    async def _poll_once(self, tracked: TrackedTask) -> float | None:
        """One GET /tasks; returns the server's Retry-After when it asked us to slow down."""
        tracked.polls += 1
        check = self._checks.get(tracked.id)
        try:
            if check is not None:
                self._checked(tracked, await check())
                return None
            task = await self._client.get_task(tracked.id)
        except NotFoundError:
            self._finish(
                tracked,
                TaskState.EXPIRED,
                "The task expired on the server before its outcome was seen; "
                "the images will be refreshed to show the outcome.",
            )
        except AuthenticationError as exc:
            self._finish(tracked, TaskState.ERROR, exc.message)
        except RateLimitedError as exc:
            self._update(tracked, tracked.status, f"Last check failed, will retry: {exc.message}")
            return exc.retry_after
        except (NetworkError, ServerError) as exc:
            self._update(tracked, tracked.status, f"Last check failed, will retry: {exc.message}")
        except CoxEdgeError as exc:
            self._finish(
                tracked,
                TaskState.ERROR,
                f"{exc.message} The task may still finish on the server; refresh the images to see its outcome.",
            )
        else:
            outcome = task.outcome
            tracked.result = task.result
            if outcome is None:
                self._update(tracked, task.status, "")
            else:
                tracked.status = task.status
                self._settle_outcome(tracked, outcome, task.result, task.error, task.message)
        return None

    def _checked(self, tracked: TrackedTask, now: str | None) -> None:
        if now is None:
            self._settle_outcome(tracked, TaskStatus.SUCCESS, None)
        else:
            self._update(tracked, now or tracked.status, CHECKING)

    def _settle_outcome(self, tracked: TrackedTask, outcome: TaskStatus, result: object, *more: object) -> None:
        tracked.result = result
        if outcome is TaskStatus.SUCCESS:
            done = PAST_TENSE.get(tracked.operation)
            self._finish(tracked, TaskState.SUCCEEDED, f"{done} {tracked.label}." if done else "Succeeded.")
        else:
            self._finish(tracked, TaskState.FAILED, failure_reason(result, *more))

    def _give_up(self, tracked: TrackedTask) -> None:
        if not tracked.server_task:
            self._finish(
                tracked,
                TaskState.TIMED_OUT,
                f"Still there ({tracked.status}) after {duration_text(self.give_up_after)}: the server accepted the "
                f"{tracked.operation} without a task to follow, and the image has not gone. Refresh the images to "
                f"see; {tracked.operation} again if it stays.",
            )
            return
        last = f" {tracked.message}" if tracked.message else ""
        self._finish(
            tracked,
            TaskState.TIMED_OUT,
            f"Still {tracked.status} after {duration_text(self.give_up_after)}; it may still finish on the "
            f"server. Refresh the images to see its outcome.{last}",
        )

    def _update(self, tracked: TrackedTask, status: str, message: str) -> None:
        if (status, message) == (tracked.status, tracked.message):
            return
        tracked.status, tracked.message = status, message
        self._notify(tracked)

    def _finish(self, tracked: TrackedTask, state: TaskState, message: str) -> None:
        tracked.state = state
        tracked.message = message
        tracked.ended = self._clock()
        self._done[tracked.id].set()
        self._notify(tracked)

    def _notify(self, tracked: TrackedTask) -> None:
        if self._on_change is None:
            return
        try:
            self._on_change(tracked)
        except Exception:  # a listener's bug must not stop the task being followed
            log.exception("on_change failed for task %s", tracked.id)
