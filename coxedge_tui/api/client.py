"""The async Cox Edge client: one httpx.AsyncClient per session."""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, ValidationError

from .. import __version__
from .checks import check_api_key as check_api_key  # re-exported: callers check before building a client
from .checks import check_base_url as check_base_url
from .checks import display_url as display_url
from .checks import is_loopback_host as is_loopback_host
from .checks import tls_context as tls_context
from .errors import CoxEdgeError, ProtocolError, ReadOnlyError, excerpt
from .http_errors import body_excerpt, error_for_response, error_for_transport
from .key_mask import mask_decoded
from .kinds import DEFAULT_API_URL as DEFAULT_API_URL  # re-exported for callers of the client
from .kinds import DEFAULT_SERVICE as DEFAULT_SERVICE
from .models import (
    CreateImageRequest,
    Environment,
    Image,
    ImageList,
    ImageType,
    Instance,
    Organization,
    Task,
    TaskRef,
    Workload,
)
from .retry import RetryPolicy

USER_AGENT = f"coxedge-tui/{__version__} (+httpx/{httpx.__version__})"
READ_TIMEOUT = 20.0
CONNECT_TIMEOUT = 5.0
WRITE_NOTE = " The server accepted the change, so it was probably applied; refresh the list to see."

log = logging.getLogger("coxedge_tui.api")

M = TypeVar("M", bound=BaseModel)
Sleep = Callable[[float], Awaitable[None]]


@dataclass
class Connection:
    """Where to talk and as whom. The key is kept out of repr."""

    api_key: str = field(repr=False)
    base_url: str = DEFAULT_API_URL
    service: str = DEFAULT_SERVICE
    environment: str = ""
    organization: str | None = None
    read_only: bool = False
    timeout: float = READ_TIMEOUT
    connect_timeout: float = CONNECT_TIMEOUT
    ca_bundle: str | None = None  # a corporate CA file; TLS verification itself is never turned off


def image_path(image_id: str) -> str:
    """An image id keeps its slashes in the path; each segment is still escaped."""
    return "/".join(quote(part, safe="") for part in image_id.split("/"))


