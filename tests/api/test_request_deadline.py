"""Every request has a total deadline, connect to last byte, that a server dripping its answer cannot stretch."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from sim_clients import ENV, Sleeps, assert_readable, in_process, over_http

from coxedge_tui.api.errors import DeadlineError, OutcomeUnknownError, RateLimitedError
from coxedge_tui.sim import Endpoint, FaultKind, Simulator

BODY = b'{"data": [], "metadata": {"recordCount": 0}}'.ljust(200)
DRIP_SECONDS = 0.05  # one byte at a time, well inside the per-read timeout, for 10 s in all
DEADLINE = 1.5  # long enough that a loaded machine still connects and reads the first bytes inside it


@dataclass
class DrippingServer:
    """A loopback HTTP server that answers 200 at once, then sends its body one byte every DRIP_SECONDS."""

    url: str = ""
    connections: int = 0
    requests: list[bytes] = field(default_factory=list)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            self.requests.append(await reader.readuntil(b"\r\n\r\n"))
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
            writer.write(b"Content-Length: %d\r\n\r\n" % len(BODY))
            for byte in BODY:
                writer.write(bytes([byte]))
                await writer.drain()
                await asyncio.sleep(DRIP_SECONDS)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


@pytest.fixture
async def dripping() -> AsyncIterator[DrippingServer]:
    state = DrippingServer()
    server = await asyncio.start_server(state.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    state.url = f"http://127.0.0.1:{port}/api/v2"
    async with server:
        yield state
        server.close()


async def test_a_read_dripping_its_answer_stops_at_the_deadline_and_says_which_and_how_to_change_it(
    dripping: DrippingServer,
) -> None:
    client = over_http(dripping.url, Sleeps(), request_timeout=DEADLINE)
    started = time.monotonic()

    with pytest.raises(DeadlineError) as caught:
        await client.list_images()
    took = time.monotonic() - started
    await client.aclose()

    assert took < DEADLINE + 3.0  # stopped, not read to the end (10 s); the margin is for a loaded machine
    assert caught.value.message == (
        f"Listing images: no complete answer from {dripping.url.removesuffix('/api/v2')} within 1.5 s (the limit for "
        "the whole request, retries included), so it was stopped. A longer limit is set with --request-timeout "
        "SECONDS, COX_REQUEST_TIMEOUT or request_timeout in the profile."
    )
    assert dripping.connections == 1
    assert_readable(caught.value)


async def test_a_delete_dripping_its_answer_stops_at_the_deadline_with_an_unknown_outcome(
    dripping: DrippingServer,
) -> None:
    client = over_http(dripping.url, Sleeps(), request_timeout=DEADLINE)

    with pytest.raises(OutcomeUnknownError) as caught:
        await client.delete_image("stack/web/v1")
    await client.aclose()

    assert isinstance(caught.value, DeadlineError)
    assert caught.value.message.startswith("Deleting image stack/web/v1: no complete answer from http://127.0.0.1:")
    assert "within 1.5 s, so the outcome is unknown" in caught.value.message
    path = f"/api/v2/services/edge-services/{ENV}/images/stack/web/v1".encode()
    assert [r.split(b" ")[:2] for r in dripping.requests] == [[b"DELETE", path]]


async def test_a_retry_that_would_wait_past_the_deadline_is_not_made_and_the_real_failure_is_shown(
    sim: Simulator,
) -> None:
    sim.faults.inject(Endpoint.LIST, FaultKind.RATE_LIMITED)  # Retry-After: 2
    sleeps = Sleeps()

    with pytest.raises(RateLimitedError, match=r"too many requests \(HTTP 429\)"):
        await in_process(sim, sleeps, request_timeout=1.0).list_images()

    assert sleeps.waits == []
    assert len(sim.received) == 1
