"""Every HTTP failure, over real loopback HTTP, becomes one typed error with a message a person can act on."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from sim_clients import Sleeps, assert_readable, create_request, custom_image_id, over_http

from coxedge_tui.api.client import Connection, CoxEdgeClient, check_base_url
from coxedge_tui.api.errors import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    CoxEdgeError,
    NetworkError,
    NotFoundError,
    ProtocolError,
    RateLimitedError,
    ServerError,
)
from coxedge_tui.api.retry import NO_RETRY
from coxedge_tui.sim import Endpoint, FaultKind, Simulator
from coxedge_tui.sim.seed import PROVIDER_STACK
from coxedge_tui.sim.server import SimulatorServer


@pytest.fixture
async def connect(sim_server: SimulatorServer) -> AsyncIterator[Callable[..., CoxEdgeClient]]:
    """Clients over loopback that fail at the first error (no retries), to see each mapping alone."""
    made: list[CoxEdgeClient] = []

    def make(**options: Any) -> CoxEdgeClient:
        made.append(over_http(sim_server.url, Sleeps(), retry=NO_RETRY, **options))
        return made[-1]

    yield make
    for client in made:
        await client.aclose()


async def test_a_wrong_key_is_an_authentication_error_with_the_servers_message(
    connect: Callable[..., CoxEdgeClient],
) -> None:
    with pytest.raises(AuthenticationError) as caught:
        await connect(api_key="wrong-key").list_images()

    assert caught.value.status == 403
    assert caught.value.message.startswith("Listing images: Invalid API key (HTTP 403). Check the API key")
    assert "wrong-key" not in caught.value.message
    assert_readable(caught.value)


async def test_no_key_is_an_authentication_error_too(connect: Callable[..., CoxEdgeClient]) -> None:
    with pytest.raises(AuthenticationError) as caught:
        await connect(api_key="").list_environments()

    assert caught.value.status == 401
    assert "Missing MC-Api-Key header (HTTP 401)" in caught.value.message


async def test_an_unknown_image_is_not_found_with_the_servers_message(connect: Callable[..., CoxEdgeClient]) -> None:
    with pytest.raises(NotFoundError) as caught:
        await connect().get_image(f"{PROVIDER_STACK}/nope/v1")

    assert caught.value.message == (
        f"Loading image {PROVIDER_STACK}/nope/v1: Image '{PROVIDER_STACK}/nope/v1' was not found (HTTP 404)."
    )
    assert caught.value.code == "2012"


async def test_a_rejected_create_shows_the_servers_errors_message(
    connect: Callable[..., CoxEdgeClient], sim: Simulator
) -> None:
    container = next(w for w in sim.envs["test-area"].workloads.values() if w.type == "CONTAINER")
    request = create_request(sim).model_copy(
        update={"workload_id": container.id, "instance_name": container.instances[0].name}
    )

    with pytest.raises(BadRequestError) as caught:
        await connect().create_image(request)

    assert caught.value.message == (
        f"Creating image web:v-test: Workload '{container.name}' is of type CONTAINER; "
        "only workloads of type VM are allowed (HTTP 400)."
    )


async def test_creating_an_image_that_exists_is_a_conflict(
    connect: Callable[..., CoxEdgeClient], sim: Simulator
) -> None:
    existing = next(i for i in sim.envs["test-area"].images.values() if i.custom)

    with pytest.raises(ConflictError) as caught:
        await connect().create_image(create_request(sim, existing.family, existing.tag))

    assert caught.value.message == (
        f"Creating image {existing.family}:{existing.tag}: "
        f"An image {existing.family}:{existing.tag} already exists (HTTP 409)."
    )


async def test_deleting_a_default_image_is_rejected_with_the_reason(connect: Callable[..., CoxEdgeClient]) -> None:
    with pytest.raises(BadRequestError) as caught:
        await connect().delete_image(f"{PROVIDER_STACK}/ubuntu/v20201110")

    assert "Only custom images can be deleted (HTTP 400)" in caught.value.message


@pytest.mark.parametrize(("kind", "low", "high"), [(FaultKind.RATE_LIMITED, 2, 2), (FaultKind.RATE_LIMITED_DATE, 0, 3)])
async def test_rate_limiting_carries_retry_after_in_seconds_from_either_form(
    connect: Callable[..., CoxEdgeClient], sim: Simulator, kind: FaultKind, low: float, high: float
) -> None:
    sim.faults.inject(Endpoint.LIST, kind)

    with pytest.raises(RateLimitedError) as caught:
        await connect().list_images()

    assert caught.value.retry_after is not None and low <= caught.value.retry_after <= high
    assert caught.value.message.startswith("Listing images: too many requests (HTTP 429). Try again in ")


async def test_rate_limiting_without_retry_after_says_to_wait_a_moment(
    connect: Callable[..., CoxEdgeClient], sim: Simulator
) -> None:
    sim.faults.inject(Endpoint.LIST, FaultKind.RATE_LIMITED_BARE)

    with pytest.raises(RateLimitedError) as caught:
        await connect().list_images()

    assert caught.value.retry_after is None
    assert caught.value.message == "Listing images: too many requests (HTTP 429). Wait a moment and try again."


async def test_a_server_error_shows_the_servers_message(connect: Callable[..., CoxEdgeClient], sim: Simulator) -> None:
    sim.faults.inject(Endpoint.ENVIRONMENTS, FaultKind.SERVER_ERROR)

    with pytest.raises(ServerError) as caught:
        await connect().list_environments()

    assert caught.value.message == (
        "Listing environments: the server failed (HTTP 500: Simulated fault: internal error while handling the "
        "request). Try again; if it persists the service may be down."
    )


async def test_a_proxys_html_502_page_is_summarised_in_words_not_markup(
    connect: Callable[..., CoxEdgeClient], sim: Simulator
) -> None:
    sim.faults.inject(Endpoint.LIST, FaultKind.BAD_GATEWAY)

    with pytest.raises(ServerError) as caught:
        await connect().list_images()

    assert caught.value.message == (
        "Listing images: the server failed (HTTP 502; the server answered: 502 Bad Gateway nginx). "
        "Try again; if it persists the service may be down."
    )
    assert_readable(caught.value)


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        (FaultKind.MALFORMED_JSON, "the answer was not JSON (HTTP 200)"),
        (FaultKind.WRONG_SHAPE, "the answer had no 'data' list."),
        (FaultKind.EMPTY, "the server sent an empty answer (HTTP 200)"),
    ],
)
async def test_an_unreadable_success_is_a_protocol_error(
    connect: Callable[..., CoxEdgeClient], sim: Simulator, kind: FaultKind, said: str
) -> None:
    sim.faults.inject(Endpoint.LIST, kind)

    with pytest.raises(ProtocolError) as caught:
        await connect().list_images()

    assert caught.value.message.startswith(f"Listing images: {said}")
    assert_readable(caught.value)


async def test_a_redirect_is_not_followed_so_the_key_stays_with_the_configured_host(
    connect: Callable[..., CoxEdgeClient], sim: Simulator
) -> None:
    sim.faults.inject(Endpoint.LIST, FaultKind.REDIRECT)

    with pytest.raises(ProtocolError) as caught:
        await connect().list_images()

    assert "redirected to https://collector.invalid/api/v2/steal (HTTP 307); not followed" in caught.value.message
    assert len(sim.received) == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def test_a_refused_connection_is_a_network_error_naming_the_address() -> None:
    url = f"http://127.0.0.1:{free_port()}/api/v2"
    async with over_http(url, Sleeps(), retry=NO_RETRY) as client:
        with pytest.raises(NetworkError) as caught:
            await client.list_images()

    assert caught.value.message == (
        f"Listing images: cannot connect to {url.removesuffix('/api/v2')}. Check the address and the network."
    )


async def test_a_slow_answer_times_out_as_a_network_error(
    connect: Callable[..., CoxEdgeClient], sim: Simulator
) -> None:
    sim.faults.slow_seconds = 1.0
    sim.faults.inject(Endpoint.LIST, FaultKind.SLOW)

    with pytest.raises(NetworkError) as caught:
        await connect().list_images()

    assert caught.value.message.startswith("Listing images: http://127.0.0.1:")
    assert caught.value.message.endswith(" did not answer in time.")


@pytest.mark.parametrize(
    "url",
    ["http://portal.coxedge.com/api/v2", "http://10.0.0.1/api/v2", "http://[2001:db8::1]/api/v2"],
)
def test_plain_http_is_refused_for_any_host_but_loopback(url: str) -> None:
    with pytest.raises(CoxEdgeError, match=r"Refusing plain http:// .*Use https://"):
        CoxEdgeClient(Connection(api_key="k", base_url=url))


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765/api/v2", "http://localhost/api/v2", "http://[::1]:9/api/v2"])
def test_plain_http_is_allowed_on_loopback_for_the_simulator(url: str) -> None:
    assert check_base_url(url + "/") == url


@pytest.mark.parametrize("url", ["ftp://portal.coxedge.com/api/v2", "portal.coxedge.com", ""])
def test_an_api_url_that_is_not_http_is_refused_with_an_example(url: str) -> None:
    with pytest.raises(CoxEdgeError, match=r"is not an http\(s\) address such as https://portal\.coxedge\.com/api/v2"):
        check_base_url(url)


@pytest.mark.parametrize("key", ["two words", "line\nbreak", "clé", "tab\t"])
def test_a_key_that_cannot_travel_in_a_header_is_refused_without_showing_it(key: str) -> None:
    with pytest.raises(CoxEdgeError) as caught:
        CoxEdgeClient(Connection(api_key=key, base_url="https://portal.coxedge.com/api/v2"))

    assert "cannot be sent" in caught.value.message
    assert key not in caught.value.message


async def test_no_environment_chosen_is_explained_before_anything_is_sent(sim_server: SimulatorServer) -> None:
    async with over_http(sim_server.url, Sleeps(), environment="") as client:
        with pytest.raises(CoxEdgeError, match=r"No environment is chosen: pass --environment or set COX_ENVIRONMENT"):
            await client.list_images()

    assert len(sim_server.simulator.received) == 0


async def test_a_delete_of_an_image_removed_meanwhile_is_not_found(
    connect: Callable[..., CoxEdgeClient], sim: Simulator
) -> None:
    image_id = custom_image_id(sim)
    del sim.envs["test-area"].images[image_id]

    with pytest.raises(NotFoundError):
        await connect().delete_image(image_id)
