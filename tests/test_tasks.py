"""Following tasks to their end: the tracker against the simulator, in virtual time."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

import httpx
import pytest
from virtual_time import VirtualTime

from coxedge_tui.api.client import Connection, CoxEdgeClient
from coxedge_tui.api.errors import CoxEdgeError, NotFoundError
from coxedge_tui.api.http_errors import error_for_response, error_for_transport
from coxedge_tui.api.models import CreateImageRequest, Task, TaskRef
from coxedge_tui.core.tasks import TaskState, TaskTracker, TrackedTask, failure_reason
from coxedge_tui.sim import DEFAULT_KEY, Simulator
from coxedge_tui.sim.transport import IN_PROCESS_URL, SimulatorTransport

ENV = "test-area"
RAMP = [1.0, 1.5, 2.25, 3.375]  # the default intervals before the 5 s cap


class TaskAnswers(httpx.AsyncBaseTransport):
    """The simulator, except that the test may log, script, re-spell or hold the GET /tasks answers."""

    def __init__(self, sim: Simulator, vt: VirtualTime) -> None:
        self.inner = SimulatorTransport(sim)
        self.vt = vt
        self.script: list[httpx.Response | httpx.HTTPError] = []
        self.spell: dict[str, str] = {}
        self.holds: dict[str, asyncio.Event] = {}
        self.polls: list[tuple[float, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method != "GET" or not request.url.path.startswith("/api/v2/tasks/"):
            return await self.inner.handle_async_request(request)
        task_id = request.url.path.rsplit("/", 1)[1]
        self.polls.append((self.vt.clock(), task_id))
        hold = self.holds.get(task_id)
        if hold is not None:
            await self.vt.held(hold)
        if self.script:
            answer = self.script.pop(0)
            if isinstance(answer, httpx.HTTPError):
                raise answer
            return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content, request=request)
        response = await self.inner.handle_async_request(request)
        if not self.spell or response.status_code != 200:
            return response
        payload = json.loads(response.content)
        body = payload["data"] if "data" in payload else payload
        key = "status" if "status" in body else "taskStatus"
        body[key] = self.spell.get(body[key], body[key])
        return httpx.Response(200, json=payload, request=request)

    def polls_of(self, task_id: str) -> list[float]:
        return [when for when, polled in self.polls if polled == task_id]


@dataclass
class Session:
    tracker: TaskTracker
    changes: list[TrackedTask]  # a snapshot per on_change call

    def states(self, task_id: str) -> list[tuple[TaskState, str]]:
        return [(c.state, c.status) for c in self.changes if c.id == task_id]


@pytest.fixture
def vt(clock: Any) -> VirtualTime:
    return VirtualTime(clock)


@pytest.fixture
def answers(sim: Simulator, vt: VirtualTime) -> TaskAnswers:
    return TaskAnswers(sim, vt)


@pytest.fixture
async def scripted(answers: TaskAnswers) -> AsyncIterator[CoxEdgeClient]:
    """An in-process client whose task answers the test can shape through `answers`."""
    client = CoxEdgeClient(
        Connection(api_key=DEFAULT_KEY, base_url=IN_PROCESS_URL, environment=ENV), transport=answers
    )
    yield client
    await client.aclose()


@pytest.fixture
async def session(clock: Any, vt: VirtualTime) -> AsyncIterator[Callable[..., Session]]:
    made: list[Session] = []

    def make(client: CoxEdgeClient, **options: Any) -> Session:
        changes: list[TrackedTask] = []
        tracker = TaskTracker(
            client, on_change=lambda t: changes.append(replace(t)), clock=clock, sleep=vt.sleep, **options
        )
        made.append(Session(tracker, changes))
        return made[-1]

    yield make
    for s in made:
        await s.tracker.aclose()


async def start_create(client: CoxEdgeClient, sim: Simulator, tag: str, family: str = "web") -> tuple[TaskRef, str]:
    workload = next(w for w in await client.list_workloads() if w.is_vm)
    instance = (await client.list_instances(workload.id))[0]
    request = CreateImageRequest(family=family, tag=tag, workload_id=workload.id, instance_name=instance.name)
    ref = await client.create_image(request)
    return ref, f"{sim.envs[ENV].stack_id}/{family}/{tag}"


async def follow_create(s: Session, client: CoxEdgeClient, sim: Simulator, tag: str) -> TrackedTask:
    ref, image_id = await start_create(client, sim, tag)
    return s.tracker.follow(ref, operation="create", image_id=image_id, label=f"web:{tag}")


def http_answer(status: int, body: bytes, **headers: str) -> httpx.Response:
    return httpx.Response(status, headers=headers, content=body)


def finished(tasks: Iterable[TrackedTask]) -> Callable[[], bool]:
    listed = list(tasks)
    return lambda: all(t.finished for t in listed)


@pytest.mark.parametrize("form", ["wrapped", "flat"])
async def test_a_create_is_followed_until_it_succeeds_and_the_image_is_ready(
    form: str, sim: Simulator, client: CoxEdgeClient, session: Callable[..., Session], vt: VirtualTime
) -> None:
    sim.task_form = form
    s = session(client)
    task = await follow_create(s, client, sim, "v1")
    waiter = asyncio.ensure_future(s.tracker.wait(task.id))

    await vt.run_until(s.tracker, finished([task]))

    assert await waiter is task
    assert (task.state, task.status, task.message) == (TaskState.SUCCEEDED, "SUCCESS", "Created web:v1.")
    assert task.result == {"id": task.image_id, "name": "web:v1", "imageId": task.image_id}
    assert task.polls == 3 and task.elapsed(vt.clock()) == pytest.approx(4.75)
    assert s.states(task.id) == [(TaskState.RUNNING, "PENDING"), (TaskState.SUCCEEDED, "SUCCESS")]
    assert (await client.get_image(task.image_id)).status == "READY"


async def test_a_delete_is_followed_until_the_image_is_gone(
    sim: Simulator, client: CoxEdgeClient, session: Callable[..., Session], vt: VirtualTime
) -> None:
    image = next(i for i in sim.envs[ENV].images.values() if i.custom)
    s = session(client)
    ref = await client.delete_image(image.id)
    task = s.tracker.follow(ref, operation="delete", image_id=image.id, label=f"{image.family}:{image.tag}")

    await vt.run_until(s.tracker, finished([task]))

    assert (task.state, task.message) == (TaskState.SUCCEEDED, f"Deleted {image.family}:{image.tag}.")
    assert sim.image(ENV, image.id) is None
    with pytest.raises(NotFoundError):
        await client.get_image(image.id)


@pytest.mark.parametrize("spelling", ["FAILURE", "FAILED", "Failure", "failed"])
async def test_a_failed_task_ends_failed_with_the_server_reason_whatever_the_spelling(
    spelling: str, sim: Simulator, scripted: CoxEdgeClient, answers: TaskAnswers,
    session: Callable[..., Session], vt: VirtualTime,
) -> None:
    sim.fail_next_tasks = 1
    answers.spell = {"FAILURE": spelling}
    s = session(scripted)
    task = await follow_create(s, scripted, sim, "broken")

    await vt.run_until(s.tracker, finished([task]))

    assert (task.state, task.status) == (TaskState.FAILED, spelling)
    assert task.message == "The simulated operation failed on the edge node."
    assert task.summary == "Creating web:broken failed: The simulated operation failed on the edge node."
    assert (await scripted.get_image(task.image_id)).status == "FAILED"


@pytest.mark.parametrize("form", ["wrapped", "flat"])
async def test_a_failed_task_spelled_failed_as_the_docs_do_still_ends_failed(
    form: str, sim: Simulator, client: CoxEdgeClient, session: Callable[..., Session], vt: VirtualTime
) -> None:
    sim.task_failure_status = "FAILED"
    sim.task_form = form
    sim.fail_next_tasks = 1
    s = session(client)
    task = await follow_create(s, client, sim, "docs")

    await vt.run_until(s.tracker, finished([task]))

    assert (task.state, task.status) == (TaskState.FAILED, "FAILED")
    assert task.summary == "Creating web:docs failed: The simulated operation failed on the edge node."


@pytest.mark.parametrize(
    ("result", "reason"),
    [
        ({"error": "disk full"}, "disk full"),
        ({"message": "quota exceeded"}, "quota exceeded"),
        ({"error": {"code": 7, "message": "node lost"}}, "node lost"),
        ("instance stopped", "instance stopped"),
        ({"error": "", "imageId": "x"}, "the task failed"),
        (None, "the task failed"),
    ],
)
def test_the_failure_reason_comes_from_the_result_or_says_the_task_failed(result: object, reason: str) -> None:
    assert failure_reason(result) == reason


async def test_a_task_already_successful_when_started_needs_no_polling(
    sim: Simulator, client: CoxEdgeClient, session: Callable[..., Session], vt: VirtualTime
) -> None:
    sim.instant_tasks = True
    s = session(client)
    task = await follow_create(s, client, sim, "fast")

    assert (task.state, task.status, task.polls) == (TaskState.SUCCEEDED, "SUCCESS", 0)
    assert s.states(task.id) == [(TaskState.SUCCEEDED, "SUCCESS")]
    assert await s.tracker.wait(task.id) is task
    await vt.advance(s.tracker, 60)
    assert vt.sleeps == [] and not any(path.startswith("/api/v2/tasks/") for _, path in sim.requests)


async def test_a_task_already_failed_when_started_is_read_once_for_its_reason(
    sim: Simulator, client: CoxEdgeClient, session: Callable[..., Session]
) -> None:
    sim.instant_tasks = True
    sim.fail_next_tasks = 1
    s = session(client)
    task = await follow_create(s, client, sim, "doomed")
    await s.tracker.wait(task.id)

    assert (task.state, task.message, task.polls) == (
        TaskState.FAILED,
        "The simulated operation failed on the edge node.",
        1,
    )
    assert [c.state for c in s.changes] == [TaskState.FAILED], "heard of once, already with its reason"


async def test_a_failure_reason_beside_the_result_is_shown(
    sim: Simulator, scripted: CoxEdgeClient, answers: TaskAnswers, session: Callable[..., Session], vt: VirtualTime
) -> None:
    s = session(scripted)
    task = await follow_create(s, scripted, sim, "quota")
    body = {"data": {"id": task.id, "status": "FAILURE", "result": {"id": "x"}, "message": "Image quota exceeded."}}
    answers.script.append(httpx.Response(200, json=body))
    await vt.run_until(s.tracker, finished([task]))

    assert (task.state, task.message) == (TaskState.FAILED, "Image quota exceeded.")


async def test_an_unknown_status_is_kept_verbatim_while_the_task_runs(
    sim: Simulator, scripted: CoxEdgeClient, answers: TaskAnswers, session: Callable[..., Session], vt: VirtualTime
) -> None:
    answers.spell = {"PENDING": "RUNNING-ish (step 2/5)"}
    s = session(scripted)
    task = await follow_create(s, scripted, sim, "v2")

    await vt.run_until(s.tracker, lambda: task.polls == 1)
    assert (task.state, task.status) == (TaskState.RUNNING, "RUNNING-ish (step 2/5)")

    await vt.run_until(s.tracker, finished([task]))
    assert s.states(task.id) == [
        (TaskState.RUNNING, "PENDING"),
        (TaskState.RUNNING, "RUNNING-ish (step 2/5)"),
        (TaskState.SUCCEEDED, "SUCCESS"),
    ]


async def test_a_task_gone_from_the_server_has_expired_and_says_the_images_will_be_refreshed(
    sim: Simulator, scripted: CoxEdgeClient, answers: TaskAnswers, session: Callable[..., Session], vt: VirtualTime
) -> None:
    sim.task_delay = 45 * 60  # longer than the simulator keeps tasks (30 min)
    s = session(scripted, give_up_after=3600)
    task = await follow_create(s, scripted, sim, "slow")

    await vt.run_until(s.tracker, finished([task]))

    assert task.state is TaskState.EXPIRED
    assert "expired on the server" in task.message and "images will be refreshed" in task.message
    assert task.elapsed(vt.clock()) > 30 * 60
    assert answers.polls_of(task.id)[-2] - task.started <= 30 * 60


@pytest.mark.parametrize(("limit", "said"), [(600.0, "10 min"), (90.0, "1 min 30 s")])
async def test_a_task_still_pending_at_the_limit_times_out_with_a_clear_message(
    limit: float, said: str, sim: Simulator, scripted: CoxEdgeClient, answers: TaskAnswers,
    session: Callable[..., Session], vt: VirtualTime,
) -> None:
    sim.task_delay = 3600
    s = session(scripted, give_up_after=limit)
    task = await follow_create(s, scripted, sim, "stuck")

    await vt.run_until(s.tracker, finished([task]))

    assert task.state is TaskState.TIMED_OUT
    assert task.message == (
        f"Still PENDING after {said}; it may still finish on the server. Refresh the images to see its outcome."
    )
    assert task.elapsed(vt.clock()) == pytest.approx(limit)
    assert max(answers.polls_of(task.id)) < task.started + limit


async def test_polling_starts_at_one_second_and_backs_off_to_five(
    sim: Simulator, scripted: CoxEdgeClient, answers: TaskAnswers, session: Callable[..., Session], vt: VirtualTime
) -> None:
    sim.task_delay = 30
    s = session(scripted)
    task = await follow_create(s, scripted, sim, "v3")

    await vt.run_until(s.tracker, finished([task]))

    assert vt.sleeps == pytest.approx([*RAMP, 5.0, 5.0, 5.0, 5.0, 5.0])
    polled = [task.started, *answers.polls_of(task.id)]
    assert [b - a for a, b in itertools.pairwise(polled)] == pytest.approx(vt.sleeps)


async def test_the_polling_intervals_are_configurable(
    sim: Simulator, client: CoxEdgeClient, session: Callable[..., Session], vt: VirtualTime
) -> None:
    sim.task_delay = 30
    s = session(client, first_interval=2.0, backoff=2.0, max_interval=10.0)
    task = await follow_create(s, client, sim, "v4")

    await vt.run_until(s.tracker, finished([task]))

    assert vt.sleeps == pytest.approx([2.0, 4.0, 8.0, 10.0, 10.0])


class Flaky:
    """The real client, except that its next polls fail with the given errors (no client-side retry involved)."""

    def __init__(self, client: CoxEdgeClient, failures: list[CoxEdgeError]) -> None:
        self.client = client
        self.failures = failures

    async def get_task(self, task_id: str) -> Task:
        if self.failures:
            raise self.failures.pop(0)
        return await self.client.get_task(task_id)


def failed_check(status: int, body: bytes = b"", **headers: str) -> CoxEdgeError:
    return error_for_response(http_answer(status, body, **headers), "Checking task")


async def test_transient_failures_keep_polling_and_show_the_last_error_meanwhile(
    sim: Simulator, client: CoxEdgeClient, session: Callable[..., Session], vt: VirtualTime
) -> None:
    sim.task_delay = 8
    failures = [
        failed_check(500, b'{"errors": [{"code": 9, "message": "database unavailable"}]}'),
        error_for_transport(httpx.ConnectError("refused"), "Checking task", "http://127.0.0.1"),
    ]
    s = session(Flaky(client, failures))
    task = await follow_create(s, client, sim, "v5")

    await vt.run_until(s.tracker, finished([task]))

    messages = [c.message for c in s.changes]
    assert messages[1].startswith("Last check failed, will retry: ") and "database unavailable" in messages[1]
    assert "cannot connect" in messages[2]
    assert messages[3] == ""  # the next good answer clears the error
    assert (task.state, task.polls, messages[4]) == (TaskState.SUCCEEDED, 4, "Created web:v5.")


async def test_a_rate_limit_waits_at_least_as_long_as_the_server_asks(
    sim: Simulator, client: CoxEdgeClient, session: Callable[..., Session], vt: VirtualTime
) -> None:
    sim.task_delay = 20
    s = session(Flaky(client, [failed_check(429, b"", **{"Retry-After": "12"})]))
    task = await follow_create(s, client, sim, "v6")

    await vt.run_until(s.tracker, lambda: task.polls == 1)
    assert (task.state, "HTTP 429" in task.message) == (TaskState.RUNNING, True)
    await vt.run_until(s.tracker, finished([task]))

    assert vt.sleeps[:3] == pytest.approx([1.0, 12.0, 2.25])
    assert task.state is TaskState.SUCCEEDED


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        (http_answer(401, b'{"errors": [{"code": 1001, "message": "Key revoked"}]}'), "Key revoked"),
        (http_answer(200, b"<html>Sign in to the proxy</html>"), "was not JSON"),
    ],
)
async def test_an_answer_that_cannot_improve_ends_the_task_as_error_without_more_polls(
    answer: httpx.Response, said: str, sim: Simulator, scripted: CoxEdgeClient, answers: TaskAnswers,
    session: Callable[..., Session], vt: VirtualTime,
) -> None:
    answers.script = [answer]
    s = session(scripted)
    task = await follow_create(s, scripted, sim, "v7")

    await vt.run_until(s.tracker, finished([task]))
    await vt.advance(s.tracker, 60)

    assert task.state is TaskState.ERROR and said in task.message
    assert len(answers.polls_of(task.id)) == 1


async def test_a_listener_that_raises_does_not_stop_the_task_being_followed(
    sim: Simulator, client: CoxEdgeClient, vt: VirtualTime, clock: Any
) -> None:
    calls: list[TaskState] = []

    def broken_listener(task: TrackedTask) -> None:
        calls.append(task.state)
        raise RuntimeError("listener bug")

    tracker = TaskTracker(client, on_change=broken_listener, clock=clock, sleep=vt.sleep)
    ref, image_id = await start_create(client, sim, "v8")
    task = tracker.follow(ref, operation="create", image_id=image_id, label="web:v8")

    await vt.run_until(tracker, finished([task]))

    assert calls == [TaskState.RUNNING, TaskState.SUCCEEDED]


async def test_twenty_tasks_are_polled_concurrently_and_one_slow_answer_blocks_none_of_the_others(
    sim: Simulator, scripted: CoxEdgeClient, answers: TaskAnswers, session: Callable[..., Session], vt: VirtualTime
) -> None:
    s = session(scripted)
    tasks = [await follow_create(s, scripted, sim, f"c{n}") for n in range(20)]
    slow, others = tasks[0], tasks[1:]
    answers.holds[slow.id] = release = asyncio.Event()

    await vt.run_until(s.tracker, finished(others))

    assert all(t.state is TaskState.SUCCEEDED for t in others)
    assert [t.elapsed(vt.clock()) for t in others] == pytest.approx([4.75] * 19)  # as if alone
    assert (slow.state, slow.polls) == (TaskState.RUNNING, 1)

    release.set()
    await vt.run_until(s.tracker, finished([slow]))
    assert slow.state is TaskState.SUCCEEDED


async def test_twenty_backed_off_tasks_make_at_most_twenty_polls_in_any_five_seconds(
    sim: Simulator, scripted: CoxEdgeClient, answers: TaskAnswers, session: Callable[..., Session], vt: VirtualTime
) -> None:
    sim.task_delay = 500
    s = session(scripted)
    tasks = []
    for n in range(20):
        tasks.append(await follow_create(s, scripted, sim, f"b{n}"))
        await vt.advance(s.tracker, 0.25)
    await vt.advance(s.tracker, 120)

    for task in tasks:  # each task keeps its own schedule: never sooner than its interval
        polled = [task.started, *answers.polls_of(task.id)]
        gaps = [b - a for a, b in itertools.pairwise(polled)]
        assert gaps == pytest.approx([*RAMP, *[5.0] * (len(gaps) - len(RAMP))])
    backed_off = max(t.started for t in tasks) + sum(RAMP)
    times = sorted(when for when, _ in answers.polls if when >= backed_off)
    in_window = [sum(1 for u in times if t <= u < t + 5.0) for t in times]
    assert max(in_window) == 20


async def test_a_task_is_followed_over_real_loopback_http(
    sim: Simulator, http_client: CoxEdgeClient, session: Callable[..., Session], vt: VirtualTime
) -> None:
    sim.task_form = "flat"
    s = session(http_client)
    task = await follow_create(s, http_client, sim, "net1")

    await vt.run_until(s.tracker, finished([task]))

    assert (task.state, task.polls) == (TaskState.SUCCEEDED, 3)
    assert (await http_client.get_image(task.image_id)).status == "READY"


async def test_closing_the_tracker_stops_polling_and_leaves_the_task_running_on_the_server(
    sim: Simulator, scripted: CoxEdgeClient, answers: TaskAnswers, session: Callable[..., Session], vt: VirtualTime,
    clock: Any,
) -> None:
    s = session(scripted)
    task = await follow_create(s, scripted, sim, "v9")
    await vt.run_until(s.tracker, lambda: task.polls == 1)

    await s.tracker.aclose()

    assert vt.asleep == 0, "a poller is still waiting to poll again"
    assert task.state is TaskState.RUNNING and len(answers.polls_of(task.id)) == 1
    assert await s.tracker.wait(task.id) is task
    clock.advance(60)
    assert sim.image(ENV, task.image_id).status == "READY"  # type: ignore[union-attr]
    with pytest.raises(RuntimeError, match="closed"):
        s.tracker.follow(TaskRef.model_validate({"taskId": "another"}), operation="delete", image_id="x", label="x")


async def test_waiting_for_a_task_never_followed_says_so(
    client: CoxEdgeClient, session: Callable[..., Session]
) -> None:
    with pytest.raises(KeyError, match="no-such-task"):
        await session(client).tracker.wait("no-such-task")


async def test_stop_following_ends_running_tasks_with_the_reason_and_polls_no_more(
    sim: Simulator, client: CoxEdgeClient, clock: object
) -> None:
    changes: list[tuple[str, TaskState]] = []
    tracker = TaskTracker(client, on_change=lambda t: changes.append((t.id, t.state)), clock=clock)  # type: ignore[arg-type]
    workload = next(w for w in sim.envs["test-area"].workloads.values() if w.type == "VM")
    ref = await client.create_image(
        CreateImageRequest(family="switch", tag="v1", workloadId=workload.id, instanceName=workload.instances[0].name)
    )
    tracked = tracker.follow(ref, operation="create", image_id="x", label="switch:v1")
    await tracker.stop_following("the session switched account")
    assert tracked.state is TaskState.ERROR and tracked.message == "the session switched account"
    assert tracker.running == []
    polls = tracked.polls
    await asyncio.sleep(0.05)
    assert tracked.polls == polls
    again = tracker.follow(
        await client.create_image(
            CreateImageRequest(
                family="after", tag="v1", workloadId=workload.id, instanceName=workload.instances[0].name
            )
        ),
        operation="create",
        image_id="y",
        label="after:v1",
    )
    assert again.state is TaskState.RUNNING  # the tracker still follows new tasks
    await tracker.aclose()
