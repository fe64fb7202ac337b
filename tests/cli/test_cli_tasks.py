"""`coxedge-tui tasks get ID [--wait]` run as a script would, against the simulator on loopback."""

from __future__ import annotations

import json

from cli_harness import ENV, cli, first_instance

from coxedge_tui.sim import FaultKind, Simulator
from coxedge_tui.sim.faults import Endpoint


def start_create(environ: dict[str, str], world: Simulator, tag: str) -> str:
    """Start a create the way a script would, and return its task id."""
    workload_id, _, instance = first_instance(world)
    done = cli(environ, "images", "create", "--family", "web", "--tag", tag, "--workload", workload_id,
               "--instance", instance, "-o", "json")
    assert done.code == 0, done.err
    task_id: str = json.loads(done.out)["taskId"]
    return task_id


def rows(text: str) -> dict[str, str]:
    return dict(line.split(maxsplit=1) for line in text.splitlines())


def test_tasks_get_shows_a_task_as_json_and_as_text(environ: dict[str, str], world: Simulator) -> None:
    world.task_delay = 600.0
    running = start_create(environ, world, "v13")
    world.instant_tasks = True
    finished = start_create(environ, world, "v14")

    as_json = cli(environ, "tasks", "get", running, "-o", "json")
    as_text = cli(environ, "tasks", "get", running)
    done_text = cli(environ, "tasks", "get", finished)

    assert as_json.code == as_text.code == done_text.code == 0
    task = json.loads(as_json.out)
    assert (task["id"], task["status"]) == (running, "PENDING")
    assert task["result"] == {"imageId": f"{world.envs[ENV].stack_id}/web/v13"}
    assert (rows(as_text.out)["id"], rows(as_text.out)["status"]) == (running, "PENDING")
    assert rows(done_text.out)["status"] == "SUCCESS"


def test_tasks_get_explains_a_status_the_api_does_not_document(environ: dict[str, str], world: Simulator) -> None:
    world.task_delay = 600.0
    task_id = start_create(environ, world, "v15")
    world.faults.inject(Endpoint.TASK, FaultKind.UNKNOWN_STATUS)

    result = cli(environ, "tasks", "get", task_id)

    assert result.code == 0
    assert rows(result.out)["status"] == "QUARANTINED (undocumented status; taken as not finished)"


def test_tasks_get_wait_follows_the_task_to_success(environ: dict[str, str], world: Simulator) -> None:
    task_id = start_create(environ, world, "v16")

    result = cli(environ, "tasks", "get", task_id, "--wait")

    assert result.code == 0, result.err
    assert f"Task {task_id}: PENDING" in result.err
    assert f"Task {task_id} succeeded." in result.err
    assert rows(result.out)["status"] == "SUCCESS"
    assert world.envs[ENV].images[f"{world.envs[ENV].stack_id}/web/v16"].status == "READY"


def test_tasks_get_wait_exits_5_when_the_task_fails(environ: dict[str, str], world: Simulator) -> None:
    world.fail_next_tasks = 1
    task_id = start_create(environ, world, "v17")

    result = cli(environ, "tasks", "get", task_id, "--wait", "-o", "json")

    assert result.code == 5
    assert json.loads(result.out)["status"] == "FAILED"
    assert f"Task {task_id} failed on the server: The simulated operation failed on the edge node.\n" in result.err


def test_tasks_get_wait_exits_5_when_the_task_outlasts_the_timeout(environ: dict[str, str], world: Simulator) -> None:
    world.task_delay = 600.0
    task_id = start_create(environ, world, "v18")

    result = cli(environ, "tasks", "get", task_id, "--wait", "--timeout", "1")

    assert result.code == 5
    assert "Still PENDING after 1 s; the task may still finish on the server." in result.err
    assert rows(result.out)["status"] == "PENDING"


def test_tasks_get_wait_on_a_finished_task_answers_at_once(environ: dict[str, str], world: Simulator) -> None:
    world.instant_tasks = True
    task_id = start_create(environ, world, "v19")
    before = len(world.requests)

    result = cli(environ, "tasks", "get", task_id, "--wait")

    assert result.code == 0
    assert rows(result.out)["status"] == "SUCCESS"
    assert world.requests[before:] == [("GET", f"/api/v2/tasks/{task_id}")]


def test_an_unknown_task_exits_4(environ: dict[str, str]) -> None:
    result = cli(environ, "tasks", "get", "0000-gone", "--wait")

    assert result.code == 4
    assert "tasks expire after 30 minutes" in result.err
