"""Shell completion: `coxedge-tui completion SHELL` and the hidden `coxedge-tui __complete WORD...` it calls.

Candidates come from the parsers, the config file and the saved lists, offline: never the network, never
the key.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cli_harness import cli
from shell_completion import (
    README,
    ZshTab,
    fish_completes,
    program_on_path,
    readme_line,
    shell_environ,
    zsh_completes,
)

from coxedge_tui.cli import build_parser
from coxedge_tui.commands.completion_scripts import script
from coxedge_tui.core.list_cache import CachedImage, ListCache, View
from coxedge_tui.text.image_fields import NAMES

ROOT = Path(__file__).resolve().parents[2]
CONFIG = """\
[profiles.prod]
api_url = "{url}"
environment = "prod-area"

[profiles.staging]
environment = "stage-area"
"""
SAVED_AT = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


@pytest.fixture
def closed_url() -> str:
    """A loopback address nothing listens on: a call to it would fail (and a test checks none is tried)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/v2"


@pytest.fixture
def environ(closed_url: str) -> dict[str, str]:
    """The prod and staging profiles, a list saved for each, and a key in the environment that is never read."""
    path = Path(os.environ["COX_CONFIG"])
    path.write_text(CONFIG.format(url=closed_url), encoding="utf-8")
    path.chmod(0o600)
    cache = ListCache()
    prod = View("prod", closed_url, "edge-services", None, "prod-area", "cx-prod-key-1")
    cache.save(prod, [_image("s1", "web", "v1"), _image("s1", "web", "v2")], SAVED_AT)
    cache.save(
        View("prod", closed_url, "edge-services", None, "eu-area", "cx-prod-key-1"),
        [_image("s2", "api", "v7")],
        SAVED_AT,
    )
    cache.save(
        View("staging", "https://portal.coxedge.com/api/v2", "edge-services", None, "stage-area", "k2"),
        [_image("s3", "db", "v3")],
        SAVED_AT,
    )
    return dict(os.environ) | {"COX_API_KEY": "cx-never-read-4d2f"}


def _image(stack: str, family: str, tag: str) -> CachedImage:
    return CachedImage(id=f"{stack}/{family}/{tag}", family=family, tag=tag, reference=f"acme/{family}:{tag}")


def complete(environ: dict[str, str], *words: str) -> list[str]:
    result = cli(environ, "__complete", *words)
    assert (result.code, result.err) == (0, "")
    return result.out.splitlines()


def test_subcommands_complete_and_the_hidden_ones_stay_hidden(environ: dict[str, str]) -> None:
    assert complete(environ, "") == ["completion", "images", "login", "logout", "status", "tasks", "whoami"]
    assert complete(environ, "images", "") == ["create", "delete", "get", "list", "prune"]
    assert complete(environ, "--profile", "prod", "ta") == ["tasks"]
    assert complete(environ, "completion", "") == ["bash", "fish", "zsh"]
    assert "__complete" not in cli(environ, "--help").out


def test_options_are_the_parsers_own(environ: dict[str, str]) -> None:
    """Read from argparse, so an option added to a parser completes without a hand-kept list."""
    images = next(a for a in build_parser()._actions if a.dest == "command").choices["images"]  # type: ignore[attr-defined]
    listing = next(a for a in images._actions if a.dest == "images_command").choices["list"]
    expected = sorted(name for action in listing._actions for name in action.option_strings if name.startswith("--"))

    assert complete(environ, "images", "list", "--") == expected
    assert {"--fields", "--no-headers", "--output", "--type", "--profile", "--environment"} <= set(expected)
    assert complete(environ, "images", "list", "--no") == ["--no-headers"]


def test_option_values_complete_formats_fields_and_choices(environ: dict[str, str]) -> None:
    assert complete(environ, "images", "list", "-o", "") == ["columns=", "csv", "json", "table"]
    assert complete(environ, "images", "get", "--output", "") == ["columns=", "json", "table"]
    assert complete(environ, "images", "list", "-o", "columns=family,t") == [
        "columns=family,tag",
        "columns=family,type",
    ]
    assert complete(environ, "images", "list", "--fields", "") == list(NAMES)
    assert complete(environ, "images", "list", "--fields=id,re") == ["--fields=id,reference"]
    assert complete(environ, "images", "list", "--type", "") == ["all", "custom", "default"]


