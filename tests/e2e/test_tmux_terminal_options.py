"""In a real terminal: mouse capture off on request, ASCII-only drawing, and ending with the terminal."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from conftest import SECRET
from terminal_driver import PROMPT, Tmux, missing_tools, process_ended

pytestmark = pytest.mark.skipif(missing_tools() is not None, reason=f"terminal tests: {missing_tools()}")

MOUSE_MODES = ("mouse_any_flag", "mouse_button_flag", "mouse_standard_flag", "mouse_sgr_flag", "mouse_utf8_flag")


def app_pid(term: Tmux) -> int:
    """The coxedge-tui process started by the pane's shell."""
    shell = term.pane_pid()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.05)
    raise AssertionError("coxedge-tui did not start")


def wait_ended(pid: int, timeout: float = 10.0) -> float:
    started = time.monotonic()
    while not process_ended(pid):
        if time.monotonic() - started > timeout:
            os.kill(pid, signal.SIGKILL)
            raise AssertionError(f"coxedge-tui was still running {timeout:.0f} s after its terminal went away")
        time.sleep(0.05)
    return time.monotonic() - started


def test_no_mouse_leaves_the_mouse_to_the_terminal(environ: dict[str, str], tmp_path: Path) -> None:
    with Tmux(environ, size=(80, 24), term="tmux-256color", workdir=tmp_path, secret=SECRET) as term:
        term.type("coxedge-tui --no-mouse")
        term.keys("Enter")
        term.wait_for("24 images")

        modes = term.modes()
        assert modes["alternate_on"] == 1
        assert all(modes[m] == 0 for m in MOUSE_MODES), modes
        term.press("q")
        term.wait_for(lambda s: s.rstrip().endswith(PROMPT.rstrip()), what="the shell prompt")


def test_the_mouse_setting_in_the_profile_turns_capture_off_too(environ: dict[str, str], tmp_path: Path) -> None:
    Path(environ["COX_CONFIG"]).write_text("[profiles.default]\nmouse = false\n")
    with Tmux(environ, size=(80, 24), term="xterm-256color", workdir=tmp_path, secret=SECRET) as term:
        term.type("coxedge-tui")
        term.keys("Enter")
        term.wait_for("24 images")

        assert all(term.modes()[m] == 0 for m in MOUSE_MODES)


def test_ascii_mode_puts_only_ascii_on_the_screen(environ: dict[str, str], tmp_path: Path) -> None:
    environ["COX_ASCII"] = "1"
    with Tmux(environ, size=(80, 24), term="linux", workdir=tmp_path, secret=SECRET) as term:
        term.type("coxedge-tui")
        term.keys("Enter")
        browsing = term.wait_for("24 images")
        term.press("?")
        helping = term.wait_for("Move through the list")

    for screen in (browsing, helping):
        assert screen.isascii(), sorted({c for c in screen if not c.isascii()})
    assert "edge-services > test-area  |  24 images" in browsing


@pytest.mark.parametrize("hangup", ["default", "ignored"])
def test_a_closed_terminal_ends_the_app(environ: dict[str, str], tmp_path: Path, hangup: str) -> None:
    """Closing the terminal (as a dropped SSH session does) hangs it up; even with SIGHUP ignored, the app ends."""
    with Tmux(environ, size=(80, 24), term="xterm-256color", workdir=tmp_path, secret=SECRET) as term:
        term.type(("trap '' HUP; " if hangup == "ignored" else "") + "coxedge-tui")
        term.keys("Enter")
        term.wait_for("24 images")
        pid = app_pid(term)
        term.kill()

        assert wait_ended(pid) < 5.0


def test_a_terminated_app_restores_the_terminal(environ: dict[str, str], tmp_path: Path) -> None:
    with Tmux(environ, size=(80, 24), term="xterm-256color", workdir=tmp_path, secret=SECRET) as term:
        term.type("coxedge-tui")
        term.keys("Enter")
        term.wait_for("24 images")
        pid = app_pid(term)

        os.kill(pid, signal.SIGTERM)
        wait_ended(pid)
        term.wait_for(lambda s: s.rstrip().endswith(PROMPT.rstrip()), what="the shell prompt")
        modes = term.modes()
        assert modes["alternate_on"] == 0 and modes["cursor_flag"] == 1
        assert all(modes[m] == 0 for m in MOUSE_MODES), modes
        term.type("echo $?")
        term.keys("Enter")
        term.wait_for(f"\n143\n{PROMPT.rstrip()}", what="the exit status of a SIGTERM")

