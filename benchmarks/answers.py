"""The image list as the server answers it, and the app's own client turning that answer into Images."""

from __future__ import annotations

import time
from pathlib import Path

import httpx

from coxedge_tui.api.client import Connection, CoxEdgeClient
from coxedge_tui.api.models import Image
from coxedge_tui.sim import DEFAULT_KEY, Simulator
from coxedge_tui.sim.simulator import API_PREFIX
from coxedge_tui.sim.transport import IN_PROCESS_URL

ENVIRONMENT = "test-area"


def images_answer(count: int) -> bytes:
    """The simulator's answer body to GET images for an environment of `count` images."""
    sim = Simulator(images=count)
    path = f"{API_PREFIX}/services/edge-services/{ENVIRONMENT}/images"
    answer = sim.handle("GET", path, {}, {"MC-Api-Key": DEFAULT_KEY}, b"")
    if answer.status != 200:
        raise RuntimeError(f"the simulator answered HTTP {answer.status} to the image list")
    return answer.body


async def fetch(answer: bytes | Path) -> tuple[list[Image], float]:
    """The app's client reading `answer` (a body, or a file holding one) as the answer to its list request.

    Returns the images and the seconds taken. Only the recorded answer is served, so the figure holds the
    client's work and not the simulator's; read from a file, the body lives no longer than the response.
    """

    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=answer.read_bytes() if isinstance(answer, Path) else answer)

    transport = httpx.MockTransport(serve)
    connection = Connection(api_key=DEFAULT_KEY, base_url=IN_PROCESS_URL, environment=ENVIRONMENT)
    async with CoxEdgeClient(connection, transport=transport) as client:
        started = time.perf_counter()
        images = await client.list_images()
        return images, time.perf_counter() - started
