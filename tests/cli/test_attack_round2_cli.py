"""Round-two attack on the command line as a careless user: an empty profile name, a key file that is a pipe or 0644."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cli_harness import ENV, SECRET, cli, sent

from coxedge_tui.sim import Simulator


def test_an_empty_profile_name_is_an_error_not_the_defaults(
    environ: dict[str, str], world: Simulator, tmp_path: Path
) -> None:
    Path(environ["COX_CONFIG"]).write_text("[profiles.ro]\nread_only = true\n")
    image = next(i for i in world.envs[ENV].images.values() if i.custom)

    done = cli(environ, "--profile", "", "images", "delete", image.id, "--yes")  # as `--profile "$UNSET_VAR"` runs

    assert done.code == 2
    assert "--profile was given an empty name" in done.err
    assert sent(world, "DELETE") == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_key_file_that_is_a_pipe_nobody_writes_to_is_refused_without_waiting(
    environ: dict[str, str], tmp_path: Path
) -> None:
    pipe = tmp_path / "key.fifo"
    os.mkfifo(pipe, 0o600)
    environ = {k: v for k, v in environ.items() if k != "COX_API_KEY"}

    try:
        done = subprocess.run(
            [sys.executable, "-m", "coxedge_tui", "--api-key-file", str(pipe), "images", "list"],
            capture_output=True, text=True, env=environ, timeout=20,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the command waited for a writer to the pipe instead of answering")

    assert done.returncode == 2
    assert f"The API key file {pipe} is empty." in done.stderr


def test_a_key_file_others_can_read_is_warned_about_when_it_is_used(environ: dict[str, str], tmp_path: Path) -> None:
    key_file = tmp_path / "cox.key"
    key_file.write_text(SECRET + "\n")
    key_file.chmod(0o644)
    environ = {k: v for k, v in environ.items() if k != "COX_API_KEY"}

    done = cli(environ, "--api-key-file", str(key_file), "images", "list")

    assert done.code == 0
    assert f"warning: {key_file} can be read by other users (mode 644); run: chmod 600 {key_file}" in done.err


SPLITS = {"zero-width": "\u200b", "soft-hyphen": "\u00ad", "line-break": "\n", "tag": "<wbr>"}


class _Echoing(BaseHTTPRequestHandler):
    """A gateway that repeats the key in its refusal, broken up the way pages and wrapped text break long words."""

    def do_GET(self) -> None:
        split = SPLITS[self.server.how]  # type: ignore[attr-defined]
        body = f"<html><body><p>Bad MC-Api-Key {SECRET[:12]}{split}{SECRET[12:]}</p></body></html>".encode()
        self.send_response(400)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize("how", SPLITS)
def test_a_key_the_server_repeats_split_by_an_invisible_mark_is_still_masked(
    environ: dict[str, str], how: str
) -> None:
    gateway = ThreadingHTTPServer(("127.0.0.1", 0), _Echoing)
    gateway.how = how  # type: ignore[attr-defined]
    threading.Thread(target=gateway.serve_forever, daemon=True).start()
    try:
        done = cli(environ | {"COX_API_URL": f"http://127.0.0.1:{gateway.server_address[1]}"}, "images", "list")
    finally:
        gateway.shutdown()
        gateway.server_close()

    assert done.code != 0
    assert f"Bad MC-Api-Key …{SECRET[-4:]}" in done.err
    assert SECRET[12:] not in done.err and SECRET[:12] not in done.err


@pytest.mark.parametrize(
    "argv",
    [
        ["--environment", SECRET, "images", "list"],
        ["--org", SECRET, "images", "list"],
        ["images", "get", f"stack/{SECRET}/v1"],
        ["images", "delete", f"stack/web/{SECRET}", "--yes"],
    ],
    ids=["environment", "org", "get", "delete"],
)
def test_the_key_pasted_where_a_name_or_id_belongs_is_never_sent_in_a_url(
    environ: dict[str, str], world: Simulator, argv: list[str]
) -> None:
    world.requests.clear()
    done = subprocess.run(
        [sys.executable, "-m", "coxedge_tui", *argv], capture_output=True, text=True, env=environ, timeout=60
    )

    assert done.returncode == 2
    assert "holds the API key, which must never go in a URL. Nothing was sent" in done.stderr
    assert SECRET not in done.stdout + done.stderr
    assert world.requests == []
