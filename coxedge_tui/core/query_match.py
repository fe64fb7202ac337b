"""Which images a query (core/query.py) shows, fast enough for a keystroke at 100k images.

Each term becomes a mask over the loaded images (one byte per image, 1 where it holds), computed by C-level
loops over columns taken once per load (lower-cased families, creation times, ...) and kept until the next
load; typing one more term computes only its own mask. Age terms depend on the time and are not kept.
Never imports textual.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import compress, repeat
from operator import attrgetter
from typing import TYPE_CHECKING

from .query import AgeIs, Contains, FieldIs, Query, Term
from .usage_index import UsageIndex, unknown_usage

if TYPE_CHECKING:
    from ..api.models import Image

# One environment for every image (the session's), or each image's own (a view of every environment).
Environments = str | Callable[["Image"], str]
STATUS_PREFIX = "image_status_"  # the list shows IMAGE_STATUS_UNKNOWN as UNKNOWN: both words find it
WAITING_FOR_USAGE = "used: waiting for the list of workloads"
_FLIP = bytes.maketrans(b"\x00\x01", b"\x01\x00")
_KEPT_MASKS = 64  # masks kept per load: 6.4 MB at 100k images
# Age comparisons as a test on the moment of creation against `now - span` (older: created before it).
_AGE_TESTS: dict[str, Callable[[float], Callable[[float], bool]]] = {
    ">": lambda cutoff: cutoff.__gt__,
    ">=": lambda cutoff: cutoff.__ge__,
    "<": lambda cutoff: cutoff.__lt__,
    "<=": lambda cutoff: cutoff.__le__,
}


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class MatchContext:
    """What a query needs besides the images: the time, each image's environment, which images run."""

    now: Callable[[], datetime] = _now
    environment: Environments = ""
    usage: UsageIndex | None = None  # None: the workloads are not listed yet


def shown_status(status: str | None) -> str:
    """A status lower-cased, as the list shows it (without IMAGE_STATUS_)."""
    text = (status or "").lower()
    return text[len(STATUS_PREFIX) :] if text.startswith(STATUS_PREFIX) and len(text) > len(STATUS_PREFIX) else text


