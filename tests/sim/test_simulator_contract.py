"""The simulator keeps the documented Cox Edge contract: images, tasks, validation, auth."""

from __future__ import annotations

import json
from typing import Any, Protocol

import pytest

from coxedge_tui.sim import DEFAULT_KEY, Simulator
from coxedge_tui.sim.seed import PROVIDER_SLUG, PROVIDER_STACK

BASE = "/api/v2"
IMAGES = f"{BASE}/services/edge-services/test-area/images"


class Clock(Protocol):
    def advance(self, seconds: float) -> None: ...


def call(
    sim: Simulator,
    method: str,
    path: str,
    body: object = None,
    *,
    query: dict[str, str] | None = None,
    key: str | None = DEFAULT_KEY,
) -> tuple[int, Any]:
    headers = {"MC-Api-Key": key} if key is not None else {}
    raw = json.dumps(body).encode() if body is not None else b""
    answer = sim.handle(method, path, query or {}, headers, raw)
    return answer.status, json.loads(answer.body) if answer.body else None


def vm_and_instance(sim: Simulator, env: str = "test-area") -> tuple[str, str]:
    workload = next(w for w in sim.envs[env].workloads.values() if w.type == "VM" and w.instances)
    return workload.id, workload.instances[0].name


def create_body(sim: Simulator, family: str = "web", tag: str = "v-new", **extra: object) -> dict[str, object]:
    workload_id, instance = vm_and_instance(sim)
    return {"family": family, "tag": tag, "workloadId": workload_id, "instanceName": instance, **extra}


def errors_of(payload: Any) -> list[str]:
    return [e["message"] for e in payload["errors"]]


def test_the_list_holds_the_requested_number_of_images_with_the_documented_attributes(sim: Simulator) -> None:
    status, payload = call(sim, "GET", IMAGES)

    assert status == 200
    assert len(payload["data"]) == payload["metadata"]["recordCount"] == 40
    assert set(payload["data"][0]) == {
        "stackId", "id", "slug", "family", "tag", "createdAt", "description", "reference", "status"
    }
    for item in payload["data"]:
        assert item["id"] == f"{item['stackId']}/{item['family']}/{item['tag']}"
        assert item["reference"] == f"{item['slug']}/{item['family']}:{item['tag']}"


@pytest.mark.parametrize(
    ("image_type", "want_default", "want_custom"),
    [("default", True, False), ("custom", False, True), ("", True, True), ("anything-else", True, True)],
)
def test_image_type_default_lists_provider_images_custom_lists_the_users_and_anything_else_both(
    sim: Simulator, image_type: str, want_default: bool, want_custom: bool
) -> None:
    _, payload = call(sim, "GET", IMAGES, query={"imageType": image_type} if image_type else None)
    slugs = {i["slug"] for i in payload["data"]}

    assert (PROVIDER_SLUG in slugs) == want_default
    assert bool(slugs - {PROVIDER_SLUG}) == want_custom


def test_two_environments_hold_different_custom_images_and_the_same_default_ones(sim: Simulator) -> None:
    _, environments = call(sim, "GET", f"{BASE}/environments")
    names = [e["name"] for e in environments["data"]]
    _, test_area = call(sim, "GET", IMAGES, query={"imageType": "custom"})
    _, production = call(sim, "GET", f"{BASE}/services/edge-services/production/images", query={"imageType": "custom"})
    _, defaults_a = call(sim, "GET", IMAGES, query={"imageType": "default"})
    _, defaults_b = call(sim, "GET", f"{BASE}/services/edge-services/production/images", query={"imageType": "default"})

    assert names == ["test-area", "production"]
    assert {i["id"] for i in test_area["data"]}.isdisjoint({i["id"] for i in production["data"]})
    assert defaults_a == defaults_b


def test_an_image_is_retrieved_by_its_id_with_raw_slashes(sim: Simulator) -> None:
    image_id = f"{PROVIDER_STACK}/ubuntu/v20201110"

    status, payload = call(sim, "GET", f"{IMAGES}/{image_id}")

    assert status == 200
    assert payload["data"]["id"] == image_id


def test_an_unknown_image_is_404_with_the_error_body(sim: Simulator) -> None:
    status, payload = call(sim, "GET", f"{IMAGES}/{PROVIDER_STACK}/nope/v1")

    assert status == 404
    assert payload["errors"][0]["code"] == 2012
    assert "was not found" in payload["errors"][0]["message"]


def test_create_goes_pending_then_processing_then_ready_over_the_task_delay(sim: Simulator, clock: Clock) -> None:
    status, ref = call(sim, "POST", IMAGES, create_body(sim))
    image_id = f"{sim.envs['test-area'].stack_id}/web/v-new"
    seen = []
    for _ in range(3):
        seen.append((call(sim, "GET", f"{IMAGES}/{image_id}")[1]["data"]["status"],
                     call(sim, "GET", f"{BASE}/tasks/{ref['taskId']}")[1]["data"]["status"]))
        clock.advance(sim.task_delay / 2)

    assert status == 200 and ref["taskStatus"] == "PENDING"
    assert seen == [("PENDING", "PENDING"), ("PROCESSING", "PENDING"), ("READY", "SUCCESS")]


