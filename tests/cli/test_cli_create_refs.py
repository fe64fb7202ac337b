"""`images create --workload --instance`: names and ids resolved before sending, and nothing sent when none fits."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from cli_harness import ENV
from test_cli_refusals import run_main

from coxedge_tui.sim import Simulator

VM_NAMES = ("web-vm", "api-vm", "cache-vm", "build-vm")


def creates(world: Simulator) -> list[dict[str, object]]:
    return [json.loads(r.body) for r in world.received if r.method == "POST"]


def create(environ: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
           workload: str, instance: str) -> tuple[int, str]:  # fmt: skip
    return run_main(environ, monkeypatch, capsys, "images", "create", "--family", "web", "--tag", "v77",
                    "--workload", workload, "--instance", instance)  # fmt: skip


def test_an_unknown_workload_is_refused_naming_the_vm_workloads_that_exist_and_nothing_is_sent(
    environ: dict[str, str], world: Simulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = create(environ, monkeypatch, capsys, "nosuch", "web-vm-jfk-0")

    assert code == 2
    assert f"Not sent. --workload: No workload in {ENV} has the id or name 'nosuch'." in err
    named = ", ".join(f"{w.name} (id {w.id})" for w in world.envs[ENV].workloads.values() if w.type == "VM")
    assert f"VM workloads in {ENV}: {named}." in " ".join(err.split())
    assert [w for w in VM_NAMES if w in err] == list(VM_NAMES) and "batch-containers" not in err
    assert creates(world) == []


def test_a_container_workload_is_refused_by_its_type(
    environ: dict[str, str], world: Simulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = create(environ, monkeypatch, capsys, "batch-containers", "batch-containers-jfk-0")

    assert code == 2
    assert "'batch-containers' is a workload of type CONTAINER; an image is made from a VM workload." in err
    assert creates(world) == []


def test_a_name_two_vm_workloads_share_lists_both_ids_and_sends_nothing(
    environ: dict[str, str], world: Simulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    workloads = world.envs[ENV].workloads
    web = next(w for w in workloads.values() if w.name == "web-vm")
    twin = replace(web, id="0f0f0f0f-0000-4000-8000-000000000001", slug="twin")
    workloads[twin.id] = twin

    code, err = create(environ, monkeypatch, capsys, "web-vm", "web-vm-jfk-0")

    assert code == 2
    assert (
        f"'web-vm' names 2 VM workloads in {ENV}; give one of their ids: web-vm (id {web.id}), web-vm (id {twin.id})."
        in " ".join(err.split())
    )
    assert creates(world) == []


def test_an_instance_the_workload_does_not_have_is_refused_naming_its_instances(
    environ: dict[str, str], world: Simulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = create(environ, monkeypatch, capsys, "api-vm", "web-vm-jfk-0")

    assert code == 2
    assert (
        "Not sent. --instance: Workload api-vm has no instance 'web-vm-jfk-0'. Its instances: api-vm-jfk-0, "
        "api-vm-phx-1." in " ".join(err.split())
    )
    assert creates(world) == []


def test_a_workload_name_and_an_instance_id_are_sent_as_the_workloads_id_and_the_instances_name(
    environ: dict[str, str], world: Simulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    api = next(w for w in world.envs[ENV].workloads.values() if w.name == "api-vm")
    instance = api.instances[1]

    code, err = create(environ, monkeypatch, capsys, "api-vm", instance.id)

    assert code == 0, err
    assert [(c["workloadId"], c["instanceName"]) for c in creates(world)] == [(api.id, instance.name)]
