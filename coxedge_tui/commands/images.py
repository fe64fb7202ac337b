"""`images list / get / create / delete`: the app's operations for scripts, on the same API layer."""

from __future__ import annotations

import argparse
import asyncio
import sys
from functools import partial

from ..api.errors import CoxEdgeError
from ..api.models import (
    CreateImageRequest,
    Image,
    ImageType,
    TaskRef,
    create_problems,
)
from ..core.image_actions import (
    CreateLost,
    DeleteLost,
    Refusal,
    delete_refusal,
    image_label,
    read_only_refusal,
    send_create,
    send_delete,
)
from ..core.protection import Protection
from ..core.reconcile import find_created, follow_image, status_unless_gone
from ..core.tasks import TrackedTask, duration_text
from ..core.usage import describe_usage, workloads_using
from ..text.image_formats import CreatedImage, to_json
from ..text.safe import clean
from ..text.sentences import sentences
from .api_session import ApiSession, note, note_unreadable, run
from .common import (
    EXIT_CANCELLED,
    EXIT_OK,
    EXIT_SERVER,
    EXIT_USAGE,
    CommandError,
)
from .create_refs import resolve_create_refs
from .follow import check_wait, confirm_gone, follow, outcome
from .image_output import write_image, write_images
from .image_refs import resolve_image_id
from .images_filter import filtered


def list_command(args: argparse.Namespace) -> int:
    return run(args, lambda s: list_images(s, args), in_environment=True)


def get_command(args: argparse.Namespace) -> int:
    return run(args, lambda s: get_image(s, args), in_environment=True)


def create_command(args: argparse.Namespace) -> int:
    return run(args, lambda s: create_image(s, args), in_environment=True)


async def list_images(session: ApiSession, args: argparse.Namespace) -> int:
    if getattr(args, "all_environments", False):
        from .images_everywhere import list_every_environment

        return await list_every_environment(session, args)
    await session.ensure_environment(writing=False)
    images = await session.client.list_images(ImageType(args.type))
    note_unreadable(images, "images")
    images = await filtered(session, images, args.filter)
    return await write_images(session, args, images)


async def get_image(session: ApiSession, args: argparse.Namespace) -> int:
    await session.ensure_environment(writing=False)
    image = await session.client.get_image(await resolve_image_id(session.client, args.image_id))
    return await write_image(session, args, image)


def _refuse(refusal: Refusal | None) -> None:
    """The app's own words of refusal, as an error with the usage exit code (an API-layer refusal as itself)."""
    if refusal is None:
        return
    if refusal.error is not None:
        raise refusal.error
    raise CommandError(refusal.message, EXIT_USAGE)


def _create_request(args: argparse.Namespace) -> CreateImageRequest:
    """The documented rules checked before anything is sent, every problem named at once."""
    problems = create_problems(args.family, args.tag, args.workload, args.instance, args.description or "")
    if problems:
        raise CommandError("Not sent. " + " ".join(clean(p) for p in problems.values()), EXIT_USAGE)
    return CreateImageRequest(
        family=args.family,
        tag=args.tag,
        workload_id=args.workload.strip(),
        instance_name=args.instance.strip(),
        description=args.description or None,
    )


async def create_image(session: ApiSession, args: argparse.Namespace) -> int:
    _refuse(read_only_refusal(session.settings.read_only, "creating images"))
    check_wait(args.wait, args.timeout)
    request = _create_request(args)
    await session.ensure_environment(writing=True)
    request = await resolve_create_refs(session, request)
    label = f"{request.family}:{request.tag}"
    sent = await send_create(session.client, request, lambda lost: note(clean(lost.message)))
    if isinstance(sent, CreateLost):
        return await _check_created(session, args, request, label, sent)
    ref = sent.ref
    session.record_task(accepted(ref, "create", label, label))
    note(f"Create accepted for {clean(label)} in {clean(session.client.environment)} (task {clean(ref.task_id)}).")
    if not args.wait:
        _print_created(args, CreatedImage(ref.task_id, ref.task_status, request.family, request.tag, None))
        return EXIT_OK
    started = asyncio.get_running_loop().time()
    task = await follow(
        session.client,
        ref,
        operation="create",
        image_id=label,
        label=label,
        timeout=args.timeout,
        on_change=session.record_task,
    )
    left = args.timeout - (asyncio.get_running_loop().time() - started)
    image = await _created_image(session, request, left)
    _print_created(args, CreatedImage(task.id, task.status, request.family, request.tag, image))
    return outcome(task, args.timeout)


def accepted(ref: TaskRef, operation: str, image_id: str, label: str) -> TrackedTask:
    """The task as the server accepted it, for the journal before (or without) following it."""
    return TrackedTask(id=ref.task_id, operation=operation, image_id=image_id, label=label, status=ref.task_status)


def _print_created(args: argparse.Namespace, created: CreatedImage) -> None:
    sys.stdout.write(to_json(created.record()) if args.output == "json" else created.text())
    sys.stdout.flush()


async def _created_image(session: ApiSession, request: CreateImageRequest, left: float) -> Image | None:
    """The image a create made, found in the custom images within what is `left` of --timeout; else None."""
    try:
        async with asyncio.timeout(max(0.0, left)):
            return await find_created(session.client, request.family, request.tag)
    except (CoxEdgeError, TimeoutError):
        return None


