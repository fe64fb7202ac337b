"""The work of taking a fresh list, done before it reaches the event loop (in a worker thread).

At 100k images, finding what changed, building the filter's haystacks and measuring the columns
take a tenth of a second or more; on the loop, keys would wait that long at every refresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...api.heap import RELEASE_STEP
from ...core.image_list_model import changed_indexes, haystacks_of
from .image_columns import natural_widths

if TYPE_CHECKING:
    from ...api.models import Image


@dataclass(frozen=True)
class PreparedList:
    images: Sequence[Image]
    base: Sequence[Image]  # the list shown when this was prepared: valid only while it still is
    changed: list[int] | None  # rows that differ from `base`; None when it is another list
    haystacks: list[str] | None  # None when nothing changed
    natural: tuple[int, ...]


def prepare_list(base: Sequence[Image], images: Sequence[Image]) -> PreparedList:
    """`images` made ready to show in place of `base`; an unchanged image of `images` becomes `base`'s own object.

    So the copies just decoded are freed here, in the worker thread, and showing the list frees only the
    changed rows' old objects on the event loop. `images` must be a list nobody else holds yet.
    """
    changed = changed_indexes(base, images)
    if changed is not None and isinstance(images, list):
        share_unchanged(base, images, changed)
    haystacks = None if changed == [] else haystacks_of(images)
    return PreparedList(images, base, changed, haystacks, natural_widths(images))


def share_unchanged(base: Sequence[Image], images: list[Image], changed: Sequence[int]) -> None:
    """Put `base[n]` in `images[n]` for every row not in `changed`, a slice at a time (each slice frees its copies)."""
    start = 0
    for stop in (*changed, len(images)):
        for at in range(start, stop, RELEASE_STEP):
            end = min(at + RELEASE_STEP, stop)
            images[at:end] = base[at:end]
        start = stop + 1
