"""The work of taking a fresh list, done before it reaches the event loop (in a worker thread).

At 100k images, finding what changed, building the filter's haystacks and measuring the columns
take a tenth of a second or more; on the loop, keys would wait that long at every refresh.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...core.image_list_model import changed_indexes, haystacks_of
from ...core.query import Query
from ...core.query_match import ListMatcher, MatchContext
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
    matcher: ListMatcher | None = None  # what the filter's query needs of the new list; None when nothing changed


def prepare_list(
    base: Sequence[Image], images: Sequence[Image], query: Query | None = None, context: MatchContext | None = None
) -> PreparedList:
    changed = changed_indexes(base, images)
    haystacks = None if changed == [] else haystacks_of(images)
    matcher = None
    if haystacks is not None and query is not None and query.needle is None:
        matcher = ListMatcher(images, haystacks, context or MatchContext()).warm(query)
    return PreparedList(images, base, changed, haystacks, natural_widths(images), matcher)
