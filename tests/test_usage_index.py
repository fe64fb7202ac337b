"""The usage index: one workloads request per refresh shared by every reader, instances asked once each."""

from __future__ import annotations

import asyncio

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.api.models import Image, Workload
from coxedge_tui.core.usage_index import UsageIndexCache
from coxedge_tui.sim import FaultKind, Simulator
from coxedge_tui.sim.faults import Endpoint

ENV = "test-area"


def sent(sim: Simulator, resource: str) -> int:
    return sum(1 for r in sim.received if r.method == "GET" and r.path.endswith(f"/{ENV}/{resource}"))


def image_run_by(sim: Simulator, workload_name: str) -> Image:
    workload = next(w for w in sim.envs[ENV].workloads.values() if w.name == workload_name)
    image = next(i for i in sim.envs[ENV].images.values() if i.reference == workload.image)
    return Image.model_validate(image.to_json())


async def test_readers_during_a_refresh_wait_for_its_answer_instead_of_asking_again(
    sim: Simulator, client: CoxEdgeClient
) -> None:
    cache = UsageIndexCache()
    image = image_run_by(sim, "web-vm")

    refreshed, *_ = await asyncio.gather(cache.refresh(client), cache.get(client), cache.index(client))
    await cache.get(client)

    assert sent(sim, "workloads") == 1
    assert [w.name for w in refreshed.users(image)] == ["web-vm"]


async def test_an_images_usage_lists_each_workload_with_its_instances_asked_once_per_refresh(
    sim: Simulator, client: CoxEdgeClient
) -> None:
    cache = UsageIndexCache()
    image = image_run_by(sim, "cache-vm")

    first = await cache.usage(client, image)
    await cache.usage(client, image)
    assert sent(sim, "instances") == 1
    await cache.refresh(client)
    await cache.usage(client, image)

    cache_vm = next(w for w in sim.envs[ENV].workloads.values() if w.name == "cache-vm")
    assert len(cache_vm.instances) == 3
    assert [(u.workload.name, [i.name for i in u.instances]) for u in first.workloads] == [
        ("cache-vm", [i.name for i in cache_vm.instances])
    ]
    assert sent(sim, "instances") == 2


async def test_a_failed_workloads_list_makes_usage_unknown_with_the_reason(
    sim: Simulator, client: CoxEdgeClient
) -> None:
    sim.faults.inject(Endpoint.WORKLOADS, FaultKind.FORBIDDEN)
    cache = UsageIndexCache()

    usage = await cache.usage(client, image_run_by(sim, "web-vm"))

    assert usage.unknown.startswith("usage unknown: ")
    assert usage.workloads == ()
    assert sent(sim, "instances") == 0


async def test_a_failed_instances_list_is_shown_under_its_workload_and_asked_again_next_time(
    sim: Simulator, client: CoxEdgeClient
) -> None:
    sim.faults.inject(Endpoint.INSTANCES, FaultKind.SERVER_ERROR)
    cache = UsageIndexCache()
    image = image_run_by(sim, "web-vm")

    failed = await cache.usage(client, image)
    again = await cache.usage(client, image)

    assert failed.workloads[0].error.startswith("instances unknown: ")
    assert [i.name for i in again.workloads[0].instances] == ["web-vm-jfk-0"]


async def test_an_image_no_workload_runs_has_no_users_and_no_instances_are_asked(
    sim: Simulator, client: CoxEdgeClient
) -> None:
    running = {w.image for w in sim.envs[ENV].workloads.values()}
    unused = next(i for i in sim.envs[ENV].images.values() if i.reference not in running)

    usage = await UsageIndexCache().usage(client, Image.model_validate(unused.to_json()))

    assert (usage.workloads, usage.unknown) == ((), "")
    assert sent(sim, "instances") == 0


class HeldWorkloads:
    """A client whose workloads answers wait until released, so a refresh can be replaced mid-request."""

    environment = ENV

    def __init__(self) -> None:
        self.answers: list[asyncio.Future[list[Workload]]] = []

    async def list_workloads(self) -> list[Workload]:
        self.answers.append(asyncio.get_running_loop().create_future())
        return await self.answers[-1]


async def test_a_reader_waiting_on_a_refresh_that_a_newer_one_replaced_gets_the_newer_answer() -> None:
    client = HeldWorkloads()
    cache = UsageIndexCache()
    replaced = asyncio.create_task(cache.refresh(client))  # type: ignore[arg-type]
    await asyncio.sleep(0)
    reader = asyncio.create_task(cache.index(client))  # type: ignore[arg-type]
    await asyncio.sleep(0)
    replaced.cancel()  # as the exclusive worker of the next list refresh does
    newer = asyncio.create_task(cache.refresh(client))  # type: ignore[arg-type]
    await asyncio.sleep(0)
    client.answers[-1].set_result([Workload(id="w1", name="web-vm", image="acme/web:v1")])

    index = await asyncio.wait_for(reader, 1)

    assert index is await newer
    assert [w.name for w in index.by_reference["acme/web:v1"]] == ["web-vm"]
    assert replaced.cancelled()