def test_profiles_come_from_the_config_file(environ: dict[str, str]) -> None:
    assert complete(environ, "--profile", "") == ["default", "prod", "staging"]
    assert complete(environ, "images", "list", "--profile", "st") == ["staging"]


def test_environments_come_from_the_profile_and_its_saved_lists(environ: dict[str, str], closed_url: str) -> None:
    everywhere = View("prod", closed_url, "edge-services", None, "*", "cx-prod-key-1")  # every environment's list
    ListCache().save(everywhere, [_image("s1", "web", "v1")], SAVED_AT)

    assert complete(environ, "--profile", "prod", "images", "list", "--environment", "") == ["eu-area", "prod-area"]
    assert complete(environ, "images", "list", "--profile", "staging", "-e", "") == ["stage-area"]


def test_image_ids_and_references_come_from_the_list_saved_for_the_profile_and_environment(
    environ: dict[str, str],
) -> None:
    prod = ["acme/web:v1", "acme/web:v2", "s1/web/v1", "s1/web/v2"]
    assert complete(environ, "--profile", "prod", "images", "get", "") == prod
    assert complete(environ, "images", "delete", "--profile", "prod", "s1/web/v1", "s1/") == ["s1/web/v1", "s1/web/v2"]
    assert complete(environ, "--profile", "prod", "-e", "eu-area", "images", "get", "") == ["acme/api:v7", "s2/api/v7"]
    assert complete(environ | {"COX_PROFILE": "staging"}, "images", "get", "") == ["acme/db:v3", "s3/db/v3"]
    assert complete(environ, "images", "get", "") == []  # the default profile has no saved list


def test_the_newest_list_of_an_environment_wins_and_a_damaged_file_is_skipped(
    environ: dict[str, str], closed_url: str
) -> None:
    cache = ListCache()
    later = View("prod", closed_url, "edge-services", None, "prod-area", "another-key")
    cache.save(later, [_image("s1", "web", "v3")], SAVED_AT + timedelta(minutes=5))
    (cache.directory / "0123.json").write_text("{not json", encoding="utf-8")

    assert complete(environ, "--profile", "prod", "images", "get", "") == ["acme/web:v3", "s1/web/v3"]


