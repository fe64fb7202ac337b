"""A profile is chosen on purpose: a name the config file does not hold is an error, never the defaults."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from coxedge_tui.cli import main
from coxedge_tui.settings.config import ConfigError, resolve
from coxedge_tui.ui.app import CoxEdgeApp


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text("[profiles.ro]\nread_only = true\n\n[profiles.work]\nenvironment = 'test-area'\n")
    return path


def test_the_default_profile_needs_no_file_and_no_table(tmp_path: Path, config: Path) -> None:
    assert resolve({}, {"COX_CONFIG": str(tmp_path / "absent.toml")}).profile == "default"
    assert resolve({"profile": "default"}, {"COX_CONFIG": str(config)}).read_only is False


@pytest.mark.parametrize(
    ("flags", "env", "message"),
    [
        ({"profile": "rO"}, {}, "The profile 'rO' (--profile) is not in the config file"),
        ({}, {"COX_PROFILE": "wrok"}, "The profile 'wrok' (COX_PROFILE) is not in the config file"),
        ({"profile": "prod"}, {}, "Profiles: default, ro, work. To make a new profile, add a [profiles.prod] table"),
        ({"profile": "RO"}, {}, "Did you mean 'ro'?"),
        ({"profile": "wrok"}, {}, "Did you mean 'work'?"),
    ],
)
def test_an_unknown_profile_is_an_error_naming_the_profiles_that_exist(
    config: Path, flags: dict[str, object], env: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError) as refused:
        resolve(flags, {"COX_CONFIG": str(config), **env})

    assert message in str(refused.value)
    assert str(config) in str(refused.value)


def test_a_profile_named_without_a_config_file_says_there_is_no_file(tmp_path: Path) -> None:
    absent = tmp_path / "absent.toml"
    with pytest.raises(ConfigError, match=r"\(no such file yet\)\. Profiles: default\. To make"):
        resolve({"profile": "work"}, {"COX_CONFIG": str(absent)})


def test_the_tui_does_not_start_on_an_unknown_profile(
    config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    started: list[CoxEdgeApp] = []
    monkeypatch.setattr(CoxEdgeApp, "run", lambda app, **_: started.append(app))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))

    code = main(["--profile", "rO"])

    _, err = capsys.readouterr()
    assert (code, started) == (2, [])
    assert err.startswith("coxedge-tui: The profile 'rO' (--profile) is not in the config file")
    assert "Did you mean 'ro'?" in err


@pytest.mark.parametrize("text", ["[profile.default]\nread_only = true\n", "read_only = true\n"])
def test_settings_outside_a_profile_table_are_an_error_not_ignored(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)

    with pytest.raises(ConfigError) as refused:
        resolve({}, {"COX_CONFIG": str(path)})

    assert "is outside any profile: settings go in a [profiles.NAME] table such as [profiles.default]" in str(
        refused.value
    )
