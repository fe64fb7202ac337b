"""Screenshots (the palette's Screenshot): written readable by their owner only (0600), like exports.

No Textual here: the app hands over the SVG, already masked, and the place to write it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..settings.files import reason, write_atomic


class ScreenshotError(Exception):
    """The screenshot could not be written; the message says where and why."""


def default_name(title: str, moment: datetime, time_format: str | None = None) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in title) or "screenshot"
    return f"{safe}_{moment.strftime(time_format or '%Y-%m-%dT%H_%M_%S')}.svg"


def write_screenshot(path: Path, svg: str) -> Path:
    """Write the SVG in one step, owner-only, as exports are written."""
    folder = path.parent
    if not folder.is_dir():
        raise ScreenshotError(f"The folder {folder} does not exist; the screenshot was not saved.")
    try:
        write_atomic(path, svg.encode("utf-8"))
    except OSError as exc:
        raise ScreenshotError(f"Cannot write {path}: {reason(exc)}.") from None
    return path
