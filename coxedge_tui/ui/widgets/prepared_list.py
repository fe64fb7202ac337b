"""The work of taking a fresh list, done before it reaches the event loop (in a worker thread).

At 100k images, finding what changed, building the filter's haystacks and measuring the columns
take a tenth of a second or more; on the loop, keys would wait that long at every refresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

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
    changed = changed_indexes(base, images)
    haystacks = None if changed == [] else haystacks_of(images)
    return PreparedList(images, base, changed, haystacks, natural_widths(images))
