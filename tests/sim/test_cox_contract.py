"""The simulator over loopback HTTP, read the way Cox's own Go client reads the portal.

Each test names the file of `coxedge/apiclient` (repo coxedge/terraform-provider-coxedge) that it
follows. Go's encoding/json fails a whole answer when a field has the wrong JSON type, so the
shapes below are checked type by type, as that client would decode them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from coxedge_tui.sim import DEFAULT_KEY, Simulator
from coxedge_tui.sim.server import SimulatorServer

ENV = "test-area"
SERVICE = "services/edge-services/test-area"

# Go field types of the structs in models.go, as JSON types: what the Go client can decode.
GO_WORKLOAD_INSTANCE = {
    "stackId": str, "workloadId": str, "name": str, "ipAddress": list, "publicIpAddress": str,
    "location": str, "createdDate": str, "startedDate": str, "id": str, "status": str,
}
GO_WORKLOAD = {
    "id": str, "stackId": str, "name": str, "slug": str, "type": str, "status": str, "image": str,
    "created": str, "specs": str, "cpu": str, "memory": str, "deployments": list,
}
GO_ENVIRONMENT = {
    "id": str, "name": str, "description": str, "membership": str, "creationDate": str,
    "organization": dict, "serviceConnection": dict, "roles": list,
}
GO_ORGANIZATION = {
    "id": str, "name": str, "entryPoint": str, "billableStartDate": str, "billingDay": int, "isBillable": bool,
    "billingMode": str, "isReseller": bool, "tags": list, "environments": list, "roles": list,
    "serviceConnections": list, "users": list, "notes": str, "isDbAuthentication": bool,
    "isLdapAuthentication": bool, "isTrial": bool,
}


@pytest.fixture
def cox(sim_server: SimulatorServer) -> Iterator[httpx.Client]:
    """A plain HTTP client with the key, as the Go client's doRequest sends it."""
    with httpx.Client(base_url=sim_server.url, headers={"MC-Api-Key": DEFAULT_KEY}, timeout=5) as http:
        yield http


def go_decodes(item: dict[str, Any], fields: dict[str, type]) -> None:
    """Every field the Go struct names is served, with the JSON type its Go field can take."""
    missing = set(fields) - set(item)
    assert not missing, f"missing {sorted(missing)}"
    wrong = {k: type(item[k]).__name__ for k, t in fields.items() if not isinstance(item[k], t)}
    assert not wrong, f"wrong JSON types {wrong}"


def rfc3339(text: str) -> datetime:
    """Go's time.Time reads RFC 3339 with up to 9 fractional digits; Python's reader takes 6."""
    head, _, fraction = text.rstrip("Z").partition(".")
    parsed = datetime.fromisoformat(f"{head}.{fraction[:6].ljust(6, '0')}+00:00")
    assert text.endswith("Z") and (fraction.isdigit() or not fraction)
    return parsed


def create_body(sim: Simulator, tag: str = "v-contract") -> dict[str, str]:
    workload = next(w for w in sim.envs[ENV].workloads.values() if w.type == "VM" and w.instances)
    return {"family": "web", "tag": tag, "workloadId": workload.id, "instanceName": workload.instances[0].name}


# client.go: doRequest treats every status but 200 as an error, so an accepted create must be 200.
def test_an_accepted_create_answers_200_with_a_task_id_and_status(sim: Simulator, cox: httpx.Client) -> None:
    answer = cox.post(f"/{SERVICE}/images", json=create_body(sim))

    assert answer.status_code == 200
    assert set(answer.json()) == {"taskId", "taskStatus"} and answer.json()["taskStatus"] == "PENDING"


# client.go (doRequest: 200 only) and images-api.md (delete answers {taskId, taskStatus}).
def test_an_accepted_delete_answers_200_with_a_task_id_and_status(sim: Simulator, cox: httpx.Client) -> None:
    victim = next(i for i in sim.envs[ENV].images.values() if i.custom)

    answer = cox.delete(f"/{SERVICE}/images/{victim.id}")

    assert answer.status_code == 200
    assert set(answer.json()) == {"taskId", "taskStatus"}


