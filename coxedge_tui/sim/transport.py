"""Serve a Simulator to httpx in-process, with no socket."""

from __future__ import annotations

import asyncio

import httpx

from . import IN_PROCESS_URL as IN_PROCESS_URL  # re-exported: callers import it from here too
from .simulator import Simulator


class SimulatorTransport(httpx.AsyncBaseTransport):
    """Socket-level faults become the httpx exceptions a real network would raise."""

    def __init__(self, simulator: Simulator) -> None:
        self.simulator = simulator

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        if self.simulator.latency:
            await asyncio.sleep(self.simulator.latency)
        raw_path = request.url.raw_path.decode("ascii").split("?", 1)[0]
        answer = self.simulator.handle(request.method, raw_path, dict(request.url.params), dict(request.headers), body)
        timeouts = request.extensions.get("timeout", {})
        if answer.action == "refuse":
            raise httpx.ConnectError("[Errno 111] Connection refused (simulated)", request=request)
        if answer.action == "connect-timeout":
            await asyncio.sleep(min(answer.delay, timeouts.get("connect") or answer.delay))
            raise httpx.ConnectTimeout("timed out (simulated)", request=request)
        if answer.action == "drop":
            raise httpx.RemoteProtocolError("Server disconnected without sending a response.", request=request)
        if answer.delay:
            read_timeout = timeouts.get("read")
            if read_timeout is not None and answer.delay >= read_timeout:
                await asyncio.sleep(read_timeout)
                raise httpx.ReadTimeout("timed out (simulated)", request=request)
            await asyncio.sleep(answer.delay)
        return httpx.Response(answer.status, headers=answer.headers, content=answer.body, request=request)
