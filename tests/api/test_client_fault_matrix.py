"""Every fault on every endpoint becomes the right typed error with a specific, readable message.

In-process for speed; retries are switched off here (see test_client_retries.py) so that each
fault is seen exactly once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from sim_clients import Sleeps, assert_readable, create_request, custom_image_id, in_process

from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.api.errors import (
    AuthenticationError,
    BadRequestError,
    ConflictError,
    CoxEdgeError,
    NetworkError,
    NotFoundError,
    OutcomeUnknownError,
    ProtocolError,
    RateLimitedError,
    ServerError,
)
from coxedge_tui.api.retry import NO_RETRY
from coxedge_tui.sim import Endpoint, FaultKind, Simulator
from coxedge_tui.sim.faults import UNKNOWN_STATUS_VALUE
from coxedge_tui.sim.seed import PROVIDER_STACK

Call = Callable[[], Awaitable[Any]]
WRITES = {Endpoint.CREATE, Endpoint.DELETE}
ACCEPTED_WITHOUT_TASK = (FaultKind.EMPTY, FaultKind.NO_CONTENT)  # a delete so answered has no task to follow
ENDPOINTS = [e for e in Endpoint if e is not Endpoint.ANY]
WHAT = {
    Endpoint.LIST: "Listing images",
    Endpoint.RETRIEVE: "Loading image",
    Endpoint.CREATE: "Creating image web:v-test",
    Endpoint.DELETE: "Deleting image",
    Endpoint.TASK: "Checking task",
    Endpoint.ENVIRONMENTS: "Listing environments",
    Endpoint.ORGANIZATIONS: "Listing organisations",
    Endpoint.WORKLOADS: "Listing workloads",
    Endpoint.INSTANCES: "Listing instances",
}

# What each answered fault must become, and a phrase its message must hold.
ANSWERED: dict[FaultKind, tuple[type[CoxEdgeError], str]] = {
    FaultKind.UNAUTHORIZED: (AuthenticationError, "the API key has expired (HTTP 401). Check the API key"),
    FaultKind.FORBIDDEN: (AuthenticationError, "may not act in this environment (HTTP 403). Check the API key"),
    FaultKind.NOT_FOUND: (NotFoundError, "the resource was not found (HTTP 404)."),
    FaultKind.BAD_REQUEST: (BadRequestError, "the request parameters are invalid (HTTP 400)."),
    FaultKind.NOT_ALLOWED: (BadRequestError, "this method is not allowed here (HTTP 405)."),
    FaultKind.CONFLICT: (ConflictError, "another operation on this image is in progress (HTTP 409)."),
    FaultKind.RATE_LIMITED: (RateLimitedError, "too many requests (HTTP 429). Try again in 2 s."),
    FaultKind.RATE_LIMITED_DATE: (RateLimitedError, "too many requests (HTTP 429). Try again in "),
    FaultKind.RATE_LIMITED_BARE: (RateLimitedError, "too many requests (HTTP 429). Wait a moment and try again."),
    FaultKind.SERVER_ERROR: (ServerError, "the server failed (HTTP 500: Simulated fault: internal error"),
    FaultKind.BAD_GATEWAY: (ServerError, "the server failed (HTTP 502; the server answered: 502 Bad Gateway nginx)"),
    FaultKind.UNAVAILABLE: (ServerError, "(HTTP 503; the server answered: 503 Service Temporarily Unavailable nginx)"),
    FaultKind.GATEWAY_TIMEOUT: (ServerError, "(HTTP 504; the server answered: 504 Gateway Time-out nginx)"),
    FaultKind.MALFORMED_JSON: (ProtocolError, "the answer was not JSON (HTTP 200): "),
    FaultKind.WRONG_SHAPE: (ProtocolError, "the answer had "),
    FaultKind.EMPTY: (ProtocolError, "the server sent an empty answer (HTTP 200)."),
    FaultKind.REDIRECT: (ProtocolError, "redirected to https://collector.invalid/api/v2/steal (HTTP 307); not "),
}
LOST_CONNECTION = [FaultKind.REFUSED, FaultKind.CONNECT_TIMEOUT, FaultKind.DROP, FaultKind.SLOW]


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[CoxEdgeClient]:
    sim.faults.slow_seconds = 5.0
    async with in_process(sim, Sleeps(), retry=NO_RETRY) as made:
        yield made


async def operation(endpoint: Endpoint, client: CoxEdgeClient, sim: Simulator) -> Call:
    """The client call that reaches `endpoint`, after any setup it needs (made before faults are armed)."""
    if endpoint is Endpoint.TASK:
        task_id = (await client.create_image(create_request(sim, tag="v-for-task"))).task_id
        return lambda: client.get_task(task_id)
    workload_id = next(w.id for w in sim.envs["test-area"].workloads.values() if w.type == "VM")
    image_id = custom_image_id(sim)
    calls: dict[Endpoint, Call] = {
        Endpoint.LIST: client.list_images,
        Endpoint.RETRIEVE: lambda: client.get_image(f"{PROVIDER_STACK}/ubuntu/v20201110"),
        Endpoint.CREATE: lambda: client.create_image(create_request(sim)),
        Endpoint.DELETE: lambda: client.delete_image(image_id),
        Endpoint.ENVIRONMENTS: client.list_environments,
        Endpoint.ORGANIZATIONS: client.list_organizations,
        Endpoint.WORKLOADS: client.list_workloads,
        Endpoint.INSTANCES: lambda: client.list_instances(workload_id),
    }
    return calls[endpoint]


@pytest.mark.parametrize(
    ("endpoint", "kind"),
    [(e, k) for k in ANSWERED for e in ENDPOINTS if (e, k) != (Endpoint.DELETE, FaultKind.EMPTY)],
    ids=str,
)
async def test_an_answered_fault_becomes_its_typed_error_with_the_specific_reason(
    client: CoxEdgeClient, sim: Simulator, endpoint: Endpoint, kind: FaultKind
) -> None:
    call = await operation(endpoint, client, sim)
    sim.faults.inject(endpoint, kind)

    with pytest.raises(CoxEdgeError) as caught:
        await call()

    expected_type, phrase = ANSWERED[kind]
    assert type(caught.value) is expected_type
    assert caught.value.message.startswith(WHAT[endpoint])
    assert phrase in caught.value.message
    assert_readable(caught.value)


@pytest.mark.parametrize("kind", LOST_CONNECTION, ids=str)
@pytest.mark.parametrize("endpoint", sorted(set(ENDPOINTS) - WRITES), ids=str)
async def test_a_read_that_loses_its_connection_is_a_network_error_saying_how(
    client: CoxEdgeClient, sim: Simulator, endpoint: Endpoint, kind: FaultKind
) -> None:
    call = await operation(endpoint, client, sim)
    sim.faults.inject(endpoint, kind)

    with pytest.raises(NetworkError) as caught:
        await call()

    how = {
        FaultKind.REFUSED: "cannot connect to http://127.0.0.1:0. Check the address and the network.",
        FaultKind.CONNECT_TIMEOUT: "cannot connect to http://127.0.0.1:0: the connection timed out.",
        FaultKind.DROP: "the connection to http://127.0.0.1:0 was lost before an answer arrived.",
        FaultKind.SLOW: "http://127.0.0.1:0 did not answer in time.",
    }[kind]
    assert type(caught.value) is NetworkError
    assert caught.value.message.startswith(WHAT[endpoint])
    assert how in caught.value.message
    assert_readable(caught.value)


@pytest.mark.parametrize("kind", [FaultKind.REFUSED, FaultKind.CONNECT_TIMEOUT], ids=str)
@pytest.mark.parametrize("endpoint", sorted(WRITES), ids=str)
async def test_a_write_that_never_connected_says_nothing_changed(
    client: CoxEdgeClient, sim: Simulator, endpoint: Endpoint, kind: FaultKind
) -> None:
    call = await operation(endpoint, client, sim)
    images_before = dict(sim.envs["test-area"].images)
    sim.faults.inject(endpoint, kind)

    with pytest.raises(NetworkError) as caught:
        await call()

    assert type(caught.value) is NetworkError
    assert caught.value.message.endswith("Nothing was sent, so nothing changed.")
    assert sim.envs["test-area"].images == images_before
    assert_readable(caught.value)


@pytest.mark.parametrize("kind", [FaultKind.DROP, FaultKind.SLOW], ids=str)
async def test_a_create_whose_answer_is_lost_has_an_unknown_outcome_and_the_list_shows_the_truth(
    client: CoxEdgeClient, sim: Simulator, kind: FaultKind
) -> None:
    sim.faults.inject(Endpoint.CREATE, kind)

    with pytest.raises(OutcomeUnknownError) as caught:
        await client.create_image(create_request(sim))
    listed = [i.tag for i in await client.list_images()]

    assert caught.value.message.startswith("Creating image web:v-test: the request was sent but ")
    assert caught.value.message.endswith(
        "so the outcome is unknown: it may or may not have been applied. The list will be refreshed to show the truth."
    )
    assert "v-test" in listed
    assert_readable(caught.value)


@pytest.mark.parametrize("kind", [FaultKind.DROP, FaultKind.SLOW], ids=str)
async def test_a_delete_whose_answer_is_lost_has_an_unknown_outcome(
    client: CoxEdgeClient, sim: Simulator, clock: Any, kind: FaultKind
) -> None:
    image_id = custom_image_id(sim)
    sim.faults.inject(Endpoint.DELETE, kind)

    with pytest.raises(OutcomeUnknownError, match="outcome is unknown"):
        await client.delete_image(image_id)
    clock.advance(sim.task_delay)

    assert image_id not in [i.id for i in await client.list_images()]


@pytest.mark.parametrize(
    ("endpoint", "kind"),
    [
        (e, k)
        for k in (FaultKind.MALFORMED_JSON, FaultKind.WRONG_SHAPE, FaultKind.EMPTY, FaultKind.NO_CONTENT)
        for e in sorted(WRITES)
        if e is Endpoint.CREATE or k not in ACCEPTED_WITHOUT_TASK
    ],
    ids=str,
)
async def test_a_write_accepted_with_an_unreadable_answer_says_it_was_probably_applied(
    client: CoxEdgeClient, sim: Simulator, endpoint: Endpoint, kind: FaultKind
) -> None:
    call = await operation(endpoint, client, sim)
    sim.faults.inject(endpoint, kind)

    with pytest.raises(ProtocolError) as caught:
        await call()

    assert caught.value.message.endswith(
        "The server accepted the change, so it was probably applied; refresh the list to see."
    )


@pytest.mark.parametrize("endpoint", sorted(WRITES), ids=str)
@pytest.mark.parametrize("kind", [FaultKind.SERVER_ERROR, FaultKind.BAD_GATEWAY, FaultKind.GATEWAY_TIMEOUT], ids=str)
async def test_a_write_that_meets_a_server_error_does_not_claim_it_failed(
    client: CoxEdgeClient, sim: Simulator, endpoint: Endpoint, kind: FaultKind
) -> None:
    call = await operation(endpoint, client, sim)
    sim.faults.inject(endpoint, kind)

    with pytest.raises(ServerError) as caught:
        await call()

    assert caught.value.message.endswith("The change may or may not have been applied; refresh the list to see.")


async def test_unknown_status_values_are_kept_verbatim_everywhere_they_appear(
    client: CoxEdgeClient, sim: Simulator
) -> None:
    task_call = await operation(Endpoint.TASK, client, sim)
    sim.faults.inject(Endpoint.ANY, FaultKind.UNKNOWN_STATUS, times=None)

    images = await client.list_images()
    image = await client.get_image(images[0].id)
    ref = await client.create_image(create_request(sim))
    task = await task_call()
    environments = await client.list_environments()
    workloads = await client.list_workloads()
    instances = await client.list_instances(workloads[0].id)

    assert {i.status for i in images} == {image.status} == {UNKNOWN_STATUS_VALUE}
    assert ref.task_status == task.status == UNKNOWN_STATUS_VALUE
    assert ref.outcome is None and task.outcome is None  # unknown means still running
    assert {e.state for e in environments} == {UNKNOWN_STATUS_VALUE}
    assert {w.status for w in workloads} | {i.status for i in instances} == {UNKNOWN_STATUS_VALUE}


async def test_a_fault_armed_once_hits_only_the_next_request_to_its_endpoint(
    client: CoxEdgeClient, sim: Simulator
) -> None:
    sim.faults.inject(Endpoint.RETRIEVE, FaultKind.SERVER_ERROR)

    images = await client.list_images()
    with pytest.raises(ServerError):
        await client.get_image(images[0].id)
    again = await client.get_image(images[0].id)

    assert again.id == images[0].id
    assert sim.faults.faults == []


async def test_a_fault_armed_always_hits_until_cleared(client: CoxEdgeClient, sim: Simulator) -> None:
    sim.faults.always(Endpoint.ENVIRONMENTS, FaultKind.UNAVAILABLE)

    for _ in range(3):
        with pytest.raises(ServerError):
            await client.list_environments()
    sim.faults.clear()

    assert len(await client.list_environments()) == 2
