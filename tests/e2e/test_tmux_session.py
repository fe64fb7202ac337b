"""A whole session in a real terminal: list, filter, detail, create, delete, resize, quit, the shell after.

Each run is one terminal type and starting size; the window is resized to the other size half-way.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import SECRET
from terminal_driver import PROMPT, Tmux, colours, is_chromatic, missing_tools

from coxedge_tui.sim import Simulator
from coxedge_tui.sim.seed import SimImage

pytestmark = pytest.mark.skipif(missing_tools() is not None, reason=f"terminal tests: {missing_tools()}")

ENV = "test-area"
MOUSE_MODES = ("mouse_any_flag", "mouse_button_flag", "mouse_standard_flag", "mouse_sgr_flag", "mouse_utf8_flag")


def shown_ids(world: Simulator, needle: str) -> list[str]:
    """The images `/` keeps for `needle`, in the server's order (what the list shows unsorted)."""
    return [
        i.id
        for i in world.envs[ENV].images.values()
        if needle in f"{i.family}\n{i.tag}\n{i.status}\n{i.reference}\n{i.id}".lower()
    ]


def launch(term: Tmux, command: str = "coxedge-tui") -> str:
    term.type(command)
    term.keys("Enter")
    return term.wait_for("24 images", what="the image list")


def check_colours(term: Tmux, kind: str) -> None:
    used = colours(term.screen_with_escapes())
    assert used, "the screen uses no colour at all"
    if kind == "no-color":
        assert not [c for c in used if is_chromatic(c)], f"NO_COLOR, yet colours with a hue: {used}"
    elif kind == "16":
        assert all(";" not in c for c in used), f"TERM=screen has 16 colours, yet: {used}"
    else:
        assert any(c.startswith(("38;5", "48;5")) for c in used) and any(is_chromatic(c) for c in used)


def filter_and_open_detail(term: Tmux, world: Simulator) -> None:
    centos = shown_ids(world, "centos")
    term.press("/")
    term.type("centos")
    term.wait_for(f"{len(centos)} of 24 images", what="the filtered count")
    term.press("Enter", "Down")
    second = world.envs[ENV].images[centos[1]]
    screen = term.wait_for(f"Id          {second.id}", what="the detail of the second match")
    assert f"Tag         {second.tag}" in screen
    assert "READY" in screen  # the status reads as a word, whatever the colours
    term.press("Escape")
    term.wait_for(lambda s: "24 images" in s and " of 24" not in s, what="the filter cleared")


def create_and_watch(term: Tmux, world: Simulator) -> None:
    term.press("n")
    term.wait_for("Choose a VM workload", what="the create form with its workloads")
    term.type("e2e")
    term.wait_for(" e2e ")
    term.press("Tab")
    term.type("v1")
    term.wait_for(" v1 ")
    term.press("Tab", "Enter")
    term.wait_for("web-vm  (RUNNING)", what="the workload picker")
    term.press("Down", "Enter")
    term.wait_for("Choose an instance", what="the instances of web-vm")
    term.press("Tab", "Enter")
    term.wait_for("web-vm-jfk-0  (RUNNING, JFK, 203.0.113.10)", what="the instance picker")
    term.press("Down", "Enter")
    term.wait_for(lambda s: "Choose an instance" not in s, what="the instance chosen")
    term.press("C-s")
    term.wait_for("Create accepted")
    term.press("t")
    term.wait_for("Tasks of this session")
    term.wait_for(re.compile(r"create\s+e2e:v1").search, what="the task row")
    term.wait_for("Created e2e:v1.", what="the task to succeed")
    created = world.image(ENV, f"{world.envs[ENV].stack_id}/e2e/v1")
    assert created is not None and created.status == "READY"
    term.press("t")


def delete_and_watch(term: Tmux, world: Simulator) -> None:
    term.press("/")
    term.type("e2e")
    term.wait_for("1 of 25 images")
    term.press("Enter", "d")
    term.wait_for("Delete this custom image?")
    term.press("y")
    term.wait_for("Deleted e2e:v1.", what="the delete task to succeed")
    assert world.image(ENV, f"{world.envs[ENV].stack_id}/e2e/v1") is None
    term.press("Escape")
    term.wait_for(lambda s: "24 images" in s and " of 2" not in s, what="the full list again")


