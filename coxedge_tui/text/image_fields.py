"""The fields of an image for scripts: `-o columns=`, `--fields`, and their list in `--help`.

One table (FIELDS) says each field's name, what it means, its text (tables, columns and CSV) and its JSON
value. Plain Python: `--help` and shell completion read the names without loading the API layer.
Never imports textual.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from .ages import age_text
from .image_formats import aligned, spreadsheet_safe, to_json
from .safe import clean
from .sizes import size_text

if TYPE_CHECKING:
    from ..api.models import Image

MISSING = "-"  # a cell of a table or columns output with no value, so awk still sees a column


@dataclass(frozen=True)
class ImageRow:
    """An image as listed: from which environment, and (only when the `used` field is asked for) its usage."""

    image: Image
    environment: str
    used: bool | None = None  # None: not asked for, or unknown


@dataclass(frozen=True)
class Field:
    name: str
    meaning: str  # one line for --help and the README
    value: Callable[[ImageRow, datetime], object]  # the JSON value; None is null
    text: Callable[[object], str] = str  # the JSON value as people read it, in tables and columns
    needs_usage: bool = False  # asking for it costs one workloads request per environment


def _created(row: ImageRow, now: datetime) -> str | None:
    created = row.image.created_at
    return created.astimezone(UTC).isoformat().replace("+00:00", "Z") if created is not None else None


def _age(row: ImageRow, now: datetime) -> str | None:
    return age_text(row.image.created_at, now) if row.image.created_at is not None else None


def _size(value: object) -> str:
    return size_text(value) if isinstance(value, int) else str(value)


FIELDS: tuple[Field, ...] = (
    Field(
        "id",
        "the image's id, stackId/family/tag (what `images get` and `images delete` take)",
        lambda row, now: row.image.id,
    ),
    Field("reference", "what a workload names to run it, slug/family:tag", lambda row, now: row.image.reference),
    Field("family", "the image family", lambda row, now: row.image.family),
    Field("tag", "the tag within its family", lambda row, now: row.image.tag),
    Field("status", "as the server says: READY, PENDING, FAILED, ...", lambda row, now: row.image.status),
    Field(
        "type",
        "default (a provider image) or custom (made from an instance)",
        lambda row, now: "custom" if row.image.is_custom else "default",
    ),
    Field("age", "time since it was created, as the app's Age column shows it: 40s, 2h, 3d, 5mo, 1y", _age),
    Field("created", "when it was created, ISO 8601 in UTC", _created),
    Field("env", "the environment it was listed from", lambda row, now: row.environment),
    Field("description", "its description, on one line", lambda row, now: row.image.description),
    Field(
        "size",
        "its size when the server sends one (in bytes in JSON and CSV)",
        lambda row, now: row.image.image_size,
        text=_size,
    ),
    Field(
        "used",
        "yes when a workload of its environment runs it, else no (one extra request)",
        lambda row, now: row.used,
        text=lambda used: "yes" if used else "no",
        needs_usage=True,
    ),
)
BY_NAME = {field.name: field for field in FIELDS}
NAMES = tuple(BY_NAME)


class FieldError(ValueError):
    """A list of fields that names no field, or an unknown one; the message names the known fields."""


def parse_fields(text: str) -> tuple[Field, ...]:
    """`family,tag,age` as fields, in the order given; a field may not repeat."""
    names = [name.strip() for name in text.split(",")]
    known = ", ".join(NAMES)
    if not any(names) or not all(names):
        raise FieldError(f"name fields separated by commas, e.g. family,tag,age (known fields: {known})")
    unknown = [name for name in names if name not in BY_NAME]
    if unknown:
        raise FieldError(f"unknown field {clean(unknown[0])!r}; known fields: {known}")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise FieldError(f"field {repeated[0]!r} is named twice")
    return tuple(BY_NAME[name] for name in names)


def fields_help() -> str:
    """The fields with one line each, for the epilog of --help."""
    width = max(len(name) for name in NAMES)
    lines = [f"  {field.name:<{width}}  {field.meaning}" for field in FIELDS]
    return "fields of -o columns=... and --fields:\n" + "\n".join(lines) + "\n"


def _cell(field: Field, row: ImageRow, now: datetime) -> str | None:
    value = field.value(row, now)
    return None if value is None else field.text(value)


def _csv_cell(field: Field, row: ImageRow, now: datetime) -> str:
    """As in JSON (a size in bytes), but yes or no for a true or false; missing is empty."""
    value = field.value(row, now)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def fields_table(fields: Sequence[Field], rows: Iterable[ImageRow], now: datetime, *, headers: bool = True) -> str:
    """Aligned columns in the order given, one row per image in the order given; a missing value is `-`."""
    cells = [[_cell(field, row, now) or MISSING for field in fields] for row in rows]
    return aligned([field.name.upper() for field in fields], cells, headers=headers)


def fields_csv(fields: Sequence[Field], rows: Iterable[ImageRow], now: datetime, *, headers: bool = True) -> str:
    """A header row of the field names (unless `headers` is false), then one row per image; missing is empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if headers:
        writer.writerow([field.name for field in fields])
    for row in rows:
        writer.writerow([spreadsheet_safe(clean(_csv_cell(field, row, now), multiline=True)) for field in fields])
    return out.getvalue()


def fields_record(fields: Sequence[Field], row: ImageRow, now: datetime) -> dict[str, object]:
    """One object with exactly these keys, in this order."""
    return {field.name: field.value(row, now) for field in fields}


def fields_json(fields: Sequence[Field], rows: Iterable[ImageRow], now: datetime) -> str:
    return to_json([fields_record(fields, row, now) for row in rows])
