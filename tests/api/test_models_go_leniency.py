"""Decoding what the real API may send, as Cox's Go client reads it (coxedge/apiclient/models.go).

Go reads null into a string as "" and `{"data": null}` as an empty list; this client does the same,
keeps every readable item of a list, and counts the rest.
"""

from __future__ import annotations

from typing import Any

import pytest

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.api.errors import ProtocolError
from coxedge_tui.api.models import Environment, Image, Instance, Organization, Task, Workload
from coxedge_tui.api.read_list import read_items, unreadable_note
from coxedge_tui.text.image_formats import image_details, images_csv, images_json

STACK = "a8050b2b-39eb-4929-bce5-1af42055903e"
IMAGE = {"id": f"{STACK}/web/v1", "stackId": STACK, "family": "web", "tag": "v1", "slug": "acme"}


@pytest.mark.parametrize(
    ("model", "payload", "expected"),
    [
        (Workload, {"id": "w1", "name": None, "slug": None, "type": None, "status": None, "image": None},
         {"id": "w1", "name": "", "slug": "", "type": "", "status": "", "image": None}),
        (Instance, {"name": "i1", "status": None, "workloadId": None},
         {"name": "i1", "status": "", "workload_id": None}),
        (Environment, {"id": None, "name": "prod", "description": None, "state": None, "serviceConnection": None},
         {"id": "", "name": "prod", "description": None, "state": None, "service_connection": None}),
        (Organization, {"id": "o1", "name": None, "entryPoint": None}, {"id": "o1", "name": "", "entry_point": None}),
    ],
    ids=["workload", "instance", "environment", "organization"],
)
def test_null_in_any_optional_field_takes_its_default(
    model: Any, payload: dict[str, Any], expected: dict[str, Any]
) -> None:
    decoded = model.model_validate(payload)

    assert {name: getattr(decoded, name) for name in expected} == expected


def test_null_in_a_nested_service_connection_field_reads_as_empty() -> None:
    env = Environment.model_validate({"name": "prod", "serviceConnection": {"id": None, "name": None}})

    assert env.service_connection is not None
    assert (env.service_connection.id, env.service_connection.name) == ("", "")


def test_a_whole_number_in_a_text_field_is_read_as_its_digits() -> None:
    image = Image.model_validate({**IMAGE, "tag": 20240101, "id": None})

    assert image.tag == "20240101"
    assert image.id == f"{STACK}/web/20240101"


@pytest.mark.parametrize("value", [True, 1.5, {"a": 1}, [1]], ids=["bool", "float", "object", "list"])
def test_anything_else_in_a_text_field_is_not_guessed_at(value: object) -> None:
    listed = read_items(Image, [IMAGE, {**IMAGE, "tag": value}])

    assert [i.tag for i in listed] == ["v1"]
    assert listed.unreadable == 1
    assert listed.reason.startswith("tag: ")


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        ({"family": "web"}, "id: Field required"),
        ({**IMAGE, "id": {"not": "text"}}, "id: Input should be a valid string"),
        (None, "not an object"),
        ("web:v1", "not an object"),
    ],
    ids=["no id", "object id", "null item", "text item"],
)
def test_an_unreadable_item_is_counted_with_its_reason_and_the_rest_kept(item: object, reason: str) -> None:
    listed = read_items(Image, [IMAGE, item, {**IMAGE, "id": f"{STACK}/web/v2", "tag": "v2"}])

    assert [i.tag for i in listed] == ["v1", "v2"]
    assert (listed.unreadable, listed.reason) == (1, reason)
    assert unreadable_note(listed) == f"1 could not be read ({reason})"


def test_the_reason_is_the_first_unreadable_item_s_and_every_one_is_counted() -> None:
    listed = read_items(Workload, [{"id": {"x": 1}}, {"name": "no id"}, {"id": "w1"}])

    assert [w.id for w in listed] == ["w1"]
    assert unreadable_note(listed) == "2 could not be read (id: Input should be a valid string)"


def test_a_list_that_lost_nothing_has_no_note() -> None:
    assert unreadable_note(read_items(Image, [IMAGE])) == ""
    assert unreadable_note([Image.model_validate(IMAGE)]) == ""


@pytest.mark.parametrize("model", [Image, Workload, Instance, Environment, Organization], ids=lambda m: m.__name__)
def test_a_list_of_null_data_is_empty(model: Any) -> None:
    listed = CoxEdgeClient._data_list(model, {"data": None}, "Listing")

    assert listed == [] and listed.unreadable == 0


@pytest.mark.parametrize("payload", [{}, {"data": "text"}, [], None], ids=["no data", "text data", "array", "null"])
def test_an_answer_without_a_data_list_is_still_an_error(payload: object) -> None:
    with pytest.raises(ProtocolError, match="no 'data' list"):
        CoxEdgeClient._data_list(Image, payload, "Listing images")


def test_a_task_whose_id_is_null_inside_data_takes_the_id_it_was_asked_for() -> None:
    task = Task.model_validate({"data": {"id": None, "status": "SUCCESS"}}, context={"task_id": "t-7"})

    assert (task.id, task.status) == ("t-7", "SUCCESS")


def test_a_task_keeps_the_id_the_server_sent_over_the_one_asked_for() -> None:
    assert Task.model_validate({"data": {"id": "t-1"}}, context={"task_id": "t-7"}).id == "t-1"


NANO = "2024-01-02T03:04:05.123456789Z"


def test_created_at_is_kept_exactly_as_sent_beside_the_parsed_time() -> None:
    image = Image.model_validate({**IMAGE, "createdAt": NANO})

    assert image.created_at_text == NANO
    assert image.created_at is not None and image.created_at.microsecond == 123456


def test_json_csv_and_details_carry_created_at_exactly_as_sent() -> None:
    image = Image.model_validate({**IMAGE, "createdAt": NANO})

    assert f'"createdAt": "{NANO}"' in images_json([image])
    assert f",{NANO}," in images_csv([image])
    assert f"createdAt    {NANO}" in image_details(image)


def test_an_unreadable_created_at_is_exported_as_sent_and_shown_as_unknown_time() -> None:
    image = Image.model_validate({**IMAGE, "createdAt": "last Tuesday"})

    assert image.created_at is None
    assert '"createdAt": "last Tuesday"' in images_json([image])


@pytest.mark.parametrize(
    "payload", [{"data": "not a task"}, {"taskStatus": "PENDING"}, {}], ids=["text data", "flat without id", "empty"]
)
def test_the_id_asked_for_never_turns_a_wrong_shape_into_a_task(payload: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="id"):
        Task.model_validate(payload, context={"task_id": "t-7"})