class CoxEdgeClient:
    """Every Cox Edge operation the product needs. Reads retry transient failures; writes never do."""

    def __init__(
        self,
        connection: Connection,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.connection = connection
        self.base_url = check_base_url(connection.base_url)
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._jitter = jitter
        self._where = display_url(self.base_url)
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            headers={
                "MC-Api-Key": check_api_key(connection.api_key),
                "User-Agent": USER_AGENT,
                "Accept": "application/json",
            },
            timeout=httpx.Timeout(connection.timeout, connect=connection.connect_timeout),
            transport=transport,
            follow_redirects=False,
            trust_env=False,  # no proxy from the environment may carry the key elsewhere
            verify=tls_context(connection.ca_bundle),
        )

    async def __aenter__(self) -> CoxEdgeClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    @property
    def environment(self) -> str:
        return self.connection.environment

    def _service_path(self, suffix: str) -> str:
        c = self.connection
        if not c.environment:
            raise CoxEdgeError("No environment is chosen: pass --environment or set COX_ENVIRONMENT.")
        return f"/services/{quote(c.service, safe='')}/{quote(c.environment, safe='')}/{suffix}"

    async def _request(
        self,
        method: str,
        path: str,
        what: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> Any:
        write = method not in ("GET", "HEAD")
        if self.connection.read_only and write:
            raise ReadOnlyError(f"{what}: refused, the session is read-only (--read-only / COX_READ_ONLY).")
        query = dict(params or {})
        if self.connection.organization:
            query["org_id"] = self.connection.organization
        attempt = 1
        while True:
            try:
                return await self._attempt(method, path, what, query, body, write)
            except CoxEdgeError as exc:
                wait = None if write else self.retry.wait_before_retry(attempt, exc, self._jitter())
                if wait is None:
                    if attempt > 1:
                        exc.message = f"{exc.message} (Tried {attempt} times.)"
                    raise
                log.info("%s %s: retrying in %.1f s after attempt %d: %s", method, path, wait, attempt, exc.title)
                await self._sleep(wait)
                attempt += 1

    async def _attempt(
        self, method: str, path: str, what: str, query: Mapping[str, str], body: Mapping[str, Any] | None, write: bool
    ) -> Any:
        started = time.perf_counter()
        try:
            response = await self._http.request(method, path, params=query or None, json=body)
        except httpx.HTTPError as exc:
            log.debug("%s %s failed after %.0f ms: %s", method, path, _ms(started), type(exc).__name__)
            raise error_for_transport(exc, what, self._where, write=write) from None
        log.debug("%s %s -> %d in %.0f ms", method, path, response.status_code, _ms(started))
        note = WRITE_NOTE if write else ""
        if response.is_redirect:
            target = response.headers.get("Location", "?")
            raise ProtocolError(
                f"{what}: the server redirected to {excerpt(target)} (HTTP {response.status_code}); "
                "not followed, so the API key stays with the configured host. Check the API URL."
            )
        if response.status_code >= 400:
            raise error_for_response(response, what, write=write)
        if not response.is_success:
            raise ProtocolError(f"{what}: the server answered with an unexpected HTTP {response.status_code}.")
        if not response.content:
            if response.status_code == 204:
                return None
            raise ProtocolError(f"{what}: the server sent an empty answer (HTTP {response.status_code}).{note}")
        try:
            return mask_decoded(json.loads(response.content), response.content)
        except RecursionError:
            raise ProtocolError(
                f"{what}: the answer was nested too deeply to read (HTTP {response.status_code}).{note}"
            ) from None
        except ValueError:
            raise ProtocolError(
                f"{what}: the answer was not JSON (HTTP {response.status_code}): {body_excerpt(response)}.{note}"
            ) from None

    @staticmethod
    def _decode(model: type[M], payload: Any, what: str, *, write: bool = False) -> M:
        try:
            return model.model_validate(payload)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = excerpt(".".join(str(p) for p in first["loc"]) or "body", 60)
            note = WRITE_NOTE if write else ""
            raise ProtocolError(
                f"{what}: the answer had an unexpected shape ({where}: {first['msg']}).{note}"
            ) from None

    @classmethod
    def _data_list(cls, model: type[M], payload: Any, what: str) -> list[M]:
        items = payload.get("data") if isinstance(payload, dict) else None
        if not isinstance(items, list):
            raise ProtocolError(f"{what}: the answer had no 'data' list.")
        return [cls._decode(model, item, what) for item in items]

    async def list_images(self, image_type: ImageType = ImageType.ALL) -> list[Image]:
        params = {"imageType": image_type.value} if image_type is not ImageType.ALL else None
        payload = await self._request("GET", self._service_path("images"), "Listing images", params=params)
        return self._decode(ImageList, payload, "Listing images").data

    async def get_image(self, image_id: str) -> Image:
        what = f"Loading image {excerpt(image_id, 80)}"
        payload = await self._request("GET", self._service_path(f"images/{image_path(image_id)}"), what)
        if not isinstance(payload, dict) or not isinstance(payload.get("data"), dict):
            raise ProtocolError(f"{what}: the answer had no 'data' object.")
        return self._decode(Image, payload["data"], what)

    async def create_image(self, request: CreateImageRequest) -> TaskRef:
        what = f"Creating image {request.family}:{request.tag}"
        payload = await self._request("POST", self._service_path("images"), what, body=request.to_body())
        return self._decode(TaskRef, payload, what, write=True)

    async def delete_image(self, image_id: str) -> TaskRef:
        what = f"Deleting image {excerpt(image_id, 80)}"
        payload = await self._request("DELETE", self._service_path(f"images/{image_path(image_id)}"), what)
        return self._decode(TaskRef, payload, what, write=True)

    async def get_task(self, task_id: str) -> Task:
        what = f"Checking task {excerpt(task_id, 40)}"
        payload = await self._request("GET", f"/tasks/{quote(task_id, safe='')}", what)
        return self._decode(Task, payload, what)

    async def list_environments(self) -> list[Environment]:
        payload = await self._request("GET", "/environments", "Listing environments")
        return self._data_list(Environment, payload, "Listing environments")

    async def list_organizations(self) -> list[Organization]:
        payload = await self._request("GET", "/organizations", "Listing organisations")
        return self._data_list(Organization, payload, "Listing organisations")

    async def list_workloads(self) -> list[Workload]:
        payload = await self._request("GET", self._service_path("workloads"), "Listing workloads")
        return self._data_list(Workload, payload, "Listing workloads")

    async def list_instances(self, workload_id: str) -> list[Instance]:
        what = "Listing instances"
        payload = await self._request("GET", self._service_path("instances"), what, params={"workloadId": workload_id})
        return self._data_list(Instance, payload, what)


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