def resize(term: Tmux, size: tuple[int, int], world: Simulator) -> None:
    term.resize(*size)
    assert term.pane_size() == size
    def redrawn(screen: str) -> bool:
        lines = screen.splitlines()
        return len(lines) == size[1] and "24 images" in lines[0] and "palette" in lines[-1]

    screen = term.wait_for(redrawn, what="the status line on top and the footer at the bottom of the new size")
    lines = screen.splitlines()
    assert "Quit" in lines[-1]
    reference = world.envs[ENV].images[shown_ids(world, "web")[0]].reference or ""
    in_list = [line for line in lines[3:8] if line.startswith(" web ")]
    assert in_list, screen
    # Wide enough, the list shows whole references; at 80 columns they are cut.
    assert (reference in in_list[0]) is (size[0] >= 120), in_list[0]


def quit_and_check_the_shell(term: Tmux) -> None:
    term.press("q")
    term.wait_for(lambda s: s.rstrip().endswith(PROMPT.rstrip()), what="the shell prompt")
    modes = term.modes()
    assert modes["alternate_on"] == 0, "the app left the alternate screen on"
    assert all(modes[m] == 0 for m in MOUSE_MODES), f"mouse reporting left on: {modes}"
    assert modes["cursor_flag"] == 1, "the cursor was left hidden"
    term.type("printf 'ok\\n'")
    term.keys("Enter")
    screen = term.wait_for(lambda s: s.rstrip().endswith(f"ok\n{PROMPT.rstrip()}"), what="printf's output")
    tail = screen.rstrip().splitlines()[-3:]
    assert tail == [f"{PROMPT}printf 'ok\\n'", "ok", PROMPT.rstrip()], tail
    after = term.screen_with_escapes().rstrip().splitlines()[-2]
    assert after == "ok", f"styles or escape sequences left on the shell's output: {after!r}"


@pytest.mark.long(15)
@pytest.mark.parametrize(
    ("term_name", "no_color", "start", "then", "palette"),
    [
        pytest.param("xterm-256color", False, (80, 24), (120, 40), "256", id="xterm-256color-80x24"),
        pytest.param("screen", False, (120, 40), (80, 24), "16", id="screen-120x40"),
        pytest.param("xterm-256color", True, (80, 24), (120, 40), "no-color", id="NO_COLOR-80x24"),
    ],
)
def test_a_whole_session_in_a_real_terminal(
    environ: dict[str, str],
    world: Simulator,
    tmp_path: Path,
    term_name: str,
    no_color: bool,
    start: tuple[int, int],
    then: tuple[int, int],
    palette: str,
) -> None:
    if no_color:
        environ["NO_COLOR"] = "1"
    with Tmux(environ, size=start, term=term_name, workdir=tmp_path, secret=SECRET) as term:
        screen = launch(term)
        assert f"edge-services › {ENV}" in screen
        modes = term.modes()
        assert modes["alternate_on"] == 1 and modes["mouse_any_flag"] == 1 and modes["mouse_sgr_flag"] == 1
        check_colours(term, palette)

        filter_and_open_detail(term, world)
        create_and_watch(term, world)
        delete_and_watch(term, world)
        resize(term, then, world)
        quit_and_check_the_shell(term)


def test_the_second_start_shows_the_saved_list_until_the_slow_live_one_comes(
    environ: dict[str, str], world: Simulator, tmp_path: Path
) -> None:
    """On a slow link, the list saved by the last run is on screen at once, marked, then replaced."""
    with Tmux(environ, size=(120, 40), term="xterm-256color", workdir=tmp_path, secret=SECRET) as term:
        launch(term)
        quit_and_check_the_shell(term)
        env = world.envs[ENV]
        world.add_image(  # made on the server since the last run
            ENV,
            SimImage(stack_id=env.stack_id, slug=env.stack_slug, family="since-then", tag="v1",
                     created_at=datetime(2026, 1, 2, tzinfo=UTC), description="made since the last run"),
        )
        world.latency = 2.0
        term.type("coxedge-tui")
        term.keys("Enter")
        screen = term.wait_for("list saved", timeout=5, what="the saved list")
        assert "24 images" in screen and "loading…" in screen
        term.press("d")
        term.wait_for("Not yet", what="the refusal to delete from it")
        screen = term.wait_for("25 images", timeout=15, what="the live list")
        assert "list saved" not in screen
        world.latency = 0.0
        quit_and_check_the_shell(term)
