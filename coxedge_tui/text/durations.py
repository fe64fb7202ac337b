"""Spans of time as people type them: `30d`, `12h`, `2w`, `90m` (prune's --older-than, the list's queries).

Never imports textual.
"""

from __future__ import annotations

import re
from datetime import timedelta

# Longest first, so that `mo` is never read as `m` followed by junk.
UNITS: dict[str, timedelta] = {
    "mo": timedelta(days=30),
    "s": timedelta(seconds=1),
    "m": timedelta(minutes=1),
    "h": timedelta(hours=1),
    "d": timedelta(days=1),
    "w": timedelta(weeks=1),
    "y": timedelta(days=365),
}
UNITS_HELP = "s, m (minutes), h, d, w, mo (30 days), y (365 days)"
EXAMPLES = "30d, 12h, 2w or 90m"
_DURATION = re.compile(r"(\d{1,9})\s*(mo|s|m|h|d|w|y)")


def parse_duration(text: str) -> timedelta:
    """`30d` -> 30 days: a whole number and one unit of UNITS (a month is 30 days, a year 365).

    Blanks around are ignored and the unit may be upper case; anything else is a ValueError whose
    message says what is accepted, ready to show as it is.
    """
    amount, unit = split_duration(text)
    return amount * UNITS[unit]


def split_duration(text: str) -> tuple[int, str]:
    """`30D` -> (30, "d"): the number and the unit (a key of UNITS) as parse_duration reads them.

    For callers that print the duration back as it was meant (the list's queries); same errors.
    """
    match = _DURATION.fullmatch(text.strip().lower())
    if match is None:
        shown = text.strip()[:40]
        raise ValueError(
            f"{shown!r} is not a duration: give a whole number and a unit, such as {EXAMPLES} (units: {UNITS_HELP})."
        )
    return int(match.group(1)), match.group(2)
