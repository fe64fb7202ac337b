"""An in-memory Cox Edge: the same contract as the portal, served to any transport.

`Simulator.handle` takes a plain request and returns a plain response, so the
same world is served in-process (httpx transport) and over loopback HTTP.
Tasks advance lazily from an injectable clock, so tests need no sleeping threads.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from pydantic import ValidationError

from ..api.models import CreateImageRequest
from .faults import CARRIED_OUT, Endpoint, FaultPlan
from .response import SimResponse, error
from .seed import SimEnvironment, SimImage, build_world, organization_json, seeded_uuid

__all__ = ["DEFAULT_KEY", "SimRequest", "SimResponse", "Simulator", "error"]

API_PREFIX = "/api/v2"
SERVICE_CODE = "edge-services"
DEFAULT_KEY = "demo-key"
TASK_TTL = 30 * 60.0
# How a failed task says so: Cox's clients compare with FAILURE (coxedge/apiclient/tasks.go); the docs say FAILED.
TASK_FAILURE_WORDS = ("FAILURE", "FAILED")
TASK_FORMS = ("wrapped", "flat")  # GET /tasks/<id>: inside `data` as Cox's clients parse, or flat as the docs show
RECEIVED_KEPT = 10_000

JsonBody = dict[str, Any]


@dataclass(frozen=True)
class SimRequest:
    """One request as it arrived, for tests to check what the API received."""

    method: str
    path: str  # as sent on the wire, before any %-decoding
    query: dict[str, str]
    headers: dict[str, str] = field(repr=False)  # holds the key: kept out of reprs and test reports
    body: bytes = b""

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), None)

    def json(self) -> Any:
        return json.loads(self.body)


def endpoint_of(method: str, parts: list[str]) -> Endpoint | None:
    """Which documented operation a request (path split below /api/v2) is, for fault injection."""
    if method == "GET" and parts[0] == "environments" and len(parts) <= 2:
        return Endpoint.ENVIRONMENTS
    if method == "GET" and parts[0] == "organizations" and len(parts) <= 2:
        return Endpoint.ORGANIZATIONS
    if method == "GET" and len(parts) == 2 and parts[0] == "tasks":
        return Endpoint.TASK
    if len(parts) < 4 or parts[0] != "services":
        return None
    resource, has_id = parts[3], len(parts) > 4
    if resource == "images":
        table = {
            ("GET", False): Endpoint.LIST,
            ("POST", False): Endpoint.CREATE,
            ("GET", True): Endpoint.RETRIEVE,
            ("DELETE", True): Endpoint.DELETE,
        }
        return table.get((method, has_id))
    if method == "GET" and resource == "workloads":
        return Endpoint.WORKLOADS
    if method == "GET" and not has_id:
        return {"instances": Endpoint.INSTANCES}.get(resource)
    return None


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
        return self._route(method, parts, query, body)

    def _route(self, method: str, parts: list[str], query: Mapping[str, str], body: bytes) -> SimResponse:
        if parts == ["organizations"] and method == "GET":
            return listed([self._organization(), *(self._other_organization(o) for o in self.other_organizations)])
        envs = self._envs_of(query.get("org_id", ""))
        if parts == ["environments"] and method == "GET":
            return listed([e.to_json(SERVICE_CODE) for e in envs.values()])
        if len(parts) == 2 and parts[0] == "environments" and method == "GET":
            # Cox's client fetches one environment by id (coxedge/apiclient/environments.go).
            env = next((e for e in envs.values() if e.id == parts[1]), None)
            if env is None:
                return error(404, f"Environment '{parts[1]}' was not found.", code=2005)
            return SimResponse.json(200, {"data": env.to_json(SERVICE_CODE)})
        if len(parts) == 2 and parts[0] == "organizations" and method == "GET":
            organization = self._organization()
            if parts[1] != organization["id"]:
                return error(404, f"Organization '{parts[1]}' was not found.", code=2016)
            return SimResponse.json(200, {"data": organization})
        if len(parts) == 2 and parts[0] == "tasks" and method == "GET":
            return self._get_task(parts[1])
        if len(parts) >= 4 and parts[0] == "services":
            if parts[1] != SERVICE_CODE:
                return error(404, f"Unknown service '{parts[1]}'.", code=2004)
            env = envs.get(parts[2])
            if env is None:
                return error(404, f"Environment '{parts[2]}' was not found.", code=2005)
            return self._route_service(method, env, parts[3:], query, body)
        return error(404, f"No such endpoint: {method} /{'/'.join(parts)}.", code=2004)

    def _route_service(
        self, method: str, env: SimEnvironment, rest: list[str], query: Mapping[str, str], body: bytes
    ) -> SimResponse:
        resource, ident = rest[0], "/".join(rest[1:])
        if resource == "images":
            if not ident:
                if method == "GET":
                    return self._list_images(env, query.get("imageType", ""))
                if method == "POST":
                    return self._create_image(env, body)
            elif method == "GET":
                image = env.images.get(ident)
                if image is None:
                    return error(404, f"Image '{ident}' was not found.", code=2012)
                return SimResponse.json(200, {"data": image.to_json()})
            elif method == "DELETE":
                return self._delete_image(env, ident)
            return error(405, f"Method {method} is not allowed here.", code=2006)
        if resource == "workloads" and method == "GET" and not ident:
            return listed([w.to_json() for w in env.workloads.values()])
        if resource == "workloads" and method == "GET":
            workload = env.workloads.get(ident)
            if workload is None:
                return error(404, f"Workload '{ident}' was not found in {env.name}.", code=2011)
            return SimResponse.json(200, {"data": workload.to_json()})
        if resource == "instances" and method == "GET" and not ident:
            workload = env.workloads.get(query.get("workloadId", ""))
            if workload is None:
                return error(400, "workloadId must name a workload of this environment.", code=2010)
            return listed([i.to_json() for i in workload.instances])
        return error(404, f"No such endpoint: {method} {resource}.", code=2004)

    def _list_images(self, env: SimEnvironment, image_type: str) -> SimResponse:
        kind = image_type if image_type in ("default", "custom") else "all"
        cached = self._list_cache.get((id(env), kind))
        if cached is None:
            images = [
                i.to_json()
                for i in env.images.values()
                if kind == "all" or i.custom == (kind == "custom")
            ]
            cached = json.dumps({"data": images, "metadata": {"recordCount": len(images)}}).encode()
            self._list_cache[(id(env), kind)] = cached
        return SimResponse(200, cached)

    def _changed(self) -> None:
        self._list_cache.clear()

    def _create_image(self, env: SimEnvironment, body: bytes) -> SimResponse:
        try:
            payload = json.loads(body or b"null")
        except ValueError:
            return error(400, "The request body is not valid JSON.", code=2001)
        if not isinstance(payload, dict):
            return error(400, "The request body must be a JSON object.", code=2001)
        problems = create_problems(payload)
        if problems:
            return SimResponse.json(
                400, {"errors": [{"code": 2010, "message": m, "context": {"field": f}} for f, m in problems]}
            )
        workload = env.workloads.get(payload["workloadId"])
        if workload is None:
            return error(400, f"Workload '{payload['workloadId']}' was not found in {env.name}.", code=2011)
        if workload.type != "VM":
            return error(
                400,
                f"Workload '{workload.name}' is of type {workload.type}; only workloads of type VM are allowed.",
                code=2011,
            )
        if payload["instanceName"] not in {i.name for i in workload.instances}:
            return error(
                400,
                f"Instance '{payload['instanceName']}' is not an instance of workload '{workload.name}'.",
                code=2011,
            )
        image = SimImage(
            stack_id=env.stack_id,
            slug=env.stack_slug,
            family=payload["family"],
            tag=payload["tag"],
            created_at=datetime.now(UTC),
            description=payload.get("description"),
            status="PENDING",
        )
        if image.id in env.images:
            return error(409, f"An image {image.family}:{image.tag} already exists.", code=2013)
        env.images[image.id] = image
        self._changed()

        def halfway() -> None:
            image.status = "PROCESSING"

        def success() -> None:
            image.status = "READY"

        def failure() -> None:
            image.status = "FAILED"

        return self._start_task(success, failure, halfway, task_result(image))

    def _delete_image(self, env: SimEnvironment, ident: str) -> SimResponse:
        image = env.images.get(ident)
        if image is None:
            return error(404, f"Image '{ident}' was not found.", code=2012)
        if not image.custom:
            return error(400, "Only custom images can be deleted.", code=2014)

        def success() -> None:
            env.images.pop(ident, None)

        return self._start_task(success, lambda: None, None, task_result(image))

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

    def _organization(self) -> JsonBody:
        return organization_json(list(self.envs.values()), SERVICE_CODE)

    def _other_organization(self, org_id: str) -> JsonBody:
        name, envs = self.other_organizations[org_id]
        return {**organization_json(list(envs.values()), SERVICE_CODE), "id": org_id, "name": name}

    def _envs_of(self, org_id: str) -> dict[str, SimEnvironment]:
        """The environments of the organisation a request names with ?org_id=; any other id is the key's own."""
        other = self.other_organizations.get(org_id)
        return other[1] if other is not None else self.envs

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


def listed(items: list[Any]) -> SimResponse:
    """Every list answers `{"data": [...], "metadata": {"recordCount": N}}` (images-api.md)."""
    return SimResponse.json(200, {"data": items, "metadata": {"recordCount": len(items)}})


def task_result(image: SimImage) -> JsonBody:
    """Cox's client reads the resource as result.id and result.name (models.go, TaskStatus); imageId stays for ours."""
    return {"id": image.id, "name": f"{image.family}:{image.tag}", "imageId": image.id}


def create_problems(payload: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The documented create-image rules, as (field, message) pairs."""
    problems = []
    for name in ("family", "tag", "workloadId", "instanceName"):
        value = payload.get(name)
        if not isinstance(value, str) or not value:
            problems.append((name, f"{name} is required."))
    if problems:
        return problems
    known = {k: v for k, v in payload.items() if k in ("family", "tag", "workloadId", "instanceName", "description")}
    try:
        CreateImageRequest.model_validate(known)
    except ValidationError as exc:
        for item in exc.errors():
            name = str(item["loc"][0]) if item["loc"] else "body"
            problems.append((name, re.sub(r"^Value error, ", "", item["msg"])))
    return problems
