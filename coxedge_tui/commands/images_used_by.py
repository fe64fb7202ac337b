"""`images get IMAGE --used-by`: the workloads that run the image and their instances (the app's x-ray)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..core.usage_index import NOT_USED, ImageUsage, UsageIndexCache, WorkloadUsage
from ..text.image_formats import aligned, to_json
from ..text.safe import clean
from . import images
from .api_session import ApiSession, note, run
from .common import EXIT_OK, EXIT_SERVER, EXIT_USAGE, CommandError
from .image_refs import resolve_image_id

COLUMNS = ("WORKLOAD", "TYPE", "INSTANCE", "STATUS", "LOCATION", "IP")


def get_command(args: argparse.Namespace) -> int:
    """`images get`: with --used-by the image's usage, else the image itself."""
    if not getattr(args, "used_by", False):
        return images.get_command(args)
    if getattr(args, "fields", None) is not None:
        raise CommandError(
            "--used-by shows workloads, which have no image fields: leave out --fields and -o columns=.", EXIT_USAGE
        )
    return run(args, lambda s: used_by(s, args), in_environment=True)


async def used_by(session: ApiSession, args: argparse.Namespace) -> int:
    await session.ensure_environment(writing=False)
    image = await session.client.get_image(await resolve_image_id(session.client, args.image_id))
    cache = UsageIndexCache()
    index = await cache.index(session.client)
    if index.error is not None:
        failure = session.failure(index.error)
        raise CommandError(f"usage unknown: {failure.message}", failure.code)
    usage = await cache.usage(session.client, image)
    if args.output == "json":
        sys.stdout.write(to_json(usage_record(usage)))
    elif usage.workloads:
        sys.stdout.write(usage_table(usage))
    else:
        note(NOT_USED)
    unknown = [u for u in usage.workloads if u.error]
    for workload in unknown:
        note(f"{clean(workload.workload.name or workload.workload.id)}: {clean(workload.error)}")
    return EXIT_SERVER if unknown else EXIT_OK


def usage_table(usage: ImageUsage) -> str:
    """One row per instance; a workload without instances (or whose instances are unknown) has one row of its own."""
    rows: list[tuple[str, ...]] = []
    for used in usage.workloads:
        workload = used.workload
        first = (workload.name or workload.id, workload.type or "-")
        if not used.instances:
            rows.append((*first, "?" if used.error else "-", workload.status or "-", "-", "-"))
        for instance in used.instances:
            rows.append(
                (*first, instance.name, instance.status or "-", instance.location or "-", instance.address or "-")
            )
    return aligned(COLUMNS, rows)


def usage_record(usage: ImageUsage) -> dict[str, Any]:
    return {
        "id": usage.image.id,
        "reference": usage.image.reference,
        "workloads": [_workload_record(used) for used in usage.workloads],
    }


def _workload_record(used: WorkloadUsage) -> dict[str, Any]:
    """The workload with its instances nested; `instances` is null (and `instancesError` says why) when unknown."""
    workload = used.workload
    instances = [
        {"id": i.id, "name": i.name, "status": i.status, "location": i.location, "ip": i.address or None}
        for i in used.instances
    ]
    return {
        "id": workload.id,
        "name": workload.name,
        "type": workload.type,
        "status": workload.status,
        "image": workload.image,
        "instances": None if used.error else instances,
        "instancesError": used.error or None,
    }
