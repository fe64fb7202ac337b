"""An image id, environment, service or task id addresses its own path and no other, or nothing is sent."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sim_clients import ENV, Sleeps, in_process

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.api.errors import InvalidInputError
from coxedge_tui.sim import Simulator
from coxedge_tui.sim.seed import SimImage

STACK = "acme-stack"
VICTIM = f"{STACK}/victim/v1"
ESCAPING_ID = f"{STACK}/x/../../../../production/images/{STACK}/victim/v1"


def listed_image(sim: Simulator, family: str, tag: str = "v1", env: str = ENV) -> SimImage:
    image = SimImage(STACK, "acme", family, tag, datetime(2026, 1, 1, tzinfo=UTC), None)
    sim.add_image(env, image)
    return image


@pytest.fixture
async def client(sim: Simulator) -> Any:
    made = in_process(sim, Sleeps())
    yield made
    await made.aclose()


@pytest.mark.parametrize(
    ("image_id", "why"),
    [
        (ESCAPING_ID, "'..'"),
        (f"{STACK}/./victim/v1", "'.'"),
        (f"{STACK}/%2e%2e/victim/v1", "'%2e%2e'"),
        (f"{STACK}/.%2E/victim/v1", "'.%2E'"),
        (f"{STACK}/%252e%252e/victim/v1", "'%252e%252e'"),
        (f"{STACK}/a%2Fb/v1", "separator"),
        (f"{STACK}\\..\\prod/victim/v1", "backslash"),
        (f"{STACK}//victim/v1", "empty segment"),
        (f"{STACK}/victim/v1/", "empty segment"),
        (f"{STACK}/victim/v1\n", "U+000A"),
        (f"{STACK}/vic\x1btim/v1", "U+001B"),
    ],
)
@pytest.mark.parametrize("operation", ["get_image", "delete_image"])
async def test_an_image_id_that_would_leave_its_path_is_refused_before_any_request(
    client: CoxEdgeClient, sim: Simulator, image_id: str, why: str, operation: str
) -> None:
    listed_image(sim, "victim", env="production")

    with pytest.raises(InvalidInputError) as refused:
        await getattr(client, operation)(image_id)

    assert why in refused.value.message
    assert "Nothing was sent" in refused.value.message
    assert list(sim.received) == []
    assert sim.image("production", VICTIM) is not None


@pytest.mark.parametrize(("tag", "sent_as"), [("v?1", "v%3F1"), ("v#1", "v%231"), ("v 1", "v%201"), ("v%1", "v%251")])
async def test_query_and_fragment_marks_in_an_id_stay_inside_its_own_segment(
    client: CoxEdgeClient, sim: Simulator, tag: str, sent_as: str
) -> None:
    listed_image(sim, "web", tag)

    image = await client.get_image(f"{STACK}/web/{tag}")

    assert image.tag == tag
    assert sim.received[-1].path == f"/api/v2/services/edge-services/{ENV}/images/{STACK}/web/{sent_as}"
    assert sim.received[-1].query == {}


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("environment", "../production", "'/'"),
        ("environment", "test-area/../production", "'/'"),
        ("environment", "..", "'..'"),
        ("environment", "%2e%2e", "'%2e%2e'"),
        ("environment", "test\tarea", "U+0009"),
        ("environment", "prod\\area", "backslash"),
        ("service", "edge-services/..", "'/'"),
        ("service", ".", "'.'"),
    ],
)
async def test_an_environment_or_service_that_is_not_one_segment_is_refused_before_any_request(
    sim: Simulator, field: str, value: str, why: str
) -> None:
    async with in_process(sim, Sleeps(), **{field: value}) as client:
        with pytest.raises(InvalidInputError) as refused:
            await client.list_images()
        with pytest.raises(InvalidInputError):
            await client.delete_image(f"{STACK}/web/v1")

    assert f"The {field} '" in refused.value.message
    assert why in refused.value.message
    assert list(sim.received) == []


@pytest.mark.parametrize("task_id", ["..", ".", "%2e%2e", "a/../../environments", ""])
async def test_a_task_id_that_is_not_one_segment_is_refused_before_any_request(
    client: CoxEdgeClient, sim: Simulator, task_id: str
) -> None:
    with pytest.raises(InvalidInputError, match="task id"):
        await client.get_task(task_id)

    assert list(sim.received) == []


@pytest.mark.parametrize(
    "path",
    [
        "/services/edge-services/test-area/images/a/../../production/images",
        "/services/edge-services/test-area/./images",
        "/environments?org_id=other",
        "/environments#fragment",
        "/environments\\..\\organizations",
        "/services/edge-services/prod area/images",
        "/environments\x00",
        "/environments\n",
        "//elsewhere.example/api/v2/environments",
        "http://elsewhere.example/api/v2/environments",
    ],
)
async def test_a_path_that_httpx_would_send_differently_than_built_is_refused(
    client: CoxEdgeClient, sim: Simulator, path: str
) -> None:
    """The last guard, under the per-segment checks: whatever built the path, it is sent as built or not at all."""
    with pytest.raises(InvalidInputError, match="nothing was sent"):
        await client._request("GET", path, "Probing")

    assert list(sim.received) == []
