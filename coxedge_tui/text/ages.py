"""How long ago something happened, in the fewest characters: `40s`, `2h`, `3d`, `5mo`, `1y` (the Age column).

Never imports textual.
"""

from __future__ import annotations

from datetime import datetime

NO_AGE = "—"
_MINUTE, _HOUR, _DAY = 60, 3600, 86400


def age_text(created_at: datetime | None, now: datetime) -> str:
    """The age of `created_at` at `now`, in one unit, rounded down: `40s`, `2h`, `3d`, `5mo`, `1y`.

    Days up to 29, then months of 30 days up to 11, then years of 365 days. A moment after `now`
    (a clock ahead of ours) is `0s`; no moment at all is `—`.
    """
    if created_at is None:
        return NO_AGE
    seconds = max(0, int((now - created_at).total_seconds()))
    if seconds < _MINUTE:
        return f"{seconds}s"
    if seconds < _HOUR:
        return f"{seconds // _MINUTE}m"
    if seconds < _DAY:
        return f"{seconds // _HOUR}h"
    days = seconds // _DAY
    if days < 30:
        return f"{days}d"
    if days < 365:
        return f"{min(days // 30, 11)}mo"
    return f"{days // 365}y"
