"""Timers that fire only when a test says so: an injectable `Later` for core.settle."""

from __future__ import annotations

from collections.abc import Callable

from coxedge_tui.core.settle import Cancellable


class ManualTimers:
    """A `Later` whose timers fire only when told: for tests, and for callers that step time themselves."""

    def __init__(self) -> None:
        self.pending: list[_ManualTimer] = []

    def __call__(self, seconds: float, action: Callable[[], None]) -> Cancellable:
        timer = _ManualTimer(seconds, action, self)
        self.pending.append(timer)
        return timer

    def fire_all(self) -> int:
        """Run every timer due so far; returns how many ran."""
        due, self.pending = self.pending, []
        for timer in due:
            timer.action()
        return len(due)


class _ManualTimer:
    def __init__(self, seconds: float, action: Callable[[], None], owner: ManualTimers) -> None:
        self.seconds = seconds
        self.action = action
        self._owner = owner

    def cancel(self) -> None:
        if self in self._owner.pending:
            self._owner.pending.remove(self)
