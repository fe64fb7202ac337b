"""One line saying where you are: account, service, environment, counts, freshness."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from rich.text import Text

from ...core.session_state import Session
from ...text.times import clock_time, short_time
from ..text import clean
from .diff_lines import DiffLines


class StatusBar(DiffLines):  # a redraw rewrites only the cells that changed
    DEFAULT_CSS = """
    StatusBar { height: 1; padding: 0 1; background: $panel; }
    """

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.session = session  # the app's, given again after every switch: where you are is read from it
        self.total: int | None = None
        self.shown: int | None = None
        self.unreadable = ""  # e.g. "1 could not be read (tag: …)": items of the list left out
        self.refreshed: datetime | None = None
        self.saved_at: datetime | None = None  # the list shown is the one saved at the last session
        self.busy = False
        self.failing = ""  # short words for why the last load failed: the list shown is not live
        self.marked = 0  # images marked with space or *
        self.everywhere = False  # the list is of every environment (0)
        self.missing = ""  # e.g. "1 of 3 environments failed": the Everywhere list lacks their images

    def on_mount(self) -> None:
        self.redraw()

    def update_state(self, **changes: object) -> None:
        for name, value in changes.items():
            setattr(self, name, value)
        self.redraw()

    def redraw(self) -> None:
        line = Text()
        settings = self.session.settings
        if settings.demo:
            line.append(" DEMO ", style="bold black on yellow")
            line.append("  ")
        if settings.read_only:
            line.append(" READ-ONLY ", style="bold white on dark_red")
            line.append("  ")
        # The API host of a real account, so production and a test portal look different.
        host = urlsplit(settings.api_url).hostname or ""
        if host and not settings.demo:
            line.append(f"{clean(host)} ", style="dim")
        if settings.organization:  # set in the profile, or switched to with `o`
            line.append(clean(self.session.organization_name or settings.organization), style="bold")
            line.append(" › ")
        line.append(clean(settings.service), style="bold")
        line.append(" › ")
        place = "every environment" if self.everywhere else self.session.environment or "(choosing environment…)"
        line.append(clean(place), style="bold")
        if self.total is not None:
            count = f"{self.total} images"
            if self.shown is not None and self.shown != self.total:
                count = f"{self.shown} of {self.total} images"
            line.append(f"  │  {count}")
            if self.unreadable:
                line.append(f" · {clean(self.unreadable)}", style="bold yellow")
            if self.missing:
                line.append(f" · {clean(self.missing)}", style="bold yellow")
        if self.marked:
            line.append(f"  │  {self.marked} marked", style="bold")
        if self.saved_at is not None:
            when = short_time(self.saved_at, datetime.now())
            state = "loading…" if self.busy else "not live (r retries)"
            line.append(f"  │  list saved {when}, {state}", style="italic")
        elif self.failing:
            since = f"not live since {self.refreshed.astimezone():%H:%M:%S}" if self.refreshed else "not loaded"
            retrying = " · retrying…" if self.busy else ""
            line.append(f"  │  {since} · {clean(self.failing)} · r retries{retrying}", style="bold yellow")
        elif self.busy:
            line.append("  │  refreshing…", style="italic")
        elif self.refreshed:
            line.append(f"  │  at {clock_time(self.refreshed)}")
        self.update(line)