# models.go (TaskStatus: data.id, data.status, data.result.id, data.result.name) and tasks.go (SUCCESS).
def test_a_task_is_wrapped_in_data_by_default_with_the_resource_as_result_id_and_name(
    sim: Simulator, cox: httpx.Client
) -> None:
    sim.instant_tasks = True
    ref = cox.post(f"/{SERVICE}/images", json=create_body(sim)).json()

    task = cox.get(f"/tasks/{ref['taskId']}")

    image_id = f"{sim.envs[ENV].stack_id}/web/v-contract"
    assert task.status_code == 200
    assert set(task.json()) == {"data"}
    data = task.json()["data"]
    assert (data["id"], data["status"]) == (ref["taskId"], "SUCCESS")
    assert data["result"] == {"id": image_id, "name": "web:v-contract", "imageId": image_id}


# images-api.md shows the flat form; it stays a switch for clients that read it.
def test_the_flat_task_form_is_a_switch(sim: Simulator, cox: httpx.Client) -> None:
    sim.task_form = "flat"
    ref = cox.post(f"/{SERVICE}/images", json=create_body(sim)).json()

    task = cox.get(f"/tasks/{ref['taskId']}").json()

    assert "data" not in task
    assert (task["taskId"], task["taskStatus"]) == (ref["taskId"], "PENDING")
    assert set(task["result"]) == {"id", "name", "imageId"}


# tasks.go: TaskFailed = "FAILURE"; any other word keeps AwaitTaskResolve polling until its timeout.
@pytest.mark.parametrize("operation", ["create", "delete"])
def test_a_failed_task_says_failure(operation: str, sim: Simulator, cox: httpx.Client, clock: Any) -> None:
    sim.fail_next_tasks = 1
    victim = next(i for i in sim.envs[ENV].images.values() if i.custom)
    if operation == "create":
        ref = cox.post(f"/{SERVICE}/images", json=create_body(sim)).json()
    else:
        ref = cox.delete(f"/{SERVICE}/images/{victim.id}").json()
    clock.advance(sim.task_delay)

    data = cox.get(f"/tasks/{ref['taskId']}").json()["data"]

    assert data["status"] == "FAILURE"
    assert data["result"]["error"] == "The simulated operation failed on the edge node."


# images-api.md and NOTES.md spell it FAILED; the switch keeps our client's leniency tested.
def test_the_failed_spelling_is_a_switch(sim: Simulator, cox: httpx.Client) -> None:
    sim.task_failure_status = "FAILED"
    sim.fail_next_tasks = 1
    sim.instant_tasks = True

    ref = cox.post(f"/{SERVICE}/images", json=create_body(sim)).json()

    assert ref["taskStatus"] == "FAILED"
    assert cox.get(f"/tasks/{ref['taskId']}").json()["data"]["status"] == "FAILED"


# environments.go: GetEnvironment fetches GET /environments/<id> and reads `data`.
def test_one_environment_is_fetched_by_id(sim: Simulator, cox: httpx.Client) -> None:
    env = sim.envs[ENV]

    answer = cox.get(f"/environments/{env.id}")

    assert answer.status_code == 200
    data = answer.json()["data"]
    go_decodes(data, GO_ENVIRONMENT)
    assert (data["id"], data["name"]) == (env.id, ENV)
    assert data["organization"]["id"] == cox.get("/organizations").json()["data"][0]["id"]
    assert {r["name"] for r in data["roles"]} == {"Environment Admin", "Read-only"}
    rfc3339(data["creationDate"])


# environments.go: the path segment is the id; a name (or anything unknown) is not found.
@pytest.mark.parametrize("path", ["/environments/test-area", "/organizations/nope"])
def test_an_unknown_environment_or_organization_is_404_with_the_error_body(cox: httpx.Client, path: str) -> None:
    answer = cox.get(path)

    assert answer.status_code == 404
    assert answer.json()["errors"][0]["message"].endswith("was not found.")


# organizations.go: GetOrganization fetches GET /organizations/<id>; billableStartDate is a time.Time.
def test_one_organization_is_fetched_by_id(cox: httpx.Client) -> None:
    listed = cox.get("/organizations").json()["data"][0]

    answer = cox.get(f"/organizations/{listed['id']}")

    assert answer.status_code == 200
    data = answer.json()["data"]
    assert data == listed
    go_decodes(data, GO_ORGANIZATION)
    rfc3339(data["billableStartDate"])
    assert {e["name"] for e in data["environments"]} == {"test-area", "production"}


