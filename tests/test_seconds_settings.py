"""Every number of seconds is checked once, in config.positive_seconds, before anything is sent."""

from __future__ import annotations

import pytest

from coxedge_tui.settings.config import ConfigError, positive_seconds


@pytest.mark.parametrize(("text", "seconds"), [("0.5", 0.5), (" 600 ", 600.0), (30, 30.0), ("604800", 604800.0)])
def test_a_finite_positive_number_of_seconds_is_taken(text: object, seconds: float) -> None:
    assert positive_seconds(text, "--timeout") == seconds


def test_zero_is_taken_only_where_it_turns_something_off() -> None:
    assert positive_seconds("0", "COX_REFRESH", allow_zero=True) == 0.0
    with pytest.raises(ConfigError, match=r"^--timeout '0' is not a number of seconds above 0"):
        positive_seconds("0", "--timeout")


@pytest.mark.parametrize("text", ["-1", "-0.001", "nan", "NaN", "inf", "-inf", "1e999", "604801", "", "ten", "1s"])
@pytest.mark.parametrize("allow_zero", [False, True])
def test_anything_else_is_refused_naming_where_it_came_from(text: str, allow_zero: bool) -> None:
    with pytest.raises(ConfigError) as refused:
        positive_seconds(text, "COX_REFRESH", allow_zero=allow_zero)

    assert str(refused.value).startswith(f"COX_REFRESH {text!r} is not a number of seconds")
    assert "at most 604800 (a week)" in str(refused.value)
