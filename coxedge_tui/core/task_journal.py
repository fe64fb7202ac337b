"""The journal of create and delete tasks, so they outlive the session (an SSH drop on a jump host).

Plain Python (never imports textual): the app and the CLI both write it. One JSON file in the user state
directory, mode 0600, rewritten whole through `files.write_atomic` under `files.locked`. It holds no secret:
the profile, the API URL without any credentials, the environment, what was done to which image, the task id,
when it started and how it stands. Entries older than a day are dropped on each write, and at most
`MAX_ENTRIES` are kept.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from ..api.key_mask import mask
from ..settings.files import locked, write_atomic

if TYPE_CHECKING:
    from .tracked_task import TrackedTask

log = logging.getLogger(__name__)

FORMAT = 1
KEEP_SECONDS = 24 * 3600.0  # a day: long enough to learn in the morning how last night's tasks ended
SERVER_KEEPS = 30 * 60.0  # the server forgets a task after about 30 minutes; older ones cannot be followed
MAX_ENTRIES = 500
FILE_MAX = 4 * 1024 * 1024  # a bigger file is not ours to parse
MESSAGE_CHARS = 500
RUNNING = "running"


def default_path() -> Path:
    from platformdirs import user_state_dir

    return Path(user_state_dir("coxedge-tui", appauthor=False)) / "tasks.json"


def plain_url(url: str) -> str:
    """The API URL without user, password, query or fragment: only where it points is kept."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = "" if parts.port is None else f":{parts.port}"
    except ValueError:
        return ""
    host = f"[{host}]" if ":" in host else host
    return urlunsplit((parts.scheme, host + port, parts.path, "", ""))


@dataclass(frozen=True, slots=True)
class Account:
    """Whose tasks: a profile on one API. `environment` is where the task runs, not part of the account."""

    profile: str
    api_url: str
    environment: str = ""


@dataclass(slots=True)
class Entry:
    profile: str
    api_url: str
    environment: str
    operation: str
    image_id: str
    label: str
    task_id: str
    started: float  # seconds since the epoch
    status: str
    state: str = RUNNING  # a TaskState value
    finished: float | None = None
    message: str = ""

    @property
    def final(self) -> bool:
        return self.state != RUNNING

    def belongs_to(self, account: Account) -> bool:
        return (self.profile, self.api_url) == (account.profile, plain_url(account.api_url))


def _entry(raw: object) -> Entry | None:
    """An entry as read back; None for anything not of the shape written (a hand-edited or foreign file)."""
    if not isinstance(raw, dict):
        return None
    names = {f.name for f in fields(Entry)}
    values = {k: v for k, v in raw.items() if k in names}
    try:
        entry = Entry(**values)
    except TypeError:
        return None
    texts = (entry.profile, entry.api_url, entry.environment, entry.operation, entry.image_id, entry.label)
    if not all(isinstance(t, str) for t in (*texts, entry.task_id, entry.status, entry.state, entry.message)):
        return None
    if not isinstance(entry.started, int | float) or not isinstance(entry.finished, int | float | None):
        return None
    return entry


class TaskJournal:
    def __init__(self, path: Path | None = None, *, clock: Callable[[], float] = time.time) -> None:
        self.path = path or default_path()
        self._clock = clock

    def now(self) -> float:
        return self._clock()

    def entries(self) -> list[Entry]:
        """Every entry kept, oldest first; [] when the file is missing or unreadable (the journal never stops work)."""
        try:
            if self.path.stat().st_size > FILE_MAX:
                return []
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        raw = data.get("tasks") if isinstance(data, dict) and data.get("format") == FORMAT else None
        if not isinstance(raw, list):
            return []
        return [e for e in map(_entry, raw) if e is not None]

    def record(self, account: Account, task: TrackedTask, *, add: bool = True) -> None:
        """Add the task or update its entry (only update, unless `add`).

        A task accepted without a server task has no id to follow later, so it is not written.
        """
        if not task.server_task:
            return
        try:
            self._record(account, task, add)
        except OSError as exc:  # a full disk or a read-only home must not stop a create
            log.warning("The task journal %s could not be written: %s", self.path, exc)

    def _record(self, account: Account, task: TrackedTask, add: bool) -> None:
        now = self._clock()
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with locked(self.path):
            entries = self.entries()
            url = plain_url(account.api_url)
            entry = next((e for e in entries if e.task_id == task.id and e.api_url == url), None)
            if entry is None and not add:
                return
            if entry is None:
                entry = Entry(
                    profile=account.profile,
                    api_url=url,
                    environment=account.environment,
                    operation=task.operation,
                    image_id=task.image_id,
                    label=task.label,
                    task_id=task.id,
                    started=now,
                    status=task.status,
                )
                entries.append(entry)
            entry.status = task.status
            entry.state = task.state.value
            entry.message = mask(task.message)[:MESSAGE_CHARS]
            if task.finished and entry.finished is None:
                entry.finished = now
            self._write(self._kept(entries, now))

    def _kept(self, entries: list[Entry], now: float) -> list[Entry]:
        fresh = [e for e in entries if now - (e.finished or e.started) < KEEP_SECONDS]
        return fresh[-MAX_ENTRIES:]

    def _write(self, entries: list[Entry]) -> None:
        data = {"format": FORMAT, "tasks": [asdict(e) for e in entries]}
        write_atomic(self.path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode())

    def recent(self, account: Account) -> list[Entry]:
        """This account's entries still running, or finished within the last day: what `tasks list` shows."""
        now = self._clock()
        return [
            e for e in self.entries()
            if e.belongs_to(account) and (not e.final or now - (e.finished or e.started) < KEEP_SECONDS)
        ]

    def resumable(self, account: Account) -> list[Entry]:
        """This account's unfinished tasks young enough that the server still has them."""
        now = self._clock()
        return [e for e in self.entries() if e.belongs_to(account) and not e.final and now - e.started < SERVER_KEEPS]
