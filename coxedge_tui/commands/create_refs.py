"""`images create --workload --instance`: each resolved against the server's lists before anything is sent."""

from __future__ import annotations

from ..api.errors import CoxEdgeError
from ..api.models import CreateImageRequest
from ..core.workload_refs import UnknownRef, resolve_instance, resolve_workload
from ..text.safe import clean
from .api_session import ApiSession, note, note_unreadable
from .common import EXIT_USAGE, CommandError


async def resolve_create_refs(session: ApiSession, request: CreateImageRequest) -> CreateImageRequest:
    """The request with the workload's id and the instance's name; a name that matches none (or several) is refused.

    A list that cannot be fetched leaves the server the last word: the request goes as given.
    """
    client = session.client
    try:
        workloads = await client.list_workloads()
    except CoxEdgeError as exc:
        note(f"Could not list the workloads to check --workload ({clean(exc.message)}); sending it as given.")
        return request
    note_unreadable(workloads, "workloads")
    try:
        workload = resolve_workload(workloads, request.workload_id, client.environment)
    except UnknownRef as exc:
        raise CommandError(f"Not sent. --workload: {exc.message}", EXIT_USAGE) from None
    try:
        instances = await client.list_instances(workload.id)
    except CoxEdgeError as exc:
        note(f"Could not list the instances to check --instance ({clean(exc.message)}); sending it as given.")
        return request.model_copy(update={"workload_id": workload.id})
    note_unreadable(instances, "instances")
    try:
        instance = resolve_instance(instances, request.instance_name, workload.name or workload.id)
    except UnknownRef as exc:
        raise CommandError(f"Not sent. --instance: {exc.message}", EXIT_USAGE) from None
    return request.model_copy(update={"workload_id": workload.id, "instance_name": instance.name})
