"""After a write whose answer was lost, ask the server what happened; the write is never sent again.

Shared by the app and the command line, which only word the outcome differently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .api.errors import NotFoundError
from .api.kinds import ImageType

if TYPE_CHECKING:
    from .api.client import CoxEdgeClient
    from .api.models import Image


async def find_created(client: CoxEdgeClient, family: str, tag: str) -> Image | None:
    """The custom image a create made, or None when the server has none (a failed check raises)."""
    images = await client.list_images(ImageType.CUSTOM)
    return next((i for i in images if i.family == family and i.tag == tag), None)


async def still_there(client: CoxEdgeClient, image_id: str) -> Image | None:
    """The image when it still exists, None when the delete removed it (a failed check raises)."""
    try:
        return await client.get_image(image_id)
    except NotFoundError:
        return None


async def status_unless_gone(client: CoxEdgeClient, image_id: str) -> str | None:
    """For a delete accepted without a task: None once the image is gone, else its status now."""
    image = await still_there(client, image_id)
    return None if image is None else image.status or "still there"
