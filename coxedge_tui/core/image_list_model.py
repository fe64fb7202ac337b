"""The image list without a screen: which images are shown, in which order, as indexes into the data.

Nothing here knows Textual, so the whole list logic is testable and measurable on its own.
Every list this module hands out is replaced, never mutated, so callers may keep references.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any, overload

from ..api.listed_in import environment_of as environment_of  # re-exported: the list model says where a row is
from ..text.times import local_time
from .query import Query, parse_query
from .query_match import ListMatcher, MatchContext

if TYPE_CHECKING:
    from ..api.models import Image

SORT_COLUMNS: tuple[str, ...] = ("created", "family", "tag", "status", "reference", "age")
YOUNGEST_FIRST = "age"  # the created order turned round: no keys of its own to compute


def haystack(image: Image, created: str) -> str:
    """What `/` searches: every column the user sees plus the id, lower-cased once per load."""
    i = image
    return f"{i.family or ''}\n{i.tag or ''}\n{i.status or ''}\n{created}\n{i.reference or ''}\n{i.id}".lower()


def _text_keys(field: str) -> Callable[[list[Image]], list[Any]]:
    # The values themselves, not lower-cased copies: a sort at 100k images then allocates no strings.
    def keys(images: list[Image]) -> list[Any]:
        return [value or "" for value in map(attrgetter(field), images)]

    return keys


def _created_keys(images: list[Image]) -> list[Any]:
    moments = list(map(attrgetter("created_at"), images))
    if all(moment is not None and moment.tzinfo is not None for moment in moments):
        return moments  # the common case, compared as they are: no new object per image
    # Images without a date sort before every dated one; naive and aware dates cannot be compared directly.
    return [moment.timestamp() if moment else NO_DATE for moment in moments]


NO_DATE = float("-inf")
SORT_KEYS: dict[str, Callable[[list[Image]], list[Any]]] = {
    "created": _created_keys,
    "family": _text_keys("family"),
    "tag": _text_keys("tag"),
    "status": _text_keys("status"),
    "reference": _text_keys("reference"),
    "environment": lambda images: [environment_of(image) for image in images],  # a header click, in Everywhere
}


def haystacks_of(images: Sequence[Image]) -> list[str]:
    """Every image's haystack; pure, so a worker thread can compute them for a large list.

    Rows of every environment (asked of the first: a list is all one kind) have their environment searched too."""
    if images and environment_of(images[0]):
        return [f"{environment_of(image).lower()}\n{haystack(image, local_time(image.created_at))}" for image in images]
    return [haystack(image, local_time(image.created_at)) for image in images]


def changed_indexes(old: Sequence[Image], new: Sequence[Image]) -> list[int] | None:
    """Where `new` differs from `old` when both list the same ids in the same order; None when they do not.

    Compared field by field (plain dicts), not through pydantic's __eq__: a refresh of 100k images does this.
    """
    if len(old) != len(new):
        return None
    changed: list[int] = []
    for n, (before, after) in enumerate(zip(old, new, strict=True)):
        if before is after:
            continue
        if before.id != after.id or type(before) is not type(after):
            return None  # another list, or the saved list (slotted CachedImage) giving way to the live one
        if before.__dict__ != after.__dict__:
            changed.append(n)
    return changed


class ImageView(Sequence["Image"]):
    """The shown images, read through the index without copying the data."""

    __slots__ = ("_images", "_order")

    def __init__(self, images: Sequence[Image], order: Sequence[int]) -> None:
        self._images = images
        self._order = order

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: int) -> Image: ...

    @overload
    def __getitem__(self, index: slice) -> list[Image]: ...

    def __getitem__(self, index: int | slice) -> Image | list[Image]:
        if isinstance(index, slice):
            return [self._images[i] for i in self._order[index]]
        return self._images[self._order[index]]

    def __iter__(self) -> Iterator[Image]:
        images = self._images
        return (images[i] for i in self._order)

    def __repr__(self) -> str:
        return f"ImageView({len(self)} of {len(self._images)} images)"


class ImageListModel:
    """All images, the filter (a query, core/query.py) and the sort; `order` lists the shown images' indexes."""

    def __init__(self) -> None:
        self.images: list[Image] = []
        self.filter_text = ""
        self.query = Query()
        self._matcher = ListMatcher([], [], MatchContext())
        self.sort_column: str | None = None
        self.reverse = False
        self.order: Sequence[int] = []
        self._haystacks: list[str] = []
        self._sorted: dict[str | None, Sequence[int]] = {}
        self._needle = ""

    def load(
        self, images: Sequence[Image], haystacks: list[str] | None = None, matcher: ListMatcher | None = None
    ) -> None:
        """Take a fresh list from the server; filter and sort stay as the user set them.

        `haystacks` (from `haystacks_of`) and `matcher` (the query's columns, ListMatcher.warm), both of which may
        be computed in a worker thread, save computing them here.
        """
        self.images = list(images)
        self._haystacks = haystacks if haystacks is not None else haystacks_of(self.images)
        self._matcher = self._matcher_of(images, matcher)
        self._sorted = {}
        self._needle = ""
        self._apply()

    def update(
        self,
        images: Sequence[Image],
        changed: Sequence[int],
        haystacks: list[str] | None = None,
        matcher: ListMatcher | None = None,
    ) -> None:
        """Take a fresh list that differs from the loaded one only at `changed` (same ids, same order).

        `haystacks`, when given, are every image's (from `haystacks_of`, in a worker thread): taken whole,
        so nothing here walks the list. Without them, only the changed rows' are computed.
        """
        self.images = list(images)
        if not changed:
            return
        if haystacks is not None:
            self._haystacks = haystacks
        else:
            fresh = haystacks_of([self.images[n] for n in changed])
            hay = self._haystacks = list(self._haystacks)  # replaced, never mutated: a worker may be reading it
            for n, text in zip(changed, fresh, strict=True):
                hay[n] = text
        self._matcher = self._matcher_of(images, matcher)
        self._sorted = {}
        self._needle = ""
        self._apply()

    def set_filter(self, text: str) -> None:
        """Show what the query `text` shows; a malformed one raises QueryError and changes nothing."""
        self.query = parse_query(text)
        self.filter_text = text
        self._apply()

    def _matcher_of(self, images: Sequence[Image], prepared: ListMatcher | None) -> ListMatcher:
        """The matcher of the list just taken: the one prepared for it, under the context as it is now."""
        context = self._matcher.context
        if prepared is not None and prepared.images is images:
            return prepared.with_context(context)
        return ListMatcher(self.images, self._haystacks, context)

    @property
    def match_context(self) -> MatchContext:
        return self._matcher.context

    def set_match_context(self, context: MatchContext) -> None:
        """The time, environments and usage the query is matched against; the filter applies again if it needs them."""
        self._matcher = self._matcher.with_context(context)
        if self.query.fields & {"env", "used"}:
            self._needle = ""
            self._apply()

    @property
    def filter_note(self) -> str:
        """What the filter cannot answer yet (which images are used), or ""."""
        return self._matcher.note(self.query)

    def set_sort(self, column: str | None, *, reverse: bool = False) -> None:
        if column is not None and column not in SORT_KEYS and column != YOUNGEST_FIRST:
            raise ValueError(f"cannot sort by {column!r}; choose one of {', '.join(SORT_COLUMNS)}")
        self.sort_column = column
        self.reverse = reverse
        self._needle = ""
        self._apply()

    def next_sort(self) -> None:
        """Server order, then each column in turn, then server order again."""
        cycle: list[str | None] = [None, *SORT_COLUMNS]
        self.set_sort(cycle[(cycle.index(self.sort_column) + 1) % len(cycle)], reverse=self.reverse)

    @property
    def view(self) -> ImageView:
        return ImageView(self.images, self.order)

    def index_of(self, image_id: str, environment: str = "") -> int | None:
        """Where in the data an image id sits (in `environment`, for rows of every environment), shown or not."""
        for n, image in enumerate(self.images):
            if image.id == image_id and environment_of(image) == environment:
                return n
        return None

    def row_of(self, index: int | None) -> int | None:
        """The shown row of the image at `index` in the data, or None when it is filtered out."""
        if index is None:
            return None
        try:
            return self.order.index(index)
        except ValueError:
            return None

    def _full_order(self) -> Sequence[int]:
        """Every image in the chosen sort, computed once per column and load.

        Server order is a range and a sort an array of machine ints: no int object per image is kept.
        """
        cached = self._order_by(self.sort_column)
        return cached[::-1] if self.reverse else cached

    def _order_by(self, key: str | None) -> Sequence[int]:
        cached = self._sorted.get(key)
        if cached is None:
            if key == YOUNGEST_FIRST:
                cached = self._order_by("created")[::-1]
            elif key is None:
                cached = range(len(self.images))
            else:
                values = SORT_KEYS[key](self.images)
                cached = array("l", sorted(range(len(values)), key=values.__getitem__))
            self._sorted[key] = cached
        return cached

    def _apply(self) -> None:
        needle = self.query.needle
        hay = self._haystacks
        if needle is None:  # more than one bare word: each term's mask, kept per load
            self.order = self._matcher.select(self.query, self._full_order())
            self._needle = ""
            return
        if not needle:
            self.order = self._full_order()
        elif self._needle and self._needle in needle:
            # A longer needle only narrows: search what is shown, not everything.
            self.order = [i for i in self.order if needle in hay[i]]
        else:
            self.order = [i for i in self._full_order() if needle in hay[i]]
        self._needle = needle
