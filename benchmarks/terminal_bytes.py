"""Bytes an app writes to a real pseudo-terminal per action: what each key costs over a slow SSH link.

The app runs in a pty of 120x36 as a user would run it; a thread counts what it writes. Each action is a
key written to the pty, and its cost is every byte written from then until the terminal has been quiet
for QUIET seconds. The floor app (floor_app.py) does the same job with stock Textual widgets.
"""

from __future__ import annotations

import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .cold_start import TERMINAL_SIZE, app_command

DOWN = "\x1b[B"  # the down arrow: both apps move their cursor with it
QUIET = 0.35  # seconds without output that end an action (above the 150 ms rest before a detail request)
SETTLE_LIMIT = 30.0
FIRST_FRAME = 8_000  # bytes: a 120x36 frame with a list is well above this, the terminal set-up far below
FLOOR_APP = Path(__file__).with_name("floor_app.py")


@dataclass
class Terminal:
    """A program in a pty; `written` counts its output, `last` is when it last wrote."""

    command: Sequence[str]
    env: dict[str, str] = field(default_factory=dict)
    written: int = 0
    last: float = 0.0
    at_start: int = 1  # bytes the first settle waits for: a whole first frame, not just the terminal set-up

    def __enter__(self) -> Terminal:
        self._master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *TERMINAL_SIZE, 0, 0))
        env = {k: v for k, v in os.environ.items() if not k.startswith("COX_")}
        env.update({"TERM": "xterm-256color", "COLUMNS": "", "LINES": ""}, **self.env)
        self._child = subprocess.Popen(
            list(self.command),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={k: v for k, v in env.items() if v},
            start_new_session=True,
        )
        os.close(slave)
        self.last = time.monotonic()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def _read(self) -> None:
        try:
            while chunk := os.read(self._master, 65536):
                self.written += len(chunk)
                self.last = time.monotonic()
        except OSError:
            pass

    def settle(self, at_least: float = QUIET, quiet: float = QUIET) -> None:
        """Wait until the program has written something, then nothing for `quiet` seconds (and `at_least` passed)."""
        started = time.monotonic()
        while True:
            time.sleep(0.02)
            now = time.monotonic()
            if self.written >= self.at_start and now - started >= at_least and now - self.last >= quiet:
                return
            if now - started > SETTLE_LIMIT:
                return  # something keeps writing (a spinner): count what came so far

    def cost(self, keys: str) -> int:
        """Bytes written in answer to `keys`."""
        before = self.written
        os.write(self._master, keys.encode())
        self.settle()
        return self.written - before

    def __exit__(self, *exc: object) -> None:
        self._child.kill()
        self._child.wait()
        os.close(self._master)
        self._reader.join(timeout=2)


@dataclass(frozen=True)
class ActionBytes:
    refresh: float
    cursor: float
    filter_key: float
    tab: float


def measure(terminal: Terminal, repeats: int) -> ActionBytes:
    with terminal:
        terminal.at_start = FIRST_FRAME
        terminal.settle(at_least=2.0, quiet=1.5)  # started, the list loaded, the first detail shown
        terminal.at_start = 1
        refresh = [terminal.cost("r") for _ in range(repeats)]
        cursor = [terminal.cost(DOWN) for _ in range(repeats)]
        terminal.cost("/")
        filter_key = [terminal.cost(c) for c in "web"[:repeats]]
        terminal.cost("\r")  # keep the filter, back to the list
        tabs = [terminal.cost(k) for k in "231"[:repeats]]
    return ActionBytes(*(statistics.median(v) for v in (refresh, cursor, filter_key, tabs)))


def compare(repeats: int = 3) -> tuple[ActionBytes, ActionBytes]:
    """(the app, the floor app), each in its own pty."""
    ours = Terminal(app_command(), {"COX_NO_CACHE": "1", "COX_REFRESH": "0"})
    floor = Terminal([sys.executable, str(FLOOR_APP)], {"PYTHONPATH": str(Path(__file__).parent.parent)})
    return measure(ours, repeats), measure(floor, repeats)
