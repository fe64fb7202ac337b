"""`images delete ID [ID…]`: one image as before; several (or `-`, ids on standard input) with one question.

Each id may be an id, a reference or family:tag (commands/image_refs.py). A name that matches nothing is
reported as not found; one that matches several stops the command before anything is deleted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from typing import TextIO

from ..api.models import Image
from ..core.bulk_delete import DeleteResult, Outcome, split_refused
from ..text.safe import clean
from . import images
from .api_session import ApiSession, note, note_unreadable, run
from .bulk_results import NO_TERMINAL, ask, delete_all, finish, refuse_for, refuse_read_only, usage_lines
from .common import EXIT_CANCELLED, EXIT_USAGE, CommandError
from .follow import check_wait
from .image_refs import ACCEPTED_FORMS, is_full_id, matching

FROM_STDIN = "-"


def delete_command(args: argparse.Namespace) -> int:
    given: list[str] = args.image_ids
    if len(given) == 1 and given[0] != FROM_STDIN and args.output == "table":
        args.image_id = given[0]  # one image: today's command, its question and its output unchanged
        return images.delete_command(args)
    if not args.yes and FROM_STDIN in given:
        raise CommandError(
            "Not deleted: the ids come from standard input, so the question cannot be asked there. Add --yes to "
            "delete without asking.",
            EXIT_USAGE,
        )
    if not args.yes and not sys.stdin.isatty():
        raise CommandError(NO_TERMINAL, EXIT_USAGE)
    names = read_names(given, sys.stdin)
    if not names:
        raise CommandError("Nothing to delete: standard input held no image ids.", EXIT_USAGE)
    return run(args, lambda session: delete_images(session, args, names), in_environment=True)


def read_names(given: Sequence[str], stdin: TextIO) -> list[str]:
    """The names given, `-` replaced by standard input's lines (blank lines and # comments left out); each once."""
    names: list[str] = []
    for word in given:
        names.extend(ids_in(stdin.read().splitlines()) if word == FROM_STDIN else [word.strip()])
    return list(dict.fromkeys(n for n in names if n))


def ids_in(lines: Iterable[str]) -> list[str]:
    """An id per line; `#` starts a comment (no id, reference or tag can hold one)."""
    return [line.split("#", 1)[0].strip() for line in lines]


def resolve_all(listed: Sequence[Image], names: Sequence[str], where: str) -> tuple[list[Image], list[DeleteResult]]:
    """The images the names stand for (each once), and a not-found result for each name that matches none.

    A name matching several images stops everything: deleting the wrong one cannot be undone.
    """
    by_id = {i.id: i for i in listed}
    found: dict[str, Image] = {}
    missing: list[DeleteResult] = []
    for name in names:
        if is_full_id(name):
            matches = [by_id[name]] if name in by_id else []
        else:
            matches = matching(list(listed), name)
        if len(matches) > 1:
            ids = "\n".join(f"  {clean(i.id)}" for i in matches)
            raise CommandError(
                f"Nothing was deleted: '{clean(name)}' names {len(matches)} images in {where}; give one of their "
                f"ids:\n{ids}",
                EXIT_USAGE,
            )
        if matches:
            found.setdefault(matches[0].id, matches[0])
        else:
            reason = f"no image in {where} has this id, reference or family:tag"
            missing.append(DeleteResult(name, name, Outcome.NOT_FOUND, reason))
    return list(found.values()), missing


async def delete_images(session: ApiSession, args: argparse.Namespace, names: list[str]) -> int:
    refuse_read_only(session)
    check_wait(args.wait, args.timeout)
    await session.ensure_environment(writing=True)
    where = clean(session.client.environment)
    listed = await session.client.list_images()
    note_unreadable(listed, "images")
    targets, missing = resolve_all(listed, names, where)
    if missing:
        matches = "matches" if len(missing) == 1 else "match"
        note(f"{len(missing)} of the names given {matches} no image; name an image by {ACCEPTED_FORMS}.")
    chosen, refusals = split_refused(targets, refuse_for(session))
    left_out = missing + refusals
    if chosen and not args.yes:
        usage, unknown = await usage_lines(session, chosen)
        if unknown:
            note(unknown)
        count = f"{len(chosen)} custom image" + ("" if len(chosen) == 1 else "s")
        if not ask(f"Delete {count} from {where}?", chosen, usage, left_out):
            note("Cancelled; nothing was deleted.")
            return EXIT_CANCELLED
    results = await delete_all(session, args, chosen) if chosen else []
    return finish(in_given_order(names, listed, left_out + results), args.output)


def in_given_order(
    names: Sequence[str], listed: Sequence[Image], results: Sequence[DeleteResult]
) -> list[DeleteResult]:
    """The results in the order the names were given (an image named twice, once)."""
    by_id = {r.image_id: r for r in results}
    ordered: dict[str, DeleteResult] = {}
    for name in names:
        key = name if name in by_id else next((i.id for i in matching(list(listed), name)), name)
        if key in by_id:
            ordered.setdefault(key, by_id[key])
    ordered.update({r.image_id: r for r in results if r.image_id not in ordered})
    return list(ordered.values())
