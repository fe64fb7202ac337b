"""The images of every environment the key sees, fetched a few environments at a time (never imports textual).

The app's `0 Everywhere` tab and `images list --all-environments` both call `list_everywhere`: one
environment failing is a line of its own beside the others' images, never the end of the whole list.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..api.errors import CoxEdgeError
from ..api.models import Environment, Image
from ..api.read_list import ReadList
from .freshness import short_reason
from .image_list_model import environment_of as environment_of  # re-exported: where a row is
from .type_views import EVERY_ENVIRONMENT as EVERY_ENVIRONMENT

if TYPE_CHECKING:
    from ..api.client import CoxEdgeClient

ENVIRONMENTS_AT_ONCE = 4  # image lists asked at the same time: a key with 30 environments must not open 30


class PlacedImage(Image):
    """An image with the environment it was listed in: every action on its row acts there.

    Only this client sets `environment`, never the server (a plain `Image` ignores such a field).
    """

    environment: str = ""


def placed(image: Image, environment: str) -> PlacedImage:
    """The image as listed in `environment`; no validation again (it was read once already)."""
    values = {name: getattr(image, name) for name in Image.model_fields}
    return PlacedImage.model_construct(image.model_fields_set | {"environment"}, **values, environment=environment)


class EnvironmentClient(Protocol):
    """What listing every environment needs of the client (tests give a fake that counts requests at once)."""

    @property
    def environment(self) -> str: ...
    async def list_environments(self) -> list[Environment]: ...
    async def list_images(self) -> ReadList[Image]: ...
    def for_environment(self, environment: str) -> EnvironmentClient: ...


@dataclass(frozen=True)
class EnvironmentFailure:
    """One environment whose images could not be listed, and why."""

    environment: str
    error: CoxEdgeError

    @property
    def line(self) -> str:
        """A line of the list: `production: API key refused (HTTP 403)`."""
        return f"{self.environment}: {short_reason(self.error)}"

    @property
    def said(self) -> str:
        """The whole reason, for stderr or a notice: `production: <the error's message>`."""
        return f"{self.environment}: {self.error.message}"


@dataclass(frozen=True)
class Everywhere:
    """Every environment's images, in the order the API lists the environments, and the ones that failed."""

    images: list[PlacedImage]
    failures: list[EnvironmentFailure] = field(default_factory=list)
    environments: list[str] = field(default_factory=list)
    unreadable: int = 0  # images some environment sent that could not be read
    reason: str = ""  # why, for the first such environment

    @property
    def failing(self) -> str:
        """A few words for the status line: `1 of 3 environments failed`, or nothing."""
        if not self.failures:
            return ""
        return f"{len(self.failures)} of {len(self.environments)} environments failed"


async def list_everywhere(
    client: CoxEdgeClient | EnvironmentClient,
    *,
    environments: Sequence[str] | None = None,
    at_once: int = ENVIRONMENTS_AT_ONCE,
) -> Everywhere:
    """Each environment's images, at most `at_once` lists asked at a time; the environments are listed first
    unless given. A failure to list the environments themselves raises: there is nothing to show then."""
    if environments is None:
        environments = [e.name for e in await client.list_environments()]
    names = list(dict.fromkeys(environments))  # a name listed twice is one environment
    limit = asyncio.Semaphore(max(1, at_once))

    async def one(name: str) -> ReadList[Image] | CoxEdgeError:
        async with limit:
            try:
                return await client.for_environment(name).list_images()
            except CoxEdgeError as exc:
                return exc

    answers = await asyncio.gather(*(one(name) for name in names))
    images: list[PlacedImage] = []
    failures: list[EnvironmentFailure] = []
    unreadable, reason = 0, ""
    for name, answer in zip(names, answers, strict=True):
        if isinstance(answer, CoxEdgeError):
            failures.append(EnvironmentFailure(name, answer))
            continue
        images.extend(placed(image, name) for image in answer)
        if isinstance(answer, ReadList) and answer.unreadable:
            unreadable += answer.unreadable
            reason = reason or f"{name}: {answer.reason}"
    return Everywhere(images, failures, names, unreadable, reason)
