"""`coxedge-tui login / logout / status` against the simulator over loopback; the key only ever via stdin."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backends import fail
from keyring_fakes import MemoryKeyring, installed

from coxedge_tui.cli import main
from coxedge_tui.settings.credentials import KEYRING_SERVICE
from coxedge_tui.sim import Simulator
from coxedge_tui.sim.server import SimulatorServer

SECRET = "cx-live-4f9a8e7d6c5b4a39"


@pytest.fixture
def world() -> Simulator:
    return Simulator(seed=7, images=12, api_key=SECRET)


@pytest.fixture
def server(world: Simulator) -> Iterator[SimulatorServer]:
    with SimulatorServer(world) as running:
        yield running


@pytest.fixture
def memory() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    with installed(backend):
        yield backend


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = ""
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert SECRET not in out + err
    return code, out, err


def test_login_reads_the_key_from_stdin_verifies_it_and_stores_it(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    server: SimulatorServer,
    world: Simulator,
    memory: MemoryKeyring,
) -> None:
    code, out, _ = run(monkeypatch, capsys, "login", "--api-url", server.url, stdin=SECRET + "\n")
    assert code == 0
    assert "The key works" in out and "2 environments (test-area, production)" in out
    assert f"Stored in the OS keyring as {KEYRING_SERVICE}/default." in out
    assert memory.entries == {(KEYRING_SERVICE, "default"): SECRET}
    assert world.requests == [("GET", "/api/v2/environments")]
    assert not any(SECRET in path for _, path in world.requests)


def test_login_with_a_refused_key_exits_3_and_stores_nothing(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    server: SimulatorServer,
    memory: MemoryKeyring,
) -> None:
    code, _, err = run(monkeypatch, capsys, "--api-url", server.url, "login", stdin="wrong-key-000000\n")
    assert code == 3
    assert "Invalid API key" in err and "HTTP 403" in err
    assert memory.entries == {}


def test_login_without_a_keyring_exits_4_and_says_the_key_was_not_stored(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    server: SimulatorServer,
) -> None:
    with installed(fail.Keyring()):
        code, out, err = run(monkeypatch, capsys, "login", "--api-url", server.url, stdin=SECRET)
    assert code == 4
    assert "The key works" in out
    assert "keyring unavailable: no keyring backend" in err and "NOT stored" in err


def test_login_against_an_unreachable_portal_exits_5(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    memory: MemoryKeyring,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, _, err = run(monkeypatch, capsys, "login", "--api-url", f"http://127.0.0.1:{port}/api/v2", stdin=SECRET)
    assert code == 5
    assert "cannot connect" in err


def test_login_with_nothing_entered_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    memory: MemoryKeyring,
) -> None:
    code, _, err = run(monkeypatch, capsys, "login", stdin="\n")
    assert (code, err.strip()) == (2, "coxedge-tui: No key was entered.")


def test_status_names_the_source_and_checks_the_key_without_showing_it(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    server: SimulatorServer,
    memory: MemoryKeyring,
) -> None:
    memory.set_password(KEYRING_SERVICE, "default", SECRET)
    code, out, _ = run(monkeypatch, capsys, "status", "--api-url", server.url, "-e", "production")
    assert code == 0
    rows = {line[:13].strip(): line[14:] for line in out.splitlines()}
    assert rows["profile"].startswith("default")
    assert rows["API URL"] == server.url
    assert rows["environment"] == "production"
    assert rows["key source"] == "keyring (coxedge-tui/default)  …4a39"
    assert rows["key check"] == "works: 2 environments (test-area, production)"


def test_whoami_is_status_and_the_profile_may_come_before_or_after_it(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    server: SimulatorServer,
    memory: MemoryKeyring,
    tmp_path: Path,
) -> None:
    (tmp_path / "config.toml").write_text("[profiles.work]\n")
    memory.set_password(KEYRING_SERVICE, "work", SECRET)
    for argv in (["--profile", "work", "whoami"], ["whoami", "--profile", "work"]):
        code, out, _ = run(monkeypatch, capsys, *argv, "--api-url", server.url)
        assert code == 0
        assert "keyring (coxedge-tui/work)" in out


def test_status_exit_codes_for_no_key_a_refused_key_and_an_unknown_environment(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    server: SimulatorServer,
    memory: MemoryKeyring,
) -> None:
    code, out, err = run(monkeypatch, capsys, "status", "--api-url", server.url)
    assert code == 4
    assert "none found" in out and "No Cox Edge API key was found" in err
    monkeypatch.setenv("COX_API_KEY", "wrong-key-000000")
    code, out, err = run(monkeypatch, capsys, "status", "--api-url", server.url)
    assert code == 3
    assert "COX_API_KEY" in out and "Invalid API key" in err
    monkeypatch.setenv("COX_API_KEY", SECRET)
    code, _, err = run(monkeypatch, capsys, "status", "--api-url", server.url, "-e", "nowhere")
    assert code == 4
    assert "'nowhere' is not among the key's environments" in err


def test_status_reads_the_key_from_a_file_named_on_the_command_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    server: SimulatorServer,
    tmp_path: Path,
) -> None:
    path = tmp_path / "key"
    path.write_text(SECRET)
    path.chmod(0o600)
    code, out, _ = run(monkeypatch, capsys, "status", "--api-url", server.url, "--api-key-file", str(path))
    assert code == 0
    assert f"--api-key-file ({path})" in out


def test_logout_removes_the_key_and_a_second_logout_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    memory: MemoryKeyring,
) -> None:
    memory.set_password(KEYRING_SERVICE, "default", SECRET)
    code, out, _ = run(monkeypatch, capsys, "logout")
    assert code == 0 and "Removed the API key of profile default" in out
    assert memory.entries == {}
    code, _, err = run(monkeypatch, capsys, "logout")
    assert code == 4 and "No API key is stored in the keyring for profile default" in err


def test_logout_without_a_keyring_exits_4(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with installed(fail.Keyring()):
        code, _, err = run(monkeypatch, capsys, "logout")
    assert code == 4 and "keyring unavailable" in err


@pytest.mark.parametrize("argv", [["--api-key", SECRET], [f"--api-key={SECRET}"], ["status", "--key", SECRET]])
def test_a_key_on_the_command_line_is_refused_without_echoing_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, _, err = run(monkeypatch, capsys, *argv)
    assert code == 2
    assert "never taken on the command line" in err


def test_a_broken_config_file_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "config.toml").write_text("[profiles.default]\nenviroment = 'x'\n")
    code, _, err = run(monkeypatch, capsys, "status")
    assert code == 2 and "unknown setting 'enviroment'" in err


def test_logout_also_removes_the_lists_saved_for_quick_starts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], memory: MemoryKeyring
) -> None:
    from datetime import UTC, datetime

    from coxedge_tui.core.list_cache import CachedImage, ListCache, View

    view = View("default", "https://portal.example/api/v2", "edge-services", None, "production")
    ListCache().save(view, [CachedImage(id="s/web/v1", family="web", tag="v1")], datetime.now(UTC))
    assert ListCache().load(view) is not None
    memory.set_password(KEYRING_SERVICE, "default", SECRET)
    code, out, _ = run(monkeypatch, capsys, "logout")
    assert code == 0 and "Removed the saved image lists." in out
    assert ListCache().load(view) is None
