"""The small texts of image lifecycle: durations typed, ages shown, sizes shown, the next tag suggested."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from coxedge_tui.text.ages import age_text
from coxedge_tui.text.durations import parse_duration
from coxedge_tui.text.sizes import size_text
from coxedge_tui.text.tags import next_tag

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("30d", timedelta(days=30)),
        ("12h", timedelta(hours=12)),
        ("2w", timedelta(weeks=2)),
        ("90m", timedelta(minutes=90)),
        ("45s", timedelta(seconds=45)),
        ("3mo", timedelta(days=90)),
        ("1y", timedelta(days=365)),
        (" 7D ", timedelta(days=7)),
        ("0d", timedelta(0)),
    ],
)
def test_a_duration_is_a_whole_number_and_a_unit(text: str, span: timedelta) -> None:
    assert parse_duration(text) == span


@pytest.mark.parametrize("text", ["30", "d", "-3d", "1.5d", "3 days", "3dd", "", "12x", "1d12h"])
def test_anything_else_is_refused_with_the_accepted_forms_named(text: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_duration(text)

    assert str(refused.value) == (
        f"{text.strip()!r} is not a duration: give a whole number and a unit, such as 30d, 12h, 2w or 90m "
        "(units: s, m (minutes), h, d, w, mo (30 days), y (365 days))."
    )


@pytest.mark.parametrize(
    ("ago", "shown"),
    [
        (timedelta(seconds=40), "40s"),
        (timedelta(minutes=59, seconds=59), "59m"),
        (timedelta(hours=2, minutes=30), "2h"),
        (timedelta(days=3, hours=23), "3d"),
        (timedelta(days=29), "29d"),
        (timedelta(days=30), "1mo"),
        (timedelta(days=155), "5mo"),
        (timedelta(days=364), "11mo"),
        (timedelta(days=365), "1y"),
        (timedelta(days=800), "2y"),
        (timedelta(seconds=-30), "0s"),
    ],
)
def test_an_age_is_one_unit_rounded_down(ago: timedelta, shown: str) -> None:
    assert age_text(NOW - ago, NOW) == shown


def test_an_image_without_a_creation_time_has_no_age() -> None:
    assert age_text(None, NOW) == "—"


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0 B"),
        (512, "512 B"),
        (1536, "1.5 KiB"),
        (10 * 1024**2, "10 MiB"),
        (int(1.5 * 1024**3), "1.5 GiB"),
        (12 * 1024**3, "12 GiB"),
        (3 * 1024**4, "3.0 TiB"),
        (None, ""),
        (-1, ""),
    ],
)
def test_a_size_is_shown_in_binary_units(size: int | None, shown: str) -> None:
    assert size_text(size) == shown


TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("tags", "suggested"),
    [
        (["v2026.11.30"], "v2026.12.01"),
        (["build-20261129"], "build-20261201"),
        (["rel_2026-11-02-3"], "rel_2026-12-01-3"),
        (["v1.8", "v1.9"], "v1.10"),
        (["build-41"], "build-42"),
        (["build-041"], "build-042"),
        (["v2", "v3-rc1"], "v3-rc2"),
        (["v1.9", "v1.10"], "v1.11"),
        (["v2026.12.01"], "v2026.12.01-1"),
        (["v2026.12.01", "v2026.12.01-1"], "v2026.12.01-2"),
        (["v1.1", "v1.2", "v1.0"], "v1.3"),
    ],
)
def test_the_next_tag_continues_the_familys_own_pattern(tags: list[str], suggested: str) -> None:
    assert next_tag(tags, TODAY) == suggested


@pytest.mark.parametrize("tags", [[], ["latest"], ["stable", "edge"]])
def test_no_tag_is_suggested_when_there_is_no_number_to_continue(tags: list[str]) -> None:
    assert next_tag(tags, TODAY) is None


def test_a_date_that_is_not_a_calendar_date_is_a_plain_number() -> None:
    assert next_tag(["v20261399"], TODAY) == "v20261400"
