"""Serve a Simulator to httpx in-process, with no socket."""

from __future__ import annotations

import asyncio

import httpx

from .simulator import Simulator

IN_PROCESS_URL = "http://127.0.0.1:0/api/v2"


class SimulatorTransport(httpx.AsyncBaseTransport):
    def __init__(self, simulator: Simulator) -> None:
        self.simulator = simulator

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        if self.simulator.latency:
            await asyncio.sleep(self.simulator.latency)
        answer = self.simulator.handle(
            request.method,
            request.url.path,
            dict(request.url.params),
            dict(request.headers),
            body,
        )
        return httpx.Response(answer.status, headers=answer.headers, content=answer.body, request=request)
