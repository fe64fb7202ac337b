"""Over loopback: lists keep their readable items, nulls read as Go reads them, a null task id is filled in."""

from __future__ import annotations

from odd_answers import UNREADABLE, rewrite, with_items

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.sim import Simulator


async def test_a_list_with_an_unreadable_item_returns_the_others_and_says_how_many_and_why(
    sim: Simulator, http_client: CoxEdgeClient
) -> None:
    rewrite(sim, "GET", "/images", with_items(UNREADABLE, None))

    images = await http_client.list_images()

    assert len(images) == 40
    assert (images.unreadable, images.reason) == (2, "id: Input should be a valid string")


async def test_workloads_instances_and_organizations_with_null_fields_still_fill_the_pickers(
    sim: Simulator, http_client: CoxEdgeClient
) -> None:
    def nulled(payload: dict[str, list[dict[str, object]]]) -> dict[str, object]:
        keep = ("id", "name")
        return {"data": [{k: (v if k in keep else None) for k, v in item.items()} for item in payload["data"]]}

    for path in ("/workloads", "/instances", "/organizations"):
        rewrite(sim, "GET", path, nulled)

    workloads = await http_client.list_workloads()
    instances = await http_client.list_instances(workloads[0].id)
    organizations = await http_client.list_organizations()

    assert len(workloads) == len(sim.envs["test-area"].workloads) and workloads.unreadable == 0
    assert {w.type for w in workloads} == {""}
    assert instances and all(i.status == "" for i in instances)
    assert organizations[0].name == "Acme Edge" and organizations[0].entry_point is None


async def test_a_list_of_null_data_is_empty_not_an_error(sim: Simulator, http_client: CoxEdgeClient) -> None:
    rewrite(sim, "GET", "/workloads", lambda payload: {"data": None})

    assert await http_client.list_workloads() == []


async def test_a_task_with_a_null_id_inside_data_is_read_with_the_id_asked_for(
    sim: Simulator, http_client: CoxEdgeClient
) -> None:
    ref = await http_client.delete_image(next(i.id for i in sim.envs["test-area"].images.values() if i.custom))
    assert ref is not None
    rewrite(sim, "GET", f"/tasks/{ref.task_id}", lambda payload: {"data": {**payload["data"], "id": None}})

    task = await http_client.get_task(ref.task_id)

    assert task.id == ref.task_id
