"""Naming a workload and its instance by name or id: what a form or a command is told when none fits."""

from __future__ import annotations

import pytest

from coxedge_tui.api.models import Instance, Workload
from coxedge_tui.core.workload_refs import ListedRefs, UnknownRef, resolve_workload


def vm(n: int, name: str = "", kind: str = "VM") -> Workload:
    return Workload(id=f"id-{n}", name=name or f"vm-{n}", type=kind)


def test_an_unknown_workload_names_a_few_vm_workloads_and_counts_the_rest() -> None:
    workloads = [vm(n) for n in range(6)] + [vm(9, "jobs", "CONTAINER")]

    with pytest.raises(UnknownRef) as raised:
        resolve_workload(workloads, "nosuch", "test-area")

    assert raised.value.message == (
        "No workload in test-area has the id or name 'nosuch'. VM workloads in test-area: vm-0 (id id-0), "
        "vm-1 (id id-1), vm-2 (id id-2), vm-3 (id id-3) and 2 more."
    )


def test_an_id_wins_over_a_name_and_a_name_of_one_vm_workload_gives_its_id() -> None:
    workloads = [vm(1, "id-2"), vm(2, "web")]

    assert resolve_workload(workloads, "id-2", "here").id == "id-2"
    assert resolve_workload(workloads, " web ", "here").id == "id-2"


def test_nothing_is_judged_until_listed_then_an_instance_id_becomes_its_name() -> None:
    refs = ListedRefs("test-area")
    assert refs.problems("anything", "at-all") == {}
    assert refs.workload_id(" typed ") == "typed"

    refs.workloads = [vm(1, "web")]
    refs.instances = ("id-1", [Instance(name="web-jfk-0", id="i-0"), Instance(name="web-ams-1", id="i-1")])

    assert refs.instance_name("web", "i-1") == "web-ams-1"
    assert refs.problems("web", "web-phx-9") == {
        "instance": "Workload web has no instance 'web-phx-9'. Its instances: web-jfk-0, web-ams-1."
    }
    assert set(refs.problems("gone", "web-jfk-0")) == {"workload"}  # another workload's instances are not judged
