"""After a write whose answer was lost, ask the server what happened; the write is never sent again.

Shared by the app and the command line, which only word the outcome differently.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from ..api.errors import NetworkError, NotFoundError, RateLimitedError, ServerError
from ..api.kinds import ImageStatus, ImageType

if TYPE_CHECKING:
    from ..api.models import Image

SETTLED = frozenset({ImageStatus.READY.value, ImageStatus.FAILED.value})


class ImageSource(Protocol):
    """What checking needs from the API layer; `CoxEdgeClient` is one."""

    async def list_images(self, image_type: ImageType = ImageType.ALL) -> Sequence[Image]: ...

    async def get_image(self, image_id: str) -> Image: ...


async def find_created(client: ImageSource, family: str, tag: str) -> Image | None:
    """The custom image a create made, or None when the server has none (a failed check raises)."""
    images = await client.list_images(ImageType.CUSTOM)
    return next((i for i in images if i.family == family and i.tag == tag), None)


async def still_there(client: ImageSource, image_id: str) -> Image | None:
    """The image when it still exists, None when the delete removed it (a failed check raises)."""
    try:
        return await client.get_image(image_id)
    except NotFoundError:
        return None


async def follow_image(
    client: ImageSource,
    image: Image,
    *,
    timeout: float,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
    first_interval: float = 1.0,
    max_interval: float = 5.0,
) -> Image | None:
    """Poll a created image until READY or FAILED, or until `timeout` passes; the image as last seen.

    Used when the create's task id was lost with its answer, so the task itself cannot be followed.
    None means the image went away (a failed create is removed). Each check is cut off at the deadline too.
    """
    deadline = clock() + timeout
    interval = first_interval
    while (image.status or "").upper() not in SETTLED:
        left = deadline - clock()
        if left <= 0:
            return image
        await sleep(min(interval, left))
        interval = min(interval * 1.5, max_interval)
        try:
            async with asyncio.timeout(max(0.0, deadline - clock())):
                image = await client.get_image(image.id)
        except NotFoundError:
            return None
        except (TimeoutError, NetworkError, RateLimitedError, ServerError):
            continue  # the next check, if there is time, may get through
    return image


async def status_unless_gone(client: ImageSource, image_id: str) -> str | None:
    """For a delete accepted without a task: None once the image is gone, else its status now."""
    image = await still_there(client, image_id)
    return None if image is None else image.status or "still there"
