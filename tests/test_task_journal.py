"""The task journal: what it keeps, for how long, and that it holds no secret."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from coxedge_tui.api import key_mask
from coxedge_tui.core.task_journal import MAX_ENTRIES, Account, TaskJournal, plain_url
from coxedge_tui.core.tasks import TaskState, TrackedTask

ME = Account("work", "https://portal.example/api/v2", "prod")
OTHER = Account("home", "https://portal.example/api/v2", "prod")
HOUR = 3600.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def task(task_id: str = "t-1", status: str = "PENDING", **changes: object) -> TrackedTask:
    fields: dict[str, object] = {"operation": "create", "image_id": "web:v1", "label": "web:v1"} | changes
    return TrackedTask(id=task_id, status=status, **fields)  # type: ignore[arg-type]


def journal(tmp_path: Path) -> tuple[TaskJournal, Clock]:
    clock = Clock()
    return TaskJournal(tmp_path / "state" / "tasks.json", clock=clock), clock


def test_a_task_is_written_then_updated_as_it_ends(tmp_path: Path) -> None:
    book, clock = journal(tmp_path)
    running = task()
    book.record(ME, running)
    clock.now += 40
    running.status, running.state, running.message = "SUCCESS", TaskState.SUCCEEDED, "Created web:v1."
    book.record(ME, running)
    [entry] = book.entries()
    assert (entry.task_id, entry.profile, entry.environment, entry.status, entry.state) == (
        "t-1", "work", "prod", "SUCCESS", "succeeded"
    )
    assert entry.finished is not None and entry.finished - entry.started == 40
    assert stat.S_IMODE(book.path.stat().st_mode) == 0o600


def test_no_secret_reaches_the_file(tmp_path: Path) -> None:
    book, _ = journal(tmp_path)
    key_mask.remember("cx-live-5ecret-key-123")
    failed = task(state=TaskState.FAILED, message="denied for cx-live-5ecret-key-123")
    book.record(Account("work", "https://user:pw0rd@portal.example/api/v2?token=abc#x", "prod"), failed)
    text = book.path.read_text()
    assert "cx-live-5ecret-key-123" not in text and "pw0rd" not in text and "token=abc" not in text
    assert book.entries()[0].api_url == "https://portal.example/api/v2"


def test_entries_older_than_a_day_go_on_the_next_write(tmp_path: Path) -> None:
    book, clock = journal(tmp_path)
    book.record(ME, task("old", state=TaskState.FAILED))
    clock.now += 23 * HOUR
    book.record(ME, task("new"))
    assert [e.task_id for e in book.entries()] == ["old", "new"]
    clock.now += 2 * HOUR
    book.record(ME, task("newer"))
    assert [e.task_id for e in book.entries()] == ["new", "newer"]


def test_the_file_is_capped(tmp_path: Path) -> None:
    book, clock = journal(tmp_path)
    book.record(ME, task("t-0"))
    # The first MAX_ENTRIES as the journal wrote t-0 (one write each would take seconds of fsync), then 3 more.
    data = json.loads(book.path.read_text())
    [first] = data["tasks"]
    data["tasks"] = [first | {"task_id": f"t-{n}", "started": first["started"] + n} for n in range(MAX_ENTRIES)]
    book.path.write_text(json.dumps(data))
    clock.now += MAX_ENTRIES
    for n in range(MAX_ENTRIES, MAX_ENTRIES + 3):
        clock.now += 1
        book.record(ME, task(f"t-{n}"))
    ids = [e.task_id for e in book.entries()]
    assert len(ids) == MAX_ENTRIES and ids[0] == "t-3" and ids[-1] == f"t-{MAX_ENTRIES + 2}"


def test_recent_and_resumable_are_this_accounts(tmp_path: Path) -> None:
    book, clock = journal(tmp_path)
    book.record(ME, task("stale"))
    book.record(OTHER, task("theirs"))
    clock.now += 31 * 60
    book.record(ME, task("fresh"))
    book.record(ME, task("done", state=TaskState.SUCCEEDED))
    assert [e.task_id for e in book.recent(ME)] == ["stale", "fresh", "done"]
    assert [e.task_id for e in book.resumable(ME)] == ["fresh"]
    assert [e.task_id for e in book.recent(OTHER)] == ["theirs"]


def test_a_task_without_a_server_task_is_not_written(tmp_path: Path) -> None:
    book, _ = journal(tmp_path)
    book.record(ME, task("no task #1", server_task=False))
    assert not book.path.exists()


def test_a_damaged_file_is_read_as_empty_and_rewritten(tmp_path: Path) -> None:
    book, _ = journal(tmp_path)
    book.path.parent.mkdir(parents=True)
    book.path.write_text('{"format": 1, "tasks": [{"task_id": 5}, "x"]}')
    assert book.entries() == []
    book.record(ME, task())
    assert [t["task_id"] for t in json.loads(book.path.read_text())["tasks"]] == ["t-1"]


def test_an_unwritable_journal_never_stops_the_work(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    TaskJournal(blocker / "tasks.json").record(ME, task())  # the parent is a file: logged, not raised


def test_plain_url_keeps_only_where_it_points() -> None:
    assert plain_url("http://u:p@127.0.0.1:8080/api?k=1") == "http://127.0.0.1:8080/api"
