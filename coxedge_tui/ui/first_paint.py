"""A probe for the cold-start benchmark: leave the app as soon as the first list is on screen.

Off unless COX_BENCH_EXIT_AFTER_FIRST_PAINT is set. With a file path as its value, the wall-clock
time of the first paint (time.time()) is written there before the app exits.
"""

from __future__ import annotations

import asyncio
import os
import time

from textual.widget import Widget

ENV_VAR = "COX_BENCH_EXIT_AFTER_FIRST_PAINT"
_armed = True


def exit_after_first_paint(widget: Widget) -> None:
    """Call from `render_lines` when rows were rendered: the app exits once that frame is written.

    The frame goes to the terminal in the same turn of the event loop as the rendering, so the next
    turn (`call_soon`) is when the rows are on their way to the screen. The baseline app does the same.
    """
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

    asyncio.get_running_loop().call_soon(painted)
