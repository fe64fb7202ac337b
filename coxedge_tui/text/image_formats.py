"""Images as JSON, CSV and aligned text tables, for the command line and the app's export.

JSON and CSV carry the API's own field names, so a script reads them like the API's answers.
Never imports textual.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..api.listed_in import environment_of
from .cells import cell_width, truncate
from .safe import clean, json_safe
from .times import local_time

if TYPE_CHECKING:
    from ..api.models import Image

FIELDS = ("id", "stackId", "family", "tag", "slug", "status", "createdAt", "description", "reference")
TABLE_COLUMNS = ("FAMILY", "TAG", "STATUS", "CREATED", "ID")
ENVIRONMENT = "environment"  # the first field of an image listed with its environment (every environment's list)
CELL_MAX = 48
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def image_record(image: Image) -> dict[str, Any]:
    """One image with the API's field names, in the documented order; absent values are null.

    createdAt is the server's own text when it sent one, so no digit of its fraction is lost.
    """
    dumped = image.model_dump(mode="json", by_alias=True)
    record = {name: dumped.get(name) for name in FIELDS}
    if image.created_at_text:
        record["createdAt"] = image.created_at_text
    environment = environment_of(image)
    return record if not environment else {ENVIRONMENT: environment, **record}


def fields_of(images: Sequence[Image]) -> tuple[str, ...]:
    """The fields of a list's records: with the environment first when the list is of every environment."""
    return (ENVIRONMENT, *FIELDS) if images and environment_of(images[0]) else FIELDS


def to_json(value: object) -> str:
    """Indented JSON; every control character in server text is escaped, none reaches the terminal raw."""
    return json_safe(json.dumps(value, indent=2, ensure_ascii=False)) + "\n"


def images_json(images: Iterable[Image]) -> str:
    return to_json([image_record(image) for image in images])


def images_csv(images: Iterable[Image], *, headers: bool = True) -> str:
    """A header row of field names (unless `headers` is false), then one row per image.

    Tabs and line breaks in descriptions are kept (quoted); other control characters are written
    escaped as \\xNN, since a CSV file is often shown in a terminal.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    images = list(images)
    fields = fields_of(images)
    if headers:
        writer.writerow(fields)
    for image in images:
        record = image_record(image)
        writer.writerow([spreadsheet_safe(clean(record.get(name), multiline=True)) for name in fields])
    return out.getvalue()


def spreadsheet_safe(cell: str) -> str:
    """A CSV cell that a spreadsheet shows as text and never runs as a formula (OWASP's CSV injection rule).

    A cell starting with = + - @, a tab or a carriage return gets a leading ', and so does one where only
    whitespace comes before = + - @, since spreadsheets skip it, or a fullwidth form of them. Only CSV: JSON keeps
    every value exact.
    """
    # NFKC: a fullwidth '＝' or '＋' is taken for '=' or '+' by spreadsheets with East Asian input settings.
    first = unicodedata.normalize("NFKC", cell.lstrip()[:1])
    return "'" + cell if cell.startswith(FORMULA_STARTS) or first.startswith(FORMULA_STARTS) else cell


def aligned(header: Sequence[str], rows: Iterable[Sequence[object]], *, headers: bool = True) -> str:
    """Columns padded to their widest cell, two spaces apart; every cell made terminal-safe.

    Without `headers` the header line is left out, and so is its width.
    """
    cells = ([list(header)] if headers else []) + [[clean(value) for value in row] for row in rows]
    if not cells:
        return ""
    widths = [max(cell_width(row[n]) for row in cells) for n in range(len(header))]
    lines = []
    for row in cells:
        padded = [text + " " * (widths[n] - cell_width(text)) for n, text in enumerate(row)]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines) + "\n"


def images_table(images: Iterable[Image], *, headers: bool = True) -> str:
    """Aligned columns; with ENVIRONMENT first when the list is of every environment."""
    images = list(images)
    placed = ENVIRONMENT in fields_of(images)
    rows = [
        (
            *((environment_of(image, "-"),) if placed else ()),
            truncate(image.family or "-", CELL_MAX, "..."),
            truncate(image.tag or "-", CELL_MAX, "..."),
            image.status or "-",
            local_time(image.created_at, missing="-"),
            image.id,  # never shortened: it is what `images get` and `images delete` take
        )
        for image in images
    ]
    return aligned(("ENVIRONMENT", *TABLE_COLUMNS) if placed else TABLE_COLUMNS, rows, headers=headers)


def image_details(image: Image) -> str:
    """`images get`: one attribute a line; a multi-line description stays indented under its label."""
    rows = [
        ("id", image.id),
        ("family", image.family),
        ("tag", image.tag),
        ("status", image.status),
        ("type", "custom" if image.is_custom else "default (a provider image; cannot be deleted)"),
        ("reference", image.reference),
        ("stackId", image.stack_id),
        ("slug", image.slug),
        ("createdAt", image.created_at_text or (image.created_at.isoformat() if image.created_at else None)),
    ]
    lines = [f"{label:<12} {clean(value) if value is not None else '-'}" for label, value in rows]
    description = clean(image.description, multiline=True) if image.description else "-"
    first, *rest = description.split("\n")
    lines.append(f"{'description':<12} {first}")
    lines += [f"{'':<12} {line}" for line in rest]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class CreatedImage:
    """What `images create` prints: the task, and the image as far as it is known (id and reference once it exists)."""

    task_id: str | None  # None when the create's answer was lost and the image was found by checking
    task_status: str | None
    family: str
    tag: str
    image: Image | None = None

    def record(self) -> dict[str, object]:
        described: dict[str, object] = {"family": self.family, "tag": self.tag}
        if self.image is not None:
            if self.image.reference:
                described["reference"] = self.image.reference
            described["id"] = self.image.id
        return {"taskId": self.task_id, "taskStatus": self.task_status, "image": described}

    def text(self) -> str:
        """The task id and the image's label, then what else is known, one attribute a line."""
        rows = [
            ("task", self.task_id),
            ("status", self.task_status),
            ("image", f"{self.family}:{self.tag}"),
            ("id", self.image.id if self.image else None),
            ("reference", self.image.reference if self.image else None),
        ]
        return "".join(f"{label:<10} {clean(value) if value is not None else '-'}\n" for label, value in rows)
