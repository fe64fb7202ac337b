"""`tasks list [--all]`: the tasks this machine started, from the journal, as a table, JSON or CSV."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from datetime import UTC, datetime

from ..core.task_journal import Account, Entry, TaskJournal
from ..text.cells import truncate
from ..text.image_formats import CELL_MAX, aligned, spreadsheet_safe, to_json
from ..text.safe import clean
from ..text.times import local_time
from .api_session import note
from .common import EXIT_OK, load_settings

FIELDS = (
    "taskId", "operation", "image", "imageId", "state", "status", "started", "finished",
    "message", "profile", "apiUrl", "environment",
)
TABLE_COLUMNS = ("STARTED", "OPERATION", "IMAGE", "ENVIRONMENT", "STATE", "STATUS", "TASK ID", "OUTCOME")


def list_command(args: argparse.Namespace) -> int:
    settings = load_settings(args)
    journal = TaskJournal()
    account = Account(settings.profile, settings.api_url)
    entries = journal.entries() if args.all else journal.recent(account)
    if args.output == "json":
        sys.stdout.write(to_json([record(e) for e in entries]))
    elif args.output == "csv":
        sys.stdout.write(tasks_csv(entries))
    elif entries:
        sys.stdout.write(tasks_table(entries))
    else:
        where = "kept" if args.all else f"for profile {clean(settings.profile)} on {clean(settings.api_url)}"
        note(f"no tasks {where} in the last day (the journal: {journal.path}).")
    return EXIT_OK


def _moment(seconds: float | None) -> str | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")


def record(entry: Entry) -> dict[str, object]:
    return {
        "taskId": entry.task_id,
        "operation": entry.operation,
        "image": entry.label,
        "imageId": entry.image_id,
        "state": entry.state,
        "status": entry.status,
        "started": _moment(entry.started),
        "finished": _moment(entry.finished),
        "message": entry.message,
        "profile": entry.profile,
        "apiUrl": entry.api_url,
        "environment": entry.environment,
    }


def tasks_csv(entries: list[Entry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for entry in entries:
        values = record(entry)
        writer.writerow([spreadsheet_safe(clean(str(values[n] or ""), multiline=True)) for n in FIELDS])
    return out.getvalue()


def _local(seconds: float | None) -> str:
    return local_time(None if seconds is None else datetime.fromtimestamp(seconds, UTC), missing="-")


def _short(text: str) -> str:
    return truncate(text, CELL_MAX, "...")


def tasks_table(entries: list[Entry]) -> str:
    rows = [
        (
            _local(e.started), e.operation, _short(e.label), _short(e.environment), e.state, _short(e.status),
            e.task_id, _short(e.message),
        )
        for e in entries
    ]
    return aligned(TABLE_COLUMNS, rows)
