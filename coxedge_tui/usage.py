"""Which workloads use an image: workloads carry the image's `reference` in `image`."""

from __future__ import annotations

from collections.abc import Iterable

from .api.models import Image, Workload


def workloads_using(image: Image, workloads: Iterable[Workload]) -> list[Workload]:
    if not image.reference:
        return []
    return [w for w in workloads if w.image == image.reference]


def describe_usage(users: list[Workload]) -> str:
    """'used by web-vm (VM, RUNNING), api-vm (VM, STOPPED)' or 'not used by any workload'."""
    if not users:
        return "not used by any workload of this environment"
    return "used by " + ", ".join(f"{w.name or w.id} ({w.type or '?'}, {w.status or '?'})" for w in users)
