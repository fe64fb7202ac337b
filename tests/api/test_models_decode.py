"""The models decode the documented examples exactly, and real-world variants without crashing."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

import pytest

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.api.models import (
    CreateImageRequest,
    Environment,
    ErrorBody,
    Image,
    Instance,
    Organization,
    Task,
    TaskRef,
    TaskStatus,
    Workload,
)

STACK = "a8050b2b-39eb-4929-bce5-1af42055903e"

DOCUMENTED_LIST: dict[str, Any] = {
    "data": [
        {
            "stackId": STACK,
            "id": f"{STACK}/centos7/v20201110",
            "slug": "stackpath-edge",
            "family": "centos7",
            "tag": "v20201110",
            "createdAt": "2020-11-10T20:33:32.609434Z",
            "description": "Image using centos7",
            "reference": "stackpath-edge/centos7:v20201110",
            "status": "READY",
        },
        {
            "stackId": STACK,
            "id": f"{STACK}/ubuntu/v20201110",
            "slug": "stackpath-edge",
            "family": "ubuntu",
            "tag": "v20201110",
            "createdAt": "2020-11-10T20:34:11.328575Z",
            "description": "Image using ubuntu",
            "reference": "stackpath-edge/ubuntu:v20201110",
            "status": "READY",
        },
    ],
    "metadata": {"recordCount": 2},
}

DOCUMENTED_RETRIEVE: dict[str, Any] = {
    "data": {
        "stackId": STACK,
        "id": f"{STACK}/ubuntu/v20201110",
        "slug": "stackpath-edge",
        "family": "ubuntu",
        "tag": "v20201110",
        "createdAt": "2020-11-10T20:34:11.328575Z",
        "description": "test 2",
        "reference": "stackpath-edge/ubuntu:v20201110",
        "status": "READY",
    }
}


def image(**fields: Any) -> Image:
    return Image.model_validate({"id": f"{STACK}/web/v1", **fields})


def test_the_documented_list_example_decodes_to_its_two_images() -> None:
    listing = CoxEdgeClient._data_list(Image, DOCUMENTED_LIST, "Listing images")

    assert listing.unreadable == 0
    assert [(i.family, i.tag, i.status) for i in listing] == [
        ("centos7", "v20201110", "READY"),
        ("ubuntu", "v20201110", "READY"),
    ]
    first = listing[0]
    assert first.id == f"{STACK}/centos7/v20201110"
    assert first.stack_id == STACK
    assert first.slug == "stackpath-edge"
    assert first.reference == "stackpath-edge/centos7:v20201110"
    assert first.description == "Image using centos7"
    assert first.created_at == datetime(2020, 11, 10, 20, 33, 32, 609434, tzinfo=UTC)
    assert not first.is_custom


def test_the_documented_retrieve_example_decodes_every_attribute() -> None:
    decoded = Image.model_validate(DOCUMENTED_RETRIEVE["data"])

    assert decoded.model_dump() == {
        "id": f"{STACK}/ubuntu/v20201110",
        "stack_id": STACK,
        "family": "ubuntu",
        "tag": "v20201110",
        "slug": "stackpath-edge",
        "status": "READY",
        "created_at": datetime(2020, 11, 10, 20, 34, 11, 328575, tzinfo=UTC),
        "description": "test 2",
        "reference": "stackpath-edge/ubuntu:v20201110",
        "image_size": None,  # an upstream field the documented answer does not carry
    }


def test_the_documented_create_body_is_exactly_what_the_request_sends() -> None:
    request = CreateImageRequest(
        family="ubuntu",
        tag="v2021-01-01",
        workload_id="c23652ed-0f15-47cf-a9b8-63e1e3aacb3c",
        instance_name="w-john-ahd-wi-john-jsr-phx-0",
        description="Ubuntu OS v4",
    )

    assert request.to_body() == {
        "family": "ubuntu",
        "tag": "v2021-01-01",
        "workloadId": "c23652ed-0f15-47cf-a9b8-63e1e3aacb3c",
        "instanceName": "w-john-ahd-wi-john-jsr-phx-0",
        "description": "Ubuntu OS v4",
    }


def test_the_create_body_leaves_out_an_empty_description() -> None:
    request = CreateImageRequest(family="web", tag="v1", workload_id="w", instance_name="i", description="")

    assert "description" not in request.to_body()


def test_the_documented_example_family_ubuntu_capitalised_breaks_the_documented_rule() -> None:
    # The docs' own example says "Ubuntu"; the documented rule (lower case only) wins.
    with pytest.raises(ValueError, match="Family must be lower case"):
        CreateImageRequest(family="Ubuntu", tag="v1", workload_id="w", instance_name="i")


@pytest.mark.parametrize(
    ("payload", "task_id", "status"),
    [
        ({"taskId": "1f64aefb-f980-400b-bc2d-5300376fa55e", "taskStatus": "PENDING"},
         "1f64aefb-f980-400b-bc2d-5300376fa55e", "PENDING"),
        ({"taskId": "ef70cafa-0544-4709-a66a-c68595ee105a", "taskStatus": "SUCCESS"},
         "ef70cafa-0544-4709-a66a-c68595ee105a", "SUCCESS"),
        ({"taskId": "t1"}, "t1", "PENDING"),
        ({"taskId": "t1", "taskStatus": None}, "t1", "PENDING"),
        ({"data": {"id": "t2", "status": "PENDING"}}, "t2", "PENDING"),
    ],
)
def test_a_task_reference_decodes_from_the_documented_answer_and_its_variants(
    payload: dict[str, Any], task_id: str, status: str
) -> None:
    ref = TaskRef.model_validate(payload)

    assert (ref.task_id, ref.task_status) == (task_id, status)


def test_a_task_reference_already_successful_needs_no_polling() -> None:
    assert TaskRef.model_validate({"taskId": "t", "taskStatus": "SUCCESS"}).outcome is TaskStatus.SUCCESS
    assert TaskRef.model_validate({"taskId": "t", "taskStatus": "PENDING"}).outcome is None


@pytest.mark.parametrize(
    "timestamp",
    [
        "2020-11-10T20:33:32.609434123Z",  # nanoseconds, as Go servers send them
        "2020-11-10T20:33:32.609434Z",
        "2020-11-10T20:33:32.609434+00:00",
        "2020-11-10T21:33:32.609434+01:00",
    ],
)
def test_rfc3339_timestamps_with_up_to_nine_fraction_digits_all_decode_to_the_same_instant(timestamp: str) -> None:
    assert image(createdAt=timestamp).created_at == datetime(2020, 11, 10, 20, 33, 32, 609434, tzinfo=UTC)


def test_a_timestamp_without_offset_is_taken_as_utc_not_local_time() -> None:
    created = image(createdAt="2020-11-10T20:33:32").created_at

    assert created == datetime(2020, 11, 10, 20, 33, 32, tzinfo=UTC)


@pytest.mark.parametrize("garbage", ["yesterday", "", "2020-13-45T99:00:00Z", {"seconds": 1}, [1, 2], True])
def test_a_garbled_created_at_costs_only_that_field_not_the_image(garbage: object) -> None:
    decoded = image(createdAt=garbage, family="web")

    assert decoded.created_at is None
    assert decoded.family == "web"


def test_unknown_extra_fields_of_any_depth_are_ignored() -> None:
    deep: Any = "bottom"
    for _ in range(200):
        deep = {"nested": [deep]}
    decoded = image(
        family="web",
        metadata={"labels": {"a": "b"}, "version": "7"},
        conditions=[{"type": "Ready", "status": "True"}],
        imageSize="12345678",
        deprecation={"deprecatedAt": None},
        somethingNew=deep,
    )

    assert decoded.family == "web"
    assert not hasattr(decoded, "imageSize")


def test_a_null_description_is_kept_as_none() -> None:
    assert image(description=None).description is None


@pytest.mark.parametrize("status", ["IMAGE_STATUS_UNKNOWN", "QUARANTINED", "ready", "Deleting…", ""])
def test_an_image_status_is_kept_verbatim_whatever_it_is(status: str) -> None:
    assert image(status=status).status == status


def test_an_image_with_only_an_id_decodes_with_every_other_field_empty() -> None:
    decoded = Image.model_validate({"id": "x/y/z"})

    assert decoded.model_dump(exclude={"id"}) == dict.fromkeys(
        ("stack_id", "family", "tag", "slug", "status", "created_at", "description", "reference", "image_size")
    )


def test_an_image_without_an_id_gets_the_documented_stack_family_tag_id() -> None:
    decoded = Image.model_validate({"stackId": STACK, "family": "web", "tag": "v1"})

    assert decoded.id == f"{STACK}/web/v1"


def test_an_image_without_any_way_to_name_it_is_refused() -> None:
    with pytest.raises(ValueError, match="id"):
        Image.model_validate({"family": "web"})


def test_a_default_image_is_one_published_under_the_provider_slug() -> None:
    assert not image(slug="stackpath-edge").is_custom
    assert image(slug="acme-staging").is_custom


FLAT_TASK = {"taskId": "t-1", "taskStatus": "SUCCESS", "result": {"imageId": "a/b/c"}}
WRAPPED_TASK = {
    "data": {
        "id": "t-1", "status": "SUCCESS", "created": "2024-01-02T03:04:05.123456789Z", "result": {"imageId": "a/b/c"}
    }
}


@pytest.mark.parametrize("payload", [FLAT_TASK, WRAPPED_TASK], ids=["flat", "wrapped"])
def test_a_task_decodes_from_both_the_flat_and_the_wrapped_forms(payload: dict[str, Any]) -> None:
    task = Task.model_validate(payload)

    assert (task.id, task.status, task.outcome) == ("t-1", "SUCCESS", TaskStatus.SUCCESS)
    assert task.result == {"imageId": "a/b/c"}


def test_a_wrapped_task_keeps_its_creation_time() -> None:
    assert Task.model_validate(WRAPPED_TASK).created == datetime(2024, 1, 2, 3, 4, 5, 123456, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        ("SUCCESS", TaskStatus.SUCCESS),
        ("Success", TaskStatus.SUCCESS),
        ("success", TaskStatus.SUCCESS),
        ("FAILED", TaskStatus.FAILED),
        ("failed", TaskStatus.FAILED),
        ("FAILURE", TaskStatus.FAILED),
        ("Failure", TaskStatus.FAILED),
        (" SUCCESS ", TaskStatus.SUCCESS),
        ("PENDING", None),
        ("RUNNING", None),
        ("QUEUED_FOR_SOMETHING_NEW", None),
    ],
)
def test_task_outcome_is_case_insensitive_and_anything_unknown_is_still_running(
    status: str, outcome: TaskStatus | None
) -> None:
    task = Task.model_validate({"taskId": "t", "taskStatus": status})

    assert task.outcome is outcome
    assert task.status == status


def test_a_task_without_a_status_is_pending() -> None:
    assert Task.model_validate({"data": {"id": "t", "status": None}}).status == "PENDING"


def test_a_task_without_an_id_is_refused() -> None:
    with pytest.raises(ValueError, match="id"):
        Task.model_validate({"data": {"status": "PENDING"}})


def test_the_documented_error_body_with_an_integer_code() -> None:
    body = ErrorBody.model_validate(
        {"errors": [{"code": 2012, "message": "Image not found.", "context": {"id": "x"}}]}
    )

    assert (body.message, body.code) == ("Image not found.", "2012")


def test_a_cloudmc_error_body_with_a_string_error_code() -> None:
    body = ErrorBody.model_validate({"errors": [{"errorCode": "IMAGE_NOT_FOUND", "message": "No such image."}]})

    assert (body.message, body.code) == ("No such image.", "IMAGE_NOT_FOUND")


def test_every_error_message_is_shown_joined() -> None:
    body = ErrorBody.model_validate(
        {"errors": [{"code": 2010, "message": "Family is required."}, {"code": 2010, "message": "Tag is required."},
                    {"code": 2010, "message": None}]}
    )

    assert body.message == "Family is required.; Tag is required."


@pytest.mark.parametrize(
    ("payload", "message"),
    [({"message": "Forbidden"}, "Forbidden"), ({"error": "Bad gateway key"}, "Bad gateway key")],
)
def test_a_gateways_flat_error_body_still_yields_its_message(payload: dict[str, Any], message: str) -> None:
    assert ErrorBody.model_validate(payload).message == message


def test_environment_organization_workload_and_instance_decode_their_documented_fields() -> None:
    env = Environment.model_validate(
        {"id": "e1", "name": "test-area", "description": "Staging", "state": "ACTIVE",
         "serviceConnection": {"id": "c1", "name": "Edge", "serviceCode": "edge-services"}, "extra": 1}
    )
    org = Organization.model_validate(
        {"id": "o1", "name": "Acme", "entryPoint": "acme", "serviceConnections": [], "environments": []}
    )
    workload = Workload.model_validate(
        {"id": "w1", "name": "web", "slug": "web", "type": "vm", "status": "RUNNING",
         "image": "stackpath-edge/centos7:v20201110"}
    )
    instance = Instance.model_validate({"name": "web-jfk-0", "status": "RUNNING"})

    assert env.service_connection is not None and env.service_connection.service_code == "edge-services"
    assert (org.name, org.entry_point) == ("Acme", "acme")
    assert workload.is_vm and workload.image == "stackpath-edge/centos7:v20201110"
    assert not Workload.model_validate({"id": "w2", "type": "CONTAINER"}).is_vm
    assert (instance.name, instance.status, instance.workload_id) == ("web-jfk-0", "RUNNING", None)


def test_loading_the_api_layer_builds_no_validator_until_a_model_is_used() -> None:
    # A first start waits for the API layer before its first rows: it builds only what the list needs.
    code = (
        "from coxedge_tui.api import client, models\n"
        "built = lambda: sorted(n for n, m in vars(models).items() if getattr(m, '__pydantic_complete__', False))\n"
        "print(built())\n"
        "models.Image.model_validate({'id': 's/web/v1'})\n"
        "print(built())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["[]", "['Image']"]
