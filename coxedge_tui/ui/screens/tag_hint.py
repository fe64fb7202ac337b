"""The create form's tag placeholder: the next tag of the chosen family (text/tags.py), never filled in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from ...text.tags import next_tag

if TYPE_CHECKING:
    from ...api.models import Image

PLAIN_PLACEHOLDER = "e.g. v2026.11.27"
NO_DATE = datetime.min.replace(tzinfo=UTC)


def family_tags(images: Iterable[Image]) -> dict[str, list[str]]:
    """Each family's custom tags, oldest first by createdAt (what next_tag continues)."""
    tags: dict[str, list[str]] = {}
    for image in sorted(images, key=lambda i: (i.created_at or NO_DATE, i.tag or "")):
        if image.is_custom and image.family and image.tag:
            tags.setdefault(image.family, []).append(image.tag)
    return tags


def tag_placeholder(family: str, tags: Mapping[str, Sequence[str]], today: date) -> str:
    suggestion = next_tag(tags.get(family.strip(), ()), today)
    return f"{suggestion}  (suggested; type it or any other)" if suggestion else PLAIN_PLACEHOLDER