def test_a_created_image_appears_in_the_custom_list_at_once(sim: Simulator) -> None:
    call(sim, "POST", IMAGES, create_body(sim, description="from a test"))
    _, custom = call(sim, "GET", IMAGES, query={"imageType": "custom"})

    created = [i for i in custom["data"] if i["tag"] == "v-new"]
    assert [(i["family"], i["status"], i["description"]) for i in created] == [("web", "PENDING", "from a test")]


def test_delete_removes_the_image_when_its_task_succeeds(sim: Simulator, clock: Clock) -> None:
    victim = next(i for i in sim.envs["test-area"].images.values() if i.custom)

    status, ref = call(sim, "DELETE", f"{IMAGES}/{victim.id}")
    still_there = sim.image("test-area", victim.id) is not None
    clock.advance(sim.task_delay)

    assert status == 200 and ref["taskStatus"] == "PENDING"
    assert still_there
    assert sim.image("test-area", victim.id) is None
    assert call(sim, "GET", f"{BASE}/tasks/{ref['taskId']}")[1]["data"]["status"] == "SUCCESS"


def test_fail_next_tasks_makes_the_create_fail_and_leaves_the_image_failed(sim: Simulator, clock: Clock) -> None:
    sim.fail_next_tasks = 1
    _, ref = call(sim, "POST", IMAGES, create_body(sim))
    clock.advance(sim.task_delay)
    _, task = call(sim, "GET", f"{BASE}/tasks/{ref['taskId']}")
    image = sim.image("test-area", f"{sim.envs['test-area'].stack_id}/web/v-new")

    assert task["data"]["status"] == "FAILURE"
    assert task["data"]["result"]["error"]
    assert image is not None and image.status == "FAILED"
    assert sim.fail_next_tasks == 0


def test_a_failed_delete_leaves_the_image_in_place(sim: Simulator, clock: Clock) -> None:
    victim = next(i for i in sim.envs["test-area"].images.values() if i.custom)
    sim.fail_next_tasks = 1

    _, ref = call(sim, "DELETE", f"{IMAGES}/{victim.id}")
    clock.advance(sim.task_delay)

    assert call(sim, "GET", f"{BASE}/tasks/{ref['taskId']}")[1]["data"]["status"] == "FAILURE"
    assert sim.image("test-area", victim.id) is victim


def test_instant_tasks_answer_success_at_once(sim: Simulator) -> None:
    sim.instant_tasks = True

    status, ref = call(sim, "POST", IMAGES, create_body(sim))

    assert (status, ref["taskStatus"]) == (200, "SUCCESS")
    assert sim.image("test-area", f"{sim.envs['test-area'].stack_id}/web/v-new").status == "READY"  # type: ignore[union-attr]


def test_task_form_flat_answers_as_the_docs_show_and_wrapped_as_the_clients_parse(sim: Simulator) -> None:
    _, ref = call(sim, "POST", IMAGES, create_body(sim))
    task_path = f"{BASE}/tasks/{ref['taskId']}"

    sim.task_form = "flat"
    _, flat = call(sim, "GET", task_path)
    sim.task_form = "wrapped"
    _, wrapped = call(sim, "GET", task_path)

    assert set(flat) == {"taskId", "taskStatus", "created", "result"}
    assert flat["taskId"] == ref["taskId"] and flat["taskStatus"] == "PENDING"
    assert set(wrapped) == {"data"} and set(wrapped["data"]) == {"id", "status", "created", "result"}
    assert wrapped["data"]["id"] == ref["taskId"]


def test_tasks_expire_after_thirty_minutes(sim: Simulator, clock: Clock) -> None:
    _, ref = call(sim, "POST", IMAGES, create_body(sim))
    task_path = f"{BASE}/tasks/{ref['taskId']}"

    clock.advance(30 * 60 - 1)
    alive = call(sim, "GET", task_path)[0]
    clock.advance(2)
    status, payload = call(sim, "GET", task_path)

    assert alive == 200
    assert status == 404
    assert "expire" in payload["errors"][0]["message"]


def test_an_unknown_task_is_404(sim: Simulator) -> None:
    assert call(sim, "GET", f"{BASE}/tasks/no-such-task")[0] == 404


def test_create_reports_every_invalid_field_with_its_name(sim: Simulator) -> None:
    status, payload = call(sim, "POST", IMAGES, create_body(sim, family="Bad_Family", tag=".v1"))

    assert status == 400
    by_field = {e["context"]["field"]: e["message"] for e in payload["errors"]}
    assert by_field == {"family": "Family must be lower case.", "tag": "Tag must not start with '.' or '-'."}


def test_create_reports_each_missing_required_field(sim: Simulator) -> None:
    status, payload = call(sim, "POST", IMAGES, {"description": "only this"})

    assert status == 400
    assert [e["context"]["field"] for e in payload["errors"]] == ["family", "tag", "workloadId", "instanceName"]


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b""])
def test_create_with_a_body_that_is_not_a_json_object_is_400(sim: Simulator, raw: bytes) -> None:
    answer = sim.handle("POST", IMAGES, {}, {"MC-Api-Key": DEFAULT_KEY}, raw)

    assert answer.status == 400
    assert json.loads(answer.body)["errors"][0]["message"].startswith("The request body")


