"""The work of taking a fresh list, done before it reaches the event loop (in a worker thread).

At 100k images, finding what changed, building the filter's haystacks and measuring the columns
take a tenth of a second or more; on the loop, keys would wait that long at every refresh.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...api.background import freeze
from ...core.image_list_model import changed_indexes, haystacks_of
from ...core.query import Query
from ...core.query_match import ListMatcher, MatchContext
from .image_columns import natural_widths

if TYPE_CHECKING:
    from ...api.models import Image

STEP = 500  # images per part: a few milliseconds of work at most


@dataclass(frozen=True)
class PreparedList:
    images: Sequence[Image]
    base: Sequence[Image]  # the list shown when this was prepared: valid only while it still is
    changed: Sequence[int] | None  # rows that differ from `base`, ascending; None when it is another list
    haystacks: list[str] | None  # None when nothing changed
    natural: tuple[int, ...]
    matcher: ListMatcher | None = None  # what the filter's query needs of the new list; None when nothing changed


def prepare_list(
    base: Sequence[Image], images: Sequence[Image], query: Query | None = None, context: MatchContext | None = None
) -> PreparedList:
    """`images` made ready to show in place of `base`; an unchanged image of `images` becomes `base`'s own object.

    So the copies just decoded are freed here, in the worker thread, and showing the list frees only the
    changed rows' old objects on the event loop. `images` must be a list nobody else holds yet. The work
    is done STEP images at a time, in calls short enough for the event loop to take the GIL in between.
    With a filter query, what it needs of the new list (its columns and per-term results) is computed here too.
    """
    changed = _changed(base, images)
    if changed is not None and isinstance(images, list):
        share_unchanged(base, images, changed)
    haystacks = None if changed == [] else [text for part in _parts(images) for text in haystacks_of(part)]
    natural = natural_widths(images[:0])  # an empty list's; a list of every environment's has one column more
    for part in _parts(images):
        widths = natural_widths(part)
        natural = widths if len(widths) != len(natural) else tuple(map(max, natural, widths))
    matcher = None
    if haystacks is not None and query is not None and query.needle is None:
        matcher = ListMatcher(images, haystacks, context or MatchContext()).warm(query)
    prepared = PreparedList(images, base, changed, haystacks, natural, matcher)
    freeze()  # its lists are long-lived: no young collection on the event loop walks them
    return prepared


def _parts(images: Sequence[Image]) -> Iterator[Sequence[Image]]:
    for start in range(0, len(images), STEP):
        yield images[start : start + STEP]


def _changed(base: Sequence[Image], images: Sequence[Image]) -> Sequence[int] | None:
    """`changed_indexes(base, images)`, a part at a time."""
    if len(base) != len(images):
        return None
    changed: list[int] = []
    for start, part in zip(range(0, len(images), STEP), _parts(images), strict=True):
        found = changed_indexes(base[start : start + STEP], part)
        if found is None:
            return None
        changed.extend(start + n for n in found)
    return range(len(images)) if changed and len(changed) == len(images) else changed  # a range is freed at once


def share_unchanged(base: Sequence[Image], images: list[Image], changed: Sequence[int]) -> None:
    """Put `base[n]` in `images[n]` for every row not in `changed`, a slice at a time (each slice frees its copies)."""
    start = 0
    for stop in (*changed, len(images)):
        for at in range(start, stop, STEP):
            end = min(at + STEP, stop)
            images[at:end] = base[at:end]  # one call each: the event loop can take the GIL in between
        start = stop + 1
