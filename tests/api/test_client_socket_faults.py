"""Socket-level faults over real loopback HTTP: closed connections, late answers, and the debug log."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sim_clients import Sleeps, assert_readable, create_request, custom_image_id, over_http

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.api.errors import AuthenticationError, NetworkError, OutcomeUnknownError
from coxedge_tui.api.retry import NO_RETRY
from coxedge_tui.sim import Endpoint, FaultKind, Simulator
from coxedge_tui.sim.server import SimulatorServer

SECRET_KEY = "sk-live-7Hq2VxZ9pL0aBcDeF1gH"


@pytest.fixture
async def connect(sim_server: SimulatorServer) -> AsyncIterator[Callable[..., CoxEdgeClient]]:
    sim_server.simulator.faults.slow_seconds = 1.0
    made: list[CoxEdgeClient] = []

    def make(**options: Any) -> CoxEdgeClient:
        made.append(over_http(sim_server.url, Sleeps(), **options))
        return made[-1]

    yield make
    for client in made:
        await client.aclose()


@pytest.mark.parametrize("kind", [FaultKind.REFUSED, FaultKind.DROP, FaultKind.SLOW], ids=str)
async def test_a_read_whose_connection_closes_or_stalls_is_retried_and_succeeds(
    connect: Callable[..., CoxEdgeClient], sim: Simulator, kind: FaultKind
) -> None:
    sim.faults.inject(Endpoint.LIST, kind)

    images = await connect().list_images()

    assert len(images) == 40
    assert [r.method for r in sim.received] == ["GET", "GET"]


async def test_a_create_whose_connection_drops_after_sending_has_an_unknown_outcome_but_happened(
    connect: Callable[..., CoxEdgeClient], sim: Simulator
) -> None:
    client = connect()
    sim.faults.inject(Endpoint.CREATE, FaultKind.DROP)

    with pytest.raises(OutcomeUnknownError) as caught:
        await client.create_image(create_request(sim))
    listed = await client.list_images()

    assert "the request was sent but the connection to http://127.0.0.1:" in caught.value.message
    assert "The list will be refreshed to show the truth." in caught.value.message
    assert "v-test" in [i.tag for i in listed]
    assert_readable(caught.value)


async def test_a_delete_answered_too_late_has_an_unknown_outcome(
    connect: Callable[..., CoxEdgeClient], sim: Simulator, clock: Any
) -> None:
    image_id = custom_image_id(sim)
    sim.faults.inject(Endpoint.DELETE, FaultKind.SLOW)

    with pytest.raises(OutcomeUnknownError, match="did not answer in time, so the outcome is unknown"):
        await connect().delete_image(image_id)
    clock.advance(sim.task_delay)

    assert sim.image("test-area", image_id) is None


async def test_a_connect_timeout_over_a_socket_shows_as_no_answer_in_time(
    connect: Callable[..., CoxEdgeClient], sim: Simulator
) -> None:
    # A loopback server cannot refuse to finish a TCP handshake, so it stalls instead.
    sim.faults.inject(Endpoint.ENVIRONMENTS, FaultKind.CONNECT_TIMEOUT)

    with pytest.raises(NetworkError, match="did not answer in time"):
        await connect(retry=NO_RETRY).list_environments()


async def test_the_debug_log_records_method_path_status_and_timing_but_never_the_key(
    sim_server: SimulatorServer, sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sim.api_key = SECRET_KEY
    sim.faults.inject(Endpoint.LIST, FaultKind.UNAVAILABLE)
    sim.faults.inject(Endpoint.CREATE, FaultKind.DROP)

    async with over_http(sim_server.url, Sleeps(), api_key=SECRET_KEY) as client:
        await client.list_images()
        with pytest.raises(OutcomeUnknownError):
            await client.create_image(create_request(sim))
    async with over_http(sim_server.url, Sleeps(), api_key=SECRET_KEY + "-wrong") as stranger:
        with pytest.raises(AuthenticationError):
            await stranger.list_environments()

    api_lines = [r.getMessage() for r in caplog.records if r.name == "coxedge_tui.api"]
    assert "GET /services/edge-services/test-area/images -> 503" in "\n".join(api_lines)
    assert any(line.startswith("GET /services/edge-services/test-area/images: retrying in ") for line in api_lines)
    assert any(line.startswith("GET /services/edge-services/test-area/images -> 200 in ") for line in api_lines)
    assert any(line.startswith("POST /services/edge-services/test-area/images failed after ") for line in api_lines)
    assert "GET /environments -> 403" in "\n".join(api_lines)
    everything = caplog.text + "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert SECRET_KEY not in everything
    assert SECRET_KEY[-8:] not in everything
