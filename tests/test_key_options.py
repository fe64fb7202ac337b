"""Any option that looks like it carries a key is refused before argparse, which would repeat its value."""

from __future__ import annotations

import argparse
import io

import pytest

from coxedge_tui.cli import build_parser, looks_like_key_option, main

SECRET = "cx-live-0a9b8c7d6e5f4a3b"


@pytest.mark.parametrize(
    "argv",
    [
        ["--api_key", SECRET],
        ["--API-KEY", SECRET],
        ["--Api_Key", SECRET],
        ["-k", SECRET],
        [f"-k{SECRET}"],
        ["-K", SECRET],
        [f"--api-key={SECRET}"],
        ["--apikey", SECRET],
        ["--key", SECRET],
        ["--token", SECRET],
        [f"--token={SECRET}"],
        ["--api-token", SECRET],
        ["--mc-api-key", SECRET],
        ["--password", SECRET],
        ["--secret", SECRET],
        [f"--key{SECRET}"],
        ["images", "list", "--api_key", SECRET],
        ["images", "delete", "a/b/c", "--yes", "--API_KEY", SECRET],
        ["status", "-k", SECRET],
        ["tasks", "get", "t-1", f"--apikey={SECRET}"],
    ],
)
def test_a_key_like_option_is_refused_without_echoing_its_value(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))

    code = main(argv)

    out, err = capsys.readouterr()
    assert code == 2
    assert "never taken on the command line" in err
    assert SECRET not in out + err
    assert SECRET[-6:] not in out + err


def _every_option(parser: argparse.ArgumentParser) -> set[str]:
    found = set()
    for action in parser._actions:
        found.update(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found |= _every_option(sub)
    return found


def test_no_real_option_looks_like_a_key() -> None:
    options = _every_option(build_parser())
    assert "--api-key-file" in options and "-e" in options
    assert [o for o in options if looks_like_key_option(o)] == []
    assert not looks_like_key_option("--api-key-f")  # argparse's own abbreviation of --api-key-file
    assert not looks_like_key_option("-o")
    assert not looks_like_key_option("-5")


def test_the_key_file_option_still_works_after_the_check(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(["status", "--api-key-file", "/nonexistent/key"])
    _, err = capsys.readouterr()
    assert code == 2
    assert "The API key file /nonexistent/key does not exist." in err
