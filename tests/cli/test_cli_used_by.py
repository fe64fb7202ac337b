"""`images get IMAGE --used-by`: the workloads that run the image and their instances, as a table or JSON."""

from __future__ import annotations

import json

import pytest
from cli_harness import ENV
from in_process_cli import Run

from coxedge_tui.sim import FaultKind, Simulator
from coxedge_tui.sim.faults import Endpoint
from coxedge_tui.sim.seed import SimWorkload

MARKUP_NAME = "[red]api[/]-vm"


@pytest.fixture
def run(environ: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    return Run(environ, monkeypatch, capsys)


def two_workloads_run_one_image(world: Simulator) -> tuple[SimWorkload, SimWorkload, str]:
    workloads = {w.name: w for w in world.envs[ENV].workloads.values()}
    web, api = workloads["web-vm"], workloads["api-vm"]
    api.image, api.name = web.image, MARKUP_NAME
    assert web.image is not None
    return web, api, web.image


def workloads_listed(world: Simulator) -> int:
    return sum(1 for r in world.received if r.method == "GET" and r.path.endswith(f"/{ENV}/workloads"))


def test_used_by_prints_a_row_per_instance_of_each_workload_running_the_image(run: Run, world: Simulator) -> None:
    web, api, reference = two_workloads_run_one_image(world)

    code, out, err = run("images", "get", reference, "--used-by")

    assert (code, err) == (0, "")
    header, *rows = out.splitlines()
    assert header.split() == ["WORKLOAD", "TYPE", "INSTANCE", "STATUS", "LOCATION", "IP"]
    expected = [
        [w.name, w.type, i.name, i.status, i.location, i.public_ip_address]
        for w in (web, api)
        for i in w.instances
    ]
    assert [row.split() for row in rows] == expected
    assert len(rows) == len(web.instances) + len(api.instances) > 2
    assert workloads_listed(world) == 1


def test_used_by_as_json_nests_each_workloads_instances(run: Run, world: Simulator) -> None:
    web, api, reference = two_workloads_run_one_image(world)

    code, out, err = run("images", "get", reference, "--used-by", "-o", "json")

    assert (code, err) == (0, "")
    usage = json.loads(out)
    assert usage["reference"] == reference
    assert [(w["id"], w["name"], w["type"], w["image"]) for w in usage["workloads"]] == [
        (web.id, "web-vm", "VM", reference),
        (api.id, MARKUP_NAME, "VM", reference),
    ]
    assert usage["workloads"][1]["instances"] == [
        {"id": i.id, "name": i.name, "status": i.status, "location": i.location, "ip": i.public_ip_address}
        for i in api.instances
    ]


def test_an_image_no_workload_runs_says_so_on_stderr(run: Run, world: Simulator) -> None:
    running = {w.image for w in world.envs[ENV].workloads.values()}
    unused = next(i for i in world.envs[ENV].images.values() if i.reference not in running)

    code, out, err = run("images", "get", unused.id, "--used-by")

    assert (code, out) == (0, "")
    assert "No workload of this environment uses this image." in err


def test_when_the_workloads_cannot_be_listed_usage_is_unknown_with_the_reason(run: Run, world: Simulator) -> None:
    world.faults.always(Endpoint.WORKLOADS, FaultKind.SERVER_ERROR)
    _, _, reference = two_workloads_run_one_image(world)

    code, out, err = run("images", "get", reference, "--used-by", "-o", "json")

    assert (code, out) == (5, "")
    assert "usage unknown: " in err
    assert "Traceback" not in err


def test_without_used_by_get_still_shows_the_image(run: Run, world: Simulator) -> None:
    _, _, reference = two_workloads_run_one_image(world)

    code, out, err = run("images", "get", reference)

    assert code == 0, err
    assert f"reference    {reference}" in out
    assert workloads_listed(world) == 0
