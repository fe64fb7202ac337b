"""A list answer as read: every item that could be read, and how many could not (and why).

One malformed item must not cost the others: Cox's Go client fails a whole list on one
item it cannot unmarshal (coxedge/apiclient/images.go, `json.Unmarshal` into `WrappedImages`);
this client keeps the rest and says what it skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from .errors import excerpt

if TYPE_CHECKING:  # the UI imports unreadable_note before pydantic is loaded (first paint)
    from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound="BaseModel")
REASON_CHARS = 80
MAX_LIST_ITEMS = 250_000  # two and a half times the largest list the README measures (100,000 images)


class ReadList(list[M]):
    """A plain list of the readable items, with `unreadable` (a count) and `reason` (the first one's)."""

    def __init__(self, items: list[M], unreadable: int = 0, reason: str = "") -> None:
        super().__init__(items)
        self.unreadable = unreadable
        self.reason = reason


def problem(exc: ValidationError) -> str:
    """The first thing wrong with an item, as `field: what is wrong`."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    message = str(first["msg"])
    if first["type"] == "model_type":
        message = "not an object"
    return excerpt(f"{where}: {message}" if where else message, REASON_CHARS)


def read_items(model: type[M], items: list[Any]) -> ReadList[M]:
    """Decode each item on its own; an unreadable one is counted and skipped.

    `items` is emptied as it is read: each decoded JSON object is freed once its model is made, not
    100k of them at once at the end (a tenth of a second in which no other thread runs).
    """
    from pydantic import ValidationError

    read: list[M] = []
    unreadable, reason = 0, ""
    for n in range(len(items)):  # in a worker thread: the event loop takes the GIL between two items
        item, items[n] = items[n], None
        try:
            read.append(model.model_validate(item))
        except ValidationError as exc:
            unreadable += 1
            reason = reason or problem(exc)
    items.clear()
    return ReadList(read, unreadable, reason)


def unreadable_note(items: list[Any]) -> str:
    """"1 could not be read (tag: …)" for a list with skipped items, "" otherwise."""
    if not isinstance(items, ReadList) or not items.unreadable:
        return ""
    return f"{items.unreadable} could not be read ({items.reason})"
