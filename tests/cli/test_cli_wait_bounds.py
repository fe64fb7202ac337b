"""`--wait --timeout` bounds the whole wait, refuses unusable values before sending, and follows a lost create."""

from __future__ import annotations

import time

import pytest
from cli_harness import cli, custom_images, first_instance, sent

from coxedge_tui.sim import FaultKind, Simulator
from coxedge_tui.sim.faults import Endpoint


def test_delete_wait_with_a_slow_task_endpoint_gives_up_at_the_timeout(
    environ: dict[str, str], world: Simulator
) -> None:
    world.task_delay = 600.0
    world.faults.slow_seconds = 30.0  # longer than a read may take: every poll would stall for 20 s
    world.faults.always(Endpoint.TASK, FaultKind.SLOW)
    image = custom_images(world)[0]
    started = time.monotonic()

    result = cli(environ, "images", "delete", image.id, "--yes", "--wait", "--timeout", "3")

    assert time.monotonic() - started < 15
    assert result.code == 5, result.err
    assert "Still PENDING after 3 s; the task may still finish on the server." in result.err
    assert len(sent(world, "DELETE")) == 1


@pytest.mark.parametrize("timeout", ["0", "-5", "nan"])
def test_an_unusable_wait_timeout_is_refused_before_the_delete_is_sent(
    environ: dict[str, str], world: Simulator, timeout: str
) -> None:
    image = custom_images(world)[0]

    result = cli(environ, "images", "delete", image.id, "--yes", "--wait", f"--timeout={timeout}")

    assert result.code == 2
    assert f"argument --timeout: '{timeout}' is not a number of seconds above 0 and at most 604800" in result.err
    assert "Traceback" not in result.err
    assert world.requests == []


def test_create_wait_after_a_lost_answer_follows_the_image_until_it_is_ready(
    environ: dict[str, str], world: Simulator
) -> None:
    workload_id, _, instance = first_instance(world)
    world.faults.inject(Endpoint.CREATE, FaultKind.DROP)

    result = cli(environ, "images", "create", "--family", "web", "--tag", "v31", "--workload", workload_id,
                 "--instance", instance, "--wait", "--timeout", "30")

    assert result.code == 0, result.err
    assert "Checked with the server: web:v31 exists (PENDING), so the create went through." in result.err
    assert "web:v31 is READY." in result.err
    assert len(sent(world, "POST")) == 1


def test_create_wait_after_a_lost_answer_exits_5_while_the_image_is_still_pending(
    environ: dict[str, str], world: Simulator
) -> None:
    world.task_delay = 600.0
    workload_id, _, instance = first_instance(world)
    world.faults.inject(Endpoint.CREATE, FaultKind.DROP)

    result = cli(environ, "images", "create", "--family", "web", "--tag", "v32", "--workload", workload_id,
                 "--instance", instance, "--wait", "--timeout", "1")

    assert result.code == 5, result.err
    assert "web:v32 is still PENDING after 1 s; it may still become ready." in result.err
    assert len(sent(world, "POST")) == 1


def test_create_wait_looks_the_new_image_up_only_within_what_is_left_of_the_timeout(
    environ: dict[str, str], world: Simulator
) -> None:
    world.instant_tasks = True
    world.faults.slow_seconds = 30.0
    world.faults.always(Endpoint.LIST, FaultKind.SLOW)
    workload_id, _, instance = first_instance(world)
    started = time.monotonic()

    result = cli(environ, "images", "create", "--family", "web", "--tag", "v33", "--workload", workload_id,
                 "--instance", instance, "--wait", "--timeout", "2")

    assert time.monotonic() - started < 15
    assert result.code == 0, result.err
    assert "image      web:v33\nid         -\n" in result.out


def test_tasks_get_wait_with_a_slow_task_endpoint_gives_up_at_the_timeout(
    environ: dict[str, str], world: Simulator
) -> None:
    world.task_delay = 600.0
    workload_id, _, instance = first_instance(world)
    created = cli(environ, "images", "create", "--family", "web", "--tag", "v34", "--workload", workload_id,
                  "--instance", instance)
    task_id = dict(line.split(maxsplit=1) for line in created.out.splitlines())["task"]
    world.faults.slow_seconds = 30.0
    world.faults.always(Endpoint.TASK, FaultKind.SLOW)
    started = time.monotonic()

    result = cli(environ, "tasks", "get", task_id, "--wait", "--timeout", "2")

    assert time.monotonic() - started < 15
    assert result.code == 5, result.err
    assert f"No answer about task {task_id} within 2 s; it may still finish on the server." in result.err
