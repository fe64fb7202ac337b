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
# With no colour (NO_COLOR) weight and reverse video say it: a failure is bold and reversed, READY bold.
PLAIN_STATUS_STYLES = {"READY": "bold", "FAILED": "bold reverse", "IMAGE_STATUS_UNKNOWN": "italic"}


def literal(value: object, style: str = "", *, multiline: bool = False) -> Text:
    return Text(clean(value, multiline=multiline), style=style, no_wrap=not multiline)


def status_text(status: str | None, *, colour: bool = True) -> Text:
    label = clean(status or "?")
    return Text(label, style=status_style(label, colour=colour))


SHORT_STATUS_PREFIX = "IMAGE_STATUS_"  # IMAGE_STATUS_UNKNOWN takes 20 columns of the list; UNKNOWN says the same


def short_status(status: str | None) -> str:
    """A status as the list shows it (the detail pane shows it whole)."""
    label = clean(status or "?")
    if label.upper().startswith(SHORT_STATUS_PREFIX) and len(label) > len(SHORT_STATUS_PREFIX):
        return label[len(SHORT_STATUS_PREFIX) :]
    return label


def list_status_text(status: str | None, *, colour: bool = True) -> Text:
    """The list's status cell: shortened, styled as the full status."""
    return Text(short_status(status), style=status_text(status, colour=colour).style)


def status_style(status: str, *, colour: bool = True) -> str:
    """A known status in its colour (or, without colour, its weight); any other in italics."""
    known = status.upper()
    if known not in STATUS_STYLES:
        return "italic"
    return STATUS_STYLES[known] if colour else PLAIN_STATUS_STYLES.get(known, "")
