"""The last list seen of each image type, so a tab switch shows its rows at once while the live list loads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..api.kinds import ImageType

if TYPE_CHECKING:
    from ..api.models import Image

EVERYWHERE = "everywhere"  # the tab of every environment's images (key 0), beside the image types
EVERY_ENVIRONMENT = "*"  # the view of every environment, where a view names one (saved lists, loaded messages)


def of_type(image: Image, kind: ImageType) -> bool:
    """Whether the server lists `image` under `kind` (custom images are those not under the provider's slug)."""
    return kind is ImageType.ALL or image.is_custom == (kind is ImageType.CUSTOM)


class TypeViews:
    """Remembers the latest list of each type for one environment; forgotten when the account or environment changes."""

    def __init__(self) -> None:
        self._lists: dict[ImageType | str, Sequence[Image]] = {}

    def seen(self, kind: ImageType | str, images: Sequence[Image]) -> None:
        """The latest list of a type, or of every environment (EVERYWHERE), which is kept apart from the others."""
        self._lists[kind] = images
        if kind is ImageType.ALL:  # the others are in it, and newer: drop older copies
            for other in (ImageType.DEFAULT, ImageType.CUSTOM):
                self._lists.pop(other, None)

    def forget(self) -> None:
        self._lists.clear()

    def at_once(self, kind: ImageType | str) -> list[Image] | None:
        """The best list of `kind` known now, or None when nothing of it is known."""
        exact = self._lists.get(kind)  # when kept, it is newer than the All list (see `seen`)
        if exact is not None:
            return list(exact)
        if not isinstance(kind, ImageType):
            return None  # every environment's list is made of no other
        everything = self._lists.get(ImageType.ALL)
        if everything is not None:
            return [image for image in everything if of_type(image, kind)]
        if kind is ImageType.ALL and ImageType.DEFAULT in self._lists and ImageType.CUSTOM in self._lists:
            return [*self._lists[ImageType.DEFAULT], *self._lists[ImageType.CUSTOM]]
        return None
