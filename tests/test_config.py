"""Settings: flags win over COX_* variables, which win over the profile, which wins over defaults."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from coxedge_tui.api.client import DEFAULT_API_URL, DEFAULT_SERVICE
from coxedge_tui.settings.config import ConfigError, config_path, resolve, save_profile_setting

PROFILES = """\
# my Cox Edge accounts
[profiles.default]
api_url = "https://uat.example.test/api/v2"
environment = "staging"
refresh_seconds = 10

[profiles.prod]
api_url = "https://portal.example.test/api/v2"
service = "edge-services"
environment = "production"
organization = "org-1"
read_only = true
refresh_seconds = 0
theme = "textual-light"
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(PROFILES)
    return path


def test_no_file_and_no_variables_gives_the_defaults(tmp_path: Path) -> None:
    settings = resolve({}, {"COX_CONFIG": str(tmp_path / "absent.toml")})
    assert (settings.api_url, settings.service, settings.environment) == (DEFAULT_API_URL, DEFAULT_SERVICE, "")
    assert (settings.profile, settings.read_only, settings.refresh_seconds) == ("default", False, 30.0)
    assert settings.wants_real_portal is False


def test_the_default_profile_is_used_unless_another_is_named(config: Path) -> None:
    env = {"COX_CONFIG": str(config)}
    assert resolve({}, env).environment == "staging"
    chosen = resolve({"profile": "prod"}, env)
    assert (chosen.profile, chosen.environment, chosen.organization) == ("prod", "production", "org-1")
    assert (chosen.read_only, chosen.refresh_seconds, chosen.theme) == (True, 0.0, "textual-light")
    assert resolve({}, {**env, "COX_PROFILE": "prod"}).profile == "prod"
    assert resolve({"profile": "default"}, {**env, "COX_PROFILE": "prod"}).profile == "default"


def test_flags_beat_variables_beat_the_profile(config: Path) -> None:
    env = {"COX_CONFIG": str(config), "COX_ENVIRONMENT": "from-env", "COX_REFRESH": "5", "COX_READ_ONLY": "0"}
    from_env = resolve({"profile": "prod"}, env)
    assert (from_env.environment, from_env.refresh_seconds, from_env.read_only) == ("from-env", 5.0, False)
    from_flags = resolve({"profile": "prod", "environment": "from-flag", "refresh": 2.0, "read_only": True}, env)
    assert (from_flags.environment, from_flags.refresh_seconds, from_flags.read_only) == ("from-flag", 2.0, True)


def test_a_configured_api_url_or_organisation_means_a_real_portal_is_wanted(config: Path) -> None:
    assert resolve({}, {"COX_CONFIG": str(config)}).wants_real_portal is True
    empty = {"COX_CONFIG": str(config.parent / "absent.toml")}
    assert resolve({"api_url": "https://x.test/api/v2"}, empty).wants_real_portal is True
    assert resolve({}, {**empty, "COX_ORGANIZATION": "org-2"}).wants_real_portal is True


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[profiles.default\n", "is not valid TOML"),
        ("[profiles.default]\nenviroment = 'x'\n", "unknown setting 'enviroment'"),
        ("[profiles.default]\nread_only = 'yes'\n", "read_only must be true or false"),
        ("[profiles.default]\nrefresh_seconds = true\n", "refresh_seconds must be a number"),
        ("profiles = 3\n", "must be a table"),
    ],
)
def test_a_broken_config_file_is_explained_with_its_path(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message) as caught:
        resolve({}, {"COX_CONFIG": str(path)})
    assert str(path) in str(caught.value)


def test_a_variable_that_is_not_yes_or_no_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="COX_READ_ONLY"):
        resolve({}, {"COX_CONFIG": str(tmp_path / "c.toml"), "COX_READ_ONLY": "maybe"})
    with pytest.raises(ConfigError, match="not a number of seconds"):
        resolve({}, {"COX_CONFIG": str(tmp_path / "c.toml"), "COX_REFRESH": "soon"})


def test_saving_the_environment_changes_only_that_profile_setting(config: Path) -> None:
    save_profile_setting(config, "prod", "environment", "edge-west")
    saved = tomllib.loads(config.read_text())
    original = tomllib.loads(PROFILES)
    original["profiles"]["prod"]["environment"] = "edge-west"
    assert saved == original
    assert resolve({"profile": "prod"}, {"COX_CONFIG": str(config)}).environment == "edge-west"


def test_saving_creates_the_file_and_its_directory(tmp_path: Path) -> None:
    path = tmp_path / "new" / "dir" / "config.toml"
    save_profile_setting(path, "work", "environment", "production")
    assert tomllib.loads(path.read_text()) == {"profiles": {"work": {"environment": "production"}}}
    save_profile_setting(path, "work", "environment", None)
    assert tomllib.loads(path.read_text()) == {"profiles": {"work": {}}}


COMMENTED = """\
# my Cox Edge accounts: keep these notes
[profiles.default]
api_url = 'https://uat.example.test/api/v2'   # the UAT portal
theme = "nord"

# work, read-only on purpose
[profiles.prod]
read_only = true  # never delete from here
"""


def test_saving_a_setting_keeps_the_users_comments_and_layout(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(COMMENTED)
    save_profile_setting(path, "default", "theme", "textual-light")
    assert path.read_text() == COMMENTED.replace('theme = "nord"', 'theme = "textual-light"')
    save_profile_setting(path, "prod", "environment", "production")
    save_profile_setting(path, "prod", "environment", None)
    save_profile_setting(path, "default", "theme", "nord")
    assert path.read_text() == COMMENTED


def test_saving_a_new_profile_appends_it_below_the_others(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(COMMENTED)
    save_profile_setting(path, "lab", "environment", "edge-west")
    assert path.read_text().startswith(COMMENTED)
    assert tomllib.loads(path.read_text())["profiles"]["lab"] == {"environment": "edge-west"}


def test_cox_config_overrides_the_platform_location(tmp_path: Path) -> None:
    assert config_path({"COX_CONFIG": str(tmp_path / "x.toml")}) == tmp_path / "x.toml"
    assert config_path({}).name == "config.toml"
    assert config_path({}).parent.name == "coxedge-tui"


def test_reading_the_config_never_imports_textual_or_keyring() -> None:
    import subprocess
    import sys

    code = (
        "import sys, coxedge_tui.settings.config as c; c.resolve({}, {'COX_CONFIG': '/nonexistent/x.toml'}); "
        "print(sorted(m for m in ('textual', 'keyring') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(
    ("flags", "environ", "profile", "kept"),
    [
        ({}, {}, "", True),
        ({"no_cache": True}, {}, "", False),
        ({}, {"COX_NO_CACHE": "1"}, "", False),
        ({}, {"COX_NO_CACHE": "0"}, "cache = false\n", True),
        ({}, {}, "cache = false\n", False),
        ({"no_cache": True}, {"COX_NO_CACHE": "0"}, "cache = true\n", False),
    ],
    ids=["default", "flag", "variable", "variable-beats-profile", "profile", "flag-beats-all"],
)
def test_the_saved_list_is_kept_unless_turned_off(
    tmp_path: Path, flags: dict[str, object], environ: dict[str, str], profile: str, kept: bool
) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[profiles.default]\n" + profile)
    assert resolve(flags, {"COX_CONFIG": str(path), **environ}).cache is kept
