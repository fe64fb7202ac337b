"""What the help screens and the simulator's start-up lines tell a person."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def help_text(*argv: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "coxedge_tui", *argv, "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def exit_codes(text: str) -> str:
    return text[text.index("exit codes:") :].strip()


def test_every_help_screen_lists_the_same_exit_codes_including_a_cancelled_prompt() -> None:
    top = exit_codes(help_text())

    assert "0 ok, 1 cancelled at a confirmation prompt, 2 usage" in top
    for argv in (("images",), ("images", "delete"), ("tasks", "get")):
        assert exit_codes(help_text(*argv)) == top


def simulator_banner(key_from_env: str | None) -> str:
    environ = {k: v for k, v in os.environ.items() if k != "COX_SIM_KEY"}
    if key_from_env is not None:
        environ["COX_SIM_KEY"] = key_from_env
    process = subprocess.Popen(
        [sys.executable, "-m", "coxedge_tui.sim", "--port", "0", "--images", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environ,
    )
    try:
        assert process.stdout is not None
        return process.stdout.readline() + process.stdout.readline()
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.parametrize(
    ("key_from_env", "shown"), [(None, "MC-Api-Key: demo-key"), ("cx-live-5e6f7a8b9c0d1e2f", "MC-Api-Key: <key>")]
)
def test_the_simulators_curl_hint_shows_the_demo_key_but_never_a_chosen_one(
    key_from_env: str | None, shown: str
) -> None:
    banner = simulator_banner(key_from_env)

    assert f"curl -H '{shown}' http://127.0.0.1:" in banner
    assert key_from_env is None or key_from_env not in banner
