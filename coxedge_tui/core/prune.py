"""Planning a prune: keep the newest N tags of each family, delete the older rest (never imports textual).

`plan_prune` only decides, with a reason for every image; `images prune` (and the app's Prune… entry)
show the plan, and hand its deletions to core/bulk_delete.py, whose refusal rules still apply.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import groupby
from typing import TYPE_CHECKING

from ..text.ages import age_text
from .protection import NO_PROTECTION, Protection
from .reconcile import SETTLED
from .usage import workloads_using

if TYPE_CHECKING:
    from ..api.models import Image, Workload


class Action(StrEnum):
    DELETE = "delete"
    KEEP = "keep"


@dataclass(frozen=True)
class PruneRules:
    """`keep` newest tags per family; only those older than `older_than` go; only `families` (empty: all)."""

    keep: int
    older_than: timedelta | None = None
    older_than_text: str = ""  # as typed (`30d`), for the reasons
    families: frozenset[str] = frozenset()

    def covers(self, image: Image) -> bool:
        return not self.families or (image.family or "") in self.families


@dataclass(frozen=True)
class PlannedImage:
    image: Image
    action: Action
    reason: str


@dataclass(frozen=True)
class PrunePlan:
    """Every image of the chosen families once, by family, newest first, each with `delete` or `keep` and why."""

    rules: PruneRules
    items: tuple[PlannedImage, ...]

    @property
    def deletions(self) -> list[Image]:
        return [p.image for p in self.items if p.action is Action.DELETE]

    def summary(self) -> str:
        """`3 to delete and 9 to keep, in 4 families.`"""
        delete = len(self.deletions)
        families = len({p.image.family or "" for p in self.items})
        return (
            f"{delete} to delete and {len(self.items) - delete} to keep, "
            f"in {families} {'family' if families == 1 else 'families'}."
        )


def plan_prune(
    images: Iterable[Image],
    rules: PruneRules,
    *,
    workloads: Sequence[Workload],
    now: datetime,
    protection: Protection = NO_PROTECTION,
) -> PrunePlan:
    """Which images a prune deletes and which it keeps, and why.

    In each family (custom images only) the `rules.keep` newest by createdAt are kept; each older one is
    deleted when it is older than `rules.older_than` (if given), READY or FAILED, used by no workload and
    protected by no pattern; otherwise it is kept, with the first of those reasons. Default images, and
    images with no createdAt (their age is unknown), are always kept and not counted among the newest.
    """
    # Ties of createdAt: the later tag counts as the newer (a stable sort by tag first).
    chosen = sorted((i for i in images if rules.covers(i)), key=lambda i: i.tag or "", reverse=True)
    planned: list[PlannedImage] = []
    for family, members in groupby(sorted(chosen, key=_by_family_newest_first), key=lambda i: i.family or ""):
        rank = 0
        for image in members:
            if image.is_custom and image.created_at is not None:
                rank += 1
            planned.append(_decide(image, rank, family, rules, workloads, now, protection))
    return PrunePlan(rules, tuple(planned))


def _by_family_newest_first(image: Image) -> tuple[str, bool, float]:
    """Family, then the unranked (default or undated) first, then newest first."""
    moment = image.created_at
    ranked = image.is_custom and moment is not None
    return (image.family or "", ranked, -moment.timestamp() if moment is not None else 0.0)


def _decide(
    image: Image,
    rank: int,
    family: str,
    rules: PruneRules,
    workloads: Sequence[Workload],
    now: datetime,
    protection: Protection,
) -> PlannedImage:
    def keep(reason: str) -> PlannedImage:
        return PlannedImage(image, Action.KEEP, reason)

    if not image.is_custom:
        return keep("default image: the provider's, never deleted")
    if image.created_at is None:
        return keep("no createdAt, so its age is unknown")
    if rank <= rules.keep:
        return keep("the newest of its family" if rules.keep == 1 else f"one of the {rules.keep} newest of {family}")
    pattern = protection.pattern_for(image)
    if pattern is not None:
        return keep(f"protected by {pattern}")
    users = workloads_using(image, workloads)
    if users:
        return keep("used by " + ", ".join(w.name or w.id for w in users))
    status = (image.status or "").upper()
    if status not in SETTLED:
        return keep(f"{image.status or 'no status'}: only READY or FAILED images are pruned")
    age = age_text(image.created_at, now)
    if rules.older_than is not None and now - image.created_at <= rules.older_than:
        return keep(f"{age} old, not older than {rules.older_than_text or rules.older_than}")
    beyond = "beyond the newest of its family" if rules.keep == 1 else f"beyond the {rules.keep} newest of {family}"
    if rules.keep == 0:
        beyond = "no tag of the family is kept by count"
    return PlannedImage(image, Action.DELETE, f"{beyond}; {age} old")
