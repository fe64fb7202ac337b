"""The request deadline is set by flag, variable or profile, checked, and reaches the API client."""

from __future__ import annotations

from pathlib import Path

import pytest

from coxedge_tui.connect import real_client
from coxedge_tui.settings.config import ConfigError, resolve
from coxedge_tui.settings.credentials import ApiKey


def environ(tmp_path: Path, profile: str = "", **variables: str) -> dict[str, str]:
    config = tmp_path / "config.toml"
    config.write_text(f"[profiles.default]\n{profile}\n", encoding="utf-8")
    return {"COX_CONFIG": str(config), **variables}


def test_the_default_deadline_is_sixty_seconds(tmp_path: Path) -> None:
    assert resolve({}, environ(tmp_path)).request_timeout == 60.0


def test_the_flag_beats_the_variable_beats_the_profile(tmp_path: Path) -> None:
    env = environ(tmp_path, "request_timeout = 30", COX_REQUEST_TIMEOUT="20")

    assert resolve({"request_timeout": "10"}, env).request_timeout == 10.0
    assert resolve({}, env).request_timeout == 20.0
    assert resolve({}, environ(tmp_path, "request_timeout = 30")).request_timeout == 30.0


@pytest.mark.parametrize("value", ["0", "-5", "nan", "inf", "1e9", "soon", ""])
def test_a_deadline_that_is_not_a_positive_number_of_seconds_is_refused(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve({"request_timeout": value}, environ(tmp_path))

    assert str(caught.value) == (
        f"--request-timeout {value!r} is not a number of seconds above 0 and at most 604800 (a week)."
    )


def test_a_deadline_in_the_profile_that_is_not_a_number_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="request_timeout must be a number"):
        resolve({}, environ(tmp_path, 'request_timeout = "fast"'))


def test_the_deadline_reaches_the_client_of_a_real_account(tmp_path: Path) -> None:
    settings = resolve({}, environ(tmp_path, COX_REQUEST_TIMEOUT="7.5"))

    client = real_client(settings, ApiKey("k" * 24, "test"))

    assert client.connection.request_timeout == 7.5