def test_completion_never_calls_the_network_nor_reads_the_key(
    environ: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    touched: list[str] = []

    def record(what: str) -> object:
        def called(*args: object, **kwargs: object) -> None:
            touched.append(what)
            raise AssertionError(what)

        return called

    monkeypatch.setattr(socket.socket, "connect", record("socket.connect"))
    monkeypatch.setattr(socket, "create_connection", record("socket.create_connection"))
    for name in ("find_api_key", "keyring_get", "read_key_file"):
        monkeypatch.setattr(f"coxedge_tui.settings.credentials.{name}", record(name))

    for words in (("--profile", "prod", "images", "get", ""), ("--profile", "prod", "-e", ""), ("images", "")):
        assert complete(environ, *words)
    assert touched == []


def test_the_completion_process_loads_no_api_layer(environ: dict[str, str]) -> None:
    """No httpx, pydantic, keyring or Textual is even imported, so no client can be built and start-up stays quick."""
    code = (
        "import sys; from coxedge_tui.cli import main; "
        "code = main(['__complete', '--profile', 'prod', 'images', 'get', '']); "
        "loaded = [m for m in ('httpx', 'pydantic', 'keyring', 'textual', 'rich') if m in sys.modules]; "
        "print(loaded, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env=environ | {"PYTHONPATH": str(ROOT)},
    )

    assert (done.returncode, done.stderr.strip()) == (0, "[]")
    assert done.stdout.splitlines() == ["acme/web:v1", "acme/web:v2", "s1/web/v1", "s1/web/v2"]


def test_completion_prints_a_script_for_each_shell(environ: dict[str, str]) -> None:
    for shell, line in (
        ("bash", "complete -o default -F _coxedge_tui_complete coxedge-tui"),
        ("zsh", "compdef _coxedge_tui coxedge-tui"),
        ("fish", "complete -c coxedge-tui -f -a '(__coxedge_tui_complete)'"),
    ):
        result = cli(environ, "completion", shell)
        assert result.code == 0 and line in result.out
    assert cli(environ, "completion", "tcsh").code == 2


def _bash_completes(environ: dict[str, str], tmp_path: Path, words: list[str]) -> list[str]:
    """Run the generated bash function as bash's completion would, with COMP_WORDS as bash splits them."""
    (tmp_path / "complete.bash").write_text(script("bash"))
    quoted = " ".join("'" + word.replace("'", "'\\''") + "'" for word in words)
    driver = (
        f"source {tmp_path / 'complete.bash'}; COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}; "
        'COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}; _coxedge_tui_complete; '
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    env = environ | {"PATH": f"{program_on_path(tmp_path)}:{environ['PATH']}"}
    done = subprocess.run(["bash", "-c", driver], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_the_bash_script_completes_through_comp_words(environ: dict[str, str], tmp_path: Path) -> None:
    assert _bash_completes(environ, tmp_path, ["coxedge-tui", "ima"]) == ["images"]
    # bash splits `acme/web:v` at the colon; only what follows it is replaced
    words = ["coxedge-tui", "--profile", "prod", "images", "get", "acme/web", ":", "v"]
    assert _bash_completes(environ, tmp_path, words) == ["v1", "v2"]
    words = ["coxedge-tui", "images", "list", "-o", "columns", "=", "family,st"]
    assert _bash_completes(environ, tmp_path, words) == ["family,status"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_quotes_what_it_inserts_and_reads_quoted_words(shell_env: dict[str, str], tmp_path: Path) -> None:
    assert _bash_completes(shell_env, tmp_path, ["coxedge-tui", "--profile", "m"]) == ["my\\ team"]
    assert _bash_completes(shell_env, tmp_path, ["coxedge-tui", "--profile", "'m"]) == ["'my team'"]
    words = ["coxedge-tui", "--profile", "my\\ team", "images", "get", "acme/c"]
    assert _bash_completes(shell_env, tmp_path, words) == ["acme/cache:v5"]
    words = ["coxedge-tui", "--profile", "'my team'", "images", "get", "'acme/c"]
    assert _bash_completes(shell_env, tmp_path, words) == ["'acme/cache:v5'"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_script_is_valid_for_its_shell(shell: str, tmp_path: Path) -> None:
    program = shutil.which(shell)
    if program is None:
        pytest.skip(f"{shell} is not installed here")
    path = tmp_path / f"complete.{shell}"
    path.write_text(script(shell))
    check = [program, "--no-execute", str(path)] if shell == "fish" else [program, "-n", str(path)]

    done = subprocess.run(check, capture_output=True, text=True, timeout=60)

    assert (done.returncode, done.stderr) == (0, "")


# One profile whose name needs quoting on a command line, with a list saved for it.
TEAM = '\n[profiles."my team"]\nenvironment = "team-area"\n'
PROD_IMAGES = ["acme/web:v1", "acme/web:v2", "s1/web/v1", "s1/web/v2"]
ZSH_SOURCED = "source <(coxedge-tui completion zsh)"


@pytest.fixture
def shell_env(environ: dict[str, str], tmp_path: Path) -> dict[str, str]:
    with Path(environ["COX_CONFIG"]).open("a", encoding="utf-8") as config:
        config.write(TEAM)
    team = View("my team", "https://portal.coxedge.com/api/v2", "edge-services", None, "team-area", "k3")
    ListCache().save(team, [_image("s4", "cache", "v5")], SAVED_AT)
    return shell_environ(environ, tmp_path)


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_completes_after_the_readme_install(shell_env: dict[str, str], tmp_path: Path) -> None:
    """A TAB at the end of each line, in zsh with the script installed as the README says."""
    install = f"{readme_line('zsh (then start a new shell)')}\nautoload -Uz compinit && compinit -u"
    lines = [
        "coxedge-tui ",
        "coxedge-tui images list --no",
        "coxedge-tui --profile ",
        "coxedge-tui --profile m",
        "coxedge-tui --profile prod images get ",
        "coxedge-tui --profile prod images get acme/web:v",
        "coxedge-tui --profile prod -e eu-area images delete acme/api:",
        "coxedge-tui --profile my\\ team images get ",
        "coxedge-tui images list -o col",
    ]
    tab = zsh_completes(shell_env, tmp_path, install, lines)

    assert tab["coxedge-tui "].offered == ["completion", "images", "login", "logout", "status", "tasks", "whoami"]
    assert tab["coxedge-tui images list --no"].line == "coxedge-tui images list --no-headers "
    assert tab["coxedge-tui --profile "].offered == ["default", "my\\ team", "prod", "staging"]
    assert tab["coxedge-tui --profile m"].line == "coxedge-tui --profile my\\ team "  # quoted as the shell needs
    assert tab["coxedge-tui --profile prod images get "].offered == PROD_IMAGES
    # zsh keeps `acme/web:v` one word; both tags are offered and the line is left for the next key
    web = "coxedge-tui --profile prod images get acme/web:v"
    assert tab[web] == ZshTab(["acme/web:v1", "acme/web:v2"], web)
    assert tab["coxedge-tui --profile prod -e eu-area images delete acme/api:"].line.endswith(" acme/api:v7 ")
    assert tab["coxedge-tui --profile my\\ team images get "].offered == ["acme/cache:v5", "s4/cache/v5"]
    assert tab["coxedge-tui images list -o col"].line == "coxedge-tui images list -o columns="  # no space after =


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_completes_with_the_script_sourced_after_compinit(shell_env: dict[str, str], tmp_path: Path) -> None:
    assert ZSH_SOURCED in README.read_text(encoding="utf-8")
    install = f"autoload -Uz compinit && compinit -u\n{ZSH_SOURCED}"

    tab = zsh_completes(shell_env, tmp_path, install, ["coxedge-tui --profile prod images get acme/web:"])

    assert tab["coxedge-tui --profile prod images get acme/web:"].offered == ["acme/web:v1", "acme/web:v2"]


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_after_the_readme_install(shell_env: dict[str, str]) -> None:
    lines = [
        "coxedge-tui ",
        "coxedge-tui images list --no",
        "coxedge-tui --profile ",
        "coxedge-tui --profile prod images get ",
        "coxedge-tui --profile prod images get acme/web:v",
        "coxedge-tui --profile prod -e eu-area images delete acme/api:",
        "coxedge-tui --profile my\\ team images get ",
        "coxedge-tui --profile 'my team' images get 'acme/c",  # an open quote: fish still completes the word
        "coxedge-tui images list -o col",
        "coxedge-tui images list --fields=id,re",
    ]
    offered = fish_completes(shell_env, readme_line("fish"), lines)

    assert offered == {
        "coxedge-tui ": ["completion", "images", "login", "logout", "status", "tasks", "whoami"],
        "coxedge-tui images list --no": ["--no-headers"],
        "coxedge-tui --profile ": ["default", "my team", "prod", "staging"],
        "coxedge-tui --profile prod images get ": PROD_IMAGES,
        "coxedge-tui --profile prod images get acme/web:v": ["acme/web:v1", "acme/web:v2"],
        "coxedge-tui --profile prod -e eu-area images delete acme/api:": ["acme/api:v7"],
        "coxedge-tui --profile my\\ team images get ": ["acme/cache:v5", "s4/cache/v5"],
        "coxedge-tui --profile 'my team' images get 'acme/c": ["acme/cache:v5"],
        "coxedge-tui images list -o col": ["columns="],
        "coxedge-tui images list --fields=id,re": ["--fields=id,reference"],
    }
