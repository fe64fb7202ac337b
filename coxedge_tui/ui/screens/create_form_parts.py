"""What the create form takes and gives: the draft, the result, the environments to choose from, its sentences."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...text.sentences import sentences

if TYPE_CHECKING:
    from ...api.client import CoxEdgeClient
    from ...api.models import CreateImageRequest, Image, Instance, TaskRef
    from ...core.image_actions import CreateLost

FIELDS = ("family", "tag", "workload", "instance", "description")


def instance_label(instance: Instance) -> str:
    """'web-vm-jfk-0  (RUNNING, JFK, 203.0.113.10)': where it runs and how to reach it, to pick the right one."""
    details = ", ".join(d for d in (instance.status, instance.location, instance.address) if d)
    return f"{instance.name}  ({details})" if details else instance.name


@dataclass
class Draft:
    """What the user typed; kept across a cancel so nothing typed is lost."""

    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Created:
    """The server took the request; `ref` is None when its answer was lost but the image exists."""

    request: CreateImageRequest
    ref: TaskRef | None
    workload_name: str
    environment: str = ""  # where it was created, when the form offered a choice (the Everywhere view)


@dataclass(frozen=True)
class Places:
    """The environments the form offers (opened from the Everywhere view), the one chosen first, their clients,
    and the Everywhere list's rows of each (what the duplicate check and the tag hint of the one chosen use)."""

    names: Sequence[str]
    chosen: str
    client_at: Callable[[str], CoxEdgeClient]
    rows: Callable[[str], Sequence[Image]] = lambda environment: ()


def existing(images: Iterable[Image]) -> frozenset[tuple[str, str]]:
    """(family, tag) of the images listed, to catch a duplicate before sending."""
    return frozenset((i.family or "", i.tag or "") for i in images)


def merged(local: dict[str, str], refs: dict[str, str]) -> dict[str, str]:
    """One problem per field, in the form's order; a broken rule before what the lists say."""
    return {name: local.get(name) or refs[name] for name in FIELDS if name in local or name in refs}


def not_found_said(lost: CreateLost) -> str:
    """After a lost answer, the list says the create did not go through, or could not be checked."""
    if lost.check_error is not None:
        return sentences(
            "The create's answer was lost and checking failed too",
            lost.check_error.message,
            "Refresh the list (r) before sending again, or you may get a duplicate.",
        )
    return (
        "The create's answer was lost, and the server has no such image: nothing was created. "
        "Everything you typed is still here; send again when ready."
    )
