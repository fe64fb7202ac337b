"""The last image list seen, so the next start paints at once while the live list loads.

Plain Python (no pydantic, httpx or Textual): it is read before the API layer is imported.
One small JSON file per account view (profile, API URL, service, organisation, environment) and API key
in the user cache directory, mode 0600. It holds what the list shows, never the API key: the key is known
only by its HMAC-SHA256 under a random secret of the directory, so another key never finds the list.
A file that cannot be read is ignored: the cache only ever saves time, it never stops the app.
Each file also names its view without the key, so shell completion (which never reads the key) can offer
the ids of a profile's saved lists: `lists_of`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from ..api.kinds import DEFAULT_IMAGE_SLUG
from ..settings.files import write_atomic

FORMAT = 2  # 2: tied to the key (format 1 files were shown to any key)
CACHE_ROWS = 1000  # the top of the list as the server ordered it; the live list replaces it in a moment
TEXT_MAX = 1000  # longest text kept per field (the detail pane reloads the image from the server anyway)
FILE_MAX = 8 * 1024 * 1024  # a bigger file is not ours to parse
FIELDS = (
    "id", "stack_id", "family", "tag", "slug", "status", "created_at", "created_at_text", "description", "reference",
    "image_size", "environment",
)
TEXT = tuple(name for name in FIELDS if name not in ("id", "created_at", "image_size"))
SECRET_NAME = "key-id.secret"
SECRET_BYTES = 32


class ImageLike(Protocol):
    """What is kept of an image: the fields of `api.models.Image`, read-only (both kinds are frozen)."""

    @property
    def id(self) -> str: ...
    @property
    def stack_id(self) -> str | None: ...
    @property
    def family(self) -> str | None: ...
    @property
    def tag(self) -> str | None: ...
    @property
    def slug(self) -> str | None: ...
    @property
    def status(self) -> str | None: ...
    @property
    def created_at(self) -> datetime | None: ...
    @property
    def created_at_text(self) -> str | None: ...
    @property
    def description(self) -> str | None: ...
    @property
    def reference(self) -> str | None: ...
    @property
    def image_size(self) -> int | None: ...


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
    created_at_text: str | None = None  # the server's timestamp as sent
    description: str | None = None
    reference: str | None = None
    image_size: int | None = None  # bytes, when the server sent imageSize
    environment: str | None = None  # where it was listed, in the saved list of every environment

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
    """Which list: the same images are expected only for the same profile, account view and API key.

    An empty environment is the start without one configured: the first the API lists. The key is
    empty for the demo; it is never written, only its keyed hash (`ListCache.key_id`).
    """

    profile: str
    api_url: str
    service: str
    organization: str | None
    environment: str
    key: str = field(default="", repr=False)

    def named(self) -> dict[str, str | None]:
        """The view without its key, as the file says it (for `ListCache.lists_of`)."""
        return {
            "profile": self.profile, "api_url": self.api_url, "service": self.service,
            "organization": self.organization, "environment": self.environment,
        }

    def file_name(self, key_id: str) -> str:
        words = [self.profile, self.api_url, self.service, self.organization or "", self.environment, key_id]
        return hashlib.sha256(json.dumps(words).encode()).hexdigest()[:32] + ".json"


def default_directory() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("coxedge-tui", appauthor=False)) / "lists"


def _text(value: object) -> str | None:
    return value[:TEXT_MAX] if isinstance(value, str) else None


def _record(image: ImageLike) -> dict[str, Any]:
    record: dict[str, Any] = {name: _text(getattr(image, name, None)) for name in TEXT}
    record["id"] = _text(image.id)
    record["image_size"] = _size(getattr(image, "image_size", None))
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
    values = {name: _text(record.get(name)) for name in TEXT}
    return CachedImage(id=record["id"], created_at=created, image_size=_size(record.get("image_size")), **values)


def _size(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


class ListCache:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else default_directory()

    def _saved_secret(self) -> bytes | None:
        """The directory's random HMAC secret (a 0600 file of hex); None when there is none or it is damaged."""
        try:
            secret = bytes.fromhex((self.directory / SECRET_NAME).read_text(encoding="ascii"))
        except (FileNotFoundError, ValueError):
            return None
        return secret if len(secret) == SECRET_BYTES else None

    def _secret(self) -> bytes:
        """The secret, made on the first save (and after `forget_all`, which removes it with the lists)."""
        secret = self._saved_secret()
        if secret is None:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomic(self.directory / SECRET_NAME, os.urandom(SECRET_BYTES).hex().encode("ascii"))
            # Another instance may have written its own at the same moment: the one on disk is the one.
            secret = self._saved_secret()
        if secret is None:
            raise OSError(f"cannot keep a secret in {self.directory}")
        return secret

    @staticmethod
    def key_id(secret: bytes, key: str) -> str:
        """Who the list was seen as: recognisable with the secret, useless without it, never the key."""
        return hmac.new(secret, key.encode("utf-8"), hashlib.sha256).hexdigest()

    def path(self, view: View) -> Path:
        """Where this view's list lives for its key (the secret is made if there is none yet)."""
        return self.directory / view.file_name(self.key_id(self._secret(), view.key))

    def load(self, view: View) -> CachedList | None:
        """The saved list of this view and key, or None when there is none or it cannot be used."""
        try:
            secret = self._saved_secret()
            if secret is None:
                return None  # nothing was saved since the lists were last forgotten
            key_id = self.key_id(secret, view.key)
            path = self.directory / view.file_name(key_id)
            if path.stat().st_size > FILE_MAX:
                return None
            data = json.loads(path.read_bytes())
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                return None
            if not isinstance(data.get("key_id"), str) or not hmac.compare_digest(data["key_id"], key_id):
                return None  # another key's list under this name (copied or renamed): show none of it
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
        """Keep the first CACHE_ROWS images of this view and key, in order; owner-only file, written atomically."""
        try:
            key_id = self.key_id(self._secret(), view.key)
            data = {
                "format": FORMAT,
                "key_id": key_id,
                "view": view.named(),
                "saved_at": at.isoformat(),
                "total": len(images),
                "images": [_record(image) for image in images[:CACHE_ROWS]],
            }
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            write_atomic(self.directory / view.file_name(key_id), text.encode("utf-8"))
        except OSError:
            pass  # a full or read-only disk costs only the next quick start

    def lists_of(self, account: View) -> dict[str, list[CachedImage]]:
        """The images of every list saved for the account of `account` (its profile, API URL, service and
        organisation), by environment ('' for a start without one), whatever key saved them.

        For shell completion, which never reads the key and so cannot tell the key's lists apart: they are
        the user's own files, and every login and logout forgets them all. The newest list of each
        environment wins; a file that cannot be read is skipped.
        """
        wanted = {name: value for name, value in account.named().items() if name != "environment"}
        found: dict[str, tuple[datetime, list[CachedImage]]] = {}
        try:
            paths = [path for path in self.directory.iterdir() if path.suffix == ".json"]
        except OSError:
            return {}
        for path in paths:
            try:
                if path.stat().st_size > FILE_MAX:
                    continue
                data = json.loads(path.read_bytes())
                view, saved_at, rows = data["view"], datetime.fromisoformat(data["saved_at"]), data["images"]
                environment = view["environment"]
                if data.get("format") != FORMAT or {name: view.get(name) for name in wanted} != wanted:
                    continue
                if not isinstance(rows, list) or not isinstance(environment, str):
                    continue
                if environment in found and saved_at <= found[environment][0]:
                    continue
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                continue
            found[environment] = (saved_at, [image for image in map(_image, rows) if image is not None])
        return {environment: images for environment, (_, images) in found.items()}

    def forget_all(self) -> bool:
        """Remove every saved list (when a key is stored, forgotten or logged out); True if there were any."""
        if not self.directory.is_dir():
            return False
        for path in self.directory.iterdir():
            if path.suffix in (".json", ".tmp") or path.name == SECRET_NAME:
                path.unlink(missing_ok=True)  # a new secret next time: names of old lists mean nothing
        try:
            self.directory.rmdir()
        except OSError:
            pass  # something else lives there: leave it
        return True
