"""An in-memory Cox Edge: the same contract as the portal, served to any transport.

`Simulator.handle` takes a plain request and returns a plain response, so the
same world is served in-process (httpx transport) and over loopback HTTP.
Tasks advance lazily from an injectable clock, so tests need no sleeping threads.
The routes live in `routes` and `image_routes`; the request record in `request`.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote

from .faults import CARRIED_OUT, FaultPlan
from .request import SimRequest, endpoint_of
from .response import JsonBody, SimResponse, error
from .routes import route
from .seed import SimEnvironment, SimImage, build_world, seeded_uuid

__all__ = ["DEFAULT_KEY", "SimRequest", "SimResponse", "Simulator", "error"]

API_PREFIX = "/api/v2"
DEFAULT_KEY = "demo-key"
TASK_TTL = 30 * 60.0
# How a failed task says so: Cox's clients compare with FAILURE (coxedge/apiclient/tasks.go); the docs say FAILED.
TASK_FAILURE_WORDS = ("FAILURE", "FAILED")
TASK_FORMS = ("wrapped", "flat")  # GET /tasks/<id>: inside `data` as Cox's clients parse, or flat as the docs show
RECEIVED_KEPT = 10_000


@dataclass
class SimTask:
    id: str
    started: float
    delay: float
    outcome: str
    on_success: Callable[[], None]
    on_failure: Callable[[], None]
    on_halfway: Callable[[], None] | None = None
    created: datetime = field(default_factory=lambda: datetime.now(UTC))
    status: str = "PENDING"
    result: JsonBody = field(default_factory=dict)
    halfway_done: bool = False


class Simulator:
    """Holds the world; every public method is safe to call from any thread."""

    def __init__(
        self,
        *,
        seed: int = 7,
        images: int = 40,
        api_key: str = DEFAULT_KEY,
        task_delay: float = 4.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.api_key = api_key
        self.task_delay = task_delay
        self.clock = clock
        self.envs: dict[str, SimEnvironment] = build_world(seed, images)
        # Organisations besides the key's own, by id: (name, environments), reached with ?org_id=.
        self.other_organizations: dict[str, tuple[str, dict[str, SimEnvironment]]] = {}
        self.tasks: dict[str, SimTask] = {}
        self.task_form = TASK_FORMS[0]
        self.task_failure_status = TASK_FAILURE_WORDS[0]  # or "FAILED", the docs' spelling
        self.fail_next_tasks = 0
        self.instant_tasks = False
        self.latency = 0.0
        self.faults = FaultPlan()
        self.requests: list[tuple[str, str]] = []
        self.received: deque[SimRequest] = deque(maxlen=RECEIVED_KEPT)
        self._rng = random.Random(seed + 1)
        self._lock = threading.RLock()
        self._list_cache: dict[tuple[int, str], bytes] = {}  # by the environment object: organisations reuse names

    def handle(
        self, method: str, path: str, query: Mapping[str, str], headers: Mapping[str, str], body: bytes
    ) -> SimResponse:
        """Answer one request; `path` is the raw path as sent, with %-escapes intact."""
        with self._lock:
            self.requests.append((method, path))
            self.received.append(SimRequest(method, path, dict(query), dict(headers), body))
            self._advance()
            if not path.startswith(API_PREFIX + "/"):
                return error(404, f"No API at {path}; the API lives under {API_PREFIX}.")
            parts = [unquote(p) for p in path[len(API_PREFIX) :].strip("/").split("/")]
            endpoint = endpoint_of(method, parts)
            below = parts[2] if len(parts) > 2 and parts[0] == "services" else ""  # a fault may be one environment's
            fault = self.faults.take(endpoint, below) if endpoint is not None else None
            if fault is not None and fault not in CARRIED_OUT:
                return self.faults.answer(fault, None)
            answer = self._authorised(method, parts, query, headers, body)
            return self.faults.answer(fault, answer) if fault is not None else answer

    def _authorised(
        self, method: str, parts: list[str], query: Mapping[str, str], headers: Mapping[str, str], body: bytes
    ) -> SimResponse:
        key = {k.lower(): v for k, v in headers.items()}.get("mc-api-key")
        if not key:
            return error(401, "Missing MC-Api-Key header.", code=1001)
        if key != self.api_key:
            return error(403, "Invalid API key.", code=1002)
        return route(self, method, parts, query, body)

    def _changed(self) -> None:
        self._list_cache.clear()

    def _start_task(
        self,
        on_success: Callable[[], None],
        on_failure: Callable[[], None],
        on_halfway: Callable[[], None] | None,
        result: JsonBody,
    ) -> SimResponse:
        outcome = "SUCCESS"
        if self.fail_next_tasks > 0:
            self.fail_next_tasks -= 1
            outcome = self.task_failure_status
        task = SimTask(
            id=seeded_uuid(self._rng),
            started=self.clock(),
            delay=0.0 if self.instant_tasks else self.task_delay,
            outcome=outcome,
            on_success=on_success,
            on_failure=on_failure,
            on_halfway=on_halfway,
            result=result,
        )
        self.tasks[task.id] = task
        self._advance()
        # Accepted is 200, as images-api.md shows; Cox's client takes nothing else (coxedge/apiclient/client.go).
        return SimResponse.json(200, {"taskId": task.id, "taskStatus": task.status})

    def _advance(self) -> None:
        now = self.clock()
        for task in self.tasks.values():
            if task.status != "PENDING":
                continue
            if task.on_halfway and not task.halfway_done and now >= task.started + task.delay / 2:
                task.halfway_done = True
                task.on_halfway()
                self._changed()
            if now >= task.started + task.delay:
                task.status = task.outcome
                if task.outcome == "SUCCESS":
                    task.on_success()
                else:
                    task.result = {**task.result, "error": "The simulated operation failed on the edge node."}
                    task.on_failure()
                self._changed()

    def _get_task(self, task_id: str) -> SimResponse:
        task = self.tasks.get(task_id)
        if task is None or self.clock() - task.started > TASK_TTL:
            return error(404, f"Task '{task_id}' was not found; tasks expire after 30 minutes.", code=2015)
        created = task.created.isoformat().replace("+00:00", "Z")
        if self.task_form == "flat":
            flat = {"taskId": task.id, "taskStatus": task.status, "created": created, "result": task.result}
            return SimResponse.json(200, flat)
        return SimResponse.json(
            200, {"data": {"id": task.id, "status": task.status, "created": created, "result": task.result}}
        )

    def add_organization(self, org_id: str, name: str, *, seed: int, images: int = 12) -> dict[str, SimEnvironment]:
        """Another organisation the key sees, with a world of its own; returns its environments."""
        with self._lock:
            envs = build_world(seed, images)
            self.other_organizations[org_id] = (name, envs)
            return envs

    def image(self, env: str, image_id: str) -> SimImage | None:
        """Test helper: the true state of one image."""
        with self._lock:
            self._advance()
            return self.envs[env].images.get(image_id)

    def add_image(self, env: str, image: SimImage) -> None:
        with self._lock:
            self.envs[env].images[image.id] = image
            self._changed()

    def remove_image(self, env: str, image_id: str) -> None:
        """Test helper: the image is gone, as a server that keeps no failed image does."""
        with self._lock:
            self.envs[env].images.pop(image_id, None)
            self._changed()
