"""Screenshots (the palette's Screenshot): written readable by their owner only (0600), like exports.

No Textual here: the app hands over the SVG, already masked, and the place to write it.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path


class ScreenshotError(Exception):
    """The screenshot could not be written; the message says where and why."""


def default_name(title: str, moment: datetime, time_format: str | None = None) -> str:
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in title) or "screenshot"
    return f"{safe}_{moment.strftime(time_format or '%Y-%m-%dT%H_%M_%S')}.svg"


def write_screenshot(path: Path, svg: str) -> Path:
    """Write the SVG through a private temporary file renamed into place (mkstemp makes it 0600)."""
    folder = path.parent
    if not folder.is_dir():
        raise ScreenshotError(f"The folder {folder} does not exist; the screenshot was not saved.")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(svg)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        reason = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc)).lower()
        raise ScreenshotError(f"Cannot write {path}: {reason}.") from None
    return path
