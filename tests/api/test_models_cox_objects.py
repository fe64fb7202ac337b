"""Workloads, instances and environments decoded with the fields Cox's Go client reads (apiclient/models.go)."""

from __future__ import annotations

import pytest

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.api.models import Environment, Instance, Workload
from coxedge_tui.sim import Simulator

GO_INSTANCE = {
    "id": "i-1", "stackId": "s-1", "workloadId": "w-1", "name": "web-vm-jfk-0", "status": "RUNNING",
    "ipAddress": ["10.1.0.10"], "publicIpAddress": "203.0.113.10", "location": "JFK",
    "createdDate": "2021-01-02T03:04:05.123456789Z", "startedDate": "2021-01-02T03:04:46.123456789Z",
}


def test_an_instance_keeps_its_id_addresses_location_and_dates_as_sent() -> None:
    instance = Instance.model_validate(GO_INSTANCE)

    assert (instance.id, instance.stack_id, instance.location) == ("i-1", "s-1", "JFK")
    assert (instance.ip_addresses, instance.public_ip_address, instance.address) == (
        ["10.1.0.10"], "203.0.113.10", "203.0.113.10"
    )
    assert (instance.created_date, instance.started_date) == (GO_INSTANCE["createdDate"], GO_INSTANCE["startedDate"])


@pytest.mark.parametrize(
    ("sent", "addresses", "address"),
    [
        ({"ipAddress": "10.0.0.5"}, ["10.0.0.5"], "10.0.0.5"),
        ({"ipAddress": None, "publicIpAddress": None}, [], ""),
        ({"ipAddress": ["", 7, "10.0.0.6"]}, ["10.0.0.6"], "10.0.0.6"),
        ({}, [], ""),
    ],
    ids=["one-string", "nulls", "junk-in-list", "absent"],
)
def test_an_instance_address_is_read_whatever_form_it_comes_in(
    sent: dict[str, object], addresses: list[str], address: str
) -> None:
    instance = Instance.model_validate({"name": "a", **sent})

    assert (instance.ip_addresses, instance.address) == (addresses, address)


@pytest.mark.parametrize(
    ("sent", "size"),
    [
        ({"specs": "SP-2", "cpu": "2", "memory": "4Gi"}, "SP-2: 2 vCPU, 4Gi"),
        ({"cpu": "2", "memory": "4Gi"}, "2 vCPU, 4Gi"),
        ({"specs": "SP-1"}, "SP-1"),
        ({}, ""),
    ],
)
def test_a_workload_size_is_made_of_what_the_server_sent(sent: dict[str, str], size: str) -> None:
    assert Workload.model_validate({"id": "w", **sent}).size == size


def test_an_environment_keeps_membership_and_creation_date_as_sent() -> None:
    env = Environment.model_validate(
        {"id": "e", "name": "test-area", "membership": "MANY_USERS", "creationDate": "2020-08-12T20:33:32.609434Z"}
    )

    assert (env.membership, env.creation_date) == ("MANY_USERS", "2020-08-12T20:33:32.609434Z")


async def test_the_client_reads_the_simulators_instances_and_workloads_with_their_new_fields(
    sim: Simulator, client: CoxEdgeClient
) -> None:
    web = next(w for w in await client.list_workloads() if w.name == "web-vm")
    instances = await client.list_instances(web.id)
    environments = await client.list_environments()

    assert (web.stack_id, web.size) == (sim.envs["test-area"].stack_id, "SP-2: 2 vCPU, 4Gi")
    assert [(i.name, i.location, i.address) for i in instances] == [("web-vm-jfk-0", "JFK", "203.0.113.10")]
    assert instances[0].created_date == sim.envs["test-area"].workloads[web.id].instances[0].to_json()["createdDate"]
    assert len((instances[0].created_date or "").rpartition(".")[2]) == len("123456789Z")  # all nine digits kept
    assert {e.membership for e in environments} == {"MANY_USERS"}
