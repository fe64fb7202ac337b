"""Every client operation over real loopback HTTP, checked by what the API received."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol

import pytest

from coxedge_tui import __version__
from coxedge_tui.api.client import Connection, CoxEdgeClient
from coxedge_tui.api.errors import ReadOnlyError
from coxedge_tui.api.models import CreateImageRequest, ImageType, TaskStatus
from coxedge_tui.sim import DEFAULT_KEY, SimRequest, Simulator
from coxedge_tui.sim.seed import PROVIDER_STACK
from coxedge_tui.sim.server import SimulatorServer

SERVICE = "/api/v2/services/edge-services/test-area"
ORG = "9d3c1a52-5d7e-4b8a-9f0e-2c6f7b1a0e11"


class Clock(Protocol):
    def advance(self, seconds: float) -> None: ...


@pytest.fixture
async def make_client(sim_server: SimulatorServer) -> AsyncIterator[Callable[..., CoxEdgeClient]]:
    made: list[CoxEdgeClient] = []

    def make(**options: Any) -> CoxEdgeClient:
        connection = Connection(api_key=DEFAULT_KEY, base_url=sim_server.url, environment="test-area", **options)
        made.append(CoxEdgeClient(connection))
        return made[-1]

    yield make
    for client in made:
        await client.aclose()


def last(sim: Simulator) -> SimRequest:
    return sim.received[-1]


def create_request(sim: Simulator, family: str = "web", tag: str = "v-http") -> CreateImageRequest:
    workload = next(w for w in sim.envs["test-area"].workloads.values() if w.type == "VM")
    return CreateImageRequest(
        family=family, tag=tag, workload_id=workload.id, instance_name=workload.instances[0].name, description="d"
    )


async def test_listing_all_images_sends_no_image_type(http_client: CoxEdgeClient, sim: Simulator) -> None:
    images = await http_client.list_images()

    assert len(images) == 40
    assert (last(sim).method, last(sim).path, last(sim).query) == ("GET", f"{SERVICE}/images", {})


@pytest.mark.parametrize("image_type", [ImageType.DEFAULT, ImageType.CUSTOM])
async def test_listing_one_image_type_sends_it_as_the_image_type_parameter(
    http_client: CoxEdgeClient, sim: Simulator, image_type: ImageType
) -> None:
    images = await http_client.list_images(image_type)

    assert last(sim).query == {"imageType": image_type.value}
    assert images and all(i.is_custom == (image_type is ImageType.CUSTOM) for i in images)


async def test_an_image_is_fetched_with_the_slashes_of_its_id_raw_in_the_path(
    http_client: CoxEdgeClient, sim: Simulator
) -> None:
    image_id = f"{PROVIDER_STACK}/ubuntu/v20201110"

    image = await http_client.get_image(image_id)

    assert image.id == image_id and image.family == "ubuntu"
    assert last(sim).path == f"{SERVICE}/images/{PROVIDER_STACK}/ubuntu/v20201110"
    assert "%2F" not in last(sim).path


async def test_create_posts_the_documented_json_body(http_client: CoxEdgeClient, sim: Simulator) -> None:
    request = create_request(sim)

    ref = await http_client.create_image(request)

    sent = last(sim)
    assert (sent.method, sent.path) == ("POST", f"{SERVICE}/images")
    assert sent.header("Content-Type") == "application/json"
    assert sent.json() == request.to_body()
    assert ref.task_status == "PENDING" and ref.task_id in sim.tasks


async def test_delete_sends_delete_to_the_image_path(http_client: CoxEdgeClient, sim: Simulator) -> None:
    victim = next(i for i in sim.envs["test-area"].images.values() if i.custom)

    ref = await http_client.delete_image(victim.id)

    assert (last(sim).method, last(sim).path) == ("DELETE", f"{SERVICE}/images/{victim.id}")
    assert last(sim).body == b""
    assert ref.task_id in sim.tasks


@pytest.mark.parametrize("form", ["wrapped", "flat"])
async def test_a_task_is_followed_to_success_in_either_response_form(
    http_client: CoxEdgeClient, sim: Simulator, clock: Clock, form: str
) -> None:
    sim.task_form = form
    ref = await http_client.create_image(create_request(sim))

    running = await http_client.get_task(ref.task_id)
    clock.advance(sim.task_delay)
    done = await http_client.get_task(ref.task_id)

    assert last(sim).path == f"/api/v2/tasks/{ref.task_id}"
    assert (running.id, running.status, running.outcome) == (ref.task_id, "PENDING", None)
    assert (done.status, done.outcome) == ("SUCCESS", TaskStatus.SUCCESS)


async def test_environments_and_organizations_are_listed_from_the_base_url(
    http_client: CoxEdgeClient, sim: Simulator
) -> None:
    environments = await http_client.list_environments()
    env_path = last(sim).path
    organizations = await http_client.list_organizations()

    assert [e.name for e in environments] == ["test-area", "production"]
    assert env_path == "/api/v2/environments"
    assert [o.id for o in organizations] == [ORG]
    assert last(sim).path == "/api/v2/organizations"


async def test_workloads_and_their_instances_are_listed(http_client: CoxEdgeClient, sim: Simulator) -> None:
    workloads = await http_client.list_workloads()
    vm = next(w for w in workloads if w.is_vm)
    instances = await http_client.list_instances(vm.id)

    assert last(sim).path == f"{SERVICE}/instances"
    assert last(sim).query == {"workloadId": vm.id}
    assert [i.name for i in instances] == [i.name for i in sim.envs["test-area"].workloads[vm.id].instances]


async def test_every_request_carries_the_key_a_tool_user_agent_and_accepts_json(
    http_client: CoxEdgeClient, sim: Simulator
) -> None:
    await http_client.list_environments()
    await http_client.list_images()

    for sent in sim.received:
        assert sent.header("MC-Api-Key") == DEFAULT_KEY
        assert (sent.header("User-Agent") or "").startswith(f"coxedge-tui/{__version__} ")
        assert sent.header("Accept") == "application/json"


async def test_the_organisation_is_sent_on_every_request_only_when_configured(
    make_client: Callable[..., CoxEdgeClient], sim: Simulator
) -> None:
    await make_client().list_images(ImageType.CUSTOM)
    without = last(sim).query
    with_org = make_client(organization=ORG)
    await with_org.list_images(ImageType.CUSTOM)
    listed = last(sim).query
    await with_org.create_image(create_request(sim))

    assert without == {"imageType": "custom"}
    assert listed == {"imageType": "custom", "org_id": ORG}
    assert last(sim).query == {"org_id": ORG}


async def test_a_read_only_session_refuses_create_and_delete_without_sending_anything(
    make_client: Callable[..., CoxEdgeClient], sim: Simulator
) -> None:
    client = make_client(read_only=True)
    victim = next(i for i in sim.envs["test-area"].images.values() if i.custom)

    with pytest.raises(ReadOnlyError, match="read-only"):
        await client.create_image(create_request(sim))
    with pytest.raises(ReadOnlyError, match="read-only"):
        await client.delete_image(victim.id)
    images = await client.list_images()

    assert [r.method for r in sim.received] == ["GET"]
    assert len(images) == 40


async def test_proxy_variables_in_the_environment_are_ignored_so_no_proxy_sees_the_key(
    make_client: Callable[..., CoxEdgeClient], sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # the discard port: nothing would answer
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)

    environments = await make_client().list_environments()

    assert len(environments) == 2
    assert last(sim).path == "/api/v2/environments"


def test_the_key_stays_out_of_the_connections_repr() -> None:
    connection = Connection(api_key="sk-secret-value-123", environment="test-area")

    assert "sk-secret-value-123" not in repr(connection)
    assert "test-area" in repr(connection)
