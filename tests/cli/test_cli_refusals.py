"""What the command line refuses before anything is sent, and how it says so."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_harness import ENV, cli, custom_images, first_instance

from coxedge_tui.cli import main
from coxedge_tui.sim import Simulator
from coxedge_tui.sim.seed import SimImage
from coxedge_tui.ui.app import CoxEdgeApp

STACK = "acme-stack"
ESCAPING_ID = f"{STACK}/x/../../../../production/images/{STACK}/victim/v1"


@pytest.mark.parametrize(
    "image_id", [ESCAPING_ID, f"{STACK}/%2e%2e/victim/v1", f"{STACK}/.%2E/victim/v1", f"{STACK}\\..\\x/victim/v1"]
)
@pytest.mark.parametrize("verb", [("images", "get"), ("images", "delete", "--yes")])
def test_an_image_id_that_would_leave_its_path_is_refused_and_nothing_is_sent(
    environ: dict[str, str], world: Simulator, image_id: str, verb: tuple[str, ...]
) -> None:
    victim = SimImage(STACK, "acme", "victim", "v1", datetime(2026, 1, 1, tzinfo=UTC), None)
    world.add_image("production", victim)

    result = cli(environ, *verb[:2], image_id, *verb[2:])

    assert result.code == 2
    assert "cannot be used" in result.err and "Nothing was sent." in result.err
    assert "Traceback" not in result.err
    assert list(world.received) == []
    assert world.image("production", victim.id) is not None


@pytest.mark.parametrize("environment", ["../production", "..", "%2e%2e", "test-area/x"])
def test_an_environment_that_is_not_one_segment_is_refused_and_nothing_is_sent(
    environ: dict[str, str], world: Simulator, environment: str
) -> None:
    result = cli(environ | {"COX_ENVIRONMENT": environment}, "images", "list")

    assert result.code == 2
    assert f"The environment '{environment}' cannot be used" in result.err
    assert list(world.received) == []
    assert ENV in world.envs


def test_a_mistyped_profile_is_refused_naming_the_profiles_and_nothing_is_deleted(
    environ: dict[str, str], world: Simulator
) -> None:
    Path(environ["COX_CONFIG"]).write_text("[profiles.ro]\nread_only = true\n")
    victim = custom_images(world)[0]

    by_flag = cli(environ, "--profile", "rO", "images", "delete", victim.id, "--yes")
    by_variable = cli(environ | {"COX_PROFILE": "rO"}, "images", "delete", victim.id, "--yes")

    for result, chosen_by in ((by_flag, "--profile"), (by_variable, "COX_PROFILE")):
        assert result.code == 2
        assert f"The profile 'rO' ({chosen_by}) is not in the config file" in result.err
        assert "Profiles: default, ro. Did you mean 'ro'?" in result.err
        assert "Traceback" not in result.err
    assert list(world.received) == []
    assert world.image(ENV, victim.id) is not None


def test_an_unknown_setting_in_the_profile_is_refused_naming_the_known_ones_and_nothing_is_deleted(
    environ: dict[str, str], world: Simulator
) -> None:
    Path(environ["COX_CONFIG"]).write_text("[profiles.ro]\nreadonly = true\n")
    victim = custom_images(world)[0]

    result = cli(environ, "--profile", "ro", "images", "delete", victim.id, "--yes")

    assert result.code == 2
    assert "[profiles.ro] has an unknown setting 'readonly' (known: api_url," in result.err
    assert "read_only" in result.err
    assert list(world.received) == []


def test_status_says_which_profile_chose_itself_and_which_config_file_was_read(
    environ: dict[str, str], world: Simulator
) -> None:
    Path(environ["COX_CONFIG"]).write_text("[profiles.work]\nread_only = true\n")

    result = cli(environ | {"COX_PROFILE": "work"}, "status")

    assert result.code == 0, result.err
    assert f"profile       work, from COX_PROFILE  (config {environ['COX_CONFIG']})" in result.out
    assert "read-only     yes" in result.out


PASSWORD = "hunter2-Zx9"


@pytest.mark.parametrize("userinfo", [f"admin:{PASSWORD}@", f"{PASSWORD}@", f"admin:{PASSWORD}:x@"])
@pytest.mark.parametrize("where", ["--api-url", "COX_API_URL", "profile"])
def test_credentials_in_the_api_url_are_refused_never_printed_and_nothing_is_sent(
    environ: dict[str, str], world: Simulator, userinfo: str, where: str
) -> None:
    url = environ["COX_API_URL"].replace("://", f"://{userinfo}")
    argv = ["status"]
    if where == "--api-url":
        argv += ["--api-url", url]
    elif where == "COX_API_URL":
        environ = environ | {"COX_API_URL": url}
    else:
        environ = {k: v for k, v in environ.items() if k != "COX_API_URL"}
        Path(environ["COX_CONFIG"]).write_text(f'[profiles.default]\napi_url = "{url}"\n')

    result = cli(environ, *argv)

    assert result.code == 2
    assert "The API URL holds a user name or password" in result.err
    assert PASSWORD not in result.out + result.err
    assert "admin" not in result.out + result.err
    assert list(world.received) == []


def test_credentials_in_the_api_url_never_reach_the_debug_log(
    environ: dict[str, str], world: Simulator, tmp_path: Path
) -> None:
    url = environ["COX_API_URL"].replace("://", f"://admin:{PASSWORD}@")
    environ = environ | {"XDG_STATE_HOME": str(tmp_path / "state"), "HOME": str(tmp_path)}

    result = cli(environ, "--debug", "status", "--api-url", url)
    listing = cli(environ, "--debug", "images", "list", "--api-url", url)

    logged = "".join(p.read_text() for p in (tmp_path / "state").rglob("*.log"))
    assert (result.code, listing.code) == (2, 2)
    assert "debug log:" in result.err
    assert PASSWORD not in logged + result.out + result.err + listing.out + listing.err
    assert list(world.received) == []


def run_main(
    environ: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str
) -> tuple[int, str]:
    """The command in this process (faster than a subprocess), with the script's environment."""
    for name, value in environ.items():
        if name.startswith(("COX_", "PYTHON_KEYRING")):
            monkeypatch.setenv(name, value)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    try:
        code = main(list(argv))
    except SystemExit as exit:  # argparse leaves this way on a usage error
        code = int(exit.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


@pytest.mark.parametrize("seconds", ["0", "-5", "nan", "inf", "-inf", "1e999", "ten"])
def test_a_timeout_that_cannot_work_is_a_usage_error_before_anything_is_sent(
    environ: dict[str, str],
    world: Simulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    seconds: str,
) -> None:
    victim = custom_images(world)[0]
    workload, _, instance = first_instance(world)
    commands = [
        ["images", "delete", victim.id, "--yes", "--wait", f"--timeout={seconds}"],
        ["images", "create", "--family", "web", "--tag", "v-new", "--workload", workload, "--instance", instance,
         "--wait", f"--timeout={seconds}"],
        ["tasks", "get", "6018366c-f658-47a7-9ed3-4fe53a096533", "--wait", f"--timeout={seconds}"],
    ]  # fmt: skip
    for argv in commands:
        code, err = run_main(environ, monkeypatch, capsys, *argv)

        assert code == 2, argv
        assert f"argument --timeout: '{seconds}' is not a number of seconds above 0" in err
    assert list(world.received) == []
    assert world.image(ENV, victim.id) is not None


@pytest.mark.parametrize("seconds", ["-1", "nan", "inf", "soon"])
def test_a_refresh_interval_that_cannot_work_stops_the_tui_before_it_starts(
    environ: dict[str, str],
    world: Simulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    seconds: str,
) -> None:
    started: list[CoxEdgeApp] = []
    monkeypatch.setattr(CoxEdgeApp, "run", lambda app, **_: started.append(app))
    in_toml = seconds != "soon"  # TOML itself has -1, nan and inf, but no words
    Path(environ["COX_CONFIG"]).write_text(f"[profiles.slow]\nrefresh_seconds = {seconds if in_toml else 1}\n")
    variants = [(["--refresh", seconds], "argument --refresh:"), ([], "COX_REFRESH")]
    variants += [(["--profile", "slow"], "refresh_seconds in the profile")] if in_toml else []

    for argv, where in variants:
        env = environ | ({"COX_REFRESH": seconds} if where == "COX_REFRESH" else {})
        monkeypatch.delenv("COX_REFRESH", raising=False)
        code, err = run_main(env, monkeypatch, capsys, *argv)

        assert (code, started) == (2, []), argv
        assert where in err and f"'{seconds}' is not a number of seconds 0 or more (0 turns it off)" in err
    assert list(world.received) == []
