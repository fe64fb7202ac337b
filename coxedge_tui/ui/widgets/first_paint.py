"""A probe for the cold-start benchmark: leave the app as soon as the first list is on screen.

Off unless COX_BENCH_EXIT_AFTER_FIRST_PAINT is set. With a file path as its value, the wall-clock
time of the first paint (time.time()) is written there before the app exits.
"""

from __future__ import annotations

import os
import time

from textual.widget import Widget

ENV_VAR = "COX_BENCH_EXIT_AFTER_FIRST_PAINT"
_armed = True


def exit_after_first_paint(widget: Widget) -> None:
    """Call when a list was just shown; the app exits right after the screen is repainted with it."""
    global _armed
    target = os.environ.get(ENV_VAR)
    if not target or not _armed:
        return
    _armed = False

    def painted() -> None:
        if target != "1":
            with open(target, "w", encoding="utf-8") as out:
                out.write(repr(time.time()))
        widget.app.exit()

    widget.call_after_refresh(painted)
