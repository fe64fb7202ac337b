"""`coxedge-tui tasks list [--all]`: the journal of tasks started here, and Ctrl+C naming the real task id."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cli_harness import ENV, cli, custom_images, first_instance

from coxedge_tui.sim import Simulator


@contextmanager
def ctrl_c_as_in_a_terminal() -> Iterator[None]:
    """A child started here takes SIGINT as a terminal's Ctrl+C, even if this suite runs with it ignored.

    A shell starts a background job (`cmd &`, and so nohup or a CI step sent to the background) with SIGINT
    ignored, and a child inherits that: its Ctrl+C would do nothing, and the test would wait for its timeout.
    """
    before = signal.getsignal(signal.SIGINT)
    if before is signal.SIG_IGN:  # a handler of our own becomes the default in the child
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def create(environ: dict[str, str], world: Simulator, tag: str, *more: str) -> str:
    workload_id, _, instance = first_instance(world)
    done = cli(environ, "images", "create", "--family", "web", "--tag", tag, "--workload", workload_id,
               "--instance", instance, "-o", "json", *more)
    assert done.code == 0, done.err
    task_id: str = json.loads(done.out)["taskId"]
    return task_id


def test_tasks_list_shows_creates_and_deletes_started_here(environ: dict[str, str], world: Simulator) -> None:
    world.task_delay = 600.0
    running = create(environ, world, "v21")
    world.instant_tasks = True
    image = next(i for i in custom_images(world) if i.tag != "v21")
    deleted = cli(environ, "images", "delete", image.id, "--yes", "--wait")
    assert deleted.code == 0, deleted.err
    delete_id = deleted.out.strip()

    table = cli(environ, "tasks", "list")
    as_json = cli(environ, "tasks", "list", "-o", "json")
    as_csv = cli(environ, "tasks", "list", "-o", "csv")

    assert table.code == as_json.code == as_csv.code == 0
    lines = table.out.splitlines()
    assert lines[0].split()[:5] == ["STARTED", "OPERATION", "IMAGE", "ENVIRONMENT", "STATE"]
    assert any("create" in line and "web:v21" in line and running in line and "running" in line for line in lines)
    assert all(f" {ENV} " in line for line in lines[1:])  # where each task runs
    assert any("delete" in line and delete_id in line and "succeeded" in line for line in lines)
    records = {r["taskId"]: r for r in json.loads(as_json.out)}
    assert records[running]["operation"] == "create" and records[running]["status"] == "PENDING"
    assert records[running]["environment"] == ENV and records[running]["finished"] is None
    assert records[delete_id]["state"] == "succeeded" and records[delete_id]["finished"]
    assert records[running]["apiUrl"] == environ["COX_API_URL"]
    rows = list(csv.DictReader(io.StringIO(as_csv.out)))
    assert {r["taskId"] for r in rows} == {running, delete_id}


def test_tasks_list_is_per_api_url_unless_all(environ: dict[str, str], world: Simulator) -> None:
    world.instant_tasks = True
    task_id = create(environ, world, "v22")
    elsewhere = environ | {"COX_API_URL": "http://127.0.0.1:9/api/v2"}

    mine = cli(environ, "tasks", "list", "-o", "json")
    theirs = cli(elsewhere, "tasks", "list")
    every = cli(elsewhere, "tasks", "list", "--all", "-o", "json")

    assert [r["taskId"] for r in json.loads(mine.out)] == [task_id]
    assert (theirs.code, theirs.out) == (0, "")
    assert "no tasks for profile default on http://127.0.0.1:9/api/v2" in theirs.err
    assert [r["taskId"] for r in json.loads(every.out)] == [task_id]


def test_tasks_list_csv_never_starts_a_formula(environ: dict[str, str], world: Simulator) -> None:
    world.instant_tasks = True
    create(environ, world, "v24")
    path = Path(environ["XDG_STATE_HOME"]) / "coxedge-tui" / "tasks.json"
    data = json.loads(path.read_text())
    data["tasks"][0]["message"] = "=HYPERLINK(\"http://x\")"  # what a hostile server could have said
    path.write_text(json.dumps(data))

    rows = list(csv.DictReader(io.StringIO(cli(environ, "tasks", "list", "-o", "csv").out)))

    assert [r["message"] for r in rows] == ["'=HYPERLINK(\"http://x\")"]


def test_ctrl_c_during_wait_names_the_real_task_id(environ: dict[str, str], world: Simulator) -> None:
    world.task_delay = 600.0
    workload_id, _, instance = first_instance(world)
    with ctrl_c_as_in_a_terminal():
        process = subprocess.Popen(
            [sys.executable, "-m", "coxedge_tui", "images", "create", "--family", "web", "--tag", "v23",
             "--workload", workload_id, "--instance", instance, "--wait"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environ,
        )
    assert process.stderr is not None
    first = process.stderr.readline()  # "Create accepted for web:v23 in test-area (task ID)."
    assert "Create accepted" in first, first
    process.stderr.readline()  # the first progress line: it is following now
    os.kill(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=30)
    task_id = first.rsplit("(task ", 1)[1].rstrip(").\n")
    assert process.returncode == 130
    assert f"`coxedge-tui tasks get {task_id} --wait` follows it to the end" in err
    assert "tasks get ID" not in err


def test_tasks_get_wait_brings_the_journal_up_to_date(environ: dict[str, str], world: Simulator) -> None:
    task_id = create(environ, world, "v25")  # it ends at its second check (the harness's clock)
    before = json.loads(cli(environ, "tasks", "list", "-o", "json").out)

    followed = cli(environ, "tasks", "get", task_id, "--wait")
    after = json.loads(cli(environ, "tasks", "list", "-o", "json").out)

    assert followed.code == 0, followed.err
    assert [(r["taskId"], r["state"]) for r in before] == [(task_id, "running")]
    assert [(r["taskId"], r["operation"], r["state"], r["status"]) for r in after] == [
        (task_id, "create", "succeeded", "SUCCESS")
    ]
