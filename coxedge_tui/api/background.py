"""Large lists made and freed in a worker thread without stalling the event loop.

Three things let the loop run while a worker decodes, prepares or frees 100k images: a short GIL
switch interval, the garbage collector kept off the list, and freeing in steps.

A thread busy in Python keeps the GIL until another thread has waited for it for the interpreter's
switch interval; the holder is then asked to let go, and does so between two bytecodes. CPython's
interval is 5 ms, and the loop, waking every millisecond, waited that long each time. The app sets
SWITCH_INTERVAL (1 ms, `favour_the_loop`) while it runs. A worker must not hand the GIL over by
itself (`time.sleep(0)` between items, as this module once did): each release wakes the waiting
loop, the worker takes the GIL back first, and the loop starts a new full wait, so it never waits
long enough to ask for the GIL and gets it only when it wins a race. Measured at 10k images, the
loop's longest wait for the GIL while a list was decoded was 10 to 17 ms with those offers, and 2
to 3.5 ms with neither offers nor the 5 ms interval.

A full collection walks every object the collector tracks while holding the GIL, so no other
thread runs meanwhile. Each image is two tracked objects (the model and its set of fields): with
100k images loaded, a full pass costs 0.1 to 0.2 s, and decoding the next 100k set off two of them.
The event loop could not tick for that long. So a list is decoded with collections paused, and
everything alive at its end is then moved out of the collector's sight (`gc.freeze`). Images hold
no reference cycles, so reference counting frees each list when the next one replaces it, frozen
or not.

What freezing does cost: a cycle alive at that moment (a finished worker, a request and its
response) is never collected once it becomes garbage, about 160 objects (25 KB) per refresh. So
when the interpreter's memory (its allocated blocks, counted in well under a millisecond) has grown
by a quarter since the last reclaim, the frozen objects are unfrozen and collected once, in that
decode's thread: the growth CPython itself allows between two full passes. That is one full pass
every few hundred refreshes instead of two per refresh, and one after a list grows a lot. The
first list's freeze sets the first measure; the app's start, paused the same way until its first
rows (`pause_for_start`), is frozen too but sets none.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

SWITCH_INTERVAL = 0.001  # seconds a busy thread keeps the GIL while another waits for it (CPython's: 0.005)
RELEASE_STEP = 250  # items freed per step (one call, holding the GIL): a fraction of a millisecond for images
RELEASE_PAUSE = 0.001  # seconds between two steps
GROWTH = 1.25  # memory may grow by this factor before the frozen objects are collected once
_lock = threading.Lock()
_decoding = 0  # decodes running now, in any thread: the collector resumes when the last one ends
_was_enabled = True
_reclaimed_at = 0  # allocated blocks just after the last reclaim (or the first list's freeze)
_start_pause: ExitStack | None = None  # the pause over the app's start, until end_start_pause


def favour_the_loop() -> float:
    """A worker busy in Python lets a waiting event loop have the GIL within SWITCH_INTERVAL; the interval it had."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    return before


@contextmanager
def collections_paused() -> Iterator[None]:
    """No collection while the block runs; what it made is frozen at its end, so no full pass walks it."""
    with _paused(sets_baseline=True):
        yield


@contextmanager
def _paused(*, sets_baseline: bool) -> Iterator[None]:
    """The pause, shared by every holder: the last one to end freezes, and, if it is a list's, notes the baseline."""
    global _decoding, _was_enabled
    with _lock:
        if _decoding == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
            _reclaim_if_grown()
        _decoding += 1
    try:
        yield
    finally:
        with _lock:
            _decoding -= 1
            if _decoding == 0:
                _freeze(sets_baseline)
                if _was_enabled:
                    gc.enable()


def pause_for_start() -> None:
    """No collection from now until `end_start_pause`: the console script's imports and the first screen.

    A start allocates its modules, classes and widgets, and almost none of it is garbage; CPython's
    collector still walked it about 130 times before the first rows of a first run (35 to 36 ms
    measured). What is alive when the pause ends is frozen, as after a decode, the few thousand
    cycles the start left with it (the next reclaim collects them). That freeze is no baseline for
    `_reclaim_if_grown`: the start may end before any list has come, and memory measured then would
    call the first list's arrival growth. Main thread only (the console script, the app, a command).
    """
    global _start_pause
    if _start_pause is None:
        _start_pause = ExitStack()
        _start_pause.enter_context(_paused(sets_baseline=False))


def end_start_pause() -> None:
    """Collections resume (once no decode runs), with everything the start made kept out of them."""
    global _start_pause
    pause, _start_pause = _start_pause, None
    if pause is not None:
        pause.close()


def freeze() -> None:
    """Keep everything alive now out of every later collection: the large lists just made to show a list.

    A young collection also walks each item of the new lists it holds (a copy of 100k images, their
    filter texts): several milliseconds each, and the event loop made those lists. O(1).
    """
    with _lock:
        if _decoding == 0:  # otherwise the decode running now freezes them at its end
            _freeze()


def _freeze(sets_baseline: bool = True) -> None:
    global _reclaimed_at
    gc.freeze()
    if sets_baseline:
        _reclaimed_at = _reclaimed_at or sys.getallocatedblocks()


def _reclaim_if_grown() -> None:
    """Collect the frozen objects once memory has grown by GROWTH: the cycles that died while frozen go."""
    global _reclaimed_at
    if not _was_enabled or not _reclaimed_at or sys.getallocatedblocks() <= GROWTH * _reclaimed_at:
        return
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    _reclaimed_at = sys.getallocatedblocks()


def release_in_steps(items: list[Any]) -> None:
    """Empty `items` from the end, a step at a time; in a worker thread, the event loop runs between two steps.

    Freeing 100k images (a dozen objects each) is one C call of 0.1 s or more when their last list is
    dropped at once, and no switch interval interrupts a C call; deleting slices of it lets the
    interpreter switch threads between slices, and the pause after each lets the loop go first.
    `items` must be a list nobody else holds (a copy), since it is emptied.
    """
    while items:
        del items[-RELEASE_STEP:]
        if items:
            time.sleep(RELEASE_PAUSE)  # not only offered: the event loop's work goes first
