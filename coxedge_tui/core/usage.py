"""Which workloads use an image: workloads carry the image's `reference` in `image`."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..api.client import CoxEdgeClient
    from ..api.models import Image, Workload


def workloads_using(image: Image, workloads: Iterable[Workload]) -> list[Workload]:
    if not image.reference:
        return []
    return [w for w in workloads if w.image == image.reference]


def describe_usage(users: list[Workload]) -> str:
    """'web-vm (VM, RUNNING; SP-2: 2 vCPU, 4Gi), api-vm (VM, STOPPED)', or 'no workload of this environment'."""
    if not users:
        return "no workload of this environment"
    return ", ".join(f"{w.name or w.id} ({w.type or '?'}, {w.status or '?'}{_sized(w)})" for w in users)


def _sized(workload: Workload) -> str:
    size = workload.size
    return f"; {size}" if size else ""


class WorkloadCache:
    """The environment's workloads, fetched at most once per `ttl` seconds (the detail pane asks often)."""

    def __init__(self, ttl: float = 30.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.clock = clock
        self._key: tuple[str, int] | None = None
        self._at = 0.0
        self._workloads: list[Workload] = []

    async def get(self, client: CoxEdgeClient) -> list[Workload]:
        key = (client.environment, id(client))
        if key != self._key or self.clock() - self._at > self.ttl:
            self._workloads = await client.list_workloads()
            self._key, self._at = key, self.clock()
        return self._workloads

    def forget(self) -> None:
        self._key = None