async def _check_created(
    session: ApiSession, args: argparse.Namespace, request: CreateImageRequest, label: str, lost: CreateLost
) -> int:
    """The create's answer was lost: the list of custom images tells whether it went through."""
    if lost.check_error is not None:
        raise lost.check_error
    found = lost.found
    if found is None:
        raise CommandError(
            f"Checked with the server: there is no image {clean(label)}, so nothing was created. "
            "Sending the same command again is safe.",
            EXIT_SERVER,
        )
    note(f"Checked with the server: {clean(label)} exists ({clean(found.status)}), so the create went through.")
    if not args.wait:
        _print_created(args, CreatedImage(None, None, request.family, request.tag, found))
        return EXIT_OK
    # The task id was lost with the answer, so the image itself is followed to READY or FAILED.
    seen = await follow_image(session.client, found, timeout=args.timeout)
    if seen is None:
        raise CommandError(
            f"{clean(label)} was created, then went away before it was ready: the create failed on the server.",
            EXIT_SERVER,
        )
    _print_created(args, CreatedImage(None, None, request.family, request.tag, seen))
    status = clean(seen.status or "unknown")
    if status.upper() == "READY":
        note(f"{clean(label)} is READY.")
        return EXIT_OK
    if status.upper() == "FAILED":
        raise CommandError(f"Create of {clean(label)} failed on the server: the image is FAILED.", EXIT_SERVER)
    raise CommandError(
        f"{clean(label)} is still {status} after {duration_text(args.timeout)}; it may still become ready. "
        f"`coxedge-tui images get {clean(seen.id)}` shows it as it is now.",
        EXIT_SERVER,
    )


def delete_command(args: argparse.Namespace) -> int:
    if not args.yes and not sys.stdin.isatty():
        raise CommandError(
            "Not deleted: confirmation is needed and standard input is not a terminal. Add --yes to delete "
            "without asking.",
            EXIT_USAGE,
        )
    return run(args, lambda session: delete_image(session, args), in_environment=True)


def _confirm(image: Image, usage: str) -> bool:
    sys.stderr.write(
        f"Delete custom image {clean(image.family)}:{clean(image.tag)}?\n"
        f"  reference  {clean(image.reference)}\n  id         {clean(image.id)}\n  used by    {clean(usage)}\n"
        "This cannot be undone. Delete? [y/N] "
    )
    sys.stderr.flush()
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")


async def _usage(session: ApiSession, image: Image) -> str:
    try:
        workloads = await session.client.list_workloads()
        note_unreadable(workloads, "workloads")
        return describe_usage(workloads_using(image, workloads))
    except CoxEdgeError as exc:
        return sentences("unknown", exc.message)


async def delete_image(session: ApiSession, args: argparse.Namespace) -> int:
    _refuse(read_only_refusal(session.settings.read_only, "deleting images"))
    check_wait(args.wait, args.timeout)
    await session.ensure_environment(writing=True)
    image = await session.client.get_image(await resolve_image_id(session.client, args.image_id))
    name = image_label(image)
    _refuse(delete_refusal(image, read_only=session.settings.read_only, protection=Protection.of(session.settings)))
    if not args.yes and not _confirm(image, await _usage(session, image)):
        note("Cancelled; nothing was deleted.")
        return EXIT_CANCELLED
    sent = await send_delete(session.client, image)
    if isinstance(sent, DeleteLost):
        note(clean(sent.error.message))
        return _checked_deleted(sent, name)
    ref = sent.ref
    if ref is None:
        return await _deleted_without_task(session, args, image, name)
    session.record_task(accepted(ref, "delete", image.id, name))
    note(f"Delete accepted for {clean(name)} (task {clean(ref.task_id)}).")
    print(clean(ref.task_id), flush=True)
    if not args.wait:
        return EXIT_OK
    task = await follow(
        session.client,
        ref,
        operation="delete",
        image_id=image.id,
        label=name,
        timeout=args.timeout,
        on_change=session.record_task,
    )
    return outcome(task, args.timeout)


async def _deleted_without_task(session: ApiSession, args: argparse.Namespace, image: Image, label: str) -> int:
    """Accepted with no task to follow (204): whether the image is gone says whether the delete is done."""
    note(f"Delete accepted for {clean(label)}, with no task to follow; checking the image.")
    if args.wait:
        check = partial(status_unless_gone, session.client, image.id)
        task = await confirm_gone(session.client, check, image_id=image.id, label=label, timeout=args.timeout)
        return outcome(task, args.timeout)
    later = f"`coxedge-tui images get {clean(image.id)}` shows when it is gone, and --wait waits for it"
    try:
        now = await status_unless_gone(session.client, image.id)
    except CoxEdgeError as exc:
        note(sentences(f"Could not check whether {clean(label)} is gone", clean(exc.message), later))
        return EXIT_OK
    if now is None:
        note(f"Deleted {clean(label)}.")
    else:
        note(f"{clean(label)} is still there ({clean(now)}) for now; {later}.")
    return EXIT_OK


def _checked_deleted(lost: DeleteLost, label: str) -> int:
    """The delete's answer was lost: the image's presence tells whether it went through."""
    if lost.check_error is not None:
        raise lost.check_error
    if lost.now is None:
        note(f"Checked with the server: {clean(label)} is gone, so the delete went through.")
        return EXIT_OK
    raise CommandError(
        f"Checked with the server: {clean(label)} is still there ({clean(lost.now.status)}); the delete did not "
        "happen or its task is still running. Run `coxedge-tui images get ID` to see, and delete again if it stays.",
        EXIT_SERVER,
    )
