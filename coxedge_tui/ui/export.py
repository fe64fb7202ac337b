"""Writing the shown image list to a JSON or CSV file the user named (no Textual here)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..settings.files import reason, write_atomic
from ..text.image_formats import images_csv, images_json

if TYPE_CHECKING:
    from ..api.models import Image

FORMATS = {".json": images_json, ".csv": images_csv}


class ExportError(Exception):
    """The file cannot be written; the message says why and what to do."""


class ExportExists(ExportError):
    """The file is there already; writing again replaces it."""


def default_name(environment: str, today: date) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", environment).strip("-.") or "environment"
    return f"coxedge-images-{safe}-{today:%Y-%m-%d}.json"


def target(typed: str, cwd: Path | None = None) -> Path:
    """The absolute path a typed name means: ~ expanded, relative names under the working directory."""
    text = typed.strip()
    if not text:
        raise ExportError("Type a file name ending in .json or .csv.")
    path = Path(text).expanduser()
    return path if path.is_absolute() else (cwd or Path.cwd()) / path


def write_export(path: Path, images: Sequence[Image], *, replace: bool = False) -> int:
    """Write the images in the format the suffix names; returns the bytes written."""
    render = FORMATS.get(path.suffix.lower())
    if render is None:
        raise ExportError(f"Name the file .json or .csv (not {path.suffix or 'no extension'}).")
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"The folder {folder} does not exist.")
    if path.is_dir():
        raise ExportError(f"{path} is a folder; add a file name ending in .json or .csv.")
    if path.exists() and not replace:
        raise ExportExists(f"{path} exists already.")
    data = render(images).encode("utf-8")
    try:
        # In one step, so a failure never leaves half a file under its name; owner-only, for a shared jump host.
        write_atomic(path, data)
    except OSError as exc:
        raise ExportError(f"Cannot write {path}: {reason(exc)}.") from None
    return len(data)
