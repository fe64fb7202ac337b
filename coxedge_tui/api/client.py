"""The async Cox Edge client: one httpx.AsyncClient per session."""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar
from urllib.parse import unquote

import httpx
from pydantic import BaseModel, ValidationError

from .. import __version__
from .answers import ACCEPT_ENCODING, MAX_ANSWER_BYTES, check_containers, read_capped
from .background import collections_paused
from .checks import check_api_key as check_api_key  # re-exported: callers check before building a client
from .checks import check_base_url as check_base_url
from .checks import display_url as display_url
from .checks import is_loopback_host as is_loopback_host
from .checks import tls_context as tls_context
from .errors import CoxEdgeError, InvalidInputError, ProtocolError, ReadOnlyError, excerpt
from .http_errors import body_excerpt, error_for_deadline, error_for_response, error_for_transport
from .json_steps import loads_in_steps
from .key_mask import MIN_LENGTH, known, mask_decoded
from .kinds import DEFAULT_API_URL as DEFAULT_API_URL  # re-exported for callers of the client
from .kinds import DEFAULT_SERVICE as DEFAULT_SERVICE
from .models import (
    CreateImageRequest,
    Environment,
    Image,
    ImageType,
    Instance,
    Organization,
    Task,
    TaskRef,
    Workload,
)
from .paths import check_sent_path, segment
from .paths import image_path as image_path  # re-exported: the path of an image id, checked
from .read_list import MAX_LIST_ITEMS, ReadList, read_items
from .retry import RetryPolicy

USER_AGENT = f"coxedge-tui/{__version__} (+httpx/{httpx.__version__})"
READ_TIMEOUT = 20.0
CONNECT_TIMEOUT = 5.0
REQUEST_TIMEOUT = 60.0  # the whole of one call, connect to last byte, retries included
WRITE_NOTE = " The server accepted the change, so it was probably applied; refresh the list to see."
EMPTY_ANSWER = "empty-answer"  # the code of a 2xx answer without a body: for a delete, accepted without a task

log = logging.getLogger("coxedge_tui.api")

