"""`images prune --keep N [--older-than 30d] [--family F…]`: keep the newest tags of each family, delete the rest.

The plan is core/prune.py's; the deletes go through core/bulk_delete.py with the app's refusal rules.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from ..api.errors import CoxEdgeError
from ..api.models import ImageType
from ..api.read_list import ReadList
from ..core.protection import Protection
from ..core.prune import PlannedImage, PruneRules, plan_prune
from ..text.durations import parse_duration
from ..text.image_formats import aligned, to_json
from ..text.safe import clean
from ..text.sentences import sentences
from ..text.times import local_time
from .api_session import ApiSession, note, note_unreadable, run
from .bulk_results import NO_TERMINAL, ask, delete_all, finish, refuse_read_only
from .common import EXIT_CANCELLED, EXIT_OK, EXIT_SERVER, EXIT_USAGE, CommandError, exit_code_for
from .follow import check_wait

PLAN_COLUMNS = ("ACTION", "IMAGE", "CREATED", "WHY")


def duration_option(text: str) -> str:
    """argparse's check of --older-than: the words of text/durations.py, as the usage error."""
    try:
        parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text.strip()


def prune_command(args: argparse.Namespace) -> int:
    if not args.dry_run and not args.yes and not sys.stdin.isatty():
        raise CommandError(NO_TERMINAL + " --dry-run shows the plan without deleting.", EXIT_USAGE)
    return run(args, lambda session: prune(session, args), in_environment=True)


def rules_of(args: argparse.Namespace) -> PruneRules:
    older = parse_duration(args.older_than) if args.older_than else None
    return PruneRules(args.keep, older, args.older_than or "", frozenset(args.family or ()))


async def prune(session: ApiSession, args: argparse.Namespace) -> int:
    if not args.dry_run:
        refuse_read_only(session)
        check_wait(args.wait, args.timeout)
    await session.ensure_environment(writing=not args.dry_run)
    images = await session.client.list_images(ImageType.CUSTOM)
    note_unreadable(images, "images")
    try:
        workloads = await session.client.list_workloads()
    except CoxEdgeError as exc:
        said = sentences("Nothing was pruned: which images workloads use could not be checked", clean(exc.message))
        raise CommandError(said, exit_code_for(exc)) from None
    if isinstance(workloads, ReadList) and workloads.unreadable:  # one of them may use an image we would delete
        raise CommandError(
            f"Nothing was pruned: {workloads.unreadable} of the workloads could not be read "
            f"({clean(workloads.reason)}), so which images they use is unknown.",
            EXIT_SERVER,
        )
    rules = rules_of(args)
    protection = Protection.of(session.settings)
    plan = plan_prune(images, rules, workloads=workloads, now=datetime.now(UTC), protection=protection)
    for family in sorted(rules.families - {i.family for i in images}):
        note(f"no custom image of family {clean(family)} in {clean(session.client.environment)}.")
    if args.dry_run:
        print_plan(plan.items, args.output)
        note(f"Dry run, nothing deleted: {plan.summary()}")
        return EXIT_OK
    doomed = plan.deletions
    if not doomed:
        note(f"Nothing to prune: {plan.summary()}")
        return EXIT_OK
    if not args.yes:
        where = clean(session.client.environment)
        if not ask(f"Prune {len(doomed)} of {len(plan.items)} custom images in {where}?", doomed, {}, []):
            note("Cancelled; nothing was deleted.")
            return EXIT_CANCELLED
    return finish(await delete_all(session, args, doomed), args.output)


def print_plan(items: Sequence[PlannedImage], output: str) -> None:
    if output == "json":
        sys.stdout.write(to_json([plan_record(p) for p in items]))
    elif items:
        rows = [
            (p.action.value, f"{p.image.family}:{p.image.tag}", local_time(p.image.created_at, missing="-"), p.reason)
            for p in items
        ]
        sys.stdout.write(aligned(PLAN_COLUMNS, rows))
    sys.stdout.flush()


def plan_record(planned: PlannedImage) -> dict[str, str | None]:
    image = planned.image
    return {
        "action": planned.action.value,
        "id": image.id,
        "family": image.family,
        "tag": image.tag,
        "status": image.status,
        "createdAt": image.created_at_text,
        "reason": planned.reason,
    }

