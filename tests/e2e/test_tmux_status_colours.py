"""In a real terminal, a status reads right without colour and in 16 colours: red means failure only."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import SECRET
from terminal_driver import Tmux, missing_tools

from coxedge_tui.sim import Simulator
from coxedge_tui.sim.seed import SimImage

pytestmark = pytest.mark.skipif(missing_tools() is not None, reason=f"terminal tests: {missing_tools()}")

ENV = "test-area"
RED = {"31", "91", "38;5;1", "38;5;9"}
ESCAPE = re.compile(r"\x1b\[([0-9;:]*)m")


@dataclass(frozen=True)
class Cell:
    char: str
    bold: bool = False
    reverse: bool = False
    fg: str = ""


def cells(line: str) -> list[Cell]:
    """One line of `capture-pane -e` as characters with the bold, reverse and foreground in effect."""
    found: list[Cell] = []
    state = Cell("")
    for n, part in enumerate(ESCAPE.split(line)):
        if n % 2:
            state = apply_sgr(state, part)
        else:
            found.extend(replace(state, char=c) for c in part)
    return found


def apply_sgr(state: Cell, params: str) -> Cell:
    codes = params.replace(":", ";").split(";") if params else ["0"]
    n = 0
    while n < len(codes):
        code = codes[n]
        if code in ("38", "48"):
            size = 3 if codes[n + 1 : n + 2] == ["5"] else 5
            if code == "38":
                state = replace(state, fg=";".join(codes[n : n + size]))
            n += size
            continue
        if code in ("", "0"):
            state = Cell("")
        elif code == "1":
            state = replace(state, bold=True)
        elif code == "22":
            state = replace(state, bold=False)
        elif code == "7":
            state = replace(state, reverse=True)
        elif code == "27":
            state = replace(state, reverse=False)
        elif code == "39":
            state = replace(state, fg="")
        elif code.isdigit() and (30 <= int(code) <= 37 or 90 <= int(code) <= 97):
            state = replace(state, fg=code)
        n += 1
    return state


def word_cells(screen: str, row_marker: str, word: str) -> list[Cell]:
    """The cells of `word` on the one line that shows `row_marker`."""
    [line] = [line for line in screen.splitlines() if row_marker in ESCAPE.sub("", line)]
    row = cells(line)
    start = "".join(c.char for c in row).index(word)
    return row[start : start + len(word)]


def show_pending_and_failed(term: Tmux, world: Simulator) -> str:
    env = world.envs[ENV]
    for family, status in (("colour-ready", "READY"), ("colour-pending", "PENDING"), ("colour-failed", "FAILED")):
        image = SimImage(stack_id=env.stack_id, slug=env.stack_slug, family=family, tag="v1",
                         created_at=datetime(2026, 1, 2, tzinfo=UTC), description=None, status=status)  # fmt: skip
        world.add_image(ENV, image)
    term.type("coxedge-tui")
    term.keys("Enter")
    term.wait_for("27 images", what="the image list")
    term.press("/")
    term.type("colour-")
    term.wait_for("3 of 27 images", what="the three seeded rows")
    term.press("Enter")  # the cursor rests on colour-ready, so the other two show their own styles
    return term.screen_with_escapes()


@pytest.fixture
def this_checkout(environ: dict[str, str]) -> dict[str, str]:
    """The terminal runs the code under test (tests/e2e/conftest.py puts this checkout on PYTHONPATH)."""
    return environ


def test_without_colour_a_failure_is_bold_and_reversed(
    this_checkout: dict[str, str], world: Simulator, tmp_path: Path
) -> None:
    this_checkout["NO_COLOR"] = "1"
    with Tmux(this_checkout, size=(100, 30), term="xterm-256color", workdir=tmp_path, secret=SECRET) as term:
        screen = show_pending_and_failed(term, world)

    failed = word_cells(screen, "colour-failed", "FAILED")
    assert all(c.bold and c.reverse for c in failed), failed
    pending = word_cells(screen, "colour-pending", "PENDING")
    assert not any(c.reverse for c in pending), "PENDING looks like a failure"


def test_in_16_colours_red_means_failure_only(this_checkout: dict[str, str], world: Simulator, tmp_path: Path) -> None:
    with Tmux(this_checkout, size=(100, 30), term="screen", workdir=tmp_path, secret=SECRET) as term:
        screen = show_pending_and_failed(term, world)

    assert all(c.fg in RED for c in word_cells(screen, "colour-failed", "FAILED"))
    assert not any(c.fg in RED for c in word_cells(screen, "colour-pending", "PENDING"))
    red_text = {
        "".join(c.char for c in cells(line) if c.fg in RED).strip() for line in screen.splitlines()
    } - {""}
    assert red_text == {"FAILED"}, f"red on more than FAILED: {red_text}"
