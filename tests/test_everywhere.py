"""Listing every environment's images: each row knows its environment, a failing one is a line, at most 4 at once."""

from __future__ import annotations

import asyncio

import pytest

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.api.errors import AuthenticationError, NetworkError
from coxedge_tui.api.models import Environment, Image
from coxedge_tui.api.read_list import ReadList
from coxedge_tui.core.everywhere import ENVIRONMENTS_AT_ONCE, environment_of, list_everywhere, placed
from coxedge_tui.sim import Endpoint, FaultKind, Simulator


async def test_every_environment_is_listed_with_each_row_in_its_own(client: CoxEdgeClient, sim: Simulator) -> None:
    found = await list_everywhere(client)
    assert found.environments == ["test-area", "production"]
    assert found.failures == []
    for name, env in sim.envs.items():
        ids = {image.id for image in found.images if image.environment == name}
        assert ids == set(env.images)
    # The provider's images are in both: one row in each, each knowing where it is.
    ubuntu = [i.environment for i in found.images if i.family == "ubuntu" and i.tag == "v20240102"]
    assert ubuntu == ["test-area", "production"]


async def test_one_environment_failing_is_a_line_and_the_others_are_listed(
    client: CoxEdgeClient, sim: Simulator
) -> None:
    sim.faults.always(Endpoint.LIST, FaultKind.FORBIDDEN, environment="production")
    found = await list_everywhere(client)
    assert [f.line for f in found.failures] == ["production: API key refused (HTTP 403)"]
    assert isinstance(found.failures[0].error, AuthenticationError)
    assert found.failures[0].said.startswith("production: ")
    assert {i.environment for i in found.images} == {"test-area"}
    assert len(found.images) == len(sim.envs["test-area"].images)
    assert found.failing == "1 of 2 environments failed"


async def test_the_environments_list_failing_raises(client: CoxEdgeClient, sim: Simulator) -> None:
    sim.faults.always(Endpoint.ENVIRONMENTS, FaultKind.FORBIDDEN)
    with pytest.raises(AuthenticationError):
        await list_everywhere(client)


class CountingClient:
    """A fake account of many environments that counts how many image lists are asked at the same time."""

    def __init__(self, names: list[str], environment: str = "", shared: dict[str, int] | None = None) -> None:
        self.names = names
        self.environment = environment
        self.counts = shared if shared is not None else {"now": 0, "most": 0}

    async def list_environments(self) -> list[Environment]:
        return [Environment(name=name) for name in self.names]

    def for_environment(self, environment: str) -> CountingClient:
        return CountingClient(self.names, environment, self.counts)

    async def list_images(self) -> ReadList[Image]:
        self.counts["now"] += 1
        self.counts["most"] = max(self.counts["most"], self.counts["now"])
        await asyncio.sleep(0)  # every other list gets the chance to start meanwhile
        await asyncio.sleep(0)
        self.counts["now"] -= 1
        if self.environment == "env-3":
            raise NetworkError("Could not reach the server.")
        return ReadList([Image(id=f"{self.environment}/img/v1", family="img", tag="v1")])


async def test_at_most_four_environments_are_asked_at_once() -> None:
    names = [f"env-{n}" for n in range(10)]
    fake = CountingClient(names)
    found = await list_everywhere(fake)
    assert fake.counts["most"] == ENVIRONMENTS_AT_ONCE == 4
    assert [i.environment for i in found.images] == [n for n in names if n != "env-3"]
    assert [f.line for f in found.failures] == ["env-3: Network problem"]


def test_a_placed_image_is_the_same_image_with_its_environment() -> None:
    image = Image.model_validate({"id": "s/web/v1", "family": "web", "tag": "v1", "createdAt": "2026-01-02T03:04:05Z"})
    row = placed(image, "production")
    assert (row.id, row.family, row.created_at, row.created_at_text) == (
        image.id, image.family, image.created_at, image.created_at_text,
    )
    assert environment_of(row) == "production"
    assert environment_of(image, "test-area") == "test-area"
    # The server cannot say where an image is: a plain Image reads no such field.
    assert environment_of(Image.model_validate({"id": "x", "environment": "elsewhere"}), "here") == "here"


def test_the_filter_finds_rows_by_their_environment_and_a_header_click_sorts_by_it() -> None:
    from coxedge_tui.core.image_list_model import ImageListModel

    web = Image(id="s/web/v1", family="web", tag="v1")
    api = Image(id="s/api/v1", family="api")
    rows = [placed(web, "test-area"), placed(web, "production"), placed(api, "test-area")]
    model = ImageListModel()
    model.load(rows)
    model.set_filter("production")
    assert [environment_of(i) for i in model.view] == ["production"]
    model.set_filter("web")
    assert [environment_of(i) for i in model.view] == ["test-area", "production"]
    model.set_filter("")
    model.set_sort("environment")
    assert [environment_of(i) for i in model.view] == ["production", "test-area", "test-area"]
