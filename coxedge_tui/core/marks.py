"""The marked images of the list, kept across refreshes, filters and sorts (never imports textual).

A mark is kept by image id with the image as last listed, so a marked image that a filter hides is still
deleted with the others; it is dropped only when a list that would show it comes without it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..api.kinds import ImageType

if TYPE_CHECKING:
    from ..api.models import Image


def covers(image_type: ImageType, image: Image) -> bool:
    """Whether a list of `image_type` would hold `image` if the server still had it."""
    if image_type is ImageType.ALL:
        return True
    return image.is_custom == (image_type is ImageType.CUSTOM)


class MarkSet:
    """Marked images in the order they were marked."""

    def __init__(self) -> None:
        self._marked: dict[str, Image] = {}

    def __len__(self) -> int:
        return len(self._marked)

    def __contains__(self, image_id: object) -> bool:
        return image_id in self._marked

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(self._marked)

    @property
    def images(self) -> list[Image]:
        return list(self._marked.values())

    def toggle(self, image: Image) -> bool:
        """Mark `image`, or unmark it if it was marked; True when it is marked now."""
        if self._marked.pop(image.id, None) is not None:
            return False
        self._marked[image.id] = image
        return True

    def mark(self, images: Iterable[Image]) -> None:
        for image in images:
            self._marked.setdefault(image.id, image)

    def replace(self, images: Iterable[Image]) -> None:
        self._marked = {image.id: image for image in images}

    def unmark(self, image_ids: Iterable[str]) -> None:
        for image_id in image_ids:
            self._marked.pop(image_id, None)

    def clear(self) -> None:
        self._marked.clear()

    def listed(self, images: Sequence[Image], image_type: ImageType) -> bool:
        """A fresh list of `image_type` came: marks follow it, those it should hold but lacks go.

        Images of the other kind (custom ones while the Default tab is shown) keep their marks.
        True when a mark was dropped.
        """
        if not self._marked:
            return False  # the usual case: no walk of a 100k list on the event loop
        fresh = {image.id: image for image in images if image.id in self._marked}
        before = len(self._marked)
        kept: dict[str, Image] = {}
        for image_id, image in self._marked.items():
            if image_id in fresh:
                kept[image_id] = fresh[image_id]
            elif not covers(image_type, image):
                kept[image_id] = image
        self._marked = kept
        return len(kept) != before
