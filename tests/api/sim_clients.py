"""Helpers for api tests: clients on the simulator that record their waits instead of sleeping."""

from __future__ import annotations

from typing import Any

from coxedge_tui.api.client import Connection, CoxEdgeClient
from coxedge_tui.api.errors import CoxEdgeError
from coxedge_tui.api.models import CreateImageRequest
from coxedge_tui.api.retry import RetryPolicy
from coxedge_tui.sim import DEFAULT_KEY, Simulator
from coxedge_tui.sim.transport import IN_PROCESS_URL, SimulatorTransport

ENV = "test-area"
FAST_TIMEOUT = 0.2


class Sleeps:
    """An injectable sleep that records each wait and returns at once."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def connection(url: str, **options: Any) -> Connection:
    fields: dict[str, Any] = {
        "api_key": DEFAULT_KEY, "base_url": url, "environment": ENV,
        "timeout": FAST_TIMEOUT, "connect_timeout": FAST_TIMEOUT,
    }
    return Connection(**{**fields, **options})


def in_process(sim: Simulator, sleeps: Sleeps, retry: RetryPolicy | None = None, **options: Any) -> CoxEdgeClient:
    return CoxEdgeClient(
        connection(IN_PROCESS_URL, **options),
        transport=SimulatorTransport(sim),
        retry=retry,
        sleep=sleeps,
        jitter=lambda: 0.5,
    )


def over_http(url: str, sleeps: Sleeps, retry: RetryPolicy | None = None, **options: Any) -> CoxEdgeClient:
    return CoxEdgeClient(connection(url, **options), retry=retry, sleep=sleeps, jitter=lambda: 0.5)


def create_request(sim: Simulator, family: str = "web", tag: str = "v-test") -> CreateImageRequest:
    workload = next(w for w in sim.envs[ENV].workloads.values() if w.type == "VM")
    return CreateImageRequest(family=family, tag=tag, workload_id=workload.id, instance_name=workload.instances[0].name)


def custom_image_id(sim: Simulator) -> str:
    return next(i.id for i in sim.envs[ENV].images.values() if i.custom)


def assert_readable(error: CoxEdgeError) -> None:
    """A message a person can read: one line, no traceback or exception reprs."""
    text = str(error)
    assert text == error.message
    assert "\n" not in text
    for leak in ("Traceback", "File \"", "httpx.", "httpcore", "<html", "Exception(", DEFAULT_KEY):
        assert leak not in text, f"{leak!r} in {text!r}"
