"""Server text is data: turn it into Rich Text literally, never as markup."""

from __future__ import annotations

from rich.text import Text

from ..text.cells import truncate as truncate  # re-exported
from ..text.safe import clean as clean  # re-exported: the UI imports it from here
from ..text.times import local_time as local_time  # re-exported
from ..text.times import local_time_full as local_time_full

STATUS_STYLES = {
    "READY": "bold green",
    "PENDING": "yellow",
    "PROCESSING": "cyan",
    "FAILED": "bold red",
    "IMAGE_STATUS_UNKNOWN": "magenta",
    "DELETING": "yellow",
}


def literal(value: object, style: str = "", *, multiline: bool = False) -> Text:
    return Text(clean(value, multiline=multiline), style=style, no_wrap=not multiline)


def status_text(status: str | None) -> Text:
    label = clean(status or "?")
    return Text(label, style=STATUS_STYLES.get(label.upper(), "italic"))
