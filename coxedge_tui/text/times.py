"""Moments in the user's local time, as the list, the detail pane and exports show them."""

from __future__ import annotations

import time
from datetime import datetime


def local_time(moment: datetime | None, missing: str = "—") -> str:
    """To the minute: the list, the CLI tables and exports."""
    if moment is None:
        return missing
    # time.strftime on a struct is ~3x faster than datetime.astimezone(): it matters at 100k rows.
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(moment.timestamp()))


def local_time_full(moment: datetime | None, as_sent: str | None = None) -> str:
    """Local time, then the server's own timestamp as it sent it (no digit of its fraction lost)."""
    if moment is None:
        return "—"
    local = moment.astimezone()
    return f"{local:%Y-%m-%d %H:%M:%S %Z} ({as_sent or moment.isoformat()})"


def clock_time(moment: datetime) -> str:
    """To the second, without the date: when something was last seen."""
    return f"{moment.astimezone():%H:%M:%S}"


def short_time(moment: datetime, now: datetime) -> str:
    """To the minute, with the day only when it is not today."""
    local = moment.astimezone()
    return f"{local:%H:%M}" if local.date() == now.astimezone().date() else f"{local:%d %b %H:%M}"
