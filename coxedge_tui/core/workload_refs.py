"""Naming the workload and the instance an image is made from, by name or id, for any front end.

Checked against the listed workloads and instances before a create is sent, so a typo is named at once
beside what does exist, where the server would answer only a bare 400. Never imports textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..text.safe import clean

if TYPE_CHECKING:  # the models load with pydantic, after the saved list has painted
    from ..api.models import Instance, Workload

SHOWN = 4  # how many of those that exist a message names; the rest are counted


class UnknownRef(Exception):
    """`given` names no workload (or instance) that an image can be made from, or several; worded for a person."""

    def __init__(self, message: str, *, ambiguous: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.ambiguous = ambiguous


def workload_label(workload: Workload) -> str:
    """'web-vm (id 9be4…)': the name to recognise it by and the id to type."""
    return f"{clean(workload.name)} (id {clean(workload.id)})" if workload.name else clean(workload.id)


def _some(labels: Sequence[str]) -> str:
    """The first few labels, and how many more there are."""
    shown = ", ".join(labels[:SHOWN])
    more = len(labels) - SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def vm_workloads_named(workloads: Sequence[Workload], where: str) -> str:
    """'VM workloads in test-area: web-vm (id …), api-vm (id …)': what an image can be made from here."""
    vms = [w for w in workloads if w.is_vm]
    if not vms:
        return f"There are no VM workloads in {clean(where)}, so no image can be made there."
    return f"VM workloads in {clean(where)}: {_some([workload_label(w) for w in vms])}."


def resolve_workload(workloads: Sequence[Workload], given: str, where: str) -> Workload:
    """The VM workload whose id is `given`, else the one VM workload whose name (or slug) is; else UnknownRef."""
    given = given.strip()
    said = clean(given)
    by_id = next((w for w in workloads if w.id == given), None)
    named = [by_id] if by_id is not None else [w for w in workloads if given in (w.name, w.slug)]
    vms = [w for w in named if w.is_vm]
    if len(vms) == 1:
        return vms[0]
    if len(vms) > 1:
        raise UnknownRef(
            f"'{said}' names {len(vms)} VM workloads in {clean(where)}; give one of their ids: "
            f"{', '.join(workload_label(w) for w in vms)}.",
            ambiguous=True,
        )
    if named:
        kind = clean(named[0].type or "unknown")
        raise UnknownRef(
            f"'{said}' is a workload of type {kind}; an image is made from a VM workload. "
            + vm_workloads_named(workloads, where)
        )
    raise UnknownRef(
        f"No workload in {clean(where)} has the id or name '{said}'. " + vm_workloads_named(workloads, where)
    )


def resolve_instance(instances: Sequence[Instance], given: str, workload: str) -> Instance:
    """The instance of `workload` (its name) whose name is `given`, else the one whose id is; else UnknownRef."""
    given = given.strip()
    found = next((i for i in instances if i.name == given), None) or next(
        (i for i in instances if i.id and i.id == given), None
    )
    if found is not None:
        return found
    if not instances:
        raise UnknownRef(f"Workload {clean(workload)} has no instances, so no image can be made from it.")
    names = _some([clean(i.name) for i in instances])
    raise UnknownRef(f"Workload {clean(workload)} has no instance '{clean(given)}'. Its instances: {names}.")


class ListedRefs:
    """The workloads and instances a form has listed so far, to judge what was typed; unlisted, nothing is judged.

    `workloads` is None until listed (or when listing failed); `instances` holds one workload's, by its id.
    """

    def __init__(self, where: str) -> None:
        self.where = where
        self.workloads: list[Workload] | None = None
        self.instances: tuple[str, list[Instance]] | None = None

    def names(self) -> dict[str, str]:
        """Each listed workload's name by its id."""
        return {w.id: w.name or w.id for w in self.workloads or ()}

    def workload_id(self, typed: str) -> str:
        """The id of the workload `typed` names (an id or a name); as typed while the workloads are unlisted."""
        typed = typed.strip()
        if not typed or self.workloads is None:
            return typed
        return resolve_workload(self.workloads, typed, self.where).id

    def instance_name(self, workload: str, typed: str) -> str:
        """The name of the instance `typed` names (a name or an id) of `workload` (as typed); as typed if unlisted."""
        typed = typed.strip()
        try:
            workload_id = self.workload_id(workload)
        except UnknownRef:
            return typed
        if not typed or self.instances is None or self.instances[0] != workload_id:
            return typed
        return resolve_instance(self.instances[1], typed, self.names().get(workload_id, workload_id)).name

    def problems(self, workload: str, instance: str) -> dict[str, str]:
        """What the lists say is wrong with the typed workload and instance, by field ("workload", "instance")."""
        found: dict[str, str] = {}
        try:
            self.workload_id(workload)
        except UnknownRef as exc:
            found["workload"] = exc.message
        try:
            self.instance_name(workload, instance)
        except UnknownRef as exc:
            found["instance"] = exc.message
        return found
