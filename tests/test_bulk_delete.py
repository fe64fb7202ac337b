"""Deleting many images at once (core/bulk_delete.py) on the in-process simulator, under its faults."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from typing import Protocol

import pytest

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.api.models import Image, ImageType, TaskRef
from coxedge_tui.core.bulk_delete import BulkDelete, DeleteResult, Outcome, split_refused, summary
from coxedge_tui.core.everywhere import placed
from coxedge_tui.core.image_actions import ImageActions, delete_refusal
from coxedge_tui.core.protection import Protection
from coxedge_tui.core.tasks import TaskTracker
from coxedge_tui.sim import Simulator
from coxedge_tui.sim.faults import Endpoint, FaultKind

ENV = "test-area"
NOW = datetime(2026, 11, 30, tzinfo=UTC)
BROKEN = "Simulated fault: another operation on this image is in progress (HTTP 409)."


class FakeClock(Protocol):
    """conftest's `clock` fixture: moved by hand."""

    def __call__(self) -> float: ...

    def advance(self, seconds: float) -> None: ...


class Waits:
    """A sleep that moves the fake clock instead of waiting, and remembers each wait."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.clock.advance(seconds)
        await asyncio.sleep(0)


@pytest.fixture
def waits(clock: FakeClock) -> Waits:
    return Waits(clock)


@pytest.fixture
async def tracker(client: CoxEdgeClient, clock: FakeClock, waits: Waits) -> AsyncIterator[TaskTracker]:
    tracker = TaskTracker(client, clock=clock, sleep=waits, give_up_after=600)
    yield tracker
    await tracker.aclose()


async def customs(client: CoxEdgeClient, n: int) -> list[Image]:
    return list(await client.list_images(ImageType.CUSTOM))[:n]


def deletes(sim: Simulator) -> list[str]:
    return [path for method, path in sim.requests if method == "DELETE"]


def outcomes(results: Sequence[DeleteResult]) -> list[Outcome]:
    return [r.outcome for r in results]


def bulk(client: CoxEdgeClient, tracker: TaskTracker | None, waits: Waits, clock: FakeClock) -> BulkDelete:
    return BulkDelete(client, tracker, sleep=waits, clock=clock)


async def test_every_image_is_deleted_and_followed_as_a_task_in_the_order_given(
    client: CoxEdgeClient, sim: Simulator, tracker: TaskTracker, waits: Waits, clock: FakeClock
) -> None:
    images = await customs(client, 5)

    results = await bulk(client, tracker, waits, clock).run(images)

    assert [r.image_id for r in results] == [i.id for i in images]
    assert outcomes(results) == [Outcome.DELETED] * 5
    assert {t.image_id for t in tracker.tasks} == {i.id for i in images}
    assert all(sim.image(ENV, i.id) is None for i in images)
    assert len(deletes(sim)) == 5
    assert summary(results) == "5 deleted."


async def test_the_everywhere_views_rows_are_deleted_and_followed_in_their_own_environment(
    client: CoxEdgeClient, sim: Simulator, tracker: TaskTracker, waits: Waits, clock: FakeClock
) -> None:
    production = client.for_environment("production")
    rows = [placed(image, "production") for image in await customs(production, 2)]

    results = await bulk(production, tracker, waits, clock).run(rows)

    assert outcomes(results) == [Outcome.DELETED] * 2
    assert all(sim.image("production", row.id) is None for row in rows)
    assert [(t.image_id, t.environment) for t in tracker.tasks] == [(row.id, "production") for row in rows]


class Counting:
    """The client, counting the delete requests in flight at once."""

    def __init__(self, client: CoxEdgeClient) -> None:
        self.client = client
        self.now = 0
        self.most = 0

    async def delete_image(self, image_id: str) -> TaskRef | None:
        self.now += 1
        self.most = max(self.most, self.now)
        try:
            for _ in range(5):  # the answer takes a while: the other senders get their turn meanwhile
                await asyncio.sleep(0)
            return await self.client.delete_image(image_id)
        finally:
            self.now -= 1

    def __getattr__(self, name: str) -> object:
        return getattr(self.client, name)


async def test_at_most_four_deletes_are_in_flight_at_once(
    client: CoxEdgeClient, sim: Simulator, waits: Waits, clock: FakeClock
) -> None:
    counting = Counting(client)
    images = await customs(client, 10)

    results = await BulkDelete(counting, None, sleep=waits, clock=clock).run(images)  # type: ignore[arg-type]

    assert counting.most == 4
    assert outcomes(results) == [Outcome.ACCEPTED] * 10
    assert all(r.task_id for r in results)


async def test_one_delete_of_five_refused_by_the_server_fails_alone_with_its_reason(
    client: CoxEdgeClient, sim: Simulator, tracker: TaskTracker, waits: Waits, clock: FakeClock
) -> None:
    images = await customs(client, 5)
    sim.faults.inject(Endpoint.DELETE, FaultKind.CONFLICT)

    results = await bulk(client, tracker, waits, clock).run(images)

    failed = [r for r in results if r.outcome is Outcome.FAILED]
    assert len(failed) == 1 and failed[0].reason == BROKEN
    assert sorted(outcomes(results)) == sorted([Outcome.DELETED] * 4 + [Outcome.FAILED])
    assert sim.image(ENV, failed[0].image_id) is not None
    assert summary(results) == f"4 deleted, 1 failed: {failed[0].reason}"


async def test_a_lost_answer_is_never_sent_again_and_the_image_is_checked_until_gone(
    client: CoxEdgeClient, sim: Simulator, tracker: TaskTracker, waits: Waits, clock: FakeClock
) -> None:
    images = await customs(client, 5)
    sim.faults.inject(Endpoint.DELETE, FaultKind.DROP)

    results = await bulk(client, tracker, waits, clock).run(images)

    assert outcomes(results) == [Outcome.DELETED] * 5
    assert len(deletes(sim)) == 5
    assert all(sim.image(ENV, i.id) is None for i in images)
    assert sum(not t.server_task for t in tracker.tasks) == 1  # the lost one, followed by checking the image


async def test_without_following_a_lost_answer_with_the_image_still_there_is_an_unknown_outcome(
    client: CoxEdgeClient, sim: Simulator, waits: Waits, clock: FakeClock
) -> None:
    images = await customs(client, 3)
    sim.faults.inject(Endpoint.DELETE, FaultKind.DROP)

    results = await bulk(client, None, waits, clock).run(images)

    assert outcomes(results) == [Outcome.UNKNOWN, Outcome.ACCEPTED, Outcome.ACCEPTED]
    assert "the answer was lost and the image is still there (READY)" in results[0].reason
    assert summary(results) == "2 accepted, 1 outcome unknown."


async def test_a_429_pauses_the_senders_for_its_retry_after_then_sends_that_delete_again(
    client: CoxEdgeClient, sim: Simulator, tracker: TaskTracker, waits: Waits, clock: FakeClock
) -> None:
    images = await customs(client, 5)
    sim.faults.inject(Endpoint.DELETE, FaultKind.RATE_LIMITED)

    results = await BulkDelete(client, tracker, sleep=waits, clock=clock).run(images)

    assert outcomes(results) == [Outcome.DELETED] * 5
    assert len(deletes(sim)) == 6  # the refused one once more: a 429 means the server did nothing
    assert 2.0 in waits.waits  # the simulator's Retry-After


async def test_a_server_that_keeps_answering_429_fails_those_deletes_after_four_tries(
    client: CoxEdgeClient, sim: Simulator, waits: Waits, clock: FakeClock
) -> None:
    images = await customs(client, 2)
    sim.faults.always(Endpoint.DELETE, FaultKind.RATE_LIMITED)

    results = await BulkDelete(client, None, sleep=waits, clock=clock).run(images)

    assert outcomes(results) == [Outcome.FAILED] * 2
    assert len(deletes(sim)) == 8
    assert summary(results).startswith("2 failed: ") and "too many requests" in summary(results)


async def test_a_retry_after_longer_than_a_minute_fails_the_delete_rather_than_stall(
    client: CoxEdgeClient, sim: Simulator, waits: Waits, clock: FakeClock
) -> None:
    sim.faults.retry_after_seconds = 3600
    sim.faults.inject(Endpoint.DELETE, FaultKind.RATE_LIMITED)

    results = await BulkDelete(client, None, sleep=waits, clock=clock).run(await customs(client, 1))

    assert outcomes(results) == [Outcome.FAILED]
    assert waits.waits == []


async def test_a_task_that_fails_on_the_server_is_a_failure_with_its_reason(
    client: CoxEdgeClient, sim: Simulator, tracker: TaskTracker, waits: Waits, clock: FakeClock
) -> None:
    sim.fail_next_tasks = 1

    results = await bulk(client, tracker, waits, clock).run(await customs(client, 2))

    assert outcomes(results) == [Outcome.FAILED, Outcome.DELETED]
    assert results[0].reason == "The simulated operation failed on the edge node."
    assert results[0].task_id is not None


async def test_a_delete_accepted_without_a_task_is_followed_until_the_image_is_gone(
    client: CoxEdgeClient, sim: Simulator, tracker: TaskTracker, waits: Waits, clock: FakeClock
) -> None:
    sim.faults.inject(Endpoint.DELETE, FaultKind.NO_CONTENT)

    results = await bulk(client, tracker, waits, clock).run(await customs(client, 1))

    assert outcomes(results) == [Outcome.DELETED]
    assert results[0].task_id is None


async def test_refused_images_are_never_sent_and_say_why(
    client: CoxEdgeClient, sim: Simulator, tracker: TaskTracker, waits: Waits, clock: FakeClock
) -> None:
    default = next(i for i in await client.list_images(ImageType.DEFAULT))
    web = next(i for i in await client.list_images(ImageType.CUSTOM) if i.family == "web")
    other = next(i for i in await client.list_images(ImageType.CUSTOM) if i.family != "web")
    protection = Protection(("web:*",), "prod")
    seen: list[DeleteResult] = []

    results = await BulkDelete(client, tracker, sleep=waits, clock=clock, on_result=seen.append).run(
        [default, web, other], lambda i: delete_refusal(i, read_only=False, protection=protection)
    )

    assert outcomes(results) == [Outcome.REFUSED, Outcome.REFUSED, Outcome.DELETED]
    assert "cannot be deleted" in results[0].reason
    assert results[1].reason.startswith(f"web:{web.tag} is protected by web:* (profile prod)")
    assert deletes(sim) == [f"/api/v2/services/edge-services/{ENV}/images/{other.id}"]
    assert sorted(r.image_id for r in seen) == sorted(r.image_id for r in results)


def result(outcome: Outcome, reason: str = "") -> DeleteResult:
    return DeleteResult("s/f/t", "f:t", outcome, reason)


@pytest.mark.parametrize(
    ("results", "said"),
    [
        ([result(Outcome.DELETED)] * 7 + [result(Outcome.FAILED, "Conflict.")], "7 deleted, 1 failed: Conflict."),
        (
            [result(Outcome.FAILED, "A."), result(Outcome.FAILED, "B."), result(Outcome.REFUSED, "protected")],
            "1 refused, 2 failed, the first: A.",
        ),
        ([result(Outcome.FAILED, "A."), result(Outcome.FAILED, "A.")], "2 failed: A."),
        ([result(Outcome.NOT_FOUND), result(Outcome.ACCEPTED)], "1 accepted, 1 not found."),
        ([], "Nothing to delete."),
    ],
)
def test_the_summary_counts_each_outcome_and_ends_with_the_first_failures_reason(
    results: list[DeleteResult], said: str
) -> None:
    assert summary(results) == said


async def test_a_lost_answer_whose_check_fails_too_is_an_unknown_outcome_saying_both(
    client: CoxEdgeClient, sim: Simulator, tracker: TaskTracker, waits: Waits, clock: FakeClock
) -> None:
    sim.faults.inject(Endpoint.DELETE, FaultKind.DROP)
    sim.faults.inject(Endpoint.RETRIEVE, FaultKind.SERVER_ERROR)

    results = await bulk(client, tracker, waits, clock).run(await customs(client, 1))

    assert outcomes(results) == [Outcome.UNKNOWN]
    assert "Checking the image failed too: " in results[0].reason
    assert len(deletes(sim)) == 1


async def test_the_apps_rows_show_deleting_while_their_requests_are_in_flight(
    client: CoxEdgeClient, sim: Simulator, tracker: TaskTracker, waits: Waits, clock: FakeClock
) -> None:
    marks: list[dict[str, str]] = []
    actions = ImageActions(lambda: client, lambda: tracker, lambda: NOW, on_marks=marks.append)
    images = await customs(client, 2)

    await BulkDelete(client, tracker, sleep=waits, clock=clock, on_flight=actions.flight).run(images)

    assert any(set(m) == {images[0].id} for m in marks)
    assert {image_id for m in marks for image_id in m} == {i.id for i in images}
    assert actions.deletes_in_flight == set()


async def test_what_may_not_be_deleted_is_left_out_of_a_batch_with_its_reason(client: CoxEdgeClient) -> None:
    default = next(i for i in await client.list_images(ImageType.DEFAULT))
    web = next(i for i in await client.list_images(ImageType.CUSTOM) if i.family == "web")
    other = next(i for i in await client.list_images(ImageType.CUSTOM) if i.family != "web")
    protection = Protection(("web:*",), "prod")

    chosen, left_out = split_refused(
        [default, web, other], lambda i: delete_refusal(i, read_only=False, protection=protection)
    )

    assert chosen == [other]
    assert [(r.image_id, r.outcome) for r in left_out] == [(default.id, Outcome.REFUSED), (web.id, Outcome.REFUSED)]
    assert "protected by web:*" in left_out[1].reason
