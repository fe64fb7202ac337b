"""Acting once things have come to rest: the last of a burst of calls wins, after a quiet moment.

Stepping through ten rows must cost one request, not ten: the detail pane asks the server only
once the cursor has rested. The timer is injected, so tests move time by hand.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")


class Cancellable(Protocol):
    def cancel(self) -> None: ...


Later = Callable[[float, Callable[[], None]], Cancellable]


def loop_later(seconds: float, action: Callable[[], None]) -> Cancellable:
    """The running event loop's timer (asyncio's `call_later`)."""
    return asyncio.get_running_loop().call_later(seconds, action)


class Settle(Generic[T]):
    """`poke(value)` (re)starts a quiet period; when it ends, `action` runs once with the last value."""

    def __init__(self, seconds: float, action: Callable[[T], object], later: Later = loop_later) -> None:
        self.seconds = seconds
        self.later = later
        self._action = action
        self._pending: Cancellable | None = None

    def poke(self, value: T) -> None:
        self.cancel()
        self._pending = self.later(self.seconds, lambda: self._fire(value))

    def cancel(self) -> None:
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None

    @property
    def waiting(self) -> bool:
        return self._pending is not None

    def _fire(self, value: T) -> None:
        self._pending = None
        self._action(value)

