"""The scripting commands at a real terminal: the delete prompt and the live progress line."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SECRET
from terminal_driver import PROMPT, Tmux, missing_tools

from coxedge_tui.sim import Simulator

pytestmark = pytest.mark.skipif(missing_tools() is not None, reason=f"terminal tests: {missing_tools()}")


def test_delete_at_a_terminal_asks_then_follows_the_task_on_one_line(
    environ: dict[str, str], world: Simulator, tmp_path: Path
) -> None:
    image = next(i for i in world.envs["test-area"].images.values() if i.custom)
    with Tmux(environ, size=(120, 40), term="xterm-256color", workdir=tmp_path, secret=SECRET) as term:
        term.type(f"coxedge-tui images delete {image.id} --wait")
        term.keys("Enter")
        asked = term.wait_for("Delete? [y/N]", what="the confirmation prompt")
        assert f"Delete custom image {image.family}:{image.tag}?" in asked
        assert f"  reference  {image.reference}" in asked

        term.type("y")
        term.keys("Enter")
        done = term.wait_for(lambda s: s.rstrip().endswith(PROMPT.rstrip()), what="the command to finish")

    lines = done.rstrip().splitlines()
    (task_id,) = world.tasks
    assert lines[-3] == task_id  # stdout: the task id, for scripts
    # stderr: the progress line, rewritten in place, so only its last state is left.
    assert lines[-2].startswith(f"Deleted {image.family}:{image.tag}. (")
    assert not any(line.startswith("Deleting") for line in lines)
    assert world.image("test-area", image.id) is None
