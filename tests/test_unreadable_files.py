"""A config or key file that is not what it should be gets a message, never a traceback or a full read."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from coxedge_tui.cli import main
from coxedge_tui.settings.credentials import KEY_FILE_MAX_BYTES

KEY = "cx-live-5e4d3c2b1a09f8e7"


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = ""
) -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


@pytest.mark.parametrize("command", [["status"], ["images", "list"], []])
def test_a_config_file_that_is_not_utf8_is_a_usage_error_with_its_path(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    (tmp_path / "config.toml").write_bytes("[profiles.default]\nenvironment = 'pr\u00e9'\n".encode("latin-1"))

    code, err = run(monkeypatch, capsys, *command)

    assert code == 2
    assert f"The config file {tmp_path / 'config.toml'} is not UTF-8 text" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"a" * (KEY_FILE_MAX_BYTES + 1), "holds more than 4 KiB, so it is not a key file"),
        (b"\x00" * 64 + KEY.encode(), "is not text (binary or not UTF-8)"),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)), "is not text (binary or not UTF-8)"),
        (KEY.encode() + b"\xff\xfe\n", "is not text (binary or not UTF-8)"),
    ],
    ids=["too-large", "nul-bytes", "executable", "not-utf8"],
)
def test_a_key_file_that_is_not_a_key_is_refused_with_a_reason(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "key"
    path.write_bytes(content)
    path.chmod(0o600)

    code, err = run(monkeypatch, capsys, "status", "--api-key-file", str(path))

    assert code == 2
    assert f"The API key file {path} {message}" in err
    assert KEY not in err


def test_a_key_file_that_never_ends_is_read_no_further_than_the_cap(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(monkeypatch, capsys, "status", "--api-key-file", "/dev/zero")

    assert code == 2
    assert "The API key file /dev/zero holds more than 4 KiB" in err


def test_a_key_named_where_the_key_file_belongs_is_not_repeated(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(monkeypatch, capsys, "status", "--api-key-file", KEY)

    assert code == 2
    assert "does not exist" in err and "looks like a key" in err
    assert KEY not in err


def test_endless_standard_input_is_refused_at_the_cap(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    endless = "\0" * (KEY_FILE_MAX_BYTES * 4)
    assert run(monkeypatch, capsys, "status", "--api-key-file", "-", stdin=endless)[0] == 2
    code, err = run(monkeypatch, capsys, "login", stdin=endless)
    assert code == 2
    assert "longer than 4096 characters" in err
