"""The next tag of an image family, continuing the family's own pattern (the create form's placeholder).

Never imports textual.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from ..api.image_rules import tag_problem

# A calendar date inside a tag: 2026.11.30, 2026-11-30, 2026_11_30 or 20261130 (not inside a longer number).
_DATE = re.compile(r"(?<!\d)(20\d\d|19\d\d)([._-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")
_NUMBER = re.compile(r"\d+")


def next_tag(tags: Sequence[str], today: date | None = None) -> str | None:
    """The tag that comes after the family's newest, `tags` ordered oldest first (by createdAt).

    A date-based tag (`v2026.11.30`, `build-20261130`) gets today's date in the same format; any other
    takes its last number plus one, keeping leading zeros (`v1.9` -> `v1.10`, `build-041` -> `build-042`).
    A tag the family already has is never suggested: the number after the date (or the last number) goes
    on counting, and a date alone gets `-1`. None when the newest tag has no number to continue.
    """
    if not tags:
        return None
    newest, taken = tags[-1], set(tags)
    found = _DATE.search(newest)
    if found is not None:
        sep = found.group(2)
        today = today or date.today()
        dated = f"{today:%Y}{sep}{today:%m}{sep}{today:%d}"
        candidate = newest[: found.start()] + dated + newest[found.end() :]
        after = found.start() + len(dated)
        while candidate in taken:
            candidate = _bumped(candidate, after) or f"{candidate}-1"
    else:
        candidate = _bumped(newest, 0) or ""
        while candidate in taken:
            candidate = _bumped(candidate, 0) or ""
    return candidate if candidate and tag_problem(candidate) is None else None


def _bumped(tag: str, start: int) -> str | None:
    """`tag` with its last number at or after `start` plus one (width kept), or None if there is none."""
    numbers = [m for m in _NUMBER.finditer(tag) if m.start() >= start]
    if not numbers:
        return None
    last = numbers[-1]
    digits = last.group()
    bumped = str(int(digits) + 1).zfill(len(digits))
    return tag[: last.start()] + bumped + tag[last.end() :]
