"""Server text is data: turn it into Rich Text literally, never as markup."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

STATUS_STYLES = {
    "READY": "bold green",
    "PENDING": "yellow",
    "PROCESSING": "cyan",
    "FAILED": "bold red",
    "IMAGE_STATUS_UNKNOWN": "magenta",
    "DELETING": "yellow",
}
_CONTROL = {i: f"\\x{i:02x}" for i in [*range(0, 32), 127]} | {
    i: f"\\x{i:02x}" for i in range(0x80, 0xA0)
}
_CONTROL_KEEP_NEWLINES = {k: v for k, v in _CONTROL.items() if k not in (9, 10)}
_BIDI = {i: f"\\u{i:04x}" for i in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def clean(value: object, *, multiline: bool = False) -> str:
    """Control characters (ESC, BEL, CR, C1, bidi overrides) shown escaped, never sent to the terminal."""
    text = "" if value is None else str(value)
    return text.translate(_CONTROL_KEEP_NEWLINES if multiline else _CONTROL).translate(_BIDI)


def literal(value: object, style: str = "", *, multiline: bool = False) -> Text:
    return Text(clean(value, multiline=multiline), style=style, no_wrap=not multiline)


def truncate(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def status_text(status: str | None) -> Text:
    label = clean(status or "?")
    return Text(label, style=STATUS_STYLES.get(label.upper(), "italic"))


def local_time(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def local_time_full(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    local = moment.astimezone()
    return f"{local:%Y-%m-%d %H:%M:%S %Z} ({moment.isoformat()})"