M = TypeVar("M", bound=BaseModel)
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Connection:
    """Where to talk and as whom. The key is kept out of repr; another environment is another Connection."""

    api_key: str = field(repr=False)
    base_url: str = DEFAULT_API_URL
    service: str = DEFAULT_SERVICE
    environment: str = ""
    organization: str | None = None
    read_only: bool = False
    timeout: float = READ_TIMEOUT
    connect_timeout: float = CONNECT_TIMEOUT
    ca_bundle: str | None = None  # a corporate CA file; TLS verification itself is never turned off
    request_timeout: float = REQUEST_TIMEOUT  # total per call; `timeout` above bounds each read only
    max_answer_bytes: int = MAX_ANSWER_BYTES  # decompressed


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
                "Accept-Encoding": ACCEPT_ENCODING,
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

    def for_environment(self, environment: str) -> CoxEdgeClient:
        """This client in another environment, sharing its connection pool: closing either closes both."""
        twin = copy.copy(self)
        twin.connection = replace(self.connection, environment=environment)
        return twin

    def for_organization(self, organization: str | None, environment: str) -> CoxEdgeClient:
        """This client acting in another organisation (sent as ?org_id=), sharing its connection pool."""
        twin = copy.copy(self)
        twin.connection = replace(self.connection, organization=organization or None, environment=environment)
        return twin

    def _service_path(self, suffix: str) -> str:
        c = self.connection
        if not c.environment:
            raise CoxEdgeError("No environment is chosen: pass --environment or set COX_ENVIRONMENT.")
        return f"/services/{segment(c.service, 'service')}/{segment(c.environment, 'environment')}/{suffix}"

    async def _request(
        self,
        method: str,
        path: str,
        what: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
        raw: bool = False,
    ) -> Any:
        """The decoded answer; with `raw`, the response itself, its body checked but left for the caller to decode."""
        write = method not in ("GET", "HEAD")
        self._check_path(path)
        if self.connection.read_only and write:
            raise ReadOnlyError(f"{what}: refused, the session is read-only (--read-only / COX_READ_ONLY).")
        query = dict(params or {})
        if self.connection.organization:
            query["org_id"] = self.connection.organization
        self._check_no_key(what, path, query)
        seconds = self.connection.request_timeout
        # One deadline for the whole call, retries included: httpx's timeouts bound each read, which a drip resets.
        limit = asyncio.timeout(seconds)
        try:
            async with limit:
                attempt = 1
                while True:
                    try:
                        return await self._attempt(method, path, what, query, body, write, raw)
                    except CoxEdgeError as exc:
                        wait = None if write else self.retry.wait_before_retry(attempt, exc, self._jitter())
                        if wait is not None and _left(limit) < wait:
                            wait = None  # the deadline would pass while waiting: the real failure says more
                        if wait is None:
                            if attempt > 1:
                                exc.message = f"{exc.message} (Tried {attempt} times.)"
                            raise
                        log.info(
                            "%s %s: retrying in %.1f s after attempt %d: %s", method, path, wait, attempt, exc.title
                        )
                        await self._sleep(wait)
                        attempt += 1
        except TimeoutError:
            if not limit.expired():
                raise
            log.debug("%s %s: stopped at the %.1f s deadline", method, path, seconds)
            raise error_for_deadline(what, self._where, seconds, write=write) from None

    def _check_path(self, path: str) -> None:
        """What httpx will send must be exactly the host and path built, whatever it resolves or normalises."""
        base = self._http.base_url
        intended = base.raw_path.decode("ascii") + path.lstrip("/")
        try:
            url = self._http.build_request("GET", path).url
        except httpx.InvalidURL:
            url = base.copy_with(raw_path=b"/?")  # cannot be sent at all: reported as a path that differs
        sent = url.raw_path.partition(b"?")[0].decode("ascii")
        check_sent_path(intended, sent if (url.scheme, url.netloc) == (base.scheme, base.netloc) else f"{url}")

    def _check_no_key(self, what: str, path: str, query: Mapping[str, str]) -> None:
        """The key pasted where a name or id belongs would reach the server's access logs: refuse it."""
        sent = " ".join((unquote(path), *query.values()))
        if any(len(k) >= MIN_LENGTH and k in sent for k in (*known(), self.connection.api_key)):
            raise InvalidInputError(
                f"{what}: an id, environment or organisation given holds the API key, which must never go in a "
                "URL. Nothing was sent; check what was pasted where."
            )

    async def _attempt(
        self,
        method: str,
        path: str,
        what: str,
        query: Mapping[str, str],
        body: Mapping[str, Any] | None,
        write: bool,
        raw: bool = False,
    ) -> Any:
        started = time.perf_counter()
        try:
            async with self._http.stream(method, path, params=query or None, json=body) as streamed:
                response = streamed if streamed.is_redirect else await read_capped(
                    streamed, what, self.connection.max_answer_bytes
                )
        except ProtocolError as exc:
            if write:
                exc.message += WRITE_NOTE
            raise
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
            raise ProtocolError(
                f"{what}: the server sent an empty answer (HTTP {response.status_code}).{note}", code=EMPTY_ANSWER
            )
        if raw:
            return response  # checked and decoded by the caller, in a worker thread
        check_containers(response.content, what, response.status_code)
        return self._json_of(response, what, note)

    @staticmethod
    def _json_of(
        response: httpx.Response, what: str, note: str = "", loads: Callable[[bytes], Any] = json.loads
    ) -> Any:
        """The answer's JSON, known keys masked, or a ProtocolError saying why it cannot be read."""
        try:
            return mask_decoded(loads(response.content), response.content)
        except RecursionError:
            raise ProtocolError(
                f"{what}: the answer was nested too deeply to read (HTTP {response.status_code}).{note}"
            ) from None
        except ValueError:
            raise ProtocolError(
                f"{what}: the answer was not JSON (HTTP {response.status_code}): {body_excerpt(response)}.{note}"
            ) from None

    @staticmethod
    def _decode(
        model: type[M], payload: Any, what: str, *, write: bool = False, context: dict[str, Any] | None = None
    ) -> M:
        try:
            return model.model_validate(payload, context=context)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = excerpt(".".join(str(p) for p in first["loc"]) or "body", 60)
            note = WRITE_NOTE if write else ""
            raise ProtocolError(
                f"{what}: the answer had an unexpected shape ({where}: {first['msg']}).{note}"
            ) from None

    @classmethod
    def _data_list(cls, model: type[M], payload: Any, what: str) -> ReadList[M]:
        """Every readable item of `data`; `{"data": null}` is an empty list, as Go's zero value reads it."""
        if not isinstance(payload, dict) or "data" not in payload:
            raise ProtocolError(f"{what}: the answer had no 'data' list.")
        items = payload["data"]
        if items is None:
            return ReadList([])
        if not isinstance(items, list):
            raise ProtocolError(f"{what}: the answer had no 'data' list.")
        if len(items) > MAX_LIST_ITEMS:  # each item is decoded in turn: millions of tiny ones would take minutes
            raise ProtocolError(
                f"{what}: the answer listed {len(items):,} items, more than the {MAX_LIST_ITEMS:,} this client reads. "
                "No real list is that long; the server or a proxy is misbehaving."
            )
        read = read_items(model, items)
        if read.unreadable:
            log.info("%s: skipped %d unreadable item(s): %s", what, read.unreadable, read.reason)
        return read

    async def list_images(self, image_type: ImageType = ImageType.ALL) -> ReadList[Image]:
        """Decoded in a worker thread, in small steps: at 100k images the UI's event loop would stall for seconds."""
        what = "Listing images"
        params = {"imageType": image_type.value} if image_type is not ImageType.ALL else None
        response = await self._request("GET", self._service_path("images"), what, params=params, raw=True)
        return await asyncio.to_thread(self._read_image_list, response, what)

    @classmethod
    def _read_image_list(cls, response: httpx.Response | None, what: str) -> ReadList[Image]:
        if response is None:  # HTTP 204
            return cls._data_list(Image, None, what)
        check_containers(response.content, what, response.status_code)
        with collections_paused():
            return cls._data_list(Image, cls._json_of(response, what, loads=loads_in_steps), what)

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

    async def delete_image(self, image_id: str) -> TaskRef | None:
        """The delete's task, or None when the server accepted it without one (204, or 200 with no body).

        Cox's Go client accepts a delete on its status alone and never reads the body
        (coxedge/apiclient/workloads.go, DeleteWorkload); the caller then checks the image is gone.
        """
        what = f"Deleting image {excerpt(image_id, 80)}"
        try:
            payload = await self._request("DELETE", self._service_path(f"images/{image_path(image_id)}"), what)
        except ProtocolError as exc:
            if exc.code == EMPTY_ANSWER:
                return None
            raise
        if payload is None:
            return None
        return self._decode(TaskRef, payload, what, write=True)

    async def get_task(self, task_id: str) -> Task:
        what = f"Checking task {excerpt(task_id, 40)}"
        payload = await self._request("GET", f"/tasks/{segment(task_id, 'task id')}", what)
        return self._decode(Task, payload, what, context={"task_id": task_id})

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


def _left(limit: asyncio.Timeout) -> float:
    when = limit.when()
    return float("inf") if when is None else when - asyncio.get_running_loop().time()


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000
