"""Deleting many images at once, for any front end (never imports textual): `images delete A B`, prune, marks.

At most four delete requests are in flight; each accepted delete is followed as a task of the session's
TaskTracker (so the app's tasks panel and the CLI's journal see it), and every image ends with one result.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING

from ..api.errors import CoxEdgeError, RateLimitedError
from ..text.sentences import sentence
from .image_actions import DeleteLost, DeleteSent, ImageWriter, Refusal, image_label, send_delete
from .image_list_model import environment_of
from .reconcile import status_unless_gone
from .tasks import TaskTracker
from .tracked_task import TaskState, TrackedTask

if TYPE_CHECKING:
    from ..api.models import Image

IN_FLIGHT = 4  # delete requests at once: enough to be quick, few enough not to earn a 429
RATE_LIMIT_TRIES = 4  # sends of one delete the server answered 429 (it did nothing, so sending again is safe)
LONGEST_WAIT = 60.0  # a Retry-After beyond this ends that delete as failed rather than stalling the batch


class Outcome(StrEnum):
    DELETED = "deleted"
    ACCEPTED = "accepted"  # the server took the delete; its task was not followed (no --wait)
    FAILED = "failed"
    REFUSED = "refused"  # a rule of ours (default, protected, read-only…): nothing was sent
    NOT_FOUND = "not found"  # named on the command line, but no such image is listed
    UNKNOWN = "outcome unknown"  # the answer was lost, or following the task stopped before its end


DONE = frozenset({Outcome.DELETED, Outcome.ACCEPTED})
SUMMARY_ORDER = (Outcome.DELETED, Outcome.ACCEPTED, Outcome.REFUSED, Outcome.NOT_FOUND, Outcome.UNKNOWN)


@dataclass(frozen=True)
class DeleteResult:
    """How the delete of one image ended; `reason` says why when it is not done, in words for a person."""

    image_id: str
    label: str  # family:tag, or what was given when no image was found
    outcome: Outcome
    reason: str = ""
    task_id: str | None = None  # the server's task, when there was one
    task_status: str | None = None  # its status as last seen

    @property
    def done(self) -> bool:
        return self.outcome in DONE


def refused(image: Image, refusal: Refusal, named: Callable[[Image], str] = image_label) -> DeleteResult:
    return DeleteResult(image.id, named(image), Outcome.REFUSED, refusal.message)


def split_refused(
    images: Sequence[Image], refuse: Callable[[Image], Refusal | None], named: Callable[[Image], str] = image_label
) -> tuple[list[Image], list[DeleteResult]]:
    """The images that may be deleted, and a REFUSED result (with its reason) for each that may not.

    What a bulk-delete question lists as "left out": default and protected images, each with its reason,
    each labelled by `named` (the Everywhere view's `production: web:v1`).
    """
    chosen: list[Image] = []
    left_out: list[DeleteResult] = []
    for image in images:
        refusal = refuse(image)
        if refusal is None:
            chosen.append(image)
        else:
            left_out.append(refused(image, refusal, named))
    return chosen, left_out


def summary(results: Sequence[DeleteResult]) -> str:
    """`7 deleted, 1 failed: <reason>`: a count per outcome, the failures last with the first one's reason."""
    counts = Counter(r.outcome for r in results)
    parts = [f"{counts[o]} {o.value}" for o in SUMMARY_ORDER if counts[o]]
    failed = [r for r in results if r.outcome is Outcome.FAILED]
    if failed:
        reasons = dict.fromkeys(r.reason for r in failed)
        first = next(iter(reasons))
        said = f"{len(failed)} failed: {first}" if len(reasons) == 1 else f"{len(failed)} failed, the first: {first}"
        parts.append(said.rstrip(": "))
    return sentence(", ".join(parts)) if parts else "Nothing to delete."


class BulkDelete:
    """Deletes a batch of images, each once, and says how each delete ended.

    With a `tracker`, every accepted delete is followed to its end (a delete accepted without a task, or
    whose answer was lost while the image is still there, by checking the image until it is gone); without
    one, an accepted delete ends as ACCEPTED with its task id. A 429 pauses every sender for its Retry-After,
    then the same delete is sent again. `on_flight(image_id, sending)` brackets each request (the app's
    DELETING marks); `on_result` hears of each result as it comes.
    """

    def __init__(
        self,
        client: ImageWriter,
        tracker: TaskTracker | None = None,
        *,
        in_flight: int = IN_FLIGHT,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
        rate_limit_tries: int = RATE_LIMIT_TRIES,
        longest_wait: float = LONGEST_WAIT,
        on_flight: Callable[[str, bool], None] | None = None,
        on_result: Callable[[DeleteResult], None] | None = None,
    ) -> None:
        self._client = client
        self._tracker = tracker
        self._slots = asyncio.Semaphore(in_flight)
        self._sleep = sleep
        self._clock = clock
        self._tries = rate_limit_tries
        self._longest_wait = longest_wait
        self._on_flight = on_flight
        self._on_result = on_result
        self._not_before = 0.0  # no request leaves before this moment (the server asked us to wait)

    async def run(
        self, images: Sequence[Image], refuse: Callable[[Image], Refusal | None] | None = None
    ) -> list[DeleteResult]:
        """One result per image, in the order given; `refuse` is checked first (delete_refusal's rules)."""
        async with asyncio.TaskGroup() as group:
            jobs = [group.create_task(self._one(image, refuse)) for image in images]
        return [job.result() for job in jobs]

    async def _one(self, image: Image, refuse: Callable[[Image], Refusal | None] | None) -> DeleteResult:
        refusal = refuse(image) if refuse is not None else None
        result = refused(image, refusal) if refusal is not None else await self._delete(image)
        if self._on_result is not None:
            self._on_result(result)
        return result

    async def _delete(self, image: Image) -> DeleteResult:
        label = image_label(image)
        sent = await self._send(image)
        if isinstance(sent, DeleteResult):
            return sent
        if isinstance(sent, DeleteLost):
            return await self._lost(image, sent)
        ref = sent.ref
        if ref is None:
            if self._tracker is None:
                return DeleteResult(image.id, label, Outcome.ACCEPTED, "accepted without a task to follow")
            return await self._confirmed(image)
        if self._tracker is None:
            return DeleteResult(image.id, label, Outcome.ACCEPTED, "", ref.task_id, ref.task_status)
        place = environment_of(image)  # an Everywhere row's: its task says where it runs
        tracked = self._tracker.follow(ref, operation="delete", image_id=image.id, label=label, environment=place)
        return ended(image, await self._tracker.wait(tracked.id))

    async def _send(self, image: Image) -> DeleteResult | DeleteSent | DeleteLost:
        """The delete sent once (again only after a 429, when the server did nothing), inside a slot."""
        label = image_label(image)
        async with self._slots:
            for attempt in range(1, self._tries + 1):
                await self._wait_turn()
                self._flight(image.id, True)
                try:
                    return await send_delete(self._client, image)
                except RateLimitedError as exc:
                    wait = exc.retry_after if exc.retry_after is not None else float(2**attempt)
                    if attempt == self._tries or wait > self._longest_wait:
                        return DeleteResult(image.id, label, Outcome.FAILED, reason_of(exc, image))
                    self._not_before = max(self._not_before, self._clock() + wait)
                except CoxEdgeError as exc:
                    return DeleteResult(image.id, label, Outcome.FAILED, reason_of(exc, image))
                finally:
                    self._flight(image.id, False)
        raise AssertionError("unreachable: the last try returns")  # pragma: no cover

    async def _wait_turn(self) -> None:
        left = self._not_before - self._clock()
        if left > 0:
            await self._sleep(left)

    def _flight(self, image_id: str, sending: bool) -> None:
        if self._on_flight is not None:
            self._on_flight(image_id, sending)

    async def _lost(self, image: Image, lost: DeleteLost) -> DeleteResult:
        """The answer was lost and the image asked after: gone is deleted; there is followed, or unknown."""
        label = image_label(image)
        if lost.check_error is not None:
            lost_said = sentence(reason_of(lost.error, image))
            reason = f"{lost_said} Checking the image failed too: {lost.check_error.message}"
            return DeleteResult(image.id, label, Outcome.UNKNOWN, reason)
        if lost.now is None:
            return DeleteResult(image.id, label, Outcome.DELETED, "the answer was lost, but the image is gone")
        if self._tracker is not None:
            return await self._confirmed(image)
        reason = (
            f"the answer was lost and the image is still there ({lost.now.status or 'no status'}): the delete did "
            "not happen, or its task is still running"
        )
        return DeleteResult(image.id, label, Outcome.UNKNOWN, reason)

    async def _confirmed(self, image: Image) -> DeleteResult:
        """No task to follow: the image is checked, like a task, until it is gone or the tracker gives up."""
        assert self._tracker is not None
        check = partial(status_unless_gone, self._client, image.id)
        label, place = image_label(image), environment_of(image)
        tracked = self._tracker.confirm(check, operation="delete", image_id=image.id, label=label, environment=place)
        return ended(image, await self._tracker.wait(tracked.id))


def reason_of(error: CoxEdgeError, image: Image) -> str:
    """The API layer's message without its "Deleting image ID: " opening: each result already names its image."""
    opening = f"Deleting image {image.id}: "
    return error.message.removeprefix(opening) if error.message.startswith(opening) else error.message


def ended(image: Image, task: TrackedTask) -> DeleteResult:
    """The result a followed delete task came to."""
    task_id = task.id if task.server_task else None
    if task.state is TaskState.SUCCEEDED:
        outcome, reason = Outcome.DELETED, ""
    elif task.state is TaskState.FAILED:
        outcome, reason = Outcome.FAILED, task.message
    else:
        outcome, reason = Outcome.UNKNOWN, task.message or f"following the task stopped ({task.status})"
    return DeleteResult(image.id, image_label(image), outcome, reason, task_id, task.status)
