"""A delete answered 204 (or 200 with no body) has no task: the image itself shows when the delete is done."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import pytest
from virtual_time import VirtualTime

from coxedge_tui.api.client import Connection, CoxEdgeClient
from coxedge_tui.api.retry import NO_RETRY
from coxedge_tui.core.reconcile import status_unless_gone
from coxedge_tui.core.tasks import TaskState, TaskTracker, TrackedTask
from coxedge_tui.sim import DEFAULT_KEY, Simulator
from coxedge_tui.sim.faults import Endpoint, FaultKind
from coxedge_tui.sim.server import SimulatorServer
from coxedge_tui.sim.transport import IN_PROCESS_URL, SimulatorTransport

ENV = "test-area"
WITHOUT_TASK = [FaultKind.NO_CONTENT, FaultKind.EMPTY]


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[CoxEdgeClient]:
    made = CoxEdgeClient(
                Connection(api_key=DEFAULT_KEY, base_url=IN_PROCESS_URL, environment=ENV),
        transport=SimulatorTransport(sim),
        retry=NO_RETRY,  # the tracker's own retries are under test
    )
    yield made
    await made.aclose()


def custom_image(sim: Simulator) -> tuple[str, str]:
    image = next(i for i in sim.envs[ENV].images.values() if i.custom)
    return image.id, f"{image.family}:{image.tag}"


def image_checks(sim: Simulator, image_id: str) -> int:
    return sum(1 for m, p in sim.requests if m == "GET" and p.endswith(image_id.rsplit("/", 1)[1]))


@pytest.mark.parametrize("kind", WITHOUT_TASK, ids=str)
async def test_a_delete_answered_without_a_body_over_loopback_is_accepted_with_no_task(
    sim: Simulator, sim_server: SimulatorServer, kind: FaultKind
) -> None:
    image_id, _ = custom_image(sim)
    sim.faults.inject(Endpoint.DELETE, kind)

    async with CoxEdgeClient(Connection(api_key=DEFAULT_KEY, base_url=sim_server.url, environment=ENV)) as client:
        ref = await client.delete_image(image_id)

    assert ref is None
    assert [m for m, _ in sim.requests].count("DELETE") == 1


@pytest.mark.parametrize("kind", WITHOUT_TASK, ids=str)
async def test_a_delete_without_a_task_ends_as_deleted_once_the_image_is_gone(
    sim: Simulator, client: CoxEdgeClient, clock: Any, kind: FaultKind
) -> None:
    vt = VirtualTime(clock)
    changes: list[TrackedTask] = []
    tracker = TaskTracker(client, on_change=lambda t: changes.append(replace(t)), clock=clock, sleep=vt.sleep)
    image_id, label = custom_image(sim)
    sim.faults.inject(Endpoint.DELETE, kind)

    assert await client.delete_image(image_id) is None
    tracked = tracker.confirm(
        lambda: status_unless_gone(client, image_id), operation="delete", image_id=image_id, label=label
    )
    await vt.run_until(tracker, lambda: tracked.finished)
    await tracker.aclose()

    assert tracked.state is TaskState.SUCCEEDED
    assert tracked.summary == f"Deleted {label}."
    assert vt.sleeps == [1.0, 1.5, 2.25]  # checked fast, then less often, like a task; gone after 4 s
    assert sim.image(ENV, image_id) is None
    assert changes[0].status == "ACCEPTED" and not changes[0].server_task
    assert image_checks(sim, image_id) == tracked.polls


async def test_a_delete_without_a_task_whose_image_stays_says_so_plainly_after_the_bound(
    sim: Simulator, client: CoxEdgeClient, clock: Any
) -> None:
    vt = VirtualTime(clock)
    tracker = TaskTracker(client, clock=clock, sleep=vt.sleep, give_up_after=60.0)
    image_id, label = custom_image(sim)
    sim.fail_next_tasks = 1  # the delete fails on the server, so the image stays
    sim.faults.inject(Endpoint.DELETE, FaultKind.NO_CONTENT)

    assert await client.delete_image(image_id) is None
    tracked = tracker.confirm(
        lambda: status_unless_gone(client, image_id), operation="delete", image_id=image_id, label=label
    )
    await vt.run_until(tracker, lambda: tracked.finished)
    await tracker.aclose()

    assert tracked.state is TaskState.TIMED_OUT
    assert tracked.message == (
        "Still there (READY) after 1 min: the server accepted the delete without a task to follow, and the image "
        "has not gone. Refresh the images to see; delete again if it stays."
    )
    assert clock() - tracked.started == 60.0


async def test_a_failed_check_is_retried_and_the_delete_still_ends_as_deleted(
    sim: Simulator, client: CoxEdgeClient, clock: Any
) -> None:
    vt = VirtualTime(clock)
    tracker = TaskTracker(client, clock=clock, sleep=vt.sleep)
    image_id, label = custom_image(sim)
    sim.faults.inject(Endpoint.DELETE, FaultKind.NO_CONTENT)
    assert await client.delete_image(image_id) is None
    sim.faults.inject(Endpoint.RETRIEVE, FaultKind.UNAVAILABLE, times=5)

    tracked = tracker.confirm(
        lambda: status_unless_gone(client, image_id), operation="delete", image_id=image_id, label=label
    )
    await vt.run_until(tracker, lambda: tracked.finished)
    await tracker.aclose()

    assert tracked.state is TaskState.SUCCEEDED
