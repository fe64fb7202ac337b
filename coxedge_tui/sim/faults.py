"""Faults the simulator injects on chosen endpoints, to rehearse every way the API can fail.

A fault is armed for one endpoint (or all of them) for N requests or for ever:

    sim.faults.inject(Endpoint.LIST, FaultKind.BAD_GATEWAY)          # the next list answers 502
    sim.faults.inject(Endpoint.CREATE, FaultKind.DROP, times=None)   # every create loses its answer
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from enum import StrEnum
from typing import Any

from .response import SimResponse, error


class Endpoint(StrEnum):
    LIST = "list"
    RETRIEVE = "retrieve"
    CREATE = "create"
    DELETE = "delete"
    TASK = "task"
    ENVIRONMENTS = "environments"
    ORGANIZATIONS = "organizations"
    WORKLOADS = "workloads"
    INSTANCES = "instances"
    ANY = "any"


class FaultKind(StrEnum):
    REFUSED = "refused"  # the connection goes before the request is read; nothing happens
    CONNECT_TIMEOUT = "connect-timeout"  # no connection within the client's timeout; nothing happens
    DROP = "drop"  # the request is carried out, then the connection closes without an answer
    SLOW = "slow"  # the request is carried out; the answer comes after FaultPlan.slow_seconds
    UNAUTHORIZED = "401"
    FORBIDDEN = "403"
    NOT_FOUND = "404"
    BAD_REQUEST = "400"
    NOT_ALLOWED = "405"
    CONFLICT = "409"
    RATE_LIMITED = "429"  # with Retry-After in seconds
    RATE_LIMITED_DATE = "429-date"  # with Retry-After as an HTTP date
    RATE_LIMITED_BARE = "429-bare"  # without Retry-After
    SERVER_ERROR = "500"
    BAD_GATEWAY = "502"  # a proxy's HTML page
    UNAVAILABLE = "503"  # a proxy's HTML page
    GATEWAY_TIMEOUT = "504"  # a proxy's HTML page
    MALFORMED_JSON = "malformed-json"  # carried out; 200 with a truncated JSON body
    WRONG_SHAPE = "wrong-shape"  # carried out; 200 with JSON that is not the documented shape
    EMPTY = "empty"  # carried out; 200 with no body at all
    NO_CONTENT = "204"  # carried out; 204 with no body (a delete accepted without a task to follow)
    UNKNOWN_STATUS = "unknown-status"  # carried out; every status in the answer is one nobody documented
    REDIRECT = "redirect"  # 307 to another host, which must not be followed with the key


# Kinds after which the simulator's world has changed as if the request had succeeded.
CARRIED_OUT = frozenset(
    {FaultKind.DROP, FaultKind.SLOW, FaultKind.MALFORMED_JSON, FaultKind.WRONG_SHAPE, FaultKind.EMPTY,
     FaultKind.NO_CONTENT, FaultKind.UNKNOWN_STATUS}
)
UNKNOWN_STATUS_VALUE = "QUARANTINED"
REDIRECT_TARGET = "https://collector.invalid/api/v2/steal"
SLOW_SECONDS = 30.0  # longer than the client's default 20 s read timeout, so "slow" means "timed out"

_GATEWAY_PAGE = """<html>\r
<head><title>{status} {reason}</title><style>body {{ font-family: sans-serif; }}</style></head>\r
<body>\r
<center><h1>{status} {reason}</h1></center>\r
<hr><center>nginx</center>\r
</body>\r
</html>\r
"""
_GATEWAY_REASONS = {502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Time-out"}
_ERROR_MESSAGES: dict[FaultKind, tuple[int, int, str]] = {
    FaultKind.UNAUTHORIZED: (401, 1001, "Simulated fault: the API key has expired."),
    FaultKind.FORBIDDEN: (403, 1003, "Simulated fault: this key may not act in this environment."),
    FaultKind.NOT_FOUND: (404, 2012, "Simulated fault: the resource was not found."),
    FaultKind.BAD_REQUEST: (400, 2010, "Simulated fault: the request parameters are invalid."),
    FaultKind.NOT_ALLOWED: (405, 2006, "Simulated fault: this method is not allowed here."),
    FaultKind.CONFLICT: (409, 2013, "Simulated fault: another operation on this image is in progress."),
    FaultKind.SERVER_ERROR: (500, 5000, "Simulated fault: internal error while handling the request."),
}


@dataclass
class Fault:
    endpoint: Endpoint
    kind: FaultKind
    remaining: int | None = 1  # None: for ever
    environment: str | None = None  # only requests below this environment meet it; None: every request

    def matches(self, endpoint: Endpoint, environment: str = "") -> bool:
        if self.environment is not None and self.environment != environment:
            return False
        return self.endpoint in (endpoint, Endpoint.ANY) and (self.remaining is None or self.remaining > 0)


def parse_fault(spec: str) -> Fault:
    """`ENDPOINT[@ENVIRONMENT]:KIND[:COUNT]`, COUNT a number or `always` (default 1), e.g. `list:502:3` or
    `list@production:403:always` (only that environment's lists fail)."""
    parts = spec.split(":")
    if len(parts) not in (2, 3):
        raise ValueError(f"{spec!r} is not ENDPOINT:KIND[:COUNT], e.g. list:502 or create:drop:always.")
    named, _, environment = parts[0].partition("@")
    try:
        endpoint = Endpoint(named.strip().lower())
    except ValueError:
        raise ValueError(f"Unknown endpoint {parts[0]!r}; choose from {', '.join(Endpoint)}.") from None
    try:
        kind = FaultKind(parts[1].strip().lower())
    except ValueError:
        raise ValueError(f"Unknown fault {parts[1]!r}; choose from {', '.join(FaultKind)}.") from None
    count = parts[2].strip().lower() if len(parts) == 3 else "1"
    where = environment.strip() or None
    if count == "always":
        return Fault(endpoint, kind, None, where)
    if not count.isdigit() or int(count) < 1:
        raise ValueError(f"Fault count {count!r} must be a positive number or 'always'.")
    return Fault(endpoint, kind, int(count), where)


class FaultPlan:
    """The armed faults of one simulator; the simulator calls `take` under its lock."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self.slow_seconds = SLOW_SECONDS
        self.retry_after_seconds = 2
        self._chaos: tuple[float, tuple[FaultKind, ...], random.Random] | None = None

    def inject(
        self, endpoint: Endpoint | str, kind: FaultKind | str, times: int | None = 1, *, environment: str | None = None
    ) -> Fault:
        """Arm a fault for the next `times` requests to `endpoint` (None: until cleared), in `environment` only."""
        fault = Fault(Endpoint(endpoint), FaultKind(kind), times, environment)
        self.faults.append(fault)
        return fault

    def always(self, endpoint: Endpoint | str, kind: FaultKind | str, *, environment: str | None = None) -> Fault:
        return self.inject(endpoint, kind, None, environment=environment)

    def chaos(self, probability: float, kinds: Iterable[FaultKind] = tuple(FaultKind), seed: int = 0) -> None:
        """Give every request a `probability` of a random fault from `kinds` (0 turns it off)."""
        chosen = tuple(kinds)
        self._chaos = (probability, chosen, random.Random(seed)) if probability > 0 and chosen else None

    def clear(self) -> None:
        self.faults.clear()
        self._chaos = None

    def take(self, endpoint: Endpoint, environment: str = "") -> FaultKind | None:
        """The fault this request (below `environment`, if any) meets, if any, using up one of its count."""
        for fault in self.faults:
            if fault.matches(endpoint, environment):
                if fault.remaining is not None:
                    fault.remaining -= 1
                self.faults = [f for f in self.faults if f.remaining is None or f.remaining > 0]
                return fault.kind
        if self._chaos is not None:
            probability, kinds, rng = self._chaos
            if rng.random() < probability:
                return rng.choice(kinds)
        return None

    def answer(self, kind: FaultKind, real: SimResponse | None) -> SimResponse:
        """The response that stands for `kind`; `real` is the genuine answer when the request was carried out."""
        if kind in _ERROR_MESSAGES:
            status, code, message = _ERROR_MESSAGES[kind]
            return error(status, message, code=code)
        if kind is FaultKind.REFUSED:
            return SimResponse(0, action="refuse")
        if kind is FaultKind.CONNECT_TIMEOUT:
            return SimResponse(0, action="connect-timeout", delay=self.slow_seconds)
        if kind in (FaultKind.RATE_LIMITED, FaultKind.RATE_LIMITED_DATE, FaultKind.RATE_LIMITED_BARE):
            response = error(429, "Simulated fault: too many requests.", code=4290)
            if kind is FaultKind.RATE_LIMITED:
                response.headers["Retry-After"] = str(self.retry_after_seconds)
            elif kind is FaultKind.RATE_LIMITED_DATE:
                when = datetime.now(UTC) + timedelta(seconds=self.retry_after_seconds)
                response.headers["Retry-After"] = format_datetime(when, usegmt=True)
            return response
        if kind in (FaultKind.BAD_GATEWAY, FaultKind.UNAVAILABLE, FaultKind.GATEWAY_TIMEOUT):
            status = int(kind.value)
            page = _GATEWAY_PAGE.format(status=status, reason=_GATEWAY_REASONS[status])
            return SimResponse(status, page.encode(), {"Content-Type": "text/html"})
        if kind is FaultKind.REDIRECT:
            return SimResponse(307, b"", {"Location": REDIRECT_TARGET, "Content-Length": "0"})
        return self._mangled(kind, real or SimResponse.json(200, {}))

    def _mangled(self, kind: FaultKind, real: SimResponse) -> SimResponse:
        if kind is FaultKind.DROP:
            return SimResponse(0, action="drop")
        if kind is FaultKind.SLOW:
            return SimResponse(real.status, real.body, dict(real.headers), delay=self.slow_seconds)
        if kind is FaultKind.EMPTY:
            return SimResponse(200, b"")
        if kind is FaultKind.NO_CONTENT:
            return SimResponse(204, b"", {})
        if kind is FaultKind.MALFORMED_JSON:
            # Half an answer plus a stray comma is never valid JSON, whatever the answer was.
            return SimResponse(200, real.body[: len(real.body) // 2] + b",", dict(real.headers))
        if kind is FaultKind.WRONG_SHAPE:
            return SimResponse.json(200, {"data": "simulated fault: not the documented shape", "items": None})
        if kind is FaultKind.UNKNOWN_STATUS and real.status < 400:
            return SimResponse.json(real.status, _with_unknown_status(json.loads(real.body or b"null")))
        return real


def _with_unknown_status(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: UNKNOWN_STATUS_VALUE if k in ("status", "taskStatus", "state") else _with_unknown_status(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_with_unknown_status(v) for v in value]
    return value
