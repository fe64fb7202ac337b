"""What `images list` and `images get` print: the whole image as before, or the fields asked for.

The fields come from text/image_fields.py (one table for tables, columns, CSV, JSON and --help). Usage
(the `used` field) is fetched only when asked for: one workloads request per environment listed, never one
per image (as core/usage_index.py does for the app).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ..api.errors import CoxEdgeError
from ..api.read_list import ReadList
from ..core.image_list_model import environment_of
from ..core.usage_index import UsageIndex
from ..text.image_fields import (
    BY_NAME,
    Field,
    ImageRow,
    fields_csv,
    fields_json,
    fields_record,
    fields_table,
)
from ..text.image_formats import image_details, image_record, images_csv, images_json, images_table, to_json
from ..text.safe import clean
from .api_session import ApiSession, note
from .common import EXIT_OK, EXIT_SERVER

if TYPE_CHECKING:
    from ..api.models import Image


def chosen_fields(args: argparse.Namespace) -> tuple[Field, ...] | None:
    names: tuple[str, ...] | None = getattr(args, "fields", None)
    return None if names is None else tuple(BY_NAME[name] for name in names)


async def write_images(session: ApiSession, args: argparse.Namespace, images: Sequence[Image]) -> int:
    """`images list`: the images in the server's order, as -o and --fields say.

    Each image's environment is the one it says it was listed in (a list of every environment), else the session's.
    """
    rows = [ImageRow(image, environment_of(image, session.client.environment)) for image in images]
    return await write_rows(session, args, rows)


async def write_rows(session: ApiSession, args: argparse.Namespace, rows: Sequence[ImageRow]) -> int:
    """Rows (from one environment or several) in the order given; 5 when the usage asked for is unknown."""
    headers = not getattr(args, "no_headers", False)
    fields = chosen_fields(args)
    code = EXIT_OK
    if fields is not None and any(field.needs_usage for field in fields):
        rows, code = await with_usage(session, rows)
    images, now = [row.image for row in rows], datetime.now(UTC)
    if args.output == "json":
        out = images_json(images) if fields is None else fields_json(fields, rows, now)
    elif args.output == "csv":
        out = images_csv(images, headers=headers) if fields is None else fields_csv(fields, rows, now, headers=headers)
    elif rows:
        out = (
            images_table(images, headers=headers)
            if fields is None
            else fields_table(fields, rows, now, headers=headers)
        )
    else:
        kind = getattr(args, "type", "all")
        out = ""
        if getattr(args, "filter", None) is None:  # a filter that matched nothing has said so itself
            note(f"no {'' if kind == 'all' else kind + ' '}images in {clean(session.client.environment)}.")
    sys.stdout.write(out)
    return code


async def write_image(session: ApiSession, args: argparse.Namespace, image: Image) -> int:
    """`images get`: the image's details, or with fields one object (json) or one row (table, columns)."""
    fields = chosen_fields(args)
    if fields is None:
        sys.stdout.write(to_json(image_record(image)) if args.output == "json" else image_details(image))
        return EXIT_OK
    rows: Sequence[ImageRow] = [ImageRow(image, session.client.environment)]
    code = EXIT_OK
    if any(field.needs_usage for field in fields):
        rows, code = await with_usage(session, rows)
    now = datetime.now(UTC)
    if args.output == "json":
        sys.stdout.write(to_json(fields_record(fields, rows[0], now)))
    else:
        sys.stdout.write(fields_table(fields, rows, now, headers=not args.no_headers))
    return code


async def with_usage(session: ApiSession, rows: Sequence[ImageRow]) -> tuple[list[ImageRow], int]:
    """Each row with `used` filled in: one workloads request per environment; unknown usage stays None.

    An image no readable workload runs is `unknown`, not `no`, when some workloads could not be read: one of
    them may run it.
    """
    code = EXIT_OK
    indexes: dict[str, tuple[UsageIndex, bool]] = {}
    for environment in dict.fromkeys(row.environment for row in rows):
        client = session.client
        if environment != client.environment:
            client = client.for_environment(environment)
        try:
            workloads = await client.list_workloads()
        except CoxEdgeError as exc:
            note(f"usage unknown in {clean(environment)}: {session.failure(exc).message}")
            code = EXIT_SERVER
            continue
        partial = isinstance(workloads, ReadList) and workloads.unreadable > 0
        if isinstance(workloads, ReadList) and partial:
            note(
                f"{workloads.unreadable} of the workloads of {clean(environment)} could not be read "
                f"({clean(workloads.reason)}): an image none of the others runs is left unknown."
            )
            code = EXIT_SERVER
        indexes[environment] = (UsageIndex.of(workloads), partial)
    filled = []
    for row in rows:
        index, partial = indexes.get(row.environment, (None, True))
        used = bool(index.users(row.image)) if index is not None else None
        filled.append(replace(row, used=None if partial and not used else used))
    return filled, code
