"""The last image list seen, so the next start paints at once while the live list loads.

Plain Python (no pydantic, httpx or Textual): it is read before the API layer is imported.
One small JSON file per account view (profile, API URL, service, organisation, environment) in the
user cache directory, mode 0600. It holds what the list shows, never the API key. A file that cannot be
read is ignored: the cache only ever saves time, it never stops the app.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from .api.kinds import DEFAULT_IMAGE_SLUG

FORMAT = 1
CACHE_ROWS = 1000  # the top of the list as the server ordered it; the live list replaces it in a moment
TEXT_MAX = 1000  # longest text kept per field (the detail pane reloads the image from the server anyway)
FILE_MAX = 8 * 1024 * 1024  # a bigger file is not ours to parse
FIELDS = ("id", "stack_id", "family", "tag", "slug", "status", "created_at", "description", "reference")


class ImageLike(Protocol):
    """What is kept of an image: the fields of `api.models.Image`."""

    id: str
    stack_id: str | None
    family: str | None
    tag: str | None
    slug: str | None
    status: str | None
    created_at: datetime | None
    description: str | None
    reference: str | None


@dataclass(frozen=True, slots=True)
class CachedImage:
    """An image as it was when the list was saved; shown only until the live list arrives."""

    id: str
    stack_id: str | None = None
    family: str | None = None
    tag: str | None = None
    slug: str | None = None
    status: str | None = None
    created_at: datetime | None = None
    description: str | None = None
    reference: str | None = None

    @property
    def is_custom(self) -> bool:
        return self.slug != DEFAULT_IMAGE_SLUG


@dataclass(frozen=True)
class CachedList:
    images: list[CachedImage]
    total: int  # how many the live list had; more than len(images) when it was cut to CACHE_ROWS
    saved_at: datetime


@dataclass(frozen=True)
class View:
    """Which list: the same images are expected only for the same profile and account view.

    An empty environment is the start without one configured: the first the API lists.
    """

    profile: str
    api_url: str
    service: str
    organization: str | None
    environment: str

    def file_name(self) -> str:
        words = json.dumps([self.profile, self.api_url, self.service, self.organization or "", self.environment])
        return hashlib.sha256(words.encode()).hexdigest()[:32] + ".json"


def default_directory() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("coxedge-tui", appauthor=False)) / "lists"


def _text(value: object) -> str | None:
    return value[:TEXT_MAX] if isinstance(value, str) else None


def _record(image: ImageLike) -> dict[str, Any]:
    record = {name: _text(getattr(image, name, None)) for name in FIELDS if name != "created_at"}
    created = image.created_at
    record["created_at"] = created.isoformat() if isinstance(created, datetime) else None
    return record


def _image(record: object) -> CachedImage | None:
    if not isinstance(record, dict) or not isinstance(record.get("id"), str) or not record["id"]:
        return None
    created: datetime | None = None
    if isinstance(record.get("created_at"), str):
        try:
            created = datetime.fromisoformat(record["created_at"])
        except ValueError:
            created = None
    values = {name: _text(record.get(name)) for name in FIELDS if name not in ("id", "created_at")}
    return CachedImage(id=record["id"], created_at=created, **values)


class ListCache:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else default_directory()

    def path(self, view: View) -> Path:
        return self.directory / view.file_name()

    def load(self, view: View) -> CachedList | None:
        """The saved list of this view, or None when there is none or it cannot be used."""
        path = self.path(view)
        try:
            if path.stat().st_size > FILE_MAX:
                return None
            data = json.loads(path.read_bytes())
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                return None
            saved_at = datetime.fromisoformat(data["saved_at"])
            rows = data["images"]
            total = data["total"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not isinstance(rows, list) or not isinstance(total, int):
            return None
        images = [image for image in map(_image, rows) if image is not None]
        if not images:
            return None
        return CachedList(images, max(total, len(images)), saved_at)

    def save(self, view: View, images: Sequence[ImageLike], at: datetime) -> None:
        """Keep the first CACHE_ROWS images of this view, in order; owner-only file, written atomically."""
        data = {
            "format": FORMAT,
            "saved_at": at.isoformat(),
            "total": len(images),
            "images": [_record(image) for image in images[:CACHE_ROWS]],
        }
        path = self.path(view)
        temporary: Path | None = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            descriptor, name = tempfile.mkstemp(dir=self.directory, prefix=f".{path.name}.", suffix=".tmp")  # 0600
            temporary = Path(name)
            with os.fdopen(descriptor, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, path)
        except OSError:
            if temporary is not None:
                with contextlib.suppress(OSError):  # a full or read-only disk costs only the next quick start
                    temporary.unlink(missing_ok=True)

    def forget_all(self) -> bool:
        """Remove every saved list (when a key is stored, forgotten or logged out); True if there were any."""
        if not self.directory.is_dir():
            return False
        for path in self.directory.iterdir():
            if path.suffix in (".json", ".tmp"):
                path.unlink(missing_ok=True)
        try:
            self.directory.rmdir()
        except OSError:
            pass  # something else lives there: leave it
        return True
