"""Starting the app reads only the top-level options: the subcommands' parsers are built when words may name one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from coxedge_tui.cli import build_parser, main, parse_arguments

APP_STARTS = (
    [],
    ["--demo"],
    ["--demo", "--refresh=0", "--read-only"],
    ["--profile=work", "--api-url=http://127.0.0.1:9"],
    ["--refresh", "5"],  # a value as its own word: the whole parser reads it, with the same result
)


@pytest.mark.parametrize("words", APP_STARTS)
def test_the_app_start_reads_its_options_as_the_whole_parser_does(words: list[str]) -> None:
    assert vars(parse_arguments(words)) == vars(build_parser().parse_args(words))


def test_starting_the_app_builds_no_subcommand_parser_and_a_command_still_finds_its_own() -> None:
    script = (
        "import sys; from coxedge_tui.cli import parse_arguments; "
        "app = parse_arguments(['--demo', '--refresh=0']); "
        "print(app.command, app.demo, 'coxedge_tui.commands.parsers' in sys.modules); "
        "command = parse_arguments(['images', 'list', '--demo']); "
        "print(command.command, 'coxedge_tui.commands.parsers' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split("\n")[:2] == ["None True False", "images True"]


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["--refresh=abc"], "argument --refresh: 'abc' is not a number of seconds"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--demo", "imagse"], "invalid choice: 'imagse'"),
    ],
)
def test_a_mistake_is_told_by_the_whole_parser_with_its_commands_in_the_usage(
    words: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(words)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert said in err
    assert "COMMAND ..." in err.split("error:")[0]  # the usage line of the whole parser
