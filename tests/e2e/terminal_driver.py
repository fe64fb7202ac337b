"""Drive a real terminal: a private tmux server, one pane, keys in and the screen out."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

PROMPT = "e2e$ "
# Pane state tmux tracks from the escape sequences the program sent: the truth about what it left behind.
MODES = (
    "alternate_on",
    "mouse_any_flag",
    "mouse_button_flag",
    "mouse_standard_flag",
    "mouse_sgr_flag",
    "mouse_utf8_flag",
    "cursor_flag",
    "keypad_cursor_flag",
)


def missing_tools() -> str | None:
    """Why these tests cannot run here, or None."""
    if shutil.which("tmux") is None:
        return "tmux is not installed (.ci/run installs it)"
    if shutil.which("coxedge-tui") is None:
        return "the coxedge-tui command is not installed (pip install -e .)"
    return None


class Tmux:
    """`with Tmux(...) as term:` a pane running `sh` in a detached tmux server of its own."""

    def __init__(
        self, environ: Mapping[str, str], *, size: tuple[int, int], term: str, workdir: Path, secret: str = ""
    ) -> None:
        self.socket = f"coxedge-e2e-{uuid.uuid4().hex[:10]}"
        self.environ = dict(environ)
        self.size = size
        self.term = term
        self.workdir = workdir
        self.secret = secret

    def __enter__(self) -> Tmux:
        config = self.workdir / f"{self.socket}.conf"
        config.write_text(
            f'set -g default-terminal "{self.term}"\n'
            "set -g status off\n"  # the pane gets the whole window: 80x24 means 80x24
            "set -g escape-time 0\n"
            "set -g history-limit 200\n"
        )
        # The server inherits this environment (the API key included); nothing secret is in any argument.
        self.tmux(
            "-f", str(config), "new-session", "-d", "-s", "e2e", "-x", str(self.size[0]), "-y", str(self.size[1]),
            f"cd {self.workdir} && PS1='{PROMPT}' exec sh",
        )  # fmt: skip
        self.wait_for(lambda screen: screen.rstrip().endswith(PROMPT.rstrip()), what="the shell prompt")
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10)

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, env=self.environ, timeout=10
        )
        if done.returncode != 0:
            raise AssertionError(f"tmux {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def keys(self, *keys: str) -> None:
        """tmux key names: Enter, Escape, Down, C-s, or plain characters."""
        for key in keys:
            self.tmux("send-keys", "-t", "e2e", key)

    def press(self, *keys: str, settle: float = 0.12, timeout: float = 3.0) -> None:
        """Send keys one at a time as a person would: each once the screen showed the last one's effect.

        Keys sent faster than the app handles them can land in the wrong widget (a focus change is a
        message, not instant), so after each key wait for the screen, colours included, to change and
        then hold still for `settle` seconds.
        """
        for key in keys:
            before = self.screen_with_escapes()
            self.keys(key)
            deadline = time.monotonic() + timeout
            now = before
            while now == before and time.monotonic() < deadline:
                time.sleep(0.03)
                now = self.screen_with_escapes()
            while time.monotonic() < deadline:
                time.sleep(settle)
                later = self.screen_with_escapes()
                if later == now:
                    break
                now = later

    def cursor(self) -> tuple[int, int]:
        """Where the terminal cursor is; Textual keeps it on the focused input's caret even when hidden."""
        x, y = self.tmux("display-message", "-p", "-t", "e2e", "#{cursor_x} #{cursor_y}").split()
        return int(x), int(y)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "e2e", "-l", text)

    def screen(self) -> str:
        return self._seen(self.tmux("capture-pane", "-p", "-t", "e2e"))

    def screen_with_escapes(self) -> str:
        return self._seen(self.tmux("capture-pane", "-p", "-e", "-t", "e2e"))

    def _seen(self, screen: str) -> str:
        """Every screen the tests look at is also checked for the API key."""
        assert not self.secret or self.secret not in screen, "the API key is on the screen"
        return screen

    def modes(self) -> dict[str, int]:
        shown = self.tmux("display-message", "-p", "-t", "e2e", " ".join(f"#{{{m}}}" for m in MODES)).split()
        return {name: int(value or 0) for name, value in zip(MODES, shown, strict=True)}

    def pane_size(self) -> tuple[int, int]:
        width, height = self.tmux("display-message", "-p", "-t", "e2e", "#{pane_width} #{pane_height}").split()
        return int(width), int(height)

    def resize(self, width: int, height: int) -> None:
        self.tmux("resize-window", "-t", "e2e", "-x", str(width), "-y", str(height))

    def pane_pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", "e2e", "#{pane_pid}"))

    def wait_for(self, check: str | Callable[[str], object], timeout: float = 15.0, what: str = "") -> str:
        """Poll the screen until `check` (text on screen, or a predicate) holds; fail showing the screen."""
        predicate = (lambda screen: check in screen) if isinstance(check, str) else check
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if predicate(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what or check!r}; screen:\n{screen}")
            time.sleep(0.1)

    def wait_gone(self, text: str, timeout: float = 15.0) -> str:
        return self.wait_for(lambda screen: text not in screen, timeout, what=f"{text!r} to go")


SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def colours(screen_with_escapes: str) -> set[str]:
    """Every colour the screen uses, as written: '31', '102', '38;5;112', '48;2;10;20;30'."""
    found: set[str] = set()
    for params in SGR.findall(screen_with_escapes):
        parts = params.replace(":", ";").split(";")
        n = 0
        while n < len(parts):
            if parts[n] in ("38", "48") and n + 1 < len(parts):
                size = 3 if parts[n + 1] == "5" else 5
                found.add(";".join(parts[n : n + size]))
                n += size
                continue
            code = int(parts[n]) if parts[n].isdigit() else 0
            if 30 <= code <= 37 or 40 <= code <= 47 or 90 <= code <= 107:
                found.add(parts[n])
            n += 1
    return found


def is_chromatic(colour: str) -> bool:
    """A colour with a hue (green, red…), as opposed to black, white and greys."""
    parts = [int(p) for p in colour.split(";")]
    if len(parts) == 1:
        return parts[0] % 10 not in (0, 7)
    if parts[1] == 2:
        return len(set(parts[2:5])) > 1
    index = parts[2]
    if index < 16:
        return index not in (0, 7, 8, 15)
    if index >= 232:
        return False
    r, g, b = (index - 16) // 36, (index - 16) // 6 % 6, (index - 16) % 6
    return len({r, g, b}) > 1


def process_ended(pid: int) -> bool:
    """Gone, or a zombie nobody reaped yet (it runs no more either way)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status or not os.path.exists(f"/proc/{pid}")
