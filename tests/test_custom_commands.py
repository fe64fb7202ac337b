"""A command of the user's: its argv (placeholders, never a shell), its environment (no key), its output, and
which keys of a profile cannot be used (an unknown binding id, two bindings on one key, a taken command key)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import pytest

from coxedge_tui.core.custom_commands import ImageFacts, argv_for, child_environment, run
from coxedge_tui.settings.keymap import CustomCommand
from coxedge_tui.ui.app import CoxEdgeApp
from coxedge_tui.ui.user_keys import check, contexts

FACTS = ImageFacts(id="s1/web/1.0", reference="acme/web:1.0", family="web", tag="$(reboot); {id}", environment="prod")
PRINT_ARGV = "import json, sys; print(json.dumps(sys.argv[1:]))"


def test_each_placeholder_is_one_argument_and_image_text_is_never_read_again() -> None:
    command = CustomCommand("v", "Scan", ("scan", "{reference}", "--tag={tag}", "{family}/{environment}", "{nope}"))

    assert argv_for(command, FACTS) == ["scan", "acme/web:1.0", "--tag=$(reboot); {id}", "web/prod", "{nope}"]


def test_the_child_environment_holds_no_api_key() -> None:
    environ = {
        "PATH": "/bin",
        "HOME": "/home/ops",
        "COX_API_KEY": "k-123",
        "COX_API_KEY_FILE": "/run/key",
        "COX_TOKEN": "t",
        "COX_PROFILE": "ops",
        "MY_COPY": "Bearer k-123",
    }

    assert child_environment(environ, "k-123") == {"PATH": "/bin", "HOME": "/home/ops", "COX_PROFILE": "ops"}


async def test_a_command_gets_its_argv_and_its_output_and_exit_code_come_back() -> None:
    result = await run([sys.executable, "-c", PRINT_ARGV + "; sys.exit(3)", "a b", "$HOME"], {}, timeout=20)

    assert json.loads(result.output) == ["a b", "$HOME"]
    assert (result.exit_code, result.timed_out, result.truncated) == (3, False, False)
    assert result.summary.startswith("Exit code 3 after ")


async def test_output_past_the_cap_is_dropped_and_said() -> None:
    result = await run([sys.executable, "-c", "print('x' * 5000)"], {}, timeout=20, cap=100)

    assert result.output == "x" * 100
    assert result.truncated and result.exit_code == 0


async def test_a_command_past_its_timeout_is_stopped() -> None:
    result = await run([sys.executable, "-c", "import time; print('started', flush=True); time.sleep(30)"], {}, 0.5)

    assert result.timed_out and result.exit_code is None
    assert result.output == "started\n"
    assert result.summary.startswith("Stopped after")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
async def test_closing_the_window_stops_the_command_and_what_it_started(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    script = (
        "import os, subprocess, sys, time; "
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
        f"open({str(pids)!r}, 'w').write(f'{{os.getpid()}} {{child.pid}}'); time.sleep(60)"
    )
    running = asyncio.ensure_future(run([sys.executable, "-c", script], dict(os.environ), timeout=60))
    for _ in range(500):
        if pids.exists() and " " in pids.read_text():
            break
        await asyncio.sleep(0.01)
    running.cancel()
    await asyncio.wait({running}, timeout=3)  # not held by what it started, which holds its output open

    assert running.cancelled()

    started = [int(pid) for pid in pids.read_text().split()]
    for _ in range(500):  # SIGKILL is delivered at once, but a process takes a moment to finish exiting
        if not [pid for pid in started if alive(pid)]:
            break
        await asyncio.sleep(0.01)
    assert not [pid for pid in started if alive(pid)]


def alive(pid: int) -> bool:
    """Running, not a zombie waiting for init to reap it."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


async def test_a_missing_program_is_said_and_nothing_runs() -> None:
    result = await run(["/nonexistent/scan-image"], {}, timeout=5)

    assert result.summary == "Could not run '/nonexistent/scan-image': no such program."


def checked(keymap: dict[str, str], commands: tuple[CustomCommand, ...] = ()) -> list[str]:
    return check(keymap.items(), commands, CoxEdgeApp._merge_bindings(), contexts()).problems


def test_a_keymap_that_moves_keys_to_free_ones_is_fine() -> None:
    assert checked({"browse.refresh": "f5", "list.half_down": "ctrl+n", "delete.confirm": "Y"}) == []


def test_an_unknown_binding_id_is_reported_with_the_likely_one() -> None:
    [problem] = checked({"browse.refersh": "f5"})

    assert problem.startswith("The keymap names 'browse.refersh', which no key of coxedge-tui has")
    assert "Did you mean 'browse.refresh'?" in problem


def test_two_bindings_on_one_key_are_reported_by_both_ids() -> None:
    problems = checked({"browse.refresh": "q"})

    assert problems == ["'app.quit' and 'browse.refresh' are both on q (the list): change one of them in the keymap."]


def test_a_command_on_a_taken_key_is_reported_and_not_bound() -> None:
    commands = (CustomCommand("r", "Scan", ("scan",)), CustomCommand("v", "View", ("view",)))

    result = check({}.items(), commands, CoxEdgeApp._merge_bindings(), contexts())

    assert result.problems == [
        "Your command 'Scan' is on r, which 'browse.refresh' already uses on the list; the command is not bound. "
        "Give it another key."
    ]
    assert [(index, key) for index, _, key in result.bound] == [(1, "v")]


def test_two_commands_on_one_key_bind_the_first_and_report_the_second() -> None:
    commands = (CustomCommand("?", "Scan", ("scan",)), CustomCommand("v", "A", ("a",)), CustomCommand("v", "B", ("b",)))

    result = check({"app.help": "f1"}.items(), commands, CoxEdgeApp._merge_bindings(), contexts())

    assert result.problems == [
        "Your command 'B' is on v, which your command 'A' already uses on the list; the command is not bound. "
        "Give it another key."
    ]
    assert [(index, key) for index, _, key in result.bound] == [(0, "question_mark"), (1, "v")]


def test_a_command_may_take_a_key_the_keymap_freed() -> None:
    commands = (CustomCommand("r", "Scan", ("scan",)),)

    result = check({"browse.refresh": "f5"}.items(), commands, CoxEdgeApp._merge_bindings(), contexts())

    assert result.problems == [] and len(result.bound) == 1