def test_create_from_a_container_workload_is_refused(sim: Simulator) -> None:
    container = next(w for w in sim.envs["test-area"].workloads.values() if w.type == "CONTAINER")
    body = {"family": "web", "tag": "v1", "workloadId": container.id, "instanceName": container.instances[0].name}

    status, payload = call(sim, "POST", IMAGES, body)

    assert status == 400
    assert errors_of(payload) == [
        f"Workload '{container.name}' is of type CONTAINER; only workloads of type VM are allowed."
    ]


def test_create_from_an_instance_of_another_workload_is_refused(sim: Simulator) -> None:
    status, payload = call(sim, "POST", IMAGES, create_body(sim, instanceName="someone-elses-0"))

    assert status == 400
    assert "is not an instance of workload" in errors_of(payload)[0]


def test_create_from_an_unknown_workload_is_refused(sim: Simulator) -> None:
    status, payload = call(sim, "POST", IMAGES, create_body(sim, workloadId="no-such-workload"))

    assert status == 400
    assert errors_of(payload) == ["Workload 'no-such-workload' was not found in test-area."]


def test_creating_an_existing_family_and_tag_is_a_409_conflict(sim: Simulator) -> None:
    existing = next(i for i in sim.envs["test-area"].images.values() if i.custom)

    status, payload = call(sim, "POST", IMAGES, create_body(sim, family=existing.family, tag=existing.tag))

    assert status == 409
    assert errors_of(payload) == [f"An image {existing.family}:{existing.tag} already exists."]


def test_a_default_image_cannot_be_deleted(sim: Simulator) -> None:
    status, payload = call(sim, "DELETE", f"{IMAGES}/{PROVIDER_STACK}/ubuntu/v20201110")

    assert status == 400
    assert errors_of(payload) == ["Only custom images can be deleted."]
    assert sim.image("test-area", f"{PROVIDER_STACK}/ubuntu/v20201110") is not None


def test_a_wrong_key_is_403_with_the_error_body(sim: Simulator) -> None:
    status, payload = call(sim, "GET", IMAGES, key="not-the-key")

    assert status == 403
    assert payload == {"errors": [{"code": 1002, "message": "Invalid API key.", "context": {}}]}


@pytest.mark.parametrize("key", [None, ""])
def test_a_missing_key_is_401(sim: Simulator, key: str | None) -> None:
    status, payload = call(sim, "GET", IMAGES, key=key)

    assert status == 401
    assert errors_of(payload) == ["Missing MC-Api-Key header."]


def test_workloads_list_vm_and_container_workloads_with_the_image_they_use(sim: Simulator) -> None:
    _, payload = call(sim, "GET", f"{BASE}/services/edge-services/test-area/workloads")

    assert {w["type"] for w in payload["data"]} == {"VM", "CONTAINER"}
    assert all(set(w) >= {"id", "name", "slug", "type", "status", "image"} for w in payload["data"])


def test_instances_are_listed_for_a_workload_and_refused_for_an_unknown_one(sim: Simulator) -> None:
    workload_id, instance = vm_and_instance(sim)
    path = f"{BASE}/services/edge-services/test-area/instances"

    _, listed = call(sim, "GET", path, query={"workloadId": workload_id})
    status, _ = call(sim, "GET", path, query={"workloadId": "nope"})

    assert instance in [i["name"] for i in listed["data"]]
    assert status == 400


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (f"{BASE}/services/other-service/test-area/images", "Unknown service 'other-service'."),
        (f"{BASE}/services/edge-services/nowhere/images", "Environment 'nowhere' was not found."),
        (f"{BASE}/nothing-here", "No such endpoint: GET /nothing-here."),
    ],
)
def test_unknown_services_environments_and_endpoints_are_404_with_a_message(
    sim: Simulator, path: str, message: str
) -> None:
    status, payload = call(sim, "GET", path)

    assert (status, errors_of(payload)) == (404, [message])


def test_a_method_the_images_collection_does_not_allow_is_405(sim: Simulator) -> None:
    assert call(sim, "PUT", IMAGES, {})[0] == 405


def test_every_request_is_recorded_with_what_was_sent(sim: Simulator) -> None:
    call(sim, "POST", IMAGES, create_body(sim), query={"org_id": "o1"})

    received = sim.received[-1]
    assert (received.method, received.path, received.query) == ("POST", IMAGES, {"org_id": "o1"})
    assert received.header("mc-api-key") == DEFAULT_KEY
    assert received.json()["family"] == "web"
    assert DEFAULT_KEY not in repr(received)


def test_the_same_seed_builds_the_same_world() -> None:
    a, b = Simulator(seed=3, images=25), Simulator(seed=3, images=25)

    assert call(a, "GET", IMAGES) == call(b, "GET", IMAGES)
    assert call(a, "GET", IMAGES) != call(Simulator(seed=4, images=25), "GET", IMAGES)
