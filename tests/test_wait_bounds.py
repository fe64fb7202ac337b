"""Waits end on time whatever the server does: a stalled poll is cut off, a lost create's image is followed."""

from __future__ import annotations

import asyncio
import io
import math
import time
from typing import Any

import pytest

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.api.models import CreateImageRequest, Image, Task, TaskRef
from coxedge_tui.commands.common import CommandError
from coxedge_tui.commands.follow import follow
from coxedge_tui.core.reconcile import find_created, follow_image
from coxedge_tui.core.tasks import TaskState, TaskTracker
from coxedge_tui.sim import Simulator

PENDING = TaskRef.model_validate({"taskId": "t-1", "taskStatus": "PENDING"})


class StalledTasks:
    """A task endpoint that never answers."""

    def __init__(self) -> None:
        self.polls = 0

    async def get_task(self, task_id: str) -> Task:
        self.polls += 1
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


async def test_a_poll_that_never_answers_is_cut_off_at_the_give_up_time() -> None:
    source = StalledTasks()
    tracker = TaskTracker(source, first_interval=0.05, max_interval=0.05, give_up_after=0.3)
    started = time.monotonic()

    tracked = tracker.follow(PENDING, operation="delete", image_id="s/web/v1", label="web:v1")
    await asyncio.wait_for(tracker.wait(tracked.id), 5)
    await tracker.aclose()

    assert time.monotonic() - started < 2
    assert (tracked.state, source.polls) == (TaskState.TIMED_OUT, 1)
    assert tracked.message.endswith("The last check had no answer before the time ran out.")


@pytest.mark.parametrize("timeout", [0.0, -1.0, math.nan, math.inf])
async def test_following_with_an_unusable_timeout_says_how_to_follow_instead_of_crashing(timeout: float) -> None:
    with pytest.raises(CommandError) as caught:
        await follow(StalledTasks(), PENDING, operation="delete", image_id="", label="t-1", timeout=timeout,
                     stream=io.StringIO())

    assert caught.value.code == 2
    assert "`coxedge-tui tasks get t-1 --wait` follows it." in caught.value.message


async def created(sim: Simulator, client: CoxEdgeClient, tag: str) -> Image:
    workload = next(w for w in sim.envs["test-area"].workloads.values() if w.type == "VM")
    instance = workload.instances[0].name
    request = CreateImageRequest(family="web", tag=tag, workload_id=workload.id, instance_name=instance)
    await client.create_image(request)
    image = await find_created(client, "web", tag)
    assert image is not None and image.status == "PENDING"
    return image


@pytest.mark.parametrize(("fail", "status"), [(False, "READY"), (True, "FAILED")])
async def test_a_created_image_is_followed_to_ready_or_failed_on_an_injected_clock(
    sim: Simulator, client: CoxEdgeClient, clock: Any, fail: bool, status: str
) -> None:
    sim.fail_next_tasks = int(fail)
    image = await created(sim, client, "v41")
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock.advance(seconds)

    seen = await follow_image(client, image, timeout=60, sleep=sleep, clock=clock)

    assert seen is not None and seen.status == status
    assert 4.0 <= sum(waits) < 10.0  # the simulator's task takes 4 s; checks back off from 1 s


async def test_following_a_created_image_stops_at_the_timeout_with_the_image_as_last_seen(
    sim: Simulator, client: CoxEdgeClient, clock: Any
) -> None:
    sim.task_delay = 600.0
    image = await created(sim, client, "v42")

    async def sleep(seconds: float) -> None:
        clock.advance(seconds)

    started = clock()
    seen = await follow_image(client, image, timeout=10, sleep=sleep, clock=clock)

    assert seen is not None and seen.status == "PENDING"
    assert clock() - started == pytest.approx(10)
