"""A server that drips its answer cannot leave the app saying `refreshing…` forever: the deadline ends the wait."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx

from coxedge_tui.api.client import Connection, CoxEdgeClient
from coxedge_tui.settings.config import Settings
from coxedge_tui.sim import DEFAULT_KEY
from coxedge_tui.ui.app import CoxEdgeApp

BODY = b'{"data": []}'.ljust(200)


class Drip(httpx.AsyncByteStream):
    """One byte every 50 ms: each read is quick, the whole answer takes 10 s."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for byte in BODY:
            await asyncio.sleep(0.05)
            yield bytes([byte])


class DrippingTransport(httpx.AsyncBaseTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": "application/json"}, stream=Drip())


async def test_a_dripping_list_ends_at_the_deadline_with_a_message_instead_of_refreshing_forever(
    settings: Settings, screen: Callable[[CoxEdgeApp], str], until: Callable[..., Awaitable[None]]
) -> None:
    client = CoxEdgeClient(
        Connection(api_key=DEFAULT_KEY, base_url="https://portal.example/api/v2", environment="test-area",
                   request_timeout=0.5),
        transport=DrippingTransport(),
    )
    app = CoxEdgeApp(client, settings)

    def seen() -> str:
        return screen(app) + "\n" + "\n".join(f"{n.title}: {n.message}" for n in app._notifications)

    async with app.run_test(size=(160, 40)):
        await until(lambda: "within 0.5 s" in seen(), timeout=10.0, what="the deadline message")
        text = seen()
        assert "Listing images: no complete answer from https://portal.example within 0.5 s" in text
        assert "--request-timeout" in text
        await until(lambda: "refreshing…" not in screen(app), timeout=5.0, what="the refresh to end")