# workloads.go: GetWorkload fetches GET /services/<svc>/<env>/workloads/<id>?org_id=...
def test_one_workload_is_fetched_by_id_with_its_size(sim: Simulator, cox: httpx.Client) -> None:
    workload = next(iter(sim.envs[ENV].workloads.values()))

    answer = cox.get(f"/{SERVICE}/workloads/{workload.id}", params={"org_id": "9d3c1a52-5d7e-4b8a-9f0e-2c6f7b1a0e11"})
    missing = cox.get(f"/{SERVICE}/workloads/no-such-workload")

    assert answer.status_code == 200
    data = answer.json()["data"]
    go_decodes(data, GO_WORKLOAD)
    assert (data["id"], data["name"], data["specs"], data["cpu"], data["memory"]) == (
        workload.id, "web-vm", "SP-2", "2", "4Gi"
    )
    assert data["stackId"] == sim.envs[ENV].stack_id
    rfc3339(data["created"])
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["message"] == "Workload 'no-such-workload' was not found in test-area."


# models.go: WorkloadAutoscaleDeployment reads instancesPerPop with `,string`, so it must be a JSON string.
def test_workload_deployments_carry_counts_as_strings(cox: httpx.Client) -> None:
    workloads = cox.get(f"/{SERVICE}/workloads").json()["data"]

    for workload in workloads:
        go_decodes(workload, GO_WORKLOAD)
        assert workload["deployments"]
        assert all(isinstance(d["instancesPerPop"], str) for d in workload["deployments"])


# workload_instance.go + models.go (WorkloadInstance): ipAddress is a list, dates are createdDate/startedDate.
def test_instances_carry_id_stack_addresses_location_and_dates(sim: Simulator, cox: httpx.Client) -> None:
    workload = next(w for w in sim.envs[ENV].workloads.values() if len(w.instances) > 1)

    answer = cox.get(f"/{SERVICE}/instances", params={"workloadId": workload.id, "org_id": "o"})

    instances = answer.json()["data"]
    for item in instances:
        go_decodes(item, GO_WORKLOAD_INSTANCE)
        assert (item["workloadId"], item["stackId"]) == (workload.id, sim.envs[ENV].stack_id)
        assert item["ipAddress"] and all(isinstance(a, str) for a in item["ipAddress"])
        assert rfc3339(item["createdDate"]) < rfc3339(item["startedDate"])
        assert len(item["createdDate"].rpartition(".")[2]) == 10  # nine digits and the Z
    assert [i["location"] for i in instances] == [n.rsplit("-", 2)[1].upper() for n in (i["name"] for i in instances)]
    assert len({i["id"] for i in instances}) == len({i["publicIpAddress"] for i in instances}) == len(instances)


# images-api.md: lists answer {"data": [...], "metadata": {"recordCount": N}}; so does every other list.
@pytest.mark.parametrize(
    "path", ["/environments", "/organizations", f"/{SERVICE}/workloads", f"/{SERVICE}/images", "instances"]
)
def test_every_list_carries_its_record_count(sim: Simulator, cox: httpx.Client, path: str) -> None:
    if path == "instances":
        workload = next(w for w in sim.envs[ENV].workloads.values() if len(w.instances) > 1)
        answer = cox.get(f"/{SERVICE}/instances", params={"workloadId": workload.id})
    else:
        answer = cox.get(path)

    payload = answer.json()
    assert payload["metadata"]["recordCount"] == len(payload["data"]) > 0


# The same seed serves the same objects: ids, addresses and dates never drift between runs.
def test_the_objects_are_the_same_for_the_same_seed(sim_server: SimulatorServer) -> None:
    other = Simulator(seed=7, images=40)
    paths = ["/api/v2/environments", "/api/v2/organizations", f"/api/v2/{SERVICE}/workloads"]
    headers = {"MC-Api-Key": DEFAULT_KEY}

    for path in paths:
        ours = sim_server.simulator.handle("GET", path, {}, headers, b"").body
        assert ours == other.handle("GET", path, {}, headers, b"").body