class ListMatcher:
    """The masks of one loaded list; `select` keeps, in the order given, the images a query shows."""

    def __init__(self, images: Sequence[Image], haystacks: Sequence[str], context: MatchContext) -> None:
        self.images = images
        self.haystacks = haystacks
        self.context = context
        self._columns: dict[str, list[str]] = {}
        self._stamps: list[float] | None = None
        self._masks: dict[Term, bytes] = {}

    def with_context(self, context: MatchContext) -> ListMatcher:
        """The same list under another context; the columns and the masks that do not depend on it are kept."""
        other = ListMatcher(self.images, self.haystacks, context)
        other._stamps = self._stamps
        changed = set()
        if context.environment != self.context.environment:
            changed.add("env")
        if context.usage is not self.context.usage:
            changed.add("used")
        other._columns = {k: v for k, v in self._columns.items() if k not in changed}
        other._masks = {t: m for t, m in self._masks.items() if _field_of(t) not in changed}
        return other

    def warm(self, query: Query) -> ListMatcher:
        """Compute now what the query needs of this list (in a worker thread, before the list is shown)."""
        for term in query.terms:
            if isinstance(term.test, AgeIs):
                self._created()
            else:
                self._term_mask(term)
        return self

    def select(self, query: Query, order: Sequence[int]) -> list[int]:
        """The indexes of `order` whose images the query shows, in that order."""
        if not query.terms:
            return list(order)
        mask = self.mask(query)
        if isinstance(order, range) and order.start == 0 and order.step == 1 and len(order) == len(mask):
            return list(compress(order, mask))
        return list(compress(order, map(mask.__getitem__, order)))

    def mask(self, query: Query) -> bytes:
        """One byte per image, 1 where every term holds."""
        count = len(self.images)
        if not query.terms:
            return b"\x01" * count
        masks = [self._term_mask(term) for term in query.terms]
        if len(masks) == 1:
            return masks[0]
        joined = int.from_bytes(masks[0], "little")
        for mask in masks[1:]:
            joined &= int.from_bytes(mask, "little")
        return joined.to_bytes(count, "little")

    def note(self, query: Query) -> str:
        """Why some of the query cannot be answered yet (the usage of images), or ""."""
        if "used" not in query.fields:
            return ""
        usage = self.context.usage
        if usage is None:
            return WAITING_FOR_USAGE
        if usage.error is not None:
            return f"used: {unknown_usage(usage.error.message)}"
        return ""

    def _term_mask(self, term: Term) -> bytes:
        kept = self._masks.get(term)
        if kept is not None:
            return kept
        test = term.test
        if isinstance(test, AgeIs):
            return self._flipped(self._age_mask(test), term.negated)
        if isinstance(test, FieldIs) and test.field == "used" and self._usage_unknown():
            return bytes(len(self.images))  # neither used nor unused while unknown, negated or not
        if isinstance(test, FieldIs):
            mask = self._field_mask(test)
        else:
            mask = self._contains_mask(test)
        mask = self._flipped(mask, term.negated)
        if len(self._masks) >= _KEPT_MASKS:
            self._masks.clear()
        self._masks[term] = mask
        return mask

    @staticmethod
    def _flipped(mask: bytes, negated: bool) -> bytes:
        return mask.translate(_FLIP) if negated else mask

    def _usage_unknown(self) -> bool:
        usage = self.context.usage
        return usage is None or usage.error is not None

    def _contains_mask(self, test: Contains) -> bytes:
        return bytes(map(str.__contains__, self.haystacks, repeat(test.text.lower())))

    def _field_mask(self, test: FieldIs) -> bytes:
        count, value = len(self.images), test.value.lower()
        if test.field == "type":
            custom = bytes(map(attrgetter("is_custom"), self.images))
            return custom if value == "custom" else custom.translate(_FLIP)
        if test.field == "used":
            usage = self.context.usage
            assert usage is not None  # _term_mask answered an unknown usage already
            used = usage.by_reference
            references = self._column("reference")
            mask = bytes(map(used.__contains__, references))
            return mask if value == "yes" else mask.translate(_FLIP)
        if test.field == "env" and isinstance(self.context.environment, str):
            return text_mask(value, [self.context.environment.lower()]) * count
        if test.field == "status":  # as the list shows it (UNKNOWN) or in full (IMAGE_STATUS_UNKNOWN)
            shown, column = shown_status(value), self._column("status")
            mask = text_mask(shown, column)
            if not shown or shown.startswith(STATUS_PREFIX):
                return mask
            return _or(mask, text_mask(STATUS_PREFIX + shown, column))
        return text_mask(value, self._column(test.field))

    def _age_mask(self, test: AgeIs) -> bytes:
        cutoff = self.context.now().timestamp() - test.span.total_seconds()
        return bytes(map(_AGE_TESTS[test.op](cutoff), self._created()))

    def _created(self) -> list[float]:
        """Each image's moment of creation as a POSIX time; NaN without one, so no age comparison holds for it."""
        if self._stamps is None:
            nan = math.nan
            moments = map(attrgetter("created_at"), self.images)
            self._stamps = [m.timestamp() if m is not None else nan for m in moments]
        return self._stamps

    def _column(self, name: str) -> list[str]:
        column = self._columns.get(name)
        if column is None:
            if name == "env":
                of = self.context.environment
                assert callable(of)
                column = [(e or "").lower() for e in map(of, self.images)]
            elif name == "reference":
                column = [r or "" for r in map(attrgetter("reference"), self.images)]
            else:
                column = [v.lower() if v else "" for v in map(attrgetter(name), self.images)]
            self._columns[name] = column
        return column


def _or(one: bytes, other: bytes) -> bytes:
    return (int.from_bytes(one, "little") | int.from_bytes(other, "little")).to_bytes(len(one), "little")


def _field_of(term: Term) -> str:
    return term.test.field if isinstance(term.test, FieldIs) else ""


def text_mask(value: str, column: Sequence[str]) -> bytes:
    """1 where the lower-cased text of `column` is `value` (lower-cased) whole; `*` in it stands for any text."""
    if "*" not in value:
        return bytes(map(value.__eq__, column))
    pattern = re.compile(".*".join(map(re.escape, value.split("*"))), re.DOTALL)
    return bytes(map(bool, map(pattern.fullmatch, column)))


def select_images(
    images: Sequence[Image], query: Query, context: MatchContext, haystacks: Sequence[str]
) -> list[Image]:
    """The images the query shows, in their order (the CLI's `--filter`)."""
    matcher = ListMatcher(images, haystacks, context)
    return [images[i] for i in matcher.select(query, range(len(images)))]
