"""Naming an image on the command line: its id, its reference, or family:tag."""

from __future__ import annotations

from ..api.client import CoxEdgeClient
from ..api.models import Image
from ..text.safe import clean
from .api_session import note_unreadable
from .common import EXIT_NOT_FOUND, EXIT_USAGE, CommandError

ACCEPTED_FORMS = "an id stackId/family/tag, a reference slug/family:tag, or family:tag"


def is_full_id(given: str) -> bool:
    return given.count("/") >= 2


def family_tag(image: Image) -> str | None:
    return f"{image.family}:{image.tag}" if image.family and image.tag else None


def matching(images: list[Image], given: str) -> list[Image]:
    """Images whose reference is `given`, else those whose family:tag is; each id once."""
    for same in (lambda i: i.reference == given, lambda i: family_tag(i) == given):
        found = {i.id: i for i in images if same(i)}
        if found:
            return list(found.values())
    return []


async def resolve_image_id(client: CoxEdgeClient, given: str) -> str:
    """The id of the image `given` names; a full id is taken as it is, anything else costs one list request."""
    if is_full_id(given):
        return given
    images = await client.list_images()
    note_unreadable(images, "images")
    found = matching(images, given)
    if len(found) == 1:
        return found[0].id
    where = clean(client.environment)
    if not found:
        raise CommandError(
            f"No image in {where} is named '{clean(given)}': it is not an id (no two slashes), and none of the "
            f"{len(images)} images listed has it as its reference or as family:tag. "
            f"Name an image by {ACCEPTED_FORMS}.",
            EXIT_NOT_FOUND,
        )
    candidates = "\n".join(f"  {clean(image.id)}" for image in found)
    raise CommandError(
        f"'{clean(given)}' names {len(found)} images in {where}; give one of their ids:\n{candidates}", EXIT_USAGE
    )
