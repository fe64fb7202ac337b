"""A Textual timer seen as a cancellable handle (core.settle's protocol), like asyncio's."""

from __future__ import annotations

from textual.timer import Timer


class TimerHandle:
    def __init__(self, timer: Timer) -> None:
        self.timer = timer

    def cancel(self) -> None:
        self.timer.stop()
