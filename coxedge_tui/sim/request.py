"""One request as the simulator received it, and which documented operation it is (for fault injection)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .faults import Endpoint


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
