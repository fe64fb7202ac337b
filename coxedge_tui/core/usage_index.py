"""Which workloads run which image, fetched once per list refresh and shared by every reader.

A workload names the image it runs by the image's `reference` in `image`; its instances are asked for
only when someone looks at them (GET .../instances?workloadId=, as Cox's Go client does in
coxedge/apiclient/workload_instance.go, GetWorkloadInstances).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..api.errors import CoxEdgeError
from ..text.sentences import sentences

if TYPE_CHECKING:
    from ..api.client import CoxEdgeClient
    from ..api.models import Image, Instance, Workload

INSTANCE_REQUESTS_AT_ONCE = 4
NOT_USED = "No workload of this environment uses this image."


EVERYWHERE_USAGE = "it is answered one environment at a time, not across every environment"


def unknown_usage(reason: str) -> str:
    """'usage unknown: <reason>', the words the detail pane, the x-ray and the CLI share."""
    return f"usage unknown: {sentences(reason)}"


@dataclass(frozen=True)
class UsageIndex:
    """One refresh's workloads, by the image reference they run; or why they could not be listed."""

    by_reference: Mapping[str, tuple[Workload, ...]] = field(default_factory=dict)
    error: CoxEdgeError | None = None

    @classmethod
    def of(cls, workloads: Iterable[Workload]) -> UsageIndex:
        grouped: dict[str, list[Workload]] = {}
        for workload in workloads:
            if workload.image:
                grouped.setdefault(workload.image, []).append(workload)
        return cls({reference: tuple(users) for reference, users in grouped.items()})

    def users(self, image: Image) -> list[Workload]:
        """The workloads running `image`; raises the listing's error when usage is unknown."""
        if self.error is not None:
            raise self.error
        return list(self.by_reference.get(image.reference, ())) if image.reference else []


@dataclass(frozen=True)
class WorkloadUsage:
    """A workload that runs the image, with its instances, or why they could not be listed."""

    workload: Workload
    instances: tuple[Instance, ...] = ()
    error: str = ""


@dataclass(frozen=True)
class ImageUsage:
    """What the x-ray and `images get --used-by` show: the workloads with their instances, or `unknown`."""

    image: Image
    workloads: tuple[WorkloadUsage, ...] = ()
    unknown: str = ""  # 'usage unknown: …' when the workloads could not be listed


class UsageIndexCache:
    """The usage index of the last refresh: one workloads request per refresh, awaited by every reader."""

    def __init__(self) -> None:
        self._key: tuple[str, int] | None = None
        self._index: UsageIndex | None = None
        self._pending: asyncio.Future[UsageIndex] | None = None
        self._instances: dict[str, list[Instance] | CoxEdgeError] = {}

    @staticmethod
    def _key_of(client: CoxEdgeClient) -> tuple[str, int]:
        return (client.environment, id(client))

    async def refresh(self, client: CoxEdgeClient) -> UsageIndex:
        """List the workloads again (the list was just refreshed); readers meanwhile wait for this answer."""
        future: asyncio.Future[UsageIndex] = asyncio.get_running_loop().create_future()
        self._key, self._pending = self._key_of(client), future
        try:
            try:
                index = UsageIndex.of(await client.list_workloads())
            except CoxEdgeError as exc:
                index = UsageIndex(error=exc)
            if self._pending is future:
                self._index, self._pending = index, None
                self._instances = {}
            future.set_result(index)
            return index
        finally:
            if not future.done():  # cancelled: a reader waiting on it asks again
                future.cancel()
            if self._pending is future:
                self._pending = None

    async def index(self, client: CoxEdgeClient) -> UsageIndex:
        """The index of the last refresh for this client's environment; fetched only if there is none."""
        while self._key == self._key_of(client) and (pending := self._pending) is not None:
            try:
                return await asyncio.shield(pending)
            except asyncio.CancelledError:
                if not pending.cancelled():
                    raise  # this reader itself was cancelled, not the refresh it waited for
        if self._key == self._key_of(client) and self._index is not None:
            return self._index
        return await self.refresh(client)

    async def get(self, client: CoxEdgeClient) -> list[Workload]:
        """Every workload of the index (what core/usage.py's readers take); raises when unknown."""
        index = await self.index(client)
        if index.error is not None:
            raise index.error
        return [w for users in index.by_reference.values() for w in users]

    def forget(self) -> None:
        self._key, self._index, self._pending, self._instances = None, None, None, {}

    async def usage(self, client: CoxEdgeClient, image: Image) -> ImageUsage:
        """The image's workloads and their instances; instances asked at most once per refresh each."""
        index = await self.index(client)
        if index.error is not None:
            return ImageUsage(image, unknown=unknown_usage(index.error.message))
        users = index.users(image)
        limit = asyncio.Semaphore(INSTANCE_REQUESTS_AT_ONCE)
        listed = await asyncio.gather(*(self._instances_of(client, w.id, limit) for w in users))
        return ImageUsage(
            image,
            tuple(
                WorkloadUsage(w, (), f"instances unknown: {sentences(found.message)}")
                if isinstance(found, CoxEdgeError)
                else WorkloadUsage(w, tuple(found))
                for w, found in zip(users, listed, strict=True)
            ),
        )

    async def _instances_of(
        self, client: CoxEdgeClient, workload_id: str, limit: asyncio.Semaphore
    ) -> list[Instance] | CoxEdgeError:
        known = self._instances.get(workload_id)
        if isinstance(known, list):
            return known
        async with limit:
            try:
                found: list[Instance] | CoxEdgeError = await client.list_instances(workload_id)
            except CoxEdgeError as exc:
                return exc  # not kept: opening the x-ray again tries again
        self._instances[workload_id] = found
        return found
